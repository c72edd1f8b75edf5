"""GIFT backslash escapes and escape-aware searching.

Moodle's escapes are ``\\~ \\= \\# \\{ \\} \\:`` (the literal character), ``\\\\`` (a
backslash) and ``\\n`` (a newline). kmi_learn adds ``\\>`` so that a literal ``->``
can be written inside an answer block without turning the question into a matching
one (Moodle has no way to say that). A backslash before any other character is an
ordinary character, as in Moodle (``C:\\temp`` keeps its backslash).

Parsing works on the raw text, escapes still in place: these helpers find the
*unescaped* occurrences of the syntax characters, and :func:`unescape` is applied to
each piece of text once its extent is known.
"""

from __future__ import annotations

from collections.abc import Iterator

#: PHP's trim() set: Moodle trims with it, and Python's str.strip() would also eat
#: non-breaking spaces and other Unicode blanks that Moodle keeps.
WS = " \t\n\r\0\x0b"

_UNESCAPED = {
    "\\": "\\",
    "~": "~",
    "=": "=",
    "#": "#",
    "{": "{",
    "}": "}",
    ":": ":",
    "n": "\n",
    ">": ">",
}

#: Characters the writer always escapes, as Moodle's exporter does.
_ALWAYS = "~=#{}:"


def scan(s: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, str]]:
    """Yield ``(index, char)`` for every character of ``s[start:end]`` not part of an escape.

    ``start`` must not fall inside an escape pair (callers only start right after an
    unescaped character or at a line start).
    """
    stop = len(s) if end is None else end
    i = start
    while i < stop:
        ch = s[i]
        if ch == "\\" and i + 1 < stop and s[i + 1] in _UNESCAPED:
            i += 2
            continue
        yield i, ch
        i += 1


def find(s: str, token: str, start: int = 0, end: int | None = None) -> int:
    """Index of the first unescaped ``token`` in ``s[start:end]``, or -1.

    Only the first character needs checking: the ones after it follow an unescaped
    character, so they cannot be the second half of an escape pair.
    """
    stop = len(s) if end is None else end
    for i, ch in scan(s, start, stop):
        if ch == token[0] and i + len(token) <= stop and s.startswith(token, i):
            return i
    return -1


def rfind(s: str, token: str, start: int = 0, end: int | None = None) -> int:
    """Index of the last unescaped ``token`` in ``s[start:end]``, or -1."""
    stop = len(s) if end is None else end
    last = -1
    for i, ch in scan(s, start, stop):
        if ch == token[0] and i + len(token) <= stop and s.startswith(token, i):
            last = i
    return last


def unescape(s: str) -> str:
    """Replace every escape pair by the character it stands for."""
    out = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s) and s[i + 1] in _UNESCAPED:
            out.append(_UNESCAPED[s[i + 1]])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def escape(s: str, arrows: bool = False) -> str:
    """Escape ``s`` so that :func:`unescape` gives it back and no character is syntax.

    ``arrows`` also escapes the ``>`` of every ``->``: needed inside answer blocks,
    where an unescaped ``->`` makes a matching question.
    """
    out = []
    for i, ch in enumerate(s):
        if ch == "\\":
            out.append("\\\\")
        elif ch in _ALWAYS:
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            # A raw CR would end the line once the file is read back; CRLF counts once.
            out.append("" if s[i + 1 : i + 2] == "\n" else "\\n")
        elif ch == ">" and arrows and i > 0 and s[i - 1] == "-":
            out.append("\\>")
        else:
            out.append(ch)
    return "".join(out)


def trim(s: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past PHP-trim whitespace at both ends."""
    while start < end and s[start] in WS:
        start += 1
    while end > start and s[end - 1] in WS:
        end -= 1
    return start, end


def clean(raw: str) -> str:
    """Final text of a raw piece: trimmed, unescaped, trimmed again (as Moodle does)."""
    return unescape(raw.strip(WS)).strip(WS)
