"""Nobody reads or writes outside their spaces: by URL, or by an id changed in a form."""

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.discussion.models import Post, Thread
from tests.helpers.discussion import login, post_id_from, reply, send, start_thread, thread_id_from


def _count_posts(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Post))


def _seed_b(app, world):
    """A thread in angkatan B and one in A's tutor group 2, written by their own members."""
    bayu = login(app, world.nip("bayu"))
    b_thread = thread_id_from(start_thread(bayu, world.b, "umum", "Utas angkatan B", "Isi rahasia angkatan B"))
    dewi = login(app, world.nip("dewi"))
    g2_response = start_thread(dewi, world.a, f"kelompok-{world.group2}", "Kelompok 2 saja", "Isi kelompok dua")
    with app.app_context():
        b_post = db.session.scalar(select(Post.id).where(Post.thread_id == b_thread))
    return b_thread, b_post, thread_id_from(g2_response), post_id_from(g2_response)


def test_participant_of_a_reads_and_writes_nothing_of_b_or_of_another_group(app, world):
    b_thread, b_post, g2_thread, g2_post = _seed_b(app, world)
    siti = login(app, world.nip("siti"))  # angkatan A, tutor group 1
    before = _count_posts(app)
    for url in [
        f"/diskusi/angkatan/{world.b}",
        f"/diskusi/angkatan/{world.b}/umum",
        f"/diskusi/angkatan/{world.b}/pengumuman",
        f"/diskusi/angkatan/{world.b}/umum/baru",
        f"/diskusi/angkatan/{world.b}/umum/anggota",
        f"/diskusi/angkatan/{world.a}/kelompok-{world.group2}",
        f"/diskusi/angkatan/{world.a}/kelompok-{world.group2}/baru",
        f"/diskusi/angkatan/{world.a}/kelompok-{world.group2}/anggota",
        f"/diskusi/utas/{b_thread}",
        f"/diskusi/utas/{b_thread}/baru",
        f"/diskusi/utas/{g2_thread}",
        f"/diskusi/pos/{b_post}",
        f"/diskusi/pos/{b_post}/riwayat",
        f"/diskusi/pos/{b_post}/ubah",
        f"/diskusi/pos/{b_post}/hapus",
        f"/diskusi/pos/{b_post}/laporkan",
        f"/diskusi/pos/{g2_post}",
        f"/diskusi/pos/{g2_post}/laporkan",
    ]:
        response = siti.get(url)
        assert response.status_code == 404, url
        assert "rahasia" not in response.get_data(as_text=True)
    # writing: a new thread in B, a reply, an edit, a delete, a report, all answered 404
    token_page = f"/diskusi/angkatan/{world.a}/umum"
    for url, data in [
        (f"/diskusi/angkatan/{world.b}/umum/baru", {"title": "Menyusup", "body": "isi"}),
        (f"/diskusi/angkatan/{world.a}/kelompok-{world.group2}/baru", {"title": "Menyusup", "body": "isi"}),
        (f"/diskusi/utas/{b_thread}", {"body": "balasan menyusup"}),
        (f"/diskusi/utas/{g2_thread}", {"body": "balasan menyusup"}),
        (f"/diskusi/pos/{b_post}/ubah", {"body": "diubah orang lain"}),
        (f"/diskusi/pos/{b_post}/hapus", {}),
        (f"/diskusi/pos/{b_post}/laporkan", {"reason": "laporan menyusup"}),
    ]:
        assert send(siti, url, data, token_from=token_page).status_code == 404, url
    assert _count_posts(app) == before
    with app.app_context():
        b = db.session.get(Post, b_post)
        assert b.body_md == "Isi rahasia angkatan B" and b.deleted_at is None


def test_ids_changed_in_a_form_are_refused(app, world):
    """Quoting B's post from A's thread, or a topic id that is no topic, by editing the hidden fields."""
    b_thread, b_post, g2_thread, g2_post = _seed_b(app, world)
    siti = login(app, world.nip("siti"))
    own = thread_id_from(start_thread(siti, world.a, "umum", "Utas A", "Isi A"))
    before = _count_posts(app)
    for quoted in (b_post, g2_post):
        response = reply(siti, own, "mengutip dari luar", quote=str(quoted))
        assert response.status_code == 404
    assert _count_posts(app) == before
    # the quoted excerpt of a foreign post never shows, even as a preview
    page = siti.get(f"/diskusi/utas/{own}?kutip={b_post}").get_data(as_text=True)
    assert "rahasia" not in page
    response = start_thread(siti, world.a, "umum", "Topik palsu", "isi", topic="999999")
    assert response.status_code == 200 and "Pilih topik dari daftar." in response.get_data(as_text=True)
    assert _count_posts(app) == before


def test_participants_cannot_pin_lock_hide_or_mark_answers(app, world):
    siti = login(app, world.nip("siti"))
    thread = thread_id_from(start_thread(siti, world.a, "umum", "Utas Siti", "Isi"))
    budi = login(app, world.nip("budi"))
    answer = post_id_from(reply(budi, thread, "Balasan Budi"))
    for url in [
        f"/diskusi/utas/{thread}/sematkan",
        f"/diskusi/utas/{thread}/kunci",
        f"/diskusi/pos/{answer}/sembunyikan",
        f"/diskusi/pos/{answer}/tampilkan",
        f"/diskusi/pos/{answer}/jawaban",
    ]:
        assert send(siti, url, {"reason": "saya bukan moderator"}).status_code == 403, url
    assert siti.get(f"/diskusi/pos/{answer}/sembunyikan").status_code == 403
    assert siti.get(f"/diskusi/angkatan/{world.a}/partisipasi").status_code == 403
    assert siti.get(f"/diskusi/angkatan/{world.a}/laporan").status_code == 403
    with app.app_context():
        row = db.session.get(Thread, thread)
        assert not row.pinned and not row.locked and row.answer_post_id is None
        assert db.session.get(Post, answer).hidden_at is None


