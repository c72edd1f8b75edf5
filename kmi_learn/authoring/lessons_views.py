"""The course tree for facilitators, with the ``check`` of the files on disk, and a
preview of each lesson as delegates see it. Facilitators only (admins pass)."""
from __future__ import annotations

from flask import abort, current_app, render_template, request

from kmi_learn.accounts.auth import role_required
from kmi_learn.authoring import lessons_queries
from kmi_learn.authoring.transfer_views import bp
from kmi_learn.catalog.check import check_tree
from kmi_learn.i18n import content_lang


@bp.route("/authoring/lessons")
@role_required("facilitator")
def list_lessons():
    """Courses, modules and lessons as stored, and every problem of the files as
    ``courses check`` reports them (the files are what the next sync loads)."""
    root = current_app.config["KMI_COURSES_PATH"]
    summary, problems = check_tree(root)
    return render_template("authoring/lessons_tree.html", tree=lessons_queries.course_tree(),
                           root=root, summary=summary, problems=problems)


@bp.route("/authoring/lessons/<int:lesson_id>")
@role_required("facilitator")
def preview_lesson(lesson_id: int):
    """The stored HTML of the lesson's current version in ``?lang=`` (default: the
    reader's language if the course has it), laid out as delegates see it."""
    preview = lessons_queries.lesson_preview(lesson_id)
    if preview is None:
        abort(404)
    course = preview.course
    lang = request.args.get("lang") or content_lang(course.languages)
    if lang not in course.languages:
        abort(404)
    version = preview.version_in(lang)
    if version is None:
        abort(404)
    return render_template("authoring/lessons_preview.html", preview=preview, lang=lang,
                           version=version)
