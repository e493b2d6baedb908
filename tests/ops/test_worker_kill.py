"""Failure drill: kill -9 gunicorn workers while participants save answers and submit attempts.

A killed worker takes its request with it: the client sees the connection drop and the database
rolls the worker's transaction back. Nothing acknowledged may be lost, no attempt may be graded
twice (one 'attempt.graded' audit entry each), and the master must bring the workers back.
Runs on SQLite (a killed worker may hold the write lock) and, when configured, on PostgreSQL.

Each round, every participant starts an attempt and answers it, then all submit together. Twice a
round, as everyone sends their first answer and as everyone submits, the drill holds the database
lock those requests need (tests/ops/locks.py) from the moment the participants are let go: the
requests wait inside the workers, the drill kills a worker that holds one, sees that request's
connection drop, and only then lets the lock go. No timing decides where a kill lands.
"""

import os
import signal
import threading
import time

import pytest

from tests.helpers.database import DATABASES
from tests.ops.locks import RequestBlocker
from tests.ops.sitting import Ledger, Participant
from tests.ops.world import Records, prepare_database, production_settings

pytestmark = pytest.mark.ops

WORKERS = 2
PARTICIPANTS = 8
ROUNDS = 3
BARRIER_TIMEOUT = 90  # seconds; generous for a loaded CI machine, but a hang still ends
IN_FLIGHT_TIMEOUT = 60  # seconds for a held request to reach a worker, and for its drop to be seen


@pytest.fixture(params=DATABASES)
def drill_database(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'lms.sqlite3'}"
    return request.getfixturevalue("ops_database")


def test_killed_workers_lose_no_answer_and_grade_nothing_twice(drill_database, fleet, tmp_path):
    env = production_settings(drill_database)
    prepare_database(env, tmp_path / "content", max_attempts=ROUNDS)
    records = Records(drill_database)
    blocker = RequestBlocker(drill_database)
    try:
        people = records.make_people(PARTICIPANTS)
        (server,) = fleet.start(env, workers=WORKERS)
        ledger = Ledger()
        participants = [Participant(nip, people.password, [server.port], ledger) for nip in people.participants]
        for participant in participants:
            participant.login()

        # The main thread is a party too. The lock is taken when the last party arrives, before anyone
        # is let go, so the first request each participant sends after `saving` and `submitting` waits.
        answering = threading.Barrier(PARTICIPANTS + 1, timeout=BARRIER_TIMEOUT)
        saving = threading.Barrier(PARTICIPANTS + 1, action=blocker.acquire, timeout=BARRIER_TIMEOUT)
        submitting = threading.Barrier(PARTICIPANTS + 1, action=blocker.acquire, timeout=BARRIER_TIMEOUT)
        barriers = (answering, saving, submitting)
        failures = []

        def sit(participant: Participant) -> None:
            try:
                for _round in range(ROUNDS):
                    answering.wait()
                    attempt_id = participant.start()
                    (first, first_choices), *rest = sorted(records.answer_key(attempt_id).items())
                    pending = participant.open_question(attempt_id, first, first_choices)
                    saving.wait()
                    participant.send_save(pending)
                    for position, choices in rest:
                        participant.save(attempt_id, position, choices)
                    submitting.wait()
                    participant.submit(attempt_id)
            except Exception as exc:  # reported by the main thread; the barriers let the others go
                failures.append(f"{participant.nip}: {exc!r}")
                for barrier in barriers:
                    barrier.abort()

        threads = [threading.Thread(target=sit, args=(p,), daemon=True) for p in participants]
        for thread in threads:
            thread.start()
        killed = []

        def kill_one_in_flight(what: str) -> None:
            """Kill a worker holding one of the requests the lock keeps waiting; see that request drop."""
            dropped_before = ledger.dropped[what]
            victim = server.busy_worker(timeout=IN_FLIGHT_TIMEOUT)
            assert victim, f"no worker took a {what} request within {IN_FLIGHT_TIMEOUT} s"
            os.kill(victim, signal.SIGKILL)  # a worker of the gunicorn master this test started
            killed.append(victim)
            wait_for(lambda: ledger.dropped[what] > dropped_before, f"the killed worker's {what} to drop")
            blocker.release()

        try:
            for _round in range(ROUNDS):
                answering.wait()
                saving.wait()
                kill_one_in_flight("save")
                submitting.wait()
                kill_one_in_flight("submit")
        except threading.BrokenBarrierError:
            pass  # a participant failed: reported below
        finally:
            blocker.release()
            for thread in threads:
                thread.join(timeout=BARRIER_TIMEOUT)
        assert not failures, failures
        assert not any(t.is_alive() for t in threads), "participants still blocked after the drill"

        # The workers come back: as many as configured, none of them a killed one, the same master.
        assert len(killed) == 2 * ROUNDS
        server.wait_until(
            lambda: len(server.worker_pids()) == WORKERS and not set(server.worker_pids()) & set(killed),
            timeout=40,
            what="workers not respawned",
        )
        assert server.healthz() == 200

        # Every kill cut a save or a submit in flight; no participant ever got a 500.
        assert ledger.dropped["save"] >= ROUNDS and ledger.dropped["submit"] >= ROUNDS, ledger.dropped
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
        blocker.release()
        records.close()


def wait_for(condition, what: str, timeout: float = IN_FLIGHT_TIMEOUT) -> None:
    """A bounded wait on a condition (polled), never a fixed sleep standing in for one."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)
