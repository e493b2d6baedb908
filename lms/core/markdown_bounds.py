"""Python-Markdown with bounded work per character, so crafted markdown cannot stall a worker.

Upstream scans from every "[" to the end of its paragraph for the "]" (Python-Markdown issue #798, open),
from every "](" for the ")", from every "[^" for a footnote's "]", and from every "<" for the ">" of a
tag; a blockquote is parsed again for each level of ">". On 20 KB of "[" that took minutes. Here:
- the "]" of every "[" comes from one stack pass over the paragraph, reused while the text after the
  bracket is unchanged (the inline processor only replaces text before the place it is looking at);
- a link's "(address "title")", a footnote label and a tag are looked for only within a window longer
  than any real one (MAX_TARGET, MAX_FOOTNOTE_LABEL, MAX_TAG);
- quotes nest at most MAX_QUOTE_DEPTH deep; deeper ">" markers are kept as text.
"""

import re

from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteInlineProcessor
from markdown.htmlparser import HTMLExtractor
from markdown.inlinepatterns import (
    IMAGE_LINK_RE,
    IMAGE_REFERENCE_RE,
    LINK_RE,
    REFERENCE_RE,
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
)
from markdown.preprocessors import HtmlBlockPreprocessor, Preprocessor

MAX_TARGET = 2_000  # browsers cap an address near 2,000 characters
MAX_FOOTNOTE_LABEL = 100
MAX_TAG = 2_000
MAX_QUOTE_DEPTH = 8
_BRACKETS = re.compile(r"[\[\]]")
# Lines that open more than MAX_QUOTE_DEPTH quotes: the markers past that depth are escaped.
_DEEP_QUOTE = re.compile(rf"^((?:[ ]{{0,3}}>[ ]?){{{MAX_QUOTE_DEPTH}}})(?=[ ]{{0,3}}>)", re.MULTILINE)


def closing_brackets(text: str) -> dict[int, int]:
    """Maps the position of every "[" in text to the position of its "]" (unmatched ones are absent)."""
    closes: dict[int, int] = {}
    opened: list[int] = []
    for match in _BRACKETS.finditer(text):
        position = match.start()
        if text[position] == "[":
            opened.append(position)
        elif opened:
            closes[opened.pop()] = position
    return closes


class _BoundedMixin:
    """getText() answers from one bracket map; getLink() looks no further than MAX_TARGET."""

    _text = ""  # the text the map was made from
    _closes: dict[int, int] = {}
    _data = ""  # the last text asked about, and from where on it is known to end as _text does
    _checked_from = -1

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802 (upstream's name)
        opener = index - 1
        if opener < 0 or data[opener] != "[":
            return super().getText(data, index)  # type: ignore[misc]
        # Positions count from the end of the text: a replacement before the opener shifts it but
        # leaves everything after it (so its "]") as it was.
        if not (data is self._data and opener >= self._checked_from):
            if len(data) - opener > len(self._text) or not self._text.endswith(data[opener:]):
                self._text, self._closes = data, closing_brackets(data)
            self._data, self._checked_from = data, opener
        shift = len(self._text) - len(data)
        close = self._closes.get(opener + shift)
        if close is None:
            return "", len(data), False
        return data[index : close - shift], close - shift + 1, True

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:  # noqa: N802
        if data.find(")", index, index + MAX_TARGET) == -1:
            return "", None, index, False
        return super().getLink(data[: index + MAX_TARGET], index)  # type: ignore[misc]


class BoundedLink(_BoundedMixin, LinkInlineProcessor):
    pass


class BoundedImage(_BoundedMixin, ImageInlineProcessor):
    pass


class BoundedReference(_BoundedMixin, ReferenceInlineProcessor):
    pass


class BoundedImageReference(_BoundedMixin, ImageReferenceInlineProcessor):
    pass


class BoundedShortReference(_BoundedMixin, ShortReferenceInlineProcessor):
    pass


class BoundedShortImageReference(_BoundedMixin, ShortImageReferenceInlineProcessor):
    pass


class BoundedHTMLExtractor(HTMLExtractor):
    def check_for_whole_start_tag(self, i: int) -> int:
        # A "<" whose ">" is not near is text; the standard library would scan to the end for each one.
        if self.rawdata.find(">", i, i + MAX_TAG) == -1:
            return -1
        return super().check_for_whole_start_tag(i)


class BoundedHtmlBlock(HtmlBlockPreprocessor):
    def run(self, lines: list[str]) -> list[str]:
        parser = BoundedHTMLExtractor(self.md)
        parser.feed("\n".join(lines))
        parser.close()
        return "".join(parser.cleandoc).split("\n")


class QuoteDepth(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if ">" * MAX_QUOTE_DEPTH not in text.replace(" ", ""):
            return lines
        return _DEEP_QUOTE.sub(lambda m: m.group(1) + "\\", text).split("\n")


class BoundedMarkdownExtension(Extension):
    """Replaces upstream's processors under their own names and priorities."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 (upstream's name)
        patterns = md.inlinePatterns
        for name, cls, regex, priority in (
            ("reference", BoundedReference, REFERENCE_RE, 170),
            ("link", BoundedLink, LINK_RE, 160),
            ("image_link", BoundedImage, IMAGE_LINK_RE, 150),
            ("image_reference", BoundedImageReference, IMAGE_REFERENCE_RE, 140),
            ("short_reference", BoundedShortReference, REFERENCE_RE, 130),
            ("short_image_ref", BoundedShortImageReference, IMAGE_REFERENCE_RE, 125),
        ):
            patterns.deregister(name)
            patterns.register(cls(regex, md), name, priority)
        if "footnote" in patterns:
            # A label may not hold "[" and is short, so no "[^" scans past the next one.
            footnotes = patterns["footnote"].footnotes
            patterns.deregister("footnote")
            label = rf"\[\^([^\[\]]{{0,{MAX_FOOTNOTE_LABEL}}})\]"
            patterns.register(FootnoteInlineProcessor(label, footnotes), "footnote", 175)
        md.preprocessors.deregister("html_block")
        md.preprocessors.register(BoundedHtmlBlock(md), "html_block", 20)
        md.preprocessors.register(QuoteDepth(md), "quote_depth", 19)
