"""The spread of answers per question type (pure)."""
from __future__ import annotations

from kmi_learn.authoring.spread import MAX_TYPED_ROWS, answer_spread
from kmi_learn.gift.model import Choice, MatchPair, NumericalAnswer, Question
from kmi_learn.quizzes.display import question_html


def spread(q, responses):
    return answer_spread(q, question_html(q), responses)


def table(rows):
    return [(r.kind, r.text or r.html, r.count, r.credit) for r in rows]


def test_multichoice_counts_every_choice_in_canonical_order_and_no_answer():
    q = Question("multichoice", "Which?", choices=(Choice("Right", 1.0), Choice("Wrong", 0.0),
                                                   Choice("Never", 0.0)))
    rows = spread(q, [0, 0, 1, None, 0])
    assert table(rows) == [("choice", "Right", 3, 100.0), ("choice", "Wrong", 1, 0.0),
                           ("choice", "Never", 0, 0.0), ("none", None, 1, 0.0)]
    assert [r.percent for r in rows] == [60.0, 20.0, 0.0, 20.0]


def test_multiresponse_counts_each_chosen_choice():
    q = Question("multiresponse", "Which?", choices=(Choice("a", 0.5), Choice("b", 0.5),
                                                     Choice("c", -1.0)))
    rows = spread(q, [[0, 1], [0], [0, 2], []])
    assert table(rows) == [("choice", "a", 3, 50.0), ("choice", "b", 1, 50.0),
                           ("choice", "c", 1, -100.0), ("none", None, 1, 0.0)]


def test_truefalse():
    q = Question("truefalse", "Is it?", correct=False)
    assert table(spread(q, [True, False, False])) == [("true", None, 1, 0.0),
                                                       ("false", None, 2, 100.0)]


def test_short_answers_are_grouped_case_insensitively_most_frequent_first():
    q = Question("shortanswer", "Where?", choices=(Choice("Geneva", 1.0),))
    rows = spread(q, ["Geneva", "geneva ", "GENEVA", "Bern", "  bern", "Paris", ""])
    assert table(rows) == [("typed", "Geneva", 3, 100.0), ("typed", "Bern", 2, 0.0),
                           ("typed", "Paris", 1, 0.0), ("none", None, 1, 0.0)]


def test_typed_answers_beyond_the_limit_are_summed_up():
    q = Question("shortanswer", "Any?", choices=(Choice("a", 1.0),))
    rows = spread(q, [f"answer {i}" for i in range(MAX_TYPED_ROWS + 5)])
    assert len(rows) == MAX_TYPED_ROWS + 1
    assert rows[-1].kind == "other" and rows[-1].count == 5


def test_numbers_are_grouped_by_value():
    q = Question("numerical", "How many?", numerical=(NumericalAnswer(1951, 0, 1.0),))
    rows = spread(q, ["1951", "1951.0", " 1951", "1,5", "1.5", "soon"])
    assert table(rows) == [("typed", "1951", 3, 100.0), ("typed", "1.5", 2, 0.0),
                           ("typed", "soon", 1, 0.0)]


def test_matching_counts_each_answer_per_stem():
    q = Question("matching", "Match", pairs=(MatchPair("1951", "Refugees"),
                                             MatchPair("1990", "Migrant workers"),
                                             MatchPair("", "Stateless")))
    rows = spread(q, [[0, 1], [0, 2], [1, 0], None])
    got = [(r.part, r.html, r.count, r.credit) for r in rows]
    assert got == [
        ("1951", "Refugees", 2, 100.0), ("1951", "Migrant workers", 1, 0.0),
        ("1951", "Stateless", 0, 0.0),
        ("1990", "Refugees", 1, 0.0), ("1990", "Migrant workers", 1, 100.0),
        ("1990", "Stateless", 1, 0.0),
        (None, None, 1, 0.0),
    ]


def test_labels_are_the_sanitized_html_and_typed_text_stays_raw_for_escaping():
    q = Question("multichoice", "?", text_format="markdown",
                 choices=(Choice("<script>x</script>**bold**", 1.0),))
    (row,) = spread(q, [0])
    assert "<script>" not in row.html and "<strong>bold</strong>" in row.html
    q = Question("shortanswer", "?", choices=(Choice("a", 1.0),))
    assert spread(q, ["<b>hi</b>"])[0].text == "<b>hi</b>"  # Jinja escapes it
