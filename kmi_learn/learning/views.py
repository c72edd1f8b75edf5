"""The delegate's pages: home and catalogue, course, lesson, continue."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from kmi_learn.accounts.forms import EmptyForm
from kmi_learn.catalog.models import Course, Lesson
from kmi_learn.catalog.queries import active_course
from kmi_learn.extensions import db
from kmi_learn.i18n import content_lang
from kmi_learn.learning import queries, services

bp = Blueprint("learning", __name__)


def course_or_404(course_slug: str) -> Course:
    course = active_course(course_slug)
    if course is None:
        abort(404)
    return course


def _user_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


@bp.route("/")
def home():
    entries = queries.catalogue(_user_id())
    return render_template("learning/home.html", entries=entries, form=EmptyForm())


@bp.route("/courses/<course_slug>/")
def show_course(course_slug: str):
    course = course_or_404(course_slug)
    outline = queries.outline(course, content_lang(course.languages), _user_id())
    return render_template("learning/course.html", outline=outline, form=EmptyForm())


@bp.route("/courses/<course_slug>/enrol", methods=["POST"])
@login_required
def enrol(course_slug: str):
    course = course_or_404(course_slug)
    if EmptyForm().validate_on_submit():
        services.enrol(current_user, course)
        db.session.commit()
        flash(_("You are enrolled. Start with the first lesson."), "success")
    return redirect(url_for("learning.show_course", course_slug=course.slug))


@bp.route("/courses/<course_slug>/continue")
@login_required
def continue_course(course_slug: str):
    """Go to the first lesson or quiz not done yet."""
    course = course_or_404(course_slug)
    outline = queries.outline(course, content_lang(course.languages), current_user.id)
    step = outline.next_step()
    if outline.enrolment is None or step is None:
        return redirect(url_for("learning.show_course", course_slug=course.slug))
    kind, module, lesson = step
    if kind == "quiz":
        return redirect(url_for("quizzes.show_quiz", course_slug=course.slug,
                                module_slug=module.slug))
    return redirect(url_for("learning.show_lesson", course_slug=course.slug,
                            module_slug=module.slug, lesson_slug=lesson.slug))


def _find_lesson(outline: queries.Outline, module_slug: str, lesson_slug: str):
    lessons = outline.lessons
    for index, lesson in enumerate(lessons):
        if lesson.module_slug == module_slug and lesson.slug == lesson_slug:
            previous = lessons[index - 1] if index else None
            following = lessons[index + 1] if index + 1 < len(lessons) else None
            module = next(m for m in outline.modules if m.slug == module_slug)
            return lesson, module, previous, following
    abort(404)


@bp.route("/courses/<course_slug>/modules/<module_slug>/<lesson_slug>")
@login_required
def show_lesson(course_slug: str, module_slug: str, lesson_slug: str):
    course = course_or_404(course_slug)
    lang = content_lang(course.languages)
    outline = queries.outline(course, lang, current_user.id)
    if outline.enrolment is None:
        flash(_("Enrol in the course to read its lessons."), "info")
        return redirect(url_for("learning.show_course", course_slug=course.slug))
    lesson, module, previous, following = _find_lesson(outline, module_slug, lesson_slug)
    version = queries.lesson_version(lesson.id, lang, course.default_lang)
    if version is None:
        abort(404)
    return render_template(
        "learning/lesson.html", outline=outline, course=course, module=module, lesson=lesson,
        version=version, previous=previous, following=following, form=EmptyForm(),
    )


@bp.route("/courses/<course_slug>/modules/<module_slug>/<lesson_slug>/complete", methods=["POST"])
@login_required
def complete_lesson(course_slug: str, module_slug: str, lesson_slug: str):
    course = course_or_404(course_slug)
    outline = queries.outline(course, content_lang(course.languages), current_user.id)
    lesson, module, _previous, following = _find_lesson(outline, module_slug, lesson_slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    row = db.session.get(Lesson, lesson.id)
    try:
        services.complete_lesson(current_user, row)
    except services.NotEnrolled:
        abort(403)
    db.session.commit()
    if following is not None and following.module_slug == module.slug:
        target = url_for("learning.show_lesson", course_slug=course.slug,
                         module_slug=module.slug, lesson_slug=following.slug)
    elif module.has_quiz:
        target = url_for("quizzes.show_quiz", course_slug=course.slug, module_slug=module.slug)
    else:
        target = url_for("learning.show_course", course_slug=course.slug)
    flash(_("Lesson complete."), "success")
    return redirect(target)
