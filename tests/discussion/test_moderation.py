"""Pin, lock, hide with a reason (author told, audited), mark the answer, and reports."""

from sqlalchemy import select

from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.discussion.models import Notification, Post, Report, Thread
from tests.helpers.discussion import login, post_id_from, reply, send, start_thread, thread_id_from


def test_pin_puts_a_thread_first_and_is_audited(app, world):
    siti = login(app, world.nip("siti"))
    first = thread_id_from(start_thread(siti, world.a, "umum", "Utas lama", "Isi"))
    start_thread(siti, world.a, "umum", "Utas baru", "Isi")
    coordinator = login(app, world.nip("coordinator"))
    assert send(coordinator, f"/diskusi/utas/{first}/sematkan", {}).status_code == 302
    page = siti.get(f"/diskusi/angkatan/{world.a}/umum").get_data(as_text=True)
    assert page.index("Utas lama") < page.index("Utas baru") and "Disematkan" in page
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "discussion.thread.pin"))
        assert entry.actor_id == world.id("coordinator") and entry.object_id == str(first)


def test_hidden_post_is_gone_for_participants_seen_by_moderators_and_told_to_its_author(app, world):
    siti, budi = login(app, world.nip("siti")), login(app, world.nip("budi"))
    thread = thread_id_from(start_thread(siti, world.a, "umum", "Diskusi nilai", "Pembuka"))
    bad = post_id_from(reply(budi, thread, "Kalimat yang tidak pantas"))
    instructor = login(app, world.nip("instructor"))
    form = instructor.get(f"/diskusi/pos/{bad}/sembunyikan")
    assert form.status_code == 200 and "Kalimat yang tidak pantas" in form.get_data(as_text=True)
    short = send(instructor, f"/diskusi/pos/{bad}/sembunyikan", {"reason": "x"}, token_from=f"/diskusi/utas/{thread}")
    assert short.status_code == 200 and "paling sedikit 5 karakter" in short.get_data(as_text=True)
    reason = "Melanggar etika diskusi ASN"
    assert send(instructor, f"/diskusi/pos/{bad}/sembunyikan", {"reason": reason}).status_code == 302
    assert "Kalimat yang tidak pantas" not in siti.get(f"/diskusi/utas/{thread}").get_data(as_text=True)
    assert siti.get(f"/diskusi/pos/{bad}").status_code == 404
    moderator_view = instructor.get(f"/diskusi/utas/{thread}").get_data(as_text=True)
    assert "Kalimat yang tidak pantas" in moderator_view and reason in moderator_view
    assert "Kalimat yang tidak pantas" in login(app, world.nip("coordinator")).get(f"/diskusi/utas/{thread}").get_data(
        as_text=True
    )
    author_view = budi.get(f"/diskusi/utas/{thread}").get_data(as_text=True)
    assert "Disembunyikan moderator: " + reason in author_view
    notices = budi.get("/notifikasi").get_data(as_text=True)
    assert "disembunyikan moderator" in notices and "Alasan: " + reason in notices
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "discussion.post.hide"))
        assert entry.reason == reason and entry.subject_user_id == world.id("budi")
        assert entry.actor_id == world.id("instructor")
    # a hidden post counts as nothing new (Dewi has only the opening post to read) and cannot be quoted
    dewi_space = login(app, world.nip("dewi")).get(f"/diskusi/angkatan/{world.a}/umum").get_data(as_text=True)
    assert "1 baru" in dewi_space and "2 baru" not in dewi_space
    assert reply(siti, thread, "kutip", quote=str(bad)).status_code == 404
    # shown again
    assert send(instructor, f"/diskusi/pos/{bad}/tampilkan", {}).status_code == 302
    assert "Kalimat yang tidak pantas" in siti.get(f"/diskusi/utas/{thread}").get_data(as_text=True)


def test_hiding_the_opening_post_hides_the_thread(app, world):
    budi = login(app, world.nip("budi"))
    response = start_thread(budi, world.a, "umum", "Judul yang tidak pantas", "Isi tidak pantas")
    thread, opening = thread_id_from(response), post_id_from(response)
    instructor = login(app, world.nip("instructor"))
    send(instructor, f"/diskusi/pos/{opening}/sembunyikan", {"reason": "Judul menyinggung peserta lain"})
    siti = login(app, world.nip("siti"))
    assert "Judul yang tidak pantas" not in siti.get(f"/diskusi/angkatan/{world.a}/umum").get_data(as_text=True)
    assert siti.get(f"/diskusi/utas/{thread}").status_code == 404
    assert budi.get(f"/diskusi/utas/{thread}").status_code == 200  # the author sees why
    assert "Judul yang tidak pantas" in instructor.get(f"/diskusi/angkatan/{world.a}/umum").get_data(as_text=True)


