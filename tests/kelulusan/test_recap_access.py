"""Who reads an angkatan's recap, by real requests: the coordinators and the head of its lembaga and admins every row,
an instansi viewer their employees' rows only; another lembaga's coordinator or head and a viewer with nobody in it a
recorded 404; every other role 403. The exports (CSRF-checked POSTs) answer the same."""

import csv
import io

import pytest
from sqlalchemy import select

from lms.core.extensions import db
from lms.core.security_events import ACCESS_HIDDEN, SecurityEvent
from tests.helpers.web import csrf_token

ALL = ("Ani Lulus", "Budi Kedua", "Citra Belum", "Eko Seri")
EMPLOYEES_OF_B = ("Budi Kedua",)


@pytest.mark.parametrize("who", ["coordinator", "admin", "head"])
def test_the_lembagas_staff_read_every_row(recap_world, who):
    client = recap_world.client(who)
    response = client.get(recap_world.url)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert all(name in html for name in ALL)
    exported = client.post(recap_world.url + ".csv", data={"csrf_token": csrf_token(client, recap_world.url)}).get_data(
        as_text=True
    )
    assert all(name in exported for name in ALL) and "Fajar Lain" not in exported


def test_the_instansi_viewer_reads_only_their_employees_rows(recap_world):
    client = recap_world.client("viewer")
    html = client.get(recap_world.url).get_data(as_text=True)
    assert "Budi Kedua" in html and "HYPERLINK" in html  # their two employees
    for other in ("Ani Lulus", "Citra Belum", "Eko Seri"):
        assert other not in html
    assert "peringkat dihitung di antara seluruh peserta angkatan" in html
    token = csrf_token(client, recap_world.url)
    rows = list(
        csv.reader(
            io.StringIO(client.post(recap_world.url + ".csv", data={"csrf_token": token}).get_data(as_text=True))
        )
    )
    names = [row[2] for row in rows if len(row) > 2 and row[0].isdigit()]
    assert names == ["Budi Kedua", "'" + '=HYPERLINK("http://evil.example","klik")']
    ranks = [row[-2] for row in rows if len(row) > 2 and row[0].isdigit()]
    assert ranks == ["2", "4"]  # the whole angkatan's ranks
    # Their employee in another lembaga's angkatan: that recap too, their row alone.
    other = client.get(f"/kelulusan/angkatan/{recap_world.ids['other_angkatan']}/rekap").get_data(as_text=True)
    assert "Fajar Lain" in other


@pytest.mark.parametrize("who", ["other_coordinator", "other_head", "other_viewer"])
def test_outside_their_scope_the_recap_is_a_recorded_404(recap_world, who):
    client = recap_world.client(who)
    token = csrf_token(client, "/")
    assert client.get(recap_world.url).status_code == 404
    for kind in ("csv", "xlsx", "pdf"):
        assert client.post(f"{recap_world.url}.{kind}", data={"csrf_token": token}).status_code == 404
    with recap_world.app.app_context():
        refused = db.session.execute(
            select(SecurityEvent.path, SecurityEvent.status).where(
                SecurityEvent.user_id == recap_world.ids[who], SecurityEvent.kind == ACCESS_HIDDEN
            )
        ).all()
    assert sorted(refused) == sorted((recap_world.url + ext, 404) for ext in ("", ".csv", ".xlsx", ".pdf"))


def test_a_missing_angkatan_is_a_plain_404(recap_world):
    assert recap_world.client("viewer").get("/kelulusan/angkatan/987654/rekap").status_code == 404
    assert recap_world.client("coordinator").get("/kelulusan/angkatan/987654/rekap").status_code == 404


@pytest.mark.parametrize("who", ["instructor", "committee", "mentor", "p1"])
def test_every_other_role_is_refused(recap_world, who):
    client = recap_world.client(who)
    token = csrf_token(client, "/")
    assert client.get(recap_world.url).status_code == 403
    assert client.post(recap_world.url + ".xlsx", data={"csrf_token": token}).status_code == 403


def test_anonymous_is_sent_to_sign_in_and_an_export_needs_its_token(recap_world):
    anonymous = recap_world.app.test_client()
    response = anonymous.get(recap_world.url)
    assert response.status_code == 302 and "/masuk" in response.location
    client = recap_world.client("coordinator")
    assert client.post(recap_world.url + ".csv", data={}).status_code == 400  # no CSRF token
    token = csrf_token(client, recap_world.url)
    assert client.post(recap_world.url + ".exe", data={"csrf_token": token}).status_code == 400


def test_the_recap_is_linked_where_its_readers_find_their_angkatan(recap_world):
    url, ids = recap_world.url, recap_world.ids
    coordinator = recap_world.client("coordinator")
    for page in ("/dasbor", f"/dasbor/angkatan/{ids['angkatan']}", f"/orang/angkatan/{ids['angkatan']}", "/"):
        assert f'href="{url}"' in coordinator.get(page).get_data(as_text=True), page
    assert f'href="{url}"' in recap_world.client("head").get("/").get_data(as_text=True)
    employees = recap_world.client("viewer").get("/dasbor/pegawai").get_data(as_text=True)
    assert f'href="{url}"' in employees
    assert f'href="/kelulusan/angkatan/{ids["other_angkatan"]}/rekap"' in employees
    assert "/rekap" not in recap_world.client("instructor").get("/dasbor").get_data(as_text=True)
