"""Parse the inside of an answer block ``{...}``: decide the type, read the answers.

The type is decided in Moodle's order (qformat_gift::readquestion): empty -> essay,
leading ``#`` -> numerical, any ``~`` -> multiple choice, ``=`` with ``->`` ->
matching, ``T``/``TRUE``/``F``/``FALSE`` -> true/false, anything else -> short
answer. As in Moodle every unescaped ``=`` or ``~`` starts a new answer (even inside
feedback), the first ``#`` of an answer starts its feedback and the last ``####``
of the block starts the general feedback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import checks
from .escapes import WS, clean, find, rfind, scan, trim
from .lexer import Source
from .model import Choice, GiftError, MatchPair, NumericalAnswer
from .numbers import WEIGHT_ATTEMPT, parse_number, parse_percent

_TF = {"T": True, "TRUE": True, "F": False, "FALSE": False}
#: Moodle strips a leading format tag from answers and feedback (parse_text_with_format).
_FORMAT_TAG = re.compile(r"\[(?:moodle|html|plain|markdown)\]")


@dataclass
class Answers:
    """What an answer block holds, in :class:`~kmi_learn.gift.model.Question` terms."""

    qtype: str
    general_feedback: str = ""
    choices: tuple[Choice, ...] = ()
    numerical: tuple[NumericalAnswer, ...] = ()
    pairs: tuple[MatchPair, ...] = ()
    correct: bool | None = None
    feedback_true: str = ""
    feedback_false: str = ""
    single: bool = True  #: multiple choice family: an ``=`` answer was present


def text_of(raw: str, tag: bool = True) -> str:
    """Final text of an answer or feedback piece, dropping a leading ``[format]`` tag."""
    raw = raw.strip(WS)
    match = _FORMAT_TAG.match(raw) if tag else None
    return clean(raw[match.end() :] if match else raw)


def parse_block(src: Source, start: int, end: int, gap: bool) -> Answers:
    """Parse ``src.text[start:end]``, the inside of the braces; GiftError if it is wrong.

    ``gap`` says the block sits inside the text; it only changes the messages
    (a multiple choice there is a "missing word" question).
    """
    s = src.text
    a, b = trim(s, start, end)
    general = ""
    hashes = rfind(s, "####", a, b)
    if hashes >= 0:
        general = text_of(s[hashes + 4 : b])
        a, b = trim(s, a, hashes)
    if a == b:
        result = Answers("essay")
    elif s[a] == "#":
        result = _numerical(src, a + 1, b)
    elif find(s, "~", a, b) >= 0:
        result = _choices(src, a, b, "missing-word" if gap else "multiple-choice")
    elif find(s, "=", a, b) >= 0 and find(s, "->", a, b) >= 0:
        result = _matching(src, a, b)
    else:
        hash_at = find(s, "#", a, b)
        head = s[a : b if hash_at < 0 else hash_at].strip(WS)
        result = _truefalse(src, a, b, hash_at) if head in _TF else _shortanswer(src, a, b)
    result.general_feedback = general
    return result


def _segments(
    s: str, a: int, b: int, markers: str
) -> tuple[tuple[int, int], list[tuple[str, int, int]]]:
    """Cut ``s[a:b]`` at unescaped markers: the text before the first one, then
    ``(marker, marker_pos, segment_end)`` for each answer (its text starts after the marker)."""
    cuts = [(i, ch) for i, ch in scan(s, a, b) if ch in markers]
    lead = (a, cuts[0][0] if cuts else b)
    ends = [i for i, _ in cuts[1:]] + [b] if cuts else []
    return lead, [(ch, i, stop) for (i, ch), stop in zip(cuts, ends, strict=True)]


def _no_lead(src: Source, lead: tuple[int, int], markers: str) -> None:
    a, b = trim(src.text, *lead)
    if a < b:
        text = src.text[a:b]
        hash_at = find(src.text, "#", a, b)
        hint = ""
        if src.text[a : b if hash_at < 0 else hash_at].strip(WS).upper() in _TF:
            hint = " (true/false answers are written T, TRUE, F or FALSE in capitals)"
        raise GiftError(
            f"'{text}' is not an answer: answers start with {markers}{hint}", src.line_at(a)
        )


def _weight(s: str, a: int, b: int, line: int) -> tuple[float | None, int]:
    """Read an optional ``%weight%`` at ``s[a:b]``: (fraction or None, where the text starts)."""
    match = WEIGHT_ATTEMPT.match(s, a, b)
    if not match:
        return None, a
    fraction = parse_percent(match.group(1))
    if fraction is None:
        raise GiftError(
            f"invalid weight {match.group(0)}: write a percentage such as %50% or %-33.33333%", line
        )
    if not -1 <= fraction <= 1:
        raise GiftError(
            f"weight {match.group(0)} is out of range: weights go from -100% to 100%", line
        )
    return fraction, match.end()


def _answer(src: Source, marker: str, pos: int, stop: int) -> tuple[float | None, str, str, int]:
    """One answer after ``marker`` at ``pos``: (weight or None, text, feedback, line)."""
    s, line = src.text, src.line_at(pos)
    a, b = trim(s, pos + 1, stop)
    weight, a = _weight(s, a, b, line)
    hash_at = find(s, "#", a, b)
    text = text_of(s[a : b if hash_at < 0 else hash_at])
    feedback = "" if hash_at < 0 else text_of(s[hash_at + 1 : b])
    if not text:
        raise GiftError(f"empty answer after '{marker}'", line)
    return weight, text, feedback, line


def _choices(src: Source, a: int, b: int, kind: str) -> Answers:
    lead, segments = _segments(src.text, a, b, "=~")
    _no_lead(src, lead, "= or ~")
    choices = []
    for marker, pos, stop in segments:
        weight, text, feedback, _ = _answer(src, marker, pos, stop)
        # Moodle ignores a weight after "=" (always 100%); kmi_learn honours it,
        # which is also how the writer keeps a text starting with "%" intact.
        default = 1.0 if marker == "=" else 0.0
        choices.append(Choice(text, default if weight is None else weight, feedback))
    single = any(marker == "=" for marker, _, _ in segments)
    checks.check_choices(tuple(choices), single, kind, src.line_at(a))
    return Answers(
        "multichoice" if single else "multiresponse", choices=tuple(choices), single=single
    )


def _shortanswer(src: Source, a: int, b: int) -> Answers:
    lead, segments = _segments(src.text, a, b, "=")
    _no_lead(src, lead, "=")
    choices = []
    for marker, pos, stop in segments:
        weight, text, feedback, _ = _answer(src, marker, pos, stop)
        choices.append(Choice(text, 1.0 if weight is None else weight, feedback))
    checks.check_full_mark([c.fraction for c in choices], "short-answer", src.line_at(a))
    return Answers("shortanswer", choices=tuple(choices))


def _truefalse(src: Source, a: int, b: int, hash_at: int) -> Answers:
    """``{T#feedback-for-the-wrong-answer#feedback-for-the-right-answer}``.

    The order is Moodle's split_truefalse_comment().
    """
    s = src.text
    correct = _TF[s[a : b if hash_at < 0 else hash_at].strip(WS)]
    wrong = right = ""
    if hash_at >= 0:
        second = find(s, "#", hash_at + 1, b)
        wrong = text_of(s[hash_at + 1 : b if second < 0 else second])
        if second >= 0:
            right = text_of(s[second + 1 : b])
    # "Right" feedback goes to whoever gave the right answer, "wrong" to the others.
    true_fb, false_fb = (right, wrong) if correct else (wrong, right)
    return Answers("truefalse", correct=correct, feedback_true=true_fb, feedback_false=false_fb)


def _numerical(src: Source, a: int, b: int) -> Answers:
    s = src.text
    tilde = find(s, "~", a, b)
    if tilde >= 0:
        raise GiftError(
            "'~' in a numerical question (Moodle's feedback for any other answer) is not "
            "supported: put that feedback in the general feedback after ####",
            src.line_at(tilde),
        )
    lead, segments = _segments(s, a, b, "=")
    first_a, first_b = trim(s, *lead)
    if first_a < first_b:  # "{#1822:5}": the first answer needs no "="
        segments.insert(0, ("#", first_a - 1, lead[1]))
    answers = [_number(src, marker, pos, stop) for marker, pos, stop in segments]
    checks.check_full_mark([n.fraction for n in answers], "numerical", src.line_at(a))
    return Answers("numerical", numerical=tuple(answers))


def _number(src: Source, marker: str, pos: int, stop: int) -> NumericalAnswer:
    """``[%w%]value[:tolerance]`` or ``[%w%]min..max``, then ``#feedback``."""
    s, line = src.text, src.line_at(pos + 1)
    a, b = trim(s, pos + 1, stop)
    weight, a = _weight(s, a, b, line)
    hash_at = find(s, "#", a, b)
    spec = clean(s[a : b if hash_at < 0 else hash_at])
    feedback = "" if hash_at < 0 else text_of(s[hash_at + 1 : b])
    if not spec:
        raise GiftError(f"missing number after '{marker}'", line)
    fraction = 1.0 if weight is None else weight
    if spec.find("..") > 0:
        low, high = (_float(part, line) for part in spec.split("..", 1))
        if low > high:
            raise GiftError(f"range {spec}: the minimum is greater than the maximum", line)
        value = (low + high) / 2
        return NumericalAnswer(value, high - value, fraction, feedback)
    if spec.find(":") > 0:
        value_text, tolerance_text = spec.split(":", 1)
        value, tolerance = _float(value_text, line), _float(tolerance_text, line)
        if tolerance < 0:
            raise GiftError(f"tolerance {tolerance_text.strip()} is negative", line)
        return NumericalAnswer(value, tolerance, fraction, feedback)
    return NumericalAnswer(_float(spec, line), 0.0, fraction, feedback)


def _float(text: str, line: int) -> float:
    value = parse_number(text.strip(WS))
    if value is None:
        raise GiftError(f"'{text.strip(WS)}' is not a number", line)
    return value


def _matching(src: Source, a: int, b: int) -> Answers:
    s = src.text
    lead, segments = _segments(s, a, b, "=")
    _no_lead(src, lead, "=")
    pairs = []
    for _, pos, stop in segments:
        line = src.line_at(pos)
        arrow = find(s, "->", pos + 1, stop)
        if arrow < 0:
            raw = s[pos:stop].strip(WS)
            raise GiftError(
                f"'{raw}' has no '->': matching answers are written =question -> answer", line
            )
        hash_at = find(s, "#", pos + 1, stop)
        if hash_at >= 0:
            raise GiftError(
                "matching answers have no feedback: write a literal # as \\#", src.line_at(hash_at)
            )
        question = text_of(s[pos + 1 : arrow])
        # Moodle reads no format tag on the answer side (escapedchar_post only).
        answer = text_of(s[arrow + 2 : stop], tag=False)
        if not answer:
            what = f"the question '{question}'" if question else "a pair"
            raise GiftError(f"{what} has no answer after '->'", line)
        pairs.append(MatchPair(question, answer))
    checks.check_pairs(pairs, src.line_at(a))
    return Answers("matching", pairs=tuple(pairs))
