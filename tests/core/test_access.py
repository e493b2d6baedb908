"""Every page checks its role and scope. Parametrized over the URL map, so a new page without a
check fails here until it is protected or listed as open to participants."""

import re

import pytest
from sqlalchemy import select

from lms.auth.models import Role
from lms.core.extensions import db
from lms.core.security_events import SecurityEvent
from tests.factories import (
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_instansi_viewer,
    make_instructor,
    make_mentor,
    make_participant,
)
from tests.helpers.web import AuthActions, csrf_token

# Endpoints a participant may use (their own pages) or that are public.
OPEN_TO_PARTICIPANTS = {
    "static",
    "favicon",  # public, as static files are
    "home.home",
    "home.healthz",
    "home.set_language",
    "auth.login",
    "auth.logout",
    "auth.change_password",
    "auth.reset_password",
    # reading: gated by phase for participants (tests/content/test_reading.py)
    "content.phase",
    "content.module",
    "content.lesson",
    "content.mark_done",
    "content.asset",
    # quizzes: a participant's own attempts only (tests/quiz/test_attempts.py); GET pages grade an
    # attempt whose time ran out, the one write a GET is allowed (test_get_never_changes_state has none due)
    "quiz.overview",
    "quiz.start",
    "quiz.question",
    "quiz.save",
    "quiz.summary",
    "quiz.submit",
    "quiz.result",
    "quiz.my_results",
    # discussions: spaces of the participant's own angkatan and tutor group only, once their
    # distance-learning phase is open (tests/discussion/test_isolation.py); reading a thread records
    # the read position, the one write those GETs make (test_get_never_changes_state meets no thread)
    "discussion.index",
    "discussion.spaces",
    "discussion.space",
    "discussion.members",
    "discussion.new_thread",
    "discussion.thread",
    "discussion.first_new",
    "discussion.goto_post",
    "discussion.edit",
    "discussion.history",
    "discussion.delete",
    "discussion.report",
    # a user's own notifications only (tests/discussion/test_notifications.py)
    "notifications.index",
    "notifications.read_all",
    # PJJ: the participant's own schedule and calendar address, checking in to their own angkatan's sessions
    # (tests/attendance/test_access.py); the calendar feed is public, its secret address the key
    "attendance.my_schedule",
    "attendance.issue_calendar",
    "attendance.revoke_calendar",
    "attendance.checkin_page",
    "attendance.calendar",
    # klasikal: the participant's own QR pass and klasikal days (tests/attendance/test_klasikal_access.py)
    "attendance.my_klasikal_page",
    # the participant's own aktualisasi plan; the plan pages they share with its coach, mentor, penguji and
    # coordinators answer 404 on anyone else's (tests/aktualisasi/test_access.py)
    "aktualisasi.editor",
    "aktualisasi.save_section",
    "aktualisasi.add_activity",
    "aktualisasi.save_activity",
    "aktualisasi.remove_activity",
    "aktualisasi.submit",
    "aktualisasi.plan_page",
    "aktualisasi.act",
    "aktualisasi.versions",
    "aktualisasi.version",
    "aktualisasi.compare_versions",
    "aktualisasi.add_attachment",
    "aktualisasi.remove_attachment",
    "aktualisasi.attachment",  # (tests/aktualisasi/test_attachments.py)
    # the participant's own habituation log: entries, their evidence, comments and proposed changes; the log's
    # pages they share with coach, mentor, penguji and coordinators answer 404 on anyone else's
    # (tests/habituation/test_log_flow.py)
    "habituation.my_log",
    "habituation.participant_log",
    "habituation.new_entry",
    "habituation.create",
    "habituation.entry",
    "habituation.edit",
    "habituation.comment",
    "habituation.evidence",
    "habituation.remove_evidence_file",  # (tests/habituation/test_evidence_removal.py)
    "habituation.propose_change",
    # the participant's own laporan aktualisasi; the report pages they share with its coach, mentor, penguji of
    # the seminar aktualisasi and coordinators answer 404 on anyone else's (tests/report/test_access.py)
    "report.editor",
    "report.start",
    "report.save_section",
    "report.refresh_preview",
    "report.refresh_apply",
    "report.submit",
    "report.report_page",
    "report.act",
    "report.pdf",
    "report.evidence",
    "report.versions",  # (tests/report/test_versions.py)
    "report.version",
    # tasks of the participant's own angkatan once open, their own (or their group's) submission and files
    # (tests/tasks/test_submitting.py); the explanation of a too-large upload is public (PUBLIC, below)
    "tasks.my_tasks",
    "tasks.task_page",
    "tasks.submit_task",
    "tasks.download",
    "tasks.too_large_page",
    # the participant's own sealed result, shown only after ratification (tests/kelulusan/test_access.py)
    "ratification.my_result",
    # the participant's own STTPL (another's answers 404: tests/certificates/test_pages.py); verification is public
    "certificates.download",
    "certificates.verify",
    "certificates.verify_form",
}


