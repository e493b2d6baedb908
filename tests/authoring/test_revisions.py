"""Drafts, publishing, history, diff and restore; and publishing never undoes finished lessons."""

from sqlalchemy import select

from lms.authoring import revisions
from lms.authoring.diff import compare
from lms.content import reading
from lms.content.models import LessonProgress, Module, ModuleRevision
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.phases.models import PhaseCompletion
from tests.helpers.authoring import login, revision_count, submit, token

LESSON = "/kelola/modul/modul-uji/pelajaran/pelajaran-1"


def _participant_reads(app, world, lesson="pelajaran-1") -> str:
    client = login(app, world["participant"])
    return client.get(f"/belajar/modul/modul-uji/{lesson}").get_data(as_text=True)


def test_a_save_is_a_draft_revision_with_author_and_time_until_published(app, world):
    editor = login(app, world["instructor"])
    before = revision_count(app, world["module_id"])
    response = submit(editor, LESSON, {"body": "## Baru\n\nKalimat revisi **baru**.", "aksi": "simpan"})
    assert response.status_code == 302
    assert revision_count(app, world["module_id"]) == before + 1
    with app.app_context():
        module = db.session.get(Module, world["module_id"])
        latest = revisions.latest_revision(module.id)
        assert latest.author_id == world["instructor_id"] and latest.created_at is not None
        assert latest.published_at is None and module.current_revision_id != latest.id
        assert latest.note == "ubah pelajaran: Pelajaran 1 modul-uji"
    assert "Kalimat revisi" not in _participant_reads(app, world)  # a draft is invisible to participants
    page = editor.get("/kelola/modul/modul-uji").get_data(as_text=True)
    assert "belum diterbitkan" in page and "Tinjau dan terbitkan" in page

    publish_page = editor.get("/kelola/modul/modul-uji/terbitkan").get_data(as_text=True)
    assert "Kalimat revisi" in publish_page  # the diff against the published text
    response = submit(editor, "/kelola/modul/modul-uji/terbitkan", {})
    assert response.status_code == 302
    assert "Kalimat revisi <strong>baru</strong>" in _participant_reads(app, world)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "module.publish"))
        assert entry.actor_id == world["instructor_id"] and entry.details["revision"] == latest.number
        assert db.session.get(ModuleRevision, latest.id).published_at is not None


def test_a_stale_form_is_refused_and_keeps_the_typed_text(app, world):
    first, second = login(app, world["instructor"]), login(app, world["admin"])
    page = second.get(LESSON).get_data(as_text=True)  # opened before the other save
    assert submit(first, LESSON, {"body": "Teks dari pengajar pertama.", "aksi": "simpan"}).status_code == 302
    count = revision_count(app, world["module_id"])
    from tests.helpers.authoring import form_values

    data = {**form_values(page), "body": "Teks admin yang tidak boleh hilang.", "aksi": "simpan"}
    response = second.post(LESSON, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "sudah disimpan orang lain" in html and "Teks admin yang tidak boleh hilang." in html
    assert revision_count(app, world["module_id"]) == count


def test_bad_input_is_refused_with_a_message_and_nothing_saved(app, world):
    editor = login(app, world["instructor"])
    count = revision_count(app, world["module_id"])
    html = submit(editor, LESSON, {"body": "", "minutes": "0", "aksi": "simpan"}).get_data(as_text=True)
    assert "Isi pelajaran tidak boleh kosong." in html and "Menit harus 1 sampai 600." in html
    html = submit(editor, LESSON, {"body": "![peta](gambar/peta.png)", "aksi": "simpan"}).get_data(as_text=True)
    assert "belum diunggah ke modul ini" in html and "gambar/peta.png" in html
    assert revision_count(app, world["module_id"]) == count


def test_preview_renders_without_saving(app, world):
    editor = login(app, world["instructor"])
    count = revision_count(app, world["module_id"])
    html = submit(editor, LESSON, {"body": '!!! tips "Coba"\n    Isi tips.', "aksi": "pratinjau"}).get_data(
        as_text=True
    )
    assert '<div class="admonition tips">' in html and "Isi tips." in html
    response = editor.post("/kelola/modul/modul-uji/pratinjau", data={"csrf_token": token(editor), "teks": "**tebal**"})
    assert response.get_json() == {"html": "<p><strong>tebal</strong></p>"}
    assert revision_count(app, world["module_id"]) == count


def test_history_diff_and_restore(app, world):
    editor = login(app, world["instructor"])
    submit(editor, LESSON, {"body": "Versi dua saja.", "aksi": "simpan"})
    submit(
        editor,
        "/kelola/modul/modul-uji/pelajaran-baru",
        {"title": "Studi Kasus Baru", "minutes": "15", "body": "Kasus.", "aksi": "simpan"},
    )
    with app.app_context():
        numbers = [
            r.number
            for r in db.session.scalars(
                select(ModuleRevision)
                .where(ModuleRevision.module_id == world["module_id"])
                .order_by(ModuleRevision.number)
            )
        ]
    first, last = numbers[0], numbers[-1]
    history = editor.get("/kelola/modul/modul-uji/riwayat").get_data(as_text=True)
    assert "Widya Pertama" in history and "impor berkas" in history and "pelajaran baru: Studi Kasus Baru" in history
    diff = editor.get(f"/kelola/modul/modul-uji/banding?dari={first}&ke={last}").get_data(as_text=True)
    assert 'class="diff-del">- Isi pelajaran 1 dari modul-uji.' in diff
    assert 'class="diff-add">+ Versi dua saja.' in diff and "Studi Kasus Baru" in diff and ">baru<" in diff

    response = editor.post(f"/kelola/modul/modul-uji/revisi/{first}/pulihkan", data={"csrf_token": token(editor)})
    assert response.status_code == 302
    with app.test_request_context():
        restored = revisions.latest_revision(world["module_id"])
        assert restored.number == last + 1 and restored.note == f"dipulihkan dari revisi {first}"
        original = db.session.scalar(
            select(ModuleRevision).where(ModuleRevision.module_id == world["module_id"], ModuleRevision.number == first)
        )
        assert compare(revisions.content_of(original), revisions.content_of(restored)).empty
        assert restored.source_hash == original.source_hash  # same files, so an import sees no change
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "module.restore")) is not None


