"""The report's versions with real requests: the list and one version as it was submitted (a later edit does not
change it), for the participant and their coach and mentor; others get a 404, a number that does not exist too."""

import pytest
from sqlalchemy import select

from lms.core.extensions import db
from lms.report.models import AktualisasiReport, ReportSection
from tests.helpers.report import EDITOR, act, save, submit
from tests.helpers.web import post

FIRST = "Waktu tunggu turun dari 40 ke 15 menit."
SECOND = "Waktu tunggu turun dari 40 ke 12 menit setelah papan jadwal dipasang."


def _sections(app, user_id) -> dict[str, ReportSection]:
    with app.app_context():
        rows = db.session.scalars(
            select(ReportSection)
            .join(AktualisasiReport, AktualisasiReport.id == ReportSection.report_id)
            .where(AktualisasiReport.user_id == user_id)
        ).all()
        db.session.expunge_all()
        return {s.key: s for s in rows}


@pytest.fixture
def returned_once(report_world):
    """p1's report submitted with FIRST as its impact, returned by coach A, then resubmitted with SECOND."""
    p1, p1_id = report_world.client("p1"), report_world.ids["p1"]
    assert post(p1, f"{EDITOR}/mulai", token_from=EDITOR).status_code == 302
    for key, section in _sections(report_world.app, p1_id).items():
        body = FIRST if key == "dampak" else (section.body or f"Isi bagian {key}.")
        assert save(p1, key, body, section.revision).status_code == 302
    assert submit(p1).status_code == 302
    coach = report_world.client("coach_a")
    assert act(coach, p1_id, "return", "submitted", dampak="Sebutkan sumber datanya.").status_code == 302
    dampak = _sections(report_world.app, p1_id)["dampak"]
    assert save(p1, "dampak", SECOND, dampak.revision).status_code == 302
    assert submit(p1, "returned_by_coach").status_code == 302
    return report_world


@pytest.mark.parametrize("who", ["p1", "coach_a", "mentor_m"])
def test_the_participant_coach_and_mentor_read_every_version_as_it_was(returned_once, who):
    client, p1_id = returned_once.client(who), returned_once.ids["p1"]
    listing = client.get(f"{EDITOR}/{p1_id}/versi")
    assert listing.status_code == 200
    page = listing.get_data(as_text=True)
    assert "Versi 1" in page and "Versi 2" in page
    first = client.get(f"{EDITOR}/{p1_id}/versi/1")
    assert first.status_code == 200 and FIRST in first.get_data(as_text=True)
    assert SECOND not in first.get_data(as_text=True)  # the later edit did not change the kept version
    assert SECOND in client.get(f"{EDITOR}/{p1_id}/versi/2").get_data(as_text=True)
    assert client.get(f"{EDITOR}/{p1_id}/versi/3").status_code == 404


@pytest.mark.parametrize("who", ["p2", "coach_b", "mentor_n", "other_coordinator", "teacher"])
def test_others_do_not_find_the_versions(returned_once, who):
    p1_id = returned_once.ids["p1"]
    client = returned_once.client(who)
    assert client.get(f"{EDITOR}/{p1_id}/versi").status_code == 404
    assert client.get(f"{EDITOR}/{p1_id}/versi/1").status_code == 404


def test_the_review_page_links_the_versions(returned_once):
    p1_id = returned_once.ids["p1"]
    page = returned_once.client("coach_a").get(f"{EDITOR}/{p1_id}").get_data(as_text=True)
    assert f'href="{EDITOR}/{p1_id}/versi"' in page
