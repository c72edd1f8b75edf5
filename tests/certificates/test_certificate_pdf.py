"""The PDF: A4 landscape, the right words in a Unicode font, and a QR code that leads
to the public verification page."""
from __future__ import annotations

import io
import re
import shutil
import subprocess

import pypdf
import pytest
from PIL import Image

from kmi_learn.certificates import codes, pdf
from tests import factories
from tests.certificates.conftest import complete_course

VIETNAMESE = "Đặng Thị Ngọc Thịnh"
A4_LANDSCAPE_POINTS = (841.89, 595.28)


def words(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def embedded_qr(data: bytes) -> Image.Image:
    (page,) = pypdf.PdfReader(io.BytesIO(data)).pages
    (image,) = page.images
    return image.image


def download(client, course_slug="demo") -> bytes:
    response = client.get(f"/certificates/{course_slug}.pdf")
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    return response.data


@pytest.fixture
def delegate_pdf(sign_in, course):
    """A delegate with a Vietnamese name who completed the course, and their PDF."""
    client, delegate = sign_in("delegate", name=VIETNAMESE)
    certificate = complete_course(delegate, course)
    return certificate, download(client)


def test_the_pdf_is_one_a4_landscape_page(delegate_pdf):
    _certificate, data = delegate_pdf
    assert data.startswith(b"%PDF-")
    (page,) = pypdf.PdfReader(io.BytesIO(data)).pages
    size = (float(page.mediabox.width), float(page.mediabox.height))
    assert size == pytest.approx(A4_LANDSCAPE_POINTS, abs=1)


def test_the_pdf_names_the_delegate_the_course_the_date_the_issuer_and_the_code(delegate_pdf):
    certificate, data = delegate_pdf
    text = words(data)
    assert VIETNAMESE in text
    assert "Demo course demo" in text
    assert "Certificate of completion" in text
    assert "Issued by Test facilitators" in text
    assert f"Completed on {certificate.completed_at:%B} {certificate.completed_at.day}," in text
    assert codes.display(certificate.code) in text
    assert f"http://localhost/verify/{codes.display(certificate.code)}" in text


def test_names_in_any_latin_script_print_with_their_accents(app, course):
    delegate = factories.make_user(name="Zoë Saldaña-Müller")
    certificate = complete_course(delegate, course)
    with app.test_request_context():
        data = pdf.render(pdf.content_for(certificate, "en", "https://example.org/verify/X"))
    assert "Zoë Saldaña-Müller" in words(data)


def test_a_name_typed_with_combining_accents_is_stored_composed(course):
    delegate = factories.make_user(name="Zoe\u0308 Saldan\u0303a")
    certificate = complete_course(delegate, course)
    assert certificate.holder_name == "Zoë Saldaña"


def test_the_certificate_speaks_the_delegates_language(sign_in, make_course):
    course = make_course()
    course.title = {"en": "Demo course", "fr": "Cours de démonstration"}
    course.certificate = {**course.certificate,
                          "title": {"en": "Certificate of completion",
                                    "fr": "Certificat de réussite"}}
    client, delegate = sign_in("delegate", name="Amina Diallo")
    delegate.locale = "fr"
    complete_course(delegate, course)
    text = words(download(client))
    assert "Certificat de réussite" in text and "Cours de démonstration" in text


def test_very_long_names_and_titles_still_make_a_one_page_pdf(app, course):
    delegate = factories.make_user(name="Maximiliano " * 15)
    certificate = complete_course(delegate, course)
    certificate.course_title = {"en": "A very long course title " * 8}
    with app.test_request_context():
        data = pdf.render(pdf.content_for(certificate, "en", "https://example.org/verify/X"))
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 1


def test_the_qr_code_is_the_one_made_for_the_verification_address(delegate_pdf):
    """Pixel for pixel: the image in the PDF is the QR code of the absolute
    /verify/<code> address (needs no decoder)."""
    certificate, data = delegate_pdf
    url = f"http://localhost/verify/{codes.display(certificate.code)}"
    expected = Image.open(io.BytesIO(pdf.qr_png(url))).convert("L")
    found = embedded_qr(data).convert("L")
    assert found.size == expected.size
    assert found.tobytes() == expected.tobytes()
    # and the modules are those of a QR code holding exactly that text
    assert pdf.qr_code(url).get_matrix() != pdf.qr_code(url + "X").get_matrix()


def test_a_qr_reader_reads_the_verification_address(delegate_pdf, tmp_path):
    assert shutil.which("zbarimg"), "zbarimg missing: apt-get install zbar-tools"
    certificate, data = delegate_pdf
    picture = tmp_path / "qr.png"
    embedded_qr(data).save(picture)
    result = subprocess.run(["zbarimg", "--raw", "-q", str(picture)], capture_output=True,
                            text=True, timeout=60, check=True)
    assert result.stdout.strip() == f"http://localhost/verify/{codes.display(certificate.code)}"


def test_a_missing_font_says_which_package_to_install(monkeypatch):
    monkeypatch.setattr(pdf, "FONT_DIRS", ("/nonexistent/fonts",))
    with pytest.raises(pdf.FontMissing, match="fonts-dejavu-core"):
        pdf.font_dir()
