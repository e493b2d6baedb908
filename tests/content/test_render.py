import pytest

from lms.core.render import render_inline, render_markdown
from tests.hostile import HOSTILE_MARKDOWN, executable_parts


def test_the_corpus_is_big_enough():
    assert len(HOSTILE_MARKDOWN) >= 40


@pytest.mark.parametrize("source", HOSTILE_MARKDOWN)
def test_hostile_markdown_renders_inert(source):
    rendered = render_markdown(source)
    assert executable_parts(rendered.html) == [], rendered.html
    assert executable_parts(rendered.toc_html) == []
    assert executable_parts(render_inline(source)) == []


def test_the_checker_itself_catches_danger():
    assert executable_parts('<a href="jav&#x61;script:alert(1)">x</a>')
    assert executable_parts('<img src="x" onerror="alert(1)">')
    assert executable_parts("<svg></svg>")
    assert executable_parts('<p id="main"></p>')


def test_supported_markdown_survives():
    rendered = render_markdown(
        "## Bagian Satu\n\nTeks[^1] dan [tautan](https://lan.go.id).\n\n"
        '!!! penting "Ingat"\n    Isi penting.\n\n'
        "Istilah\n:   Arti istilah.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint(1)\n```\n\n[^1]: Sumber."
    )
    html = rendered.html
    assert '<h2 id="bagian-bagian-satu">' in html
    assert '<div class="admonition penting">' in html and "<dl>" in html and "<table>" in html
    assert 'href="https://lan.go.id" rel="noopener noreferrer"' in html
    assert '<code class="language-python">' in html
    assert 'id="fn-1"' in html
    assert 'href="#bagian-bagian-satu"' in rendered.toc_html


def test_relative_images_resolve_only_to_the_modules_own_files():
    html = render_markdown(
        "![peta](gambar/peta.png) ![lain](../../etc/passwd)", {"gambar/peta.png": "/konten/aset/abc/peta.png"}
    ).html
    assert 'src="/konten/aset/abc/peta.png"' in html and 'loading="lazy"' in html
    assert "etc/passwd" not in html
