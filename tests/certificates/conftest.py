"""A world for certificates: a lembaga with settings, an angkatan whose sealed result passes two of three
participants (eligibility stood in for by the test, so these tests need no whole Latsar), and its staff."""

from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from lms.auth.models import Role
from lms.certificates import eligibility
from lms.certificates.eligibility import AngkatanStatus
from lms.certificates.issuing import Passed
from lms.certificates.models import CertificateSettings
from lms.core.extensions import db
from lms.people.models import CoordinatorLembaga
from tests.factories import make_angkatan, make_coordinator, make_instansi, make_participant, make_user


@dataclass
class CertWorld:
    app: object
    ids: dict = field(default_factory=dict)
    sealed: bool = True

    def client(self, who):
        from tests.helpers.web import post

        client = self.app.test_client()
        response = post(client, "/masuk", {"identifier": self.ids[f"{who}_nip"], "password": "rahasia-123456"})
        assert response.status_code == 302, who
        return client


@pytest.fixture
def cert_world(app, monkeypatch):
    world = CertWorld(app)
    with app.app_context():
        instansi = make_instansi("Pemerintah Kota Serang")
        angkatan = make_angkatan(instansi, 72)
        lembaga_id = angkatan.lembaga_id
        other = make_angkatan(make_instansi("Pemerintah Kota Cilegon"), 73)
        people = {
            "p1": make_participant(angkatan, name="Siti Rahmawati"),
            "p2": make_participant(angkatan, name="محمد علي 王小明"),
            "p3": make_participant(angkatan, name="Budi Gagal"),
            "outsider": make_participant(other, name="Peserta Lain"),
            "coordinator": make_coordinator(angkatan.lembaga),
            "other_coordinator": make_coordinator(other.lembaga),
            "head": make_user(Role.HEAD, name="Dr. Kepala"),
            "viewer": make_user(Role.INSTANSI_VIEWER),
        }
        db.session.add(CoordinatorLembaga(user_id=people["head"].id, lembaga_id=lembaga_id))
        db.session.add(
            CertificateSettings(
                lembaga_id=lembaga_id,
                number_format="{urut}/STTPL/LATSAR-{angkatan}/BPSDMD/{tahun}",
                city="Serang",
                signatory_title="Kepala BPSDMD Provinsi Banten",
                signatory_name="Dr. H. Ahmad Sunarya, M.Si.",
                signatory_nip="197001011995031004",
            )
        )
        db.session.commit()
        world.ids = {key: user.id for key, user in people.items()}
        world.ids.update({f"{key}_nip": user.nip for key, user in people.items()})
        world.ids.update(angkatan=angkatan.id, other=other.id, lembaga=lembaga_id)
    passed = [
        Passed(world.ids["p1"], Decimal("86.40"), "Memuaskan", 647),
        Passed(world.ids["p2"], Decimal("91.25"), "Sangat memuaskan", 647),
    ]

    def status(angkatan):
        if angkatan.id != world.ids["angkatan"]:
            return AngkatanStatus(False, 1, [])
        return AngkatanStatus(world.sealed, 3, passed if world.sealed else [])

    monkeypatch.setattr(eligibility, "angkatan_status", status)
    return world
