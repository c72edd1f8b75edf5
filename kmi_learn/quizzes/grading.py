"""Grading of one answer to one question: pure functions, Moodle's rules.

A *response* is what the quiz form saved, in the canonical order of the question
(never the shuffled display order):

=================  ==========================================================
multichoice        int: index of the chosen choice
missingword        int: index of the chosen choice
multiresponse      list[int]: indices of the chosen choices
truefalse          bool
shortanswer        str: what was typed
numerical          str: what was typed ("1.5", "1,5", " 2 ")
matching           list[int | None]: for each stem, index into match_answers(q)
=================  ==========================================================

Every grade is a fraction in [0, 1]; partial credit wherever Moodle gives it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kmi_learn.gift.model import NumericalAnswer, Question


@dataclass(frozen=True)
class Graded:
    fraction: float  #: 0..1
    #: indices of the choices (or numerical answers) whose feedback applies
    matched: tuple[int, ...] = ()


def match_stems(q: Question) -> list[str]:
    """The left-hand side of a matching question (distractor rows left out)."""
    return [p.question for p in q.pairs if p.question]


def match_answers(q: Question) -> list[str]:
    """The distinct right-hand answers, in the order they first appear."""
    seen: list[str] = []
    for pair in q.pairs:
        if pair.answer not in seen:
            seen.append(pair.answer)
    return seen


def max_mark(q: Question) -> float:
    """Description questions carry no mark; every other question is worth 1."""
    return 1.0 if q.is_graded else 0.0


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def _valid_index(q: Question, index: Any) -> bool:
    return (isinstance(index, int) and not isinstance(index, bool)
            and 0 <= index < len(q.choices))


def _wildcard_match(pattern: str, text: str) -> bool:
    """Moodle's short-answer comparison: ``*`` matches anything, case ignored."""
    regex = ".*".join(re.escape(part) for part in _normal(pattern).split("*"))
    return re.fullmatch(regex, _normal(text), flags=re.IGNORECASE | re.DOTALL) is not None


def _normal(text: str) -> str:
    return " ".join(text.split())


NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def parse_number(text: Any) -> float | None:
    """A number typed by a person: a decimal comma is accepted, nothing else."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    if not isinstance(text, str):
        return None
    raw = text.strip().replace(" ", "")
    if raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")
    return float(raw) if NUMBER.fullmatch(raw) else None


def _within(answer: NumericalAnswer, value: float) -> bool:
    # Moodle widens the range by a tiny relative epsilon to forgive float noise.
    epsilon = 1e-12 * max(1.0, abs(answer.value))
    low = answer.value - answer.tolerance - epsilon
    return low <= value <= answer.value + answer.tolerance + epsilon


def grade(q: Question, response: Any) -> Graded:
    """Grade ``response`` to ``q``; an unanswered or malformed response scores 0."""
    if response is None or not q.is_graded:
        return Graded(0.0)
    kind = q.qtype
    if kind in ("multichoice", "missingword"):
        if not _valid_index(q, response):
            return Graded(0.0)
        return Graded(_clamp(q.choices[response].fraction), (response,))
    if kind == "multiresponse":
        if not isinstance(response, list):
            return Graded(0.0)
        chosen = tuple(i for i in sorted(set(response)) if _valid_index(q, i))
        return Graded(_clamp(sum(q.choices[i].fraction for i in chosen)), chosen)
    if kind == "truefalse":
        if not isinstance(response, bool):
            return Graded(0.0)
        return Graded(1.0 if response == q.correct else 0.0)
    if kind == "shortanswer":
        if not isinstance(response, str) or not response.strip():
            return Graded(0.0)
        for i, choice in enumerate(q.choices):  # Moodle: the first match decides
            if _wildcard_match(choice.text, response):
                return Graded(_clamp(choice.fraction), (i,))
        return Graded(0.0)
    if kind == "numerical":
        value = parse_number(response)
        if value is None:
            return Graded(0.0)
        for i, answer in enumerate(q.numerical):
            if _within(answer, value):
                return Graded(_clamp(answer.fraction), (i,))
        return Graded(0.0)
    if kind == "matching":
        return Graded(_grade_matching(q, response))
    raise ValueError(f"cannot grade a {kind} question")


def _grade_matching(q: Question, response: Any) -> float:
    stems = [p for p in q.pairs if p.question]
    if not stems or not isinstance(response, list):
        return 0.0
    answers = match_answers(q)
    right = sum(
        1
        for pair, given in zip(stems, response, strict=False)
        if isinstance(given, int) and not isinstance(given, bool)
        and 0 <= given < len(answers) and answers[given] == pair.answer
    )
    return right / len(stems)


def is_answered(q: Question, response: Any) -> bool:
    if response is None:
        return False
    if q.qtype == "matching":
        return isinstance(response, list) and any(r is not None for r in response)
    if q.qtype == "multiresponse":
        return isinstance(response, list) and bool(response)
    if isinstance(response, str):
        return bool(response.strip())
    return True


def correct_response(q: Question) -> Any:
    """A response that earns full marks (shown on review as the right answer)."""
    if q.qtype in ("multichoice", "missingword"):
        return max(range(len(q.choices)), key=lambda i: q.choices[i].fraction)
    if q.qtype == "multiresponse":
        return [i for i, c in enumerate(q.choices) if c.fraction > 0]
    if q.qtype == "truefalse":
        return q.correct
    if q.qtype == "shortanswer":
        return max(q.choices, key=lambda c: c.fraction).text
    if q.qtype == "numerical":
        best = max(q.numerical, key=lambda a: a.fraction)
        return f"{best.value:g}"
    if q.qtype == "matching":
        answers = match_answers(q)
        return [answers.index(p.answer) for p in q.pairs if p.question]
    return None
