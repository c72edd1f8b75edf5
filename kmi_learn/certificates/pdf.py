"""The certificate as a PDF: A4 landscape, fpdf2, a Unicode font, a QR code.

:func:`content_for` gathers the words in the right language (it needs Flask-Babel);
:func:`render` lays them out and needs nothing of Flask, so it can be tested alone.
The QR code holds the absolute address of the public verification page.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import qrcode
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from kmi_learn.certificates import codes
from kmi_learn.certificates.models import Certificate
from kmi_learn.i18n import pick

#: where DejaVu is on the usual systems (Debian/Ubuntu: package fonts-dejavu-core)
FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/dejavu-sans-fonts",
    "/usr/local/share/fonts/dejavu",
)
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
FAMILY = "DejaVu"
INK = (28, 45, 84)  # dark blue: borders and headings
GREY = (90, 90, 90)
PAGE_W, PAGE_H = 297, 210  # A4 landscape, millimetres
QR_SIZE = 42


class FontMissing(RuntimeError):
    """The Unicode font for certificates is not installed."""


@dataclass(frozen=True)
class CertificateContent:
    """Every word printed on the certificate, already in its language."""

    lang: str
    title: str
    intro: str
    holder_name: str
    completed_line: str
    course_title: str
    date_line: str
    issuer_line: str
    code_label: str
    code: str
    verify_label: str
    verify_url: str


def font_dir() -> Path:
    """The folder holding DejaVu Sans and its bold face; :class:`FontMissing` if none."""
    for folder in FONT_DIRS:
        path = Path(folder)
        if (path / REGULAR).is_file() and (path / BOLD).is_file():
            return path
    raise FontMissing(
        "Certificates need the DejaVu Sans fonts (DejaVuSans.ttf, DejaVuSans-Bold.ttf) "
        f"in one of {', '.join(FONT_DIRS)}. On Debian or Ubuntu: "
        "apt-get install fonts-dejavu-core"
    )


def qr_code(url: str) -> qrcode.QRCode:
    """The QR code printed for ``url`` (medium error correction survives a crease)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10,
                       border=4)
    qr.add_data(url)
    qr.make(fit=True)
    return qr


def qr_png(url: str) -> bytes:
    """The QR code for ``url`` as PNG bytes, made in memory."""
    buffer = io.BytesIO()
    qr_code(url).make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()


def content_for(certificate: Certificate, lang: str, verify_url: str) -> CertificateContent:
    """The words of ``certificate`` in ``lang`` (interface strings through Babel,
    titles from the frozen ``{lang: text}`` copies)."""
    with force_locale(lang):
        issuer = certificate.issuer
        return CertificateContent(
            lang=lang,
            title=pick(certificate.title, lang) or _("Certificate of completion"),
            intro=_("This is to certify that"),
            holder_name=certificate.holder_name,
            completed_line=_("has successfully completed the course"),
            course_title=pick(certificate.course_title, lang),
            date_line=_("Completed on %(date)s",
                        date=format_date(certificate.completed_at, format="long")),
            issuer_line=_("Issued by %(issuer)s", issuer=issuer) if issuer else "",
            code_label=_("Certificate code"),
            code=codes.display(certificate.code),
            verify_label=_("Check that this certificate is genuine at"),
            verify_url=verify_url,
        )


def _fitted(pdf: FPDF, text: str, style: str, size: float, smallest: float,
            width: float) -> float:
    """The largest font size from ``size`` down to ``smallest`` at which ``text``
    fits on one line of ``width``; set on ``pdf``."""
    while True:
        pdf.set_font(FAMILY, style, size)
        if size <= smallest or pdf.get_string_width(text) <= width:
            return size
        size -= 1


def _centred(pdf: FPDF, y: float, text: str, style: str = "", size: float = 14,
             smallest: float | None = None, colour=INK) -> float:
    """Write ``text`` centred from ``y``, shrinking then wrapping to fit; return the
    y below it."""
    width = PAGE_W - 60
    size = _fitted(pdf, text, style, size, smallest or size, width)
    pdf.set_text_color(*colour)
    pdf.set_xy(30, y)
    line_height = size * 0.5
    pdf.multi_cell(width, line_height, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return pdf.get_y()


def render(content: CertificateContent) -> bytes:
    """The PDF of the certificate described by ``content``."""
    fonts = font_dir()
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.add_font(FAMILY, "", str(fonts / REGULAR))
    pdf.add_font(FAMILY, "B", str(fonts / BOLD))
    pdf.set_auto_page_break(False)
    pdf.set_margins(20, 15, 20)
    pdf.set_title(f"{content.title}: {content.holder_name}")
    pdf.set_subject(content.course_title)
    pdf.set_author(content.issuer_line or content.title)
    pdf.set_creator("kmi_learn")
    pdf.set_lang(content.lang)
    pdf.add_page()

    pdf.set_draw_color(*INK)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, PAGE_W - 16, PAGE_H - 16)
    pdf.set_line_width(0.3)
    pdf.rect(12, 12, PAGE_W - 24, PAGE_H - 24)

    y = _centred(pdf, 28, content.title, "B", 30, 18)
    y = _centred(pdf, y + 10, content.intro, "", 14, colour=GREY)
    y = _centred(pdf, y + 5, content.holder_name, "B", 30, 14)
    y = _centred(pdf, y + 5, content.completed_line, "", 14, colour=GREY)
    y = _centred(pdf, y + 5, content.course_title, "B", 22, 13)
    y = _centred(pdf, y + 8, content.date_line, "", 13)
    if content.issuer_line:
        _centred(pdf, y + 2, content.issuer_line, "", 13)

    # The code and the address on the left, the QR code on the right, at the bottom.
    bottom = PAGE_H - 22
    qr_x, qr_y = PAGE_W - 22 - QR_SIZE, bottom - QR_SIZE
    pdf.image(io.BytesIO(qr_png(content.verify_url)), x=qr_x, y=qr_y, w=QR_SIZE, h=QR_SIZE,
              link=content.verify_url, alt_text=content.verify_url)
    text_w = qr_x - 30 - 8
    pdf.set_text_color(*GREY)
    pdf.set_font(FAMILY, "", 10)
    pdf.set_xy(30, qr_y + 2)
    pdf.cell(text_w, 5, content.code_label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "B", 16)
    pdf.set_x(30)
    pdf.cell(text_w, 9, content.code, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*GREY)
    pdf.set_font(FAMILY, "", 10)
    pdf.set_xy(30, pdf.get_y() + 4)
    pdf.cell(text_w, 5, content.verify_label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    _fitted(pdf, content.verify_url, "", 10, 6, text_w)
    pdf.set_x(30)
    pdf.multi_cell(text_w, 5, content.verify_url, link=content.verify_url,
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
