"""Preparing and ratifying with the features' own sources: the MOOC evaluation's phase result (quiz) and the
seminar rancangan's score (seminar), whose scorer has not submitted until the seminar stops blocking."""

from datetime import timedelta
from decimal import Decimal

import pytest

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.kelulusan.blockers import readiness
from lms.kelulusan.ratification import Refused, prepare_result, ratify
from lms.kelulusan.sealed import sealed_results, source_drift
from lms.phases.models import Phase
from lms.quiz.models import PhaseResult
from lms.seminar.models import Seminar, SeminarPlace, SeminarScore
from tests.factories import (
    lembaga_for,
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_instructor,
    make_participant,
)
from tests.helpers.kelulusan import REAL_PROGRAM, install_program, make_head


def test_the_real_quiz_and_seminar_sources(ctx):
    install_program(REAL_PROGRAM, "Program uji sumber nyata")
    instansi = make_instansi()
    angkatan = make_angkatan(instansi)
    person = make_participant(angkatan, name="Dewi Anggraini")
    coordinator, head = make_coordinator(instansi), make_head(lembaga_for(instansi))
    penguji = make_instructor(name="Dr. Ratna Ayu")
    mooc = db.session.scalar(db.select(Phase.id).where(Phase.code == "mooc"))
    db.session.add(PhaseResult(user_id=person.id, phase_id=mooc, score=Decimal("88.50")))
    seminar = Seminar(
        angkatan_id=angkatan.id,
        kind="rancangan",
        starts_at=utcnow() - timedelta(hours=3),
        ends_at=utcnow() - timedelta(hours=1),
        room="Ruang Garuda",
        examiner_id=penguji.id,
        rubric={},
        scorers=["penguji"],
    )
    db.session.add(seminar)
    db.session.flush()
    place = SeminarPlace(seminar_id=seminar.id, enrolment_id=person.enrolment.id, kind="rancangan", position=1)
    db.session.add(place)
    db.session.flush()
    score = SeminarScore(place_id=place.id, role="penguji", scorer_id=penguji.id, score=Decimal(80))
    db.session.add(score)  # a draft: not submitted
    db.session.flush()

    ready = readiness(angkatan.id)
    assert [(b.kind, b.detail) for b in ready.blockers] == [
        ("nilai", "Seminar rancangan aktualisasi"),
        ("seminar", "Seminar rancangan aktualisasi: menunggu nilai penguji"),
    ]
    with pytest.raises(Refused):
        prepare_result(angkatan.id, coordinator.id)
    score.submitted_at = utcnow()
    db.session.flush()
    assert readiness(angkatan.id).ready
    result = prepare_result(angkatan.id, coordinator.id)
    ratify(angkatan.id, result.preparation, head.id)
    db.session.commit()
    (row,) = sealed_results(angkatan.id).rows
    assert row.row.scores == {"akademik_mooc": "88.50", "seminar_rancangan": "80.00"}
    assert row.row.final == Decimal("84.25") and row.row.band == "Lulus" and row.row.passes is True
    # The coordinator reopens the seminar score after ratification: shown as drift, the sealed result stays.
    score.submitted_at = None
    db.session.commit()
    assert [c.what for c in source_drift(angkatan.id)[person.id]] == ["Seminar rancangan aktualisasi"]
    assert sealed_results(angkatan.id).rows[0].row.final == Decimal("84.25")
