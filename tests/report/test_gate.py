"""The report as the gate to klasikal: the `report:` key of the `completion:` block, its words on the klasikal
lock page (real requests), and the mentor's approval completing Aktualisasi (lms.phases.completion)."""

from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from lms.core.extensions import db
from lms.people.models import Enrolment
from lms.phases.completion import unmet_requirements
from lms.phases.models import Phase, PhaseCompletion, PhaseSchedule
from lms.phases.requirements import CompletionRules, parse_completion_rules
from lms.report.gate import report_meets, report_unmet
from tests.factories import wib_today
from tests.helpers.report import EDITOR, act, save, submit
from tests.helpers.web import post

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


@pytest.mark.parametrize(
    "state, level, met",
    [
        (None, "checked_by_coach", False),
        ("draft", "checked_by_coach", False),
        ("submitted", "checked_by_coach", False),
        ("returned_by_mentor", "checked_by_coach", False),
        ("checked_by_coach", "checked_by_coach", True),
        ("approved_by_mentor", "checked_by_coach", True),
        ("checked_by_coach", "approved_by_mentor", False),
        ("approved_by_mentor", "approved_by_mentor", True),
    ],
)
def test_how_far_the_report_must_have_come(state, level, met):
    assert report_meets(state, level) is met


def test_the_words_say_what_the_report_lacks(request_context):
    assert report_unmet("approved_by_mentor", "approved_by_mentor", "Aktualisasi", for_staff=False) is None
    assert report_unmet(None, "approved_by_mentor", "Aktualisasi", for_staff=False) == (
        "Susun laporan aktualisasi Anda dan ajukan ke coach; fase berikutnya terbuka setelah laporan disetujui mentor."
    )
    assert report_unmet("submitted", "checked_by_coach", "Aktualisasi", for_staff=False) == (
        "Laporan aktualisasi Anda berstatus Diajukan ke coach; fase berikutnya terbuka setelah laporan diperiksa coach."
    )
    assert report_unmet("draft", "approved_by_mentor", "Aktualisasi", for_staff=True) == (
        "Laporan aktualisasi berstatus Draf; Aktualisasi menunggu laporan yang disetujui mentor."
    )


def test_the_report_key_is_validated():
    rules, problems = parse_completion_rules({"report": "approved_by_mentor"})
    assert problems == [] and rules.report == "approved_by_mentor"
    assert rules.as_dict() == {"report": "approved_by_mentor"}
    assert CompletionRules.from_dict({"report": "checked_by_coach"}).report == "checked_by_coach"
    rules, problems = parse_completion_rules({"report": True})
    assert rules.report is None
    assert problems == ["'completion.report' harus salah satu dari: checked_by_coach | approved_by_mentor."]


def test_the_shipped_aktualisasi_phase_asks_for_the_mentors_approval():
    text = (ROOT / "content" / "aktualisasi" / "phase.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---")[1])
    rules, problems = parse_completion_rules(front["completion"])
    assert problems == [] and rules.report == "approved_by_mentor"


def _gate_aktualisasi(app, p1: int) -> int:
    """Aktualisasi asks for the approved report; every phase of p1's angkatan opened a while ago."""
    with app.app_context():
        phase = db.session.scalar(select(Phase).where(Phase.code == "aktualisasi"))
        phase.completion_rules = {"report": "approved_by_mentor"}
        enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == p1))
        start = wib_today() - timedelta(days=80)
        for n, each in enumerate(db.session.scalars(select(Phase).order_by(Phase.position))):
            opens = start + timedelta(days=20 * n)
            db.session.add(
                PhaseSchedule(
                    angkatan_id=enrolment.angkatan_id, phase_id=each.id, opens_on=opens, closes_on=opens + timedelta(19)
                )
            )
        db.session.commit()
        return phase.id


def _lock_reason(client) -> str:
    html = client.get("/belajar/klasikal").get_data(as_text=True)
    return html if "Terkunci" in html else ""


def test_the_klasikal_lock_page_says_what_the_report_lacks_until_the_mentor_approves(report_world):
    app, ids = report_world.app, report_world.ids
    phase_id = _gate_aktualisasi(app, ids["p1"])
    participant, coach, mentor = (report_world.client(w) for w in ("p1", "coach_a", "mentor_m"))
    assert "Susun laporan aktualisasi Anda dan ajukan ke coach" in _lock_reason(participant)

    post(participant, f"{EDITOR}/mulai", token_from=EDITOR)
    assert "Laporan aktualisasi Anda berstatus Draf" in _lock_reason(participant)
    for key in ("nilai", "dampak", "penutup"):
        assert save(participant, key, f"Isi bagian {key}.", 1).status_code == 302
    submit(participant)
    act(coach, ids["p1"], "check", "submitted")
    assert "berstatus Diperiksa coach, menunggu mentor" in _lock_reason(participant)
    with app.test_request_context():
        assert unmet_requirements(ids["p1"], phase_id) == [
            "Laporan aktualisasi berstatus Diperiksa coach, menunggu mentor; Aktualisasi menunggu laporan yang"
            " disetujui mentor."
        ]
    act(mentor, ids["p1"], "approve", "checked_by_coach")
    with app.app_context():
        done = db.session.scalars(select(PhaseCompletion.user_id).where(PhaseCompletion.phase_id == phase_id)).all()
    assert done == [ids["p1"]]
    assert _lock_reason(participant) == ""
    assert participant.get("/belajar/klasikal").status_code == 200


def test_the_coachs_check_is_enough_where_the_program_says_so(report_world):
    app, ids = report_world.app, report_world.ids
    phase_id = _gate_aktualisasi(app, ids["p1"])
    with app.app_context():
        db.session.get(Phase, phase_id).completion_rules = {"report": "checked_by_coach"}
        db.session.commit()
    participant, coach = report_world.client("p1"), report_world.client("coach_a")
    post(participant, f"{EDITOR}/mulai", token_from=EDITOR)
    for key in ("nilai", "dampak", "penutup"):
        save(participant, key, f"Isi bagian {key}.", 1)
    submit(participant)
    act(coach, ids["p1"], "check", "submitted")
    with app.app_context():
        assert (
            db.session.scalar(select(PhaseCompletion.user_id).where(PhaseCompletion.phase_id == phase_id)) == ids["p1"]
        )
