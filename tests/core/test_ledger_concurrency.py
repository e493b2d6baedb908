"""Concurrent score changes never fork the chain: N attendance corrections committed at the same moment from N
threads give N entries numbered 1..N, each chained to the one before, and verify-ledger passes.

On PostgreSQL every thread has made its change and waits at a barrier, so all N commits (and their appends) race
for the chain's advisory lock at once. SQLite's writers are serialised from their first statement (BEGIN
IMMEDIATE), so there the threads only start together."""

import threading

from sqlalchemy import select

from lms.attendance.corrections import correct
from lms.attendance.models import AttendanceCorrection, TrainingSession
from lms.core.extensions import db
from tests.factories import make_angkatan, make_coordinator, make_instansi, make_participant, make_session
from tests.helpers.ledger import entries, verify

THREADS = 12


def test_concurrent_score_changes_give_one_chain_of_n_entries(app):
    with app.app_context():
        instansi = make_instansi()
        angkatan = make_angkatan(instansi)
        people = [make_participant(angkatan).id for _ in range(THREADS)]
        coordinator = make_coordinator(instansi).id
        session_id = make_session(angkatan).id
        db.session.commit()
        racing = db.engine.dialect.name == "postgresql"
    start, changed = threading.Barrier(THREADS), threading.Barrier(THREADS)
    errors = []

    def change(user_id: int) -> None:
        try:
            with app.app_context():
                start.wait(timeout=30)
                session = db.session.get(TrainingSession, session_id)
                correct(session, user_id, "izin", "Surat izin dinas", "alpa", coordinator)
                db.session.flush()
                if racing:
                    changed.wait(timeout=30)  # every change made and uncommitted: the commits race
                db.session.commit()
        except Exception as error:  # reported below, with the thread's participant
            errors.append((user_id, repr(error)))

    threads = [threading.Thread(target=change, args=(user_id,)) for user_id in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    written = entries(app)
    assert [e.seq for e in written] == list(range(1, THREADS + 1))
    assert sorted(e.participant_id for e in written) == sorted(people)
    assert [e.prev_hash for e in written[1:]] == [e.hash for e in written[:-1]]
    with app.app_context():
        assert len(db.session.scalars(select(AttendanceCorrection)).all()) == THREADS
    code, output = verify(app)
    assert code == 0, output
    assert f"Ledger: {THREADS} entri diperiksa" in output
