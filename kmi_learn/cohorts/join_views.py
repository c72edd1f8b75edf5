"""Joining a cohort: the join link ``/join/<code>`` and the "join with a code" form.

A visitor who is not signed in is sent to sign up or sign in with ``next`` pointing
back to the join page; there they confirm with a POST (GET never writes).
"""
from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from kmi_learn.cohorts import queries, services
from kmi_learn.cohorts.forms import EmptyForm, JoinCodeForm
from kmi_learn.cohorts.views import bp
from kmi_learn.extensions import db, limiter


def _guess_limit() -> str:
    # A wrong code is a guess at a secret, like a wrong password: the same limit.
    return current_app.config["KMI_LOGIN_RATE_LIMIT"]


def _unknown_code():
    g.join_code_unknown = True
    form = JoinCodeForm(formdata=None)
    return render_template("cohorts/join_form.html", form=form, unknown=True), 404


@bp.route("/join")
def join_form():
    """Type a code (a GET form): it leads to the join page of that code."""
    form = JoinCodeForm(request.args)
    if request.args and form.validate():
        code = services.normalise_code(form.code.data)
        return redirect(url_for("cohorts.show_join", code=code))
    mine = queries.cohorts_of_member(current_user) if current_user.is_authenticated else []
    return render_template("cohorts/join_form.html", form=form, unknown=False, mine=mine)


@bp.route("/join/<code>")
@limiter.limit(_guess_limit, deduct_when=lambda response: g.get("join_code_unknown", False))
def show_join(code: str):
    cohort = services.find_by_code(code)
    if cohort is None:
        return _unknown_code()
    if cohort.join_code != code:  # typed in lower case or with dashes: the canonical link
        return redirect(url_for("cohorts.show_join", code=cohort.join_code))
    member = current_user.is_authenticated and services.is_member(current_user, cohort)
    return render_template("cohorts/join.html", cohort=cohort, member=member, form=EmptyForm())


@bp.route("/join/<code>", methods=["POST"])
@login_required
@limiter.limit(_guess_limit, deduct_when=lambda response: g.get("join_code_unknown", False))
def join_cohort(code: str):
    cohort = services.find_by_code(code)
    if cohort is None:
        return _unknown_code()
    if not EmptyForm().validate_on_submit():
        flash(_("The form had expired; please confirm again."), "error")
        return redirect(url_for("cohorts.show_join", code=cohort.join_code))
    try:
        added = services.join(current_user, cohort)
    except services.JoinError as error:
        flash(str(error), "error")
        return redirect(url_for("cohorts.show_join", code=cohort.join_code))
    db.session.commit()
    if added:
        flash(_("You have joined %(cohort)s and are enrolled in the course.",
                cohort=cohort.name), "success")
    else:
        flash(_("You were already in %(cohort)s.", cohort=cohort.name), "info")
    return redirect(url_for("learning.show_course", course_slug=cohort.course.slug))
