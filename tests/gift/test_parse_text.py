"""Parsing valid GIFT, text-level rules: titles, formats, escapes, comments, categories,
line endings. Every case is also round-tripped."""

import pytest

from kmi_learn.gift import (
    GAP,
    parse,
    parse_bytes,
)
from tests.gift.builders import C, N, P, Q, check

FEATURES = [
    # titles
    ("::Q1::Text{=a}", Q("shortanswer", "Text", title="Q1", choices=(C("a", 1.0),))),
    ("::  spaced  ::  Text{=a}", Q("shortanswer", "Text", title="spaced", choices=(C("a", 1.0),))),
    (r"::a\:b\:\:c::Text{=a}", Q("shortanswer", "Text", title="a:b::c", choices=(C("a", 1.0),))),
    (r"::x\{y\}::Text{=a}", Q("shortanswer", "Text", title="x{y}", choices=(C("a", 1.0),))),
    ("::{braces}::Text{=a}", Q("shortanswer", "Text", title="{braces}", choices=(C("a", 1.0),))),
    ("::::Text{=a}", Q("shortanswer", "Text", choices=(C("a", 1.0),))),
    # formats
    (
        "[markdown]**Bold**{=a}",
        Q("shortanswer", "**Bold**", text_format="markdown", choices=(C("a", 1.0),)),
    ),
    (
        "[html]<p>Hi</p>{=a}",
        Q("shortanswer", "<p>Hi</p>", text_format="html", choices=(C("a", 1.0),)),
    ),
    ("[plain] Plain{=a}", Q("shortanswer", "Plain", text_format="plain", choices=(C("a", 1.0),))),
    ("[moodle]Auto{=a}", Q("shortanswer", "Auto", choices=(C("a", 1.0),))),
    ("::T::[html]<b>x</b>", Q("description", "<b>x</b>", title="T", text_format="html")),
    ("[moodle][note] read{=a}", Q("shortanswer", "[note] read", choices=(C("a", 1.0),))),
    ("[1] numbered{=a}", Q("shortanswer", "[1] numbered", choices=(C("a", 1.0),))),
    (
        "[html]<i>x</i>{~[html]<b>a</b>#[html]<b>fb</b> =b}",
        Q(
            "multichoice",
            "<i>x</i>",
            text_format="html",
            choices=(C("<b>a</b>", 0.0, "<b>fb</b>"), C("b", 1.0)),
        ),
    ),
    # escapes in text, answers, feedback, general feedback
    (
        r"a\~b\=c\#d\{e\}f\:g{=x\~y#f\=b\#k####g\{\}\:}",
        Q(
            "shortanswer",
            "a~b=c#d{e}f:g",
            general_feedback="g{}:",
            choices=(C("x~y", 1.0, "f=b#k"),),
        ),
    ),
    (
        r"1 \= 1?{~a \= b#c \~ d =e\#f\{g\}}",
        Q("multichoice", "1 = 1?", choices=(C("a = b", 0.0, "c ~ d"), C("e#f{g}", 1.0))),
    ),
    (
        r"Path C:\temp and \\ back{=C:\\x}",
        Q("shortanswer", "Path C:\\temp and \\ back", choices=(C("C:\\x", 1.0),)),
    ),
    (
        r"Line one\nLine two{=a\nb}",
        Q("shortanswer", "Line one\nLine two", choices=(C("a\nb", 1.0),)),
    ),
    (
        "Line one\n  Line two\n{=a}",
        Q("shortanswer", "Line one\n  Line two", choices=(C("a", 1.0),)),
    ),
    (r"Arrow a -\> b{=x -\> y}", Q("shortanswer", "Arrow a -> b", choices=(C("x -> y", 1.0),))),
    ("a -> b in text{=x}", Q("shortanswer", "a -> b in text", choices=(C("x", 1.0),))),
    (
        "Math 2 > 1 and 1 < 2{=yes}",
        Q("shortanswer", "Math 2 > 1 and 1 < 2", choices=(C("yes", 1.0),)),
    ),
    (
        "See http://example.org/a//b {=ok}",
        Q("shortanswer", "See http://example.org/a//b", choices=(C("ok", 1.0),)),
    ),
    (
        "50% of it{=%50% half =all}",
        Q("shortanswer", "50% of it", choices=(C("half", 0.5), C("all", 1.0))),
    ),
    (
        "Percent{=100% sure ~no}",
        Q("multichoice", "Percent", choices=(C("100% sure", 1.0), C("no", 0.0))),
    ),
    (
        "Weights{=%100%%x ~%0%%y%}",
        Q("multichoice", "Weights", choices=(C("%x", 1.0), C("%y%", 0.0))),
    ),
    (
        "Unicode caf\u00e9 \u00a0\u2014 \U0001f600{=\u00e9t\u00e9}",
        Q(
            "shortanswer",
            "Unicode caf\u00e9 \u00a0\u2014 \U0001f600",
            choices=(C("\u00e9t\u00e9", 1.0),),
        ),
    ),
    # blank lines inside braces, comments inside the block
    (
        "Spaced{\n=a\n\n~b\n\n\n~c\n}",
        Q("multichoice", "Spaced", choices=(C("a", 1.0), C("b", 0.0), C("c", 0.0))),
    ),
    (
        "Commented{\n=a\n// not an answer ~x\n~b\n}",
        Q("multichoice", "Commented", choices=(C("a", 1.0), C("b", 0.0))),
    ),
    ("   // indented comment\nText{=a}", Q("shortanswer", "Text", choices=(C("a", 1.0),))),
]


@pytest.mark.parametrize("text, expected", FEATURES)
def test_features(text, expected):
    assert check(text) == [expected]


