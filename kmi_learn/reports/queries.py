"""The cohort dashboard's matrix: read-only, plain dataclasses, fixed statement counts.

Whatever the size of the cohort, the dashboard runs the same statements: the
modules (one), the filter choices and the summary (three, in summary.py) and the
page of the matrix (one); the exports run the matrix statement once, without a
page, and read it in batches. Filtering, sorting and paging happen in SQL, in one
place (:func:`filtered_members` and :func:`member_order`), so that the page and
its exports cannot disagree.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import groupby

from sqlalchemy import Select, and_, case, func, or_, select, type_coerce

from kmi_learn.accounts.models import User
from kmi_learn.catalog.models import Lesson, Module
from kmi_learn.cohorts.models import Cohort, CohortMember
from kmi_learn.extensions import db
from kmi_learn.i18n import pick
from kmi_learn.learning.models import Enrolment, LessonProgress, ModuleProgress
from kmi_learn.models_base import UTCDateTime, utcnow
from kmi_learn.quizzes.models import Attempt, AttemptSlot

STATUSES = ("not_started", "in_progress", "completed")
SORTS = ("name", "progress", "progress_asc", "activity", "activity_asc")
PAGE_SIZE = 100
#: rows fetched at a time when an export streams the whole matrix
BATCH = 1000


@dataclass(frozen=True)
class Filters:
    """What the trainer asked for; empty values mean "any"."""

    q: str = ""
    status: str = ""
    inactive_days: int | None = None
    organisation: str = ""
    country: str = ""
    sort: str = "name"


@dataclass
class ModuleColumn:
    id: int
    number: int
    slug: str
    title: str
    lessons: int
    has_quiz: bool

    @property
    def steps(self) -> int:
        return self.lessons + (1 if self.has_quiz else 0)


@dataclass(frozen=True)
class Scope:
    """The cohort and its course's current modules: what every query here needs."""

    cohort_id: int
    course_id: int
    modules: tuple[ModuleColumn, ...]

    @property
    def module_ids(self) -> list[int]:
        return [m.id for m in self.modules]

    @property
    def steps(self) -> int:
        return sum(m.steps for m in self.modules)


@dataclass
class Cell:
    status: str = "not_started"
    best_percent: float | None = None
    lessons_done: int = 0
    attempts: int = 0
    quiz_passed: bool = False


@dataclass
class DelegateRow:
    user_id: int
    name: str
    email: str
    organisation: str
    country: str
    status: str
    progress: int
    last_activity: datetime | None
    completed_at: datetime | None
    cells: list[Cell] = field(default_factory=list)


def scope_for(cohort: Cohort, lang: str) -> Scope:
    """The cohort's course modules in order, with their lesson counts: one statement."""
    rows = db.session.execute(
        select(Module, func.count(Lesson.id))
        .outerjoin(Lesson, and_(Lesson.module_id == Module.id, Lesson.retired_at.is_(None)))
        .where(Module.course_id == cohort.course_id, Module.retired_at.is_(None))
        .group_by(Module.id).order_by(Module.position, Module.id)).all()
    modules = tuple(ModuleColumn(m.id, n + 1, m.slug, pick(m.title, lang), lessons,
                                 m.quiz is not None)
                    for n, (m, lessons) in enumerate(rows))
    return Scope(cohort.id, cohort.course_id, modules)


