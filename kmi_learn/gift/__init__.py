"""GIFT (Moodle quiz format) reading and writing for kmi_learn.

Pure Python. Semantics follow Moodle's own importer (question/format/gift/format.php)
plus the rules of Moodle's question editor; where kmi_learn differs it says so in the
module that does it. Entry points:

- :func:`parse` / :func:`parse_all` read ``str`` or UTF-8 ``bytes``;
- :func:`parse_bytes` / :func:`decode` for files;
- :func:`write` / :func:`write_question` produce canonical GIFT that parses back equal.
"""

from __future__ import annotations

from .lexer import decode
from .model import (
    GAP,
    QUESTION_TYPES,
    TEXT_FORMATS,
    Choice,
    GiftError,
    MatchPair,
    NumericalAnswer,
    Question,
)
from .parser import parse, parse_all
from .writer import write, write_question

__all__ = [
    "GAP",
    "QUESTION_TYPES",
    "TEXT_FORMATS",
    "Choice",
    "GiftError",
    "MatchPair",
    "NumericalAnswer",
    "Question",
    "decode",
    "parse",
    "parse_all",
    "parse_bytes",
    "write",
    "write_question",
]


def parse_bytes(data: bytes, *, default_format: str = "moodle") -> list[Question]:
    """Decode a GIFT file (UTF-8, BOM optional) and parse it; GiftError on the first problem.

    A file that is not UTF-8 raises a GiftError naming the line of the first bad byte.
    """
    return parse(decode(data), default_format=default_format)
