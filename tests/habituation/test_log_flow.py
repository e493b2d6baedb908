"""The log through real requests (CSRF on): entries with evidence, the mentor's confirmation, the coach's
comments, the queue, and every bad input of the issue with its Indonesian message."""

import io
from datetime import timedelta

from PIL import Image
from sqlalchemy import select

from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.core.storage import get_storage
from lms.habituation.models import LogEntry, LogEntryVersion
from lms.habituation.period import Period, credited_jp
from tests.helpers.habituation import jpeg_bytes
from tests.helpers.web import post

NEW = "/habituasi/entri/baru"


def entry_data(world, day=None, done="Konsultasi draf SOP dengan kepala puskesmas.", **extra) -> dict:
    data = {
        "target": f"{world.activity_id}-1",
        "day": (day or world.day).isoformat(),
        "done": done,
        "value_akuntabel": "Notulen konsultasi disimpan.",
        "obstacles": "Kepala puskesmas rapat di dinas pagi hari.",
        "caption": "Konsultasi di ruang kepala",
    }
    data.update(extra)
    return data


def write(client, world, files=(), **kwargs):
    data = entry_data(world, **kwargs)
    if files:
        data["files"] = [(io.BytesIO(content), name) for name, content in files]
    return post(client, NEW, data, token_from=NEW, content_type="multipart/form-data")


def only_entry(app) -> LogEntry:
    with app.app_context():
        return db.session.scalars(select(LogEntry)).one()


def test_participant_logs_an_entry_with_a_photo_the_mentor_confirms_it(app, log_world):
    p1 = log_world.client("p1")
    page = p1.get(NEW)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'capture="environment"' in html and "data pribadi warga" in html
    response = write(p1, log_world, files=[("IMG_1.jpg", jpeg_bytes((3000, 2000), gps=True))])
    assert response.status_code == 302, response.get_data(as_text=True)
    entry = only_entry(app)
    assert (
        entry.state == "waiting" and entry.step == 1 and entry.values == {"akuntabel": "Notulen konsultasi disimpan."}
    )
    with app.app_context():
        evidence = db.session.get(LogEntry, entry.id).evidence[0]
        stored = get_storage().read(evidence.key)
    image = Image.open(io.BytesIO(stored))
    assert image.size == (1600, 1067) and not image.getexif().get_ifd(0x8825)
    # The evidence is served through the access check only.
    url = f"/habituasi/bukti/{evidence.id}"
    shown = p1.get(url)
    assert shown.status_code == 200 and shown.data == stored and shown.headers["X-Content-Type-Options"] == "nosniff"
    assert log_world.client("mentor_m").get(url).status_code == 200
    assert log_world.client("coach_a").get(url).status_code == 200
    for stranger in ("p2", "mentor_n", "coach_b", "teacher"):
        assert log_world.client(stranger).get(url).status_code in (403, 404), stranger

    mentor = log_world.client("mentor_m")
    queue = mentor.get("/aktualisasi/antrean").get_data(as_text=True)
    assert "1 entri menunggu konfirmasi" in queue and f"/habituasi/entri/{entry.id}" in queue
    confirm = post(
        mentor,
        f"/habituasi/entri/{entry.id}/keputusan",
        {"action": "confirm", "revision": "1"},
        token_from=f"/habituasi/entri/{entry.id}",
    )
    assert confirm.status_code == 302
    assert only_entry(app).state == "confirmed"
    assert "Tidak ada entri log yang menunggu Anda" in mentor.get("/aktualisasi/antrean").get_data(as_text=True)
    # Locked: the author can no longer change it.
    edit = post(
        p1,
        f"/habituasi/entri/{entry.id}/ubah",
        entry_data(log_world, revision="1", done="Diubah"),
        token_from=f"/habituasi/entri/{entry.id}",
    )
    assert edit.status_code == 422 and "sudah dikonfirmasi" in edit.get_data(as_text=True)
    log = p1.get("/habituasi/").get_data(as_text=True)
    expected = credited_jp(1, Period(log_world.opens, log_world.closes, 320))  # 1 day / the period's workdays x 320
    assert f"<strong>{expected:.1f}".replace(".", ",") in log
    with app.app_context():
        actions = set(
            db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "habituation_entry"))
        )
    assert actions == {"habituasi.entry_create", "habituasi.entry_confirm"}


