"""Who reaches the klasikal pages, by real requests with CSRF: the committee of the angkatan (and its coordinators,
admins) take attendance; a committee member of another angkatan gets a recorded 404; participants and
widyaiswara get a 403 on the committee's pages; a forged status or someone else's row changes nothing."""

import pytest
from flask import current_app
from sqlalchemy import func, select

from lms.attendance.klasikal_pass import pass_token
from lms.attendance.models import AttendanceCorrection
from lms.core.extensions import db
from lms.core.security_events import SecurityEvent
from tests.helpers.web import client_for, post


def _refusals(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(SecurityEvent))


def _records(app) -> list[tuple]:
    with app.app_context():
        return db.session.execute(
            select(AttendanceCorrection.session_id, AttendanceCorrection.user_id, AttendanceCorrection.status)
        ).all()


def _scan_url(app, user_id: int) -> str:
    with app.app_context():
        return f"/klasikal/pindai/{pass_token(user_id, current_app.secret_key)}"


@pytest.mark.parametrize(
    "url",
    [
        "/klasikal/sesi/{running_id}/presensi",
        "/klasikal/angkatan/{angkatan_id}",
        "SCAN",
    ],
)
def test_a_committee_member_of_another_angkatan_gets_a_recorded_404(app, klasikal, url):
    url = _scan_url(app, klasikal["participant_ids"][0]) if url == "SCAN" else url.format(**klasikal)
    client = client_for(app, klasikal["other_committee"])
    before = _refusals(app)
    assert client.get(url).status_code == 404
    expected = before + 1
    if "/angkatan/" not in url:  # the klasikal days are a page only
        data = {"session_id": klasikal["running_id"], f"status-{klasikal['participant_ids'][0]}": "hadir"}
        data[f"semula-{klasikal['participant_ids'][0]}"] = ""
        assert post(client, url, data, token_from="/").status_code == 404
        expected += 1
    assert _refusals(app) == expected
    assert _records(app) == []


@pytest.mark.parametrize("who", ["participants", "widyaiswara"])
@pytest.mark.parametrize("url", ["/klasikal/sesi/{running_id}/presensi", "SCAN"])
def test_participants_and_widyaiswara_get_a_403_on_the_committees_pages(app, klasikal, who, url):
    url = _scan_url(app, klasikal["participant_ids"][1]) if url == "SCAN" else url.format(**klasikal)
    nip = klasikal[who][0] if who == "participants" else klasikal[who]
    client = client_for(app, nip)
    assert client.get(url).status_code == 403
    data = {"session_id": klasikal["running_id"], f"status-{klasikal['participant_ids'][1]}": "hadir"}
    assert post(client, url, data, token_from="/").status_code == 403
    assert _records(app) == []


def test_the_widyaiswara_reads_the_klasikal_days_a_participant_does_not(app, klasikal):
    url = f"/klasikal/angkatan/{klasikal['angkatan_id']}"
    html = client_for(app, klasikal["widyaiswara"]).get(url).get_data(as_text=True)
    assert "Apel pagi" in html and "Ambil presensi" not in html
    assert client_for(app, klasikal["participants"][0]).get(url).status_code == 403


def test_the_committee_and_the_coordinator_reach_their_angkatan(app, klasikal):
    for who in ("committee", "coordinator"):
        client = client_for(app, klasikal[who])
        assert client.get(f"/klasikal/sesi/{klasikal['running_id']}/presensi").status_code == 200
        assert client.get(_scan_url(app, klasikal["participant_ids"][0])).status_code == 200
        assert "Ambil presensi" in client.get(f"/klasikal/angkatan/{klasikal['angkatan_id']}").get_data(as_text=True)


def test_a_session_of_another_phase_has_no_klasikal_list(app, klasikal):
    client = client_for(app, klasikal["coordinator"])
    assert client.get(f"/klasikal/sesi/{klasikal['pjj_session_id']}/presensi").status_code == 404


def test_a_made_up_or_altered_token_is_a_plain_404(app, klasikal):
    client = client_for(app, klasikal["committee"])
    good = _scan_url(app, klasikal["participant_ids"][0])
    before = _refusals(app)
    for url in ("/klasikal/pindai/MQ.abc", "/klasikal/pindai/x", good[:-2] + ("AA" if good[-2:] != "AA" else "BB")):
        assert client.get(url).status_code == 404, url
    assert _refusals(app) == before  # nothing there to hide: not a refusal
    with app.app_context():  # a token under another key (another installation) is nobody's here
        forged = pass_token(klasikal["participant_ids"][0], "kunci-lain-" + "x" * 32)
    assert client.get(f"/klasikal/pindai/{forged}").status_code == 404


def test_a_forged_status_is_refused_and_nothing_is_recorded(app, klasikal):
    first, second = klasikal["participant_ids"][:2]
    client = client_for(app, klasikal["committee"])
    url = f"/klasikal/sesi/{klasikal['running_id']}/presensi"
    data = {f"status-{first}": "bolos", f"semula-{first}": "", f"status-{second}": "hadir", f"semula-{second}": ""}
    response = post(client, url, data, token_from=url)
    assert response.status_code == 400
    assert "Pilih salah satu status" in response.get_data(as_text=True)
    assert _records(app) == [(klasikal["running_id"], second, "hadir")]  # the valid row is kept


def test_a_row_of_someone_outside_the_angkatan_is_never_read(app, klasikal):
    client = client_for(app, klasikal["committee"])
    url = f"/klasikal/sesi/{klasikal['running_id']}/presensi"
    outsider = klasikal["outsider_id"]
    response = post(client, url, {f"status-{outsider}": "hadir", f"semula-{outsider}": ""}, token_from=url)
    assert response.status_code == 302
    assert _records(app) == []


def test_a_scan_for_a_session_not_under_way_is_refused(app, klasikal):
    client = client_for(app, klasikal["committee"])
    url = _scan_url(app, klasikal["participant_ids"][0])
    for session_id in (klasikal["ended_id"], klasikal["tomorrow_id"], klasikal["other_session_id"], "x"):
        response = post(client, url, {"session_id": session_id}, token_from=url)
        assert response.status_code == 400, session_id
        assert "Pilih sesi yang sedang berlangsung" in response.get_data(as_text=True)
    assert _records(app) == []


def test_posts_without_a_token_or_from_another_site_are_refused(app, klasikal):
    client = client_for(app, klasikal["committee"])
    url = f"/klasikal/sesi/{klasikal['running_id']}/presensi"
    first = klasikal["participant_ids"][0]
    assert client.post(url, data={f"status-{first}": "hadir", f"semula-{first}": ""}).status_code == 400
    data = {f"status-{first}": "hadir", f"semula-{first}": ""}
    assert post(client, url, data, token_from=url, headers={"Origin": "https://jahat.example"}).status_code == 403
    assert _records(app) == []
