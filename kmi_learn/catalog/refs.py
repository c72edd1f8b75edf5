"""instruments.yaml and glossary.yaml: what lessons cite with ``[@key]`` and ``{term:slug}``."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from kmi_learn.catalog.fields import (
    SLUG_RE,
    Report,
    as_mapping,
    check_keys,
    get_str,
    get_text,
)
from kmi_learn.catalog.spec import InstrumentSpec, Problem, TermSpec
from kmi_learn.catalog.yamlfile import LineDict, LineList, load_yaml

INSTRUMENT_KINDS = (
    "treaty",
    "protocol",
    "declaration",
    "resolution",
    "general-comment",
    "case",
    "advisory-opinion",
    "guidance",
    "statute",
)
#: Kinds that enter into force, so their cards must say when (or why not).
IN_FORCE_KINDS = ("treaty", "protocol")
INSTRUMENT_KEYS = (
    "title", "short", "kind", "body", "adopted", "in_force", "binding", "url", "summary", "status",
)
INSTRUMENT_REQUIRED = ("title", "short", "kind", "body", "adopted", "binding", "url", "summary")
TERM_KEYS = ("term", "definition", "see")

# A partial date (year-month or year) is allowed when the day is not known.
_PARTIAL_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2}))?")


def _iso_date(value: Any) -> str | None:
    """``value`` as an ISO date string (full, or YYYY-MM / YYYY), or None if it is not one."""
    if type(value) is date:  # a datetime is a date too, but a time makes no sense here
        return value.isoformat()
    if not isinstance(value, str):
        return None
    if len(value) == 10:
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    match = _PARTIAL_DATE_RE.fullmatch(value)
    if match and (match.group(2) is None or 1 <= int(match.group(2)) <= 12):
        return value
    return None


def _date_field(entry: LineDict, key: str, rep: Report, name: str) -> str | None:
    if key not in entry:
        return None
    result = _iso_date(entry[key])
    if result is None:
        rep.add(
            entry.line_of(key),
            f"{name}: '{key}' must be an ISO date YYYY-MM-DD (or a quoted \"YYYY-MM\" or "
            f"\"YYYY\" when the day is not known), not {entry[key]!r}",
        )
    return result


def _instrument(key: str, entry: LineDict, rep: Report) -> InstrumentSpec | None:
    name = f"instrument '{key}'"
    check_keys(entry, rep, INSTRUMENT_KEYS, INSTRUMENT_REQUIRED, prefix=f"{key}.")
    texts = {
        k: get_str(entry, k, rep, prefix=f"{key}.")
        for k in INSTRUMENT_KEYS
        if k not in ("adopted", "in_force", "binding")
    }
    kind = texts["kind"]
    if kind is not None and kind not in INSTRUMENT_KINDS:
        rep.add(
            entry.line_of("kind"),
            f"{name}: unknown kind '{kind}' (one of {', '.join(INSTRUMENT_KINDS)})",
        )
        kind = None
    adopted = _date_field(entry, "adopted", rep, name)
    in_force = _date_field(entry, "in_force", rep, name)
    if kind in IN_FORCE_KINDS and "in_force" not in entry and "status" not in entry:
        rep.add(
            entry.line,
            f"{name}: a {kind} needs 'in_force' (or a 'status' saying it is not in force)",
        )
    binding = entry.get("binding")
    if "binding" in entry and not isinstance(binding, bool):
        rep.add(entry.line_of("binding"), f"{name}: 'binding' must be true or false")
    url = texts["url"]
    if url is not None and not url.startswith("https://"):
        rep.add(entry.line_of("url"), f"{name}: 'url' must be an https:// link")
    required = [texts[k] for k in ("title", "short", "body", "summary", "url")]
    if None in required or kind is None or adopted is None or not isinstance(binding, bool):
        return None
    if "in_force" in entry and in_force is None:
        return None
    return InstrumentSpec(
        key=key,
        title=texts["title"],
        short=texts["short"],
        kind=kind,
        body=texts["body"],
        adopted=adopted,
        in_force=in_force,
        binding=binding,
        url=url,
        summary=texts["summary"],
        status=texts["status"],
    )


def _entries(path: Path, display: str, problems: list[Problem]):
    """The (key, entry, report) of a top-level mapping file whose keys are slugs."""
    data, yaml_problems = load_yaml(path, display)
    problems.extend(yaml_problems)
    rep = Report(display, problems)
    if yaml_problems or data is None:
        return
    data = as_mapping(data, rep, path.name)
    if data is None:
        return
    for key, entry in data.items():
        if not isinstance(key, str) or not SLUG_RE.fullmatch(key):
            rep.add(data.line_of(key), f"'{key}' is not a valid key: use a-z, 0-9 and -")
            continue
        entry = as_mapping(entry, rep, f"'{key}'", data.line_of(key))
        if entry is not None:
            yield key, entry, rep


def load_instruments(
    path: Path, display: str, problems: list[Problem], written: set[str] | None = None
) -> dict[str, InstrumentSpec]:
    """Read instruments.yaml (absent: no instruments); valid entries only.

    ``written`` receives every key in the file, valid or not, so that a citation of
    an entry with a problem is not also reported as a citation of an unknown key.
    """
    result: dict[str, InstrumentSpec] = {}
    if path.exists():
        for key, entry, rep in _entries(path, display, problems):
            if written is not None:
                written.add(key)
            spec = _instrument(key, entry, rep)
            if spec is not None:
                result[key] = spec
    return result


def load_glossary(
    path: Path,
    display: str,
    problems: list[Problem],
    languages: list[str],
    written: set[str] | None = None,
) -> dict[str, TermSpec]:
    """Read glossary.yaml (absent: no terms); ``see:`` links are checked against it.

    ``written`` receives every slug in the file, valid or not (see load_instruments).
    """
    result: dict[str, TermSpec] = {}
    known: set[str] = set() if written is None else written
    if not path.exists():
        return result
    see_links: list[tuple[str, int, Report]] = []
    for slug, entry, rep in _entries(path, display, problems):
        known.add(slug)
        check_keys(entry, rep, TERM_KEYS, ("term", "definition"), prefix=f"{slug}.")
        term = get_text(entry, "term", rep, languages, prefix=f"{slug}.")
        definition = get_text(entry, "definition", rep, languages, prefix=f"{slug}.")
        see: list[str] = []
        value = entry.get("see", LineList())
        if not isinstance(value, LineList) or not all(isinstance(s, str) for s in value):
            rep.add(entry.line_of("see"), f"'{slug}.see' must be a list of glossary slugs")
        else:
            see = list(value)
            see_links += [(s, value.line_of(i), rep) for i, s in enumerate(value)]
        if term and definition:
            result[slug] = TermSpec(slug, term, definition, tuple(see))
    # Checked once every entry is known: a see: link may point further down the file.
    for target, line, rep in see_links:
        if target not in known:
            rep.add(line, f"see: unknown glossary term '{target}'")
    return result
