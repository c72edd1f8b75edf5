"""Read models of the question bank pages: plain dataclasses, a fixed number of queries."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from kmi_learn.accounts.models import User
from kmi_learn.catalog.models import Course, Module
from kmi_learn.extensions import db
from kmi_learn.quizzes.models import Question, QuestionVersion

TEXT_START = 90


@dataclass
class ModuleEntry:
    module: Module
    active: int = 0  #: questions in use
    retired: int = 0


@dataclass
class CourseEntry:
    course: Course
    modules: list[ModuleEntry] = field(default_factory=list)


@dataclass
class BankRow:
    """One question of the bank as its list shows it."""

    id: int
    gift_id: str
    position: int
    qtype: str
    title: str
    text_start: str  #: the start of the raw text (escaped by the template)
    version: int | None
    retired: bool


@dataclass
class VersionEntry:
    version: QuestionVersion
    author: str | None  #: the user's name; None for a version from the files


def course_index() -> list[CourseEntry]:
    """Courses in use with their modules in use and how many questions each holds."""
    courses = db.session.scalars(
        select(Course).where(Course.retired_at.is_(None)).order_by(Course.slug)
        .options(selectinload(Course.modules))).all()
    counts = {
        (module_id, retired): n for module_id, retired, n in db.session.execute(
            select(Question.module_id, Question.retired_at.is_not(None), func.count(Question.id))
            .group_by(Question.module_id, Question.retired_at.is_not(None)))
    }
    return [
        CourseEntry(course, [
            ModuleEntry(m, counts.get((m.id, False), 0), counts.get((m.id, True), 0))
            for m in course.modules if m.retired_at is None])
        for course in courses
    ]


def authoring_module(module_id: int) -> Module | None:
    """The module if it and its course are in use (retired ones are not edited)."""
    return db.session.scalar(
        select(Module).join(Course).where(
            Module.id == module_id, Module.retired_at.is_(None), Course.retired_at.is_(None))
        .options(joinedload(Module.course)))


def authoring_question(question_id: int) -> tuple[Question, Module] | None:
    """The question and its module, if the module and course are in use."""
    row = db.session.execute(
        select(Question, Module).join(Module, Module.id == Question.module_id)
        .join(Course, Course.id == Module.course_id)
        .where(Question.id == question_id, Module.retired_at.is_(None),
               Course.retired_at.is_(None))
        .options(joinedload(Question.current_version), joinedload(Module.course))).first()
    return (row[0], row[1]) if row else None


def _text_start(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= TEXT_START else flat[:TEXT_START - 1] + "…"


def bank(module_id: int) -> list[BankRow]:
    """Every question of the module in quiz order, retired ones last; one query."""
    rows = db.session.execute(
        select(Question, QuestionVersion)
        .outerjoin(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.module_id == module_id)
        .order_by(Question.retired_at.is_not(None), Question.position, Question.id)).all()
    result = []
    for question, version in rows:
        q = version.parsed() if version else None
        result.append(BankRow(
            id=question.id, gift_id=question.gift_id, position=question.position,
            qtype=version.qtype if version else "", title=q.title if q else "",
            text_start=_text_start(q.text) if q else "",
            version=version.number if version else None,
            retired=question.retired_at is not None))
    return result


def taken_ids(course_id: int, except_id: int | None = None) -> set[str]:
    """GIFT ids used in the course (retired questions keep theirs).

    The loader wants an id unique in the whole course, so that what the browser
    saves can be exported to the files and synced back.
    """
    query = select(Question.gift_id).join(Module, Module.id == Question.module_id).where(
        Module.course_id == course_id)
    if except_id is not None:
        query = query.where(Question.id != except_id)
    return set(db.session.scalars(query))


def active_versions(module_id: int) -> list[QuestionVersion]:
    """Current versions of the questions in use, in quiz order (what an attempt draws from)."""
    return db.session.scalars(
        select(QuestionVersion).join(Question, Question.current_version_id == QuestionVersion.id)
        .where(Question.module_id == module_id, Question.retired_at.is_(None))
        .order_by(Question.position, Question.id)).all()


def graded_count(module_id: int) -> int:
    return db.session.scalar(
        select(func.count(Question.id))
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.module_id == module_id, Question.retired_at.is_(None),
               QuestionVersion.qtype != "description")) or 0


def versions_in_module(module_id: int, version_ids: list[int]) -> dict[int, QuestionVersion]:
    """The versions among ``version_ids`` that belong to questions of the module."""
    if not version_ids:
        return {}
    return {v.id: v for v in db.session.scalars(
        select(QuestionVersion).join(Question, Question.id == QuestionVersion.question_id)
        .where(Question.module_id == module_id, QuestionVersion.id.in_(version_ids)))}


def history(question_id: int) -> list[VersionEntry]:
    """Every version of the question, newest first, with its author's name."""
    author = aliased(User)
    rows = db.session.execute(
        select(QuestionVersion, author.name)
        .outerjoin(author, author.id == QuestionVersion.created_by_id)
        .where(QuestionVersion.question_id == question_id)
        .order_by(QuestionVersion.number.desc())).all()
    return [VersionEntry(version, name) for version, name in rows]


def version_of(question_id: int, number: int) -> QuestionVersion | None:
    return db.session.scalar(select(QuestionVersion).where(
        QuestionVersion.question_id == question_id, QuestionVersion.number == number))


def last_number(question_id: int) -> int:
    return db.session.scalar(select(func.max(QuestionVersion.number)).where(
        QuestionVersion.question_id == question_id)) or 0

