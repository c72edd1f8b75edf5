"""Read models of the lessons pages: the course tree as stored, a lesson's preview."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from kmi_learn.catalog.models import Course, Lesson, LessonVersion, Module
from kmi_learn.extensions import db
from kmi_learn.quizzes.models import Question


@dataclass
class VersionLine:
    lang: str
    number: int
    title: str


@dataclass
class LessonLine:
    id: int
    slug: str
    position: int
    retired: bool
    versions: list[VersionLine] = field(default_factory=list)  #: the course's language order

    @property
    def title(self) -> str:
        return self.versions[0].title if self.versions else self.slug


@dataclass
class ModuleLine:
    id: int
    slug: str
    position: int
    title: dict[str, str]
    retired: bool
    has_quiz: bool
    questions: int  #: questions not retired
    lessons: list[LessonLine] = field(default_factory=list)


@dataclass
class CourseLine:
    id: int
    slug: str
    title: dict[str, str]
    languages: list[str]
    retired: bool
    modules: list[ModuleLine] = field(default_factory=list)


def course_tree() -> list[CourseLine]:
    """Every course, module and lesson stored (retired ones marked), with the current
    version of each lesson per language: five queries whatever the size of the tree."""
    courses = db.session.scalars(select(Course).order_by(Course.slug)).all()
    modules = db.session.scalars(select(Module).order_by(Module.position, Module.id)).all()
    lessons = db.session.scalars(select(Lesson).order_by(Lesson.position, Lesson.id)).all()
    versions = db.session.execute(
        select(LessonVersion.lesson_id, LessonVersion.lang, LessonVersion.number,
               LessonVersion.title).where(LessonVersion.is_current.is_(True))).all()
    counts = dict(db.session.execute(
        select(Question.module_id, func.count()).where(Question.retired_at.is_(None))
        .group_by(Question.module_id)).all())
    by_lesson: dict[int, dict[str, VersionLine]] = defaultdict(dict)
    for lesson_id, lang, number, title in versions:
        by_lesson[lesson_id][lang] = VersionLine(lang, number, title)
    tree = {c.id: CourseLine(c.id, c.slug, c.title, list(c.languages), c.retired_at is not None)
            for c in courses}
    module_lines: dict[int, ModuleLine] = {}
    course_of = {m.id: m.course_id for m in modules}
    for m in modules:
        line = ModuleLine(m.id, m.slug, m.position, m.title, m.retired_at is not None,
                          m.quiz is not None, counts.get(m.id, 0))
        module_lines[m.id] = line
        tree[m.course_id].modules.append(line)
    for lesson in lessons:
        module = module_lines[lesson.module_id]
        languages = tree[course_of[lesson.module_id]].languages
        texts = by_lesson.get(lesson.id, {})
        module.lessons.append(LessonLine(
            lesson.id, lesson.slug, lesson.position, lesson.retired_at is not None,
            [texts[lang] for lang in languages if lang in texts]))
    return list(tree.values())


@dataclass
class LessonPreview:
    lesson: Lesson
    module: Module
    course: Course
    versions: dict[str, LessonVersion]  #: the current versions, in the course's order

    def version_in(self, lang: str) -> LessonVersion | None:
        """What a delegate reading in ``lang`` gets: that version, else the default's."""
        return self.versions.get(lang) or self.versions.get(self.course.default_lang)


def lesson_preview(lesson_id: int) -> LessonPreview | None:
    """The lesson, its module and course, and its current versions; None if unknown."""
    lesson = db.session.scalar(select(Lesson).where(Lesson.id == lesson_id).options(
        joinedload(Lesson.module).joinedload(Module.course)))
    if lesson is None:
        return None
    course = lesson.module.course
    current = {v.lang: v for v in db.session.scalars(select(LessonVersion).where(
        LessonVersion.lesson_id == lesson.id, LessonVersion.is_current.is_(True)))}
    ordered = {lang: current[lang] for lang in course.languages if lang in current}
    return LessonPreview(lesson, lesson.module, course, ordered)
