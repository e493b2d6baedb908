"""Rendering does bounded work on crafted markdown, and renders ordinary markdown exactly as upstream does."""

import time
from pathlib import Path

import markdown
import pytest

from lms.core import render
from lms.core.markdown_bounds import MAX_QUOTE_DEPTH, closing_brackets
from lms.core.render import render_markdown

SIZE = 20_000
# CPU seconds of this process, not wall clock, so a busy machine does not fail the test; measured
# here the slowest pattern takes under half of it.
BUDGET = 1.0


def _repeat(unit: str) -> str:
    return (unit * (SIZE // len(unit) + 1))[:SIZE]


PATHOLOGICAL = {
    "open brackets": _repeat("["),
    "open brackets with text": _repeat("[a "),
    "open images": _repeat("!["),
    "footnote openers": _repeat("[^"),
    "links without targets": _repeat("[x]("),
    "empty links left open": _repeat("[]("),
    "link reference chain": _repeat("[a][b]"),
    "nested brackets": "[" * (SIZE // 2) + "]" * (SIZE // 2),
    "stars": _repeat("*"),
    "stars and words": _repeat("*a"),
    "stars and brackets": _repeat("*["),
    "underscores": _repeat("_"),
    "underscores and words": _repeat("_a "),
    "backticks": _repeat("`"),
    "backticks and words": _repeat("`a"),
    "angle brackets": _repeat("<"),
    "unclosed tags": _repeat("<a"),
    "unclosed attributes": _repeat("<a href="),
    "quote markers": _repeat(">"),
    "nested quotes": "".join("> " * i + "x\n" for i in range(1, 200))[:SIZE],
    "nested lists": "".join("  " * i + "- x\n" for i in range(400))[:SIZE],
    "nested ordered lists": "".join("   " * i + "1. x\n" for i in range(300))[:SIZE],
    "reference definitions": "".join(f"[r{i}]: /u{i}\n" for i in range(1500))[:SIZE],
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_20_kb_of_a_pathological_pattern_renders_within_a_second(name):
    text = PATHOLOGICAL[name]
    assert len(text) >= SIZE * 0.95
    started = time.process_time()
    render_markdown(text)
    assert time.process_time() - started < BUDGET


ORDINARY = [
    'Lihat [LAN](https://lan.go.id) dan [situs *BPSDM*](https://bpsdm.go.id "judul").',
    "[teks [bersarang] di dalam](https://contoh.go.id/a_(b)) lalu [kosong]() dan [tak tertutup](x",
    "![gambar](gambar.png) ![alt [x]](b.png) dan [ref][r] serta [r] dan [r][]\n\n[r]: https://r.go.id",
    "Catatan kaki[^1] dan[^dua].\n\n[^1]: Satu.\n[^dua]: Dua.",
    "> kutipan\n> > dalam\n> > > lebih dalam\n\nbiasa",
    "<span>html</span> dan <b>tebal</b> serta <a href='https://x.go.id'>tautan</a> dan a < b > c",
    "`kode [a](b)` dan ``dua `tanda` `` lalu \\[bukan tautan\\](x)",
    "- satu\n  - dua\n    - tiga\n\n1. a\n2. b",
    "[a]\n[b]: https://b.go.id\n\n[[a]] [b] [[b]] [x [b] y](https://z.go.id)",
]


def _both(text: str) -> tuple[str, str]:
    bounded = render._markdown().convert(text)
    plain = markdown.Markdown(
        extensions=["toc", "tables", "fenced_code", "footnotes", "admonition", "def_list", "sane_lists", "abbr"],
        extension_configs={
            "toc": {"slugify": render._heading_id, "toc_depth": "2-3"},
            "footnotes": {"SEPARATOR": "-", "BACKLINK_TITLE": "Kembali ke teks"},
        },
        output_format="html",
    ).convert(text)
    return bounded, plain


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_markdown_renders_as_upstream_does(text):
    bounded, plain = _both(text)
    assert bounded == plain


def test_every_shipped_lesson_renders_as_upstream_does():
    files = sorted(Path("content").rglob("*.md"))
    assert len(files) > 20
    for path in files:
        bounded, plain = _both(path.read_text(encoding="utf-8"))
        assert bounded == plain, path


def test_quotes_deeper_than_the_limit_keep_their_markers_as_text():
    html = render_markdown("> " * (MAX_QUOTE_DEPTH + 3) + "isi").html
    assert html.count("<blockquote>") == MAX_QUOTE_DEPTH
    assert "&gt; &gt; &gt; isi" in html or "&gt;&gt;&gt;" in html.replace(" ", "")


def test_the_bracket_map_matches_nested_and_ignores_unmatched():
    assert closing_brackets("[a[b]c]][") == {0: 6, 2: 4}
