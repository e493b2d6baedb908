"""phase_access: the one answer every feature asks for "is this phase open for this user, and if not why"."""

from datetime import timedelta

from sqlalchemy import select

from lms.auth.models import Role
from lms.core.extensions import db
from lms.phases.models import Phase, PhaseCompletion
from lms.phases.progress import phase_access, states_for_participant
from tests.factories import make_angkatan, make_instansi, make_participant, make_user, wib_today


def _world(opens_in_days: int = -3):
    angkatan = make_angkatan(make_instansi(), schedule_start=wib_today() + timedelta(days=opens_in_days))
    phases = {p.code: p for p in db.session.scalars(select(Phase))}
    phases["mooc"].requires_completion = True
    db.session.flush()
    return angkatan, phases


def test_staff_pass_every_phase_without_a_state(ctx):
    _angkatan, phases = _world(opens_in_days=30)
    for role in (Role.INSTRUCTOR, Role.COORDINATOR, Role.ADMIN):
        access = phase_access(make_user(role), phase_id=phases["pjj"].id)
        assert access.open and access.state is None and access.reason == ""


def test_a_participant_without_an_enrolment_is_refused(ctx):
    _angkatan, phases = _world()
    access = phase_access(make_user(Role.PARTICIPANT), phase_id=phases["mooc"].id)
    assert not access.open and access.state is None


def test_the_open_phase_by_id_or_by_code(ctx):
    angkatan, phases = _world()
    participant = make_participant(angkatan)
    by_id = phase_access(participant, phase_id=phases["mooc"].id)
    by_code = phase_access(participant, code="mooc")
    assert by_id.open and by_code.open
    assert by_id.state.facts.phase_id == by_code.state.facts.phase_id == phases["mooc"].id


def test_a_gated_phase_says_why_and_opens_once_the_one_before_is_completed(ctx):
    angkatan, phases = _world()
    for phase in phases.values():  # every phase's dates have come, so only the gate can hold PJJ shut
        schedule = next(s for s in angkatan.schedule if s.phase_id == phase.id)
        schedule.opens_on = wib_today() - timedelta(days=1)
    participant = make_participant(angkatan)
    db.session.flush()
    locked = phase_access(participant, code="pjj", explain=True)
    assert not locked.open
    assert locked.reason  # worded for the lock page
    db.session.add(PhaseCompletion(user_id=participant.id, phase_id=phases["mooc"].id, source="exception"))
    db.session.flush()
    assert phase_access(participant, code="pjj").open


def test_states_a_page_has_loaded_are_reused(ctx, count_queries):
    angkatan, phases = _world()
    participant = make_participant(angkatan)
    states = states_for_participant(participant.enrolment)
    with count_queries() as counter:
        access = phase_access(participant, code="mooc", states=states)
    assert access.open and counter.count == 0
