"""The committee's attendance list of a klasikal session, by real requests: a first save records each row once
(audited as attendance.record), a change is an audited correction that needs its reason, a refused row keeps what
was typed while the valid ones are saved, and a page made before someone else's save does not overwrite it."""

import re

from sqlalchemy import select

from lms.attendance.models import AttendanceCorrection
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from tests.helpers.web import client_for, post


def _url(klasikal) -> str:
    return f"/klasikal/sesi/{klasikal['running_id']}/presensi"


def _stored(app) -> dict[int, tuple]:
    with app.app_context():
        return {
            row.user_id: (row.status, row.note, row.late_minutes)
            for row in db.session.scalars(select(AttendanceCorrection))
        }


def _audit(app) -> list[tuple]:
    with app.app_context():
        return db.session.execute(
            select(AuditEntry.action, AuditEntry.subject_user_id, AuditEntry.actor_id, AuditEntry.details).where(
                AuditEntry.action.like("attendance.%")
            )
        ).all()


def _row(uid: int, status: str = "", alasan: str = "", menit: str = "", semula: str = "") -> dict:
    return {f"status-{uid}": status, f"alasan-{uid}": alasan, f"menit-{uid}": menit, f"semula-{uid}": semula}


def test_the_list_shows_every_participant_and_saves_each_row_once(app, klasikal):
    first, second, third = klasikal["participant_ids"]
    client = client_for(app, klasikal["committee"])
    page = client.get(_url(klasikal))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "0 dari 3 peserta tercatat" in html
    assert all(f"Peserta Klasikal {n}" in html for n in (1, 2, 3))
    assert html.count('type="radio"') == 3 * 6 and "Aula Utama" in html
    data = _row(first, "hadir") | _row(second, "terlambat", menit="12") | _row(third, "izin", "Surat izin 7/2026")
    response = post(client, _url(klasikal), data, token_from=_url(klasikal))
    assert response.status_code == 302
    assert "3 peserta dicatat" in client.get(response.location).get_data(as_text=True)
    assert _stored(app) == {
        first: ("hadir", "", None),
        second: ("terlambat", "", 12),
        third: ("izin", "Surat izin 7/2026", None),
    }
    entries = _audit(app)
    assert [(a, s, actor) for a, s, actor, _d in entries] == [
        ("attendance.record", uid, klasikal["committee_id"]) for uid in (first, second, third)
    ]
    assert entries[1][3]["new"] == {"status": "terlambat", "note": "", "late_minutes": 12}
    assert entries[1][3]["via"] == "daftar" and entries[1][3]["old"]["status"] == "belum"
    # The page now shows what is stored; sending it back as it is changes nothing and audits nothing.
    html = client.get(_url(klasikal)).get_data(as_text=True)
    assert "3 dari 3 peserta tercatat" in html
    assert f'name="menit-{second}" type="number" inputmode="numeric" min="1" max="600" value="12"' in html
    again = _row(first, "hadir", semula="hadir") | _row(second, "terlambat", menit="12", semula="terlambat")
    assert post(client, _url(klasikal), again, token_from=_url(klasikal)).status_code == 302
    assert len(_audit(app)) == 3


def test_a_refused_row_keeps_what_was_typed_and_the_valid_rows_are_saved(app, klasikal):
    first, second, third = klasikal["participant_ids"]
    client = client_for(app, klasikal["committee"])
    data = _row(first, "sakit", "ab") | _row(second, "hadir") | _row(third, "", "Dia izin", "")
    response = post(client, _url(klasikal), data, token_from=_url(klasikal))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "1 peserta dicatat. 2 baris belum tersimpan" in html
    assert "Tulis alasan sakit" in html and "Pilih statusnya dulu" in html
    assert re.search(rf'name="status-{first}" value="sakit" checked', html)
    assert f'name="alasan-{first}" type="text" maxlength="1000" autocomplete="off" value="ab"' in html
    assert 'value="Dia izin"' in html
    assert _stored(app) == {second: ("hadir", "", None)}


def test_a_change_is_a_correction_with_its_reason_and_the_old_status(app, klasikal):
    first = klasikal["participant_ids"][0]
    client = client_for(app, klasikal["committee"])
    post(client, _url(klasikal), _row(first, "hadir"), token_from=_url(klasikal))
    refused = post(client, _url(klasikal), _row(first, "alpa", semula="hadir"), token_from=_url(klasikal))
    assert refused.status_code == 400 and "Tulis alasan alpa" in refused.get_data(as_text=True)
    late = _row(first, "terlambat", "Salah catat, datang 09.10", "25", semula="hadir")
    assert post(client, _url(klasikal), late, token_from=_url(klasikal)).status_code == 302
    assert _stored(app) == {first: ("terlambat", "Salah catat, datang 09.10", 25)}
    action, subject, actor, details = _audit(app)[-1]
    assert (action, subject, actor) == ("attendance.correct", first, klasikal["committee_id"])
    assert details["old"] == {"status": "hadir", "note": ""}
    assert details["new"] == {"status": "terlambat", "note": "Salah catat, datang 09.10", "late_minutes": 25}


def test_a_page_made_before_someone_elses_save_does_not_overwrite_it(app, klasikal):
    first = klasikal["participant_ids"][0]
    mine, theirs = client_for(app, klasikal["committee"]), client_for(app, klasikal["coordinator"])
    # The committee member's page was made while the first participant had nothing recorded (semula ""); the
    # coordinator records an izin before it is sent.
    assert post(theirs, _url(klasikal), _row(first, "izin", "Surat izin"), token_from=_url(klasikal)).status_code == 302
    response = post(mine, _url(klasikal), _row(first, "hadir"), token_from=_url(klasikal))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "diubah orang lain" in html and "tercatat izin" in html
    assert _stored(app) == {first: ("izin", "Surat izin", None)}


def test_the_filter_shows_who_is_not_recorded_yet(app, klasikal):
    first = klasikal["participant_ids"][0]
    client = client_for(app, klasikal["committee"])
    post(client, _url(klasikal), _row(first, "hadir"), token_from=_url(klasikal))
    html = client.get(_url(klasikal) + "?belum=1").get_data(as_text=True)
    assert "Peserta Klasikal 1" not in html and "Peserta Klasikal 2" in html
    for uid in klasikal["participant_ids"][1:]:
        post(client, _url(klasikal) + "?belum=1", _row(uid, "hadir"), token_from=_url(klasikal))
    assert "Semua peserta sudah dicatat" in client.get(_url(klasikal) + "?belum=1").get_data(as_text=True)


def test_an_ended_session_says_that_who_is_not_recorded_counts_as_absent(app, klasikal):
    client = client_for(app, klasikal["committee"])
    html = client.get(f"/klasikal/sesi/{klasikal['ended_id']}/presensi").get_data(as_text=True)
    assert "dihitung alpa" in html