@pytest.mark.parametrize(
    "comments, id, tags",
    [
        ("// [id:q1]", "q1", ()),
        ("// [tag:easy]", None, ("easy",)),
        ("// [id:q1] [tag:easy] [tag:geo]", "q1", ("easy", "geo")),
        ("// [tag:a]\n// [id:x-2]\n// [tag:b] [tag:c]", "x-2", ("a", "b", "c")),
        ("// some words [id: spaced ] more", "spaced", ()),
        (r"// [id:with\]bracket] [tag:t\]x]", "with]bracket", ("t]x",)),
        ("// [id:a[id:b]", "a[id:b", ()),
        ("// [tag:]", None, ()),
        ("// question: 12  name: Moodle export", None, ()),
    ],
)
def test_id_and_tags(comments, id, tags):
    (question,) = check(f"{comments}\nText{{=a}}")
    assert (question.id, question.tags) == (id, tags)


def test_comments_after_question_in_same_block_count():
    (question,) = check("Text{=a}\n// [tag:late]")
    assert question.tags == ("late",)


def test_header_comment_block_belongs_to_nobody():
    questions = check("// [id:header] [tag:h]\n\n// [id:q]\nText{=a}")
    assert [(q.id, q.tags) for q in questions] == [("q", ())]


def test_categories():
    text = (
        "Q0{=a}\n\n$CATEGORY: $course$/Top/A\n\nQ1{=a}\n\nQ2{=a}\n\n"
        "$CATEGORY:   B/C  \nQ3{=a}\n\n$CATEGORY:\n\nQ4{=a}"
    )
    questions = check(text)
    assert [q.category for q in questions] == [
        None,
        "$course$/Top/A",
        "$course$/Top/A",
        "B/C",
        None,
    ]


def test_category_line_ends_a_question_without_blank_line():
    questions = check("Q1{=a}\n$CATEGORY: X\nQ2{=b}")
    assert [(q.text, q.category) for q in questions] == [("Q1", None), ("Q2", "X")]


def test_comment_before_category_is_dropped():
    (question,) = check("// [id:lost]\n$CATEGORY: X\n// [id:kept]\nQ{=a}")
    assert question.id == "kept"


@pytest.mark.parametrize(
    "text",
    [
        "Q1{=a}\r\n\r\n// [id:b]\r\nQ2{\r\n~x\r\n\r\n=y\r\n}\r\n",
        "Q1{=a}\r\rQ\u200b\r".replace("Q\u200b", "// [id:b]\rQ2{\r~x\r\r=y\r}"),
        "\ufeffQ1{=a}\n\n// [id:b]\nQ2{\n~x\n\n=y\n}\n",
        "\n\n\nQ1{=a}\n\n\n\n// [id:b]\nQ2{~x =y}\n\n\n",
    ],
)
def test_line_endings_and_bom(text):
    questions = check(text)
    assert [(q.qtype, q.text, q.id) for q in questions] == [
        ("shortanswer", "Q1", None),
        ("multichoice", "Q2", "b"),
    ]


def test_question_line_numbers():
    text = "// head\n\n// [id:a]\n::T::Q1\n{=a}\n\n\nQ2{\n=a\n\n=b}\n\r\nDescription\r\nmore"
    assert [q.line for q in parse(text)] == [4, 8, 13]


def test_bytes_input():
    data = "\ufeff// [id:\u00e9]\r\nCaf\u00e9?{=oui}\r\n".encode()
    assert (
        parse(data)
        == parse_bytes(data)
        == [Q("shortanswer", "Caf\u00e9?", id="\u00e9", choices=(C("oui", 1.0),))]
    )


@pytest.mark.parametrize("fmt", ["moodle", "markdown", "html", "plain"])
def test_default_format(fmt):
    (question,) = parse("Text{=a}", default_format=fmt)
    assert question.text_format == fmt
    (tagged,) = parse("[html]Text{=a}", default_format=fmt)
    assert tagged.text_format == "html"


def test_default_format_must_be_known():
    with pytest.raises(ValueError):
        parse("Q{=a}", default_format="rtf")


def test_empty_inputs():
    assert parse("") == []
    assert parse("\n\n  \n// only a comment\n") == []
    assert parse(b"") == []


def test_moodle_docs_sample_file():
    text = """// true/false
::Q1:: 1+1=2 {T}

// multiple choice with specified feedback for right and wrong answers
::Q2:: What's between orange and green in the spectrum?
{ =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow }

// fill-in-the-blank
::Q3:: Two plus {=two =2} equals four.

// matching
::Q4:: Which animal eats which food? { =cat -> cat food =dog -> dog food =cow -> grass }

// math range question
::Q5:: What is a number from 1 to 5? {#3:2}

// math range specified with interval end points
::Q6:: What is a number from 1 to 5? {#1..5}

// multiple numeric answers with partial credit and feedback
::Q7:: When was Ulysses S. Grant born? {#
         =1822:0      # Correct! Full credit.
         =%50%1822:2  # He was born in 1822. Half credit for being close.
}

// essay
::Q8:: How are you? {}
"""
    questions = check(text)
    assert [q.qtype for q in questions] == [
        "truefalse",
        "multichoice",
        "shortanswer",
        "matching",
        "numerical",
        "numerical",
        "numerical",
        "essay",
    ]
    assert questions[0].text == "1+1=2"  # "=" outside the block is plain text
    assert questions[1].choices[0] == C("yellow", 1.0, "right; good!")
    assert questions[2].text == f"Two plus {GAP} equals four."
    assert questions[3].pairs[2] == P("cow", "grass")
    assert questions[4].numerical == questions[5].numerical == (N(3.0, 2.0),)
    assert questions[6].numerical[1] == N(
        1822.0, 2.0, 0.5, "He was born in 1822. Half credit for being close."
    )
