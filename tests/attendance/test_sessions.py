"""The coordinator's schedule: create, change, delete (only without attendance), the CSV import with its
review step and `lms import-sessions`, and the participant's schedule page."""

import io
from datetime import UTC, datetime

from sqlalchemy import func, select

from lms.attendance.models import TrainingSession
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from tests.helpers.attendance import check_in, open_code
from tests.helpers.web import client_for, post

FORM = {
    "phase_id": "2",
    "day": "2026-03-02",
    "start": "08:00",
    "end": "10:30",
    "topic": "Analisis Isu Kontemporer",
    "agenda_number": "1",
    "widyaiswara_id": "0",
    "jp": "3",
    "mode": "sinkron",
    "meeting_url": "https://zoom.us/j/987",
}
CSV = (
    "tanggal;mulai;selesai;topik;jp;mode;tautan;agenda\n"
    "2026-03-03;08.00;10.00;Wawasan Kebangsaan;2;sinkron;https://zoom.us/j/1;1\n"
    "03/03/2026;13:00;15:00;Belajar mandiri BerAKHLAK;2;asinkron;;2\n"
)


def _sessions(app, angkatan_id):
    with app.app_context():
        return db.session.scalars(
            select(TrainingSession).where(TrainingSession.angkatan_id == angkatan_id).order_by(TrainingSession.id)
        ).all()


def test_a_coordinator_creates_a_session_in_the_angkatans_zone(app, pjj):
    client = client_for(app, pjj["coordinator"])
    url = f"/pjj/angkatan/{pjj['angkatan_id']}/sesi/baru"
    response = post(client, url, FORM, token_from=url)
    assert response.status_code == 302
    created = _sessions(app, pjj["angkatan_id"])[-1]
    assert created.starts_at == datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 08.00 WIB
    assert (created.topic, created.jp, created.agenda_number) == ("Analisis Isu Kontemporer", 3, 1)
    listing = client.get(f"/pjj/angkatan/{pjj['angkatan_id']}/sesi").get_data(as_text=True)
    assert "Analisis Isu Kontemporer" in listing


def test_bad_input_is_explained_and_what_was_typed_stays(app, pjj):
    client = client_for(app, pjj["coordinator"])
    url = f"/pjj/angkatan/{pjj['angkatan_id']}/sesi/baru"
    before = len(_sessions(app, pjj["angkatan_id"]))
    bad = {**FORM, "end": "07:00", "meeting_url": "javascript:alert(1)"}
    response = post(client, url, bad, token_from=url)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Jam selesai harus setelah jam mulai" in html
    assert "Tautan rapat harus alamat https://" in html
    assert 'value="Analisis Isu Kontemporer"' in html
    assert len(_sessions(app, pjj["angkatan_id"])) == before


def test_an_edit_is_audited_with_the_old_values(app, pjj):
    client = client_for(app, pjj["coordinator"])
    url = f"/pjj/sesi/{pjj['session_id']}/ubah"
    assert 'value="Wawasan Kebangsaan"' in client.get(url).get_data(as_text=True)
    assert post(client, url, {**FORM, "topic": "Topik Baru"}, token_from=url).status_code == 302
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "session.update"))
        assert entry.details["old"]["topic"] == "Wawasan Kebangsaan"
        assert entry.details["new"]["topic"] == "Topik Baru"


def test_a_session_with_attendance_cannot_be_deleted(app, pjj):
    code = open_code(client_for(app, pjj["widyaiswara"]), pjj["session_id"])
    check_in(client_for(app, pjj["participants"][0]), pjj["session_id"], code)
    client = client_for(app, pjj["coordinator"])
    response = post(client, f"/pjj/sesi/{pjj['session_id']}/hapus", token_from="/", follow_redirects=True)
    assert "sudah ada presensinya" in response.get_data(as_text=True)
    assert pjj["session_id"] in [s.id for s in _sessions(app, pjj["angkatan_id"])]


def test_a_session_without_attendance_is_deleted(app, pjj):
    client = client_for(app, pjj["coordinator"])
    assert post(client, f"/pjj/sesi/{pjj['session_id']}/hapus", token_from="/").status_code == 302
    assert _sessions(app, pjj["angkatan_id"]) == []


def _upload(client, angkatan_id, text):
    url = f"/pjj/angkatan/{angkatan_id}/sesi/impor"
    data = {"phase_id": "2", "file": (io.BytesIO(text.encode("utf-8-sig")), "jadwal.csv")}
    return post(client, url, data, token_from=url, content_type="multipart/form-data")


def test_csv_import_reviews_then_applies_and_a_reimport_changes_nothing(app, pjj):
    client = client_for(app, pjj["coordinator"])
    review = _upload(client, pjj["angkatan_id"], CSV)
    assert review.status_code == 302
    page = client.get(review.location).get_data(as_text=True)
    assert "Terapkan: tambahkan 2 sesi" in page
    assert len(_sessions(app, pjj["angkatan_id"])) == 1  # nothing before "Terapkan"
    apply_url = review.location + "/terapkan"
    assert post(client, apply_url, token_from=review.location).status_code == 302
    assert len(_sessions(app, pjj["angkatan_id"])) == 3
    again = client.get(_upload(client, pjj["angkatan_id"], CSV).location).get_data(as_text=True)
    assert "semua sesi dalam berkas sudah ada" in again


def test_csv_rows_with_errors_are_each_explained_and_nothing_is_written(app, pjj):
    bad = CSV + "31/02/2026;08:00;07:00;;x;sinkron;http://a\n"
    client = client_for(app, pjj["coordinator"])
    page = client.get(_upload(client, pjj["angkatan_id"], bad).location).get_data(as_text=True)
    assert "Tanggal tidak dikenali" in page and "JP harus bilangan bulat" in page
    assert "Tidak ada yang akan disimpan" in page


def test_the_cli_imports_all_or_nothing(app, pjj, runner, tmp_path):
    good = tmp_path / "jadwal.csv"
    good.write_text(CSV, encoding="utf-8")
    bad = tmp_path / "salah.csv"
    bad.write_text(CSV + "2026-03-04;08:00;09:00;Sesi;2;sinkron;\n", encoding="utf-8")
    result = runner.invoke(args=["lms", "import-sessions", str(bad), "--angkatan", str(pjj["angkatan_id"])])
    assert result.exit_code == 1 and f"{bad}:4:" in result.output
    assert len(_sessions(app, pjj["angkatan_id"])) == 1
    result = runner.invoke(args=["lms", "import-sessions", str(good), "--angkatan", str(pjj["angkatan_id"])])
    assert result.exit_code == 0, result.output
    assert "2 sesi ditambahkan" in result.output
    result = runner.invoke(args=["lms", "import-sessions", str(good), "--angkatan", str(pjj["angkatan_id"])])
    assert "Tidak ada perubahan" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(TrainingSession)) == 4


def test_the_participant_schedule_shows_their_angkatans_sessions_today_first(app, pjj):
    client = client_for(app, pjj["participants"][0])
    response = client.get("/pjj/jadwal")
    html = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Wawasan Kebangsaan" in html and "Sesi angkatan lain" not in html
    assert f"/presensi/sesi/{pjj['session_id']}" in html  # its check-in is open now


def test_the_home_shows_todays_session_first(app, pjj):
    html = client_for(app, pjj["participants"][0]).get("/").get_data(as_text=True)
    assert html.index("Sesi hari ini") < html.index("Fase Latsar Anda")
    assert "Wawasan Kebangsaan" in html
