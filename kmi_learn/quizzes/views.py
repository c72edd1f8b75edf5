"""The quiz pages: the quiz of a module, an attempt page by page, the result.

One question per page, so that every "Next" saves an answer on the server: a closed
tab or an expired session loses at most what was typed on the current page (and
with JavaScript on, not even that: each change is saved as it happens).
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from kmi_learn.accounts.forms import EmptyForm
from kmi_learn.catalog.models import Module
from kmi_learn.extensions import db
from kmi_learn.i18n import content_lang
from kmi_learn.learning import services as learning
from kmi_learn.quizzes import queries, services
from kmi_learn.quizzes.forms import answer_form
from kmi_learn.quizzes.review import review_allowed

bp = Blueprint("quizzes", __name__)


def _module(course_slug: str, module_slug: str):
    module = queries.module_in_course(course_slug, module_slug)
    if module is None or module.quiz is None:
        abort(404)
    return module


def _own_attempt(attempt_id: int):
    attempt = queries.attempt_with_slots(attempt_id)
    # Someone else's attempt does not exist, as far as this user can tell.
    if attempt is None or attempt.user_id != current_user.id:
        abort(404)
    return attempt


@bp.route("/courses/<course_slug>/modules/<module_slug>/quiz")
@login_required
def show_quiz(course_slug: str, module_slug: str):
    module = _module(course_slug, module_slug)
    enrolment = learning.get_enrolment(current_user, module.course)
    attempts = queries.attempts_of(current_user.id, module.id)
    # The list says everything: the attempt in progress, and how many are finished.
    open_attempt = next((a for a in attempts if a.state == "in_progress"), None)
    return render_template(
        "quizzes/quiz.html", module=module, course=module.course, enrolment=enrolment,
        attempts=attempts, open_attempt=open_attempt, form=EmptyForm(),
        attempts_left=services.attempts_left(module, _finished(attempts)),
        review=review_allowed(module, attempts), lang=content_lang(module.course.languages),
    )


@bp.route("/courses/<course_slug>/modules/<module_slug>/quiz/start", methods=["POST"])
@login_required
def start_attempt(course_slug: str, module_slug: str):
    module = _module(course_slug, module_slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        attempt = services.start_attempt(current_user, module,
                                         content_lang(module.course.languages))
    except learning.NotEnrolled:
        flash(_("Enrol in the course to take its quizzes."), "info")
        return redirect(url_for("learning.show_course", course_slug=course_slug))
    except services.QuizError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".show_quiz", course_slug=course_slug, module_slug=module_slug))
    db.session.commit()
    return redirect(url_for(".show_attempt", attempt_id=attempt.id, page=1))


def _finished(attempts) -> int:
    return sum(1 for attempt in attempts if attempt.state == "finished")


def _page(views, page: int) -> int:
    if not 1 <= page <= len(views):
        abort(404)
    return page


def _finish_if_expired(attempt) -> bool:
    """On a POST: submit an attempt whose time ran out. True if it is closed."""
    if attempt.state == "in_progress" and services.is_expired(attempt, services.GRACE):
        services.submit_attempt(current_user, attempt)
        db.session.commit()
        flash(_("The time limit has passed; your saved answers were submitted."), "info")
    return attempt.state != "in_progress"


def _expired(attempt) -> bool:
    return services.is_expired(attempt, services.GRACE)


@bp.route("/attempts/<int:attempt_id>")
@login_required
def show_attempt(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    if attempt.state != "in_progress":
        return redirect(url_for(".show_result", attempt_id=attempt.id))
    if _expired(attempt):  # GET never writes: the summary offers the submit button
        return redirect(url_for(".show_summary", attempt_id=attempt.id))
    views = queries.slot_views(attempt)
    page = _page(views, request.args.get("page", 1, type=int))
    view = views[page - 1]
    form = answer_form(view.question, saved=view.response)
    return _render_attempt(attempt, views, page, form)


def _render_attempt(attempt, views, page, form, status=200):
    module = _attempt_module(attempt)
    return render_template(
        "quizzes/attempt.html", attempt=attempt, views=views, page=page, view=views[page - 1],
        form=form, module=module, course=module.course,
    ), status


def _attempt_module(attempt) -> Module:
    return db.session.get(Module, attempt.module_id)


@bp.route("/attempts/<int:attempt_id>", methods=["POST"])
@login_required
def save_attempt(attempt_id: int):
    """Save the answer on this page, then go where the button said."""
    attempt = _own_attempt(attempt_id)
    autosave = request.headers.get("X-Autosave") == "1"
    if _finish_if_expired(attempt):
        return ("", 409) if autosave else redirect(url_for(".show_result", attempt_id=attempt.id))
    views = queries.slot_views(attempt)
    page = _page(views, request.form.get("page", 0, type=int))
    view = views[page - 1]
    form = answer_form(view.question, formdata=request.form)
    if not form.validate_on_submit():
        if autosave:
            return {"errors": form.errors}, 422
        return _render_attempt(attempt, views, page, form, status=422)
    if view.question.is_graded:
        try:
            services.save_answer(current_user, attempt, view.slot, form.response())
        except services.QuizError as error:
            db.session.commit()  # the attempt was submitted at its deadline
            flash(str(error), "info")
            return redirect(url_for(".show_result", attempt_id=attempt.id))
    db.session.commit()
    if autosave:
        return "", 204
    return redirect(_target(attempt, views, page))


def _target(attempt, views, page: int) -> str:
    go = request.form.get("go", "next")
    if go == "prev":
        page = max(page - 1, 1)
    elif go == "next" and page < len(views):
        page += 1
    elif go == "summary" or (go == "next" and page == len(views)):
        return url_for(".show_summary", attempt_id=attempt.id)
    elif go.isdigit() and 1 <= int(go) <= len(views):
        page = int(go)
    return url_for(".show_attempt", attempt_id=attempt.id, page=page)


@bp.route("/attempts/<int:attempt_id>/summary")
@login_required
def show_summary(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    if attempt.state != "in_progress":
        return redirect(url_for(".show_result", attempt_id=attempt.id))
    module = _attempt_module(attempt)
    return render_template("quizzes/summary.html", attempt=attempt, module=module,
                           expired=_expired(attempt),
                           course=module.course, views=queries.slot_views(attempt),
                           form=EmptyForm())


@bp.route("/attempts/<int:attempt_id>/submit", methods=["POST"])
@login_required
def submit_attempt(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.submit_attempt(current_user, attempt)  # a second submit changes nothing
    db.session.commit()
    return redirect(url_for(".show_result", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>/result")
@login_required
def show_result(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    if attempt.state != "finished":
        return redirect(url_for(".show_attempt", attempt_id=attempt.id, page=1))
    module = _attempt_module(attempt)
    attempts = queries.attempts_of(current_user.id, module.id)
    progress = learning.find_module_progress(current_user, module)
    return render_template(
        "quizzes/result.html", attempt=attempt, module=module, course=module.course,
        views=queries.slot_views(attempt), review=review_allowed(module, attempts),
        module_completed=bool(progress and progress.completed_at),
        attempts_left=services.attempts_left(module, _finished(attempts)), form=EmptyForm(),
    )
