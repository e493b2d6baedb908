"""Fixture `pjj`: an angkatan in PJJ with a session under way (its check-in window open), its widyaiswara,
another instructor of the angkatan, its coordinator, three participants, and a second lembaga's angkatan with
its own coordinator, participant and session, for the attendance tests. Fixture `klasikal`: an angkatan on campus
with its committee, for the klasikal ones."""

from datetime import timedelta

import pytest

from lms.auth.models import Role
from lms.core.database import utcnow
from lms.core.extensions import db
from tests.factories import (
    enrol,
    make_angkatan,
    make_committee,
    make_coordinator,
    make_instansi,
    make_instructor,
    make_participant,
    make_session,
    make_user,
)


@pytest.fixture
def pjj(app) -> dict:
    with app.app_context():
        instansi, other_instansi = make_instansi("Pemkot Presensi"), make_instansi("Pemkab Lain")
        angkatan, other = make_angkatan(instansi, 71), make_angkatan(other_instansi, 9)
        widyaiswara = make_instructor(angkatan, name="Widyaiswara Sesi")
        instructor = make_instructor(angkatan, name="Pengajar Lain")
        coordinator = make_coordinator(instansi)
        other_coordinator = make_coordinator(other_instansi)
        participants = [make_participant(angkatan, name=f"Peserta {n}") for n in range(3)]
        outsider = make_participant(other, name="Peserta Angkatan Lain")
        session = make_session(angkatan, widyaiswara=widyaiswara, topic="Wawasan Kebangsaan")
        other_session = make_session(other, topic="Sesi angkatan lain")
        db.session.commit()
        return {
            "angkatan_id": angkatan.id,
            "other_angkatan_id": other.id,
            "session_id": session.id,
            "other_session_id": other_session.id,
            "widyaiswara": widyaiswara.nip,
            "widyaiswara_id": widyaiswara.id,
            "instructor": instructor.nip,
            "coordinator": coordinator.nip,
            "coordinator_id": coordinator.id,
            "other_coordinator": other_coordinator.nip,
            "participants": [p.nip for p in participants],
            "participant_ids": [p.id for p in participants],
            "outsider": outsider.nip,
            "outsider_id": outsider.id,
        }


@pytest.fixture
def klasikal(app) -> dict:
    """An angkatan on campus: a klasikal session under way (started 5 minutes ago, in Aula Utama), one that ended
    yesterday and one tomorrow; three participants (NDH 1-3), its committee member, coordinator and widyaiswara;
    and a second lembaga's angkatan with its own committee member, participant and klasikal session."""
    with app.app_context():
        instansi, other_instansi = make_instansi("Pemkot Klasikal"), make_instansi("Pemkab Seberang")
        angkatan, other = make_angkatan(instansi, 60), make_angkatan(other_instansi, 61)
        widyaiswara = make_instructor(angkatan, name="Widyaiswara Klasikal")
        coordinator = make_coordinator(instansi)
        committee = make_committee(angkatan, name="Panitia Satu")
        other_committee = make_committee(other, name="Panitia Seberang")
        participants = []
        for n in range(3):
            person = make_user(Role.PARTICIPANT, name=f"Peserta Klasikal {n + 1}")
            enrol(person, angkatan, ndh=n + 1)
            participants.append(person)
        outsider = make_participant(other, name="Peserta Seberang")
        now = utcnow()
        klasikal_session = dict(phase_code="klasikal", mode="tatap_muka", room="Aula Utama", widyaiswara=widyaiswara)
        running = make_session(angkatan, starts_at=now - timedelta(minutes=5), topic="Apel pagi", **klasikal_session)
        ended = make_session(angkatan, starts_at=now - timedelta(days=1), topic="Kemarin", **klasikal_session)
        tomorrow = make_session(angkatan, starts_at=now + timedelta(days=1), topic="Besok", **klasikal_session)
        pjj_session = make_session(angkatan, topic="Sesi PJJ")
        other_session = make_session(other, topic="Sesi seberang", phase_code="klasikal", mode="tatap_muka")
        db.session.commit()
        return {
            "angkatan_id": angkatan.id,
            "other_angkatan_id": other.id,
            "running_id": running.id,
            "ended_id": ended.id,
            "tomorrow_id": tomorrow.id,
            "pjj_session_id": pjj_session.id,
            "other_session_id": other_session.id,
            "committee": committee.nip,
            "committee_id": committee.id,
            "other_committee": other_committee.nip,
            "coordinator": coordinator.nip,
            "widyaiswara": widyaiswara.nip,
            "participants": [p.nip for p in participants],
            "participant_ids": [p.id for p in participants],
            "outsider": outsider.nip,
            "outsider_id": outsider.id,
        }
