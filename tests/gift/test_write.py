"""The writer's canonical output, checked character for character."""

import pytest

from kmi_learn.gift import (
    GAP,
    parse,
    write,
    write_question,
)
from tests.gift.builders import C, N, P, Q

CANONICAL = [
    (Q("description", "Read this."), "Read this.\n"),
    (
        Q("description", "Read this.", title="Intro", text_format="html"),
        "::Intro::[html]Read this.\n",
    ),
    (Q("essay", "Write."), "Write.{}\n"),
    (Q("essay", "Write.", general_feedback="Be brief."), "Write.{\n\t####Be brief.\n}\n"),
    (Q("truefalse", "Sky blue.", correct=True), "Sky blue.{\n\tTRUE\n}\n"),
    (Q("truefalse", "Grass red.", correct=False), "Grass red.{\n\tFALSE\n}\n"),
    (
        Q("truefalse", "Sky blue.", correct=True, feedback_true="right", feedback_false="wrong"),
        "Sky blue.{\n\tTRUE#wrong#right\n}\n",
    ),
    (
        Q("truefalse", "Grass red.", correct=False, feedback_true="wrong", feedback_false="right"),
        "Grass red.{\n\tFALSE#wrong#right\n}\n",
    ),
    (
        Q("truefalse", "Sky blue.", correct=True, feedback_true="right"),
        "Sky blue.{\n\tTRUE##right\n}\n",
    ),
    (
        Q("truefalse", "Sky blue.", correct=True, feedback_false="wrong"),
        "Sky blue.{\n\tTRUE#wrong\n}\n",
    ),
    (
        Q("multichoice", "Colour?", choices=(C("red", 1.0, "Yes"), C("blue", 0.0), C("pink", 0.5))),
        "Colour?{\n\t=red#Yes\n\t~blue\n\t~%50%pink\n}\n",
    ),
    (
        Q("multiresponse", "Even?", choices=(C("2", 0.5), C("4", 0.5), C("3", -1.0), C("1", 0.0))),
        "Even?{\n\t~%50%2\n\t~%50%4\n\t~%-100%3\n\t~1\n}\n",
    ),
    (
        Q("multiresponse", "All?", choices=(C("only", 1.0), C("other", 0.0))),
        "All?{\n\t~%100%only\n\t~other\n}\n",
    ),
    (
        Q(
            "missingword",
            f"Grant is {GAP} in the tomb.",
            choices=(C("buried", 0.0), C("entombed", 1.0)),
        ),
        "Grant is {\n\t~buried\n\t=entombed\n} in the tomb.\n",
    ),
    (
        Q("missingword", f"The answer is {GAP}", choices=(C("a", 0.0), C("b", 1.0))),
        "The answer is {\n\t~a\n\t=b\n}\\n\n",
    ),
    (
        Q(
            "shortanswer",
            "Capital?",
            general_feedback="Paris.",
            choices=(C("Paris", 1.0, "Yes"), C("paris", 0.5)),
        ),
        "Capital?{\n\t=Paris#Yes\n\t=%50%paris\n\t####Paris.\n}\n",
    ),
    (
        Q("shortanswer", f"Two plus {GAP} is four.", choices=(C("two", 1.0),)),
        "Two plus {\n\t=two\n} is four.\n",
    ),
    (
        Q("shortanswer", f"Ends with {GAP}", choices=(C("x", 1.0),)),
        f"Ends with {GAP}{{\n\t=x\n}}\n",
    ),
    (
        Q(
            "numerical",
            "Born?",
            numerical=(N(1822.0, 0.0, 1.0, "Exact"), N(1822.0, 2.0, 0.5), N(3.25, 0.125, -0.1)),
        ),
        "Born?{#\n\t=1822:0#Exact\n\t=%50%1822:2\n\t=%-10%3.25:0.125\n}\n",
    ),
    (
        Q("numerical", f"In {GAP} AD.", numerical=(N(1e-05, 1e20),)),
        "In {#\n\t=1e-05:1e+20\n} AD.\n",
    ),
    (
        Q(
            "matching",
            "Capitals.",
            pairs=(P("Canada", "Ottawa"), P("Italy", "Rome"), P("", "Paris")),
        ),
        "Capitals.{\n\t=Canada -> Ottawa\n\t=Italy -> Rome\n\t= -> Paris\n}\n",
    ),
    (
        Q("multichoice", f"Literal {GAP} here", choices=(C("a", 1.0), C("b", 0.0))),
        f"Literal {GAP} here{{\n\t=a\n\t~b\n}}\n",
    ),
    (Q("description", "x", id="q1", tags=("a", "b")), "// [id:q1] [tag:a] [tag:b]\nx\n"),
    (Q("description", "x", tags=("only",)), "// [tag:only]\nx\n"),
    (Q("description", "x", id="br]acket", tags=("t]",)), "// [id:br\\]acket] [tag:t\\]]\nx\n"),
    (Q("description", "x", title="a::b"), "::a\\:\\:b::x\n"),
    (Q("description", "[not a format] x"), "[moodle][not a format] x\n"),
    (Q("description", "// not a comment"), "[moodle]// not a comment\n"),
    (Q("description", "[x]", text_format="markdown"), "[markdown][x]\n"),
    (Q("description", "a~b=c#d{e}f:g\\h\ni"), "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni\n"),
    (Q("description", "a -> b"), "a -> b\n"),
    (
        Q("shortanswer", "Arrow?", choices=(C("a -> b", 1.0, "c->d"),), general_feedback="e -> f"),
        "Arrow?{\n\t=a -\\> b#c-\\>d\n\t####e -\\> f\n}\n",
    ),
    (
        Q("multichoice", "Pct?", choices=(C("%x", 1.0), C("%y", 0.0), C("50%", 0.0))),
        "Pct?{\n\t=%100%%x\n\t~%0%%y\n\t~50%\n}\n",
    ),
    (
        Q("shortanswer", "Pct?", choices=(C("%x", 1.0),)),
        "Pct?{\n\t=%100%%x\n}\n",
    ),
    (
        Q(
            "multichoice",
            "Tags?",
            text_format="html",
            choices=(C("[plain]a", 1.0, "[html]f"), C("b", 0.0)),
        ),
        "[html]Tags?{\n\t=[html][plain]a#[html][html]f\n\t~b\n}\n",
    ),
    (
        Q("matching", "M", pairs=(P("[html]q", "[html]a"), P("b", "c"), P("d", "e"))),
        "M{\n\t=[moodle][html]q -> [html]a\n\t=b -> c\n\t=d -> e\n}\n",
    ),
]


