"""Certificate pages: a delegate's download; a trainer's list, PDFs, ZIP and
revocation for their cohorts; the public verification page (no sign-in)."""
from __future__ import annotations

import re

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.utils import secure_filename

from kmi_learn.accounts.auth import role_required
from kmi_learn.accounts.models import User
from kmi_learn.catalog.models import Course

# services: importing it registers the completion hook (until app.py imports it);
# models: the table is known to create_all through this import (likewise).
from kmi_learn.certificates import codes, pdf, queries, services
from kmi_learn.certificates.archive import zip_stream
from kmi_learn.certificates.forms import RevokeForm, VerifyForm
from kmi_learn.certificates.models import Certificate
from kmi_learn.cohorts.queries import visible_cohort
from kmi_learn.extensions import db, limiter
from kmi_learn.i18n import content_lang

bp = Blueprint("certificates", __name__)

_COHORT_PAGE = re.compile(r"/certificates/cohorts/\d+/")


def _verify_limit() -> str:
    return current_app.config["KMI_VERIFY_RATE_LIMIT"]


# One budget per address for the form and the result pages together.
verify_limit = limiter.shared_limit(_verify_limit, scope="certificate-verify")


@bp.app_template_global()
def certificate_for(course: Course) -> Certificate | None:
    """The signed-in user's certificate for ``course`` (for the course page)."""
    if not current_user.is_authenticated:
        return None
    return queries.own_certificate(current_user.id, course.id)


def _verify_url(certificate: Certificate) -> str:
    # Printed on paper: this address must keep working for as long as paper lasts.
    return url_for("certificates.verify_code", code=codes.display(certificate.code),
                   _external=True)


def _lang(certificate: Certificate, holder_locale: str | None = None) -> str:
    """The holder's language when the certificate has it, else the reader's."""
    languages = list(certificate.title or {}) or list(certificate.course_title or {}) or ["en"]
    if holder_locale in languages:
        return holder_locale
    return content_lang(languages)


def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _pdf_response(certificate: Certificate, lang: str, filename: str) -> Response:
    content = pdf.content_for(certificate, lang, _verify_url(certificate))
    response = Response(pdf.render(content), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


def _file_name(certificate: Certificate) -> str:
    name = secure_filename(certificate.holder_name) or "certificate"
    return f"{name}-{codes.display(certificate.code)}.pdf"


@bp.route("/certificates/<course_slug>.pdf")
@login_required
def download_own(course_slug: str):
    """The signed-in delegate's own certificate for a course; 404 if there is none."""
    course = db.session.scalar(select(Course).where(Course.slug == course_slug))
    if course is None:
        abort(404)
    certificate = queries.own_certificate(current_user.id, course.id)
    if certificate is None or not certificate.is_valid:
        abort(404)
    return _pdf_response(certificate, _lang(certificate),
                         f"certificate-{secure_filename(course.slug) or 'course'}.pdf")


@bp.route("/certificates/issued/<int:certificate_id>.pdf")
@login_required
def download_certificate(certificate_id: int):
    """One certificate: its holder, a trainer of a cohort of theirs, or an admin."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or not certificate.is_valid or not (
            certificate.user_id == current_user.id
            or queries.can_manage(current_user, certificate)):
        abort(404)
    holder = db.session.get(User, certificate.user_id)
    return _pdf_response(certificate, _lang(certificate, holder.locale), _file_name(certificate))


def _cohort_or_404(cohort_id: int):
    cohort = visible_cohort(current_user, cohort_id)
    if cohort is None:
        abort(404)
    return cohort


@bp.route("/certificates/cohorts/<int:cohort_id>/")
@role_required("trainer")
def list_cohort(cohort_id: int):
    cohort = _cohort_or_404(cohort_id)
    rows = queries.cohort_roster(cohort)
    return render_template("certificates/cohort_list.html", cohort=cohort, rows=rows,
                           lang=content_lang(cohort.course.languages))


@bp.route("/certificates/cohorts/<int:cohort_id>/certificates.zip")
@role_required("trainer")
def download_cohort_zip(cohort_id: int):
    """Every valid certificate of the cohort in one ZIP, streamed as it is made."""
    cohort = _cohort_or_404(cohort_id)
    items = queries.cohort_valid_certificates(cohort)
    if not items:
        flash(_("No certificate has been issued in this cohort yet."), "info")
        return redirect(url_for("certificates.list_cohort", cohort_id=cohort.id))
    # Words and addresses are gathered here, inside the request; the stream only
    # lays out PDFs, one at a time, so memory stays flat whatever the cohort's size.
    entries = [(_file_name(certificate),
                pdf.content_for(certificate, _lang(certificate, locale),
                                _verify_url(certificate)))
               for certificate, locale in items]
    name = secure_filename(cohort.name) or f"cohort-{cohort.id}"
    response = Response(zip_stream(entries), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="certificates-{name}.zip"'
    return _private(response)


def _back(certificate: Certificate) -> str:
    """Where to go after revoking: the cohort page it came from, else the public page."""
    target = request.values.get("next", "")
    if _COHORT_PAGE.fullmatch(target):
        return target
    return url_for("certificates.verify_code", code=codes.display(certificate.code))


@bp.route("/certificates/issued/<int:certificate_id>/revoke", methods=["GET", "POST"])
@role_required("trainer")
def revoke_certificate(certificate_id: int):
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or not queries.can_manage(current_user, certificate):
        abort(404)
    if not certificate.is_valid:
        flash(_("This certificate was already revoked."), "info")
        return redirect(_back(certificate))
    form = RevokeForm()
    if form.validate_on_submit():
        services.revoke(certificate, current_user, form.reason.data)
        db.session.commit()
        flash(_("The certificate of %(name)s is revoked.", name=certificate.holder_name),
              "success")
        return redirect(_back(certificate))
    return render_template("certificates/certificate_revoke.html", certificate=certificate,
                           form=form, next=_back(certificate),
                           code=codes.display(certificate.code))


def _no_index(response: Response) -> Response:
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"  # a revocation shows at once
    return response


@bp.route("/verify")
@verify_limit
def verify():
    """A form to type a code; a valid-looking code goes to its page."""
    form = VerifyForm(formdata=request.args if "code" in request.args else None)
    if "code" in request.args and form.validate():
        code = codes.normalise(form.code.data)
        return redirect(url_for("certificates.verify_code", code=codes.display(code)))
    return _no_index(Response(render_template("certificates/verification_form.html",
                                              form=form)))


@bp.route("/verify/<code>")
@verify_limit
def verify_code(code: str):
    """The public page of a certificate: valid, revoked or unknown."""
    normalised = codes.normalise(code)
    if normalised is not None and codes.display(normalised) != code:
        return redirect(url_for("certificates.verify_code", code=codes.display(normalised)),
                        code=301)
    found = queries.verification(normalised) if normalised else None
    body = render_template("certificates/verification_result.html", found=found,
                           typed=code[:64], form=VerifyForm(formdata=None))
    return _no_index(Response(body, status=200 if found else 404))
