"""Cut GIFT source into items: ``$CATEGORY`` lines and raw question chunks.

A question is a run of non-blank lines, as in Moodle, except that a blank line
inside an open answer block ``{...}`` does not end it (a kmi_learn extension, so
that long answer lists can be spaced out). Comment lines (first non-blank
characters ``//``) are kept apart: they carry ``[id:...]`` and ``[tag:...]``.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .escapes import WS, find, scan
from .model import GiftError

_BOM = "\ufeff"
_CATEGORY = "$CATEGORY:"


@dataclass
class Category:
    """A ``$CATEGORY: path`` line; an empty path means "no category"."""

    line: int
    path: str | None


@dataclass
class Chunk:
    """The lines of one question: its text lines and its comment lines, numbered."""

    line: int  #: the first text line: where the question starts
    lines: list[tuple[int, str]] = field(default_factory=list)
    comments: list[tuple[int, str]] = field(default_factory=list)


class Source:
    """The text lines of a chunk joined by newlines, mapping offsets back to lines."""

    def __init__(self, lines: list[tuple[int, str]]):
        self.text = "\n".join(text for _, text in lines)
        self._starts: list[int] = []
        self._numbers = [number for number, _ in lines]
        offset = 0
        for _, text in lines:
            self._starts.append(offset)
            offset += len(text) + 1

    def line_at(self, pos: int) -> int:
        """The 1-based file line holding offset ``pos`` of :attr:`text`."""
        index = max(bisect_right(self._starts, pos) - 1, 0)
        return self._numbers[index]


def normalize(text: str) -> str:
    """Drop a leading BOM and turn CRLF and lone CR line endings into LF."""
    if text.startswith(_BOM):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes) -> str:
    """Decode a GIFT file: UTF-8 with or without BOM, else GiftError naming the line.

    The line is that of the first byte that is not valid UTF-8, counting CRLF, LF
    and lone CR as line ends like the parser does.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        raise GiftError(
            f"the file is not UTF-8 text (invalid byte 0x{data[exc.start]:02X}); "
            "save it with the UTF-8 encoding",
            line,
        ) from None


def split_items(text: str) -> list[Category | Chunk]:
    """Split normalized-or-not GIFT text into categories and question chunks, in order."""
    lines = normalize(text).split("\n")
    items: list[Category | Chunk] = []
    chunk: Chunk | None = None
    pending: list[tuple[int, str]] = []  # comments seen before the question's text
    depth, in_title = 0, False

    def finish() -> None:
        nonlocal chunk, depth, in_title
        if chunk is not None:
            items.append(chunk)
        chunk, depth, in_title = None, 0, False

    for number, line in enumerate(lines, 1):
        stripped = line.strip(WS)
        if not stripped:
            if chunk is not None and depth > 0 and _closed_later(lines, number):
                chunk.lines.append((number, line))
                continue
            # Comments alone in their block belong to no question (file headers).
            finish()
            pending = []
        elif stripped.startswith("//"):
            (chunk.comments if chunk is not None else pending).append((number, stripped))
        elif depth == 0 and not in_title and stripped.startswith(_CATEGORY):
            # Moodle wants $CATEGORY alone in its block; ending the question here
            # instead of swallowing the next one into the category name is kinder.
            finish()
            pending = []
            items.append(Category(number, stripped[len(_CATEGORY) :].strip(WS) or None))
        else:
            first = chunk is None
            if first:
                chunk = Chunk(number, comments=pending)
                pending = []
            chunk.lines.append((number, line))
            depth, in_title = _track(line, depth, in_title, first)
    finish()
    return items


def _track(line: str, depth: int, in_title: bool, first: bool) -> tuple[int, bool]:
    """Update the brace depth over one line; braces inside a ``::title::`` do not count."""
    pos = 0
    if first:
        lead = len(line) - len(line.lstrip(WS))
        if line.startswith("::", lead):
            in_title, pos = True, lead + 2
    if in_title:
        end = find(line, "::", pos)
        if end < 0:
            return depth, True
        pos = end + 2
    for _, ch in scan(line, pos):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
    return depth, False


def _closed_later(lines: list[str], start: int) -> bool:
    """Whether the next unescaped brace from line index ``start`` on is a ``}``.

    If it is, a blank line inside the open block is just spacing; if it is a ``{``
    (or there is none) the block was left unclosed, and ending the question at the
    blank line keeps the error from swallowing every following question.
    """
    for line in lines[start:]:
        if line.strip(WS).startswith("//"):
            continue
        for _, ch in scan(line):
            if ch in "{}":
                return ch == "}"
    return False
