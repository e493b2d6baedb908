"""Threads, replies, quotes, edits with history, soft delete, locks, limits, and drafts that survive."""

import html
import re
from datetime import timedelta

from sqlalchemy import func, select

from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.discussion.models import Post, PostRevision, Thread
from lms.discussion.posting import MAX_BODY, check_body, clean_body, excerpt_of
from tests.helpers.discussion import login, post_id_from, reply, send, start_thread, thread_id_from


def _body(app, post_id) -> str:
    with app.app_context():
        return db.session.get(Post, post_id).body_md


def test_start_reply_and_quote(app, world):
    siti, budi = login(app, world.nip("siti")), login(app, world.nip("budi"))
    response = start_thread(siti, world.a, "umum", "Isu di puskesmas", "Antrean pasien **panjang** setiap pagi.")
    thread, opening = thread_id_from(response), post_id_from(response)
    quoting = post_id_from(reply(budi, thread, "Coba sistem nomor antrean daring.", quote=str(opening)))
    page = budi.get(f"/diskusi/utas/{thread}").get_data(as_text=True)
    assert "<strong>panjang</strong>" in page
    assert "Siti Rahayu menulis (#1):" in page and "Antrean pasien panjang setiap pagi." in page
    with app.app_context():
        assert db.session.get(Post, quoting).quote_of_id == opening
        assert db.session.get(Thread, thread).last_seq == 2
    # the quote link shows what is being quoted above the reply form
    form = siti.get(f"/diskusi/utas/{thread}?kutip={quoting}").get_data(as_text=True)
    assert "Mengutip Budi Santoso (#2):" in form and f'name="quote" type="hidden" value="{quoting}"' in form


def test_edit_within_30_minutes_keeps_history_and_later_is_refused(app, world):
    siti = login(app, world.nip("siti"))
    response = start_thread(siti, world.a, "umum", "Judul awal", "Teks pertama")
    thread, post_id = thread_id_from(response), post_id_from(response)
    url = f"/diskusi/pos/{post_id}/ubah"
    assert send(siti, url, {"title": "Judul baru", "body": "Teks kedua"}, token_from=url).status_code == 302
    with app.app_context():
        post = db.session.get(Post, post_id)
        assert post.body_md == "Teks kedua" and post.edited_at is not None
        assert db.session.get(Thread, thread).title == "Judul baru"
        old = db.session.scalars(select(PostRevision).where(PostRevision.post_id == post_id)).all()
        assert [(r.title, r.body_md) for r in old] == [("Judul awal", "Teks pertama")]
    history = siti.get(f"/diskusi/pos/{post_id}/riwayat").get_data(as_text=True)
    assert "Teks pertama" in history and "Teks kedua" in history and "Judul awal" in history
    assert "diubah" in siti.get(f"/diskusi/utas/{thread}").get_data(as_text=True)
    # 31 minutes later the window is closed: the form is not offered and a POST changes nothing
    with app.app_context():
        db.session.get(Post, post_id).created_at -= timedelta(minutes=31)
        db.session.commit()
    assert f"/diskusi/pos/{post_id}/ubah" not in siti.get(f"/diskusi/utas/{thread}").get_data(as_text=True)
    assert siti.get(url).status_code == 302
    response = send(siti, url, {"title": "Terlambat", "body": "Teks ketiga"}, token_from=f"/diskusi/utas/{thread}")
    assert response.status_code == 403
    assert "30 menit" in response.get_data(as_text=True)
    assert _body(app, post_id) == "Teks kedua"


def test_only_the_author_edits_or_deletes(app, world):
    siti, budi = login(app, world.nip("siti")), login(app, world.nip("budi"))
    post_id = post_id_from(start_thread(siti, world.a, "umum", "Milik Siti", "Teks Siti"))
    assert send(budi, f"/diskusi/pos/{post_id}/ubah", {"body": "Diubah Budi"}).status_code == 403
    assert send(budi, f"/diskusi/pos/{post_id}/hapus", {}).status_code == 403
    assert _body(app, post_id) == "Teks Siti"


