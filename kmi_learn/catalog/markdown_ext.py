"""The Python-Markdown extension of lessons: citations, glossary links and media images.

``[@key]`` / ``[@key, art. 3]`` cite an instrument of instruments.yaml,
``{term:slug}`` / ``{term:slug|text}`` link a glossary term, and image sources under
``media/`` are rewritten to the course's media URLs. The patterns are shared with the
validator, so what it accepts is exactly what renders as a link.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

#: ``[@key]`` or ``[@key, locator]``: group 1 is the key, group 2 the locator.
CITE_RE = re.compile(r"\[@([a-z0-9-]+)(?:\s*,\s*([^\]\n]*[^\]\s]))?\s*\]")
#: Anything that looks like a citation; when CITE_RE does not match it, it is malformed.
CITE_LOOSE_RE = re.compile(r"\[@[^\]\n]*\]?")
#: ``{term:slug}`` or ``{term:slug|text}``: group 1 is the slug, group 2 the text.
#: ``{term:slug\|text}`` is the same link (the form a table cell needs; see below).
TERM_RE = re.compile(r"\{term:([a-z0-9-]+)(?:\\?\|([^}\n]*[^}\s]))?\}")
TERM_LOOSE_RE = re.compile(r"\{term:[^}\n]*\}?")
#: The folder of a course that images come from.
MEDIA_PREFIX = "media/"

# Above links (160) so that ``[@key]`` is never read as a link, and above backslash
# escapes (180) so that ``{term:slug\|text}`` is still whole; below code spans (190)
# so that a citation inside backticks stays literal text.
_INLINE_PRIORITY = 185

_TERM_PIPE_RE = re.compile(r"(\{term:[a-z0-9-]+)\|")
_CODE_SPAN_RE = re.compile(r"(`+).+?\1")


class _TermPipePreprocessor(Preprocessor):
    """Write ``{term:slug|text}`` as ``{term:slug\\|text}`` outside code spans.

    A table splits its rows on every unescaped ``|``, which would cut the link in
    two; escaping it everywhere lets writers use the same syntax in a table.
    """

    def run(self, lines: list[str]) -> list[str]:
        return [self._escape(line) if "{term:" in line else line for line in lines]

    @staticmethod
    def _escape(line: str) -> str:
        parts, last = [], 0
        for code in _CODE_SPAN_RE.finditer(line):
            parts += [_TERM_PIPE_RE.sub(r"\1\\|", line[last : code.start()]), code.group(0)]
            last = code.end()
        parts.append(_TERM_PIPE_RE.sub(r"\1\\|", line[last:]))
        return "".join(parts)


class _CiteProcessor(InlineProcessor):
    def __init__(self, ext: CatalogExtension):
        super().__init__(CITE_RE.pattern)
        self.ext = ext

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:  # noqa: N802
        key, locator = m.group(1), m.group(2)
        instrument = self.ext.instruments.get(key)
        label = instrument.short if instrument is not None else key
        if locator:
            label = f"{label}, {locator}"
        el = etree.Element("a", {"class": "cite", "href": self.ext.cite_href(key)})
        # Atomic: the label is shown as written, never read as more Markdown.
        el.text = AtomicString(label)
        return el, m.start(0), m.end(0)


class _TermProcessor(InlineProcessor):
    def __init__(self, ext: CatalogExtension):
        super().__init__(TERM_RE.pattern)
        self.ext = ext

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:  # noqa: N802
        slug, text = m.group(1), m.group(2)
        el = etree.Element("a", {"class": "term", "href": self.ext.term_href(slug)})
        el.text = AtomicString(text or self.ext.terms.get(slug, slug))
        return el, m.start(0), m.end(0)


class _MediaProcessor(Treeprocessor):
    def __init__(self, md: Markdown, media_href: Callable[[str], str]):
        super().__init__(md)
        self.media_href = media_href

    def run(self, root: etree.Element) -> None:
        for img in root.iter("img"):
            src = img.get("src", "")
            if src.startswith(MEDIA_PREFIX):
                img.set("src", self.media_href(src[len(MEDIA_PREFIX) :]))


class CatalogExtension(Extension):
    """Citations, glossary links and media URLs, with the callables that make the hrefs."""

    def __init__(
        self,
        *,
        cite_href: Callable[[str], str],
        term_href: Callable[[str], str],
        instruments: Mapping[str, Any] | None = None,
        terms: Mapping[str, str] | None = None,
        media_href: Callable[[str], str] | None = None,
    ):
        super().__init__()
        self.cite_href = cite_href
        self.term_href = term_href
        self.instruments = instruments or {}
        self.terms = terms or {}
        self.media_href = media_href

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        # Before the table block parser sees the lines (preprocessors all run first).
        md.preprocessors.register(_TermPipePreprocessor(md), "kmi_term_pipe", 25)
        md.inlinePatterns.register(_CiteProcessor(self), "kmi_cite", _INLINE_PRIORITY)
        md.inlinePatterns.register(_TermProcessor(self), "kmi_term", _INLINE_PRIORITY)
        if self.media_href is not None:
            # After the inline processor (20) has turned ![..](..) into <img>.
            md.treeprocessors.register(_MediaProcessor(md, self.media_href), "kmi_media", 15)
