"""Failure drill: kill -9 gunicorn workers while participants save answers and submit attempts.

A killed worker takes its request with it: the client sees the connection drop and the database
rolls the worker's transaction back. Nothing acknowledged may be lost, no attempt may be graded
twice (one 'attempt.graded' audit entry each), and the master must bring the workers back.
Runs on SQLite (a killed worker may hold the write lock) and, when configured, on PostgreSQL.

Each round, every participant starts an attempt and answers it, then all submit together: one
worker is killed while the answers are being saved and one while the submits are in flight
(chosen among the workers that hold a client connection at that moment, so it dies mid-request).
"""

import os
import random
import signal
import threading
import time

import pytest

from tests.conftest import DATABASES
from tests.ops.sitting import Ledger, Participant
from tests.ops.world import Records, prepare_database, production_settings

pytestmark = pytest.mark.ops

WORKERS = 2
PARTICIPANTS = 8
ROUNDS = 3
BARRIER_TIMEOUT = 90  # seconds; generous for a loaded CI machine, but a hang still ends


@pytest.fixture(params=DATABASES)
def drill_database(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'lms.sqlite3'}"
    return request.getfixturevalue("ops_database")


def test_killed_workers_lose_no_answer_and_grade_nothing_twice(drill_database, fleet, tmp_path):
    env = production_settings(drill_database)
    prepare_database(env, tmp_path / "content", max_attempts=ROUNDS)
    records = Records(drill_database)
    try:
        people = records.make_people(PARTICIPANTS)
        (server,) = fleet.start(env, workers=WORKERS)
        ledger = Ledger()
        participants = [Participant(nip, people.password, [server.port], ledger) for nip in people.participants]
        for participant in participants:
            participant.login()

        # The main thread is a party too: it kills once everyone is answering, and once all submit.
        answering = threading.Barrier(PARTICIPANTS + 1, timeout=BARRIER_TIMEOUT)
        submitting = threading.Barrier(PARTICIPANTS + 1, timeout=BARRIER_TIMEOUT)
        failures = []

        def sit(participant: Participant) -> None:
            try:
                for _round in range(ROUNDS):
                    answering.wait()
                    attempt_id = participant.start()
                    for position, choices in records.answer_key(attempt_id).items():
                        participant.save(attempt_id, position, choices)
                    submitting.wait()
                    participant.submit(attempt_id)
            except Exception as exc:  # reported by the main thread; the barriers let the others go
                failures.append(f"{participant.nip}: {exc!r}")
                answering.abort()
                submitting.abort()

        threads = [threading.Thread(target=sit, args=(p,), daemon=True) for p in participants]
        for thread in threads:
            thread.start()
        killed = []

        def kill_one_in_flight() -> None:
            victim = server.busy_worker()
            if victim:
                os.kill(victim, signal.SIGKILL)  # a worker of the gunicorn master this test started
                killed.append(victim)

        try:
            for _round in range(ROUNDS):
                answering.wait()
                time.sleep(random.uniform(0.1, 0.4))
                kill_one_in_flight()
                submitting.wait()
                kill_one_in_flight()
        except threading.BrokenBarrierError:
            pass  # a participant failed: reported below
        finally:
            for thread in threads:
                thread.join(timeout=BARRIER_TIMEOUT)
        assert not failures, failures
        assert not any(t.is_alive() for t in threads), "participants still blocked after the drill"

        # The workers come back: as many as configured, none of them a killed one, the same master.
        assert len(killed) >= ROUNDS, f"only {len(killed)} kills landed on a busy worker"
        server.wait_until(
            lambda: len(server.worker_pids()) == WORKERS and not set(server.worker_pids()) & set(killed),
            timeout=40,
            what="workers not respawned",
        )
        assert server.healthz() == 200

        # The kills cut requests in flight, submits among them; no participant ever got a 500.
        assert ledger.dropped["submit"] >= 1, ledger.dropped
        assert not ledger.unexpected, ledger.unexpected[:3]

        attempts = records.attempts(people.participants)
        assert {a.id for a in attempts} == ledger.attempts
        assert len(attempts) == PARTICIPANTS * ROUNDS  # a retried "start" resumed; it never opened another
        gradings = records.gradings()
        for attempt in attempts:
            assert attempt.status == "graded", attempt.id
            assert gradings.get(attempt.id) == 1, (attempt.id, gradings.get(attempt.id))
            assert attempt.score == 100, (attempt.id, attempt.score)  # every answer made it into the grade
        assert ledger.check_saved(records.saved_choices(ledger.attempts)) == []
        print(f"killed {len(killed)} workers; dropped {dict(ledger.dropped)}; statuses {dict(ledger.statuses)}")
    finally:
        records.close()