def _members(scope: Scope) -> tuple[Select, dict]:
    """One row per member with the course-level figures, and the expressions to filter on."""
    in_cohort = select(CohortMember.user_id).where(CohortMember.cohort_id == scope.cohort_id)
    quiz_ids = [m.id for m in scope.modules if m.has_quiz]
    lessons = (select(LessonProgress.user_id, func.count().label("n"))
               .join(Lesson, Lesson.id == LessonProgress.lesson_id)
               .where(LessonProgress.user_id.in_(in_cohort), Lesson.retired_at.is_(None),
                      Lesson.module_id.in_(scope.module_ids))
               .group_by(LessonProgress.user_id).subquery("lessons_done"))
    # One column per module (a course has a handful): whether this member completed it,
    # so that the summary gets every module's completion from the same statement.
    completed = [func.count(case((and_(ModuleProgress.module_id == m.id,
                                       ModuleProgress.completed_at.is_not(None)), 1)))
                 .label(f"done_{i}") for i, m in enumerate(scope.modules)]
    progress = (select(ModuleProgress.user_id, func.count().label("n"),
                       func.count(case((and_(ModuleProgress.quiz_passed_at.is_not(None),
                                             ModuleProgress.module_id.in_(quiz_ids)), 1)))
                       .label("passed"), *completed)
                .where(ModuleProgress.user_id.in_(in_cohort),
                       ModuleProgress.module_id.in_(scope.module_ids))
                .group_by(ModuleProgress.user_id).subquery("module_rows"))
    # Starting and submitting an attempt move Enrolment.last_activity_at already; saving
    # answers does not. So only attempts in progress (few) add to the last activity.
    attempts = (select(Attempt.user_id,
                       func.max(func.coalesce(AttemptSlot.saved_at, Attempt.started_at))
                       .label("at"))
                .outerjoin(AttemptSlot, AttemptSlot.attempt_id == Attempt.id)
                .where(Attempt.state == "in_progress", Attempt.user_id.in_(in_cohort),
                       Attempt.module_id.in_(scope.module_ids))
                .group_by(Attempt.user_id).subquery("open_attempt"))
    seen, tried = Enrolment.last_activity_at, attempts.c.at
    last_activity = type_coerce(case((tried.is_(None), seen), (seen.is_(None), tried),
                                     (tried > seen, tried), else_=seen), UTCDateTime)
    steps_done = func.coalesce(lessons.c.n, 0) + func.coalesce(progress.c.passed, 0)
    started = or_(lessons.c.n > 0, progress.c.n > 0, tried.is_not(None))
    status = case((Enrolment.completed_at.is_not(None), "completed"),
                  (started, "in_progress"), else_="not_started")
    query = (
        select(User.id.label("user_id"), User.name.label("name"), User.email.label("email"),
               User.organisation.label("organisation"), User.country.label("country"),
               Enrolment.completed_at.label("completed_at"),
               last_activity.label("last_activity"), steps_done.label("steps_done"),
               status.label("status"), func.lower(User.name).label("sort_name"),
               *[func.coalesce(progress.c[f"done_{i}"], 0).label(f"done_{i}")
                 for i in range(len(scope.modules))])
        .select_from(CohortMember).join(User, User.id == CohortMember.user_id)
        .outerjoin(Enrolment, and_(Enrolment.user_id == User.id,
                                   Enrolment.course_id == scope.course_id))
        .outerjoin(lessons, lessons.c.user_id == User.id)
        .outerjoin(progress, progress.c.user_id == User.id)
        .outerjoin(attempts, attempts.c.user_id == User.id)
        .where(CohortMember.cohort_id == scope.cohort_id))
    return query, {"status": status, "last_activity": last_activity}


def filtered_members(scope: Scope, filters: Filters, user_id: int | None = None) -> Select:
    query, exprs = _members(scope)
    if filters.q.strip():
        q = filters.q.strip()
        query = query.where(or_(User.name.icontains(q, autoescape=True),
                                User.email.icontains(q, autoescape=True)))
    if filters.status in STATUSES:
        query = query.where(exprs["status"] == filters.status)
    if filters.inactive_days:
        cutoff = utcnow() - timedelta(days=filters.inactive_days)
        query = query.where(or_(exprs["last_activity"].is_(None),
                                exprs["last_activity"] < cutoff))
    if filters.organisation:
        query = query.where(User.organisation == filters.organisation)
    if filters.country:
        query = query.where(User.country == filters.country)
    if user_id is not None:
        query = query.where(User.id == user_id)
    return query


