"""Markdown to safe HTML, for lessons (at sync time) and quiz texts.

Whatever a facilitator writes is untrusted when another person reads it, so every
path out of here goes through one nh3 allow-list. Rendering is deterministic (a
fresh Markdown instance per call, no counters shared between calls): sync compares
the HTML of two runs to decide whether a lesson changed.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from typing import Any

import markdown
import nh3

from kmi_learn.catalog.markdown_ext import CatalogExtension

ALLOWED_TAGS = frozenset({
    "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "a", "em", "strong", "code",
    "pre", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "img", "div",
    "sup", "hr", "br", "dl", "dt", "dd",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    # ids are the targets of the table of contents and of footnote links; their
    # values are checked by _filter_attribute.
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "sup": {"id"}, "li": {"id"},
}
#: Admonition kinds a lesson may use: ``!!! case "Title"`` and the usual notes.
ADMONITION_KINDS = frozenset({"case", "note", "tip", "warning", "important", "example"})
ALLOWED_CLASSES = {
    "a": {"cite", "term", "footnote-ref", "footnote-backref"},
    "div": {"admonition", "footnote", "toc"} | ADMONITION_KINDS,
    "p": {"admonition-title"},
}
#: Table column alignment, written as ``align`` (no style attribute is ever kept).
ALLOWED_VALUES = {cell: {"align": {"left", "right", "center"}} for cell in ("th", "td")}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"

# toc slugs (lowercase words and dashes) and footnote ids (fn:1, fnref:1, fnref2:1).
_ID_RE = re.compile(r"[a-z0-9_-]+|fn:[\w.-]+|fnref\d*:[\w.-]+")

TEXT_FORMATS = ("moodle", "plain", "html", "markdown")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if _ID_RE.fullmatch(value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_filter_attribute,
    strip_comments=True,
    link_rel=LINK_REL,
    url_schemes=set(URL_SCHEMES),
    allowed_classes={tag: set(classes) for tag, classes in ALLOWED_CLASSES.items()},
    tag_attribute_values={t: {a: set(v) for a, v in d.items()} for t, d in ALLOWED_VALUES.items()},
)


def sanitize_html(text: str) -> str:
    """``text`` cleaned with the platform's allow-list: safe to mark ``|safe`` in a template."""
    return _CLEANER.clean(text)


def _extensions() -> list[Any]:
    return [
        "tables",
        "footnotes",
        "admonition",
        "toc",
    ]


_EXTENSION_CONFIGS = {
    "tables": {"use_align_attribute": True},
}


def _markdown(extra: list[Any]) -> markdown.Markdown:
    # A new instance each time: footnote and toc state must not leak between texts.
    return markdown.Markdown(
        extensions=_extensions() + extra,
        extension_configs=_EXTENSION_CONFIGS,
        output_format="html",
    )


def render_markdown(
    text: str,
    *,
    cite_href: Callable[[str], str],
    term_href: Callable[[str], str],
    instruments: Mapping[str, Any] | None = None,
    media_href: Callable[[str], str] | None = None,
    terms: Mapping[str, str] | None = None,
) -> str:
    """A lesson body (Markdown, no front matter) as sanitized HTML.

    ``[@key, locator]`` becomes ``<a class="cite" href="{cite_href(key)}">Short, locator</a>``
    (the short name from ``instruments[key].short``, the key when unknown);
    ``{term:slug|text}`` becomes ``<a class="term" href="{term_href(slug)}">text</a>``
    (without ``|text``: ``terms[slug]``, the term in the lesson's language, else the
    slug); ``![alt](media/x.png)`` gets ``src=media_href("x.png")`` when given.
    The same input always gives the same output.
    """
    ext = CatalogExtension(
        cite_href=cite_href,
        term_href=term_href,
        instruments=instruments,
        terms=terms,
        media_href=media_href,
    )
    return sanitize_html(_markdown([ext]).convert(text))


def render_inline_text(text: str, text_format: str) -> str:
    """A quiz text (question, answer, feedback) in its GIFT format, as safe HTML.

    ``moodle``: escaped, line breaks kept as ``<br>``; ``plain``: escaped;
    ``html``: sanitized; ``markdown``: rendered, then sanitized.
    """
    if text_format == "moodle":
        return "<br>\n".join(html.escape(line) for line in text.splitlines())
    if text_format == "plain":
        return html.escape(text)
    if text_format == "html":
        return sanitize_html(text)
    if text_format == "markdown":
        return sanitize_html(_markdown([]).convert(text))
    raise ValueError(f"unknown text format {text_format!r} (one of {', '.join(TEXT_FORMATS)})")
