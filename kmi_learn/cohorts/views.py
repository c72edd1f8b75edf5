"""The trainer's cohort pages: list, create, the cohort and its join link."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kmi_learn.accounts.auth import role_required
from kmi_learn.catalog.models import Course

# Registers /password/set/<token> on the accounts blueprint (before it is registered).
from kmi_learn.catalog.queries import active_courses
from kmi_learn.cohorts import queries, services
from kmi_learn.cohorts.forms import CohortForm
from kmi_learn.cohorts.models import Cohort
from kmi_learn.extensions import db
from kmi_learn.i18n import pick

bp = Blueprint("cohorts", __name__)


def cohort_or_404(cohort_id: int) -> Cohort:
    """The cohort if the signed-in trainer owns it (admins: any); 404 otherwise."""
    cohort = queries.visible_cohort(current_user, cohort_id)
    if cohort is None:
        abort(404)
    return cohort


@bp.app_template_global()
def join_code_display(code: str) -> str:
    return services.display_code(code)


@bp.route("/cohorts/")
@role_required("trainer")
def list_cohorts():
    return render_template("cohorts/cohort_list.html", items=queries.cohorts_for(current_user))


@bp.route("/cohorts/new", methods=["GET", "POST"])
@role_required("trainer")
def create_cohort():
    form = CohortForm()
    courses = active_courses()
    form.course.choices = [(c.id, pick(c.title)) for c in courses]
    if form.validate_on_submit():
        course = db.session.get(Course, form.course.data)
        if course is None or course.retired_at is not None:
            abort(400)
        cohort = services.create_cohort(current_user, form.name.data, course,
                                        form.starts_on.data, form.ends_on.data)
        db.session.commit()
        flash(_("The cohort is ready. Give its join code or link to the delegates."), "success")
        return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    return render_template("cohorts/cohort_new.html", form=form, has_courses=bool(courses))


@bp.route("/cohorts/<int:cohort_id>")
@role_required("trainer")
def show_cohort(cohort_id: int):
    cohort = cohort_or_404(cohort_id)
    join_url = url_for("cohorts.show_join", code=cohort.join_code, _external=True)
    return render_template("cohorts/cohort.html", cohort=cohort, join_url=join_url,
                           members=queries.member_count(cohort))


# The roster and join pages register their routes on ``bp``.
from kmi_learn.cohorts import join_views as _join_views  # noqa: E402, F401
from kmi_learn.cohorts import roster_views as _roster_views  # noqa: E402, F401
