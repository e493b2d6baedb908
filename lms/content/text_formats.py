"""Moodle's text formats (html, plain, moodle, markdown) turned into markdown that renders as Moodle shows them.

Questions are stored and edited as markdown only. A GIFT or Aiken text written in another of Moodle's formats
is converted once, when the file is read, into markdown whose rendering (render_markdown) is the HTML Moodle
would display, sanitized: so a participant never sees a "[plain]" marker, and an export writes the markdown
back without a marker, which reads in again unchanged.
"""

import html
import re
from html.parser import HTMLParser

import markdown

from lms.core.render import clean_html

FORMATS = ("moodle", "html", "plain", "markdown")

# Characters that start markdown anywhere on a line, as HTML5 named references (which Python-Markdown
# leaves alone and every browser and nh3 decode): raw HTML, entities, emphasis, code, links, footnotes.
_ALWAYS = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "\\": "&bsol;",
    "`": "&grave;",
    "*": "&ast;",
    "_": "&lowbar;",
    "[": "&lsqb;",
    "]": "&rsqb;",
    "#": "&num;",
    "\n": "&#10;",
    "\u00a0": "&nbsp;",
}
# Characters that start a block (a list, a heading, an admonition) only at the start of the line.
_LEADING = {"-": "&#45;", "+": "&plus;", "!": "&excl;", ":": "&colon;", "=": "&equals;", "|": "&vert;"}
_BLOCK_TAGS = set(markdown.Markdown().block_level_elements)
_ORDERED_LIST = re.compile(r"^(\d+)([.)])")


def as_markdown(text: str, text_format: str) -> str:
    """The markdown whose rendering is what Moodle shows for text in text_format (one of FORMATS)."""
    if text_format == "markdown":
        return text
    return _html_as_markdown(moodle_html(text, text_format))


def moodle_html(text: str, text_format: str) -> str:
    """What Moodle's format_text() displays for a non-markdown format, through our sanitizer."""
    if text_format == "plain":
        # FORMAT_PLAIN: s() (which keeps numeric character references), double spaces kept, nl2br.
        shown = html.escape(text, quote=True)
        shown = re.sub(r"&amp;#(\d+|x[0-9a-fA-F]+);", r"&#\1;", shown)
        shown = shown.replace("  ", "&nbsp; ").replace("\n", "<br />\n")
    elif text_format == "moodle":
        # FORMAT_MOODLE is text_to_html(): HTML allowed, line breaks kept.
        shown = re.sub(r">\s+<", "><", text)
        shown = re.sub(r"\n<", " <", shown)
        shown = re.sub(r">\n", "> ", shown)
        shown = shown.replace("\n", "<br />\n")
    elif text_format == "html":
        shown = text
    else:
        raise ValueError(f"unknown text format {text_format!r}")
    return clean_html(shown)


class _Encoder(HTMLParser):
    """Re-serializes sanitized HTML on one line with every markdown-active character of its text as a
    character reference, so markdown leaves the HTML as it is, inside a raw block or inline."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.has_block = False
        self.in_pre = 0
        self.after_break = self.opened_pre = False

    def handle_starttag(self, tag, attrs):
        self.has_block = self.has_block or tag in _BLOCK_TAGS
        self.in_pre += tag == "pre"
        self.after_break = tag == "br"
        self.opened_pre = tag == "pre"
        self.out.append(self._tag_text())

    def handle_startendtag(self, tag, attrs):
        self.after_break, self.opened_pre = tag == "br", False
        self.out.append(self._tag_text())

    def handle_endtag(self, tag):
        self.in_pre -= tag == "pre" and self.in_pre > 0
        self.after_break = self.opened_pre = False
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.in_pre:
            # Outside <pre> a line break in HTML text is only a space; the one after a <br> not even that.
            data = (data.removeprefix("\n") if self.after_break else data).replace("\n", " ")
        elif self.opened_pre and data.startswith("\n"):
            data = "\n" + data  # an HTML parser drops the line break right after <pre>
        self.after_break = self.opened_pre = False
        encoded = "".join(_ALWAYS.get(char, char) for char in data)
        if not self.out:
            encoded = _encode_line_start(encoded)
        self.out.append(encoded)

    def _tag_text(self) -> str:
        # The sanitizer's own serialization; a newline inside a tag would split the markdown line.
        return (self.get_starttag_text() or "").replace("\n", "&#10;")


def _encode_line_start(text: str) -> str:
    stripped = text.lstrip(" \t")
    ordered = _ORDERED_LIST.match(stripped)
    if ordered:
        dot = "&period;" if ordered[2] == "." else "&rpar;"
        return ordered[1] + dot + stripped[ordered.end() :]
    if stripped[:1] in _LEADING:
        return _LEADING[stripped[0]] + stripped[1:]
    return stripped


def _html_as_markdown(sanitized: str) -> str:
    encoder = _Encoder()
    encoder.feed(sanitized)
    encoder.close()
    encoded = "".join(encoder.out).strip()
    if encoder.has_block:
        # One raw HTML block, kept as it is; text around block elements would otherwise be split off
        # and parsed as markdown paragraphs of its own.
        return f"<div>{encoded}</div>"
    return encoded
