"""Read and validate ``courses/``: pure Python, no Flask, no database.

:func:`load_tree` reads every course folder and reports every problem at once, so a
facilitator fixes a whole batch per run instead of one error at a time.
"""
from __future__ import annotations

from pathlib import Path

from kmi_learn.catalog.fields import (
    LANG_RE,
    SLUG_RE,
    Report,
    as_mapping,
    check_keys,
    get_bool,
    get_str,
    get_text,
)
from kmi_learn.catalog.lessons import References
from kmi_learn.catalog.modules import NUMBERED_RE, CourseContext, read_module
from kmi_learn.catalog.refs import load_glossary, load_instruments
from kmi_learn.catalog.spec import CourseSpec, ModuleSpec, Problem
from kmi_learn.catalog.yamlfile import LineDict, LineList, load_yaml

COURSE_KEYS = ("title", "summary", "languages", "certificate")
CERTIFICATE_KEYS = ("enabled", "title", "issuer")
COURSE_FILES = ("course.yaml", "glossary.yaml", "instruments.yaml")


class UnknownLanguages(list):
    """The languages of a course whose course.yaml gives none that can be used.

    Checking goes on with ``en`` as the default, and every two-letter code counts as
    declared: the course.yaml problem is reported once, not again in every file.
    """

    def __init__(self) -> None:
        super().__init__(["en"])

    def __contains__(self, lang: object) -> bool:
        return isinstance(lang, str) and LANG_RE.fullmatch(lang) is not None


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is inside it, else as given."""
    if path.is_absolute():
        cwd = Path.cwd()
        if path.is_relative_to(cwd):
            return str(path.relative_to(cwd))
    return str(path)


def load_tree(root: Path) -> tuple[list[CourseSpec], list[Problem]]:
    """Every course under ``root`` (the ``courses/`` folder) and every problem found.

    Problems come sorted by path and line, without duplicates. The courses are
    returned even when there are problems (for reporting); sync must refuse them.
    """
    root = Path(root)
    problems: list[Problem] = []
    courses: list[CourseSpec] = []
    if not root.is_dir():
        return [], [Problem(display_path(root), 1, "no such folder")]
    if (root / "course.yaml").is_file():
        return [], [Problem(display_path(root), 1, "this is a course folder: check the "
                            "folder that holds the courses (its parent)")]
    for path in sorted(root.iterdir()):
        if path.name.startswith(".") or not path.is_dir():
            continue  # a README next to the courses is fine
        if not SLUG_RE.fullmatch(path.name):
            problems.append(Problem(display_path(path), 1, f"course folder '{path.name}' is not "
                                    "a valid slug: use a-z, 0-9 and -"))
            continue
        courses.append(load_course(path, problems))
    return courses, sorted(dict.fromkeys(problems))


def _languages(data: LineDict, rep: Report) -> list[str]:
    value = data.get("languages")
    if "languages" not in data:  # reported as a missing key, or course.yaml is unusable
        return UnknownLanguages()
    line = data.line_of("languages")
    if not isinstance(value, LineList) or not value:
        rep.add(line, "'languages' must be a list of language codes, the default first "
                      "(e.g. [en, fr, es])")
        return UnknownLanguages()
    result: list[str] = []
    for index, lang in enumerate(value):
        if not isinstance(lang, str) or not LANG_RE.fullmatch(lang):
            rep.add(value.line_of(index), f"'{lang}' is not a two-letter language code")
        elif lang in result:
            rep.add(value.line_of(index), f"language '{lang}' is listed twice")
        else:
            result.append(lang)
    return result or UnknownLanguages()


def _certificate(data: LineDict, rep: Report, languages: list[str]) -> dict:
    if "certificate" not in data:
        return {"enabled": False, "title": {}, "issuer": ""}
    cert = as_mapping(data["certificate"], rep, "'certificate'", data.line_of("certificate"))
    if cert is None:
        return {"enabled": False, "title": {}, "issuer": ""}
    check_keys(cert, rep, CERTIFICATE_KEYS, prefix="certificate.")
    return {
        "enabled": get_bool(cert, "enabled", rep, True, prefix="certificate."),
        "title": get_text(cert, "title", rep, languages, prefix="certificate."),
        "issuer": get_str(cert, "issuer", rep, prefix="certificate.") or "",
    }


def _course_yaml(course_dir: Path, problems: list[Problem]):
    path = course_dir / "course.yaml"
    rep = Report(display_path(path), problems)
    if not path.is_file():
        rep.add(1, "missing file: every course folder needs a course.yaml")
        return LineDict(), rep
    data, yaml_problems = load_yaml(path, rep.display)
    problems.extend(yaml_problems)
    if yaml_problems:
        return LineDict(), rep
    data = as_mapping(data, rep, "course.yaml")
    if data is None:
        return LineDict(), rep
    check_keys(data, rep, COURSE_KEYS, ("title", "languages"))
    return data, rep


def _module_dirs(course_dir: Path, problems: list[Problem]) -> list[tuple[Path, str]]:
    """The module folders in order, with their slugs; misnamed entries are reported."""
    found: dict[str, tuple[int, Path]] = {}
    numbers: dict[int, Path] = {}
    for path in sorted(course_dir.iterdir()):
        name = path.name
        if name.startswith(".") or name in COURSE_FILES or (name == "media" and path.is_dir()):
            continue
        rep = Report(display_path(path), problems)
        match = NUMBERED_RE.fullmatch(name)
        if not path.is_dir():
            rep.add(1, f"unexpected file '{name}': a course folder holds course.yaml, "
                       "glossary.yaml, instruments.yaml, media/ and module folders")
        elif match is None:
            rep.add(1, f"folder '{name}' does not match NN-slug (e.g. 01-foundations; "
                       "slug: a-z, 0-9 and -)")
        elif match.group(2) in found:
            other = found[match.group(2)][1].name
            rep.add(1, f"duplicate module slug '{match.group(2)}': {other} has it too")
        else:
            number = int(match.group(1))
            if number in numbers:
                rep.add(1, f"module number {match.group(1)} is also used by "
                           f"{numbers[number].name}: the order is ambiguous")
            numbers[number] = path
            found[match.group(2)] = (number, path)
    ordered = sorted(found.items(), key=lambda item: (item[1][0], item[0]))
    return [(path, slug) for slug, (_, path) in ordered]


def _check_question_ids(modules: list[ModuleSpec], default_lang: str, problems) -> None:
    """A question id must be unique in the whole course: attempts refer to it."""
    first: dict[str, tuple[ModuleSpec, int]] = {}
    for module in modules:
        gift = display_path(module.path / "quiz.gift")
        for question in module.questions:
            line = question.versions[default_lang].line
            if question.id in first:
                other, other_line = first[question.id]
                where = display_path(other.path / "quiz.gift")
                problems.append(Problem(gift, line, f"question id '{question.id}' is "
                                        f"already used in {where}:{other_line}"))
            else:
                first[question.id] = (module, line)


def load_course(course_dir: Path, problems: list[Problem]) -> CourseSpec:
    """Read one course folder; its problems are appended to ``problems``."""
    data, rep = _course_yaml(course_dir, problems)
    languages = _languages(data, rep)
    instrument_keys: set[str] = set()
    term_slugs: set[str] = set()
    instruments = load_instruments(
        course_dir / "instruments.yaml",
        display_path(course_dir / "instruments.yaml"),
        problems,
        instrument_keys,
    )
    glossary = load_glossary(
        course_dir / "glossary.yaml",
        display_path(course_dir / "glossary.yaml"),
        problems,
        languages,
        term_slugs,
    )
    ctx = CourseContext(
        languages=languages,
        refs=References(instrument_keys, term_slugs, course_dir / "media"),
        problems=problems,
        display=display_path,
    )
    modules: list[ModuleSpec] = []
    for path, slug in _module_dirs(course_dir, problems):
        module = read_module(path, slug, len(modules) + 1, ctx)
        if module is not None:
            modules.append(module)
    _check_question_ids(modules, languages[0], problems)
    return CourseSpec(
        slug=course_dir.name,
        path=course_dir,
        title=get_text(data, "title", rep, languages),
        summary=get_text(data, "summary", rep, languages),
        languages=list(languages),
        certificate=_certificate(data, rep, languages),
        instruments=instruments,
        glossary=glossary,
        modules=modules,
    )
