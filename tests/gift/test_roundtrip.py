"""parse(write(q)) == q for hand-made tricky questions; write(parse(...)) is idempotent."""

import pytest

from kmi_learn.gift import (
    GAP,
    Choice,
    MatchPair,
    NumericalAnswer,
    Question,
    parse,
    write,
    write_question,
)

C, N, P = Choice, NumericalAnswer, MatchPair

#: Texts that exercise every escape and every place where text could be taken for syntax.
TRICKY = [
    "plain",
    "a~b",
    "=x",
    "x=",
    "#",
    "####",
    "a#b#c",
    "{}",
    "}{",
    ":",
    "::",
    "a::b",
    "ends:",
    "\\",
    "back\\",
    "\\n is not a newline",
    "\\~ literally",
    "line\nbreak",
    "multi\n\n\nblank lines",
    "tab\there",
    "a -> b",
    "->",
    "-",
    ">",
    "-->",
    "a-",
    "%",
    "%50%",
    "%-10%x",
    "50%",
    "%x%y",
    "[html]",
    "[moodle]x",
    "[plain] y",
    "[x]",
    "//",
    "// comment?",
    "http://x.org/a?b=c#d",
    "$CATEGORY: x",
    "T",
    "TRUE",
    "FALSE",
    "~",
    "=",
    GAP,
    f"x {GAP} y",
    "caf\u00e9 \U0001f600 \u00a0nbsp\u00a0",
    "[id:x] [tag:y]",
    "a\u2028b",
    "\"quotes\" 'single' `back`",
    "<b>html</b> &amp;",
]


def variants(s):
    """Questions of every type with ``s`` in every text slot it can take."""
    yield Question("description", s)
    yield Question("description", "x", title=s)
    yield Question("essay", s, general_feedback=s)
    yield Question(
        "multichoice", s, general_feedback=s, choices=(C(s, 1.0, s), C("b", 0.0, s), C(s, -0.5))
    )
    yield Question("multiresponse", s, choices=(C(s, 0.5, s), C("b", 0.5), C(s, 0.0, s)))
    yield Question("missingword", f"{s} {GAP} {s}", choices=(C(s, 1.0, s), C("b", 0.0)))
    yield Question("missingword", f"{GAP} {s}", choices=(C("a", 0.5), C(s, 0.5)))
    yield Question("missingword", f"{s} {GAP}", choices=(C(s, 0.0), C("b", 1.0, s)))
    yield Question("shortanswer", s, general_feedback=s, choices=(C(s, 1.0, s), C("z", 0.5, s)))
    yield Question("shortanswer", f"{s} {GAP} {s}", choices=(C(s, 1.0),))
    for correct in (True, False):
        yield Question(
            "truefalse", s, correct=correct, feedback_true=s, feedback_false=s, general_feedback=s
        )
        yield Question("truefalse", s, correct=correct, feedback_true=s)
        yield Question("truefalse", s, correct=correct, feedback_false=s)
    yield Question(
        "numerical", s, general_feedback=s, numerical=(N(1.5, 0.5, 1.0, s), N(-2.0, 0.0, 0.25, s))
    )
    yield Question("numerical", f"{s} {GAP} {s}", numerical=(N(0.0),))
    yield Question("matching", s, general_feedback=s, pairs=(P(s, s), P("q2", s), P("", s)))


@pytest.mark.parametrize("s", TRICKY)
def test_tricky_text_everywhere(s):
    for question in variants(s):
        written = write_question(question)
        assert parse(written) == [question], written


@pytest.mark.parametrize("s", [t for t in TRICKY if "\n" not in t and "\u2028" not in t])
def test_tricky_text_in_titles_ids_tags_categories(s):
    question = Question(
        "shortanswer", "Q", title=s, id=s, tags=(s, "other"), category=s, choices=(C("a", 1.0),)
    )
    if any(ch in s for ch in "<>`\t") or "\\" in s:
        # Moodle's tag syntax excludes < > ` and control characters, and a backslash
        # before ] would read as \].
        question = Question("shortanswer", "Q", title=s, category=s, choices=(C("a", 1.0),))
    assert parse(write([question])) == [question]


