"""Item analysis of a quiz with Moodle's definitions: pure functions, no Flask, no database.

The definitions follow Moodle's "Quiz statistics calculations" (docs.moodle.org/dev)
and its calculators (question/classes/statistics/questions/calculator.php,
mod/quiz/report/statistics/classes/calculator.php):

* Every attempt is a *row*: ``{item: (mark, max_mark)}`` for the items it held.
  With several attempts per person, each attempt counts as a separate person.
* Item figures use the attempts that held the item (random draws, retired items):
  facility = mean mark / max mark; SD = sample SD of the mark / max mark;
  discrimination index = Pearson correlation of the item's mark with the rest of
  the test (the attempt's total minus this item); discriminative efficiency =
  cov(item, rest) / the largest covariance the same two sets of values could have
  (both sorted ascending and paired); random guess score and intended weight
  (max mark / the test's max) come from the question and the quiz.
* Test figures use the attempts' totals as a percent of their maximum: mean,
  median, sample SD, skewness and kurtosis (Moodle's k-statistics), the coefficient
  of internal consistency (Cronbach's alpha, KR-20 for right/wrong items)
  ``p/(p-1) * (1 - sum of item variances / variance of the totals)``, the error
  ratio ``sqrt(1 - CIC)`` and the standard error ``error ratio * SD``.

All figures are percentages. A figure that cannot be computed (one attempt,
nobody varies, a variance of zero) is None: never a ZeroDivisionError.
"""
from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from kmi_learn.gift.model import Question
from kmi_learn.quizzes.grading import match_answers

Row = Mapping[Hashable, tuple[float, float]]

