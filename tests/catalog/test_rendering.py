"""render_markdown and render_inline_text: the lesson syntax, and nothing unsafe gets out."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from kmi_learn.catalog.rendering import render_inline_text, render_markdown, sanitize_html

INSTRUMENTS = {"refugee-convention-1951": SimpleNamespace(short="1951 Refugee Convention")}


def render(text: str, **kwargs) -> str:
    options = {
        "cite_href": lambda key: f"/instruments/{key}",
        "term_href": lambda slug: f"/glossary/{slug}",
        "instruments": INSTRUMENTS,
    }
    options.update(kwargs)
    return render_markdown(text, **options)


@pytest.mark.parametrize(("source", "html"), [
    ("[@refugee-convention-1951, art. 33(1)]",
     '<a class="cite" href="/instruments/refugee-convention-1951" rel="noopener noreferrer">'
     "1951 Refugee Convention, art. 33(1)</a>"),
    ("[@refugee-convention-1951]",
     '<a class="cite" href="/instruments/refugee-convention-1951" rel="noopener noreferrer">'
     "1951 Refugee Convention</a>"),
    ("[@unknown-key, para. 2]",
     '<a class="cite" href="/instruments/unknown-key" rel="noopener noreferrer">'
     "unknown-key, para. 2</a>"),
])
def test_citation(source, html):
    assert render(f"See {source}.") == f"<p>See {html}.</p>"


def test_terms_with_text_with_lesson_language_and_with_slug():
    out = render("{term:migrant|migrants}, {term:refugee} and {term:soft-law}.",
                 terms={"refugee": "Réfugié"})
    assert out == (
        '<p><a class="term" href="/glossary/migrant" rel="noopener noreferrer">migrants</a>, '
        '<a class="term" href="/glossary/refugee" rel="noopener noreferrer">Réfugié</a> and '
        '<a class="term" href="/glossary/soft-law" rel="noopener noreferrer">soft-law</a>.</p>'
    )


def test_term_with_text_inside_a_table_cell():
    out = render("| a | b |\n|---|---|\n| {term:migrant|migrant workers} | `{term:x|y}` |\n")
    assert ('<td><a class="term" href="/glossary/migrant" rel="noopener noreferrer">'
            "migrant workers</a></td>") in out
    assert "<td><code>{term:x|y}</code></td>" in out


def test_citation_and_term_inside_code_stay_literal():
    assert render("`[@refugee-convention-1951]` and `{term:x}`") == (
        "<p><code>[@refugee-convention-1951]</code> and <code>{term:x}</code></p>")


def test_labels_are_text_not_markup():
    out = render("[@evil] {term:x|<img src=x onerror=alert(1)>} {term:y|*not em*}",
                 instruments={"evil": SimpleNamespace(short="<script>alert(1)</script>")})
    assert "<script" not in out and "<img" not in out and "<em>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_case_box():
    out = render('!!! case "A boat in distress"\n    The situation.\n\n'
                 "    **Reasoning.** Which instrument applies.\n")
    assert out == ('<div class="admonition case">\n'
                   '<p class="admonition-title">A boat in distress</p>\n'
                   "<p>The situation.</p>\n"
                   "<p><strong>Reasoning.</strong> Which instrument applies.</p>\n</div>")


def test_table_with_alignment():
    out = render("| Instrument | Year |\n|:--|--:|\n| ICCPR | 1966 |\n")
    assert '<th align="left">Instrument</th>' in out
    assert '<td align="right">1966</td>' in out
    assert "<table>" in out and "style" not in out


def test_footnotes_keep_their_links():
    out = render("Text.[^1]\n\n[^1]: The note.\n")
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1"' in out
    assert '<li id="fn:1">' in out
    assert 'class="footnote-backref" href="#fnref:1"' in out


def test_headings_get_ids_and_h1_is_not_kept():
    out = render("# Title\n\n## Sources of law\n\n### Treaties\n")
    assert '<h2 id="sources-of-law">Sources of law</h2>' in out
    assert '<h3 id="treaties">Treaties</h3>' in out
    assert "<h1" not in out


def test_media_images():
    source = "![Map](media/map.png)"
    assert render(source) == '<p><img alt="Map" src="media/map.png"></p>'
    assert render(source, media_href=lambda name: f"/media/iml/{name}") == (
        '<p><img alt="Map" src="/media/iml/map.png"></p>')


def test_rendering_is_deterministic():
    source = "## A\n\nText[^n] {term:migrant} [@refugee-convention-1951].\n\n## A\n\n[^n]: Note.\n"
    first = render(source)
    assert all(render(source) == first for _ in range(3))
    assert 'id="a_1"' in first  # the second "A" heading, numbered the same way every time


UNSAFE = [
    ("script", "<script>alert(1)</script>Hello", ["<script", "alert"]),
    ("script-inline", "Hi <script>alert(1)</script>", ["<script", "alert"]),
    ("onerror", '<img src="x.png" onerror="alert(1)">', ["onerror", "alert"]),
    ("onclick", '<p onclick="alert(1)">x</p>', ["onclick"]),
    ("javascript-markdown-link", "[x](javascript:alert(1))", ["javascript"]),
    ("javascript-html-link", '<a href="JaVaScRiPt:alert(1)">x</a>', ["javascript", "JaVaScRiPt"]),
    ("data-image", "![x](data:image/svg+xml;base64,PHN2Zz4=)", ["data:"]),
    ("iframe", '<iframe src="https://evil.example"></iframe>', ["<iframe", "evil"]),
    ("style", '<p style="position:fixed">x</p><style>p{}</style>', ["style", "position"]),
    ("form", '<form action="/x"><input name="q"></form>', ["<form", "<input"]),
    ("bad-class", '<div class="admonition modal-backdrop">x</div>', ["modal-backdrop"]),
    ("bad-id", '<h2 id="csrf token">x</h2>', ["csrf"]),
    ("comment", "<!-- secret -->visible", ["secret", "<!--"]),
    ("svg", '<svg onload="alert(1)"><circle/></svg>', ["<svg", "onload"]),
]


@pytest.mark.parametrize(("source", "forbidden"), [u[1:] for u in UNSAFE],
                         ids=[u[0] for u in UNSAFE])
def test_unsafe_markdown_is_cleaned(source, forbidden):
    out = render(source)
    for text in forbidden:
        assert text not in out


def test_bad_hrefs_from_callables_are_cleaned_too():
    out = render("[@refugee-convention-1951] {term:x}", cite_href=lambda k: "javascript:alert(1)",
                 term_href=lambda s: "vbscript:x")
    assert "javascript" not in out and "vbscript" not in out


def test_safe_links_are_kept():
    out = render("[a](https://un.org) [b](mailto:x@un.org) [c](/relative) [d](http://x.org)")
    for href in ("https://un.org", "mailto:x@un.org", "/relative", "http://x.org"):
        assert f'href="{href}"' in out
    assert out.count('rel="noopener noreferrer"') == 4


@pytest.mark.parametrize(("text", "text_format", "html"), [
    ("Line one\nLine <two> & 3", "moodle", "Line one<br>\nLine &lt;two&gt; &amp; 3"),
    ("<script>alert(1)</script>", "moodle", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("a < b\nc", "plain", "a &lt; b\nc"),
    ('<b>bold</b> <em onmouseover="x">em</em><script>alert(1)</script>', "html",
     "bold <em>em</em>"),
    ("**Bold** <img src=x onerror=alert(1)>", "markdown",
     '<p><strong>Bold</strong> <img src="x"></p>'),
])
def test_inline_text_formats(text, text_format, html):
    assert render_inline_text(text, text_format) == html


def test_inline_text_unknown_format():
    with pytest.raises(ValueError, match="unknown text format 'rtf'"):
        render_inline_text("x", "rtf")


def test_sanitize_html_keeps_the_allowed_structure():
    html = ('<div class="admonition case"><p class="admonition-title">T</p>'
            '<dl><dt>a</dt><dd>b</dd></dl><blockquote>q</blockquote><pre><code>c</code></pre>'
            "<hr><br></div>")
    assert sanitize_html(html) == html
