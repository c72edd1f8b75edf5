"""Read-only views of the course for one delegate: a fixed number of queries each,
whatever the number of modules, lessons or delegates."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from kmi_learn.catalog.models import Course, LessonVersion
from kmi_learn.catalog.queries import active_courses
from kmi_learn.extensions import db
from kmi_learn.learning.models import Enrolment, LessonProgress, ModuleProgress
from kmi_learn.learning.structure import structure


@dataclass
class LessonItem:
    id: int
    slug: str
    module_slug: str
    title: str
    minutes: int
    completed: bool = False


@dataclass
class ModuleItem:
    id: int
    slug: str
    position: int
    title: str
    summary: str
    objectives: list[str]
    estimated_minutes: int
    has_quiz: bool
    lessons: list[LessonItem] = field(default_factory=list)
    best_percent: float | None = None
    quiz_passed: bool = False
    completed: bool = False

    @property
    def lessons_done(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.completed)

    @property
    def steps(self) -> int:
        return len(self.lessons) + (1 if self.has_quiz else 0)

    @property
    def steps_done(self) -> int:
        return self.lessons_done + (1 if self.has_quiz and self.quiz_passed else 0)

    @property
    def percent(self) -> int:
        return round(100 * self.steps_done / self.steps) if self.steps else 0

    @property
    def started(self) -> bool:
        return self.steps_done > 0 or self.best_percent is not None


@dataclass
class Outline:
    course: Course
    lang: str
    modules: list[ModuleItem]
    enrolment: Enrolment | None

    @property
    def lessons(self) -> list[LessonItem]:
        return [lesson for module in self.modules for lesson in module.lessons]

    @property
    def completed_at(self) -> datetime | None:
        return self.enrolment.completed_at if self.enrolment else None

    @property
    def percent(self) -> int:
        steps = sum(m.steps for m in self.modules)
        return round(100 * sum(m.steps_done for m in self.modules) / steps) if steps else 0

    def next_step(self) -> tuple[str, ModuleItem, LessonItem | None] | None:
        """The first thing not done yet, in course order: a lesson or a quiz."""
        for module in self.modules:
            for lesson in module.lessons:
                if not lesson.completed:
                    return ("lesson", module, lesson)
            if module.has_quiz and not module.quiz_passed:
                return ("quiz", module, None)
        return None


def catalogue(user_id: int | None) -> list[tuple[Course, Enrolment | None]]:
    courses = active_courses()
    enrolments = {}
    if user_id is not None:
        enrolments = {e.course_id: e for e in db.session.scalars(
            select(Enrolment).where(Enrolment.user_id == user_id))}
    return [(course, enrolments.get(course.id)) for course in courses]


def outline(course: Course, lang: str, user_id: int | None) -> Outline:
    """The course tree with this user's progress: the structure comes from memory
    (learning/structure.py), the progress from three queries."""
    items, lessons = {}, {}
    for node in structure(course, lang):
        item = ModuleItem(
            id=node.id, slug=node.slug, position=node.position, title=node.title,
            summary=node.summary, objectives=list(node.objectives),
            estimated_minutes=node.estimated_minutes, has_quiz=node.has_quiz,
            lessons=[LessonItem(n.id, n.slug, node.slug, n.title, n.minutes)
                     for n in node.lessons])
        items[node.id] = item
        lessons.update((lesson.id, lesson) for lesson in item.lessons)
    enrolment = None
    if user_id is not None:
        enrolment = db.session.scalar(select(Enrolment).where(
            Enrolment.user_id == user_id, Enrolment.course_id == course.id))
        done = set(db.session.scalars(select(LessonProgress.lesson_id).where(
            LessonProgress.user_id == user_id, LessonProgress.lesson_id.in_(lessons))))
        for lesson_id in done:
            lessons[lesson_id].completed = True
        for progress in db.session.scalars(select(ModuleProgress).where(
                ModuleProgress.user_id == user_id, ModuleProgress.module_id.in_(items))):
            item = items[progress.module_id]
            item.best_percent = progress.best_percent
            item.quiz_passed = progress.quiz_passed_at is not None
            item.completed = progress.completed_at is not None
    return Outline(course, lang, list(items.values()), enrolment)


def lesson_version(lesson_id: int, lang: str, default_lang: str) -> LessonVersion | None:
    """The current text of a lesson in ``lang``, else in the course's default language."""
    versions = db.session.scalars(select(LessonVersion).where(
        LessonVersion.lesson_id == lesson_id, LessonVersion.is_current.is_(True),
        LessonVersion.lang.in_({lang, default_lang}))).all()
    by_lang = {v.lang: v for v in versions}
    return by_lang.get(lang) or by_lang.get(default_lang)
