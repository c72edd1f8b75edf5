"""The course tree as read from ``courses/``: frozen, plain data, no Flask, no database.

The loader builds these from the files; sync compares them with the database. Texts
that can be translated are ``{lang: text}`` dicts holding only the languages the
files give (the default language always); callers fall back to the default.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kmi_learn.gift.model import Question

#: Fields that say where something is written, not what it says: renumbering or
#: moving a file must not look like a content change to sync.
LOCATION_FIELDS = frozenset({"path", "line", "body_line", "position"})

#: The values of ``review`` in a module's quiz settings.
REVIEW_MODES = ("after_submit", "after_pass", "never")


@dataclass(frozen=True, order=True)
class Problem:
    """One validation problem, printed as ``path:line: message`` (line is 1-based)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class InstrumentSpec:
    """An entry of instruments.yaml: a legal instrument that lessons cite."""

    key: str
    title: str
    short: str
    kind: str
    body: str
    adopted: str  #: ISO date, or ``YYYY-MM`` / ``YYYY`` when the day is unknown
    in_force: str | None
    binding: bool
    url: str
    summary: str
    status: str | None = None


@dataclass(frozen=True)
class TermSpec:
    """An entry of glossary.yaml."""

    slug: str
    term: dict[str, str]
    definition: dict[str, str]  #: Markdown
    see: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuizSettings:
    """The ``quiz:`` section of a module.yaml."""

    title: dict[str, str]
    pass_mark: float = 70  #: percent of the maximum score
    max_attempts: int = 0  #: 0 = unlimited
    time_limit_minutes: int = 0  #: 0 = none
    shuffle_questions: bool = True
    shuffle_answers: bool = True
    questions_per_attempt: int = 0  #: 0 = all
    review: str = "after_submit"  #: one of REVIEW_MODES


@dataclass(frozen=True)
class LessonText:
    """One language version of a lesson: its front matter and its Markdown body."""

    title: str
    minutes: int
    objectives: list[str]
    body: str  #: Markdown, front matter removed
    path: Path
    body_line: int  #: the line of ``path`` where ``body`` starts


@dataclass(frozen=True)
class LessonSpec:
    """A lesson; ``key`` (``module-slug/lesson-slug``) is its identity."""

    slug: str
    position: int  #: 1-based order in its module
    key: str
    versions: dict[str, LessonText]  #: the default language always present


@dataclass(frozen=True)
class QuestionSpec:
    """A quiz question identified by its ``[id:]``, in every language it is written in."""

    id: str
    position: int  #: 1-based order in the default-language quiz file
    versions: dict[str, Question]


@dataclass(frozen=True)
class ModuleSpec:
    """A module folder ``NN-slug``: its settings, lessons and quiz questions."""

    slug: str
    position: int  #: 1-based order in its course
    path: Path
    title: dict[str, str]
    summary: dict[str, str]
    objectives: dict[str, list[str]]
    estimated_minutes: int
    quiz: QuizSettings | None
    lessons: list[LessonSpec]
    questions: list[QuestionSpec]


@dataclass(frozen=True)
class CourseSpec:
    """A course folder: course.yaml, its glossary, instruments and modules."""

    slug: str
    path: Path
    title: dict[str, str]
    summary: dict[str, str]
    languages: list[str]  #: the first is the default
    certificate: dict[str, Any]  #: enabled (bool), title ({lang: text}), issuer (str)
    instruments: dict[str, InstrumentSpec]
    glossary: dict[str, TermSpec]
    modules: list[ModuleSpec]

    @property
    def default_lang(self) -> str:
        return self.languages[0]


def to_plain(value: Any, exclude: frozenset[str] = LOCATION_FIELDS) -> Any:
    """``value`` as JSON-ready data: dataclasses become dicts without the ``exclude`` fields.

    Questions use their own :meth:`Question.to_dict` (which leaves out ``line``).
    """
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_plain(getattr(value, f.name), exclude)
            for f in dataclasses.fields(value)
            if f.name not in exclude
        }
    if isinstance(value, dict):
        return {str(k): to_plain(v, exclude) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v, exclude) for v in value]
    if isinstance(value, (date, Path)):
        return str(value)
    return value


def content_hash(value: Any, exclude: frozenset[str] = LOCATION_FIELDS) -> str:
    """The sha256 (hex) of ``value`` as canonical JSON, ignoring where it is written.

    Equal content gives an equal hash whatever the file's number or path, and on
    every machine (sorted keys, fixed separators), so sync can tell what changed.
    """
    text = json.dumps(
        to_plain(value, exclude), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
