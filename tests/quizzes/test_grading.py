"""Grading, pure: Moodle's rules and partial credit for every type."""
from __future__ import annotations

import pytest

from kmi_learn.gift.model import Choice, MatchPair, NumericalAnswer, Question
from kmi_learn.quizzes.grading import (
    correct_response,
    grade,
    is_answered,
    match_answers,
    max_mark,
    parse_number,
)

MC = Question("multichoice", "Which?", choices=(
    Choice("A", 1.0, "yes"), Choice("B", 0.0, "no"), Choice("C", 0.5, "half"),
    Choice("D", -0.5, "penalty")))
MR = Question("multiresponse", "Which ones?", choices=(
    Choice("a", 0.5), Choice("b", 0.5), Choice("c", -0.5), Choice("d", -0.5)))
TF = Question("truefalse", "True?", correct=True, feedback_true="right", feedback_false="wrong")
SA = Question("shortanswer", "Which article?", choices=(
    Choice("art. 36(1)(b)", 1.0, "exact"), Choice("36*", 0.5, "close"),
    Choice("Vienna Convention", 0.25)))
NUM = Question("numerical", "Year?", numerical=(
    NumericalAnswer(1951, 0, 1.0, "exact"), NumericalAnswer(1951, 2, 0.5, "close"),
    NumericalAnswer(1.5, 0.25, 1.0, "range")))
MATCH = Question("matching", "Match", pairs=(
    MatchPair("OAU 1969", "binding refugee treaty"), MatchPair("Cartagena", "declaration"),
    MatchPair("Kampala", "IDP treaty"), MatchPair("", "distractor")))
MW = Question("missingword", "The 1967 Protocol removed the _____ limits.", choices=(
    Choice("temporal", 1.0), Choice("financial", 0.0)))
DESC = Question("description", "A case.")


@pytest.mark.parametrize("question, response, expected", [
    (MC, 0, 1.0), (MC, 1, 0.0), (MC, 2, 0.5), (MC, 3, 0.0),  # negative clamps to 0
    (MC, 9, 0.0), (MC, -1, 0.0), (MC, True, 0.0), (MC, "0", 0.0), (MC, None, 0.0),
    (MW, 0, 1.0), (MW, 1, 0.0),
    (MR, [0, 1], 1.0), (MR, [0], 0.5), (MR, [0, 2], 0.0), (MR, [0, 1, 2], 0.5),
    (MR, [0, 1, 2, 3], 0.0), (MR, [2, 3], 0.0), (MR, [0, 0, 1], 1.0), (MR, [], 0.0),
    (MR, [7], 0.0), (MR, 0, 0.0),
    (TF, True, 1.0), (TF, False, 0.0), (TF, "true", 0.0),
    (SA, "art. 36(1)(b)", 1.0), (SA, "ART. 36(1)(B)", 1.0), (SA, "  art.   36(1)(b) ", 1.0),
    (SA, "36(1)(b)", 0.5), (SA, "vienna convention", 0.25), (SA, "art 36", 0.0),
    (SA, "", 0.0), (SA, 36, 0.0),
    (NUM, "1951", 1.0), (NUM, "1952", 0.5), (NUM, "1953", 0.5), (NUM, "1954", 0.0),
    (NUM, " 1951.0 ", 1.0), (NUM, "1,5", 1.0), (NUM, "1.74", 1.0), (NUM, "1.8", 0.0),
    (NUM, "nineteen", 0.0), (NUM, "", 0.0),
    (MATCH, [0, 1, 2], 1.0), (MATCH, [0, 1, 3], 2 / 3), (MATCH, [1, 0, 3], 0.0),
    (MATCH, [0, None, None], 1 / 3), (MATCH, [0], 1 / 3), (MATCH, "x", 0.0),
])
def test_grade(question, response, expected):
    assert grade(question, response).fraction == pytest.approx(expected)


def test_shortanswer_first_matching_answer_decides_like_moodle():
    q = Question("shortanswer", "?", choices=(Choice("a*", 0.5), Choice("abc", 1.0)))
    assert grade(q, "abc").fraction == 0.5


def test_numerical_first_matching_answer_decides_like_moodle():
    assert grade(NUM, "1951").matched == (0,)
    assert grade(NUM, "1952").matched == (1,)


@pytest.mark.parametrize("question, response, matched", [
    (MC, 2, (2,)), (MR, [1, 0], (0, 1)), (SA, "36x", (1,)), (NUM, "1.5", (2,)), (TF, True, ()),
])
def test_matched_answers_select_the_feedback_to_show(question, response, matched):
    assert grade(question, response).matched == matched


@pytest.mark.parametrize("question", [MC, MR, TF, SA, NUM, MATCH, MW])
def test_the_correct_response_earns_full_marks(question):
    assert grade(question, correct_response(question)).fraction == 1.0


def test_description_is_not_graded_and_carries_no_mark():
    assert max_mark(DESC) == 0
    assert grade(DESC, 0).fraction == 0
    assert max_mark(MC) == 1


def test_matching_answers_are_distinct_and_include_distractors():
    assert match_answers(MATCH) == ["binding refugee treaty", "declaration", "IDP treaty",
                                    "distractor"]


@pytest.mark.parametrize("text, value", [
    ("12", 12.0), ("-3.5", -3.5), ("1,5", 1.5), (" 2e3 ", 2000.0), (".5", 0.5),
    ("1,000.5", None), ("1.2.3", None), ("abc", None), ("", None), (None, None), (7, 7.0),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("question, response, answered", [
    (MC, None, False), (MC, 0, True), (MR, [], False), (MR, [1], True), (SA, "  ", False),
    (SA, "x", True), (MATCH, [None, None, None], False), (MATCH, [None, 1, None], True),
    (TF, False, True),
])
def test_is_answered(question, response, answered):
    assert is_answered(question, response) is answered
