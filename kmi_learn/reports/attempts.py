"""Quiz attempts of a cohort, and one delegate's drill-down. Read-only, fixed statements.

The attempts list takes the dashboard's filters and order (members first, then the
module, then the attempt number), through the same member query.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, and_, func, select

from kmi_learn.catalog.models import Lesson, LessonVersion, Module
from kmi_learn.extensions import db
from kmi_learn.learning.models import Enrolment, LessonProgress
from kmi_learn.quizzes.models import Attempt
from kmi_learn.reports.queries import (
    BATCH,
    Cell,
    DelegateRow,
    Filters,
    ModuleColumn,
    Scope,
    delegate_row,
    member_order,
    members_cte,
)

PAGE_SIZE = 200


@dataclass
class AttemptRow:
    user_id: int
    name: str
    email: str
    organisation: str
    country: str
    module: ModuleColumn
    number: int
    state: str
    started_at: datetime
    finished_at: datetime | None
    score: float | None
    max_score: float
    passed: bool | None

    @property
    def percent(self) -> float | None:
        """As :attr:`Attempt.percent`: one decimal, None until graded."""
        if self.score is None or not self.max_score:
            return None
        return round(100 * self.score / self.max_score, 1)


def _attempts_select(scope: Scope, filters: Filters, user_id: int | None = None) -> Select:
    m = members_cte(scope, filters, user_id=user_id)
    return (
        select(m.c.user_id, m.c.name, m.c.email, m.c.organisation, m.c.country,
               Attempt.module_id, Attempt.number, Attempt.state, Attempt.started_at,
               Attempt.finished_at, Attempt.score, Attempt.max_score, Attempt.passed)
        .select_from(m)
        .join(Attempt, Attempt.user_id == m.c.user_id)
        .join(Module, Module.id == Attempt.module_id)
        .where(Attempt.module_id.in_(scope.module_ids))
        .order_by(*member_order(filters.sort, m.c), Module.position, Attempt.number, Attempt.id))


def _rows(result, scope: Scope) -> Iterator[AttemptRow]:
    modules = {m.id: m for m in scope.modules}
    for r in result:
        yield AttemptRow(r.user_id, r.name, r.email, r.organisation, r.country,
                         modules[r.module_id], r.number, r.state, r.started_at, r.finished_at,
                         r.score, r.max_score, r.passed)


def attempts_page(scope: Scope, filters: Filters, page: int) -> tuple[list[AttemptRow], int]:
    """A page of attempts and the number of attempts in all: two statements."""
    query = _attempts_select(scope, filters)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.execute(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return list(_rows(rows, scope)), total or 0


def iter_attempts(scope: Scope, filters: Filters) -> Iterator[AttemptRow]:
    """Every attempt in the list's order, read ``BATCH`` rows at a time."""
    result = db.session.execute(_attempts_select(scope, filters)
                                .execution_options(yield_per=BATCH))
    try:
        yield from _rows(result, scope)
    finally:
        result.close()


@dataclass
class LessonLine:
    title: str
    completed_at: datetime | None


@dataclass
class ModuleDetail:
    module: ModuleColumn
    cell: Cell
    lessons: list[LessonLine] = field(default_factory=list)
    attempts: list[AttemptRow] = field(default_factory=list)

    @property
    def trend(self) -> list[float]:
        """The percentages of the graded attempts, in the order they were taken."""
        return [a.percent for a in self.attempts if a.percent is not None]

    @property
    def change(self) -> float | None:
        """Last graded attempt minus the first; None with fewer than two."""
        trend = self.trend
        return round(trend[-1] - trend[0], 1) if len(trend) > 1 else None


@dataclass
class DelegateDetail:
    row: DelegateRow
    enrolled_at: datetime | None
    modules: list[ModuleDetail]


def delegate_detail(scope: Scope, user_id: int, lang: str,
                    default_lang: str) -> DelegateDetail | None:
    """A member's lessons, attempts and figures; None if not in the cohort. 4 statements."""
    row = delegate_row(scope, user_id)
    if row is None:
        return None
    enrolled_at = db.session.scalar(select(Enrolment.enrolled_at).where(
        Enrolment.user_id == user_id, Enrolment.course_id == scope.course_id))
    details = {m.id: ModuleDetail(m, cell) for m, cell in zip(scope.modules, row.cells,
                                                                 strict=True)}
    lessons = db.session.execute(
        select(Lesson.id, Lesson.module_id, LessonVersion.lang, LessonVersion.title,
               LessonProgress.completed_at)
        .join(LessonVersion, and_(LessonVersion.lesson_id == Lesson.id,
                                  LessonVersion.is_current.is_(True),
                                  LessonVersion.lang.in_({lang, default_lang})))
        .outerjoin(LessonProgress, and_(LessonProgress.lesson_id == Lesson.id,
                                        LessonProgress.user_id == user_id))
        .where(Lesson.module_id.in_(scope.module_ids), Lesson.retired_at.is_(None))
        .order_by(Lesson.position, Lesson.id)).all()
    chosen: dict[int, tuple] = {}
    for r in lessons:  # the page's language wins over the course's default
        if r.id not in chosen or r.lang == lang:
            chosen[r.id] = r
    for r in chosen.values():
        details[r.module_id].lessons.append(LessonLine(r.title, r.completed_at))
    for attempt in _rows(db.session.execute(_attempts_select(scope, Filters(), user_id)),
                         scope):
        details[attempt.module.id].attempts.append(attempt)
    return DelegateDetail(row, enrolled_at, list(details.values()))
