"""The hostile markdown corpus through the editor, its preview and the participant's page: inert."""

import pytest

from tests.authoring.conftest import login, submit, token
from tests.hostile import HOSTILE_MARKDOWN, executable_parts

LESSON = "/kelola/modul/modul-uji/pelajaran/pelajaran-1"


def test_the_live_preview_renders_every_hostile_input_inert(app, world):
    editor = login(app, world["instructor"])
    csrf = token(editor)
    for text in HOSTILE_MARKDOWN:
        response = editor.post("/kelola/modul/modul-uji/pratinjau", data={"csrf_token": csrf, "teks": text})
        assert response.status_code == 200
        assert executable_parts(response.get_json()["html"]) == [], text


def test_the_preview_button_renders_the_corpus_inert(app, world):
    editor = login(app, world["instructor"])
    page = submit(editor, LESSON, {"body": "\n\n".join(HOSTILE_MARKDOWN), "aksi": "pratinjau"}).get_data(as_text=True)
    preview = page.split('id="pratinjau"', 1)[1].split("</section>", 1)[0]
    assert executable_parts(preview) == []
    assert "<textarea" in page and "javascript:alert" in page  # the text itself is kept, escaped, in the form


@pytest.mark.parametrize("chunk", range(0, len(HOSTILE_MARKDOWN), 14))
def test_saved_and_published_hostile_lessons_are_inert_for_participants(app, world, chunk):
    editor = login(app, world["instructor"])
    body = "Pembuka.\n\n" + "\n\n".join(HOSTILE_MARKDOWN[chunk : chunk + 14])
    assert submit(editor, LESSON, {"body": body, "aksi": "simpan"}).status_code == 302
    assert submit(editor, "/kelola/modul/modul-uji/terbitkan", {}).status_code == 302
    reader = login(app, world["participant"])
    html = reader.get("/belajar/modul/modul-uji/pelajaran-1").get_data(as_text=True)
    assert "Pembuka." in html
    assert executable_parts(html.split('<div class="prose">', 1)[1].split("</article>", 1)[0]) == []
    revision_page = editor.get("/kelola/modul/modul-uji/revisi/2").get_data(as_text=True)
    assert executable_parts(revision_page.split('<section class="prose">', 1)[1].split("</main>", 1)[0]) == []


def test_the_editor_offers_the_cheat_sheet_and_a_script_of_our_own(app, world):
    editor = login(app, world["instructor"])
    page = editor.get(LESSON).get_data(as_text=True)
    for admonition in ("!!! catatan", "!!! penting", "!!! tips"):
        assert admonition in page
    assert "Contekan markdown" in page and 'name="aksi" value="pratinjau"' in page
    assert '<script src="/static/editor.js?v=' in page and "<script>" not in page
    assert 'data-preview-url="/kelola/modul/modul-uji/pratinjau"' in page


def test_admonitions_render_as_in_the_cheat_sheet(app, world):
    editor = login(app, world["instructor"])
    text = '!!! catatan "Catatan"\n    a\n\n!!! penting "Ingat"\n    b\n\n!!! tips "Tips"\n    c'
    html = editor.post("/kelola/modul/modul-uji/pratinjau", data={"csrf_token": token(editor), "teks": text})
    html = html.get_json()["html"]
    for kind in ("catatan", "penting", "tips"):
        assert f'<div class="admonition {kind}">' in html
