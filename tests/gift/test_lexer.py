"""Escapes, line endings, decoding and the cutting of a file into questions."""

import pytest

from kmi_learn.gift import GiftError, decode, parse_all
from kmi_learn.gift.escapes import clean, escape, find, rfind, unescape
from kmi_learn.gift.lexer import Category, Chunk, normalize, split_items
from kmi_learn.gift.numbers import format_number, format_percent, parse_number, parse_percent


@pytest.mark.parametrize(
    "raw, text",
    [
        (r"a\~b", "a~b"),
        (r"a\=b", "a=b"),
        (r"a\#b", "a#b"),
        (r"a\{b\}", "a{b}"),
        (r"a\:b", "a:b"),
        (r"a\\b", "a\\b"),
        (r"a\nb", "a\nb"),
        (r"a\\nb", "a\\nb"),  # escaped backslash, then a plain n
        (r"a\\\nb", "a\\\nb"),
        (r"-\>", "->"),
        (r"C:\temp", "C:\\temp"),  # unknown escape: the backslash stays (Moodle)
        ("\\", "\\"),
        (r"x\\", "x\\"),
    ],
)
def test_unescape(raw, text):
    assert unescape(raw) == text


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "a~b=c#d{e}f:g",
        "back\\slash",
        "new\nline",
        "\\n literal",
        "a -> b",
        "--> ->",
        "\\",
        "x\\",
    ],
)
def test_escape_unescape_inverse(text):
    assert unescape(escape(text)) == text
    assert unescape(escape(text, arrows=True)) == text


def test_escape_arrows_only_when_asked():
    assert escape("a -> b") == "a -> b"
    assert escape("a -> b", arrows=True) == r"a -\> b"
    assert escape("a > b", arrows=True) == "a > b"


@pytest.mark.parametrize(
    "s, token, expected",
    [
        (r"a\{b{c", "{", 4),
        (r"\\{", "{", 2),  # the backslash is escaped, the brace is not
        (r"\{", "{", -1),
        (r"a -\> b -> c", "->", 8),
        (r"\::x::", "::", 4),
    ],
)
def test_find_skips_escapes(s, token, expected):
    assert find(s, token) == expected


def test_rfind_last_run_of_hashes():
    # Moodle's strrpos: in a run of five the last "####" starts one further.
    assert rfind("a#####b", "####") == 2
    assert rfind(r"a\####b", "####") == -1


def test_clean_trims_like_php_not_unicode():
    assert clean("  a \t\n") == "a"
    assert clean("\u00a0a\u00a0") == "\u00a0a\u00a0"  # PHP trim keeps no-break spaces
    assert clean(r" a\n ") == "a"  # an escaped newline at the end is trimmed too


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("a\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("\ufeffa", "a"),
        ("a\r\n\r\nb", "a\n\nb"),
        ("a\n\rb", "a\n\nb"),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "data, text",
    [
        (b"abc", "abc"),
        (b"\xef\xbb\xbfabc", "abc"),
        ("caf\u00e9".encode(), "caf\u00e9"),
    ],
)
def test_decode_utf8(data, text):
    assert decode(data) == text


@pytest.mark.parametrize(
    "data, line",
    [
        (b"caf\xe9", 1),
        (b"a\nb\nc\xe9", 3),
        (b"a\r\nb\r\nc\xe9", 3),
        (b"a\rb\rc\r\xe9", 4),
        (b"\xef\xbb\xbfa\n\xff", 2),
        (b"ok {=caf\xc3\xa9}\n\nQ {=caf\xe9}", 3),
    ],
)
def test_decode_latin1_names_line(data, line):
    with pytest.raises(GiftError) as info:
        decode(data)
    assert info.value.line == line
    assert "UTF-8" in info.value.message
    assert str(info.value).startswith(f"line {line}:")


def test_parse_all_bytes_reports_decoding():
    questions, errors = parse_all("Q {=a}\n\nQ2 {=\u00e9t\u00e9}\n".encode("latin-1"))
    assert questions == []
    assert [e.line for e in errors] == [3]


def test_split_items_blocks_comments_categories():
    text = "// header\n\n// [id:a]\nQ1 {\n=x\n\n=y\n}\n$CATEGORY: c\n// [tag:t]\nQ2\n\n\nQ3"
    items = split_items(text)
    assert [type(i) for i in items] == [Chunk, Category, Chunk, Chunk]
    q1, cat, q2, q3 = items
    assert q1.line == 4 and q1.comments == [(3, "// [id:a]")]
    assert [n for n, _ in q1.lines] == [4, 5, 6, 7, 8]  # blank line 6 kept inside braces
    assert cat == Category(9, "c")
    assert q2.line == 11 and q2.comments == [(10, "// [tag:t]")]
    assert q3.line == 14 and q3.comments == []


def test_split_items_blank_line_after_unclosed_brace_ends_question():
    items = split_items("Q1 {=a\n\nQ2 {=b}\n\nQ3 {=c\n\n=d}")
    assert [i.line for i in items] == [1, 3, 5]
    assert [n for n, _ in items[2].lines] == [5, 6, 7]


def test_split_items_braces_in_title_do_not_count():
    items = split_items("::a{b::Q {=a\n\n=b}")
    assert len(items) == 1


def test_split_items_whitespace_only_line_is_blank():
    assert len(split_items("Q1\n \t \nQ2")) == 2


@pytest.mark.parametrize(
    "text, value",
    [
        ("1", 1.0),
        ("-2.5", -2.5),
        ("+3", 3.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("1e3", 1000.0),
        ("1E-2", 0.01),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["", "abc", "1,5", "inf", "nan", "1_000", "0x10", "1e999", "--1", "1..2"]
)
def test_parse_number_rejects(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "value, text",
    [
        (1.0, "1"),
        (0.5, "0.5"),
        (-3.0, "-3"),
        (1822.0, "1822"),
        (-0.0, "0"),
        (1e-05, "1e-05"),
        (0.1 + 0.2, "0.30000000000000004"),
    ],
)
def test_format_number(value, text):
    assert format_number(value) == text
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "fraction, text",
    [
        (1.0, "100"),
        (0.5, "50"),
        (0.0, "0"),
        (-1.0, "-100"),
        (0.3333333, "33.33333"),
        (-0.3333333, "-33.33333"),
        (0.125, "12.5"),
        (0.1428571, "14.28571"),
        (0.05, "5"),
        (1e-07, "0.00001"),
    ],
)
def test_format_percent(fraction, text):
    assert format_percent(fraction) == text
    assert parse_percent(text) == fraction


@pytest.mark.parametrize("fraction", [1 / 3, 2 / 3, 1 / 7, 0.1, 0.7, 0.29, 0.57, -1 / 3, 0.999])
def test_format_percent_round_trips(fraction):
    text = format_percent(fraction)
    assert "e" not in text.lower()
    assert parse_percent(text) == fraction
