"""Shared helpers for the content floors of the IML course: read once, measure, tabulate.

Everything comes from the files through the real loader (``load_tree``); no Flask app,
no database. Used by ``test_course_floors.py`` and by ``python -m tests.content.report``.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kmi_learn.catalog.loader import load_tree
from kmi_learn.catalog.spec import CourseSpec, LessonSpec, LessonText, ModuleSpec, Problem

ROOT = Path(__file__).resolve().parents[2]
#: ``KMI_FLOORS_COURSES`` points the floors at another courses/ folder (e.g. a copy).
COURSES_DIR = Path(os.environ.get("KMI_FLOORS_COURSES") or ROOT / "courses").resolve()
COURSE_SLUG = "iml"
COURSE_DIR = COURSES_DIR / COURSE_SLUG

#: The heading that closes every lesson, per language.
KEY_POINTS = {"en": "Key points", "fr": "Points clés", "es": "Puntos clave"}

#: What ``wc -w`` (GNU coreutils, UTF-8 locale) separates words on: ASCII white space
#: plus the Unicode spaces glibc's ``iswspace`` accepts. The no-break spaces (U+00A0,
#: U+2007, U+202F) are not separators for wc, unlike for Python's ``str.split()``.
_WC_SPACE = " \t\n\v\f\r\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000"
_WC_WORD_RE = re.compile(f"[^{_WC_SPACE}]+")

_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_H2_RE = re.compile(r"^##[ \t]+(.+?)[ \t]*#*[ \t]*$")
_CASE_RE = re.compile(r"^!!![ \t]+case\b")


@lru_cache(maxsize=1)
def load() -> tuple[tuple[CourseSpec, ...], tuple[Problem, ...]]:
    """The whole ``courses/`` tree and its problems, read once per process."""
    courses, problems = load_tree(COURSES_DIR)
    return tuple(courses), tuple(problems)


def course() -> CourseSpec | None:
    """The IML course, or None when the tree has no such course."""
    courses, _ = load()
    return next((c for c in courses if c.slug == COURSE_SLUG), None)


def modules() -> list[ModuleSpec]:
    c = course()
    return list(c.modules) if c else []


def default_lang() -> str:
    c = course()
    return c.default_lang if c else "en"


def rel(path: Path) -> str:
    """``path`` relative to the course folder, e.g. ``01-foundations/01-sources.md``."""
    try:
        return str(Path(path).relative_to(COURSE_DIR))
    except ValueError:
        return str(path)


def quiz_path(module: ModuleSpec, lang: str | None = None) -> Path:
    name = "quiz.gift" if lang in (None, default_lang()) else f"quiz.{lang}.gift"
    return module.path / name


@dataclass(frozen=True)
class LessonVersion:
    """One language version of one lesson, with where it sits."""

    module: ModuleSpec
    lesson: LessonSpec
    lang: str
    text: LessonText

    @property
    def id(self) -> str:
        return rel(self.text.path)


def lesson_versions(*, translations: bool) -> Iterator[LessonVersion]:
    """Default-language versions (``translations=False``) or every translation."""
    lang0 = default_lang()
    for module in modules():
        for lesson in module.lessons:
            for lang, text in lesson.versions.items():
                if (lang != lang0) == translations:
                    yield LessonVersion(module, lesson, lang, text)


def wc_words(text: str) -> int:
    """The number of words in ``text`` as ``wc -w`` counts them."""
    return len(_WC_WORD_RE.findall(text))


def prose_lines(body: str) -> Iterator[str]:
    """The body's lines outside fenced code blocks."""
    fence: str | None = None
    for line in body.splitlines():
        match = _FENCE_RE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        yield line


def h2_sections(body: str) -> list[tuple[str, list[str]]]:
    """The level-2 sections of ``body``: (heading text, the lines under it) in order."""
    sections: list[tuple[str, list[str]]] = []
    for line in prose_lines(body):
        match = _H2_RE.match(line)
        if match:
            sections.append((match.group(1), []))
        elif sections:
            sections[-1][1].append(line)
    return sections


def case_boxes(body: str) -> int:
    """How many ``!!! case`` admonitions start at the beginning of a line."""
    return sum(1 for line in prose_lines(body) if _CASE_RE.match(line))


def is_case(question) -> bool:
    return "case" in question.tags


@dataclass(frozen=True)
class ModuleFigures:
    position: int
    slug: str
    lessons: int
    words: int  #: default language, wc -w of the lesson bodies
    translated_words: dict[str, int]  #: per translation language present
    minutes: int  #: estimated_minutes of module.yaml
    questions: int  #: default-language quiz, description items included
    graded: int
    case_tagged: int


def module_figures(module: ModuleSpec) -> ModuleFigures:
    lang0 = default_lang()
    translated: dict[str, int] = {}
    for lesson in module.lessons:
        for lang, text in lesson.versions.items():
            if lang != lang0:
                translated[lang] = translated.get(lang, 0) + wc_words(text.body)
    questions = [q.versions[lang0] for q in module.questions]
    return ModuleFigures(
        position=module.position,
        slug=module.slug,
        lessons=len(module.lessons),
        words=sum(wc_words(lesson.versions[lang0].body) for lesson in module.lessons),
        translated_words=translated,
        minutes=module.estimated_minutes,
        questions=len(questions),
        graded=sum(1 for q in questions if q.is_graded),
        case_tagged=sum(1 for q in questions if is_case(q)),
    )
