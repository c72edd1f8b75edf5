"""The pure item analysis against values computed independently (``statistics``, by hand)."""
from __future__ import annotations

import math
import statistics as st

import pytest

from kmi_learn.authoring import statistics as stats
from kmi_learn.gift.model import Choice, MatchPair, Question

# Six people, three right/wrong items and one with partial credit. C is answered
# right by the weakest and wrong by the strongest: a negative discrimination.
MARKS = {
    "A": [1, 1, 1, 0, 0, 1],
    "B": [1, 1, 0, 1, 0, 1],
    "C": [0, 0, 1, 0, 1, 0],
    "D": [1, 0.5, 0.5, 0, 0, 1],
}
PEOPLE = range(6)


def rows(marks=MARKS):
    return [{key: (float(values[p]), 1.0) for key, values in marks.items()} for p in PEOPLE]


def totals(marks=MARKS):
    return [sum(values[p] for values in marks.values()) for p in PEOPLE]


def test_item_figures_match_independent_computation():
    result = stats.analyse(rows())
    total = totals()
    for key, marks in MARKS.items():
        item = result.items[key]
        rest = [t - m for t, m in zip(total, marks, strict=True)]
        assert item.attempts == 6
        assert item.facility == pytest.approx(100 * st.mean(marks))
        assert item.sd == pytest.approx(100 * st.stdev(marks))
        assert item.discrimination == pytest.approx(100 * st.correlation(marks, rest))
        assert item.efficiency == pytest.approx(
            100 * st.covariance(marks, rest) / st.covariance(sorted(marks), sorted(rest)))
        assert item.intended_weight == pytest.approx(25.0)
    assert result.items["C"].discrimination < 0
    assert result.items["C"].efficiency < 0
    assert result.items["A"].discrimination > 0


def test_test_figures_match_independent_computation():
    result = stats.analyse(rows())
    percents = [100 * t / 4 for t in totals()]
    test = result.test
    assert test.attempts == 6
    assert test.mean == pytest.approx(st.mean(percents))
    assert test.median == pytest.approx(st.median(percents))
    assert test.sd == pytest.approx(st.stdev(percents))
    # Cronbach's alpha by its textbook formula, on the raw marks.
    k = len(MARKS)
    alpha = k / (k - 1) * (1 - sum(st.variance(m) for m in MARKS.values())
                           / st.variance(totals()))
    assert test.cic == pytest.approx(100 * alpha)
    assert test.error_ratio == pytest.approx(100 * math.sqrt(1 - alpha))
    assert test.standard_error == pytest.approx(math.sqrt(1 - alpha) * st.stdev(percents))
    assert result.reliability_basis == "items"


def test_skewness_and_kurtosis_follow_moodles_k_statistics():
    values = [10.0, 20.0, 20.0, 40.0, 90.0]
    n, mean = len(values), st.mean(values)
    m2, m3, m4 = (sum((v - mean) ** k for v in values) / n for k in (2, 3, 4))
    k2 = n * m2 / (n - 1)
    k3 = n * n * m3 / ((n - 1) * (n - 2))
    k4 = n * n * ((n + 1) * m4 - 3 * (n - 1) * m2 * m2) / ((n - 1) * (n - 2) * (n - 3))
    figures = stats.score_figures(values)
    assert figures.skewness == pytest.approx(k3 / k2 ** 1.5) and figures.skewness > 0
    assert figures.kurtosis == pytest.approx(k4 / k2 ** 2)


def test_two_identical_items_are_perfectly_consistent():
    # By hand: var(total) = 4 var(item), so alpha = 2 * (1 - 2v / 4v) = 1.
    data = [{"A": (m, 1.0), "B": (m, 1.0)} for m in (1.0, 0.0, 1.0, 0.0)]
    test = stats.analyse(data).test
    assert test.cic == pytest.approx(100.0)
    assert test.error_ratio == pytest.approx(0.0)
    assert test.standard_error == pytest.approx(0.0)
    items = stats.analyse(data).items
    assert items["A"].discrimination == pytest.approx(100.0)
    assert items["A"].efficiency == pytest.approx(100.0)


