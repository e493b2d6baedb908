"""People management through the pages: angkatan, schedule, moves, deactivation, roles."""

from datetime import date

from sqlalchemy import select

from lms.auth.models import Role, User
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.people.models import Angkatan, Enrolment
from lms.phases.models import Phase, PhaseSchedule
from tests.factories import (
    lembaga_for,
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_participant,
    make_user,
)
from tests.helpers.web import AuthActions, post


def _setup(app):
    with app.app_context():
        instansi = make_instansi("Pemkot Uji")
        a1, a2 = make_angkatan(instansi, 1), make_angkatan(instansi, 2, capacity=1)
        a3 = make_angkatan(instansi, 3)
        participant = make_participant(a1)
        coordinator = make_coordinator(instansi)
        admin = make_user(Role.ADMIN)
        db.session.commit()
        return dict(
            instansi=instansi.id,
            lembaga=lembaga_for(instansi).id,
            a1=a1.id,
            a2=a2.id,
            a3=a3.id,
            participant=participant.id,
            participant_nip=participant.nip,
            coordinator=coordinator.nip,
            admin=admin.nip,
        )


def test_create_angkatan_and_duplicate_is_refused(app, client):
    ids = _setup(app)
    AuthActions(client).login(ids["coordinator"])
    data = {"lembaga_id": ids["lembaga"], "number": 80, "year": 2026, "name": "", "capacity": 40, "timezone": "WITA"}
    assert post(client, "/orang/angkatan", data, token_from="/orang/angkatan").status_code == 302
    again = post(client, "/orang/angkatan", data, token_from="/orang/angkatan")
    assert again.status_code == 400 and "sudah ada" in again.get_data(as_text=True)
    with app.app_context():
        angkatan = db.session.scalar(select(Angkatan).where(Angkatan.number == 80))
        assert angkatan.name == "Angkatan 80 Tahun 2026" and angkatan.timezone == "WITA"


def test_schedule_is_validated_and_audited(app, client):
    ids = _setup(app)
    AuthActions(client).login(ids["coordinator"])
    with app.app_context():
        phases = list(db.session.scalars(select(Phase).order_by(Phase.position)))
    url = f"/orang/angkatan/{ids['a1']}/jadwal"
    bad = {f"jadwal-opens_{p.id}": "2026-12-10" for p in phases}
    bad.update({f"jadwal-closes_{p.id}": "2026-12-01" for p in phases})
    response = post(client, url, bad, token_from=f"/orang/angkatan/{ids['a1']}")
    assert response.status_code == 400 and "setelah tanggal buka" in response.get_data(as_text=True)
    good = {}
    for n, p in enumerate(phases):
        good[f"jadwal-opens_{p.id}"] = f"2026-12-{1 + 5 * n:02d}"
        good[f"jadwal-closes_{p.id}"] = f"2026-12-{4 + 5 * n:02d}"
    assert post(client, url, good, token_from=f"/orang/angkatan/{ids['a1']}").status_code == 302
    with app.app_context():
        rows = db.session.scalars(select(PhaseSchedule).where(PhaseSchedule.angkatan_id == ids["a1"])).all()
        assert sorted(r.opens_on for r in rows)[0] == date(2026, 12, 1)
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "schedule.set")) is not None


def test_move_participant_needs_reason_respects_capacity_and_is_audited(app, client):
    ids = _setup(app)
    AuthActions(client).login(ids["coordinator"])
    url = f"/orang/peserta/{ids['participant']}/pindah"
    page = f"/orang/peserta/{ids['participant']}"
    no_reason = post(client, url, {"angkatan_id": ids["a3"], "reason": ""}, token_from=page)
    assert "wajib diisi" in client.get(no_reason.location).get_data(as_text=True)
    with app.app_context():
        make_participant(db.session.get(Angkatan, ids["a2"]))  # fill angkatan 2
        db.session.commit()
    full = post(client, url, {"angkatan_id": ids["a2"], "reason": "Pindah tugas ke unit lain"}, token_from=page)
    assert "sudah penuh" in client.get(full.location).get_data(as_text=True)
    with app.app_context():
        enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == ids["participant"]))
        enrolment.golongan, enrolment.ndh = "III/a", 5
        employer = enrolment.instansi_id
        db.session.commit()
    post(client, url, {"angkatan_id": ids["a3"], "reason": "Pindah tugas ke unit lain"}, token_from=page)
    with app.app_context():
        enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == ids["participant"]))
        assert enrolment.angkatan_id == ids["a3"]
        # The employer and golongan go along; the attendance number belonged to the old angkatan's list.
        assert (enrolment.instansi_id, enrolment.golongan, enrolment.ndh) == (employer, "III/a", None)
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "enrolment.move")).all()
        assert len(entries) == 1 and entries[0].reason == "Pindah tugas ke unit lain"
        assert entries[0].details == {"from_angkatan": ids["a1"], "to_angkatan": ids["a3"], "old_ndh": 5}


