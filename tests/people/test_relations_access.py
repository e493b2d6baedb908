"""Coach, mentor and penguji see exactly their own participants: every pair probed with real requests."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.security_events import ACCESS_HIDDEN, SecurityEvent
from lms.people.models import SeminarExaminer
from tests.factories import make_angkatan, make_instansi, make_instructor, make_mentor, make_participant
from tests.helpers.web import client_for, csrf_token


@pytest.fixture
def people(app):
    """Two angkatan; coaches A and B, mentors M and N, a penguji X, none of them teaching either angkatan,
    and a widyaiswara T who teaches the first angkatan and coaches one participant of the second."""
    with app.app_context():
        instansi = make_instansi("Pemerintah Kota Tangerang")
        first, second = make_angkatan(instansi, 72), make_angkatan(instansi, 73)
        p1, p2, p3 = make_participant(first), make_participant(first), make_participant(second)
        coach_a, coach_b, examiner = make_instructor(), make_instructor(), make_instructor()
        teacher = make_instructor(first)
        p1.enrolment.coach_id, p2.enrolment.coach_id, p3.enrolment.coach_id = coach_a.id, coach_b.id, teacher.id
        mentor_m, mentor_n = make_mentor(p1, p2), make_mentor(p3)
        db.session.commit()
        ids = {k: v.id for k, v in dict(p1=p1, p2=p2, p3=p3, first=first, second=second).items()}
        staff = dict(coach_a=coach_a, coach_b=coach_b, examiner=examiner, teacher=teacher)
        nips = {k: v.nip for k, v in dict(staff, mentor_m=mentor_m, mentor_n=mentor_n).items()}
        return {**ids, **nips, "examiner_id": examiner.id, "p2_enrolment": p2.enrolment.id}


def _refusals(app) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(SecurityEvent.path).where(SecurityEvent.kind == ACCESS_HIDDEN).order_by(SecurityEvent.id)
            )
        )


def _probe(app, nip: str, own: list[int], others: list[int]) -> None:
    client = client_for(app, nip)
    before = len(_refusals(app))
    for user_id in own:
        response = client.get(f"/orang/peserta/{user_id}")
        assert response.status_code == 200, (nip, user_id)
        html = response.get_data(as_text=True)
        # read-only: none of the coordinator's forms
        for action in ("/pindah", "/status", "/atur-ulang", "/pembimbing", "/mentor/tautan"):
            assert f"/orang/peserta/{user_id}{action}" not in html
        assert response.headers["Cache-Control"] == "no-store"
    for user_id in others:
        assert client.get(f"/orang/peserta/{user_id}").status_code == 404, (nip, user_id)
    assert _refusals(app)[before:] == [f"/orang/peserta/{user_id}" for user_id in others]


def test_each_coach_sees_their_coachees_only(app, people):
    _probe(app, people["coach_a"], own=[people["p1"]], others=[people["p2"], people["p3"]])
    _probe(app, people["coach_b"], own=[people["p2"]], others=[people["p1"], people["p3"]])


def test_each_mentor_sees_their_mentees_only(app, people):
    _probe(app, people["mentor_m"], own=[people["p1"], people["p2"]], others=[people["p3"]])
    _probe(app, people["mentor_n"], own=[people["p3"]], others=[people["p1"], people["p2"]])


def test_a_penguji_sees_a_participant_from_the_moment_of_assignment(app, people):
    _probe(app, people["examiner"], own=[], others=[people["p1"], people["p2"], people["p3"]])
    with app.app_context():  # assigned, but from tomorrow on: not yet
        row = SeminarExaminer(
            enrolment_id=people["p2_enrolment"],
            examiner_id=people["examiner_id"],
            kind="rancangan",
            assigned_at=utcnow() + timedelta(days=1),
        )
        db.session.add(row)
        db.session.commit()
        row_id = row.id
    _probe(app, people["examiner"], own=[], others=[people["p2"]])
    with app.app_context():
        db.session.get(SeminarExaminer, row_id).assigned_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    _probe(app, people["examiner"], own=[people["p2"]], others=[people["p1"], people["p3"]])


def test_a_teacher_who_also_coaches_sees_that_coachee_but_not_the_other_angkatan(app, people):
    _probe(app, people["teacher"], own=[people["p1"], people["p2"], people["p3"]], others=[])
    client = client_for(app, people["teacher"])
    assert client.get(f"/orang/angkatan/{people['first']}").status_code == 200
    assert client.get(f"/orang/angkatan/{people['second']}").status_code == 404
    listing = client.get("/orang/angkatan").get_data(as_text=True)
    assert f"/orang/angkatan/{people['first']}" in listing and f"/orang/angkatan/{people['second']}" not in listing


def test_relations_give_no_management_and_no_angkatan(app, people):
    for who in ("coach_a", "mentor_m"):
        client = client_for(app, people[who])
        token = csrf_token(client, "/orang/bimbingan")
        p1 = people["p1"]
        for url in (f"/orang/peserta/{p1}/pindah", f"/orang/peserta/{p1}/pembimbing", f"/orang/peserta/{p1}/status"):
            assert client.post(url, data={"csrf_token": token}).status_code == 403, (who, url)
        assert client.get(f"/orang/peserta/{p1}/pembimbing").status_code == 403
    mentor = client_for(app, people["mentor_m"])
    assert mentor.get(f"/orang/angkatan/{people['first']}").status_code == 403
    assert mentor.get("/orang/angkatan").status_code == 403


def test_my_participants_lists_each_relation(app, people):
    mentor = client_for(app, people["mentor_m"])
    home = mentor.get("/")  # the mentor's home lists the same mentees (tests/home/test_homes.py)
    assert home.status_code == 200 and f"/orang/peserta/{people['p1']}" in home.get_data(as_text=True)
    page = mentor.get("/orang/bimbingan").get_data(as_text=True)
    assert f"/orang/peserta/{people['p1']}" in page and f"/orang/peserta/{people['p2']}" in page
    assert f"/orang/peserta/{people['p3']}" not in page
    examiner = client_for(app, people["examiner"]).get("/orang/bimbingan").get_data(as_text=True)
    assert "Belum ada peserta yang ditugaskan" in examiner
