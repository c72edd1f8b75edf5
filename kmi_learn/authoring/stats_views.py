"""Item statistics and regrading pages of a module's quiz, for facilitators.

GET never writes: the statistics page and the regrade dry run only read; applying
a regrade is a POST that commits once.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from kmi_learn.accounts.auth import role_required
from kmi_learn.authoring import regrade, statistics
from kmi_learn.authoring.item_stats import MIN_ATTEMPTS, stats_for_module
from kmi_learn.authoring.stats_forms import RegradeForm
from kmi_learn.catalog.models import Course, Module
from kmi_learn.extensions import db
from kmi_learn.i18n import content_lang
from kmi_learn.quizzes.models import Question, QuestionVersion

bp = Blueprint("authoring_stats", __name__)

BASE = "/authoring/modules/<int:module_id>"


@dataclass
class QuestionRow:
    """A question of the bank as the statistics page lists it."""

    id: int
    gift_id: str
    position: int
    retired: bool
    qtype: str
    version: int
    title: str
    text_html: str  #: sanitized at sync/save time


def _module(module_id: int) -> Module:
    """The module if it has a quiz and it and its course are in use; 404 otherwise."""
    module = db.session.scalar(
        select(Module).join(Course).where(
            Module.id == module_id, Module.retired_at.is_(None), Course.retired_at.is_(None))
        .options(joinedload(Module.course)))
    if module is None or module.quiz is None:
        abort(404)
    return module


def _questions(module_id: int, lang: str) -> list[QuestionRow]:
    rows = db.session.execute(
        select(Question, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.module_id == module_id)
        .order_by(Question.retired_at.is_not(None), Question.position, Question.id)).all()
    return [QuestionRow(q.id, q.gift_id, q.position, q.retired_at is not None, v.qtype,
                        v.number, v.parsed(lang).title, v.html_in(lang)["text"])
            for q, v in rows]


def _question_ids() -> list[int] | None:
    """``?question=3&question=5`` limits a regrade to those questions; none: all."""
    ids = request.args.getlist("question", type=int)
    return ids or None


@bp.route(BASE + "/statistics")
@role_required("facilitator")
def show_statistics(module_id: int):
    module = _module(module_id)
    all_attempts = request.args.get("attempts") == "all"
    lang = content_lang(module.course.languages)
    stats = stats_for_module(module.id, first_attempts_only=not all_attempts, detail=True)
    questions = [q for q in _questions(module.id, lang)
                 if not q.retired or q.id in stats.items]
    return render_template(
        "authoring/stats_module.html", module=module, course=module.course, stats=stats,
        questions=questions, all_attempts=all_attempts, min_attempts=MIN_ATTEMPTS, lang=lang,
        thresholds={"easy": statistics.VERY_EASY, "hard": statistics.VERY_HARD,
                    "low": statistics.LOW_DISCRIMINATION})


@bp.route(BASE + "/regrade")
@role_required("facilitator")
def show_regrade(module_id: int):
    module = _module(module_id)
    question_ids = _question_ids()
    plan = regrade.plan_regrade(module, question_ids)
    form = RegradeForm(plan=plan.digest)
    lang = content_lang(module.course.languages)
    chosen = [q for q in _questions(module.id, lang) if question_ids and q.id in question_ids]
    return render_template(
        "authoring/regrade_preview.html", module=module, course=module.course, plan=plan,
        form=form, chosen=chosen, question_ids=question_ids or [], lang=lang)


@bp.route(BASE + "/regrade", methods=["POST"])
@role_required("facilitator")
def apply_regrade(module_id: int):
    module = _module(module_id)
    question_ids = _question_ids()
    back = url_for(".show_regrade", module_id=module.id, question=question_ids or [])
    form = RegradeForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        plan = regrade.apply_regrade(current_user, module, form.plan.data, question_ids)
    except regrade.RegradeChanged:
        db.session.rollback()
        flash(_("The attempts changed since this list was made. Check the new list, "
                "then apply it again."), "error")
        return redirect(back)
    db.session.commit()
    if plan.changes:
        flash(ngettext("%(num)d attempt regraded.", "%(num)d attempts regraded.",
                       len(plan.changes)), "success")
    else:
        flash(_("Nothing to regrade: every attempt is already marked with the current "
                "answer keys."), "info")
    return redirect(back)
