"""Syntax and sanity errors: each names what is wrong and the right line."""

import pytest

from kmi_learn.gift import GiftError, parse, parse_all, parse_bytes

ERRORS = [
    # braces
    ("Q {=a", 1, "never closed"),
    ("Q\n{\n=a\n=b", 2, "never closed"),
    ("Q =a}", 1, "'}' without a '{'"),
    ("Q } {=a}", 1, "'}' without a '{'"),
    ("Q {=a}}", 1, "'}' without a '{'"),
    ("Q {=a}\nmore }", 2, "'}' without a '{'"),
    ("Q {=a {=b}", 1, "inside the answer block"),
    ("Q {\n=a\n{=b}\n}", 3, "inside the answer block"),
    ("Q1 {=a}\nQ2 {=b}", 2, "another '{'"),
    ("Q1 {=a} and {=b}", 1, "another '{'"),
    ("Q1 {=a}\n// [id:x]\nQ2 {=b}", 3, "another '{'"),
    # title, format, text
    ("::Title Q{=a}", 1, "title is not closed"),
    ("::a\\::Q{=a}", 1, "title is not closed"),
    ("[HTML]Q{=a}", 1, "unknown text format [HTML]"),
    ("::T::[markdow]Q{=a}", 1, "unknown text format [markdow]"),
    ("[note] Q{=a}", 1, "unknown text format [note]"),
    ("::Only a title::", 1, "no text"),
    ("{=a}", 1, "no text"),
    ("// [id:x]\n\n\n::T::{=a}", 4, "no text"),
    # multiple choice family
    ("Q{~a}", 1, "at least 2 answers"),
    ("Q{=a}\n\nQ{\n=only\n~\n}", 5, "empty answer after '~'"),
    ("Q{=%50%a ~b}", 1, "must be worth 100%"),
    ("Q{~%50%a ~%40%b}", 1, "total 90%"),
    ("Q{~%50%a ~%50%b ~%50%c}", 1, "total 150%"),
    ("Q{~a ~b}", 1, "total 0%"),
    ("Q{~%-50%a ~%-50%b}", 1, "total 0%"),
    ("Q{\n~%50%a\n~%150%b\n}", 3, "out of range"),
    ("Q{=a ~%-101%b}", 1, "out of range"),
    ("Q{\n=a\n~%5,5%b\n}", 3, "invalid weight %5,5%"),
    ("Q{=a ~%%b}", 1, "invalid weight %%"),
    ("Q{=a ~%1.2.3%b}", 1, "invalid weight"),
    ("Q{junk ~a =b}", 1, "'junk' is not an answer"),
    ("Q{=a ~#feedback only}", 1, "empty answer"),
    ("Pick {~a} word.", 1, "missing-word question needs at least 2"),
    # short answer
    ("Q{=}", 1, "empty answer after '='"),
    ("Q{=%50%half}", 1, "must be worth 100%"),
    ("Q{foo}", 1, "'foo' is not an answer"),
    ("Q{true}", 1, "T, TRUE, F or FALSE"),
    ("Q{False#fb}", 1, "T, TRUE, F or FALSE"),
    ("Q{Paris =London}", 1, "'Paris' is not an answer"),
    # numerical
    ("Q{#}", 1, "needs at least one answer"),
    ("Q{#abc}", 1, "'abc' is not a number"),
    ("Q{#1,5}", 1, "'1,5' is not a number"),
    ("Q{#\n=1\n=x:1\n}", 3, "'x' is not a number"),
    ("Q{#1:abc}", 1, "'abc' is not a number"),
    ("Q{#1:-2}", 1, "tolerance -2 is negative"),
    ("Q{#5..1}", 1, "minimum is greater"),
    ("Q{#1..x}", 1, "'x' is not a number"),
    ("Q{#=%50%1}", 1, "must be worth 100%"),
    ("Q{#\n=1\n~#other\n}", 3, "'~' in a numerical question"),
    ("Q{#\n=1\n=%50%#fb\n}", 3, "missing number"),
    ("Q{#inf}", 1, "not a number"),
    # matching
    ("Q{=a -> 1 =b -> 2}", 1, "at least 2 questions and 3 answers"),
    ("Q{=a -> 1 = -> 2 = -> 3}", 1, "at least 2 questions and 3 answers"),
    ("Q{\n=a -> 1\n=b 2\n=c -> 3\n}", 3, "has no '->'"),
    ("Q{=a -> 1 =b -> 2#fb =c -> 3}", 1, "no feedback"),
    ("Q{=a -> 1 =b -> =c -> 3}", 1, "'b' has no answer"),
    ("Q{=a -> 1 = -> =c -> 3}", 1, "a pair has no answer"),
    ("Q{junk =a -> 1 =b -> 2 =c -> 3}", 1, "'junk' is not an answer"),
    # comments
    ("// [id:]\nQ{=a}", 1, "empty [id:]"),
    ("// [id:a]\n// [id:b]\nQ{=a}", 2, "second [id:b]"),
    ("// [id:a\nQ{=a}", 1, "[id:...] is not closed"),
    ("// [tag:a<b]\nQ{=a}", 1, "[tag:...] is not closed"),
    (
        "// [id:dup]\nQ1{=a}\n\n// [id:other]\nQ2{=a}\n\n// [tag:x] [id:dup]\nQ3{=a}",
        7,
        "duplicate id 'dup' (already used on line",
    ),
]