def member_order(sort: str, c) -> tuple:
    """The ORDER BY of ``sort`` over the member columns ``c``; ties broken by name, id."""
    by_name = (c.sort_name, c.user_id)
    if sort == "progress":
        return (c.steps_done.desc(), *by_name)
    if sort == "progress_asc":
        return (c.steps_done.asc(), *by_name)
    if sort == "activity":
        return (c.last_activity.desc().nulls_last(), *by_name)
    if sort == "activity_asc":
        return (c.last_activity.asc().nulls_first(), *by_name)
    return by_name


def members_cte(scope: Scope, filters: Filters, limit: int | None = None, offset: int = 0,
                user_id: int | None = None):
    """The filtered, ordered members (a page of them when ``limit`` is given), as a CTE."""
    query = filtered_members(scope, filters, user_id)
    query = query.order_by(*member_order(filters.sort, query.selected_columns))
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return query.cte("m")


def cells_select(scope: Scope, m, sort: str) -> Select:
    """One row per (member of ``m``, module), in the members' order then the modules'."""
    lessons_done = (select(func.count()).select_from(LessonProgress)
                    .join(Lesson, Lesson.id == LessonProgress.lesson_id)
                    .where(LessonProgress.user_id == m.c.user_id, Lesson.module_id == Module.id,
                           Lesson.retired_at.is_(None))
                    .correlate(m, Module).scalar_subquery())
    tries = (select(func.count()).select_from(Attempt)
             .where(Attempt.user_id == m.c.user_id, Attempt.module_id == Module.id)
             .correlate(m, Module).scalar_subquery())
    return (
        select(m, Module.id.label("module_id"), ModuleProgress.best_percent,
               ModuleProgress.completed_at.label("module_completed_at"),
               ModuleProgress.quiz_passed_at, lessons_done.label("cell_lessons"),
               tries.label("cell_attempts"))
        .select_from(m)
        .outerjoin(Module, Module.id.in_(scope.module_ids))
        .outerjoin(ModuleProgress, and_(ModuleProgress.user_id == m.c.user_id,
                                        ModuleProgress.module_id == Module.id))
        .order_by(*member_order(sort, m.c), Module.position, Module.id))


def _matrix_select(scope: Scope, filters: Filters, limit: int | None, offset: int,
                   user_id: int | None = None) -> Select:
    return cells_select(scope, members_cte(scope, filters, limit, offset, user_id),
                        filters.sort)


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def delegates(rows, scope: Scope) -> Iterator[DelegateRow]:
    """Group the (member x module) rows, which arrive member by member, into rows."""
    index = {m.id: i for i, m in enumerate(scope.modules)}
    steps = scope.steps
    for _user_id, group in groupby(rows, key=lambda r: r.user_id):
        group = list(group)
        first = group[0]
        cells = [Cell() for _ in scope.modules]
        for r in group:
            if r.module_id is None:
                continue
            started = (r.cell_lessons or r.cell_attempts or r.best_percent is not None
                       or r.quiz_passed_at is not None)
            status = ("completed" if r.module_completed_at is not None
                      else "in_progress" if started else "not_started")
            cells[index[r.module_id]] = Cell(status, _percent(r.best_percent),
                                             r.cell_lessons or 0, r.cell_attempts or 0,
                                             r.quiz_passed_at is not None)
        progress = min(100, round(100 * first.steps_done / steps)) if steps else 0
        yield DelegateRow(first.user_id, first.name, first.email, first.organisation,
                          first.country, first.status, progress, first.last_activity,
                          first.completed_at, cells)


def iter_matrix(scope: Scope, filters: Filters) -> Iterator[DelegateRow]:
    """Every row of the matrix, in the page's order, read ``BATCH`` rows at a time."""
    result = db.session.execute(_matrix_select(scope, filters, None, 0)
                                .execution_options(yield_per=BATCH))
    try:
        yield from delegates(result, scope)
    finally:
        result.close()


def delegate_row(scope: Scope, user_id: int) -> DelegateRow | None:
    """The matrix row of one member of the cohort, or None if not a member."""
    rows = db.session.execute(_matrix_select(scope, Filters(), None, 0, user_id))
    return next(delegates(rows, scope), None)
