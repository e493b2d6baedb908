"""The klasikal days: sessions created like PJJ's (the form and the CSV accept the klasikal phase, face to face in a
room), shown day by day to the committee, coordinators, widyaiswara and participants, and the committee's home."""

import io
from datetime import UTC, datetime

from sqlalchemy import select

from lms.attendance.models import TrainingSession
from lms.core.extensions import db
from lms.phases.models import Phase
from tests.helpers.web import client_for, post

CSV = (
    "tanggal,mulai,selesai,topik,jp,mode,tautan,ruang\n"
    "2026-06-01,07:30,08:00,Apel pembukaan,0,,,Lapangan upacara\n"
    "2026-06-01,08:00,11:30,Seminar aktualisasi kelompok 1,4,tatap muka,,Ruang Garuda\n"
    "2026-06-02,08:00,11:30,Kesiapsiagaan bela negara,4,Tatap_Muka,,\n"
)


def _klasikal_phase(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Phase.id).where(Phase.code == "klasikal"))


def test_a_klasikal_session_is_face_to_face_in_a_room_without_a_link(app, klasikal):
    client = client_for(app, klasikal["coordinator"])
    url = f"/pjj/angkatan/{klasikal['angkatan_id']}/sesi/baru"
    form = client.get(url + "?fase=klasikal").get_data(as_text=True)
    assert (
        f'<option selected value="{_klasikal_phase(app)}">' in form and '<option selected value="tatap_muka">' in form
    )
    data = {
        "phase_id": _klasikal_phase(app),
        "day": "2026-06-03",
        "start": "13:00",
        "end": "15:30",
        "topic": "Evaluasi akhir",
        "widyaiswara_id": "0",
        "jp": "3",
        "mode": "tatap_muka",
        "meeting_url": "",
        "room": "Aula Utama",
    }
    assert post(client, url, data, token_from=url).status_code == 302
    with app.app_context():
        session = db.session.scalar(select(TrainingSession).where(TrainingSession.topic == "Evaluasi akhir"))
        assert (session.mode, session.room, session.meeting_url) == ("tatap_muka", "Aula Utama", None)
        assert session.starts_at == datetime(2026, 6, 3, 6, 0, tzinfo=UTC)
    bad = post(client, url, {**data, "meeting_url": "javascript:alert(1)"}, token_from=url)
    assert bad.status_code == 400 and "Tautan rapat harus alamat https://" in bad.get_data(as_text=True)
    long_room = post(client, url, {**data, "room": "x" * 121}, token_from=url).get_data(as_text=True)
    assert "Ruang paling banyak 120 karakter" in long_room


def test_the_csv_import_takes_a_klasikal_schedule_face_to_face_by_default(app, klasikal):
    client = client_for(app, klasikal["coordinator"])
    url = f"/pjj/angkatan/{klasikal['angkatan_id']}/sesi/impor"
    upload = {"phase_id": _klasikal_phase(app), "file": (io.BytesIO(CSV.encode()), "klasikal.csv")}
    review = post(client, url, upload, token_from=url, content_type="multipart/form-data")
    assert "Terapkan: tambahkan 3 sesi" in client.get(review.location).get_data(as_text=True)
    assert post(client, review.location + "/terapkan", token_from=review.location).status_code == 302
    with app.app_context():
        rows = db.session.execute(
            select(TrainingSession.topic, TrainingSession.mode, TrainingSession.room)
            .where(TrainingSession.phase_id == _klasikal_phase(app))
            .where(TrainingSession.starts_at >= datetime(2026, 5, 31, tzinfo=UTC))
            .where(TrainingSession.starts_at < datetime(2026, 6, 3, tzinfo=UTC))
            .order_by(TrainingSession.starts_at)
        ).all()
    assert rows == [
        ("Apel pembukaan", "tatap_muka", "Lapangan upacara"),
        ("Seminar aktualisasi kelompok 1", "tatap_muka", "Ruang Garuda"),
        ("Kesiapsiagaan bela negara", "tatap_muka", None),
    ]


def test_the_klasikal_days_today_first_with_their_counts(app, klasikal):
    first = klasikal["participant_ids"][0]
    committee = client_for(app, klasikal["committee"])
    page = f"/klasikal/sesi/{klasikal['running_id']}/presensi"
    post(committee, page, {f"status-{first}": "hadir", f"semula-{first}": ""}, token_from=page)
    html = committee.get(f"/klasikal/angkatan/{klasikal['angkatan_id']}").get_data(as_text=True)
    assert html.index("Apel pagi") < html.index("Besok") < html.index("Kemarin")
    assert "1 dari 3 tercatat · 1 hadir" in html and "Sesi PJJ" not in html
    assert "Aula Utama" in html and "Widyaiswara Klasikal" in html
    assert "Sesi baru" not in html and "Rekap presensi" not in html  # the committee records, it does not plan


def test_the_committees_home_links_todays_sessions_to_their_lists(app, klasikal):
    html = client_for(app, klasikal["committee"]).get("/").get_data(as_text=True)
    assert "Apel pagi" in html and f"/klasikal/sesi/{klasikal['running_id']}/presensi" in html
    assert "Kemarin" not in html and "Sesi seberang" not in html
    assert "/orang/angkatan" not in html  # the staff's angkatan pages are not theirs


def test_the_coordinator_finds_the_klasikal_days_from_the_angkatan_page(app, klasikal):
    client = client_for(app, klasikal["coordinator"])
    page = client.get(f"/orang/angkatan/{klasikal['angkatan_id']}").get_data(as_text=True)
    assert f"/klasikal/angkatan/{klasikal['angkatan_id']}" in page
    html = client.get(f"/klasikal/angkatan/{klasikal['angkatan_id']}").get_data(as_text=True)
    assert "fase=klasikal" in html and "Ambil presensi" in html


def test_the_participants_schedule_points_klasikal_sessions_to_their_qr(app, klasikal):
    html = client_for(app, klasikal["participants"][0]).get("/pjj/jadwal").get_data(as_text=True)
    assert "QR presensi" in html and "/klasikal" in html and "tatap muka" in html
    assert f"/presensi/sesi/{klasikal['running_id']}" not in html  # no code check-in on campus


def test_empty_klasikal_pages_say_so(app, klasikal):
    client = client_for(app, klasikal["coordinator"])
    with app.app_context():
        db.session.execute(
            TrainingSession.__table__.delete().where(TrainingSession.angkatan_id == klasikal["angkatan_id"])
        )
        db.session.commit()
    assert "Belum ada sesi klasikal" in client.get(f"/klasikal/angkatan/{klasikal['angkatan_id']}").get_data(
        as_text=True
    )
    mine = client_for(app, klasikal["participants"][0]).get("/klasikal").get_data(as_text=True)
    assert "belum ditetapkan penyelenggara" in mine and "Belum ada sesi klasikal yang selesai" in mine
    outsider_without_angkatan = client_for(app, klasikal["committee"])
    assert "Tidak ada sesi klasikal hari ini" in outsider_without_angkatan.get("/").get_data(as_text=True)
