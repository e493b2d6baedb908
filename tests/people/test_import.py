"""Bulk CSV import: every bad row reported, nothing written before confirmation, re-import idempotent."""

import csv
import io

import pytest
from sqlalchemy import func, select

from lms.auth.models import User
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.people import importer
from lms.people.models import Enrolment, ImportBatch
from tests.factories import (
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_participant,
    valid_nip,
)
from tests.helpers.web import AuthActions, csrf_token

HEADER = "nip,nama,email,instansi,angkatan"


def good_rows(n=40, start=100):
    return [f"{valid_nip(start + i)},Peserta Nomor {i},peserta{i}@contoh.go.id,Pemkot Uji,72" for i in range(n)]


@pytest.fixture
def setup(app):
    with app.app_context():
        instansi = make_instansi("Pemkot Uji")
        other = make_instansi("Pemkab Lain")
        angkatan = make_angkatan(instansi, 72)
        make_angkatan(other, 9)
        small = make_angkatan(instansi, 73, capacity=1)
        existing = make_participant(small, name="Sudah Ada", nip=valid_nip(999))
        coordinator = make_coordinator(instansi)
        db.session.commit()
        return {"coordinator": coordinator.nip, "angkatan": angkatan.id, "existing_nip": existing.nip}


def bad_rows(existing_nip):
    return {
        "19860926201505100": "18 angka",  # bad NIP
        f"{valid_nip(100)},Duplikat,,Pemkot Uji,72": "sama dengan baris",  # duplicate in file
        f"{existing_nip},Sudah Ada Beda,,Pemkot Uji,72": "sudah terdaftar",  # duplicate in database
        f"{valid_nip(501)},Tanpa Angkatan,,Pemkot Uji,99": "tidak dikenal",  # unknown angkatan
        f"{valid_nip(502)},Di Luar Wewenang,,Pemkab Lain,9": "tidak dikenal",  # another instansi
        f"{valid_nip(503)},Kelebihan,,Pemkot Uji,73": "penuh",  # over capacity
        f"{valid_nip(504)},,,Pemkot Uji,72": "Nama kosong",  # empty name
        f'{valid_nip(505)},=HYPERLINK("http://x"),,Pemkot Uji,72': "rumus",  # formula
        f"{valid_nip(506)},+Tambah,,Pemkot Uji,72": "rumus",
        f"{valid_nip(507)},-Kurang,,Pemkot Uji,72": "rumus",
        f"{valid_nip(508)},@Pegawai,,Pemkot Uji,72": "rumus",
    }


def upload(client, content: bytes, name="peserta.csv"):
    token = csrf_token(client, "/orang/impor")
    return client.post(
        "/orang/impor",
        data={"csrf_token": token, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def login(client, setup):
    AuthActions(client).login(setup["coordinator"])


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_dry_run_reports_every_bad_row_and_writes_nothing(app, client, setup):
    login(client, setup)
    bad = bad_rows(setup["existing_nip"])
    lines = [HEADER] + good_rows() + [row if "," in row else f"{row},Nama,,Pemkot Uji,72" for row in bad]
    with app.app_context():
        users_before = count(User)
    response = upload(client, "\n".join(lines).encode())
    review = client.get(response.location)
    html = review.get_data(as_text=True)
    assert "Tidak ada yang akan disimpan" in html
    with app.app_context():
        from lms.people.models import Instansi

        scope = set(db.session.scalars(select(Instansi.id).where(Instansi.name == "Pemkot Uji")))
        plan = importer.plan_import(db.session.scalars(select(ImportBatch)).one().content, scope)
        assert count(User) == users_before
    assert len(plan.errors) == len(bad)
    for row, (line, reason) in zip(plan.errors, bad.items()):
        assert reason in " ".join(row.reasons), (line, row.reasons)
        assert f">{row.line}<" in html
    # applying a plan with errors is refused
    batch_id = response.location.rsplit("/", 1)[1]
    refused = client.post(f"/orang/impor/{batch_id}/terapkan", data={"csrf_token": csrf_token(client, "/")})
    assert refused.status_code == 400
    with app.app_context():
        assert count(User) == users_before


def test_import_40_rows_semicolon_bom_then_reimport_changes_nothing(app, client, setup):
    login(client, setup)
    text = "\n".join([HEADER.replace(",", ";")] + [r.replace(",", ";") for r in good_rows()])
    content = "\ufeff".encode() + text.encode()
    review = client.get(upload(client, content).location)
    assert "Terapkan: daftarkan 40 peserta" in review.get_data(as_text=True)
    batch_id = review.request.path.rsplit("/", 1)[1]
    token = csrf_token(client, "/")
    applied = client.post(f"/orang/impor/{batch_id}/terapkan", data={"csrf_token": token})
    assert applied.status_code == 302
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count()).select_from(Enrolment).where(Enrolment.angkatan_id == setup["angkatan"])
            )
            == 40
        )
        assert (
            db.session.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "enrolment.create")
            )
            == 40
        )
    # initial passwords: downloadable exactly once, and they work
    download = client.post(f"/orang/impor/{batch_id}/kata-sandi", data={"csrf_token": token})
    assert download.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 40 and all(len(r["kata_sandi_awal"]) == 12 for r in rows)
    again = client.post(f"/orang/impor/{batch_id}/kata-sandi", data={"csrf_token": token})
    assert again.status_code == 302
    with app.app_context():
        assert db.session.get(ImportBatch, int(batch_id)).credentials_csv is None
    fresh = app.test_client()
    assert AuthActions(fresh).login(rows[0]["nip"], rows[0]["kata_sandi_awal"]).status_code == 302

    # the same file again: nothing to write
    with app.app_context():
        users_before, audit_before = count(User), count(AuditEntry)
    review = client.get(upload(client, content).location)
    assert "Tidak ada perubahan" in review.get_data(as_text=True)
    batch_id = review.request.path.rsplit("/", 1)[1]
    assert client.post(f"/orang/impor/{batch_id}/terapkan", data={"csrf_token": token}).status_code == 400
    with app.app_context():
        assert count(User) == users_before and count(AuditEntry) == audit_before