#: variances below this are zero: float noise must not pass for a real spread
EPSILON = 1e-12


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered, middle = sorted(values), len(values) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def covariance(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Sample covariance (n - 1 in the denominator); None below two values."""
    n = len(xs)
    if n < 2 or n != len(ys):
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (n - 1)


def variance(xs: Sequence[float]) -> float | None:
    return covariance(xs, xs)


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; None when either side does not vary."""
    cov, vx, vy = covariance(xs, ys), variance(xs), variance(ys)
    if cov is None or vx is None or vy is None or vx < EPSILON or vy < EPSILON:
        return None
    return max(-1.0, min(1.0, cov / math.sqrt(vx * vy)))


def efficiency(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """cov(x, y) / the covariance of x and y each sorted ascending (Moodle's C_max)."""
    cov = covariance(xs, ys)
    cov_max = covariance(sorted(xs), sorted(ys))
    if cov is None or cov_max is None or cov_max < EPSILON:
        return None
    return cov / cov_max


@dataclass(frozen=True)
class ItemFigures:
    """One item's figures, in percent (None where not computable)."""

    attempts: int
    facility: float | None = None
    sd: float | None = None
    discrimination: float | None = None
    efficiency: float | None = None
    intended_weight: float | None = None  #: mean share of the attempt's maximum
    effective_weight: float | None = None


@dataclass(frozen=True)
class ScoreFigures:
    """The whole test's figures: percentages of the maximum, except skewness/kurtosis."""

    attempts: int
    mean: float | None = None
    median: float | None = None
    sd: float | None = None
    skewness: float | None = None
    kurtosis: float | None = None
    cic: float | None = None  #: coefficient of internal consistency (Cronbach's alpha)
    error_ratio: float | None = None
    standard_error: float | None = None


@dataclass(frozen=True)
class Analysis:
    test: ScoreFigures
    items: dict[Hashable, ItemFigures] = field(default_factory=dict)
    #: "items" or "alternative" (the rows given for reliability), None: no CIC
    reliability_basis: str | None = None


def _percent(value: float | None) -> float | None:
    return None if value is None else 100.0 * value


def item_figures(marks: Sequence[float], rests: Sequence[float],
                 max_mark: float) -> ItemFigures:
    """Figures of one item from its marks and the rest-of-test totals, attempt by attempt."""
    n = len(marks)
    if not n or max_mark <= 0:
        return ItemFigures(n)
    var = variance(marks)
    return ItemFigures(
        attempts=n,
        facility=100.0 * sum(marks) / n / max_mark,
        sd=None if var is None else 100.0 * math.sqrt(max(var, 0.0)) / max_mark,
        discrimination=_percent(correlation(marks, rests)),
        efficiency=_percent(efficiency(marks, rests)),
    )


def score_figures(percents: Sequence[float]) -> ScoreFigures:
    """Mean, median, SD, skewness and kurtosis of the attempts' percentages."""
    s = len(percents)
    if not s:
        return ScoreFigures(0)
    avg = sum(percents) / s
    figures = {"attempts": s, "mean": avg, "median": median(percents)}
    if s > 1:
        powers = [sum((p - avg) ** k for p in percents) for k in (2, 3, 4)]
        figures["sd"] = math.sqrt(powers[0] / (s - 1))
        m2, m3, m4 = (power / s for power in powers)
        k2 = s * m2 / (s - 1)
        if s > 2 and k2 > EPSILON:
            k3 = s * s * m3 / ((s - 1) * (s - 2))
            figures["skewness"] = k3 / k2 ** 1.5
            if s > 3:
                k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
                figures["kurtosis"] = k4 / (k2 * k2)
    return ScoreFigures(**figures)


def cronbach_alpha(rows: Sequence[Row]) -> float | None:
    """Cronbach's alpha (a fraction) when every row holds the same two or more items."""
    if len(rows) < 2:
        return None
    keys = set(rows[0])
    if len(keys) < 2 or any(set(row) != keys for row in rows):
        return None
    totals = [sum(mark for mark, _max in row.values()) for row in rows]
    total_var = variance(totals)
    if total_var is None or total_var < EPSILON:
        return None
    item_var = sum(variance([row[key][0] for row in rows]) or 0.0 for key in keys)
    p = len(keys)
    return p / (p - 1) * (1 - item_var / total_var)


def analyse(rows: Sequence[Row], alternative: Sequence[Row] | None = None) -> Analysis:
    """Item and test figures of ``rows`` (one per attempt).

    The CIC needs every attempt to hold the same items; when they do not (items
    drawn at random, the bank changed between attempts), it is computed from
    ``alternative`` instead (the caller passes the attempts keyed by position, as
    Moodle does for random slots), or left out.
    """
    totals = [sum(mark for mark, _max in row.values()) for row in rows]
    maxima = [sum(top for _mark, top in row.values()) for row in rows]
    percents = [100.0 * t / m if m > 0 else 0.0 for t, m in zip(totals, maxima, strict=True)]
    test = score_figures(percents)
    items: dict[Hashable, ItemFigures] = {}
    covariances: dict[Hashable, float | None] = {}
    keys = list(dict.fromkeys(key for row in rows for key in row))
    for key in keys:
        # (mark, max mark, the attempt's total, the attempt's maximum), attempts holding it
        held = [(*row[key], total, top) for row, total, top in zip(rows, totals, maxima,
                                                                   strict=True) if key in row]
        marks = [mark for mark, _max, _total, _top in held]
        rests = [total - mark for mark, _max, total, _top in held]
        shares = [item_max / top for _mark, item_max, _total, top in held if top > 0]
        figures = item_figures(marks, rests, max(item_max for _m, item_max, _t, _top in held))
        items[key] = replace(figures, intended_weight=_percent(mean(shares)))
        covariances[key] = covariance(marks, [total for _mark, _max, total, _top in held])
    items = _with_effective_weights(items, covariances)
    alpha, basis = cronbach_alpha(rows), "items"
    if alpha is None and alternative is not None:
        alpha, basis = cronbach_alpha(alternative), "alternative"
    if alpha is None:
        return Analysis(test, items, None)
    cic = 100.0 * alpha
    ratio = 100.0 * math.sqrt(max(0.0, 1.0 - alpha))
    test = replace(test, cic=cic, error_ratio=ratio,
                   standard_error=None if test.sd is None else ratio * test.sd / 100)
    return Analysis(test, items, basis)


def _with_effective_weights(items: dict, covariances: dict) -> dict:
    """Moodle's effective weight: sqrt(cov(item, total)) over the sum for all items;
    undefined for every item as soon as one covariance is negative."""
    values = list(covariances.values())
    if not values or any(c is None or c < 0 for c in values):
        return items
    roots = {key: math.sqrt(c) for key, c in covariances.items()}
    whole = sum(roots.values())
    if whole < EPSILON:
        return items
    return {key: replace(figures, effective_weight=100.0 * roots[key] / whole)
            for key, figures in items.items()}


def random_guess_score(q: Question) -> float | None:
    """The mean mark (percent) of someone who answers at random, as Moodle defines it;
    None where Moodle gives none (several answers may be chosen)."""
    kind = q.qtype
    if kind in ("multichoice", "missingword") and q.choices:
        return 100.0 * sum(c.fraction for c in q.choices) / len(q.choices)
    if kind == "truefalse":
        return 50.0
    if kind == "matching":
        answers = match_answers(q)
        return 100.0 / len(answers) if answers else None
    if kind == "shortanswer":  # only a catch-all "*" answer earns anything by chance
        return 100.0 * max((c.fraction for c in q.choices if c.text.strip() == "*"), default=0.0)
    if kind == "numerical":
        return 0.0
    return None


def flags(figures: ItemFigures) -> list[str]:
    """The warnings a facilitator should see; thresholds from Moodle's help texts."""
    found = []
    if figures.facility is not None:
        if figures.facility >= VERY_EASY:
            found.append("very easy")
        elif figures.facility <= VERY_HARD:
            found.append("very hard")
    if figures.discrimination is not None:
        if figures.discrimination < 0:
            found.append("negative discrimination")
        elif figures.discrimination < LOW_DISCRIMINATION:
            found.append("low discrimination")
    return found


#: Moodle's "Quiz report statistics" bands: facility 90-94 "very easy", 95-100
#: "extremely easy"; 6-10 "very difficult", 5 or less "extremely difficult";
#: discrimination 20-29 "weak", 0-19 "very weak, probably invalid", negative "invalid".
VERY_EASY = 90.0
VERY_HARD = 10.0
LOW_DISCRIMINATION = 20.0