def test_mentor_questions_the_participant_edits_and_history_is_kept(app, log_world):
    p1 = log_world.client("p1")
    write(p1, log_world)
    entry = only_entry(app)
    url = f"/habituasi/entri/{entry.id}"
    mentor = log_world.client("mentor_m")
    no_reason = post(mentor, f"{url}/keputusan", {"action": "question", "revision": "1"}, token_from=url)
    assert no_reason.status_code == 409 and "Tulis alasan" in no_reason.get_data(as_text=True)
    asked = post(
        mentor,
        f"{url}/keputusan",
        {"action": "question", "revision": "1", "reason": "Lampirkan notulen."},
        token_from=url,
    )
    assert asked.status_code == 302 and only_entry(app).state == "questioned"
    assert "Lampirkan notulen." in p1.get(url).get_data(as_text=True)
    edited = post(
        p1, f"{url}/ubah", entry_data(log_world, revision="1", done="Konsultasi, notulen terlampir."), token_from=url
    )
    assert edited.status_code == 302
    entry = only_entry(app)
    assert entry.state == "waiting" and entry.revision == 2 and entry.done == "Konsultasi, notulen terlampir."
    with app.app_context():
        old = db.session.scalars(select(LogEntryVersion)).one()
    assert old.revision == 1 and old.data["done"] == "Konsultasi draf SOP dengan kepala puskesmas."


def test_a_stale_tab_is_refused_with_the_typed_text_shown_back(app, log_world):
    p1 = log_world.client("p1")
    write(p1, log_world)
    url = f"/habituasi/entri/{only_entry(app).id}"
    assert (
        post(
            p1, f"{url}/ubah", entry_data(log_world, revision="1", done="Versi tab pertama"), token_from=url
        ).status_code
        == 302
    )
    stale = post(
        p1, f"{url}/ubah", entry_data(log_world, revision="1", done="Versi tab kedua yang lama"), token_from=url
    )
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "Versi tab kedua yang lama" in html and "Versi tab pertama" in html and "sudah diubah di tab" in html
    assert only_entry(app).done == "Versi tab pertama"
    # The mentor who read revision 1 cannot confirm revision 2 unseen.
    mentor = log_world.client("mentor_m")
    late = post(mentor, f"{url}/keputusan", {"action": "confirm", "revision": "1"}, token_from=url)
    assert late.status_code == 409 and only_entry(app).state == "waiting"


def test_bad_days_refused_and_nothing_typed_lost(app, log_world):
    p1 = log_world.client("p1")
    saturday = log_world.day + timedelta(days=(5 - log_world.day.weekday()) % 7 or 7) - timedelta(days=7)
    cases = [
        (log_world.opens - timedelta(days=3), "di luar masa habituasi"),
        (log_world.closes + timedelta(days=3), "di luar masa habituasi"),
        (saturday, "akhir pekan"),
    ]
    for day, part in cases:
        response = write(p1, log_world, day=day, done="Teks yang tidak boleh hilang")
        html = response.get_data(as_text=True)
        assert response.status_code == 422 and part in html, day
        assert "Teks yang tidak boleh hilang" in html
    with app.app_context():
        assert db.session.scalar(select(db.func.count(LogEntry.id))) == 0


def test_fake_and_oversized_images_refused(app, log_world):
    p1 = log_world.client("p1")
    fake = write(p1, log_world, files=[("foto.jpg", b"GIF89a" + b"x" * 500)], done="Tetap di formulir")
    assert fake.status_code == 422 and "bukan foto" in fake.get_data(as_text=True)
    assert "Tetap di formulir" in fake.get_data(as_text=True)
    app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
    big = write(p1, log_world, files=[("besar.jpg", b"\xff\xd8\xff" + b"0" * (9 * 1024 * 1024))])
    assert big.status_code == 422 and "terlalu besar" in big.get_data(as_text=True)
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    body = write(p1, log_world, files=[("besar.jpg", b"\xff\xd8\xff" + b"0" * (2 * 1024 * 1024))])
    assert body.status_code == 413 and "terlalu besar" in body.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(db.func.count(LogEntry.id))) == 0


