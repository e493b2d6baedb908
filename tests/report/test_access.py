"""Who may open a participant's report, with real requests: the participant edits; their coach and mentor
review; the coordinator of the lembaga and the penguji of the seminar aktualisasi read; everyone else 404."""

import pytest
from sqlalchemy import func, select

from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.report.models import AktualisasiReport
from lms.report.workflow import TRANSITIONS
from tests.helpers.report import EDITOR, act, save
from tests.helpers.web import post

READERS = ("coach_a", "mentor_m", "coordinator", "akt_examiner")
OUTSIDERS = ("coach_b", "mentor_n", "teacher", "examiner", "other_coordinator", "viewer", "p2")


@pytest.fixture
def started(report_world):
    participant = report_world.client("p1")
    post(participant, f"{EDITOR}/mulai", token_from=EDITOR)
    for key in ("nilai", "dampak", "penutup"):
        save(participant, key, f"Isi bagian {key}.", 1)
    post(participant, f"{EDITOR}/ajukan", {"action": "submit", "state": "draft"}, token_from=EDITOR)
    return report_world


def test_each_reader_opens_the_report_page_and_no_one_else(started):
    p1 = started.ids["p1"]
    for who in READERS:
        response = started.client(who).get(f"{EDITOR}/{p1}")
        assert response.status_code == 200, who
        assert "no-store" in response.headers["Cache-Control"]
        assert "Rapat dengan kepala puskesmas" in response.get_data(as_text=True)
        assert started.client(who).get(f"{EDITOR}/{p1}/bukti/1").status_code == 200, who
    for who in OUTSIDERS:
        for url in (f"{EDITOR}/{p1}", f"{EDITOR}/{p1}/bukti/1"):
            assert started.client(who).get(url).status_code == 404, (who, url)
    assert started.client("p1").get(f"{EDITOR}/{p1}").headers["Location"].endswith(EDITOR)


def test_only_the_coach_and_mentor_see_the_review_buttons(started):
    p1 = started.ids["p1"]
    assert "Tandai sudah diperiksa" in started.client("coach_a").get(f"{EDITOR}/{p1}").get_data(as_text=True)
    for who in ("mentor_m", "coordinator", "akt_examiner"):
        assert "Tandai sudah diperiksa" not in started.client(who).get(f"{EDITOR}/{p1}").get_data(as_text=True)


@pytest.mark.parametrize("who", ["coordinator", "akt_examiner", "p1"])
def test_readers_and_the_participant_cannot_review(started, who):
    assert act(started.client(who), started.ids["p1"], "check", "submitted").status_code == 403


@pytest.mark.parametrize("who", ["coach_a", "mentor_m", "coordinator", "akt_examiner"])
@pytest.mark.parametrize("action", ["score", "schedule_seminar", "approve_plan"])
def test_the_seminar_is_never_scored_from_the_report_page(started, who, action):
    """The report's workflow ends at the mentor's approval: the seminar aktualisasi's score lives in the seminar
    (lms.seminar.scoring), and a crafted seminar action on the report page is refused with nothing changed."""
    assert not any(t.action in ("score", "schedule_seminar") or t.next_state == "scored" for t in TRANSITIONS)
    with started.app.app_context():
        before = db.session.scalar(select(func.count(AuditEntry.id)))
    assert act(started.client(who), started.ids["p1"], action, "submitted").status_code == 403
    with started.app.app_context():
        state = db.session.scalar(select(AktualisasiReport.state).where(AktualisasiReport.user_id == started.ids["p1"]))
        assert state == "submitted"
        assert db.session.scalar(select(func.count(AuditEntry.id))) == before


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_act(started, who):
    assert act(started.client(who), started.ids["p1"], "check", "submitted").status_code == 404


def test_only_the_participant_edits(started):
    # Staff never reach the editor's forms (the participant's own pages refuse every other role).
    for who in ("coach_a", "mentor_m", "coordinator"):
        client = started.client(who)
        assert client.get(EDITOR).status_code == 403
    # The participant edits nothing while the coach holds the report.
    participant = started.client("p1")
    refused = save(participant, "penutup", "Diubah saat diperiksa.", 2)
    assert refused.status_code == 302
    assert "tidak dapat diubah sekarang" in participant.get(EDITOR).get_data(as_text=True)


def test_a_section_that_does_not_exist_is_404(started):
    assert save(started.client("p1"), "lampiran", "x", 1).status_code == 404
