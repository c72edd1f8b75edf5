"""Enrolment, lesson progress and the completion rules. Services flush, never commit.

A module is complete when every current lesson in it is complete and its quiz (if
any) is passed; the course is complete when every current module is. Completion is
recorded when it happens and never taken back by a later edit of the course.
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kmi_learn.accounts.models import User
from kmi_learn.catalog.models import Course, Lesson, Module
from kmi_learn.extensions import db
from kmi_learn.learning.models import Enrolment, LessonProgress, ModuleProgress
from kmi_learn.models_base import utcnow

#: Called as ``hook(user, course, enrolment)`` when a course becomes complete
#: (certificates listen here). Hooks flush; they never commit.
COURSE_COMPLETED_HOOKS: list[Callable[[User, Course, Enrolment], None]] = []


class NotEnrolled(PermissionError):
    """The user must enrol in the course first."""


def get_enrolment(user: User, course: Course, lock: bool = False) -> Enrolment | None:
    """The enrolment; ``lock`` holds its row until commit (PostgreSQL), so that two
    requests of one delegate update completion one after the other and the second
    counts the first's progress."""
    stmt = select(Enrolment).where(Enrolment.user_id == user.id,
                                   Enrolment.course_id == course.id)
    return db.session.scalar(stmt.with_for_update() if lock else stmt)


def enrol(user: User, course: Course) -> Enrolment:
    """Enrol ``user`` in ``course``; enrolling twice returns the first enrolment."""
    existing = get_enrolment(user, course)
    if existing is not None:
        return existing
    try:
        with db.session.begin_nested():  # a concurrent enrol may win the unique key
            enrolment = Enrolment(user_id=user.id, course_id=course.id)
            db.session.add(enrolment)
    except IntegrityError:
        return get_enrolment(user, course)
    return enrolment


def require_enrolment(user: User, course: Course, lock: bool = False) -> Enrolment:
    enrolment = get_enrolment(user, course, lock)
    if enrolment is None:
        raise NotEnrolled(course.slug)
    return enrolment


def complete_lesson(user: User, lesson: Lesson) -> bool:
    """Mark ``lesson`` complete for ``user``; True if this changed anything."""
    module = lesson.module
    enrolment = require_enrolment(user, module.course, lock=True)
    enrolment.last_lesson_id = lesson.id
    enrolment.last_activity_at = utcnow()
    done = db.session.scalar(select(LessonProgress.id).where(
        LessonProgress.user_id == user.id, LessonProgress.lesson_id == lesson.id))
    if done is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(LessonProgress(user_id=user.id, lesson_id=lesson.id))
    except IntegrityError:  # the same click arrived twice
        return False
    update_module_completion(user, module, enrolment)
    return True


def find_module_progress(user: User, module: Module) -> ModuleProgress | None:
    return db.session.scalar(select(ModuleProgress).where(
        ModuleProgress.user_id == user.id, ModuleProgress.module_id == module.id))


def module_progress(user: User, module: Module) -> ModuleProgress:
    """The progress row of ``user`` in ``module``, created when missing."""
    progress = find_module_progress(user, module)
    if progress is None:
        try:
            with db.session.begin_nested():
                progress = ModuleProgress(user_id=user.id, module_id=module.id)
                db.session.add(progress)
        except IntegrityError:
            progress = db.session.scalar(select(ModuleProgress).where(
                ModuleProgress.user_id == user.id, ModuleProgress.module_id == module.id))
    return progress


def record_quiz_result(user: User, module: Module, percent: float, passed: bool) -> None:
    """Keep the best score of the module's quiz and its first pass, then completion."""
    enrolment = get_enrolment(user, module.course, lock=True)
    progress = module_progress(user, module)
    if progress.best_percent is None or percent > progress.best_percent:
        progress.best_percent = percent
    if passed and progress.quiz_passed_at is None:
        progress.quiz_passed_at = utcnow()
    if enrolment is not None:
        enrolment.last_activity_at = utcnow()
        update_module_completion(user, module, enrolment, progress)


def update_module_completion(user: User, module: Module, enrolment: Enrolment,
                             progress: ModuleProgress | None = None) -> None:
    progress = progress or module_progress(user, module)
    if progress.completed_at is not None:
        return
    lesson_ids = select(Lesson.id).where(Lesson.module_id == module.id,
                                         Lesson.retired_at.is_(None))
    total = db.session.scalar(select(func.count()).select_from(lesson_ids.subquery()))
    done = db.session.scalar(select(func.count(LessonProgress.id)).where(
        LessonProgress.user_id == user.id, LessonProgress.lesson_id.in_(lesson_ids)))
    quiz_ok = module.quiz is None or progress.quiz_passed_at is not None
    if done >= total and quiz_ok:
        progress.completed_at = utcnow()
        db.session.flush()
        update_course_completion(user, module.course, enrolment)


def update_course_completion(user: User, course: Course, enrolment: Enrolment) -> None:
    if enrolment.completed_at is not None:
        return
    module_ids = select(Module.id).where(Module.course_id == course.id,
                                         Module.retired_at.is_(None))
    total = db.session.scalar(select(func.count()).select_from(module_ids.subquery()))
    done = db.session.scalar(select(func.count(ModuleProgress.id)).where(
        ModuleProgress.user_id == user.id, ModuleProgress.module_id.in_(module_ids),
        ModuleProgress.completed_at.is_not(None)))
    if total and done >= total:
        enrolment.completed_at = utcnow()
        db.session.flush()
        for hook in COURSE_COMPLETED_HOOKS:
            hook(user, course, enrolment)
