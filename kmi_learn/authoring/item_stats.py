"""Item statistics of a quiz, shaped for the pages (the numbers: statistics.py).

Being built: the signatures and dataclasses below are the contract the question
bank uses; the values come from the finished attempts.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ItemStats:
    """Moodle's item statistics of one question (None where not computable)."""

    question_id: int
    attempts: int = 0
    facility: float | None = None  #: percent
    sd: float | None = None  #: percent
    discrimination: float | None = None  #: percent, correlation with the rest of the test
    efficiency: float | None = None  #: discriminative efficiency, percent
    flags: list[str] = field(default_factory=list)  #: e.g. "very easy", "negative discrimination"


@dataclass
class QuizStats:
    module_id: int
    attempts: int = 0
    first_attempts_only: bool = True
    items: dict[int, ItemStats] = field(default_factory=dict)  #: by Question.id
    too_few: bool = True  #: too few attempts to trust the figures


def stats_for_module(module_id: int, first_attempts_only: bool = True) -> QuizStats:
    """Statistics of the module's quiz, by question id."""
    return QuizStats(module_id=module_id, first_attempts_only=first_attempts_only)
