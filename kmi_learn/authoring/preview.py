"""Previews that show a question or a quiz exactly as a delegate sees it, storing nothing.

They render the delegates' own macro (templates/quizzes/_question.html) with the
delegates' own HTML (kmi_learn.quizzes.display.question_html, the same sanitizer),
on slots that live in memory only: no Attempt or AttemptSlot row is ever made.
"""
from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from typing import Any

from flask import get_template_attribute
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from kmi_learn.gift.model import Question
from kmi_learn.quizzes import drawing, grading
from kmi_learn.quizzes.display import question_html
from kmi_learn.quizzes.forms import answer_form
from kmi_learn.quizzes.models import QuestionVersion
from kmi_learn.quizzes.queries import SlotView


@dataclass
class PreviewSlot:
    """What the question macro reads of an attempt slot, in memory."""

    position: int
    order: list[int]
    response: Any = None
    fraction: float | None = None
    max_mark: float = 1.0
    version_id: int | None = None


def _n_options(q: Question) -> int:
    return len(grading.match_answers(q)) if q.qtype == "matching" else len(q.choices)


def question_views(q: Question) -> tuple[SlotView, SlotView]:
    """``q`` unanswered, and answered right with its feedback (as a review shows it)."""
    html = question_html(q)
    number = 1 if q.is_graded else None
    order = list(range(_n_options(q)))
    blank = SlotView(PreviewSlot(1, order, max_mark=grading.max_mark(q)), q, html, number)
    right = grading.correct_response(q)
    fraction = grading.grade(q, right).fraction if q.is_graded else None
    answered = SlotView(PreviewSlot(2, order, right, fraction, grading.max_mark(q)),
                        q, html, number)
    return blank, answered


_MACRO_TAG = re.compile(r"<(?:input|select|label|output|ul)\b[^>]*>")
_FIELD_ATTR = re.compile(r'(\s(?:name|id|for|aria-describedby)=")(answer)')


def render(view: SlotView, form=None, mode: str = "answer", show_feedback: bool = False,
           prefix: str = "") -> Markup:
    """The delegates' macro for ``view``; with ``prefix``, its form fields renamed.

    The macro names its fields ``answer`` (one question per page); a page that shows
    several questions needs distinct names. Only the macro's own form tags are
    touched: sanitized question HTML can hold none of them.
    """
    macro = get_template_attribute("quizzes/_question.html", "question")
    html = str(macro(view, form, mode, show_feedback))
    if prefix:
        html = _MACRO_TAG.sub(lambda m: _FIELD_ATTR.sub(rf"\g<1>{prefix}\g<2>", m.group(0)), html)
    return Markup(html)


def draw(versions: list[QuestionVersion], settings: dict[str, Any],
         rng: random.Random | None = None) -> list[PreviewSlot]:
    """Slots drawn as ``quizzes.services.start_attempt`` draws them, kept in memory."""
    rng = rng or random.SystemRandom()
    items = []
    for version in versions:
        q = version.parsed()
        items.append(drawing.Item(version.id, q.qtype, q.tags, _n_options(q)))
    chosen = drawing.draw(items, shuffle=settings["shuffle_questions"],
                          per_attempt=settings["questions_per_attempt"], rng=rng)
    return [PreviewSlot(position, drawing.choice_order(item, shuffle=settings["shuffle_answers"],
                                                       rng=rng), version_id=item.key)
            for position, item in enumerate(chosen, start=1)]


def encode(slots: list[PreviewSlot]) -> str:
    """The draw as a hidden field, so that the submit grades what was shown."""
    return json.dumps([[s.version_id, s.order] for s in slots], separators=(",", ":"))


def posted_ids(raw: str) -> list[int]:
    """The version ids a posted draw names (nothing if it is malformed)."""
    try:
        return [int(item[0]) for item in json.loads(raw)]
    except (ValueError, TypeError, KeyError, IndexError):
        return []


def decode(raw: str, versions: dict[int, QuestionVersion]) -> list[PreviewSlot] | None:
    """The draw posted back, or None if it names a version outside ``versions`` or is bad."""
    try:
        data = json.loads(raw)
        slots = []
        for position, (version_id, order) in enumerate(data, start=1):
            version = versions[int(version_id)]
            q = version.parsed()
            if sorted(order) != list(range(_n_options(q))):
                return None
            slots.append(PreviewSlot(position, [int(i) for i in order], version_id=version.id))
        return slots
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def slot_views(slots: list[PreviewSlot], versions: dict[int, QuestionVersion],
               lang: str) -> list[SlotView]:
    views, number = [], 0
    for slot in slots:
        version = versions[slot.version_id]
        q = version.parsed(lang)
        slot.max_mark = grading.max_mark(q)
        if q.is_graded:
            number += 1
        views.append(SlotView(slot, q, version.html_in(lang), number if q.is_graded else None))
    return views


def prefix(view: SlotView) -> str:
    return f"q{view.slot.position}-"


def answer_forms(views: list[SlotView], formdata: MultiDict | None) -> list[Any]:
    """One answer form per question, reading its prefixed fields from ``formdata``."""
    forms = []
    for view in views:
        if formdata is None:
            forms.append(answer_form(view.question))
            continue
        mine = MultiDict()
        start = prefix(view)
        for key, value in formdata.items(multi=True):
            if key.startswith(start):
                mine.add(key[len(start):], value)
            elif key == "csrf_token":
                mine.add(key, value)
        forms.append(answer_form(view.question, formdata=mine))
    return forms


@dataclass
class PreviewResult:
    score: float
    max_score: float
    percent: float
    passed: bool


def grade(views: list[SlotView], forms: list[Any], pass_mark: float) -> PreviewResult:
    """Grade the answers in memory (as ``grade_attempt`` does); the slots get their fraction."""
    score = 0.0
    for view, form in zip(views, forms, strict=True):
        q = view.question
        view.slot.response = form.response() if q.is_graded else None
        view.slot.fraction = grading.grade(q, view.slot.response).fraction if q.is_graded else None
        score += (view.slot.fraction or 0.0) * view.slot.max_mark
    max_score = sum(view.slot.max_mark for view in views)
    percent = 100.0 * score / max_score if max_score else 100.0
    return PreviewResult(round(score, 6), max_score, round(percent, 1),
                         percent + 1e-9 >= pass_mark)
