"""The facilitator's changes to questions and quiz settings. Services flush; views commit.

Every change is recorded in the audit log inside the same transaction, with the
content (or settings) before and after. A question is never changed in place: each
save stores a new immutable version, so finished attempts keep the one they were
taken on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from kmi_learn.audit.services import record
from kmi_learn.catalog.models import Module
from kmi_learn.catalog.quiz import structure_difference
from kmi_learn.catalog.spec import content_hash
from kmi_learn.extensions import db
from kmi_learn.gift.model import Question as GiftQuestion
from kmi_learn.models_base import utcnow
from kmi_learn.quizzes.models import Question, QuestionVersion
from kmi_learn.quizzes.sync import add_version


@dataclass
class SaveResult:
    """What a save did: the new version (None when nothing changed), translations dropped."""

    version: QuestionVersion | None
    dropped: list[tuple[str, str]] = field(default_factory=list)  #: (lang, why)


def _next_number(question: Question) -> int:
    return 1 + (db.session.scalar(select(func.max(QuestionVersion.number)).where(
        QuestionVersion.question_id == question.id)) or 0)


def create_question(actor, module: Module, q: GiftQuestion) -> Question:
    """Add ``q`` (already validated, with its id) at the end of the module's quiz."""
    last = db.session.scalar(select(func.max(Question.position)).where(
        Question.module_id == module.id)) or 0
    question = Question(module_id=module.id, gift_id=q.id, position=last + 1)
    db.session.add(question)
    db.session.flush()
    content = {module.course.default_lang: q.to_dict()}
    add_version(question, content, content_hash(content), source="browser", number=1,
                user_id=actor.id)
    record(actor, "question.create", "question", question.id,
           f"Created question {q.id} in {module.slug}", after=content)
    return question


def translated_content(default_lang: str, q: GiftQuestion,
                       old: dict[str, dict[str, Any]]) -> tuple[dict, list[tuple[str, str]]]:
    """The content for ``q`` in ``default_lang``, with the old translations that still fit.

    A translation must grade like the original; one whose structure no longer
    matches is dropped (the files or a later edit can bring it back) and reported.
    """
    content = {default_lang: q.to_dict()}
    dropped = []
    for lang, data in old.items():
        if lang == default_lang:
            continue
        difference = structure_difference(GiftQuestion.from_dict(data), q)
        if difference:
            dropped.append((lang, difference))
        else:
            content[lang] = data
    return content, dropped


def save_question(actor, question: Question, module: Module, q: GiftQuestion) -> SaveResult:
    """Store ``q`` as a new version of ``question`` unless nothing changed."""
    current = question.current_version
    old = current.content if current else {}
    content, dropped = translated_content(module.course.default_lang, q, old)
    digest = content_hash(content)
    if current is not None and current.content_hash == digest:
        return SaveResult(None)
    version = add_version(question, content, digest, source="browser",
                          number=_next_number(question), user_id=actor.id)
    record(actor, "question.edit", "question", question.id,
           f"Edited question {question.gift_id} (version {version.number})",
           before=old or None, after=content)
    return SaveResult(version, dropped)


def restore_version(actor, question: Question, old: QuestionVersion) -> QuestionVersion | None:
    """Make the content of ``old`` current again, as a new version; None if it already is."""
    current = question.current_version
    if current is not None and current.content_hash == old.content_hash:
        return None
    version = add_version(question, old.content, old.content_hash, source="browser",
                          number=_next_number(question), user_id=actor.id)
    record(actor, "question.restore", "question", question.id,
           f"Restored version {old.number} of question {question.gift_id} "
           f"as version {version.number}",
           before=current.content if current else None, after=old.content)
    return version


def retire_question(actor, question: Question) -> bool:
    """Take the question out of new attempts; False if it already was."""
    if question.retired_at is not None:
        return False
    question.retired_at = utcnow()
    record(actor, "question.retire", "question", question.id,
           f"Retired question {question.gift_id}")
    db.session.flush()
    return True


def unretire_question(actor, question: Question) -> bool:
    """Put a retired question back, at the end of the quiz; False if it was in use."""
    if question.retired_at is None:
        return False
    question.retired_at = None
    question.position = 1 + (db.session.scalar(select(func.max(Question.position)).where(
        Question.module_id == question.module_id, Question.retired_at.is_(None),
        Question.id != question.id)) or 0)
    record(actor, "question.unretire", "question", question.id,
           f"Put question {question.gift_id} back in use")
    db.session.flush()
    return True


def move_question(actor, question: Question, offset: int) -> bool:
    """Move a question in use up (-1) or down (+1); positions become 1..n. False at an end."""
    questions = list(db.session.scalars(select(Question).where(
        Question.module_id == question.module_id, Question.retired_at.is_(None))
        .order_by(Question.position, Question.id)))
    if question not in questions:
        return False
    at = questions.index(question)
    to = at + offset
    if not 0 <= to < len(questions):
        return False
    before = [q.gift_id for q in questions]
    questions[at], questions[to] = questions[to], questions[at]
    for position, item in enumerate(questions, start=1):
        item.position = position
    record(actor, "question.reorder", "module", question.module_id,
           f"Moved question {question.gift_id} {'up' if offset < 0 else 'down'}",
           before=before, after=[q.gift_id for q in questions])
    db.session.flush()
    return True


def update_quiz_settings(actor, module: Module, settings: dict[str, Any]) -> bool:
    """Store new quiz settings; False when they equal the current ones."""
    before = module.quiz
    if before == settings:
        return False
    # A new dict: SQLAlchemy does not see changes made inside a JSON value.
    module.quiz = dict(settings)
    record(actor, "quiz.settings", "module", module.id,
           f"Changed the quiz settings of {module.slug}", before=before, after=dict(settings))
    db.session.flush()
    return True
