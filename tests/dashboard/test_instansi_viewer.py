"""The instansi viewer (BKPSDM/BKD staff): their instansi's employees across every angkatan and lembaga,
read-only; nobody else's, on any page or export. With real requests, CSRF on."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lms.auth.models import Role, User
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.core.security_events import ACCESS_HIDDEN, SecurityEvent
from lms.dashboard.overview_report import instansi_lines
from lms.people.models import InstansiViewer
from tests.factories import (
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_instansi_viewer,
    make_lembaga,
    make_participant,
    make_user,
)
from tests.helpers.web import AuthActions, csrf_token


@pytest.fixture
def mixed(app):
    """Lembaga Banten runs Angkatan 72 with employees of A and B; Lembaga Kaltara runs Angkatan 16 with
    another of A. A viewer of A, a viewer of B, and a coordinator of Banten."""
    with app.app_context():
        a, b = make_instansi("Pemerintah Kota Tangerang"), make_instansi("Pemerintah Kota Cilegon")
        banten, kaltara = make_lembaga("BPSDMD Provinsi Banten", "bpsdmd"), make_lembaga("BPSDM Kaltara", "bpsdm")
        a72 = make_angkatan(None, 72, lembaga=banten)
        a16 = make_angkatan(None, 16, lembaga=kaltara)
        ayu = make_participant(a72, instansi=a, name="Ayu Lestari")
        budi = make_participant(a72, instansi=b, name="Budi Santoso")
        citra = make_participant(a16, instansi=a, name="Citra Dewi")
        viewer_a = make_instansi_viewer(a, name="Dewi BKPSDM Tangerang")
        viewer_b = make_instansi_viewer(b, name="Hadi BKPSDM Cilegon")
        coordinator = make_coordinator(banten)
        db.session.commit()
        return dict(
            a=a.id,
            b=b.id,
            a72=a72.id,
            a16=a16.id,
            ayu=ayu.id,
            budi=budi.id,
            citra=citra.id,
            viewer_a=viewer_a.nip,
            viewer_a_id=viewer_a.id,
            viewer_b=viewer_b.nip,
            coordinator=coordinator.nip,
        )


def login(app, nip):
    client = app.test_client()
    AuthActions(client).login(nip)
    return client


def test_the_viewer_lists_their_employees_across_lembaga_and_nobody_else(app, mixed):
    client = login(app, mixed["viewer_a"])
    assert 'href="/dasbor/pegawai"' in client.get("/").get_data(as_text=True)  # their home links to the list
    response = client.get("/dasbor/pegawai")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "Ayu Lestari" in page and "Citra Dewi" in page and "Budi Santoso" not in page
    assert "BPSDMD Provinsi Banten" in page and "BPSDM Kaltara" in page
    other = login(app, mixed["viewer_b"]).get("/dasbor/pegawai").get_data(as_text=True)
    assert "Budi Santoso" in other and "Ayu Lestari" not in other and "Citra Dewi" not in other


def test_the_viewer_reads_an_employees_record_without_any_form(app, mixed):
    client = login(app, mixed["viewer_a"])
    response = client.get(f"/orang/peserta/{mixed['ayu']}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Ayu Lestari" in page and "Pemerintah Kota Tangerang" in page
    assert f"/orang/peserta/{mixed['ayu']}/" not in page  # no move, group, status or reset action
    actions = set(re.findall(r'<form[^>]*method="post"[^>]*action="([^"]+)"', page))
    assert actions == {"/keluar", "/bahasa"}, actions  # the menu's logout and language switch alone


def test_the_viewer_gets_404_on_another_instansi_employee_recorded(app, mixed):
    client = login(app, mixed["viewer_a"])
    assert client.get(f"/orang/peserta/{mixed['budi']}").status_code == 404
    with app.app_context():
        events = db.session.execute(
            select(SecurityEvent.kind, SecurityEvent.path).where(
                SecurityEvent.user_id == mixed["viewer_a_id"], SecurityEvent.kind.like("access.%")
            )
        ).all()
    assert [tuple(e) for e in events] == [(ACCESS_HIDDEN, f"/orang/peserta/{mixed['budi']}")]


def test_the_viewer_gets_403_on_staff_pages_and_actions(app, mixed):
    client = login(app, mixed["viewer_a"])
    token = csrf_token(client, "/dasbor/pegawai")
    for url in ("/dasbor", f"/dasbor/angkatan/{mixed['a72']}", "/orang/angkatan", f"/orang/angkatan/{mixed['a72']}"):
        assert client.get(url).status_code == 403, url
    for action in ("pindah", "kelompok", "status", "atur-ulang"):
        url = f"/orang/peserta/{mixed['ayu']}/{action}"
        assert client.post(url, data={"csrf_token": token, "reason": "alasan yang cukup panjang"}).status_code == 403
    assert client.post(f"/dasbor/angkatan/{mixed['a72']}/ekspor.csv", data={"csrf_token": token}).status_code == 403


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_export_holds_only_the_viewers_employees(app, mixed, kind):
    client = login(app, mixed["viewer_a"])
    response = client.post(f"/dasbor/pegawai/ekspor.{kind}", data={"csrf_token": csrf_token(client, "/dasbor/pegawai")})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    if kind == "csv":
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    else:
        rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(response.data)).active.iter_rows()]
    assert rows[0][:5] == ["NIP", "Nama", "Instansi", "Lembaga pelatihan", "Angkatan"]
    assert sorted(r[1] for r in rows[1:]) == ["Ayu Lestari", "Citra Dewi"]
    assert {r[2] for r in rows[1:]} == {"Pemerintah Kota Tangerang"}
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.employees"))
        assert entry.details["rows"] == 2
    assert client.post(f"/dasbor/pegawai/ekspor.{kind}").status_code == 400  # no CSRF token


def test_a_viewer_without_instansi_sees_an_empty_state(app):
    with app.app_context():
        nip = make_user(Role.INSTANSI_VIEWER).nip
        db.session.commit()
    page = login(app, nip).get("/dasbor/pegawai").get_data(as_text=True)
    assert "Anda belum diberi instansi" in page


def test_the_coordinator_sees_the_angkatan_of_their_lembaga_with_every_instansi(app, mixed):
    client = login(app, mixed["coordinator"])
    page = client.get(f"/dasbor/angkatan/{mixed['a72']}").get_data(as_text=True)
    assert "Ayu Lestari" in page and "Budi Santoso" in page and "Pemerintah Kota Cilegon" in page
    assert client.get(f"/dasbor/angkatan/{mixed['a16']}").status_code == 404
    assert client.get(f"/orang/peserta/{mixed['citra']}").status_code == 404
    assert client.get("/dasbor/pegawai").status_code == 403


def test_admin_makes_a_viewer_and_assigns_their_instansi(app, mixed):
    with app.app_context():
        admin = make_user(Role.ADMIN).nip
        db.session.commit()
    client = login(app, admin)
    token = csrf_token(client, "/admin/pengguna")
    created = client.post(
        "/admin/pengguna",
        data={
            "csrf_token": token,
            "nip": "198503052010012006",
            "name": "Nur Aini",
            "email": "",
            "role": "instansi_viewer",
        },
    )
    assert created.status_code == 201
    with app.app_context():
        viewer_id = db.session.scalar(select(User.id).where(User.nip == "198503052010012006"))
    assert "Instansi yang pegawainya diikuti" in client.get(f"/admin/pengguna/{viewer_id}").get_data(as_text=True)
    saved = client.post(
        f"/admin/pengguna/{viewer_id}/instansi", data={"csrf_token": token, "instansi_ids": [mixed["b"]]}
    )
    assert saved.status_code == 302
    with app.app_context():
        assert list(
            db.session.scalars(select(InstansiViewer.instansi_id).where(InstansiViewer.user_id == viewer_id))
        ) == [mixed["b"]]
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "instansi_viewer.scope"))
        assert entry.details["instansi_ids"] == [mixed["b"]]
    page = login(app, "198503052010012006")
    # The initial password is shown once to the admin; the factories' password does not apply here.
    assert page.get("/dasbor/pegawai").status_code in (302, 403)


def test_instansi_is_given_to_viewers_only_and_lembaga_to_coordinators_only(app, mixed):
    with app.app_context():
        admin = make_user(Role.ADMIN).nip
        viewer_id = db.session.scalar(select(User.id).where(User.nip == mixed["viewer_a"]))
        coordinator_id = db.session.scalar(select(User.id).where(User.nip == mixed["coordinator"]))
        db.session.commit()
    client = login(app, admin)
    token = csrf_token(client, "/admin/pengguna")
    refused = client.post(
        f"/admin/pengguna/{coordinator_id}/instansi", data={"csrf_token": token, "instansi_ids": [mixed["a"]]}
    )
    assert "Hanya pegawai BKPSDM/BKD" in client.get(refused.location).get_data(as_text=True)
    refused = client.post(f"/admin/pengguna/{viewer_id}/lembaga", data={"csrf_token": token, "lembaga_ids": []})
    assert "Hanya penyelenggara yang diberi lembaga" in client.get(refused.location).get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(select(InstansiViewer.instansi_id).where(InstansiViewer.user_id == viewer_id))
            == mixed["a"]
        )


def test_the_coordinator_filters_a_mixed_angkatan_by_instansi(app, mixed):
    client = login(app, mixed["coordinator"])
    page = client.get(f"/dasbor/angkatan/{mixed['a72']}?instansi=Pemerintah+Kota+Cilegon").get_data(as_text=True)
    matrix = page[page.index('class="dash matrix"') :]
    assert "Budi Santoso" in matrix and "Ayu Lestari" not in matrix
    assert '<option value="Pemerintah Kota Cilegon" selected>' in page


def test_the_overview_counts_per_instansi_from_the_participants_employers(app, mixed):
    with app.app_context():
        lines = {line.name: line.participants for line in instansi_lines([mixed["a72"], mixed["a16"]])}
    assert lines == {"Pemerintah Kota Tangerang": 2, "Pemerintah Kota Cilegon": 1}
    page = login(app, mixed["coordinator"]).get("/dasbor").get_data(as_text=True)
    section = page[page.index("Per instansi") :]
    assert "Pemerintah Kota Cilegon" in section and "BPSDMD Provinsi Banten" in page
