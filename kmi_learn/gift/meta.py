"""``// [id:...]`` and ``// [tag:...]`` in the comment lines of a question.

Same syntax as Moodle's extract_idnumber_and_tags_from_comment(): ``]`` inside a
value is written ``\\]``; ids exclude control characters, tags also ``<``, ``>`` and
backquotes. Unlike Moodle, which silently keeps the first id and ignores a broken
token, kmi_learn reports both: an author who wrote them meant something.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .escapes import WS
from .model import GiftError

#: One pass over both kinds, left to right, so that a token's value that looks like
#: another token ("[tag:[id:x\]]") is not read twice, as Moodle's two regexes would.
_TOKEN = re.compile(
    r"\[(?:id:(?P<id>(?:\\\]|[^\]\x00-\x1f\x7f])*)|tag:(?P<tag>(?:\\\]|[^\]<>`\x00-\x1f\x7f])*))\]"
)


@dataclass
class Meta:
    """What the comments say about the question that follows them."""

    id: str | None = None
    id_line: int = 0
    tags: tuple[str, ...] = ()


def read_meta(comments: list[tuple[int, str]]) -> Meta:
    """Collect the id and tags from numbered comment lines; GiftError on a bad token."""
    meta = Meta()
    tags: list[str] = []
    for number, line in comments:
        tokens = list(_TOKEN.finditer(line))
        _check_unclosed(line, number, [token.span() for token in tokens])
        for token in tokens:
            if token.group("tag") is not None:
                tag = _unbracket(token.group("tag"))
                if tag:
                    tags.append(tag)
                continue
            value = _unbracket(token.group("id"))
            if not value:
                raise GiftError("empty [id:]", number)
            if meta.id is not None:
                raise GiftError(
                    f"a second [id:{value}] for one question (it already has "
                    f"[id:{meta.id}] on line {meta.id_line})",
                    number,
                )
            meta.id, meta.id_line = value, number
    meta.tags = tuple(tags)
    return meta


def _unbracket(raw: str) -> str:
    return raw.replace("\\]", "]").strip(WS)


def _check_unclosed(line: str, number: int, spans: list[tuple[int, int]]) -> None:
    """Report a ``[id:`` or ``[tag:`` that no accepted token covers (unclosed, bad char)."""
    for token in ("[id:", "[tag:"):
        pos = line.find(token)
        while pos >= 0:
            # Inside an accepted token ("[id:a[id:b]" is the id "a[id:b") is fine.
            if not any(start <= pos < end for start, end in spans):
                raise GiftError(
                    f"{token}...] is not closed with ']' or holds a character it may not "
                    "(write ] as \\], no control characters; tags also exclude < > `)",
                    number,
                )
            pos = line.find(token, pos + 1)


def write_meta(id: str | None, tags: tuple[str, ...]) -> str:
    """The comment line carrying ``id`` and ``tags``, or "" when there are none."""
    tokens = [] if id is None else [f"[id:{id.replace(']', chr(92) + ']')}]"]
    tokens += [f"[tag:{tag.replace(']', chr(92) + ']')}]" for tag in tags]
    return "// " + " ".join(tokens) if tokens else ""
