"""Moodle's text formats as markdown: what a participant sees is what Moodle shows, for any text."""

import random
import re

import pytest

from lms.content.text_formats import as_markdown, moodle_html
from lms.core.render import render_markdown

TRICKY = [
    "blue",
    "a < b & c > d",
    "**not bold** _x_ `code` [link](http://x) ![i](http://x/i.png)",
    "# not a heading",
    "1. not a list",
    "2) nor this",
    "- no list",
    "+ no list",
    "    indented is not code",
    "line1\nline2\n\nline4",
    "2 * 3 = 6 \\* \\\\",
    "&#42; &amp; &lt;",
    "!!! note",
    "x  y   z",
    "<b>bold</b> *no*",
    "<p>para</p><p>two *x*</p>",
    "<ul><li>x</li></ul>tail *y*",
    '<a href="http://demo.moodle.net/a_b.mp3">Listen:</a><br /><br />What?',
    '<span style="font-style: italic;">M</span>.',
    "<script>alert(1)</script>hi",
    "<pre>\n\na\n  b*c</pre>",
    "|a|b|\n|-|-|\n|1|2|",
    "Term\n: def",
    "*[HTML]: Hyper",
    "[^1]\n\n[^1]: foot",
    "Setext\n===",
    "```\nfenced\n```",
    "<div>a\n\nb</div>",
]
PIECES = [*"abcXYZ019 \t\n*_`[]()!#+-.>:|<&\\~^=\"'%{}", "<b>", "</b>", "<p>", "</p>", "<ul><li>", "</li></ul>"]
PIECES += ["<br>", "&amp;", "&#42;", "1. ", "- ", "    ", "!!! ", "```", "*[X]: y", "[^1]", "[a](http://x)"]
PIECES += ["<http://x>", "<script>", "http://e.com/a_b_c", "  \n", "\n\n", "<pre>", "</pre>", "<div>", "</div>"]
PIECES += ["===", "---", "<!-- c -->", "&nbsp;", "\u00a0", '<a href="http://x/a*b*">l</a>']


def displayed(html: str) -> str:
    """HTML as a browser lays it out: whitespace runs are one space, none between tags or after a break."""
    html = html.replace(' loading="lazy"', "").replace(' decoding="async"', "")
    html = re.sub(r"<br>\s+", "<br>", html)
    html = re.sub(r">\s+<", "><", html)
    return re.sub(r"\s+", " ", html).strip()


def assert_shown_as_moodle(text: str, text_format: str) -> None:
    shown = displayed(render_markdown(as_markdown(text, text_format)).html)
    moodle = displayed(moodle_html(text, text_format))
    # Markdown may wrap the whole in one paragraph or block; the content inside is what Moodle shows.
    assert shown in (moodle, f"<p>{moodle}</p>", f"<div>{moodle}</div>"), (text, as_markdown(text, text_format))


@pytest.mark.parametrize("text_format", ["html", "plain", "moodle"])
@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts_are_shown_as_moodle_shows_them(text, text_format):
    assert_shown_as_moodle(text, text_format)


@pytest.mark.parametrize("text_format", ["html", "plain", "moodle"])
def test_random_texts_are_shown_as_moodle_shows_them(text_format):
    # Any markdown-active character the conversion forgot shows up here as a difference.
    rng = random.Random(f"moodle-{text_format}")
    for _ in range(400):
        assert_shown_as_moodle("".join(rng.choice(PIECES) for _ in range(rng.randint(1, 14))), text_format)


def test_each_format_as_moodle_shows_it():
    text = "**a** <b>b</b> c\nd"
    assert render_markdown(as_markdown(text, "plain")).html == "<p>**a** &lt;b&gt;b&lt;/b&gt; c<br>d</p>"
    assert render_markdown(as_markdown(text, "moodle")).html == "<p>**a** <b>b</b> c<br>d</p>"
    assert render_markdown(as_markdown(text, "html")).html == "<p>**a** <b>b</b> c d</p>"
    assert as_markdown(text, "markdown") == text
    # Moodle's text_to_html: a line break right after a tag is only a space.
    assert render_markdown(as_markdown("<b>b</b>\nc", "moodle")).html == "<p><b>b</b> c</p>"
    assert as_markdown("What's between orange and green?", "plain") == "What's between orange and green?"


def test_unknown_format_is_an_error():
    with pytest.raises(ValueError):
        as_markdown("x", "rtf")
