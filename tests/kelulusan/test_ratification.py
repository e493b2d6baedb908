"""The rules of preparing and ratifying: every blocker listed, the snapshot and its replacement, a stale snapshot
that cannot be ratified, ratification once, and sealed results that the sources no longer change."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.kelulusan.blockers import readiness
from lms.kelulusan.models import ResultRow
from lms.kelulusan.ratification import Refused, prepare_result, ratify, result_of, stale_changes
from lms.kelulusan.sealed import participant_result, sealed_results, source_drift
from lms.phases.models import Phase, PhaseCompletion
from lms.program.versions import pin_version
from lms.quiz.models import Attempt, Quiz
from tests.factories import make_angkatan, make_instansi, make_participant
from tests.helpers.kelulusan import PROGRAM_V2, graduating, install_program, prepared_and_ratified, score


def _audits(action):
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def test_every_blocker_is_listed_and_failing_participants_are_not_blockers(kctx):
    angkatan, (first, second, failing), coordinator, _second, _head = graduating()
    late = make_participant(angkatan, name="Rudi Hartono")
    score(late, akademik=80)  # no seminar score, no attendance
    mooc = db.session.scalar(select(Phase).where(Phase.code == "mooc"))
    quiz = Quiz(slug="evaluasi-esai", title="Evaluasi esai", phase_id=mooc.id, pass_threshold=Decimal(70))
    db.session.add(quiz)
    db.session.flush()
    db.session.add(Attempt(quiz_id=quiz.id, user_id=second.id, number=1, status="pending"))
    db.session.add(
        PhaseCompletion(user_id=first.id, phase_id=mooc.id, source="exception", reason="Sakit, surat dokter")
    )
    db.session.flush()

    ready = readiness(angkatan.id)
    assert not ready.ready
    assert [(b.name, b.detail) for b in ready.blockers_of("nilai")] == [("Rudi Hartono", "Seminar aktualisasi")]
    assert [b.user_id for b in ready.blockers_of("kehadiran")] == [late.id]
    assert [(b.user_id, b.detail) for b in ready.blockers_of("esai")] == [
        (second.id, "Evaluasi esai: esai menunggu penilaian")
    ]
    assert [row.participant.user_id for row in ready.not_passing] == [failing.id]
    assert [n.user_id for n in ready.notes] == [first.id] and "Sakit, surat dokter" in ready.notes[0].detail
    with pytest.raises(Refused, match="masih ada 3 hal"):
        prepare_result(angkatan.id, coordinator.id)
    assert result_of(angkatan.id) is None


def test_an_angkatan_without_participants_cannot_be_prepared(kctx):
    angkatan = make_angkatan(make_instansi())
    ready = readiness(angkatan.id)
    assert [b.detail for b in ready.blockers_of("peserta")] == ["Angkatan ini belum memiliki peserta."]


def test_preparing_snapshots_the_recap_and_preparing_again_replaces_it(kctx):
    angkatan, (first, second, failing), coordinator, other, _head = graduating()
    result = prepare_result(angkatan.id, coordinator.id)
    db.session.commit()
    rows = {row.user_id: row for row in db.session.scalars(select(ResultRow))}
    assert rows[first.id].scores == {"akademik": "90", "seminar": "85"}
    assert rows[first.id].final == Decimal("87.00") and rows[first.id].band == "Memuaskan"
    assert rows[first.id].passes is True and rows[first.id].rank == 1 and rows[first.id].attendance == "100"
    assert rows[failing.id].passes is False and rows[failing.id].band == "Kurang memuaskan"
    assert "Seminar aktualisasi 55 di bawah batas 60" in rows[failing.id].reasons
    assert result.preparation == 1 and result.program_version_id is not None and not result.sealed
    assert participant_result(first) is None  # prepared is not ratified: the participant sees nothing yet

    score(second, seminar=95)
    again = prepare_result(angkatan.id, other.id)
    db.session.commit()
    assert again.preparation == 2 and again.prepared_by_id == other.id
    assert db.session.scalar(select(func.count()).select_from(ResultRow)) == 3
    replaced = _audits("kelulusan.prepare")
    assert len(replaced) == 2 and replaced[0].details["replaced"] is None
    assert replaced[1].details["replaced"] == {
        "preparation": 1,
        "version": result.program_version_id,
        "prepared_by": coordinator.id,
        "rows": 3,
    }
    second_row = db.session.scalar(select(ResultRow).where(ResultRow.user_id == second.id))
    assert second_row.score("seminar") == Decimal(95) and second_row.rank == 1


def test_a_stale_snapshot_cannot_be_ratified_until_prepared_again(kctx):
    angkatan, (first, _second, _failing), coordinator, _other, head = graduating()
    result = prepare_result(angkatan.id, coordinator.id)
    db.session.commit()
    assert stale_changes(result) == []
    score(first, seminar=70)
    changes = stale_changes(result)
    assert [(c.user_id, c.what, c.stored, c.now) for c in changes] == [
        (first.id, "Seminar aktualisasi", Decimal(85), Decimal(70))
    ]
    with pytest.raises(Refused, match="Nilai berubah sejak hasil disiapkan"):
        ratify(angkatan.id, result.preparation, head.id)
    late = make_participant(angkatan, name="Peserta Susulan")
    assert any(c.user_id == late.id for c in stale_changes(result))
    db.session.rollback()
    prepared = prepare_result(angkatan.id, coordinator.id)
    with pytest.raises(Refused, match="menyiapkan ulang"):
        ratify(angkatan.id, prepared.preparation - 1, head.id)  # the head reviewed the older preparation
    ratify(angkatan.id, prepared.preparation, head.id)
    db.session.commit()
    assert result_of(angkatan.id).sealed


def test_a_changed_program_pin_makes_the_snapshot_stale(kctx):
    angkatan, _people, coordinator, _other, head = graduating()
    result = prepare_result(angkatan.id, coordinator.id)
    newer = install_program(PROGRAM_V2, "Program uji v2")
    pin_version(angkatan.id, newer.id, actor_id=coordinator.id, reason="Pedoman baru berlaku")
    assert [c.what for c in stale_changes(result)] == [
        "Versi program yang diikuti angkatan berubah sejak hasil disiapkan"
    ]
    with pytest.raises(Refused):
        ratify(angkatan.id, result.preparation, head.id)


def test_ratification_happens_once_and_seals_the_result(kctx):
    angkatan, (first, _second, _failing), coordinator, _other, head = graduating()
    result = prepared_and_ratified(angkatan, coordinator, head)
    db.session.commit()
    assert result.ratified_by_id == head.id
    with pytest.raises(Refused, match="sudah disahkan"):
        ratify(angkatan.id, result.preparation, head.id)
    with pytest.raises(Refused, match="koreksi dua orang"):
        prepare_result(angkatan.id, coordinator.id)
    assert len(_audits("kelulusan.ratify")) == 1

    # The sources change afterwards: the sealed result does not; the drift is reported.
    score(first, seminar=40)
    sealed = sealed_results(angkatan.id)
    mine = next(row for row in sealed.rows if row.user_id == first.id)
    assert mine.row.final == Decimal("87.00") and mine.row.passes is True and not mine.corrected
    assert [(c.what, c.stored, c.now) for c in source_drift(angkatan.id)[first.id]] == [
        ("Seminar aktualisasi", Decimal(85), Decimal(40))
    ]
    assert participant_result(first).row.final == Decimal("87.00")


def test_the_database_refuses_to_change_a_sealed_result(kctx):
    angkatan, _people, coordinator, _other, head = graduating()
    prepared_and_ratified(angkatan, coordinator, head)
    db.session.commit()
    for statement in (
        "UPDATE kelulusan_rows SET final = 100",
        "DELETE FROM kelulusan_rows",
        "UPDATE kelulusan_results SET ratified_at = NULL",
        "DELETE FROM kelulusan_results",
    ):
        with pytest.raises(DatabaseError):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ResultRow)) == 3
    assert result_of(angkatan.id).sealed


def test_prepared_rows_may_be_replaced_but_never_updated(kctx):
    angkatan, _people, coordinator, _other, _head = graduating()
    prepare_result(angkatan.id, coordinator.id)
    db.session.commit()
    with pytest.raises(DatabaseError):
        db.session.execute(text("UPDATE kelulusan_rows SET final = 100"))
    db.session.rollback()
    prepare_result(angkatan.id, coordinator.id)  # deletes and writes the rows again
    db.session.commit()
    assert result_of(angkatan.id).preparation == 2
