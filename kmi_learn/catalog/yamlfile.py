"""YAML that remembers where each key was written, so problems can point at a line."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kmi_learn.catalog.spec import Problem


class LineDict(dict):
    """A YAML mapping; ``line`` is where it starts, ``key_lines[key]`` where a key is."""

    line: int = 1

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        """The 1-based line of ``key``, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A YAML sequence; ``line`` is where it starts, ``item_lines[i]`` where item i is."""

    line: int = 1

    def __init__(self) -> None:
        super().__init__()
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        """The 1-based line of item ``index``."""
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class DuplicateKeyError(yaml.MarkedYAMLError):
    """A mapping that gives the same key twice: plain YAML would keep the last silently."""


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader (no arbitrary objects) whose mappings and sequences know their lines."""

    line_offset = 0


def _line(loader: _LineLoader, node: yaml.Node) -> int:
    return node.start_mark.line + 1 + loader.line_offset


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = _line(loader, node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain value", key_node.start_mark
            )
        if key in result:
            raise DuplicateKeyError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        value = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = _line(loader, key_node)
        if isinstance(value, (LineDict, LineList)):
            # A nested mapping "is" where its key is: a missing key inside it is
            # best reported there, not at its first (present) key.
            value.line = result.key_lines[key]
        result[key] = value
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList()
    result.line = _line(loader, node)
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.item_lines.append(_line(loader, item))
    return result


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def parse_yaml(text: str, display: str, line_offset: int = 0) -> tuple[Any, list[Problem]]:
    """Parse ``text``; mappings come back as :class:`LineDict`, lists as :class:`LineList`.

    ``line_offset`` is added to every line (for YAML inside a larger file). On a
    syntax error the value is None and the problem points at the error's line.
    """
    loader = _LineLoader(text)
    loader.line_offset = line_offset
    try:
        return loader.get_single_data(), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        message = exc.problem or exc.context or "unreadable"
        return None, [Problem(display, line, f"invalid YAML: {message}")]
    except yaml.YAMLError as exc:  # errors without a position, e.g. a bad character
        return None, [Problem(display, 1 + line_offset, f"invalid YAML: {exc}")]
    finally:
        loader.dispose()


def read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or None and a problem when it cannot be read as UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 1, f"cannot read the file: {exc.strerror}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(display, line, "the file is not valid UTF-8")]
    # A byte-order mark is invisible in editors; drop it rather than report it.
    return text.removeprefix("\ufeff"), []


def load_yaml(path: Path, display: str) -> tuple[Any, list[Problem]]:
    """Read and parse a YAML file (see :func:`parse_yaml`)."""
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    return parse_yaml(text, display)


def split_front_matter(text: str) -> tuple[str, int, str, int] | None:
    """Split a lesson into (front matter, its first line, body, the body's first line).

    The front matter sits between a ``---`` first line and the next ``---`` line.
    Returns None when the file does not start that way or the block is not closed.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            return front, 2, body, index + 2
    return None
