"""Failure drill: PostgreSQL stops under load, then comes back.

On a throwaway server that the test starts itself (never the shared one): while it is down,
/healthz answers 503 and every page the clear Indonesian 503 page (JSON for the quiz script); when
it is back the app recovers by itself (pool_pre_ping replaces the dead pooled connections), with no
restart, no acknowledged answer lost and no attempt duplicated or graded twice.
"""

import threading
import time

import pytest
from sqlalchemy import create_engine, text

from tests.ops.sitting import OUTAGE_MESSAGE, OUTAGE_TITLE, Ledger, Participant, is_outage_answer
from tests.ops.visitor import Visitor, question_state
from tests.ops.world import QUIZ, Records, prepare_database, production_settings

pytestmark = pytest.mark.ops

PARTICIPANTS = 6
DOWN_FOR = 2.0  # seconds of load against the stopped server
RECOVERY_TIMEOUT = 30


def create_database(server_url: str, name: str) -> None:
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def test_postgresql_outage_answers_503_and_recovers_by_itself(throwaway_postgres, fleet, tmp_path):
    pg = throwaway_postgres
    create_database(pg.url(), "lms")
    url = pg.url("lms")
    env = production_settings(url)
    prepare_database(env, tmp_path / "content")
    records = Records(url)
    try:
        people = records.make_people(PARTICIPANTS + 2)
        (server,) = fleet.start(env, workers=2)
        port = server.port
        ledger = Ledger()
        allowed = (*Participant.ALLOWED, 503)
        participants = [Participant(nip, people.password, [port], ledger, allowed) for nip in people.participants]
        observer = participants.pop()  # looks at pages while the others keep the server busy
        latecomer = participants.pop()  # presses "Mulai" while the database is down
        sittings = {}
        for participant in [*participants, observer, latecomer]:
            participant.login()
        for participant in [*participants, observer]:
            attempt_id = participant.start()
            sittings[participant] = (attempt_id, records.answer_key(attempt_id), records.wrong_key(attempt_id))
        observer_attempt = sittings[observer][0]
        question_path = observer.question_path(observer_attempt, 1)
        question_page = observer.visitor.get(port, question_path)
        rev, _shown = question_state(question_page.text)
        token = Participant._token(question_page.text)

        stop, failures = threading.Event(), []

        def change_answers(participant: Participant) -> None:
            """Switch every answer between wrong and right, over and over, through the outage."""
            attempt_id, right, wrong = sittings[participant]
            try:
                rounds = 0
                while not stop.is_set():
                    key = wrong if rounds % 2 == 0 else right
                    for position, choices in key.items():
                        participant.save(attempt_id, position, choices)
                    rounds += 1
            except Exception as exc:
                failures.append(f"{participant.nip}: {exc!r}")

        threads = [threading.Thread(target=change_answers, args=(p,), daemon=True) for p in participants]
        for thread in threads:
            thread.start()
        try:
            time.sleep(1.0)
            pg.stop("immediate")  # every connection dropped at once, mid-request for some
            try:
                _check_answers_while_down(port, observer.visitor, question_path, token, rev)
                refused = latecomer.visitor.request(
                    port, "POST", f"/evaluasi/{QUIZ}/mulai", form={"csrf_token": latecomer.token}
                )
                assert refused.status == 503 and is_outage_answer(refused), (refused.status, refused.text[:300])
                time.sleep(DOWN_FOR)
            finally:
                pg.start()
            started = time.monotonic()
            server.wait_until(lambda: server.healthz() == 200, RECOVERY_TIMEOUT, "no recovery after the restart")
            recovered_in = time.monotonic() - started
            time.sleep(1.0)  # the load goes on against the recovered database
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=90)
        assert not any(t.is_alive() for t in threads), "participants still blocked after the drill"
        assert not failures, failures

        # The participants met the outage, got only the 503 answer for it, and never a 500.
        assert ledger.statuses[503] >= 1, ledger.statuses
        assert not ledger.unexpected, ledger.unexpected[:3]
        # What the server acknowledged before, during and after the outage is what is saved.
        attempt_ids = [attempt_id for attempt_id, _r, _w in sittings.values()]
        assert ledger.check_saved(records.saved_choices(attempt_ids)) == []

        # Pages work again for the same logged-in sessions, with no restart of the app.
        home = observer.visitor.get(port, "/")
        assert home.status == 200 and "Keluar" in home.text

        # The latecomer presses "Mulai" again and gets one attempt (the refused press left nothing).
        attempt_id = latecomer.start()
        sittings[latecomer] = (attempt_id, records.answer_key(attempt_id), records.wrong_key(attempt_id))
        attempt_ids.append(attempt_id)

        # Everyone finishes: right answers, submit (twice: the button pressed again), graded once.
        for participant, (attempt_id, right, _wrong) in sittings.items():
            for position, choices in right.items():
                participant.save(attempt_id, position, choices)
            participant.submit(attempt_id)
            participant.submit(attempt_id)
        attempts = records.attempts(people.participants)
        assert sorted(a.id for a in attempts) == sorted(attempt_ids)  # one attempt each, none duplicated
        gradings = records.gradings()
        for attempt in attempts:
            assert (attempt.number, attempt.status, attempt.score) == (1, "graded", 100), attempt.id
            assert gradings.get(attempt.id) == 1, (attempt.id, gradings.get(attempt.id))
        print(f"recovered in {recovered_in:.1f} s; statuses={dict(ledger.statuses)} dropped={ledger.dropped}")
    finally:
        records.close()


def _check_answers_while_down(port: int, visitor: Visitor, question_path: str, token: str, rev: int) -> None:
    health = visitor.get(port, "/healthz", json=True)
    assert health.status == 503 and '"unavailable"' in health.text, (health.status, health.text)

    for path in ("/", question_path, f"/evaluasi/{QUIZ}", "/nilai"):
        page = visitor.get(port, path)
        assert page.status == 503, (path, page.status, page.text[:300])
        assert is_outage_answer(page), (path, page.text[:500])
        assert '<html lang="id">' in page.text and f"<h1>{OUTAGE_TITLE}</h1>" in page.text

    # The quiz script's autosave gets the same message as JSON, and shows it to the participant.
    saving = visitor.request(
        port, "POST", question_path, form={"csrf_token": token, "jawaban": ["1"], "rev": str(rev)}, json=True
    )
    assert saving.status == 503 and is_outage_answer(saving), (saving.status, saving.text[:300])

    # Someone logging in meanwhile: the form still shows (it needs no database), the login says 503.
    newcomer = Visitor("203.0.113.99")
    login = newcomer.login(port, "199001012019031001", "apa-saja-123")
    assert login.status == 503 and is_outage_answer(login), (login.status, login.text[:300])
    assert OUTAGE_MESSAGE in login.text
