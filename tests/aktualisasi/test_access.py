"""Who may open and act on a participant's plan: every refused pair probed with real requests (CSRF on)."""

import pytest
from sqlalchemy import select

from lms.aktualisasi.models import Plan
from lms.core.extensions import db
from lms.core.security_events import ACCESS_HIDDEN, SecurityEvent
from tests.helpers.aktualisasi import EDITOR, act, write_complete_plan


@pytest.fixture
def submitted(plan_world):
    """p1 and p2 have both submitted a complete plan."""
    for who in ("p1", "p2"):
        client = plan_world.client(who)
        write_complete_plan(client)
        assert act(client, f"{EDITOR}/ajukan", "submit", "draft").status_code == 302
    return plan_world


def _state(world, who: str) -> str:
    with world.app.app_context():
        return db.session.scalar(select(Plan.state).where(Plan.user_id == world.ids[who]))


def _hidden(world) -> int:
    with world.app.app_context():
        return len(db.session.scalars(select(SecurityEvent).where(SecurityEvent.kind == ACCESS_HIDDEN)).all())


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coach_b", 404),  # coach B on coach A's participant
        ("mentor_n", 404),  # a mentor on a non-mentee
        ("p2", 404),  # a participant on another's plan
        ("teacher", 404),  # teaches the angkatan, no part in this plan
        ("other_coordinator", 404),  # another lembaga's coordinator
        ("viewer", 403),  # an instansi viewer: not plans
    ],
)
def test_outsiders_neither_read_nor_act_on_a_plan(submitted, who, status):
    client, p1 = submitted.client(who), submitted.ids["p1"]
    before = _hidden(submitted)
    for url in (f"/aktualisasi/peserta/{p1}", f"/aktualisasi/peserta/{p1}/versi", f"/aktualisasi/peserta/{p1}/versi/1"):
        assert client.get(url).status_code == status, url
    refused = act(client, f"/aktualisasi/peserta/{p1}/tindakan", "accept", "submitted")
    assert refused.status_code == status
    assert _state(submitted, "p1") == "submitted"
    if status == 404:  # each recorded as a refusal, not a miss: 3 pages, the page act() read its token from, the POST
        assert _hidden(submitted) - before == 5


@pytest.mark.parametrize("who", ["p1", "coach_a", "mentor_m", "examiner", "coordinator"])
def test_the_people_of_the_plan_read_it(submitted, who):
    response = submitted.client(who).get(f"/aktualisasi/peserta/{submitted.ids['p1']}", follow_redirects=True)
    assert response.status_code == 200
    assert "Antrean pendaftaran pasien" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("who", "action", "shown"),
    [
        ("mentor_m", "approve", "submitted"),  # the mentor before the coach has accepted
        ("mentor_m", "accept", "submitted"),  # the coach's action by the mentor
        ("examiner", "accept", "submitted"),  # a penguji is no coach
        ("coordinator", "accept", "submitted"),
        ("coordinator", "schedule_seminar", "submitted"),  # right person, wrong state
        ("coach_a", "approve", "submitted"),  # the mentor's action by the coach
    ],
)
def test_transitions_by_the_wrong_role_or_in_the_wrong_state_change_nothing(submitted, who, action, shown):
    response = act(submitted.client(who), f"/aktualisasi/peserta/{submitted.ids['p1']}/tindakan", action, shown)
    assert response.status_code in (302, 403)
    if response.status_code == 302:  # right role, wrong state: a clear message
        assert response.headers["Location"].endswith(f"/aktualisasi/peserta/{submitted.ids['p1']}")
    assert _state(submitted, "p1") == "submitted"


def test_the_wrong_state_is_explained_in_indonesian(submitted):
    mentor = submitted.client("mentor_m")  # the mentor's own action, before the coach has accepted
    response = act(mentor, f"/aktualisasi/peserta/{submitted.ids['p1']}/tindakan", "approve", "submitted")
    html = mentor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tindakan itu tidak berlaku lagi: rancangan kini berstatus Diajukan ke coach." in html


def test_returning_needs_a_comment_and_keeps_what_was_typed(submitted):
    coach = submitted.client("coach_a")
    url = f"/aktualisasi/peserta/{submitted.ids['p1']}/tindakan"
    refused = act(coach, url, "return", "submitted", umum="   ")
    assert refused.status_code == 422 and "Tulis sedikitnya satu komentar" in refused.get_data(as_text=True)
    assert _state(submitted, "p1") == "submitted"


def test_the_participant_cannot_review_their_own_plan(submitted):
    response = act(
        submitted.client("p1"), f"/aktualisasi/peserta/{submitted.ids['p1']}/tindakan", "accept", "submitted"
    )
    assert response.status_code == 403
    assert _state(submitted, "p1") == "submitted"


def test_queues_list_only_ones_own_participants(submitted):
    coach_a = submitted.client("coach_a").get("/aktualisasi/antrean").get_data(as_text=True)
    assert "Siti Rahmawati" in coach_a and "Budi Santoso" not in coach_a
    assert submitted.client("viewer").get("/aktualisasi/antrean").status_code == 403
    assert submitted.client("p1").get("/aktualisasi/antrean").status_code == 403
