"""Attempts: start, save an answer, submit. Services flush; the view commits.

Every rule that matters is checked here on the server: who owns the attempt, its
state, the attempt limit and the deadline (the server's clock, never the browser's).
"""
from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from kmi_learn.accounts.models import User
from kmi_learn.catalog.models import Module
from kmi_learn.extensions import db
from kmi_learn.learning import services as learning
from kmi_learn.models_base import utcnow
from kmi_learn.quizzes import drawing, grading
from kmi_learn.quizzes.models import Attempt, AttemptSlot, Question, QuestionVersion

#: answers that arrive this long after the deadline are still taken (network delay)
GRACE = timedelta(seconds=15)


class QuizError(Exception):
    """A refused quiz action; the message is shown to the delegate."""


def finished_count(user: User, module: Module) -> int:
    return db.session.scalar(select(func.count(Attempt.id)).where(
        Attempt.user_id == user.id, Attempt.module_id == module.id,
        Attempt.state == "finished")) or 0


def open_attempt(user: User, module: Module) -> Attempt | None:
    """The attempt in progress, if any (it may be past its deadline: see is_expired)."""
    return db.session.scalar(select(Attempt).where(
        Attempt.user_id == user.id, Attempt.module_id == module.id,
        Attempt.state == "in_progress"))


def is_expired(attempt: Attempt, grace: timedelta = timedelta(0)) -> bool:
    return attempt.deadline_at is not None and utcnow() > attempt.deadline_at + grace


def attempts_left(module: Module, finished: int) -> int | None:
    """Attempts still allowed after ``finished`` finished ones; None when unlimited."""
    limit = module.quiz["max_attempts"]
    return None if not limit else max(limit - finished, 0)


def start_attempt(user: User, module: Module, lang: str,
                  rng: random.Random | None = None) -> Attempt:
    """Resume the attempt in progress, or start a new one if the limit allows."""
    if module.quiz is None or module.retired_at is not None:
        raise QuizError(_l("This module has no quiz."))
    learning.require_enrolment(user, module.course)
    current = open_attempt(user, module)
    if current is not None and not is_expired(current, GRACE):
        return current
    if current is not None:  # its time ran out while nobody was looking
        submit_attempt(user, current)
    if attempts_left(module, finished_count(user, module)) == 0:
        raise QuizError(_l("You have used all the attempts this quiz allows."))
    settings, rng = module.quiz, rng or random.SystemRandom()
    rows = db.session.execute(
        select(Question.id, QuestionVersion).join(
            QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.module_id == module.id, Question.retired_at.is_(None))
        .order_by(Question.position, Question.id)).all()
    if not rows:
        raise QuizError(_l("This quiz has no questions yet."))
    versions = {}
    items = []
    for _qid, version in rows:
        q = version.parsed()
        versions[version.id] = (version, q)
        n = len(grading.match_answers(q)) if q.qtype == "matching" else len(q.choices)
        items.append(drawing.Item(version.id, q.qtype, q.tags, n))
    chosen = drawing.draw(items, shuffle=settings["shuffle_questions"],
                          per_attempt=settings["questions_per_attempt"], rng=rng)
    number = 1 + (db.session.scalar(select(func.max(Attempt.number)).where(
        Attempt.user_id == user.id, Attempt.module_id == module.id)) or 0)
    now = utcnow()
    limit = settings["time_limit_minutes"]
    attempt = Attempt(
        user_id=user.id, module_id=module.id, number=number, lang=lang, started_at=now,
        deadline_at=now + timedelta(minutes=limit) if limit else None,
        pass_mark=float(settings["pass_mark"]),
    )
    for position, item in enumerate(chosen, start=1):
        _version, q = versions[item.key]
        attempt.slots.append(AttemptSlot(
            position=position, question_version_id=item.key, max_mark=grading.max_mark(q),
            order=drawing.choice_order(item, shuffle=settings["shuffle_answers"], rng=rng),
        ))
    attempt.max_score = sum(slot.max_mark for slot in attempt.slots)
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError as error:  # another tab started one at the same moment
        raise QuizError(_l("An attempt was started in another window; "
                           "open it from the quiz page.")) from error
    learning.require_enrolment(user, module.course).last_activity_at = now
    return attempt


def _own_open(user: User, attempt: Attempt) -> None:
    if attempt.user_id != user.id:
        raise PermissionError("not your attempt")
    if attempt.state != "in_progress":
        raise QuizError(_l("This attempt is already submitted."))


def save_answer(user: User, attempt: Attempt, slot: AttemptSlot, response: Any) -> None:
    """Keep ``response`` for ``slot``; after the deadline the attempt is submitted."""
    _own_open(user, attempt)
    if slot.attempt_id != attempt.id:
        raise PermissionError("slot of another attempt")
    if is_expired(attempt, GRACE):
        submit_attempt(user, attempt)
        raise QuizError(_l("The time limit has passed; your saved answers were submitted."))
    slot.response = response
    slot.saved_at = utcnow()
    db.session.flush()


def submit_attempt(user: User, attempt: Attempt) -> bool:
    """Grade and close ``attempt``. Returns False if it was already closed.

    The state change is one conditional UPDATE, so two submits racing each other
    (a double click, two tabs) grade the attempt exactly once.
    """
    if attempt.user_id != user.id:
        raise PermissionError("not your attempt")
    now = utcnow()
    finished_at = min(now, attempt.deadline_at + GRACE) if attempt.deadline_at else now
    claimed = db.session.execute(
        update(Attempt).where(Attempt.id == attempt.id, Attempt.state == "in_progress")
        .values(state="finished", finished_at=finished_at)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(attempt)
    if not claimed:
        return False
    grade_attempt(attempt)
    module = db.session.get(Module, attempt.module_id)
    learning.record_quiz_result(user, module, attempt.percent or 0.0, bool(attempt.passed))
    db.session.flush()
    return True


def grade_attempt(attempt: Attempt) -> None:
    """Set each slot's fraction and the attempt's score from the saved responses."""
    score = 0.0
    for slot in attempt.slots:
        version = slot.question_version
        q = version.parsed()
        slot.fraction = grading.grade(q, slot.response).fraction if q.is_graded else None
        score += (slot.fraction or 0.0) * slot.max_mark
    attempt.score = round(score, 6)
    attempt.max_score = sum(slot.max_mark for slot in attempt.slots)
    percent = 100.0 * score / attempt.max_score if attempt.max_score else 100.0
    attempt.passed = percent + 1e-9 >= attempt.pass_mark