def test_no_entry_before_approval_nor_on_another_participants_plan(app, log_world):
    p2 = log_world.client("p2")
    page = p2.get(NEW)
    assert page.status_code == 302
    assert "disahkan" in p2.get("/habituasi/").get_data(as_text=True)
    # p2 names p1's activity: refused (it is not in p2's plan, and p2's plan is not approved anyway).
    refused = post(p2, NEW, entry_data(log_world), token_from="/habituasi/")
    assert refused.status_code == 302
    with app.app_context():
        from lms.aktualisasi.editing import plan_of
        from tests.helpers.habituation import approve_plan

        approve_plan(log_world.ids["p2"], log_world.ids["coach_b"], log_world.ids["mentor_n"])
        db.session.commit()
        assert plan_of(log_world.ids["p2"]).state == "approved"
    wrong = post(p2, NEW, entry_data(log_world), token_from=NEW)
    assert wrong.status_code == 422 and "Pilih" in wrong.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(db.func.count(LogEntry.id))) == 0


def test_only_the_own_mentor_confirms(app, log_world):
    write(log_world.client("p1"), log_world)
    url = f"/habituasi/entri/{only_entry(app).id}"
    other = log_world.client("mentor_n")
    response = post(other, f"{url}/keputusan", {"action": "confirm", "revision": "1"}, token_from="/")
    assert response.status_code == 404
    assert other.get(url).status_code == 404
    coach = log_world.client("coach_a")
    assert post(coach, f"{url}/keputusan", {"action": "confirm", "revision": "1"}, token_from=url).status_code == 403
    assert only_entry(app).state == "waiting"


def test_coach_comments_and_the_coach_queue_follows_new_activity(app, log_world):
    p1 = log_world.client("p1")
    write(p1, log_world)
    entry_url = f"/habituasi/entri/{only_entry(app).id}"
    coach = log_world.client("coach_a")
    assert entry_url in coach.get("/aktualisasi/antrean").get_data(as_text=True)
    assert (
        post(
            coach, f"{entry_url}/komentar", {"body": "Bagus; tambahkan foto notulen."}, token_from=entry_url
        ).status_code
        == 302
    )
    assert entry_url not in coach.get("/aktualisasi/antrean").get_data(as_text=True)
    assert post(p1, f"{entry_url}/komentar", {"body": "Sudah saya tambahkan."}, token_from=entry_url).status_code == 302
    assert entry_url in coach.get("/aktualisasi/antrean").get_data(as_text=True)  # the participant answered
    html = p1.get(entry_url).get_data(as_text=True)
    assert "Bagus; tambahkan foto notulen." in html and "Sudah saya tambahkan." in html
    empty = post(coach, f"{entry_url}/komentar", {"body": "  "}, token_from=entry_url)
    assert empty.status_code == 422
    assert log_world.client("coach_b").get(entry_url).status_code == 404


def test_record_section_shows_the_log_to_staff(app, log_world):
    html = log_world.client("coordinator").get(f"/orang/peserta/{log_world.ids['p1']}").get_data(as_text=True)
    assert "Log habituasi" in html and f"/habituasi/peserta/{log_world.ids['p1']}" in html
    assert log_world.client("coordinator").get(f"/habituasi/peserta/{log_world.ids['p1']}").status_code == 200


def test_a_pdf_is_kept_and_served_only_as_a_download_to_those_who_may_read_the_log(app, log_world):
    p1 = log_world.client("p1")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert write(p1, log_world, files=[("undangan rapat.pdf", pdf)]).status_code == 302
    entry = only_entry(app)
    with app.app_context():
        evidence = db.session.get(LogEntry, entry.id).evidence[0]
    assert evidence.content_type == "application/pdf" and evidence.filename == "undangan rapat.pdf"
    got = log_world.client("coach_a").get(f"/habituasi/bukti/{evidence.id}")
    assert got.data == pdf and got.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in got.headers["Content-Security-Policy"]
    assert log_world.client("p2").get(f"/habituasi/entri/{entry.id}").status_code == 404
    assert log_world.client("viewer").get(f"/habituasi/entri/{entry.id}").status_code == 403
    assert log_world.client("teacher").get(f"/habituasi/peserta/{log_world.ids['p1']}").status_code == 404
