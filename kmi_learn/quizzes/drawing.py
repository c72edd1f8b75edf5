"""Which questions an attempt gets, and in which order: pure functions.

A description question (a case that the next questions refer to) travels with the
consecutive ``case``-tagged questions after it, so shuffling and drawing never
separate a case from its questions.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

SHUFFLED_TYPES = ("multichoice", "multiresponse", "missingword")


@dataclass(frozen=True)
class Item:
    """A question as the drawing sees it."""

    key: int  #: any id the caller wants back
    qtype: str
    tags: tuple[str, ...]
    n_choices: int = 0  #: choices, or distinct matching answers


def units(items: list[Item]) -> list[list[Item]]:
    """Group ``items`` (in file order) into units that stay together."""
    groups: list[list[Item]] = []
    current: list[Item] | None = None
    for item in items:
        if item.qtype == "description":
            current = [item]
            groups.append(current)
        elif current is not None and "case" in item.tags and (
            len(current) == 1 or "case" in current[-1].tags
        ):
            current.append(item)
        else:
            current = None
            groups.append([item])
    return groups


def _graded(unit: list[Item]) -> int:
    return sum(1 for item in unit if item.qtype != "description")


def draw(items: list[Item], *, shuffle: bool, per_attempt: int,
         rng: random.Random) -> list[Item]:
    """The questions of one attempt, in display order.

    With ``per_attempt`` > 0, whole units are drawn at random until that many graded
    questions are in (a unit that would overshoot is skipped). Units with no graded
    question (a lone description) are dropped from a draw.
    """
    groups = [g for g in units(items) if _graded(g) or not per_attempt]
    if per_attempt:
        pool = groups[:]
        rng.shuffle(pool)
        chosen, count = [], 0
        for unit in pool:
            if count + _graded(unit) <= per_attempt:
                chosen.append(unit)
                count += _graded(unit)
            if count == per_attempt:
                break
        if not shuffle:  # keep the file order among the drawn units
            chosen.sort(key=groups.index)
        groups = chosen
    elif shuffle:
        groups = groups[:]
        rng.shuffle(groups)
    return [item for unit in groups for item in unit]


def choice_order(item: Item, *, shuffle: bool, rng: random.Random) -> list[int]:
    """The display order of a question's choices (indices into the canonical list).

    Matching answers are always shuffled: in file order they would line up with
    their stems and give the answer away.
    """
    order = list(range(item.n_choices))
    if item.qtype == "matching" or (shuffle and item.qtype in SHUFFLED_TYPES):
        rng.shuffle(order)
    return order
