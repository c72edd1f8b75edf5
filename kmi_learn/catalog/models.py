"""The course tree as stored: courses, modules, lessons with versions, cards.

Rows come from ``courses/`` through sync and are never deleted: an item that
vanished from the files gets ``retired_at`` and disappears from delegates' pages,
while the progress and attempts that point at it stay intact.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kmi_learn.extensions import db
from kmi_learn.models_base import JSONType, UTCDateTime, utcnow


class Course(db.Model):
    __tablename__ = "course"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    #: {lang: text}
    title: Mapped[dict[str, str]] = mapped_column(JSONType)
    summary: Mapped[dict[str, str]] = mapped_column(JSONType)
    #: first is the default language
    languages: Mapped[list[str]] = mapped_column(JSONType)
    certificate: Mapped[dict[str, Any]] = mapped_column(JSONType)
    #: hash of the course.yaml content at the last sync
    content_hash: Mapped[str] = mapped_column(String(64))
    #: a new random value whenever a sync changes anything in the course: web workers
    #: keep the course's structure in memory under this key (learning/structure.py)
    revision: Mapped[str] = mapped_column(String(32), default="", server_default="")
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    modules: Mapped[list[Module]] = relationship(
        back_populates="course", order_by="Module.position"
    )

    @property
    def default_lang(self) -> str:
        return self.languages[0]


class Module(db.Model):
    __tablename__ = "module"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[dict[str, str]] = mapped_column(JSONType)
    summary: Mapped[dict[str, str]] = mapped_column(JSONType)
    #: {lang: [objective, ...]}
    objectives: Mapped[dict[str, list[str]]] = mapped_column(JSONType)
    estimated_minutes: Mapped[int] = mapped_column(Integer, default=0)
    #: the quiz settings of module.yaml (title as {lang: text}), or None: no quiz
    quiz: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    course: Mapped[Course] = relationship(back_populates="modules")


class Lesson(db.Model):
    __tablename__ = "lesson"
    __table_args__ = (UniqueConstraint("module_id", "slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    module: Mapped[Module] = relationship()


class LessonVersion(db.Model):
    """The text of a lesson in one language, as rendered at one sync."""

    __tablename__ = "lesson_version"
    __table_args__ = (
        UniqueConstraint("lesson_id", "lang", "number"),
        Index("ix_lesson_version_current", "lesson_id", "lang", "is_current"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"))
    lang: Mapped[str] = mapped_column(String(10))
    number: Mapped[int] = mapped_column(Integer)
    #: exactly one version per (lesson, lang) is current
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    title: Mapped[str] = mapped_column(String(300))
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    objectives: Mapped[list[str]] = mapped_column(JSONType)
    #: sanitized HTML rendered at sync time; pages never render Markdown
    html: Mapped[str] = mapped_column(Text)
    source_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Instrument(db.Model):
    """A legal instrument card that lessons cite with ``[@key]``."""

    __tablename__ = "instrument"
    __table_args__ = (UniqueConstraint("course_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    #: the instruments.yaml entry, dates as ISO strings
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    content_hash: Mapped[str] = mapped_column(String(64))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class GlossaryTerm(db.Model):
    __tablename__ = "glossary_term"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    term: Mapped[dict[str, str]] = mapped_column(JSONType)
    #: {lang: sanitized HTML}
    definition: Mapped[dict[str, str]] = mapped_column(JSONType)
    see: Mapped[list[str]] = mapped_column(JSONType)
    content_hash: Mapped[str] = mapped_column(String(64))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
