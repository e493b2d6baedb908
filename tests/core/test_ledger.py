"""The score ledger's chain (lms.core.ledger): the canonical form, entries chained at the commit of the change they
record, dropped with a rolled-back transaction or savepoint, never updated or deleted, a score change refused
without its entry, and a failed append rolling the score change back, on SQLite and PostgreSQL."""

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from lms.core import audit, ledger, ledger_readers
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.phases.models import Phase, PhaseCompletion
from lms.quiz.completion import grant_exception
from tests.factories import make_angkatan, make_coordinator, make_instansi, make_participant
from tests.helpers.ledger import edit_database, entries, ledger_insert_fails

REASON = "Dirawat di rumah sakit, surat dokter terlampir"


def test_values_are_canonical_json_with_decimals_as_one_text_each():
    values = {"score": Decimal("80.00"), "levels": [Decimal("2.50"), "4"], "passed": True, "note": None, "nama": "Ṡiti"}
    assert ledger.canonical(values) == '{"levels":["2.5","4"],"nama":"Ṡiti","note":null,"passed":true,"score":"80"}'
    assert ledger.canonical({"score": Decimal("1E+2")}) == ledger.canonical({"score": Decimal("100.00")})
    assert ledger.decimal_text(Decimal("0.00")) == "0"
    with pytest.raises(TypeError):
        ledger.canonical({"score": 80.5})  # a float has no one text


