"""The one rule of "needs attention today", on plain values: the scheduled phase locked after it opened, or
closed with its required evaluations not completed."""

from datetime import date, timedelta

from sqlalchemy import select

from lms.core.extensions import db
from lms.phases.attention import LATE, LOCKED, OPEN, scheduled_state, standing_today, standings
from lms.phases.gating import PhaseFacts, phase_states
from lms.phases.models import Phase, PhaseCompletion
from tests.factories import make_angkatan, make_instansi, make_participant, wib_today

TODAY = date(2026, 5, 4)


def _facts(mooc: tuple[int, int] | None, pjj: tuple[int, int] | None, mooc_done: bool = False) -> list[PhaseFacts]:
    def when(days):
        return (TODAY + timedelta(days=days[0]), TODAY + timedelta(days=days[1])) if days else (None, None)

    return [
        PhaseFacts(1, "mooc", "MOOC", 1, 48, True, *when(mooc), mooc_done),
        PhaseFacts(2, "pjj", "PJJ", 2, 217, False, *when(pjj), False),
    ]


def _standing(facts):
    return standing_today(phase_states(facts, TODAY), TODAY)


def test_an_open_phase_on_schedule_needs_nothing(app):
    with app.test_request_context():
        standing = _standing(_facts((-3, 10), (11, 30)))
        assert (standing.phase_name, standing.status, standing.attention) == ("MOOC", OPEN, None)


def test_a_phase_locked_after_it_opened_needs_attention_with_the_lock_reason(app):
    with app.test_request_context():
        standing = _standing(_facts((-30, -10), (-9, 10)))
        assert (standing.phase_name, standing.status) == ("PJJ", LOCKED)
        assert "sudah dibuka" in standing.attention and "MOOC" in standing.reason


def test_a_phase_not_yet_open_is_locked_but_needs_nothing(app):
    with app.test_request_context():
        standing = _standing(_facts((3, 10), (11, 30)))
        assert (standing.phase_name, standing.status, standing.attention) == ("MOOC", LOCKED, None)
        assert standing.reason  # "Fase ini dibuka pada ..."


def test_a_closed_gated_phase_not_completed_is_late_and_completed_is_not(app):
    with app.test_request_context():
        late = _standing(_facts((-20, -1), (5, 20)))
        assert (late.phase_name, late.status) == ("MOOC", LATE) and "ditutup" in late.attention
        done = _standing(_facts((-20, -1), (5, 20), mooc_done=True))
        assert (done.status, done.attention) == (OPEN, None)


def test_without_a_schedule_the_first_phase_is_shown_locked(app):
    with app.test_request_context():
        states = phase_states(_facts(None, None), TODAY)
        assert scheduled_state(states, TODAY).facts.code == "mooc"
        assert _standing(_facts(None, None)).status == LOCKED
        assert standing_today([], TODAY).state is None


def test_many_participants_standing_alike_share_one_standing_and_each_gets_their_own(app):
    """standings() words each (angkatan, phases completed) once: the instansi viewer's home at hundreds of
    employees; each participant still stands by their own completions and their angkatan's schedule."""
    with app.test_request_context():
        today = wib_today()
        mooc = db.session.scalar(select(Phase).where(Phase.code == "mooc"))
        mooc.requires_completion = True
        instansi = make_instansi()
        closed = make_angkatan(instansi, schedule=[(today - timedelta(days=20), today - timedelta(days=1))])
        running = make_angkatan(instansi, schedule=[(today - timedelta(days=3), today + timedelta(days=10))])
        late_a, late_b, done, fresh = (make_participant(a) for a in (closed, closed, closed, running))
        db.session.add(PhaseCompletion(user_id=done.id, phase_id=mooc.id, source="quiz"))
        db.session.flush()
        found = standings([p.enrolment for p in (late_a, late_b, done, fresh)])
        a, b, c, d = (found[p.enrolment.id] for p in (late_a, late_b, done, fresh))
        assert a is b and a.status == LATE and "ditutup" in a.attention
        assert c is not a and (c.phase_name, c.status, c.attention) == ("MOOC", OPEN, None)  # completed, not late
        assert d is not a and (d.phase_name, d.status, d.attention) == ("MOOC", OPEN, None)
