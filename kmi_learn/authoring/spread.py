"""The spread of answers to one question version: who chose what. Pure functions.

Rows are listed in the version's canonical order (never a delegate's shuffled
order). ``credit`` is what the version's answer key gives that answer (percent),
so that a facilitator can spot a key that disagrees with the strong delegates.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kmi_learn.gift.model import Question
from kmi_learn.quizzes.grading import grade, is_answered, match_answers, parse_number

#: typed answers beyond this many distinct ones are summed up in one "other" row
MAX_TYPED_ROWS = 20


@dataclass(frozen=True)
class SpreadRow:
    """One answer and how many chose it.

    ``kind`` says how to label it: "choice" (``html``: the version's sanitized
    HTML), "typed" (``text``: what delegates typed, to be escaped), "true",
    "false", "none" (no answer) or "other" (the typed answers left out).
    ``part`` is the sanitized HTML of the matching stem the row belongs to.
    """

    kind: str
    count: int
    percent: float  #: of the responses to this version
    credit: float | None = None  #: percent the key gives this answer
    html: str | None = None
    text: str | None = None
    part: str | None = None


def _rows_choices(q: Question, html: dict, responses: Sequence[Any], multi: bool) -> list[tuple]:
    counts: Counter[int] = Counter()
    for response in responses:
        chosen = response if multi and isinstance(response, list) else [response]
        counts.update(i for i in set(chosen) if isinstance(i, int) and not isinstance(i, bool))
    return [("choice", counts[i], 100.0 * c.fraction, html["choices"][i], None, None)
            for i, c in enumerate(q.choices)]


def _normal(text: str) -> str:
    return " ".join(text.split())


def _rows_typed(q: Question, responses: Sequence[Any]) -> list[tuple]:
    """Short answers grouped case-insensitively; numbers grouped by their value."""
    groups: Counter[Any] = Counter()
    labels: dict[Any, str] = {}
    for response in responses:
        text = _normal(str(response))
        value = parse_number(text) if q.qtype == "numerical" else None
        key = ("n", value) if value is not None else ("t", text.casefold())
        groups[key] += 1
        labels.setdefault(key, f"{value:g}" if value is not None else text)
    ordered = sorted(groups.items(), key=lambda item: (-item[1], labels[item[0]]))
    rows = [("typed", count, 100.0 * grade(q, labels[key]).fraction, None, labels[key], None)
            for key, count in ordered[:MAX_TYPED_ROWS]]
    rest = sum(count for _key, count in ordered[MAX_TYPED_ROWS:])
    if rest:
        rows.append(("other", rest, None, None, None, None))
    return rows


def _rows_matching(q: Question, html: dict, responses: Sequence[Any]) -> list[tuple]:
    answers = match_answers(q)
    stems = [p for p in q.pairs if p.question]
    rows = []
    for s, pair in enumerate(stems):
        counts = Counter(
            r[s] for r in responses
            if isinstance(r, list) and s < len(r) and isinstance(r[s], int)
            and not isinstance(r[s], bool))
        for a, answer in enumerate(answers):
            rows.append(("choice", counts[a], 100.0 if answer == pair.answer else 0.0,
                         html["answers"][a], None, html["stems"][s]))
    return rows


def answer_spread(q: Question, html: dict[str, Any], responses: Sequence[Any]) -> list[SpreadRow]:
    """The spread of ``responses`` (as saved, canonical order) to the version ``q``.

    Multiple response: how many chose each choice (a delegate counts once per
    choice, so the counts add up to more than the responses). Matching: for each
    stem, how many matched it with each answer.
    """
    total = len(responses)
    answered = [r for r in responses if is_answered(q, r)]
    kind = q.qtype
    if kind in ("multichoice", "missingword", "multiresponse"):
        raw = _rows_choices(q, html, answered, multi=kind == "multiresponse")
    elif kind == "truefalse":
        raw = [(str(value).lower(), sum(1 for r in answered if r is value),
                100.0 if q.correct is value else 0.0, None, None, None)
               for value in (True, False)]
    elif kind in ("shortanswer", "numerical"):
        raw = _rows_typed(q, answered)
    elif kind == "matching":
        raw = _rows_matching(q, html, answered)
    else:
        raw = []
    missing = total - len(answered)
    if missing:
        raw.append(("none", missing, 0.0, None, None, None))
    return [SpreadRow(kind=k, count=count, percent=100.0 * count / total if total else 0.0,
                      credit=credit, html=label_html, text=text, part=part)
            for k, count, credit, label_html, text, part in raw]
