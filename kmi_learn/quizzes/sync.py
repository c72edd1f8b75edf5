"""The quiz part of ``courses sync``: questions keyed by their GIFT ``[id:]``."""
from __future__ import annotations

from sqlalchemy import select

from kmi_learn.catalog.models import Module
from kmi_learn.catalog.spec import ModuleSpec, content_hash
from kmi_learn.catalog.sync import SyncReport, module_step
from kmi_learn.extensions import db
from kmi_learn.gift.model import Question as GiftQuestion
from kmi_learn.models_base import utcnow
from kmi_learn.quizzes.display import question_html
from kmi_learn.quizzes.models import Question, QuestionVersion


@module_step
def sync_questions(module: Module, mspec: ModuleSpec, report: SyncReport,
                   prefer_files: bool) -> None:
    questions = {q.gift_id: q for q in db.session.scalars(
        select(Question).where(Question.module_id == module.id))}
    versions = {}
    if questions:
        ids = [q.current_version_id for q in questions.values() if q.current_version_id]
        versions = {v.id: v for v in db.session.scalars(
            select(QuestionVersion).where(QuestionVersion.id.in_(ids)))}
    for qspec in mspec.questions:
        question = questions.get(qspec.id)
        if question is None:
            question = Question(module_id=module.id, gift_id=qspec.id, position=qspec.position)
            db.session.add(question)
            db.session.flush()
            report.changes["question created"] += 1
        else:
            if question.retired_at is not None:
                question.retired_at = None
                report.changes["question restored"] += 1
            if question.position != qspec.position:
                question.position = qspec.position
                report.changes["question reordered"] += 1
        current = versions.get(question.current_version_id)
        content = {lang: q.to_dict() for lang, q in qspec.versions.items()}
        digest = content_hash(content)
        if current is not None and current.content_hash == digest:
            continue
        add_version(question, content, digest, source="sync",
                    number=(current.number + 1) if current else 1)
        report.changes["question version"] += 1
    seen = {q.id for q in mspec.questions}
    for gift_id, question in questions.items():
        if gift_id not in seen and question.retired_at is None:
            question.retired_at = utcnow()
            report.changes["question retired"] += 1


def add_version(question: Question, content: dict, digest: str, *, source: str,
                number: int, user_id: int | None = None) -> QuestionVersion:
    """Store a new immutable version of ``question`` and make it current."""
    html = {lang: question_html(GiftQuestion.from_dict(data)) for lang, data in content.items()}
    default = next(iter(content.values()))
    version = QuestionVersion(
        question_id=question.id, number=number, qtype=default["qtype"], content=content,
        html=html, content_hash=digest, source=source, created_by_id=user_id,
    )
    db.session.add(version)
    db.session.flush()
    question.current_version_id = version.id
    return version
