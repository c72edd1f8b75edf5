"""The facilitator's question bank: courses and modules, a module's questions, their
order, retiring, and the quiz settings. The question editor and the history live in
question_views.py, the quiz preview in quiz_preview_views.py, on this blueprint.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from kmi_learn.accounts.auth import role_required
from kmi_learn.accounts.forms import EmptyForm
from kmi_learn.authoring import queries, services
from kmi_learn.authoring.forms import SHORT_TYPE_LABELS, settings_form
from kmi_learn.authoring.item_stats import stats_for_module
from kmi_learn.catalog.models import Module
from kmi_learn.catalog.spec import QuizSettings, to_plain
from kmi_learn.extensions import db

bp = Blueprint("authoring", __name__, url_prefix="/authoring")


def module_or_404(module_id: int) -> Module:
    module = queries.authoring_module(module_id)
    if module is None:
        abort(404)
    return module


def question_or_404(question_id: int):
    """(question, module); 404 for a question of a retired module or course."""
    found = queries.authoring_question(question_id)
    if found is None:
        abort(404)
    return found


def quiz_settings(module: Module) -> dict:
    """The module's settings, or the defaults of module.yaml for a module with none."""
    if module.quiz is not None:
        return module.quiz
    return to_plain(QuizSettings(title=dict(module.title)))


def check_csrf() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


@bp.route("/")
@role_required("facilitator")
def list_courses():
    return render_template("authoring/bank_index.html", courses=queries.course_index())


@bp.route("/modules/<int:module_id>")
@role_required("facilitator")
def show_bank(module_id: int):
    module = module_or_404(module_id)
    rows = queries.bank(module.id)
    return render_template(
        "authoring/bank_list.html", module=module, course=module.course,
        active=[r for r in rows if not r.retired], retired=[r for r in rows if r.retired],
        stats=stats_for_module(module.id), type_labels=SHORT_TYPE_LABELS, links=_links(module))


#: Pages of the other authoring blueprints that the bank links to when they exist.
OTHER_PAGES = (("authoring_stats.show_statistics", _l("Item statistics")),
               ("authoring_stats.show_regrade", _l("Regrade")))


def _links(module: Module) -> list[tuple[str, str]]:
    return [(str(label), url_for(endpoint, module_id=module.id))
            for endpoint, label in OTHER_PAGES if endpoint in current_app.view_functions]


def _back_to_bank(module_id: int, anchor: str | None = None):
    return redirect(url_for(".show_bank", module_id=module_id, _anchor=anchor))


@bp.route("/questions/<int:question_id>/retire", methods=["POST"])
@role_required("facilitator")
def retire_question(question_id: int):
    question, module = question_or_404(question_id)
    check_csrf()
    if services.retire_question(current_user, question):
        flash(_("Question %(id)s is retired: new attempts no longer draw it. Finished "
                "attempts keep it.", id=question.gift_id), "success")
    db.session.commit()
    return _back_to_bank(module.id)


@bp.route("/questions/<int:question_id>/unretire", methods=["POST"])
@role_required("facilitator")
def unretire_question(question_id: int):
    question, module = question_or_404(question_id)
    check_csrf()
    if services.unretire_question(current_user, question):
        flash(_("Question %(id)s is back in use, at the end of the quiz.", id=question.gift_id),
              "success")
    db.session.commit()
    return _back_to_bank(module.id, f"q-{question.id}")


@bp.route("/questions/<int:question_id>/move", methods=["POST"])
@role_required("facilitator")
def move_question(question_id: int):
    question, module = question_or_404(question_id)
    check_csrf()
    offset = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if offset is None:
        abort(400)
    services.move_question(current_user, question, offset)
    db.session.commit()
    return _back_to_bank(module.id, f"q-{question.id}")


@bp.route("/modules/<int:module_id>/settings", methods=["GET", "POST"])
@role_required("facilitator")
def edit_settings(module_id: int):
    module = module_or_404(module_id)
    graded = queries.graded_count(module.id)
    form = settings_form(module.course.languages, graded, quiz_settings(module))
    if form.validate_on_submit():
        if services.update_quiz_settings(current_user, module, form.settings()):
            flash(_("The quiz settings are saved."), "success")
        else:
            flash(_("Nothing changed."), "info")
        db.session.commit()
        return _back_to_bank(module.id)
    status = 422 if form.errors else 200
    return render_template("authoring/bank_settings.html", module=module, course=module.course,
                           form=form, graded=graded), status


# The other pages of this blueprint (imported last: they use ``bp``).
from kmi_learn.authoring import question_views, quiz_preview_views  # noqa: E402,F401
