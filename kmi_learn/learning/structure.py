"""The structure of a course (modules, lessons, their titles), kept in memory.

Every delegate page needs it and it only changes when ``courses sync`` runs, which
gives the course a new ``revision``. The course row is read by every page anyway,
so checking the revision costs no query; each web worker keeps its own copy, and
a sync reaches all of them through the database.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from kmi_learn.catalog.models import Course, Lesson, LessonVersion, Module
from kmi_learn.extensions import db
from kmi_learn.i18n import pick


@dataclass(frozen=True)
class LessonNode:
    id: int
    slug: str
    title: str
    minutes: int


@dataclass(frozen=True)
class ModuleNode:
    id: int
    slug: str
    position: int
    title: str
    summary: str
    objectives: tuple[str, ...]
    estimated_minutes: int
    has_quiz: bool
    lessons: tuple[LessonNode, ...]


def structure(course: Course, lang: str) -> tuple[ModuleNode, ...]:
    """The current modules and lessons of ``course`` with their texts in ``lang``."""
    cache = current_app.extensions.setdefault("kmi_course_structure", {})
    key = (course.id, lang)
    cached = cache.get(key)
    if cached is not None and cached[0] == course.revision:
        return cached[1]
    nodes = _load(course, lang)
    cache[key] = (course.revision, nodes)
    return nodes


def _load(course: Course, lang: str) -> tuple[ModuleNode, ...]:
    modules = db.session.scalars(select(Module).where(
        Module.course_id == course.id, Module.retired_at.is_(None)).order_by(Module.position)).all()
    rows = db.session.execute(
        select(Lesson.id, Lesson.slug, Lesson.module_id, LessonVersion.lang,
               LessonVersion.title, LessonVersion.minutes)
        .join(LessonVersion, LessonVersion.lesson_id == Lesson.id)
        .where(Lesson.module_id.in_([m.id for m in modules]), Lesson.retired_at.is_(None),
               LessonVersion.is_current.is_(True),
               LessonVersion.lang.in_({lang, course.default_lang}))
        .order_by(Lesson.position, Lesson.id)
    ).all()
    lessons: dict[int, dict[int, LessonNode]] = {m.id: {} for m in modules}
    for row in rows:  # the reader's language wins over the default where both exist
        in_module = lessons[row.module_id]
        if row.id in in_module and row.lang != lang:
            continue
        in_module[row.id] = LessonNode(row.id, row.slug, row.title, row.minutes)
    return tuple(ModuleNode(
        id=m.id, slug=m.slug, position=m.position, title=pick(m.title, lang),
        summary=pick(m.summary, lang), objectives=tuple(pick(m.objectives, lang) or ()),
        estimated_minutes=m.estimated_minutes, has_quiz=m.quiz is not None,
        lessons=tuple(lessons[m.id].values())) for m in modules)