def test_publishing_keeps_what_participants_already_finished(app, world):
    reader = login(app, world["participant"])
    for lesson in ("pelajaran-1", "pelajaran-2"):
        assert (
            reader.post(f"/belajar/modul/modul-uji/{lesson}/selesai", data={"csrf_token": token(reader)}).status_code
            == 302
        )
    with app.app_context():
        done_before = sorted((p.lesson_slug, p.completed_at) for p in db.session.scalars(select(LessonProgress)))
        completions = db.session.scalars(select(PhaseCompletion)).all()
    editor = login(app, world["instructor"])
    # Rewrite lesson 1, add a lesson, put lesson 3 first, remove lesson 2, then publish.
    submit(editor, LESSON, {"title": "Pelajaran Satu (diperbarui)", "body": "Isi baru.", "aksi": "simpan"})
    submit(editor, "/kelola/modul/modul-uji/pelajaran-baru", {"title": "Tambahan", "body": "Baru.", "aksi": "simpan"})
    submit(
        editor,
        "/kelola/modul/modul-uji/urutan",
        {"urutan-pelajaran-3": "1", "urutan-pelajaran-1": "2", "urutan-pelajaran-2": "3", "urutan-tambahan": "4"},
        page="/kelola/modul/modul-uji",
    )
    page = editor.get("/kelola/modul/modul-uji").get_data(as_text=True)
    from tests.helpers.authoring import form_values

    base = form_values(page)["base"]
    editor.post("/kelola/modul/modul-uji/pelajaran/pelajaran-2/hapus", data={"csrf_token": token(editor), "base": base})
    publish_page = editor.get("/kelola/modul/modul-uji/terbitkan").get_data(as_text=True)
    assert "Tambahan" in publish_page and "tetap tercatat selesai" in publish_page
    assert submit(editor, "/kelola/modul/modul-uji/terbitkan", {}).status_code == 302

    with app.app_context():
        done_after = sorted((p.lesson_slug, p.completed_at) for p in db.session.scalars(select(LessonProgress)))
        assert done_after == done_before  # no progress row touched
        assert db.session.scalars(select(PhaseCompletion)).all() == completions
        view = reading.load_module("modul-uji")
        assert [lesson.slug for lesson in view.lessons] == ["pelajaran-3", "pelajaran-1", "tambahan"]
    module_page = reader.get("/belajar/modul/modul-uji").get_data(as_text=True)
    assert "1 selesai" in module_page  # lesson 1 (same slug, new text) is still done; lesson 2 is gone
    lesson_page = reader.get("/belajar/modul/modul-uji/pelajaran-1").get_data(as_text=True)
    assert "Pelajaran Satu (diperbarui)" in lesson_page and "Selesai" in lesson_page


def test_new_lessons_never_reuse_an_old_slug(app, world):
    editor = login(app, world["instructor"])
    with app.test_request_context():
        assert revisions.new_lesson_slug(world["module_id"], "Pelajaran 1") == "pelajaran-1-2"
        assert revisions.new_lesson_slug(world["module_id"], "Ñandú: Ética & Hukum!") == "nandu-etica-hukum"
    submit(editor, "/kelola/modul/modul-uji/pelajaran-baru", {"title": "Pelajaran 2", "body": "x", "aksi": "simpan"})
    with app.app_context():
        slugs = [lesson.slug for lesson in revisions.latest_revision(world["module_id"]).lessons]
    assert slugs[-1] == "pelajaran-2-2"


def test_publish_refuses_a_stale_or_missing_draft(app, world):
    editor = login(app, world["instructor"])
    response = editor.get("/kelola/modul/modul-uji/terbitkan")
    assert response.status_code == 302  # nothing to publish
    submit(editor, LESSON, {"body": "Draf satu.", "aksi": "simpan"})
    page = editor.get("/kelola/modul/modul-uji/terbitkan").get_data(as_text=True)
    submit(editor, LESSON, {"body": "Draf dua.", "aksi": "simpan"})
    from tests.helpers.authoring import form_values

    editor.post("/kelola/modul/modul-uji/terbitkan", data=form_values(page))  # the page showed "Draf satu"
    assert "Draf satu" not in _participant_reads(app, world) and "Draf dua" not in _participant_reads(app, world)