def test_the_content_hashed_is_the_canonical_json_of_the_whole_entry():
    at = datetime(2026, 12, 7, 3, 15, 4, 123456, tzinfo=UTC)
    values = ledger.canonical({"score": Decimal("75.50"), "status": "graded"})
    assert ledger.time_text(at) == "2026-12-07T03:15:04.123456+00:00"
    assert ledger.time_text(at.astimezone(timezone(timedelta(hours=7)))) == ledger.time_text(at)  # WIB, the same moment
    content = ledger.entry_content(7, ledger.time_text(at), "attempt.graded", "attempt", 'a"b\\c', 5, None, values)
    assert content == json.dumps(
        {
            "actor": None,
            "at": "2026-12-07T03:15:04.123456+00:00",
            "kind": "attempt.graded",
            "object": {"id": 'a"b\\c', "type": "attempt"},
            "participant": 5,
            "seq": 7,
            "values": {"score": "75.5", "status": "graded"},
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    assert ledger.entry_content(7, "t", "k", "t", "1", None, None, None).endswith('"values":null}')


def test_entries_are_written_at_the_commit_chained_to_the_one_before(ctx):
    assert ledger.head() == ledger.Head(0, ledger.GENESIS, None)
    ledger.append("test.one", "thing", 1, participant_id=5, values={"score": Decimal("70")}, actor_id=9)
    ledger.append("test.two", "thing", 2, participant_id=6, values=None)
    assert db.session.scalar(select(func.count()).select_from(ledger.LedgerEntry)) == 0  # queued until the commit
    db.session.commit()
    ledger.append("test.three", "thing", 1, participant_id=5, values={"score": Decimal("90")})
    db.session.commit()
    rows = db.session.scalars(select(ledger.LedgerEntry).order_by(ledger.LedgerEntry.seq)).all()
    assert [(r.seq, r.kind, r.object_id, r.values_json) for r in rows] == [
        (1, "test.one", "1", '{"score":"70"}'),
        (2, "test.two", "2", None),
        (3, "test.three", "1", '{"score":"90"}'),
    ]
    prev = ledger.GENESIS
    for row in rows:
        assert row.prev_hash == prev
        at = ledger.time_text(row.at)
        content = ledger.entry_content(
            row.seq, at, row.kind, row.object_type, row.object_id, row.participant_id, row.actor_id, row.values_json
        )
        assert row.hash == ledger.chain_hash(prev, content) and len(row.hash) == 64
        prev = row.hash
    assert ledger.head() == ledger.Head(3, rows[-1].hash, rows[-1].at)


def test_a_rolled_back_transaction_or_savepoint_drops_what_it_queued(ctx):
    ledger.append("test.lost", "thing", 1, participant_id=1, values={"n": 1})
    db.session.rollback()
    ledger.append("test.kept", "thing", 2, participant_id=1, values={"n": 2})
    savepoint = db.session.begin_nested()
    ledger.append("test.undone", "thing", 3, participant_id=1, values={"n": 3})
    savepoint.rollback()
    with db.session.begin_nested():  # a released savepoint keeps its entries
        ledger.append("test.released", "thing", 4, participant_id=1, values={"n": 4})
    db.session.commit()
    assert db.session.scalars(select(ledger.LedgerEntry.kind).order_by(ledger.LedgerEntry.seq)).all() == [
        "test.kept",
        "test.released",
    ]


def test_an_audited_score_change_without_its_ledger_entry_is_refused(ctx):
    participant = make_participant(make_angkatan(make_instansi())).id
    db.session.commit()
    audit.record("attempt.graded", "attempt", 1, subject_user_id=participant, score="100.00")
    with pytest.raises(ledger.LedgerEntryMissing, match="attempt.graded"):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0
    audit.record("attempt.graded", "attempt", 1, subject_user_id=participant, score="100.00")
    ledger.append("attempt.graded", "attempt", 1, participant_id=participant + 1, values={"score": Decimal(100)})
    with pytest.raises(ledger.LedgerEntryMissing):  # someone else's entry is not this change's
        db.session.commit()
    db.session.rollback()
    audit.record("attempt.graded", "attempt", 1, subject_user_id=participant, score="100.00")
    ledger.append("attempt.graded", "attempt", 1, participant_id=participant, values={"score": Decimal(100)})
    audit.record("password.change", "user", participant, subject_user_id=participant)  # not a score: no entry
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 2


def test_ledger_rows_are_never_updated_or_deleted(app):
    with app.app_context():
        ledger.append("test.one", "thing", 1, participant_id=1, values={"n": 1})
        db.session.commit()
        row = db.session.get(ledger.LedgerEntry, 1)
        row.values_json = '{"n":2}'
        with pytest.raises(ledger.LedgerIsAppendOnly):
            db.session.commit()
        db.session.rollback()
    for sql in ("UPDATE score_ledger SET values_json = '{}'", "DELETE FROM score_ledger"):
        with pytest.raises(DBAPIError, match="append-only"):
            edit_database(app, sql)
    assert [e.values_json for e in entries(app)] == ['{"n":1}']


def _exception_world(app) -> tuple[int, int, int]:
    with app.app_context():
        instansi = make_instansi()
        participant = make_participant(make_angkatan(instansi))
        coordinator = make_coordinator(instansi)
        mooc = db.session.scalar(select(Phase.id).where(Phase.code == "mooc"))
        db.session.commit()
        return participant.id, coordinator.id, mooc


def test_a_failed_append_rolls_the_score_change_back(app):
    participant, coordinator, mooc = _exception_world(app)
    with ledger_insert_fails(app), app.app_context():
        assert grant_exception(participant, mooc, REASON, coordinator)
        with pytest.raises(DBAPIError, match="ledger down"):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(PhaseCompletion)) == 0  # never a result alone
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0
    assert entries(app) == []
    with app.app_context():  # the ledger back: the same change goes through, with its entry
        assert grant_exception(participant, mooc, REASON, coordinator)
        db.session.commit()
        assert db.session.scalar(select(PhaseCompletion.source)) == "exception"
    [entry] = entries(app)
    assert (entry.seq, entry.kind, entry.object_type, entry.object_id) == (
        1,
        "phase.exception",
        "phase_completion",
        f"{participant}:{mooc}",
    )
    assert (entry.participant_id, entry.actor_id, entry.values_json) == (
        participant,
        coordinator,
        '{"source":"exception"}',
    )


def test_an_error_while_chaining_rolls_the_score_change_back_too(app, monkeypatch):
    participant, coordinator, mooc = _exception_world(app)

    def broken(*_args):
        raise RuntimeError("hash unavailable")

    monkeypatch.setattr(ledger, "chain_hash", broken)
    with app.app_context():
        grant_exception(participant, mooc, REASON, coordinator)
        with pytest.raises(RuntimeError, match="hash unavailable"):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(PhaseCompletion)) == 0
        assert db.session.execute(text("SELECT count(*) FROM score_ledger")).scalar() == 0


def test_every_object_type_the_features_record_has_a_reader(app):
    with app.app_context():
        assert set(ledger_readers.readers()) == {
            "attempt",
            "essay_grade",
            "phase_result",
            "phase_completion",
            "task_grade",
            "seminar_score",
            "attendance_correction",
        }