def test_mark_a_reply_as_the_answer(app, world):
    siti, budi = login(app, world.nip("siti")), login(app, world.nip("budi"))
    response = start_thread(siti, world.a, "umum", "Berapa JP PJJ?", "Ada yang tahu?")
    thread, opening = thread_id_from(response), post_id_from(response)
    answer = post_id_from(reply(budi, thread, "217 JP, selama 22 hari kerja."))
    instructor = login(app, world.nip("instructor"))
    send(instructor, f"/diskusi/pos/{opening}/jawaban", {})
    with app.app_context():
        assert db.session.get(Thread, thread).answer_post_id is None  # the question is not its own answer
    assert send(instructor, f"/diskusi/pos/{answer}/jawaban", {}).status_code == 302
    assert "Terjawab" in siti.get(f"/diskusi/angkatan/{world.a}/umum").get_data(as_text=True)
    assert "Terjawab: lihat jawaban" in siti.get(f"/diskusi/utas/{thread}").get_data(as_text=True)
    send(instructor, f"/diskusi/pos/{answer}/jawaban", {})
    with app.app_context():
        assert db.session.get(Thread, thread).answer_post_id is None
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("discussion.answer%")))
        assert list(actions) == ["discussion.answer.mark", "discussion.answer.unmark"]


def test_a_report_reaches_the_angkatan_instructors_and_is_resolved(app, world):
    siti, budi = login(app, world.nip("siti")), login(app, world.nip("budi"))
    thread = thread_id_from(start_thread(siti, world.a, f"kelompok-{world.group1}", "Kelompok 1", "Isi"))
    post = post_id_from(reply(budi, thread, "Nomor HP saya 0812xxxx, hubungi di luar LMS"))
    url = f"/diskusi/pos/{post}/laporkan"
    assert send(siti, url, {"reason": "Ajakan keluar forum"}, token_from=url).status_code == 302
    again = send(siti, url, {"reason": "Ajakan keluar forum"}, token_from=url)
    assert again.status_code == 302  # once is enough; told so
    assert send(budi, url, {"reason": "melaporkan diri"}, token_from=url).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Report)) == 1
        told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "report")))
    # the angkatan's instructor and the group's tutor; not the other group's tutor, not participants
    assert told == {world.id("instructor"), world.id("tutor1")}
    instructor = login(app, world.nip("instructor"))
    reports = instructor.get(f"/diskusi/angkatan/{world.a}/laporan").get_data(as_text=True)
    assert "Ajakan keluar forum" in reports and "Nomor HP saya" in reports
    assert "1 laporan" in instructor.get(f"/diskusi/utas/{thread}").get_data(as_text=True)
    with app.app_context():
        report_id = db.session.scalar(select(Report.id))
    assert send(instructor, f"/diskusi/laporan/{report_id}/selesai", {}).status_code == 302
    assert "Tidak ada laporan yang menunggu" in instructor.get(f"/diskusi/angkatan/{world.a}/laporan").get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.get(Report, report_id).resolved_by_id == world.id("instructor")
        assert db.session.get(Post, post).hidden_at is None


def test_what_was_hidden_is_not_shown_again_through_notifications_or_replies(app, world):
    budi = login(app, world.nip("budi"))
    response = start_thread(budi, world.a, "umum", "Judul kasar", "@Siti Rahayu isi kasar sekali")
    thread, opening = thread_id_from(response), post_id_from(response)
    siti = login(app, world.nip("siti"))
    assert "isi kasar sekali" in siti.get("/notifikasi").get_data(as_text=True)
    instructor = login(app, world.nip("instructor"))
    send(instructor, f"/diskusi/pos/{opening}/sembunyikan", {"reason": "Bahasa tidak santun"})
    notices = siti.get("/notifikasi").get_data(as_text=True)
    assert "isi kasar sekali" not in notices and "Judul kasar" not in notices
    assert "(utas disembunyikan)" in notices
    # the author still sees the thread and why, but cannot keep writing into it
    response = reply(budi, thread, "Tetap menulis di utas tersembunyi")
    assert response.status_code == 200 and "disembunyikan moderator" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Thread, thread).last_seq == 1