@pytest.mark.parametrize("question, text", CANONICAL)
def test_canonical(question, text):
    assert write_question(question) == text
    assert parse(text) == [question]


@pytest.mark.parametrize(
    "fraction, weight",
    [
        (0.5, "%50%"),
        (0.3333333, "%33.33333%"),
        (-0.3333333, "%-33.33333%"),
        (0.1, "%10%"),
        (1 / 3, "%33.33333333333333%"),
        (0.05, "%5%"),
        (1e-06, "%0.0001%"),
    ],
)
def test_weights_have_no_noise(fraction, weight):
    text = write_question(Q("multiresponse", "Q", choices=(C("a", fraction), C("b", 1 - fraction))))
    assert f"\t~{weight}a\n" in text


@pytest.mark.parametrize(
    "value, written",
    [
        (1.0, "1"),
        (0.5, "0.5"),
        (-2.0, "-2"),
        (1 / 3, "0.3333333333333333"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e16, "1e+16"),
        (-0.0, "0"),
    ],
)
def test_numbers_have_no_noise(value, written):
    text = write_question(Q("numerical", "Q", numerical=(N(value, value if value >= 0 else 0.0),)))
    assert text.startswith(f"Q{{#\n\t={written}:")


def test_write_joins_with_blank_lines_and_categories():
    questions = [
        Q("description", "a"),
        Q("description", "b", category="X"),
        Q("description", "c", category="X"),
        Q("description", "d", category="Y/Z"),
        Q("description", "e"),
    ]
    text = write(questions)
    assert text == "a\n\n$CATEGORY: X\n\nb\n\nc\n\n$CATEGORY: Y/Z\n\nd\n\n$CATEGORY:\n\ne\n"
    assert parse(text) == questions


def test_write_empty():
    assert write([]) == ""
    assert parse(write([])) == []


def test_write_accepts_any_iterable():
    questions = (Q("description", str(i)) for i in range(3))
    assert write(questions) == "0\n\n1\n\n2\n"


def test_write_ignores_line():
    question = Q("description", "x", line=42)
    assert write_question(question) == "x\n"
    assert parse(write_question(question))[0].line == 1