def test_missing_columns_and_non_utf8(app, client, setup):
    login(client, setup)
    review = client.get(upload(client, b"nip,nama\n1,2\n").location)
    assert "Kolom wajib tidak ada" in review.get_data(as_text=True)
    response = upload(client, "nip,nama,email,instansi,angkatan\n1,Jos\xe9,,,\n".encode("latin-1"))
    assert response.status_code == 200 and "UTF-8" in response.get_data(as_text=True)


def test_another_coordinator_cannot_open_my_batch(app, client, setup):
    login(client, setup)
    location = upload(client, ("\n".join([HEADER] + good_rows(2))).encode()).location
    with app.app_context():
        intruder = make_coordinator(make_instansi("Lain Lagi")).nip
        db.session.commit()
    other = app.test_client()
    AuthActions(other).login(intruder)
    assert other.get(location).status_code == 404


def test_cli_import_dry_run_and_apply(app, runner, setup, tmp_path):
    path = tmp_path / "peserta.csv"
    path.write_text("\n".join([HEADER] + good_rows(3)), encoding="utf-8")
    result = runner.invoke(args=["lms", "import-participants", str(path), "--dry-run"])
    assert result.exit_code == 0 and "3 baru" in result.output
    with app.app_context():
        assert count(Enrolment) == 1
    out = tmp_path / "sandi.csv"
    result = runner.invoke(args=["lms", "import-participants", str(path), "--passwords-out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(out.read_text().splitlines()) == 4
    result = runner.invoke(args=["lms", "import-participants", str(path)])
    assert "Tidak ada perubahan" in result.output
    bad = tmp_path / "salah.csv"
    bad.write_text(HEADER + "\n123,Nama,,Pemkot Uji,72\n", encoding="utf-8")
    result = runner.invoke(args=["lms", "import-participants", str(bad)])
    assert result.exit_code == 1 and "salah.csv:2:" in result.output


def test_control_characters_in_any_column_are_refused_with_file_and_line(app, runner, setup, tmp_path):
    rows = [
        f"{valid_nip(601)},Nama\x00Nol,,Pemkot Uji,72",
        f'{valid_nip(602)},"Nama\nDua Baris",,Pemkot Uji,72',
        f"{valid_nip(603)},Nama Baik,baik@contoh.go.id,Pemkot\x1fUji,72",
        f"{valid_nip(604)},Nama\u2028Pemisah,,Pemkot Uji,72",
    ]
    with app.app_context():
        plan = importer.plan_import("\n".join([HEADER, *rows]), None)
    reasons = {row.line: "; ".join(row.reasons) for row in plan.errors}
    assert "Kolom nama: karakter kendali tak terlihat U+0000 pada karakter ke-5" in reasons[2]
    assert "Kolom nama: baris baru pada karakter ke-5" in reasons[4]  # the quoted cell spans lines 3-4
    assert "Kolom instansi: karakter kendali tak terlihat U+001F" in reasons[5]
    assert "U+2028" in reasons[6]
    path = tmp_path / "kendali.csv"
    path.write_text("\n".join([HEADER, *rows]), encoding="utf-8")
    result = runner.invoke(args=["lms", "import-participants", str(path)])
    assert result.exit_code == 1 and "kendali.csv:2: Kolom nama: karakter kendali tak terlihat U+0000" in result.output
    with app.app_context():
        assert count(Enrolment) == 1  # nothing written


def test_a_stored_control_character_cannot_break_the_credentials_file(app):
    with app.app_context():
        user = User(nip=valid_nip(700), name="Lama\x00Tersimpan", role="participant")
        text = importer.credentials_csv([(user, "sandi")])
    assert "\x00" not in text and "Lama\ufffdTersimpan" in text
