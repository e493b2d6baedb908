"""Scoring with real requests (CSRF on): drafts, the one submission that locks, the plan moved to 'scored',
the refusals (double submit, a second tab, forged points, a participant not in the seminar, a coach scoring
someone not theirs), the coordinator's reopen, and the result the participant sees."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.aktualisasi.models import Plan
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.seminar import scheduling
from lms.seminar.models import SeminarScore
from tests.helpers.report import report_approved_by_mentor
from tests.helpers.web import post
from tests.plugins.seminar import STARTS, new_seminar

ALL_TOP = {"kriteria-0": "4", "kriteria-1": "4", "kriteria-2": "4", "kriteria-3": "4"}


@pytest.fixture
def placed(seminar_world):
    """p1 placed in seminar S (penguji P), p2 in seminar R (penguji Q)."""
    with seminar_world.app.app_context():
        from lms.people.models import Enrolment

        for seminar_key, enrolment_key in (("seminar", "e1"), ("other_seminar", "e2")):
            scheduling.add_participant(
                seminar_world.seminar(seminar_world.ids[seminar_key]),
                db.session.get(Enrolment, seminar_world.ids[enrolment_key]),
                actor_id=seminar_world.ids["coordinator"],
            )
        db.session.commit()
    return seminar_world


def _url(world, enrolment="e1", seminar="seminar"):
    return f"/seminar/{world.ids[seminar]}/penilaian/{world.ids[enrolment]}"


def _score(client, url, data, action):
    return post(client, url, {**data, "notes": "Paparan jelas.", "action": action}, token_from=url)


def _scores(world):
    with world.app.app_context():
        return db.session.execute(select(SeminarScore.role, SeminarScore.score, SeminarScore.submitted_at)).all()


def test_draft_then_submit_locks_and_moves_the_plan(placed):
    penguji, url = placed.client("penguji"), _url(placed)
    assert "Siti Rahmawati" in penguji.get(f"/seminar/{placed.ids['seminar']}/penilaian").get_data(as_text=True)
    assert penguji.get(url).status_code == 200
    draft = _score(penguji, url, {"kriteria-0": "3"}, "draf")
    assert draft.status_code == 302
    [(role, score, submitted)] = _scores(placed)
    assert role == "penguji" and score is None and submitted is None
    page = penguji.get(url).get_data(as_text=True)
    assert 'value="3" checked' in page and "Paparan jelas." in page
    incomplete = _score(penguji, url, {"kriteria-0": "3"}, "kirim")
    assert incomplete.status_code == 422 and "Pilih level untuk kriteria" in incomplete.get_data(as_text=True)
    assert _score(penguji, url, ALL_TOP, "kirim").status_code == 302
    [(_role, score, submitted)] = _scores(placed)
    assert score == 100 and submitted is not None
    with placed.app.app_context():
        assert db.session.scalar(select(Plan.state).where(Plan.user_id == placed.ids["p1"])) == "scored"
        actions = list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("seminar.%"))))
        assert actions[-2:] == ["seminar.draft", "seminar.submit"]
    shown = penguji.get(url).get_data(as_text=True)
    assert "terkunci" in shown and "Sahkan atau minta revisi" in shown
    # the plan page now offers the penguji's decision
    plan_page = penguji.get(f"/aktualisasi/peserta/{placed.ids['p1']}").get_data(as_text=True)
    assert "Sahkan rancangan" in plan_page


def test_a_second_submit_or_an_edit_after_submitting_is_refused(placed):
    penguji, url = placed.client("penguji"), _url(placed)
    second_tab = placed.client("penguji")
    second_tab.get(url)  # opened before the first tab submitted
    assert _score(penguji, url, ALL_TOP, "kirim").status_code == 302
    again = _score(penguji, url, ALL_TOP, "kirim")
    assert again.status_code == 409 and "sudah dikirim dan terkunci" in again.get_data(as_text=True)
    lower = {**ALL_TOP, "kriteria-0": "1"}
    stale = post(second_tab, url, {**lower, "notes": "Tab kedua", "action": "draf"}, token_from="/")
    assert stale.status_code == 409
    assert "Tab kedua" in stale.get_data(as_text=True)  # what was typed is kept on the page
    [(_role, score, _submitted)] = _scores(placed)
    assert score == 100
    with placed.app.app_context():
        submits = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "seminar.submit")).all()
        assert len(submits) == 1


FORGED = [{"kriteria-0": "5"}, {"kriteria-0": "2.5"}, {"kriteria-9": "1"}, {"kriteria-x": "1"}]


@pytest.mark.parametrize("forged", FORGED)
def test_forged_points_are_refused_not_clipped(placed, forged):
    penguji, url = placed.client("penguji"), _url(placed)
    response = _score(penguji, url, {**ALL_TOP, **forged}, "kirim")
    assert response.status_code == 422
    assert _scores(placed) == []


def test_a_penguji_cannot_score_a_participant_not_in_their_seminar(placed):
    # Q examines R (p2); p1 is in S
    other = placed.client("other_penguji")
    assert other.get(_url(placed, "e1", "seminar")).status_code == 404
    assert other.get(_url(placed, "e1", "other_seminar")).status_code == 404
    assert _score(other, _url(placed, "e1", "other_seminar"), ALL_TOP, "kirim").status_code == 404
    assert placed.client("penguji").get(_url(placed, "e2", "seminar")).status_code == 404
    assert placed.client("coordinator").get(_url(placed)).status_code == 403
    assert placed.client("p1").get(_url(placed)).status_code == 403
    assert _scores(placed) == []


def test_coach_and_mentor_score_their_own_at_the_seminar_aktualisasi(placed):
    with placed.app.app_context():
        from lms.people.models import Enrolment

        ids = placed.ids
        later = STARTS + timedelta(days=40)
        seminar = new_seminar(ids["angkatan"], "aktualisasi", ids["penguji"], ids["coordinator"], later)
        for key, person, coach, mentor in (("e1", "p1", "coach_a", "mentor_m"), ("e2", "p2", "coach_b", "mentor_n")):
            enrolment = db.session.get(Enrolment, ids[key])
            report_approved_by_mentor(ids[person], ids[coach], ids[mentor], ids["penguji"])
            scheduling.add_participant(seminar, enrolment, actor_id=ids["coordinator"])
        db.session.commit()
        seminar_id = seminar.id
    url1 = f"/seminar/{seminar_id}/penilaian/{placed.ids['e1']}"
    url2 = f"/seminar/{seminar_id}/penilaian/{placed.ids['e2']}"
    top = {"kriteria-0": "4", "kriteria-1": "4", "kriteria-2": "4"}
    low = {"kriteria-0": "2", "kriteria-1": "2", "kriteria-2": "2"}
    coach_a = placed.client("coach_a")
    assert coach_a.get(url2).status_code == 404  # coach B's participant
    assert _score(coach_a, url2, top, "kirim").status_code == 404
    listing = coach_a.get(f"/seminar/{seminar_id}/penilaian").get_data(as_text=True)
    assert "Siti Rahmawati" in listing and "Budi Santoso" not in listing
    report_url = f"/aktualisasi/laporan/{placed.ids['p1']}"
    assert f'href="{report_url}"' in placed.client("penguji").get(url1).get_data(as_text=True)
    assert _score(coach_a, url1, top, "kirim").status_code == 302
    assert _score(placed.client("mentor_m"), url1, top, "kirim").status_code == 302
    assert placed.client("mentor_m").get("/seminar/saya").status_code == 200
    home = placed.client("p1").get("/").get_data(as_text=True)
    assert "Nilai seminar Anda" not in home  # the penguji has not submitted yet
    assert _score(placed.client("penguji"), url1, low, "kirim").status_code == 302
    home = placed.client("p1").get("/").get_data(as_text=True)
    assert "Nilai seminar Anda: 83,33" in home  # (100 + 100 + 50) / 3
    sheet = placed.client("coordinator").get(f"/seminar/{seminar_id}").get_data(as_text=True)
    assert "Selisih penilai 50 poin" in sheet and "83,33" in sheet
    assert "Menunggu: Penguji, Coach, Mentor" in sheet  # p2: nobody scored yet


def test_the_coordinator_reopens_with_a_reason(placed):
    penguji, url = placed.client("penguji"), _url(placed)
    assert _score(penguji, url, ALL_TOP, "kirim").status_code == 302
    coordinator = placed.client("coordinator")
    manage = f"/seminar/{placed.ids['seminar']}"
    reopen = f"{manage}/peserta/{placed.ids['e1']}/buka"
    assert post(coordinator, reopen, {"role": "penguji", "reason": ""}, token_from=manage).status_code == 422
    reason = {"role": "penguji", "reason": "Salah pilih level"}
    assert post(coordinator, reopen, reason, token_from=manage).status_code == 302
    assert post(penguji, reopen, reason, token_from="/").status_code == 403
    assert _score(penguji, url, {**ALL_TOP, "kriteria-3": "3"}, "kirim").status_code == 302
    [(_role, score, submitted)] = _scores(placed)
    assert score == 97.5 and submitted is not None
    with placed.app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "seminar.reopen")).one()
        assert entry.reason == "Salah pilih level" and entry.details["old_score"] == "100.00"
        # the plan moved to 'scored' once, at the first submission
        assert db.session.scalar(select(Plan.state).where(Plan.user_id == placed.ids["p1"])) == "scored"
