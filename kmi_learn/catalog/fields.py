"""Typed reading of YAML mappings that reports every problem with its file and line."""
from __future__ import annotations

import re
from typing import Any

from kmi_learn.catalog.spec import Problem
from kmi_learn.catalog.yamlfile import LineDict, LineList

SLUG_RE = re.compile(r"[a-z0-9-]+")
LANG_RE = re.compile(r"[a-z]{2}")

_MISSING = object()


class Report:
    """Problems found in one file; they go to a list shared by the whole load."""

    def __init__(self, display: str, problems: list[Problem]):
        self.display = display
        self.problems = problems

    def add(self, line: int, message: str) -> None:
        """Record ``message`` at ``line`` (1-based) of this file."""
        self.problems.append(Problem(self.display, max(line, 1), message))


def as_mapping(value: Any, rep: Report, what: str, line: int = 1) -> LineDict | None:
    """``value`` if it is a mapping, else None and a problem."""
    if isinstance(value, LineDict):
        return value
    rep.add(getattr(value, "line", line), f"{what} must be a mapping of keys to values")
    return None


def check_keys(
    data: LineDict,
    rep: Report,
    allowed: tuple[str, ...],
    required: tuple[str, ...] = (),
    prefix: str = "",
) -> None:
    """Report keys that are not ``allowed`` and ``required`` keys that are missing."""
    for key in data:
        if key not in allowed:
            rep.add(
                data.line_of(key),
                f"unknown key '{prefix}{key}' (allowed: {', '.join(allowed)})",
            )
    for key in required:
        if key not in data:
            rep.add(data.line, f"missing required key '{prefix}{key}'")


def _nonempty_str(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def get_str(
    data: LineDict, key: str, rep: Report, *, required: bool = False, prefix: str = ""
) -> str | None:
    """A non-empty string, or None (reported if present but wrong, or missing and required)."""
    value = data.get(key, _MISSING)
    if value is _MISSING or value is None:
        if required and value is None:
            rep.add(data.line_of(key), f"'{prefix}{key}' must not be empty")
        return None
    if not _nonempty_str(value):
        rep.add(data.line_of(key), f"'{prefix}{key}' must be a non-empty text")
        return None
    return value.strip()


def get_text(
    data: LineDict,
    key: str,
    rep: Report,
    languages: list[str],
    *,
    required: bool = False,
    prefix: str = "",
) -> dict[str, str]:
    """A translatable text: a string (the default language) or a ``{lang: text}`` mapping.

    Languages must be declared in course.yaml; the default one must be given.
    """
    name = f"'{prefix}{key}'"
    value = data.get(key, _MISSING)
    line = data.line_of(key)
    if value is _MISSING:
        return {}
    if _nonempty_str(value):
        return {languages[0]: value.strip()}
    if not isinstance(value, LineDict):
        rep.add(line, f"{name} must be a text or a mapping of language to text")
        return {}
    result: dict[str, str] = {}
    for lang, text in value.items():
        if not _check_lang(lang, value.line_of(lang), rep, languages):
            continue
        if not _nonempty_str(text):
            rep.add(value.line_of(lang), f"{name} in '{lang}' must be a non-empty text")
            continue
        result[lang] = text.strip()
    if languages[0] not in value:
        rep.add(line, f"{name} needs a text in the default language '{languages[0]}'")
    return result


def _check_lang(lang: Any, line: int, rep: Report, languages: list[str]) -> bool:
    if lang not in languages:
        declared = ", ".join(languages)
        rep.add(line, f"language '{lang}' is not declared in course.yaml ({declared})")
        return False
    return True


def get_str_list(
    data: LineDict, key: str, rep: Report, *, prefix: str = ""
) -> list[str] | None:
    """A list of non-empty strings; None (and a problem) when it is something else."""
    value = data.get(key, _MISSING)
    if value is _MISSING:
        return None
    return str_list(value, rep, f"'{prefix}{key}'", data.line_of(key))


def str_list(value: Any, rep: Report, name: str, line: int) -> list[str] | None:
    """``value`` checked as a list of non-empty strings."""
    if not isinstance(value, LineList):
        rep.add(line, f"{name} must be a list of texts")
        return None
    result = []
    for index, item in enumerate(value):
        if not _nonempty_str(item):
            rep.add(value.line_of(index), f"{name} must be a list of non-empty texts")
            continue
        result.append(item.strip())
    return result


def get_text_list(
    data: LineDict, key: str, rep: Report, languages: list[str], *, prefix: str = ""
) -> dict[str, list[str]]:
    """A translatable list: a list (the default language) or ``{lang: [text, ...]}``."""
    value = data.get(key, _MISSING)
    name = f"'{prefix}{key}'"
    if value is _MISSING:
        return {}
    if isinstance(value, LineDict):
        result: dict[str, list[str]] = {}
        for lang, items in value.items():
            if _check_lang(lang, value.line_of(lang), rep, languages):
                checked = str_list(items, rep, f"{name} in '{lang}'", value.line_of(lang))
                if checked is not None:
                    result[lang] = checked
        if languages[0] not in value:
            rep.add(
                data.line_of(key), f"{name} needs a list in the default language '{languages[0]}'"
            )
        return result
    checked = str_list(value, rep, name, data.line_of(key))
    return {languages[0]: checked} if checked is not None else {}


def get_int(
    data: LineDict,
    key: str,
    rep: Report,
    default: int,
    *,
    minimum: int = 0,
    prefix: str = "",
) -> int:
    """An integer of at least ``minimum``; ``default`` when absent or wrong."""
    value = data.get(key, _MISSING)
    if value is _MISSING:
        return default
    # bool is an int in Python; ``true`` for a number is a mistake worth reporting.
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        what = "a positive whole number" if minimum == 1 else f"a whole number >= {minimum}"
        rep.add(data.line_of(key), f"'{prefix}{key}' must be {what} (got {value!r})")
        return default
    return value


def get_bool(
    data: LineDict, key: str, rep: Report, default: bool, *, prefix: str = ""
) -> bool:
    """``true`` or ``false``; ``default`` when absent or wrong."""
    value = data.get(key, _MISSING)
    if value is _MISSING:
        return default
    if not isinstance(value, bool):
        rep.add(data.line_of(key), f"'{prefix}{key}' must be true or false (got {value!r})")
        return default
    return value