def test_staff_see_only_their_angkatan_and_tutors_only_their_groups(app, world):
    b_thread, b_post, g2_thread, g2_post = _seed_b(app, world)
    coordinator = login(app, world.nip("coordinator"))  # instansi of A (and of the locked angkatan)
    assert coordinator.get(f"/diskusi/utas/{g2_thread}").status_code == 200
    assert coordinator.get(f"/diskusi/utas/{b_thread}").status_code == 404
    assert coordinator.get(f"/diskusi/angkatan/{world.b}/partisipasi").status_code == 404
    assert send(coordinator, f"/diskusi/utas/{b_thread}/kunci", {}).status_code == 404
    instructor_b = login(app, world.nip("instructor_b"))
    assert instructor_b.get(f"/diskusi/utas/{g2_thread}").status_code == 404
    assert (
        send(instructor_b, f"/diskusi/pos/{g2_post}/sembunyikan", {"reason": "bukan angkatan saya"}).status_code == 404
    )
    tutor1 = login(app, world.nip("tutor1"))  # tutors group 1 of A, not assigned to A as a whole
    assert tutor1.get(f"/diskusi/angkatan/{world.a}/kelompok-{world.group1}").status_code == 200
    assert tutor1.get(f"/diskusi/angkatan/{world.a}/umum").status_code == 200
    assert tutor1.get(f"/diskusi/utas/{g2_thread}").status_code == 404
    tutor2 = login(app, world.nip("tutor2"))
    assert tutor2.get(f"/diskusi/utas/{g2_thread}").status_code == 200
    admin = login(app, world.nip("admin"))
    assert admin.get(f"/diskusi/utas/{b_thread}").status_code == 200


def test_only_staff_start_announcements_but_participants_reply(app, world):
    siti = login(app, world.nip("siti"))
    assert siti.get(f"/diskusi/angkatan/{world.a}/pengumuman/baru").status_code == 403
    assert start_thread(siti, world.a, "pengumuman", "Bukan pengumuman", "isi").status_code == 403
    space = siti.get(f"/diskusi/angkatan/{world.a}/pengumuman").get_data(as_text=True)
    assert "Mulai utas" not in space and "Belum ada pengumuman." in space
    instructor = login(app, world.nip("instructor"))
    thread = thread_id_from(start_thread(instructor, world.a, "pengumuman", "Jadwal sesi sinkron", "Senin pukul 09.00"))
    assert reply(siti, thread, "Baik, Pak. Terima kasih.").status_code == 302


def test_a_locked_participant_sees_why_instead_of_posts(app, world):
    instructor = login(app, world.nip("coordinator"))
    thread = thread_id_from(start_thread(instructor, world.locked, "pengumuman", "Persiapan PJJ", "Isi persiapan"))
    lina = login(app, world.nip("lina"))
    for url in ["/diskusi", f"/diskusi/angkatan/{world.locked}/umum", f"/diskusi/utas/{thread}"]:
        response = lina.get(url)
        page = response.get_data(as_text=True)
        # The menu's index opens and explains; the spaces and threads are refused.
        assert response.status_code == (200 if url == "/diskusi" else 403), url
        assert "Ruang diskusi belum terbuka untuk Anda" in page and "Fase ini dibuka pada" in page
        assert "Isi persiapan" not in page
    assert reply(lina, thread, "mencoba membalas").status_code == 403
    home = lina.get("/").get_data(as_text=True)
    assert "Terbuka saat fase Pembelajaran Jarak Jauh terbuka untuk Anda." in home


def test_anonymous_visitors_are_sent_to_log_in(app, world):
    client = app.test_client()
    for url in ["/diskusi", f"/diskusi/angkatan/{world.a}/umum", "/diskusi/utas/1", "/notifikasi"]:
        response = client.get(url)
        assert response.status_code == 302 and "/masuk" in response.location


def test_crafted_numbers_and_tokens_are_refused_or_ignored_never_an_error(app, world):
    siti = login(app, world.nip("siti"))
    thread = thread_id_from(start_thread(siti, world.a, "umum", "Angka", "Isi"))
    huge = "9" * 25
    for url in [
        f"/diskusi/utas/{huge}",
        f"/diskusi/pos/{huge}",
        f"/diskusi/angkatan/{huge}/umum",
        f"/diskusi/angkatan/{world.a}/kelompok-{huge}",
    ]:
        assert siti.get(url).status_code == 404, url
    assert siti.get(f"/diskusi/utas/{thread}?hal={huge}&kutip={huge}").status_code == 200
    assert siti.get(f"/notifikasi?hal={huge}").status_code == 200
    assert reply(siti, thread, "kutipan palsu", quote=huge, seen=huge).status_code == 302
    assert reply(siti, thread, "token palsu", client_token="x" * 500).status_code == 302
    assert start_thread(siti, world.a, "umum", "Topik", "isi", topic=huge).status_code == 302  # "Umum"