def _fill(rule) -> str:
    values = {arg: 1 for arg in rule.arguments}
    values.update({k: "x" for k in rule.arguments if k in ("token", "filename")})
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: str(values[m.group(1)]), rule.rule)


@pytest.fixture
def world(app):
    """Two instansi with one angkatan each, a participant, and a coordinator of A."""
    with app.app_context():
        a, b = make_instansi("Instansi A"), make_instansi("Instansi B")
        angkatan_a, angkatan_b = make_angkatan(a, 1), make_angkatan(b, 2)
        participant = make_participant(angkatan_a)
        participant_b = make_participant(angkatan_b)
        coordinator = make_coordinator(a)
        instructor = make_instructor(angkatan_a)
        viewer = make_instansi_viewer(a)
        db.session.commit()
        return {
            "viewer": viewer.nip,
            "viewer_id": viewer.id,
            "participant": participant.nip,
            "participant_b_id": participant_b.id,
            "coordinator": coordinator.nip,
            "instructor": instructor.nip,
            "angkatan_b": angkatan_b.id,
            "angkatan_a": angkatan_a.id,
            "participant_id": participant.id,
        }


def _protected_rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint not in OPEN_TO_PARTICIPANTS]


def test_participant_gets_403_on_every_staff_page(app, client, world):
    """...and every one of those refusals is recorded as a security event, whatever view refused it."""
    AuthActions(client).login(world["participant"])
    token = csrf_token(client, "/")
    checked = []
    for rule in _protected_rules(app):
        url = _fill(rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(url, method=method, data={"csrf_token": token})
            assert response.status_code == 403, f"{method} {url} ({rule.endpoint}) answered {response.status_code}"
            checked.append((method, url))
    assert len(checked) >= 25
    with app.app_context():
        recorded = db.session.execute(
            select(SecurityEvent.method, SecurityEvent.path, SecurityEvent.user_id, SecurityEvent.status)
            .where(SecurityEvent.kind == "access.denied")
            .order_by(SecurityEvent.id)
        ).all()
    assert [(m, p) for m, p, _user, _status in recorded] == checked
    assert {(user, status) for _m, _p, user, status in recorded} == {(world["participant_id"], 403)}


# What a mentor may open beyond a participant's pages: their mentees' records (the relation check answers 404
# for anyone else, tests/people/test_relations_access.py) and the list of them.
OPEN_TO_MENTORS = {
    "people.participant_detail": 404,
    "quiz_staff.record_attempt": 404,  # an attempt on the record: the record's own relation check
    "people.my_participants": 200,
    "aktualisasi.queue": 200,
    "seminar.my_seminars": 200,
    "seminar.scoring_list": 404,  # a mentor scores (seminar aktualisasi) their mentees: the seminar's relation check
    "seminar.score": 404,
    # a mentor scores their mentees' attitude (tests/sikap/test_access.py): their list, and anyone else's sheet 404
    "sikap.my_list": 200,
    "sikap.scoring_list": 404,
    "sikap.sheet": 404,
}
# Of those, the ones whose POST a mentor may send too (answered by the same relation check).
MENTOR_POSTS = {"seminar.score", "sikap.sheet"}
# What a mentor may do beyond a participant's actions: confirm their mentees' log entries and decide on their
# changes of plan (404 for anything not their mentee's: here, no such entry).
MENTOR_ACTIONS = {
    "habituation.decision": 404,
    "habituation.change_decision": 404,
}


def test_mentor_gets_403_on_every_other_staff_page(app, client, world):
    with app.app_context():
        mentor = make_mentor(name="Hendra Gunawan").nip
        db.session.commit()
    AuthActions(client).login(mentor)
    token = csrf_token(client, "/orang/bimbingan")
    answered = {}
    for rule in _protected_rules(app):
        url = _fill(rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if method == "GET" or rule.endpoint in MENTOR_POSTS:
                expected = OPEN_TO_MENTORS.get(rule.endpoint, 403)
            else:
                expected = MENTOR_ACTIONS.get(rule.endpoint, 403)
            status = client.open(url, method=method, data={"csrf_token": token}).status_code
            if status != expected:
                answered[f"{method} {url} ({rule.endpoint})"] = status
    assert answered == {}
    assert set(OPEN_TO_MENTORS) <= {r.endpoint for r in app.url_map.iter_rules()}


def test_every_protected_view_declares_its_roles(app):
    for rule in _protected_rules(app):
        view = app.view_functions[rule.endpoint]
        assert getattr(view, "lms_roles", None), f"{rule.endpoint} has no role decorator"
        assert Role.PARTICIPANT.value not in view.lms_roles


def test_anonymous_is_sent_to_login_everywhere(app, client, world):
    for rule in _protected_rules(app):
        if "GET" in rule.methods:
            response = client.get(_fill(rule))
            assert response.status_code == 302 and "/masuk" in response.location, rule.endpoint


def test_coordinator_of_a_cannot_reach_b(app, client, world):
    AuthActions(client).login(world["coordinator"])
    token = csrf_token(client, "/")
    b, pb = world["angkatan_b"], world["participant_b_id"]
    for url in [f"/orang/angkatan/{b}", f"/orang/peserta/{pb}"]:
        assert client.get(url).status_code == 404, url
    for url in [
        f"/orang/angkatan/{b}/jadwal",
        f"/orang/angkatan/{b}/kelompok",
        f"/orang/angkatan/{b}/pengajar",
        f"/orang/peserta/{pb}/pindah",
        f"/orang/peserta/{pb}/status",
        f"/orang/peserta/{pb}/atur-ulang",
        f"/orang/peserta/{pb}/kelompok",
    ]:
        assert client.post(url, data={"csrf_token": token}).status_code == 404, url
    # moving one of A's participants INTO B's angkatan, by changing the id in the form, is refused too
    response = client.post(
        f"/orang/peserta/{world['participant_id']}/pindah",
        data={"csrf_token": token, "angkatan_id": b, "reason": "mencoba pindah ke instansi lain"},
    )
    assert response.status_code in (302, 404)
    with app.app_context():
        from lms.people.models import Enrolment

        assert (
            db.session.scalar(db.select(Enrolment.angkatan_id).where(Enrolment.user_id == world["participant_id"]))
            == world["angkatan_a"]
        )
    listing = client.get("/orang/angkatan").get_data(as_text=True)
    assert "Instansi B" not in listing and "Instansi A" in listing


def test_instructor_reads_own_angkatan_but_cannot_manage(app, client, world):
    AuthActions(client).login(world["instructor"])
    assert client.get(f"/orang/angkatan/{world['angkatan_a']}").status_code == 200
    assert client.get(f"/orang/angkatan/{world['angkatan_b']}").status_code == 404
    token = csrf_token(client, "/")
    assert client.post(f"/orang/angkatan/{world['angkatan_a']}/jadwal", data={"csrf_token": token}).status_code == 403


def test_get_never_changes_state(app, client, world):
    """Open every GET page as an admin and as a participant; no GET may write to the database."""
    from flask import request
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from tests.factories import make_user

    with app.app_context():
        admin_nip = make_user(Role.ADMIN).nip
        db.session.commit()
    writes = []

    def spy(session, _ctx):
        # A refusal's security event is the one write any GET may make (lms.core.security_events).
        new = [obj for obj in session.new if not isinstance(obj, SecurityEvent)]
        if request and request.method == "GET" and (new or session.dirty or session.deleted):
            writes.append(request.path)

    event.listen(Session, "after_flush", spy)
    try:
        for who in (admin_nip, world["participant"]):
            other = app.test_client()
            AuthActions(other).login(who)
            for rule in app.url_map.iter_rules():
                if "GET" in rule.methods and rule.endpoint != "static":
                    other.get(_fill(rule))
    finally:
        event.remove(Session, "after_flush", spy)
    assert writes == []


# Endpoints an anonymous visitor may use, and why. Every other endpoint, whatever its method, sends an
# anonymous request to the login page (or refuses it): a new view without a login or role check fails
# test_anonymous_is_refused_by_every_endpoint_but_the_public_ones until it gets one or is listed here.
PUBLIC = {
    "static": "files: stylesheets, scripts, fonts",
    "favicon": "a file, as static ones are",
    "home.healthz": "the load balancer's probe; says nothing about anyone",
    "home.set_language": "the language switch of the login page",
    "auth.login": "the way in",
    "auth.reset_password": "a reset link works signed out; the token is the check (tests/people/test_people.py)",
    "attendance.calendar": "a calendar app cannot sign in: the secret address is the check"
    " (tests/attendance/test_recap.py)",
    "tasks.too_large_page": "where nginx sends a body over its limit (error_page 413): an explanation, nothing else",
    "certificates.verify": "anyone holding an STTPL checks it from its QR: name, angkatan, lembaga, date, status;"
    " rate-limited (tests/certificates/test_pages.py)",
    "certificates.verify_form": "the same check with the code typed",
}


def test_anonymous_is_refused_by_every_endpoint_but_the_public_ones(app, client):
    token = csrf_token(client, "/masuk")  # a real token: the refusal must be the login check, not CSRF
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in PUBLIC]
    assert {r.endpoint for r in app.url_map.iter_rules()} >= set(PUBLIC), "PUBLIC names an endpoint that is gone"
    answered = {}
    for rule in rules:
        url = _fill(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={"csrf_token": token} if method != "GET" else None)
            to_login = response.status_code == 302 and "/masuk" in response.location
            if not (to_login or response.status_code in (401, 403)):
                answered[f"{method} {url} ({rule.endpoint})"] = response.status_code
    assert answered == {}, "anonymous requests not sent to the login page"
    assert len(rules) >= 90


# The instansi viewer's pages: read-only, their employees only (tests/dashboard/test_instansi_viewer.py).
OPEN_TO_INSTANSI_VIEWERS = {
    "dashboard.employees_list",
    "dashboard.export_employees",
    "people.participant_detail",
    "quiz_staff.record_attempt",  # an attempt on an employee's record, through the record's check
    "ratification.employees",  # their employees' sealed results (tests/kelulusan/test_access.py)
    # an angkatan's recap and its exports: their employees' rows alone (tests/kelulusan/test_recap_access.py)
    "recap.page",
    "recap.export",
}


def test_instansi_viewer_gets_403_on_every_other_staff_page(app, client, world):
    """Read-only and outside the staff: every protected page but their own refuses them, recorded."""
    AuthActions(client).login(world["viewer"])
    token = csrf_token(client, "/dasbor/pegawai")
    checked = []
    for rule in _protected_rules(app):
        view = app.view_functions[rule.endpoint]
        if Role.INSTANSI_VIEWER.value in view.lms_roles:
            assert rule.endpoint in OPEN_TO_INSTANSI_VIEWERS, f"{rule.endpoint} lets instansi viewers in"
            continue
        url = _fill(rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(url, method=method, data={"csrf_token": token})
            assert response.status_code == 403, f"{method} {url} ({rule.endpoint}) answered {response.status_code}"
            checked.append((method, url))
    assert len(checked) >= 25
    with app.app_context():
        users = set(db.session.scalars(select(SecurityEvent.user_id).where(SecurityEvent.kind == "access.denied")))
    assert users == {world["viewer_id"]}


def test_instansi_viewer_meets_no_error_on_the_participants_pages(app, client, world):
    """The participants' own pages (reading, quizzes, discussions) have nothing for a viewer, and say so."""
    AuthActions(client).login(world["viewer"])
    for rule in app.url_map.iter_rules():
        if rule.endpoint in OPEN_TO_PARTICIPANTS and "GET" in rule.methods and rule.endpoint != "static":
            response = client.get(_fill(rule))
            assert response.status_code < 500, f"{rule.endpoint} answered {response.status_code}"
