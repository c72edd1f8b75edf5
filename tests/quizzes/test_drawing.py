"""Which questions an attempt gets, pure."""
from __future__ import annotations

import random

from kmi_learn.quizzes.drawing import Item, choice_order, draw, units


def items():
    return [
        Item(1, "multichoice", ()),
        Item(2, "description", ()),
        Item(3, "multichoice", ("case",)),
        Item(4, "truefalse", ("case",)),
        Item(5, "multichoice", ()),
        Item(6, "numerical", ("case",)),
        Item(7, "matching", ()),
    ]


def test_a_case_description_travels_with_the_case_questions_after_it():
    groups = [[i.key for i in unit] for unit in units(items())]
    assert groups == [[1], [2, 3, 4], [5], [6], [7]]


def test_without_shuffle_or_draw_the_file_order_is_kept():
    assert [i.key for i in draw(items(), shuffle=False, per_attempt=0,
                                rng=random.Random(1))] == [1, 2, 3, 4, 5, 6, 7]


def test_shuffle_keeps_units_together_and_every_question():
    for seed in range(20):
        keys = [i.key for i in draw(items(), shuffle=True, per_attempt=0,
                                    rng=random.Random(seed))]
        assert sorted(keys) == [1, 2, 3, 4, 5, 6, 7]
        start = keys.index(2)
        assert keys[start:start + 3] == [2, 3, 4]


def test_a_draw_takes_that_many_graded_questions_and_varies():
    seen = set()
    for seed in range(30):
        chosen = draw(items(), shuffle=False, per_attempt=3, rng=random.Random(seed))
        graded = [i for i in chosen if i.qtype != "description"]
        assert len(graded) == 3
        keys = [i.key for i in chosen]
        assert keys == sorted(keys)  # file order among the drawn units
        if 2 in keys:
            assert keys[keys.index(2):keys.index(2) + 3] == [2, 3, 4]
        seen.add(tuple(keys))
    assert len(seen) > 3


def test_matching_answers_are_always_shuffled_choices_only_when_asked():
    rng = random.Random(3)
    mc = Item(1, "multichoice", (), 6)
    assert choice_order(mc, shuffle=False, rng=rng) == [0, 1, 2, 3, 4, 5]
    orders = {tuple(choice_order(mc, shuffle=True, rng=rng)) for _ in range(10)}
    assert len(orders) > 1 and all(sorted(o) == list(range(6)) for o in orders)
    matching = Item(2, "matching", (), 5)
    orders = {tuple(choice_order(matching, shuffle=False, rng=rng)) for _ in range(10)}
    assert len(orders) > 1
    assert choice_order(Item(3, "truefalse", (), 0), shuffle=True, rng=rng) == []
