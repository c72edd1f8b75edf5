"""Roster import: upload or paste, preview with per-row errors, confirm, hand out links.

Nothing is written until the confirmation; the confirmation carries the roster text
and the server reads and checks it again. The set-password tokens exist in clear
only in the confirmation's response (and the mails): the trainer copies them or
downloads them as CSV by posting them back, and only links still valid for members
of this cohort are written into that file.
"""
from __future__ import annotations

import csv
import io

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from kmi_learn.accounts import password_links
from kmi_learn.accounts.auth import role_required
from kmi_learn.cohorts import mail, roster, roster_services
from kmi_learn.cohorts.forms import EmptyForm, RosterConfirmForm, RosterForm
from kmi_learn.cohorts.models import CohortMember
from kmi_learn.cohorts.views import bp, cohort_or_404
from kmi_learn.extensions import db
from kmi_learn.i18n import pick

#: the prefix of a cell that a spreadsheet would run as a formula
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _preview(cohort, form: RosterForm, data):
    try:
        parsed = roster_services.check(cohort, roster.parse(data))
    except roster.RosterError as error:
        return render_template("cohorts/roster_form.html", cohort=cohort, form=form,
                               problem=str(error)), 422
    confirm = RosterConfirmForm(formdata=None, roster=parsed.text)
    return render_template("cohorts/roster_preview.html", cohort=cohort, parsed=parsed,
                           confirm=confirm)


@bp.route("/cohorts/<int:cohort_id>/roster", methods=["GET", "POST"])
@role_required("trainer")
def import_roster(cohort_id: int):
    """GET: the form. POST: the preview; nothing is saved."""
    cohort = cohort_or_404(cohort_id)
    form = RosterForm()
    if form.validate_on_submit():
        data = form.roster_data()
        if data is not None:
            return _preview(cohort, form, data)
    return render_template("cohorts/roster_form.html", cohort=cohort, form=form, problem=None)


@bp.route("/cohorts/<int:cohort_id>/roster/confirm", methods=["POST"])
@role_required("trainer")
def confirm_roster(cohort_id: int):
    cohort = cohort_or_404(cohort_id)
    form = RosterConfirmForm()
    if not form.validate_on_submit():
        flash(_("The preview had expired; please upload the roster again."), "error")
        return redirect(url_for("cohorts.import_roster", cohort_id=cohort.id))
    try:
        parsed = roster.parse(form.roster.data)
        imported = roster_services.import_rows(current_user, cohort, parsed)
        db.session.commit()
    except roster.RosterError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("cohorts.import_roster", cohort_id=cohort.id))
    except IntegrityError:  # someone signed up with one of the emails meanwhile
        db.session.rollback()
        flash(_("The accounts changed while you were importing; nothing was saved. "
                "Please check the roster again."), "error")
        return redirect(url_for("cohorts.import_roster", cohort_id=cohort.id))
    links = [(row, url_for("accounts.set_password", token=row.token, _external=True))
             for row in imported if row.token]
    failed = None
    if mail.configured() and links:
        failed = mail.send_links([(row.name, row.email, url) for row, url in links],
                                 cohort.name, pick(cohort.course.title))
    page = render_template("cohorts/roster_done.html", cohort=cohort, imported=imported,
                           links=links, mailed=mail.configured(), failed=failed,
                           skipped=len(parsed.rows) - len(imported), form=EmptyForm(),
                           lifetime_days=password_links.LIFETIME.days)
    # The page holds the only copy of the tokens: keep it out of every cache.
    return page, 200, {"Cache-Control": "no-store"}


def _csv_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


@bp.route("/cohorts/<int:cohort_id>/roster/links.csv", methods=["POST"])
@role_required("trainer")
def download_links(cohort_id: int):
    """The posted links as CSV, keeping only those still valid for this cohort's members."""
    cohort = cohort_or_404(cohort_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    members = set(db.session.scalars(db.select(CohortMember.user_id).where(
        CohortMember.cohort_id == cohort.id)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("Name"), _("Email"), _("Set-password link"), _("Valid until (UTC)")])
    tokens = request.form.getlist("token")[:roster.MAX_ROWS]
    for token, link, user in password_links.valid_links(tokens):
        if user.id not in members:
            continue
        writer.writerow([_csv_cell(user.name), user.email,
                         url_for("accounts.set_password", token=token, _external=True),
                         link.expires_at.replace(microsecond=0).isoformat()])
    filename = f"cohort-{cohort.id}-password-links.csv"
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store"})
