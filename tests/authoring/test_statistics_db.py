"""stats_for_module over attempts in the database: which attempts count, versions,
random draws, flags and the "too few" note."""
from __future__ import annotations

import statistics as st

import pytest

from kmi_learn.authoring.item_stats import MIN_ATTEMPTS, stats_for_module
from kmi_learn.extensions import db
from kmi_learn.models_base import utcnow
from tests.authoring import stats_seed as seed

# Rows: people; columns: questions 1..3; 1 = right (choice 0), 0 = wrong (choice 1).
# Question 3 is answered right by the weakest: negative discrimination.
FIRST = [(1, 1, 0), (1, 1, 0), (1, 0, 1), (0, 1, 0), (0, 0, 1), (1, 1, 1), (0, 0, 0)]
SECOND = [(1, 1, 1), (0, 1, 1)]  # second attempts of the first two people


def responses(qs, marks):
    return {q.id: 0 if m else 1 for q, m in zip(qs, marks, strict=True)}


def seed_all(module):
    qs = seed.questions(module)
    people = []
    for marks in FIRST:
        user = seed.delegate(module)
        seed.attempt(user, module, responses(qs, marks))
        people.append(user)
    for user, marks in zip(people, SECOND, strict=False):
        seed.attempt(user, module, responses(qs, marks))
    db.session.commit()
    return qs


def expected(data, column):
    marks = [row[column] for row in data]
    rest = [sum(row) - row[column] for row in data]
    return {"facility": 100 * st.mean(marks), "sd": 100 * st.stdev(marks),
            "discrimination": 100 * st.correlation(marks, rest)}


@pytest.mark.parametrize("first_only,data", [(True, FIRST), (False, FIRST + SECOND)])
def test_first_attempts_by_default_all_attempts_on_request(app, tmp_path, first_only, data):
    module = seed.course(tmp_path, questions=3, max_attempts=0)
    qs = seed_all(module)
    stats = stats_for_module(module.id, first_attempts_only=first_only)
    assert stats.attempts == len(data) and stats.first_attempts_only is first_only
    for column, q in enumerate(qs):
        item, want = stats.items[q.id], expected(data, column)
        assert item.attempts == len(data)
        assert item.facility == pytest.approx(want["facility"])
        assert item.sd == pytest.approx(want["sd"])
        assert item.discrimination == pytest.approx(want["discrimination"])
    percents = [100 * sum(row) / 3 for row in data]
    assert stats.test.mean == pytest.approx(st.mean(percents))
    assert stats.test.median == pytest.approx(st.median(percents))
    assert stats.test.sd == pytest.approx(st.stdev(percents))
    if first_only:
        assert "negative discrimination" in stats.items[qs[2].id].flags
        assert stats.items[qs[2].id].discrimination < 0


def test_in_progress_attempts_do_not_count_and_a_first_attempt_still_open_is_skipped(
        app, tmp_path):
    module = seed.course(tmp_path, questions=2)
    qs = seed.questions(module)
    user = seed.delegate(module)
    seed.attempt(user, module, responses(qs, (1, 1)), finished=False)
    assert stats_for_module(module.id).attempts == 0
    other = seed.delegate(module)
    seed.attempt(other, module, responses(qs, (1, 0)))
    stats = stats_for_module(module.id)
    assert stats.attempts == 1 and stats.items[qs[0].id].facility == 100.0


def test_too_few_attempts_are_noted(app, tmp_path):
    module = seed.course(tmp_path, questions=2)
    qs = seed.questions(module)
    for n in range(MIN_ATTEMPTS):
        seed.attempt(seed.delegate(module), module, responses(qs, (n % 2, 1)))
        stats = stats_for_module(module.id)
        assert stats.too_few is (n + 1 < MIN_ATTEMPTS)
        assert stats.items[qs[0].id].too_few is (n + 1 < MIN_ATTEMPTS)
    assert stats_for_module(module.id + 999).attempts == 0  # no quiz, no attempts: empty


def test_everyone_scoring_the_same_divides_by_nothing(app, tmp_path):
    module = seed.course(tmp_path, questions=2)
    qs = seed.questions(module)
    for _ in range(4):
        seed.attempt(seed.delegate(module), module, responses(qs, (1, 1)))
    stats = stats_for_module(module.id, detail=True)
    item = stats.items[qs[0].id]
    assert item.facility == 100.0 and item.sd == 0.0 and item.discrimination is None
    assert item.flags == ["very easy"]
    assert stats.test.sd == 0.0 and stats.test.cic is None and stats.test.standard_error is None


def test_versions_are_pooled_by_question_and_the_spread_kept_per_version(app, tmp_path):
    module = seed.course(tmp_path, questions=2)
    qs = seed.questions(module)
    seed.attempt(seed.delegate(module), module, responses(qs, (1, 1)))
    seed.attempt(seed.delegate(module), module, responses(qs, (0, 1)))
    seed.edit_choices(qs[0], [("Right 1", 1.0), ("Wrong 1", 0.0), ("New distractor", 0.0)])
    seed.attempt(seed.delegate(module), module, {qs[0].id: 2, qs[1].id: 0})
    stats = stats_for_module(module.id, detail=True)
    item = stats.items[qs[0].id]
    assert item.attempts == 3 and item.versions == [1, 2]
    assert item.facility == pytest.approx(100 / 3)
    assert [(s.number, s.responses) for s in item.spread] == [(1, 2), (2, 1)]
    assert [r.count for r in item.spread[0].rows] == [1, 1]
    assert [r.count for r in item.spread[1].rows] == [0, 0, 1]
    assert item.random_guess == pytest.approx(100 / 3)  # of the current version
    assert stats.items[qs[1].id].random_guess == pytest.approx(50.0)


def test_questions_drawn_at_random_are_judged_on_the_attempts_that_held_them(app, tmp_path):
    module = seed.course(tmp_path, questions=3, per_attempt=2)
    q1, q2, q3 = seed.questions(module)
    draws = [{q1.id: 0, q2.id: 0}, {q1.id: 1, q3.id: 1}, {q2.id: 0, q3.id: 1},
             {q1.id: 0, q3.id: 0}, {q2.id: 1, q1.id: 1}]
    for draw in draws:
        seed.attempt(seed.delegate(module), module, draw)
    q1.retired_at = utcnow()  # retired since: still analysed
    db.session.flush()
    stats = stats_for_module(module.id)
    assert {qid: item.attempts for qid, item in stats.items.items()} == {
        q1.id: 4, q2.id: 3, q3.id: 3}
    assert stats.items[q1.id].facility == pytest.approx(50.0)
    assert stats.reliability_basis == "positions"
    # Cronbach's alpha over the two positions, computed by hand.
    first = [1, 0, 1, 1, 0]   # marks at position 1
    second = [1, 0, 0, 1, 0]  # marks at position 2
    totals = [a + b for a, b in zip(first, second, strict=True)]
    alpha = 2 * (1 - (st.variance(first) + st.variance(second)) / st.variance(totals))
    assert stats.test.cic == pytest.approx(100 * alpha)
