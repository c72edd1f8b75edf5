"""Read models of the quiz pages: an attempt with its questions, past attempts."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from kmi_learn.catalog.models import Course, Module
from kmi_learn.extensions import db
from kmi_learn.gift.model import Question
from kmi_learn.quizzes.grading import correct_response, grade, is_answered
from kmi_learn.quizzes.models import Attempt, AttemptSlot


@dataclass
class SlotView:
    """One question of an attempt as the pages show it, in the attempt's language."""

    slot: AttemptSlot
    question: Question
    html: dict[str, Any]
    number: int | None  #: the question's number; descriptions have none
    #: the answer key that graded the slot: a regrade's newer version, else the same
    key_question: Question | None = None
    key_html: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self.key_question = self.key_question or self.question
        self.key_html = self.key_html or self.html

    @property
    def qtype(self) -> str:
        return self.question.qtype

    @property
    def response(self) -> Any:
        return self.slot.response

    @property
    def answered(self) -> bool:
        return is_answered(self.question, self.slot.response)

    def options(self) -> list[tuple[int, str]]:
        """(canonical index, HTML) of the choices or matching answers, display order."""
        texts = self.html["answers"] if self.qtype == "matching" else self.html["choices"]
        order = self.slot.order or list(range(len(texts)))
        return [(i, texts[i]) for i in order]

    def feedback(self) -> list[str]:
        """HTML of the per-answer feedback that applies to the saved response."""
        q, html, response = self.key_question, self.key_html, self.slot.response
        if response is None:
            return []
        if q.qtype == "truefalse":
            texts = [html["feedback_true" if response else "feedback_false"]]
        else:
            key = "numerical_feedback" if q.qtype == "numerical" else "choice_feedback"
            texts = [html[key][i] for i in grade(q, response).matched]
        return [text for text in texts if text]

    def right_answer(self) -> Any:
        return correct_response(self.key_question)


def attempt_with_slots(attempt_id: int) -> Attempt | None:
    """The attempt, its slots and their question versions in a fixed number of queries."""
    return db.session.scalar(
        select(Attempt).where(Attempt.id == attempt_id).options(
            selectinload(Attempt.slots).joinedload(AttemptSlot.question_version),
            selectinload(Attempt.slots).joinedload(AttemptSlot.regraded_version))
    )


def slot_views(attempt: Attempt) -> list[SlotView]:
    views, number = [], 0
    for slot in attempt.slots:
        version = slot.question_version
        q = version.parsed(attempt.lang)
        if q.is_graded:
            number += 1
        key = slot.regraded_version
        views.append(SlotView(
            slot, q, version.html_in(attempt.lang), number if q.is_graded else None,
            key.parsed(attempt.lang) if key else None,
            key.html_in(attempt.lang) if key else None))
    return views


def module_in_course(course_slug: str, module_slug: str) -> Module | None:
    return db.session.scalar(
        select(Module).join(Course).where(
            Course.slug == course_slug, Course.retired_at.is_(None),
            Module.slug == module_slug, Module.retired_at.is_(None))
        .options(joinedload(Module.course))
    )


def attempts_of(user_id: int, module_id: int) -> list[Attempt]:
    return db.session.scalars(select(Attempt).where(
        Attempt.user_id == user_id, Attempt.module_id == module_id
    ).order_by(Attempt.number)).all()
