"""The hostile markdown corpus through the editor, its preview and the participant's page: inert."""

import pytest

from tests.helpers.authoring import login, submit, token
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


def test_the_preview_of_crafted_brackets_is_fast_and_over_long_text_is_refused_with_a_message(app, world):
    import time

    from lms.content.source import MAX_LESSON_CHARS

    editor = login(app, world["instructor"])
    csrf = token(editor)
    started = time.process_time()  # the test client runs the view in this process
    response = editor.post("/kelola/modul/modul-uji/pratinjau", data={"csrf_token": csrf, "teks": "[" * 20_000})
    assert response.status_code == 200 and time.process_time() - started < 2.0
    too_long = "a" * (MAX_LESSON_CHARS + 1)
    html = editor.post("/kelola/modul/modul-uji/pratinjau", data={"csrf_token": csrf, "teks": too_long}).get_json()
    assert "Pratinjau tidak dibuat: teks 100.001 karakter, paling banyak 100.000." in html["html"]
    page = submit(editor, LESSON, {"body": too_long, "aksi": "simpan"}).get_data(as_text=True)
    assert "Isi pelajaran terlalu panjang (maksimal 100.000 karakter)." in page and too_long in page


def test_a_control_character_in_a_lesson_is_refused_and_the_text_kept(app, world):
    editor = login(app, world["instructor"])
    body = "Paragraf pertama.\r\n\r\n\tMasih boleh tab.\x00 Tapi bukan NUL."
    page = submit(editor, LESSON, {"body": body, "aksi": "simpan"}).get_data(as_text=True)
    assert "Ada karakter tak terlihat (U+0000) pada karakter ke-" in page and "Tapi bukan NUL." in page
    assert submit(editor, LESSON, {"body": body.replace("\x00", ""), "aksi": "simpan"}).status_code == 302