def test_soft_delete_leaves_dihapus_in_place_and_replies_keep_context(app, world):
    siti, budi = login(app, world.nip("siti")), login(app, world.nip("budi"))
    thread = thread_id_from(start_thread(siti, world.a, "umum", "Diskusi", "Pembuka"))
    middle = post_id_from(reply(siti, thread, "Teks yang akan dihapus"))
    post_id_from(reply(budi, thread, "Menanggapi pos sebelumnya", quote=str(middle)))
    assert send(siti, f"/diskusi/pos/{middle}/hapus", {}).status_code == 302
    page = budi.get(f"/diskusi/utas/{thread}").get_data(as_text=True)
    assert "Teks yang akan dihapus" not in page
    assert page.count("dihapus") >= 1 and "Menanggapi pos sebelumnya" in page
    assert "pos itu sudah dihapus atau disembunyikan" in page
    assert page.index(f'id="pos-{middle}"') < page.index("Menanggapi pos sebelumnya")
    with app.app_context():
        assert db.session.get(Post, middle).deleted_at is not None
        assert db.session.get(Post, middle).body_md == "Teks yang akan dihapus"  # kept, not shown
        assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.object_id == str(middle))) == (
            "discussion.post.delete"
        )
    # a deleted post can be neither quoted nor edited
    assert "Pos yang Anda kutip sudah dihapus" in reply(budi, thread, "kutip", quote=str(middle)).get_data(as_text=True)
    assert send(siti, f"/diskusi/pos/{middle}/ubah", {"body": "kembali"}).status_code == 403


def test_lock_blocks_replies_and_edits(app, world):
    siti = login(app, world.nip("siti"))
    thread = thread_id_from(start_thread(siti, world.a, "umum", "Akan dikunci", "Isi"))
    instructor = login(app, world.nip("instructor"))
    assert send(instructor, f"/diskusi/utas/{thread}/kunci", {}).status_code == 302
    page = siti.get(f"/diskusi/utas/{thread}").get_data(as_text=True)
    assert "tidak ada balasan baru" in page and "Kirim balasan" not in page
    response = reply(siti, thread, "Balasan setelah dikunci")
    assert response.status_code == 200 and "sudah dikunci" in response.get_data(as_text=True)
    assert "Balasan setelah dikunci" in response.get_data(as_text=True)  # the text is given back
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Post).where(Post.thread_id == thread)) == 1
    # the instructor may still close with a note; unlocking lets participants reply again
    assert reply(instructor, thread, "Utas ditutup: sudah terjawab di sesi sinkron.").status_code == 302
    assert send(instructor, f"/diskusi/utas/{thread}/kunci", {}).status_code == 302
    assert reply(siti, thread, "Terima kasih").status_code == 302


