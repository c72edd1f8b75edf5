"""The question editor (create, edit, preview) and a question's history of versions.

Without JavaScript the editor is a form with three buttons: "Add more rows" and
"Preview" render the page again with what was typed, "Save" stores a version.
static/authoring.js only asks the same endpoint for the preview as the user types.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kmi_learn.accounts.auth import role_required
from kmi_learn.accounts.forms import EmptyForm
from kmi_learn.authoring import convert, preview, queries, services
from kmi_learn.authoring.diff import version_diffs
from kmi_learn.authoring.forms import (
    CHOICE_TYPES,
    EDITABLE_TYPES,
    MORE_ROWS,
    TYPE_LABELS,
    QuestionForm,
)
from kmi_learn.authoring.views import bp, check_csrf, module_or_404, question_or_404
from kmi_learn.extensions import db
from kmi_learn.quizzes.forms import answer_form


def _allowed_types(current: str | None) -> tuple[str, ...]:
    """A new question may be of any type; an edit keeps the type (or another choice type)."""
    if current is None:
        return EDITABLE_TYPES
    return CHOICE_TYPES if current in CHOICE_TYPES else (current,)


def _render(form: QuestionForm, module, question=None, q=None, status: int = 200):
    """The editor page (or, for the script, its preview part alone)."""
    views = preview.question_views(q) if q is not None else None
    context = dict(form=form, module=module, course=module.course, question=question,
                   views=views, answer_form=answer_form(q) if q is not None else None,
                   render=preview.render, type_labels=TYPE_LABELS,
                   allowed_types=_allowed_types(question.current_version.qtype
                                                if question and question.current_version
                                                else None))
    if request.headers.get("X-Preview") == "1":
        return render_template("authoring/question_preview.html", **context), 200
    return render_template("authoring/question_form.html", **context), status


def _handle_post(module, question=None):
    """Add rows, preview or save what was posted. Returns a response."""
    form = QuestionForm()
    current = question.current_version if question else None
    if form.qtype.data not in _allowed_types(current.qtype if current else None):
        abort(400)
    action = request.form.get("action", "save")
    form.fill_rows(MORE_ROWS if action == "add_rows" else 0)
    if action == "add_rows":
        return _render(form, module, question)
    if not form.validate() and form.csrf_token.errors:
        abort(400)
    gift_id = question.gift_id if question else (form.gift_id.data or "").strip()
    category = current.parsed().category if current else None
    q = convert.question_from_form(
        form, gift_id=gift_id, category=category,
        taken_ids=queries.taken_ids(module.course_id, question.id if question else None))
    if q is None:
        return _render(form, module, question, status=422)
    if action != "save":
        return _render(form, module, question, q)
    if question is None:
        question = services.create_question(current_user, module, q)
        flash(_("Question %(id)s is created.", id=q.id), "success")
    else:
        result = services.save_question(current_user, question, module, q)
        if result.version is None:
            flash(_("Nothing changed: no new version."), "info")
        else:
            flash(_("Question %(id)s is saved as version %(n)d.", id=question.gift_id,
                    n=result.version.number), "success")
        for lang, why in result.dropped:
            flash(_("The %(lang)s translation was dropped: %(why)s. Translate the question "
                    "again in its GIFT file.", lang=lang, why=why), "error")
    db.session.commit()
    return redirect(url_for(".show_bank", module_id=module.id, _anchor=f"q-{question.id}"))


@bp.route("/modules/<int:module_id>/questions/new", methods=["GET", "POST"])
@role_required("facilitator")
def new_question(module_id: int):
    module = module_or_404(module_id)
    if request.method == "POST":
        return _handle_post(module)
    qtype = request.args.get("qtype")
    if qtype not in EDITABLE_TYPES:
        return render_template("authoring/question_type.html", module=module,
                               course=module.course, types=EDITABLE_TYPES,
                               type_labels=TYPE_LABELS)
    form = QuestionForm(data={"qtype": qtype})
    form.fill_rows()
    return _render(form, module)


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
@role_required("facilitator")
def edit_question(question_id: int):
    question, module = question_or_404(question_id)
    if question.current_version is None:
        abort(404)
    if request.method == "POST":
        return _handle_post(module, question)
    q = question.current_version.parsed(module.course.default_lang)
    form = QuestionForm(data=convert.form_data(q))
    form.fill_rows()
    return _render(form, module, question, q)


@bp.route("/questions/<int:question_id>/history")
@role_required("facilitator")
def show_history(question_id: int):
    question, module = question_or_404(question_id)
    entries = queries.history(question.id)
    return render_template(
        "authoring/history_list.html", question=question, module=module, course=module.course,
        entries=entries, diffs=version_diffs([e.version for e in entries]), form=EmptyForm())


@bp.route("/questions/<int:question_id>/versions/<int:number>/restore", methods=["POST"])
@role_required("facilitator")
def restore_version(question_id: int, number: int):
    question, module = question_or_404(question_id)
    old = queries.version_of(question.id, number)
    if old is None:
        abort(404)
    check_csrf()
    version = services.restore_version(current_user, question, old)
    if version is None:
        flash(_("Version %(n)d is already the current content.", n=number), "info")
    else:
        flash(_("Version %(old)d is restored as version %(new)d.", old=number,
                new=version.number), "success")
    db.session.commit()
    return redirect(url_for(".show_history", question_id=question.id))
