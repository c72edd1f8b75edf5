"""The quiz part of ``courses sync``: questions keyed by their GIFT ``[id:]``.

Files and browser edit the same questions. ``Question.file_hash`` remembers what the
files held at the last sync (None: not in the files), so that sync can tell a browser
change that the files do not have yet (kept; ``courses export`` writes it) from a file
change (taken), and report a conflict when both changed. A conflict keeps the
browser's side unless ``prefer_files``; it is reported at every sync until resolved
(by ``courses export`` or ``--prefer-files``), and no version is ever deleted.
"""
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
        content = {lang: q.to_dict() for lang, q in qspec.versions.items()}
        digest = content_hash(content)
        question = questions.get(qspec.id)
        if question is None:
            question = Question(module_id=module.id, gift_id=qspec.id, position=qspec.position)
            db.session.add(question)
            db.session.flush()
            report.changes["question created"] += 1
        elif question.retired_at is not None and not _restore(
                question, digest, report, prefer_files, module):
            continue  # retired in the browser since the last sync: it stays retired
        if question.position != qspec.position:
            question.position = qspec.position
            report.changes["question reordered"] += 1
        current = versions.get(question.current_version_id)
        if _apply_file_version(question, current, content, digest, report, prefer_files,
                               module):
            report.changes["question version"] += 1
    seen = {q.id for q in mspec.questions}
    for gift_id, question in questions.items():
        if gift_id in seen or question.retired_at is not None:
            continue
        if question.file_hash is None:
            continue  # made in the browser and not exported yet: not a removal
        current = versions.get(question.current_version_id)
        if current is not None and current.content_hash != question.file_hash:
            kept = "retired it" if prefer_files else "kept the browser's version"
            report.conflicts.append(
                f"{module.slug}/{gift_id}: removed from the file but changed in the browser "
                f"since the last sync; {kept}")
            if not prefer_files:
                continue
        question.retired_at = utcnow()
        question.file_hash = None  # no longer in the files: coming back restores it
        report.changes["question retired"] += 1


def _restore(question: Question, digest: str, report: SyncReport, prefer_files: bool,
             module: Module) -> bool:
    """A retired question is in the files: True if it comes back.

    Retired by sync (it had left the files) it comes back. Retired in the browser (the
    files still had it) it stays retired, unless the file changed since: a conflict.
    """
    if question.file_hash is not None:
        if question.file_hash == digest:
            return False
        kept = "restored it with the file's version" if prefer_files else "kept it retired"
        report.conflicts.append(
            f"{module.slug}/{question.gift_id}: retired in the browser but changed in the "
            f"file since the last sync; {kept}")
        if not prefer_files:
            return False
    question.retired_at = None
    report.changes["question restored"] += 1
    return True


def _apply_file_version(question: Question, current: QuestionVersion | None, content: dict,
                        digest: str, report: SyncReport, prefer_files: bool,
                        module: Module) -> bool:
    """Take the file's version unless the browser's is newer; True if a version was added.

    Three hashes decide: the file now (``digest``), the file at the last sync
    (``question.file_hash``) and the current version. A browser edit since the last
    sync wins over an unchanged file; if the file changed too, that is a conflict.
    ``file_hash`` moves to ``digest`` only once the file's side is settled (taken, or
    equal), so an unresolved conflict is reported again at the next sync.
    """
    if current is None:
        add_version(question, content, digest, source="sync", number=1)
        question.file_hash = digest
        return True
    if current.content_hash == digest:
        question.file_hash = digest
        return False
    if question.file_hash is None:
        # Never synced from the files: a question made in the browser is a browser edit.
        edited_in_browser = current.source == "browser"
    else:
        edited_in_browser = current.content_hash != question.file_hash
    file_changed = question.file_hash != digest
    if edited_in_browser and not file_changed:
        return False  # the browser's edit stands; `courses export` writes it to the file
    if edited_in_browser:
        kept = "the file's" if prefer_files else "the browser's"
        report.conflicts.append(
            f"{module.slug}/{question.gift_id}: changed in the file and in the browser since "
            f"the last sync; kept {kept} version")
        if not prefer_files:
            return False
    add_version(question, content, digest, source="sync", number=current.number + 1)
    question.file_hash = digest
    return True


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
