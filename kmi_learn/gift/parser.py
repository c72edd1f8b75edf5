"""Read GIFT text into :class:`~kmi_learn.gift.model.Question` objects.

One question is read like Moodle's qformat_gift::readquestion(): optional
``::title::``, optional ``[format]``, the text, and at most one answer block. When
text follows the block, the block is replaced by :data:`GAP` in the text (Moodle's
missing-word rule); a multiple choice there is a ``missingword`` question.
"""

from __future__ import annotations

import re

from .answers import parse_block
from .escapes import WS, clean, find, trim
from .lexer import Category, Chunk, Source, decode, split_items
from .meta import Meta, read_meta
from .model import GAP, TEXT_FORMATS, GiftError, Question

_FORMAT = re.compile(r"\[([A-Za-z]+)\]")


def parse_all(
    text: str | bytes, *, default_format: str = "moodle"
) -> tuple[list[Question], list[GiftError]]:
    """Parse every question, collecting one error per broken question instead of stopping.

    Questions with an error are left out of the list; errors come in file order.
    ``bytes`` are decoded first (UTF-8, BOM allowed); if that fails the only error is
    the decoding one.
    """
    if default_format not in TEXT_FORMATS:
        raise ValueError(f"default_format must be one of {TEXT_FORMATS}, not {default_format!r}")
    if isinstance(text, bytes):
        try:
            text = decode(text)
        except GiftError as error:
            return [], [error]
    questions: list[Question] = []
    errors: list[GiftError] = []
    category: str | None = None
    ids: dict[str, int] = {}
    for item in split_items(text):
        if isinstance(item, Category):
            category = item.path
            continue
        try:
            meta = read_meta(item.comments)
            if meta.id is not None:
                first = ids.setdefault(meta.id, meta.id_line)
                if first != meta.id_line:
                    raise GiftError(
                        f"duplicate id '{meta.id}' (already used on line {first})", meta.id_line
                    )
            questions.append(parse_chunk(item, meta, category, default_format))
        except GiftError as error:
            errors.append(error)
    return questions, errors


def parse(text: str | bytes, *, default_format: str = "moodle") -> list[Question]:
    """Parse GIFT text (or UTF-8 bytes); raise the first :class:`GiftError` met."""
    questions, errors = parse_all(text, default_format=default_format)
    if errors:
        raise errors[0]
    return questions


def parse_chunk(chunk: Chunk, meta: Meta, category: str | None, default_format: str) -> Question:
    """Build one question from its lines; GiftError naming the line on a syntax error."""
    src = Source(chunk.lines)
    s = src.text
    a, b = trim(s, 0, len(s))
    title = ""
    if s.startswith("::", a):
        close = find(s, "::", a + 2, b)
        if close < 0:
            raise GiftError(
                "the title is not closed: write ::title:: (a literal colon is \\:)", src.line_at(a)
            )
        title = clean(s[a + 2 : close])
        a, b = trim(s, close + 2, b)
    text_format, a = _read_format(src, a, b, default_format)

    opening, closing = find(s, "{", a, b), find(s, "}", a, b)
    fields: dict = {}
    if opening < 0 and closing < 0:
        qtype, text = "description", clean(s[a:b])
    else:
        _check_braces(src, opening, closing, b)
        after = s[closing + 1 : b]
        gap = bool(after.strip(WS))
        text = clean(s[a:opening] + (GAP if gap else "") + after)
        answers = parse_block(src, opening + 1, closing, gap)
        qtype = answers.qtype
        if gap and qtype in ("multichoice", "multiresponse"):
            qtype = "missingword"
        fields = {name: getattr(answers, name) for name in _ANSWER_FIELDS}
    if not text:
        raise GiftError("the question has no text", chunk.line)
    return Question(
        qtype=qtype,
        text=text,
        text_format=text_format,
        title=title,
        id=meta.id,
        tags=meta.tags,
        category=category,
        line=chunk.line,
        **fields,
    )


_ANSWER_FIELDS = (
    "general_feedback",
    "choices",
    "numerical",
    "pairs",
    "correct",
    "feedback_true",
    "feedback_false",
)


def _read_format(src: Source, a: int, b: int, default: str) -> tuple[str, int]:
    """Read a ``[format]`` tag at ``a``: (format, where the text starts).

    Moodle silently keeps an unknown tag as text; kmi_learn reports it, since
    ``[HTML]`` or ``[markdow]`` is far more often a typo than wanted text.
    """
    match = _FORMAT.match(src.text, a, b)
    if not match:
        return default, a
    name = match.group(1)
    if name not in TEXT_FORMATS:
        raise GiftError(
            f"unknown text format [{name}]: use [moodle], [html], [plain] or [markdown] "
            "(to start a text with a bracketed word, put [moodle] before it)",
            src.line_at(a),
        )
    return name, trim(src.text, match.end(), b)[0]


def _check_braces(src: Source, opening: int, closing: int, end: int) -> None:
    """One answer block ``{...}`` per question, with no stray brace around it."""
    s = src.text
    if opening < 0 or 0 <= closing < opening:
        raise GiftError(
            "'}' without a '{' before it (a literal brace is written \\})", src.line_at(closing)
        )
    if closing < 0:
        raise GiftError(
            "'{' is never closed with '}' (a literal brace is written \\{)", src.line_at(opening)
        )
    nested = find(s, "{", opening + 1, closing)
    if nested >= 0:
        raise GiftError(
            f"'{{' inside the answer block opened on line {src.line_at(opening)} "
            "(a literal brace is written \\{)",
            src.line_at(nested),
        )
    again = find(s, "{", closing + 1, end)
    if again >= 0:
        raise GiftError(
            "text after '}' contains another '{': a question has one answer block "
            "(separate questions with a blank line; a literal brace is written \\{)",
            src.line_at(again),
        )
    stray = find(s, "}", closing + 1, end)
    if stray >= 0:
        raise GiftError(
            "'}' without a '{' before it (a literal brace is written \\})", src.line_at(stray)
        )
