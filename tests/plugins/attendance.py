"""Fixture `pjj`: an angkatan in PJJ with a session under way (its check-in window open), its widyaiswara,
another instructor of the angkatan, its coordinator, three participants, and a second lembaga's angkatan with
its own coordinator, participant and session, for the attendance tests."""

import pytest

from lms.core.extensions import db
from tests.factories import (
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_instructor,
    make_participant,
    make_session,
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
