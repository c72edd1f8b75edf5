"""Parsing valid GIFT: one case per rule of the format, every case also round-tripped."""

import pytest

from kmi_learn.gift import (
    GAP,
    parse,
)
from tests.gift.builders import C, N, P, Q, check

TYPES = [
    # --- multiple choice -------------------------------------------------------
    (
        "Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}",
        Q(
            "multichoice",
            "Who's buried in Grant's tomb?",
            choices=(C("Grant", 0.0), C("Jefferson", 0.0), C("no one", 1.0)),
        ),
    ),
    (
        "Colour?{\n  =red#Yes!\n  ~blue#No, that is the sky.\n  ~green\n  ####Primary colours.\n}",
        Q(
            "multichoice",
            "Colour?",
            general_feedback="Primary colours.",
            choices=(
                C("red", 1.0, "Yes!"),
                C("blue", 0.0, "No, that is the sky."),
                C("green", 0.0),
            ),
        ),
    ),
    (
        "Partial?{=right ~%50%half right#close ~%-25%bad ~wrong}",
        Q(
            "multichoice",
            "Partial?",
            choices=(
                C("right", 1.0),
                C("half right", 0.5, "close"),
                C("bad", -0.25),
                C("wrong", 0.0),
            ),
        ),
    ),
    (
        "Two right?{=a =b ~c}",
        Q("multichoice", "Two right?", choices=(C("a", 1.0), C("b", 1.0), C("c", 0.0))),
    ),
    # --- multiple response: no "=" at all ------------------------------------
    (
        "Which are even?{~%50%2 ~%50%4 ~%-100%3}",
        Q("multiresponse", "Which are even?", choices=(C("2", 0.5), C("4", 0.5), C("3", -1.0))),
    ),
    (
        "Thirds?{~%33.33333%a ~%33.33333%b ~%33.33333%c ~d#no}",
        Q(
            "multiresponse",
            "Thirds?",
            choices=(C("a", 0.3333333), C("b", 0.3333333), C("c", 0.3333333), C("d", 0.0, "no")),
        ),
    ),
    (
        "All of it?{~%100%only ~other}",
        Q("multiresponse", "All of it?", choices=(C("only", 1.0), C("other", 0.0))),
    ),
    # --- missing word: the block inside the text -----------------------------
    (
        "Grant is {~buried =entombed ~living} in Grant's tomb.",
        Q(
            "missingword",
            f"Grant is {GAP} in Grant's tomb.",
            choices=(C("buried", 0.0), C("entombed", 1.0), C("living", 0.0)),
        ),
    ),
    (
        "{=Paris ~Lyon} is the capital of France.",
        Q(
            "missingword",
            f"{GAP} is the capital of France.",
            choices=(C("Paris", 1.0), C("Lyon", 0.0)),
        ),
    ),
    (
        "Pick {~%50%two ~%50%both ~none} words.",
        Q(
            "missingword",
            f"Pick {GAP} words.",
            choices=(C("two", 0.5), C("both", 0.5), C("none", 0.0)),
        ),
    ),
    # --- short answer ----------------------------------------------------------
    (
        "Who's buried in Grant's tomb?{=no one =nobody}",
        Q(
            "shortanswer",
            "Who's buried in Grant's tomb?",
            choices=(C("no one", 1.0), C("nobody", 1.0)),
        ),
    ),
    (
        "Capital?{=Paris#Yes =%50%paris#Mind the capital ####Paris it is.}",
        Q(
            "shortanswer",
            "Capital?",
            general_feedback="Paris it is.",
            choices=(C("Paris", 1.0, "Yes"), C("paris", 0.5, "Mind the capital")),
        ),
    ),
    (
        "Two plus {=two =2} equals four.",
        Q("shortanswer", f"Two plus {GAP} equals four.", choices=(C("two", 1.0), C("2", 1.0))),
    ),
    # --- true / false ------------------------------------------------------------
    ("Sky is blue.{T}", Q("truefalse", "Sky is blue.", correct=True)),
    ("Sky is blue.{TRUE}", Q("truefalse", "Sky is blue.", correct=True)),
    ("Grass is red.{F}", Q("truefalse", "Grass is red.", correct=False)),
    ("Grass is red.{FALSE}", Q("truefalse", "Grass is red.", correct=False)),
    (
        # Moodle: {T#feedback for the wrong answer#feedback for the right answer}
        "Sky is blue.{T#You said false: wrong.#You said true: right.}",
        Q(
            "truefalse",
            "Sky is blue.",
            correct=True,
            feedback_true="You said true: right.",
            feedback_false="You said false: wrong.",
        ),
    ),
    (
        "Grass is red.{FALSE#You said true: wrong.#You said false: right.####It is green.}",
        Q(
            "truefalse",
            "Grass is red.",
            correct=False,
            feedback_true="You said true: wrong.",
            feedback_false="You said false: right.",
            general_feedback="It is green.",
        ),
    ),
    (
        "Sky is blue.{T#only wrong}",
        Q("truefalse", "Sky is blue.", correct=True, feedback_false="only wrong"),
    ),
    (
        "Sky is blue.{T##only right}",
        Q("truefalse", "Sky is blue.", correct=True, feedback_true="only right"),
    ),
    (
        "Sky is blue.{ TRUE #a#b#c}",
        Q("truefalse", "Sky is blue.", correct=True, feedback_false="a", feedback_true="b#c"),
    ),
    ("The {T} answer is true.", Q("truefalse", f"The {GAP} answer is true.", correct=True)),
    # --- numerical -----------------------------------------------------------------
    ("Grant born?{#1822}", Q("numerical", "Grant born?", numerical=(N(1822.0),))),
    ("Grant born?{#1822:5}", Q("numerical", "Grant born?", numerical=(N(1822.0, 5.0),))),
    ("Pi?{#3.14159:0.0005}", Q("numerical", "Pi?", numerical=(N(3.14159, 0.0005),))),
    ("Between?{#1..5}", Q("numerical", "Between?", numerical=(N(3.0, 2.0),))),
    ("Cold?{#-10..-2}", Q("numerical", "Cold?", numerical=(N(-6.0, 4.0),))),
    ("Small?{#1e-3:1E-4}", Q("numerical", "Small?", numerical=(N(0.001, 0.0001),))),
    (
        "Grant born?{#\n=1822:0#Exactly\n=%50%1822:2#Close\n####In 1822.\n}",
        Q(
            "numerical",
            "Grant born?",
            general_feedback="In 1822.",
            numerical=(N(1822.0, 0.0, 1.0, "Exactly"), N(1822.0, 2.0, 0.5, "Close")),
        ),
    ),
    (
        "Mixed?{#3.14 =%50%3:1 =%25%1..5#far}",
        Q("numerical", "Mixed?", numerical=(N(3.14), N(3.0, 1.0, 0.5), N(3.0, 2.0, 0.25, "far"))),
    ),
    ("Born in {#1822} in Ohio.", Q("numerical", f"Born in {GAP} in Ohio.", numerical=(N(1822.0),))),
    # --- matching ------------------------------------------------------------------
    (
        "Capitals.{=Canada -> Ottawa =Italy -> Rome =Japan -> Tokyo}",
        Q(
            "matching",
            "Capitals.",
            pairs=(P("Canada", "Ottawa"), P("Italy", "Rome"), P("Japan", "Tokyo")),
        ),
    ),
    (
        "Capitals.{\n=Canada->Ottawa\n=Italy->Rome\n= -> Paris\n####Well.\n}",
        Q(
            "matching",
            "Capitals.",
            general_feedback="Well.",
            pairs=(P("Canada", "Ottawa"), P("Italy", "Rome"), P("", "Paris")),
        ),
    ),
    (
        "Arrows.{=a -> b -> c =d -> e =f -> g}",
        Q("matching", "Arrows.", pairs=(P("a", "b -> c"), P("d", "e"), P("f", "g"))),
    ),
    # --- description, essay --------------------------------------------------------
    ("Just some text.", Q("description", "Just some text.")),
    ("::Intro::Read this first.", Q("description", "Read this first.", title="Intro")),
    ("Write an essay.{}", Q("essay", "Write an essay.")),
    ("Write an essay.{ }", Q("essay", "Write an essay.")),
    ("Write an essay.{####Be brief.}", Q("essay", "Write an essay.", general_feedback="Be brief.")),
]


@pytest.mark.parametrize("text, expected", TYPES)
def test_types(text, expected):
    assert check(text) == [expected]
    assert parse(text)[0].qtype == expected.qtype