def test_zero_variance_gives_none_never_a_division_by_zero():
    everyone_right = [{"A": (1.0, 1.0), "B": (1.0, 1.0)} for _ in range(5)]
    result = stats.analyse(everyone_right)
    item = result.items["A"]
    assert item.facility == 100.0 and item.sd == 0.0
    assert item.discrimination is None and item.efficiency is None
    assert item.effective_weight is None
    test = result.test
    assert test.mean == 100.0 and test.median == 100.0 and test.sd == 0.0
    assert test.skewness is None and test.kurtosis is None
    assert test.cic is None and test.error_ratio is None and test.standard_error is None
    assert stats.flags(item) == ["very easy"]


@pytest.mark.parametrize("data", [
    [],
    [{"A": (1.0, 1.0)}],
    [{"A": (0.0, 1.0), "B": (1.0, 1.0)}],
    [{"A": (0.0, 0.0)}, {"A": (0.0, 0.0)}],  # a question worth nothing
])
def test_degenerate_inputs_never_raise(data):
    result = stats.analyse(data)
    assert result.test.attempts == len(data)
    assert result.test.cic is None


def test_one_item_has_no_internal_consistency():
    data = [{"A": (m, 1.0)} for m in (1.0, 0.0, 1.0)]
    assert stats.analyse(data).test.cic is None


def test_items_drawn_at_random_use_the_attempts_that_held_them_and_positions_for_cic():
    data = [{"A": (1.0, 1.0), "B": (1.0, 1.0)}, {"A": (0.0, 1.0), "C": (0.0, 1.0)},
            {"B": (1.0, 1.0), "C": (0.0, 1.0)}, {"A": (1.0, 1.0), "C": (1.0, 1.0)}]
    positions = [dict(enumerate(row.values())) for row in data]
    result = stats.analyse(data, positions)
    assert result.items["A"].attempts == 3
    assert result.items["A"].facility == pytest.approx(100 * 2 / 3)
    assert result.items["B"].facility == 100.0
    assert result.reliability_basis == "alternative"
    first = [row[0][0] for row in positions]
    second = [row[1][0] for row in positions]
    tot = [a + b for a, b in zip(first, second, strict=True)]
    alpha = 2 * (1 - (st.variance(first) + st.variance(second)) / st.variance(tot))
    assert result.test.cic == pytest.approx(100 * alpha)
    assert stats.analyse(data).test.cic is None  # without positions: left out


def test_effective_weights_add_up_to_100_or_are_left_out():
    positive = {"A": MARKS["A"], "B": MARKS["B"], "D": MARKS["D"]}
    weights = [i.effective_weight for i in stats.analyse(rows(positive)).items.values()]
    assert sum(weights) == pytest.approx(100.0)
    # C covaries negatively with the total: Moodle leaves every weight out.
    assert all(i.effective_weight is None for i in stats.analyse(rows()).items.values())


@pytest.mark.parametrize("figures,expected", [
    (stats.ItemFigures(10, facility=95.0, discrimination=35.0), ["very easy"]),
    (stats.ItemFigures(10, facility=90.0, discrimination=20.0), ["very easy"]),
    (stats.ItemFigures(10, facility=10.0, discrimination=40.0), ["very hard"]),
    (stats.ItemFigures(10, facility=50.0, discrimination=19.9), ["low discrimination"]),
    (stats.ItemFigures(10, facility=50.0, discrimination=-5.0), ["negative discrimination"]),
    (stats.ItemFigures(10, facility=50.0, discrimination=45.0), []),
    (stats.ItemFigures(10, facility=None, discrimination=None), []),
])
def test_flags_thresholds(figures, expected):
    assert stats.flags(figures) == expected


def q(kind, **fields):
    return Question(qtype=kind, text="?", **fields)


@pytest.mark.parametrize("question,expected", [
    (q("multichoice", choices=(Choice("a", 1.0), Choice("b", 0.0), Choice("c", 0.0),
                               Choice("d", 0.0))), 25.0),
    (q("multichoice", choices=(Choice("a", 1.0), Choice("b", 0.5))), 75.0),
    (q("truefalse", correct=True), 50.0),
    (q("matching", pairs=(MatchPair("x", "1"), MatchPair("y", "2"), MatchPair("", "3"))),
     100 / 3),
    (q("shortanswer", choices=(Choice("Geneva", 1.0),)), 0.0),
    (q("shortanswer", choices=(Choice("Geneva", 1.0), Choice("*", 0.1))), 10.0),
    (q("multiresponse", choices=(Choice("a", 0.5), Choice("b", 0.5))), None),
])
def test_random_guess_score(question, expected):
    result = stats.random_guess_score(question)
    assert result == (pytest.approx(expected) if expected is not None else None)
