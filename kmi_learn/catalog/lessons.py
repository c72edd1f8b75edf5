"""Lesson files: front matter, and the citations, term links and images of the body."""
from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from kmi_learn.catalog.fields import Report, as_mapping, check_keys, get_int, get_str, get_str_list
from kmi_learn.catalog.markdown_ext import (
    CITE_LOOSE_RE,
    CITE_RE,
    MEDIA_PREFIX,
    TERM_LOOSE_RE,
    TERM_RE,
)
from kmi_learn.catalog.spec import LessonText
from kmi_learn.catalog.yamlfile import parse_yaml, read_text, split_front_matter

FRONT_MATTER_KEYS = ("title", "minutes", "objectives")
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".webp", ".gif")

_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]*)")
_H1_RE = re.compile(r"#(?:\s|$)")


@dataclass(frozen=True)
class References:
    """What a lesson body may refer to: instrument keys, glossary slugs, the media folder."""

    instruments: Collection[str]
    terms: Collection[str]
    media_dir: Path


def read_lesson(path: Path, rep: Report, refs: References) -> LessonText | None:
    """Read one lesson file; None when its front matter is unusable (problems reported)."""
    text, problems = read_text(path, rep.display)
    rep.problems.extend(problems)
    if text is None:
        return None
    parts = split_front_matter(text)
    if parts is None:
        rep.add(1, "a lesson starts with front matter: a '---' line, YAML with title "
                   "and minutes, then a '---' line")
        return None
    front, front_line, body, body_line = parts
    check_body(body, body_line, rep, refs)
    if not body.strip():
        rep.add(body_line, "the lesson has no text after its front matter")
    data, problems = parse_yaml(front, rep.display, line_offset=front_line - 1)
    rep.problems.extend(problems)
    if problems:
        return None
    data = as_mapping(data, rep, "the front matter", front_line)
    if data is None:
        return None
    check_keys(data, rep, FRONT_MATTER_KEYS, ("title", "minutes"))
    title = get_str(data, "title", rep, required=True)
    minutes = get_int(data, "minutes", rep, 0, minimum=1)
    objectives = get_str_list(data, "objectives", rep) or []
    if title is None or minutes == 0:
        return None
    return LessonText(title, minutes, objectives, body, path, body_line)


def _prose_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """The body's lines with their file line numbers, code blocks and code spans removed.

    Code is shown as written, so a ``[@key]`` inside it is an example, not a citation.
    """
    fence: str | None = None
    for offset, line in enumerate(body.splitlines()):
        match = _FENCE_RE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        yield first_line + offset, _CODE_SPAN_RE.sub("", line)


def check_body(body: str, first_line: int, rep: Report, refs: References) -> None:
    """Report broken citations, term links and images, and level-1 headings."""
    for line_no, line in _prose_lines(body, first_line):
        if _H1_RE.match(line):
            rep.add(line_no, "use '##' headings: the lesson's title (from the front matter) "
                             "is its only level-1 heading")
        for match in CITE_LOOSE_RE.finditer(line):
            strict = CITE_RE.match(match.group(0))
            if strict is None or strict.end() != len(match.group(0)):
                rep.add(line_no, f"malformed citation '{match.group(0)}': "
                                 "write [@key] or [@key, locator]")
            elif strict.group(1) not in refs.instruments:
                rep.add(line_no, f"unknown instrument '{strict.group(1)}' in "
                                 f"'{match.group(0)}': not in instruments.yaml")
        for match in TERM_LOOSE_RE.finditer(line):
            strict = TERM_RE.match(match.group(0))
            if strict is None or strict.end() != len(match.group(0)):
                rep.add(line_no, f"malformed term link '{match.group(0)}': "
                                 "write {term:slug} or {term:slug|text}")
            elif strict.group(1) not in refs.terms:
                rep.add(line_no, f"unknown glossary term '{strict.group(1)}' in "
                                 f"'{match.group(0)}': not in glossary.yaml")
        for match in _IMAGE_RE.finditer(line):
            problem = image_problem(match.group(1), refs.media_dir)
            if problem:
                rep.add(line_no, problem)


def image_problem(src: str, media_dir: Path) -> str | None:
    """Why the image ``src`` cannot be shown, or None when it is a file of ``media/``."""
    if not src.startswith(MEDIA_PREFIX):
        return f"image '{src}': images come from the course's media/ folder (media/name.png)"
    suffix = Path(src).suffix.lower()
    if suffix == ".svg":
        return f"image '{src}': SVG images are not allowed (they can carry scripts); " \
               "use png, jpg or webp"
    if suffix not in IMAGE_TYPES:
        return f"image '{src}': not an image type the platform serves (png, jpg, webp)"
    target = (media_dir / src[len(MEDIA_PREFIX):]).resolve()
    # resolve() follows ../ and links: the file must really sit inside media/.
    if not target.is_relative_to(media_dir.resolve()) or not target.is_file():
        return f"image '{src}' does not exist in the course's media/ folder"
    return None
