"""Wide content scrolls inside a region a keyboard can focus: every template table, and markdown's tables
and code blocks."""

import re
from pathlib import Path

from lms.core.render import focusable_scrollers, render_markdown

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_every_template_table_is_in_the_scroll_macro():
    """A table straight in a page hides columns on a phone with no hint and no keyboard access (axe's
    scrollable-region-focusable): each goes through macros/tables.html's table_scroll."""
    loose = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        wrapped = len(re.findall(r"\{%\s*call table_scroll\(.*?\)\s*%\}\s*<table[\s>]", text))
        if text.count("<table") != wrapped:
            loose.append(
                f"{path.relative_to(TEMPLATES)}: {text.count('<table') - wrapped} table(s) outside table_scroll"
            )
    assert not loose, "\n".join(loose)


def test_markdown_tables_and_code_become_focusable_regions():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nkode panjang\n```\n").html
    shown = str(focusable_scrollers(html, 'Tabel "x"'))
    assert '<div class="table-wrap" tabindex="0" role="region" aria-label="Tabel &#34;x&#34;"><table>' in shown
    assert shown.count("</table></div>") == 1 and '<pre tabindex="0">' in shown


def test_lesson_page_shows_markdown_tables_in_a_focusable_region(app):
    with app.test_request_context():
        from flask import render_template_string

        page = render_template_string("{{ html|prose }}", html="<table><tr><td>1</td></tr></table>")
    assert page.startswith('<div class="table-wrap" tabindex="0" role="region" aria-label="Tabel">')
