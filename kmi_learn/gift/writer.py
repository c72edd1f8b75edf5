"""Write questions back as canonical GIFT, such that ``parse(write(qs)) == qs``.

Canonical layout: the ``// [id:...] [tag:...]`` line first, then
``::title::[format]text{``, one answer per line (tab-indented), the general
feedback on its own ``####`` line, and ``}``. Every syntax character in a text is
escaped, newlines become ``\\n``. Texts are assumed trimmed, as parsing leaves them:
leading and trailing blanks cannot be written in GIFT.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .escapes import WS, escape
from .meta import write_meta
from .model import GAP, Choice, Question
from .numbers import format_number, format_percent

_FORMAT_TAG = re.compile(r"\[(?:moodle|html|plain|markdown)\]")
#: Types whose block stays at the end even if the text holds a GAP: in the middle
#: they would turn into a missing-word question.
_BLOCK_AT_END = ("multichoice", "multiresponse")


def write(questions: Iterable[Question]) -> str:
    """GIFT text for ``questions``, blank-line separated, ``$CATEGORY`` on each change.

    A change back to "no category" is written as an empty ``$CATEGORY:``, which the
    parser reads as exactly that.
    """
    parts = []
    category: str | None = None
    for question in questions:
        if question.category != category:
            category = question.category
            parts.append(f"$CATEGORY: {category}\n" if category else "$CATEGORY:\n")
        parts.append(write_question(question))
    return "\n".join(parts)


def write_question(q: Question) -> str:
    """GIFT text for one question, ending with a newline (category not included)."""
    lines = []
    meta = write_meta(q.id, q.tags)
    if meta:
        lines.append(meta)
    head = f"::{escape(q.title)}::" if q.title else ""
    if q.text_format != "moodle":
        head += f"[{q.text_format}]"
    elif q.text.startswith(("[", "//")):
        # A leading bracket would read as a format tag, a leading // as a comment.
        head += "[moodle]"
    if q.qtype == "description":
        lines.append(head + escape(q.text))
        return "\n".join(lines) + "\n"
    before, after = _split_at_gap(q)
    lines.append(head + escape(before) + _block(q) + after)
    return "\n".join(lines) + "\n"


def _split_at_gap(q: Question) -> tuple[str, str]:
    """(text before the block, escaped text after it) - the block goes where the GAP is.

    Missing-word questions need text after the block; when their GAP ends the text,
    an escaped newline (``\\n``, trimmed away on reading, as in Moodle) is that text.
    Other types use the GAP only when real text follows it; at the end the GAP is
    kept as plain text and reads back the same.
    """
    at = q.text.find(GAP)
    if at < 0 or q.qtype in _BLOCK_AT_END:
        return q.text, ""
    rest = q.text[at + len(GAP) :]
    if rest.strip(WS):
        return q.text[:at], escape(rest)
    if q.qtype == "missingword":
        return q.text[:at], "\\n"
    return q.text, ""


def _inner(text: str, q: Question) -> str:
    """Escape an answer or feedback text; guard a leading ``[format]`` that it really holds."""
    guard = f"[{q.text_format}]" if _FORMAT_TAG.match(text) else ""
    return guard + escape(text, arrows=True)


def _feedback(text: str, q: Question) -> str:
    return "#" + _inner(text, q) if text else ""


def _block(q: Question) -> str:
    lines = _answer_lines(q)
    if q.general_feedback:
        lines.append("####" + _inner(q.general_feedback, q))
    if q.qtype == "numerical":
        return "{#\n" + "".join(f"\t{line}\n" for line in lines) + "}"
    if not lines:
        return "{}"
    return "{\n" + "".join(f"\t{line}\n" for line in lines) + "}"


def _answer_lines(q: Question) -> list[str]:
    if q.qtype == "truefalse":
        return [_truefalse(q)]
    if q.qtype == "numerical":
        return [
            _prefix("=", answer.fraction, 1.0, "")
            + f"{format_number(answer.value)}:{format_number(answer.tolerance)}"
            + _feedback(answer.feedback, q)
            for answer in q.numerical
        ]
    if q.qtype == "matching":
        return [f"={_inner(p.question, q)} -> {escape(p.answer, arrows=True)}" for p in q.pairs]
    if q.qtype in ("multichoice", "missingword", "multiresponse", "shortanswer"):
        return [_choice(choice, q) for choice in q.choices]
    return []  # essay


def _choice(choice: Choice, q: Question) -> str:
    if q.qtype == "shortanswer":
        marker = _prefix("=", choice.fraction, 1.0, choice.text)
    elif q.qtype == "multiresponse" or choice.fraction != 1:
        # Multiresponse must not get an "=": that would make it single-answer.
        marker = _prefix("~", choice.fraction, 0.0, choice.text)
    else:
        marker = _prefix("=", choice.fraction, 1.0, choice.text)
    return marker + _inner(choice.text, q) + _feedback(choice.feedback, q)


def _prefix(marker: str, fraction: float, implied: float, text: str) -> str:
    """``marker`` plus ``%weight%`` unless the marker implies it; a text starting with
    ``%`` always gets the weight, or its own ``%...%`` would be read as one."""
    if fraction == implied and not text.startswith("%"):
        return marker
    return f"{marker}%{format_percent(fraction)}%"


def _truefalse(q: Question) -> str:
    """``TRUE#wrong#right``: Moodle's order is feedback for the wrong answer first."""
    right, wrong = (
        (q.feedback_true, q.feedback_false) if q.correct else (q.feedback_false, q.feedback_true)
    )
    line = "TRUE" if q.correct else "FALSE"
    if wrong or right:
        line += "#" + _inner(wrong, q)
    if right:
        line += "#" + _inner(right, q)
    return line