@pytest.mark.parametrize("text, line, message", ERRORS)
def test_error_names_line(text, line, message):
    with pytest.raises(GiftError) as info:
        parse(text)
    assert info.value.line == line
    assert message in info.value.message
    assert str(info.value) == f"line {line}: {info.value.message}"


@pytest.mark.parametrize("text, line, message", ERRORS)
def test_error_is_isolated(text, line, message):
    """parse_all reports the same error and still reads the good questions around it."""
    padded = f"Before{{=ok}}\n\n{text}\n\nAfter{{=ok}}"
    questions, errors = parse_all(padded)
    assert [(e.line, message in e.message) for e in errors] == [(line + 2, True)]
    # The duplicate-id case keeps its first two questions; all others lose the broken one.
    assert [q.text for q in questions][0] == "Before"
    assert [q.text for q in questions][-1] == "After"


def test_parse_all_collects_every_error_in_order():
    text = "\n\n".join(
        [
            "Good1{=a}",
            "Bad1{~a}",
            "::Bad2 {=a}",
            "Good2{T}",
            "Bad3{#x}",
            "Bad4 {=a\n\nGood3{F}",
            "// [id:g]\nGood4{=a =b}",
            "// [id:g]\nBad5{=a}",
        ]
    )
    questions, errors = parse_all(text)
    assert [q.text for q in questions] == ["Good1", "Good2", "Good3", "Good4"]
    assert [e.line for e in errors] == [3, 5, 9, 11, 18]
    with pytest.raises(GiftError) as info:
        parse(text)
    assert info.value.line == 3


def test_unclosed_brace_does_not_swallow_the_rest():
    questions, errors = parse_all("Q1 {=a\n\nQ2 {=b}\n\nQ3 {=c\n\n// [id:x]\nQ4{=d}")
    assert [q.text for q in questions] == ["Q2", "Q4"]
    assert [e.line for e in errors] == [1, 5]


def test_error_line_counts_crlf_and_cr():
    for sep in ("\r\n", "\r", "\n"):
        with pytest.raises(GiftError) as info:
            parse(sep.join(["Q1{=a}", "", "Q2{", "=a", "~%500%b", "}"]))
        assert info.value.line == 5


def test_latin1_file():
    data = "// Quiz\n\nQ1 {=caf\u00e9}\n".encode("cp1252")
    with pytest.raises(GiftError) as info:
        parse_bytes(data)
    assert info.value.line == 3
    assert "not UTF-8" in info.value.message
    questions, errors = parse_all(data)
    assert questions == [] and [e.line for e in errors] == [3]


def test_gift_error_is_value_error():
    assert issubclass(GiftError, ValueError)