def test_deactivation_ends_existing_sessions(app, client):
    ids = _setup(app)
    participant = app.test_client()
    AuthActions(participant).login(ids["participant_nip"])
    assert participant.get("/").status_code == 200
    AuthActions(client).login(ids["coordinator"])
    page = f"/orang/peserta/{ids['participant']}"
    post(client, f"{page}/status", {"active": "0", "reason": "Mengundurkan diri"}, token_from=page)
    assert participant.get("/").status_code == 302
    assert AuthActions(app.test_client()).login(ids["participant_nip"]).status_code == 200  # refused


def test_role_change_ends_sessions_and_is_audited(app, client):
    ids = _setup(app)
    with app.app_context():
        target = make_user(Role.INSTRUCTOR)
        db.session.commit()
        target_id, target_nip = target.id, target.nip
    other = app.test_client()
    AuthActions(other).login(target_nip)
    AuthActions(client).login(ids["admin"])
    page = f"/admin/pengguna/{target_id}"
    post(
        client,
        f"{page}/peran",
        {"role": "coordinator", "reason": "Dipindah ke bagian penyelenggaraan"},
        token_from=page,
    )
    assert other.get("/").status_code == 302
    with app.app_context():
        assert db.session.get(User, target_id).role == "coordinator"
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.role"))
        assert entry.details == {"old": "instructor", "new": "coordinator"}


def test_reset_link_issued_by_coordinator_works_once(app, client):
    ids = _setup(app)
    AuthActions(client).login(ids["coordinator"])
    page = f"/orang/peserta/{ids['participant']}"
    response = post(client, f"{page}/atur-ulang", token_from=page)
    assert response.headers["Cache-Control"] == "no-store"
    import re

    link = re.search(r"http://localhost(/akun/atur-ulang/[\w-]+)", response.get_data(as_text=True)).group(1)
    anon = app.test_client()
    assert (
        post(anon, link, {"new_password": "sandi-baru-123", "confirm": "sandi-baru-123"}, token_from=link).status_code
        == 302
    )
    assert anon.get(link).status_code == 404
    assert AuthActions(app.test_client()).login(ids["participant_nip"], "sandi-baru-123").status_code == 302


def test_cli_seed_demo_and_create_user(app, runner):
    result = runner.invoke(args=["lms", "seed-demo"])
    assert result.exit_code == 0, result.output
    assert "participant" in result.output and "latsar-demo-2026" in result.output
    with app.app_context():
        # Angkatan 72-74 in the MOOC, 71 in the middle of PJJ (lms/attendance/demo.py), 70's three
        # participants in aktualisasi (lms/habituation/demo.py) and five more at each
        # aktualisasi stage for the dashboard (lms/dashboard/demo.py), and 69 on campus
        # (lms/attendance/klasikal_demo.py).
        assert db.session.scalar(select(db.func.count()).select_from(Enrolment)) == 208
        assert db.session.scalar(select(db.func.count()).select_from(Angkatan)) == 6
        # One lembaga runs the six angkatan, each mixing the employees of the three instansi, numbered 1-40
        # (Angkatan 70: 1-8).
        assert {a.lembaga.name for a in db.session.scalars(select(Angkatan))} == {"BPSDMD Provinsi Banten"}
        mix = db.session.execute(
            select(
                Enrolment.angkatan_id, db.func.count(db.distinct(Enrolment.instansi_id)), db.func.max(Enrolment.ndh)
            ).group_by(Enrolment.angkatan_id)
        ).all()
        assert sorted(tuple(m)[1:] for m in mix) == [(3, 8)] + [(3, 40)] * 5
    assert "instansi_viewer" in result.output
    again = runner.invoke(args=["lms", "seed-demo"])
    assert again.exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Enrolment)) == 208
    created = runner.invoke(
        args=["lms", "create-user", "--nip", "19860926 201505 1 009", "--name", "Widya", "--role", "instructor"]
    )
    assert created.exit_code == 0 and "Initial password" in created.output
    bad = runner.invoke(args=["lms", "create-user", "--nip", "123", "--name", "X"])
    assert bad.exit_code != 0 and "18 angka" in bad.output
    assert runner.invoke(args=["lms", "--help"]).exit_code == 0
