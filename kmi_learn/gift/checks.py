"""Moodle's own sanity rules on answers, applied while parsing.

Moodle's GIFT importer accepts more than Moodle's question editor does; the editor
forms (qtype_*/edit_*_form.php validation()) are the rules a question must follow to
be usable, so they are checked here with the same thresholds.
"""

from __future__ import annotations

from .model import Choice, GiftError, MatchPair
from .numbers import format_number


def _percent(fraction: float) -> str:
    return format_number(round(fraction * 100, 5))


def check_choices(choices: tuple[Choice, ...], single: bool, kind: str, line: int) -> None:
    """Multiple choice (edit_multichoice_form): >= 2 answers, then the grade rule.

    With an ``=`` answer (``single``) the best answer must be worth exactly 100%;
    without one, several answers may be chosen and the positive weights must add
    up to 100% (rounded to 2 decimals, as Moodle does).
    """
    if len(choices) < 2:
        raise GiftError(
            f"a {kind} question needs at least 2 answers, this one has {len(choices)}", line
        )
    if single:
        best = max(choice.fraction for choice in choices)
        if best != 1:
            raise GiftError(
                f"one answer must be worth 100%, the best one is worth {_percent(best)}%", line
            )
        return
    total = round(sum(choice.fraction for choice in choices if choice.fraction > 0), 2)
    if total != 1:
        raise GiftError(
            f"the grades for the correct answers total {_percent(total)}%, they must total 100% "
            "(without an '=' answer several answers can be chosen: give them weights "
            "like ~%50% that add up to 100%)",
            line,
        )


def check_full_mark(fractions: list[float], kind: str, line: int) -> None:
    """Short answer and numerical: one answer must be worth 100% (fractionsnomax)."""
    if not fractions:
        raise GiftError(f"a {kind} question needs at least one answer", line)
    if max(fractions) != 1:
        raise GiftError(
            f"one answer of a {kind} question must be worth 100%, "
            f"the best one is worth {_percent(max(fractions))}%",
            line,
        )


def check_pairs(pairs: list[MatchPair], line: int) -> None:
    """Matching (edit_match_form): at least 2 questions and 3 answers.

    A pair with an empty question is an extra wrong answer, so it counts as an
    answer but not as a question.
    """
    questions = sum(1 for pair in pairs if pair.question)
    if questions < 2 or len(pairs) < 3:
        raise GiftError(
            "a matching question needs at least 2 questions and 3 answers "
            f"(it has {questions} and {len(pairs)}; add a wrong answer with '= -> answer')",
            line,
        )