HANDMADE = [
    Question("missingword", f"{GAP} starts", choices=(C("a", 1.0), C("b", 0.0))),
    Question("missingword", f"ends {GAP}", choices=(C("a", 1.0), C("b", 0.0))),
    Question("missingword", f"two {GAP} gaps {GAP} here", choices=(C("a", 1.0), C("b", 0.0))),
    Question("missingword", "______ six underscores", choices=(C("a", 1.0), C("b", 0.0))),
    Question("shortanswer", f"{GAP}", choices=(C("a", 1.0),)),
    Question("multichoice", f"{GAP} stays text", choices=(C("a", 1.0), C("b", 0.0))),
    Question(
        "multiresponse",
        "thirds",
        choices=(C("a", 1 / 3), C("b", 1 / 3), C("c", 1 / 3), C("d", -1.0)),
    ),
    Question("multiresponse", "odd weights", choices=(C("a", 0.999), C("b", 0.001))),
    Question("multichoice", "negative", choices=(C("a", 1.0), C("b", -0.3333333), C("c", -1.0))),
    Question(
        "numerical",
        "floats",
        numerical=(N(0.1 + 0.2, 1 / 3), N(1e300, 1e-300, 0.5), N(-1e-7, 0.0, -1.0)),
    ),
    Question("numerical", "range midpoint", numerical=(N((0.1 + 0.7) / 2, 0.7 - (0.1 + 0.7) / 2),)),
    Question(
        "matching",
        "many",
        pairs=tuple(P(f"q{i}", f"a{i}") for i in range(10)) + (P("", "x"), P("", "y")),
    ),
    Question("shortanswer", "T or F?", choices=(C("T", 1.0), C("F", 0.0))),
    Question("shortanswer", "true?", choices=(C("TRUE", 1.0, "T"),)),
    Question(
        "truefalse", "all formats", text_format="plain", correct=False, feedback_true="[html]x"
    ),
    Question("essay", "[markdown] literal", text_format="html", general_feedback="[plain]gf"),
    Question("description", "x", title="::", id="id with spaces", tags=("a b", "c:d", "e]f")),
    Question(
        "description",
        "\u00e9\u00e8 \u4e2d\u6587 \U0001f600",
        title="\u00e9",
        id="\u00e9",
        tags=("\u00e9",),
    ),
]


@pytest.mark.parametrize("question", HANDMADE, ids=lambda q: q.text[:20])
def test_handmade(question):
    assert parse(write_question(question)) == [question]
    assert Question.from_dict(question.to_dict()) == question


def test_whole_file_round_trip():
    questions = []
    for i, s in enumerate(TRICKY):
        for j, question in enumerate(variants(s)):
            fields = question.to_dict()
            fields.update(
                id=f"q{i}-{j}",
                tags=("t",) if j % 2 else (),
                category=f"cat/{i % 3}" if i % 4 else None,
            )
            questions.append(Question.from_dict(fields))
    text = write(questions)
    assert parse(text) == questions
    assert write(parse(text)) == text


IDEMPOTENT = [
    "Who?{~a ~b =c}",
    "Grant is {~buried =entombed ~living} in Grant's tomb.",
    "::T:: [html] <b>x</b> {\n  =a # fb\n\n  ~b\n  #### general\n}",
    "// [id:1] [tag:x]\n// [tag:y]\nQ{T#w#r}\n\n$CATEGORY: c\n\nQ2{#1..5}",
    "Numbers{#\n=%50%1822:2#close\n=1822\n}",
    "M{=a->1 =b->2 = -> 3}",
    "Q {=a} tail text \\{with escaped\\} braces",
    "Lines\nof\ntext\n{=a\\nb}\nafter",
    "\ufeffCRLF\r\n{=a\r\n=b}\r\n\r\nDesc\r\n",
    "Weights{~%33.33333%a ~%33.33333%b ~%33.33334%c}",
    "Essay {}",
    "Just text.",
]


@pytest.mark.parametrize("text", IDEMPOTENT)
def test_write_parse_is_idempotent(text):
    once = write(parse(text))
    assert write(parse(once)) == once
    assert parse(once) == parse(text)