def test_too_long_post_and_title_come_back_in_the_form(app, world):
    siti = login(app, world.nip("siti"))
    thread = thread_id_from(start_thread(siti, world.a, "umum", "Panjang", "Isi"))
    body = "Draf panjang saya. " + "x" * MAX_BODY
    response = reply(siti, thread, body)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Pos terlalu panjang: 20.019 karakter, paling banyak 20.000." in page
    assert html.escape(body) in page  # every character is back in the textarea
    title = "Judul " + "panjang " * 30
    response = start_thread(siti, world.a, "umum", title, "Isi yang tidak boleh hilang")
    page = response.get_data(as_text=True)
    assert "Judul terlalu panjang" in page and "Isi yang tidak boleh hilang" in page and title.strip() in page
    # exactly at the limits is accepted; Windows line ends count as one character each
    assert reply(siti, thread, "a\r\n" * (MAX_BODY // 2)).status_code == 302
    assert start_thread(siti, world.a, "umum", "j" * 200, "Isi").status_code == 302
    assert "Tulis isi pos terlebih dahulu." in reply(siti, thread, "   \r\n ").get_data(as_text=True)


def test_rate_limit_keeps_the_draft(app, world):
    siti = login(app, world.nip("siti"))
    thread = thread_id_from(start_thread(siti, world.a, "umum", "Cepat", "Pos 1"))
    for n in range(2, 6):
        assert reply(siti, thread, f"Pos {n}").status_code == 302
    response = reply(siti, thread, "Pos keenam yang terlalu cepat")
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    wait = re.search(r"Anda mengirim terlalu cepat\. Tunggu (\d+) detik", page)
    assert wait and 1 <= int(wait.group(1)) <= 10  # about 10, less when the five posts took a while
    assert "Pos keenam yang terlalu cepat" in page
    with app.app_context():
        assert db.session.scalar(select(Thread.last_seq).where(Thread.id == thread)) == 5
    # another user is not held back by Siti's pace
    assert reply(login(app, world.nip("budi")), thread, "Budi juga menulis").status_code == 302


def test_an_expired_form_keeps_the_text_and_writes_nothing(app, world):
    siti = login(app, world.nip("siti"))
    thread = thread_id_from(start_thread(siti, world.a, "umum", "Sesi", "Isi"))
    response = siti.post(f"/diskusi/utas/{thread}", data={"csrf_token": "kedaluwarsa", "body": "Teks berharga saya"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Teks berharga saya" in page and "kirim lagi" in page
    response = siti.post(
        f"/diskusi/angkatan/{world.a}/umum/baru", data={"title": "Judul berharga", "body": "Isi berharga"}
    )
    assert response.status_code == 400 and "Isi berharga" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Post)) == 1


def test_a_double_submit_makes_one_post(app, world):
    siti = login(app, world.nip("siti"))
    thread = thread_id_from(start_thread(siti, world.a, "umum", "Sekali", "Isi"))
    first = reply(siti, thread, "Terkirim sekali", client_token="0123456789abcdef0123456789abcdef")
    again = reply(siti, thread, "Terkirim sekali", client_token="0123456789abcdef0123456789abcdef")
    assert first.status_code == again.status_code == 302 and first.location == again.location
    with app.app_context():
        assert db.session.scalar(select(Thread.last_seq).where(Thread.id == thread)) == 2


def test_text_rules():
    assert clean_body("\r\n\r\nBaris satu\r\nBaris dua  \r\n\r\n") == "Baris satu\nBaris dua"
    assert check_body("  isi  ") == "  isi"
    assert excerpt_of("<p>Halo <strong>semua</strong></p><p>&lt;b&gt;</p>") == "Halo semua <b>"
    assert excerpt_of("<p>" + "kata " * 200 + "</p>").endswith("…")
    assert len(excerpt_of("<p>" + "kata " * 200 + "</p>")) <= 281


def test_refused_texts_do_not_use_up_the_posting_rate(app, world):
    siti = login(app, world.nip("siti"))
    thread = thread_id_from(start_thread(siti, world.a, "umum", "Hemat", "Pos 1"))
    for n in range(5):
        assert reply(siti, thread, "x" * (MAX_BODY + 1)).status_code == 200  # too long: refused
    for n in range(2, 6):
        assert reply(siti, thread, f"Pos {n}").status_code == 302


def test_a_control_character_in_a_post_or_title_is_refused_and_the_text_kept(app, world):
    siti = login(app, world.nip("siti"))
    thread = thread_id_from(start_thread(siti, world.a, "umum", "Utas", "Isi"))
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Post))
    response = reply(siti, thread, "Draf saya yang\x1b panjang")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Ada karakter tak terlihat (U+001B) pada karakter ke-15" in page
    assert "Draf saya yang" in page
    response = start_thread(siti, world.a, "umum", "Judul\ndua baris", "Isi yang tidak boleh hilang")
    page = response.get_data(as_text=True)
    assert "Isian ini harus satu baris" in page and "Isi yang tidak boleh hilang" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Post)) == before
    assert reply(siti, thread, "Baris satu\r\n\tBaris dua").status_code == 302  # line ends and tabs are fine
