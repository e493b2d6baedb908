"""Checking in with the code the widyaiswara opened, through real requests (CSRF on): accepted once per code,
and every bad input refused with its own Indonesian message, nothing saved lost."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.attendance.models import Checkin, CheckinCode, CheckinRefusal, TrainingSession
from lms.core.database import utcnow
from lms.core.extensions import db
from tests.helpers.attendance import check_in, open_code
from tests.helpers.web import client_for, post


def _count(app, model, **where):
    with app.app_context():
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return db.session.scalar(query)


def test_a_participant_checks_in_with_the_code_on_the_screen(app, pjj):
    code = open_code(client_for(app, pjj["widyaiswara"]), pjj["session_id"])
    participant = client_for(app, pjj["participants"][0])
    response = check_in(participant, pjj["session_id"], code.lower(), headers={"User-Agent": "PonselUji/1.0"})
    assert response.status_code == 200
    assert "Presensi tercatat" in response.get_data(as_text=True)
    with app.app_context():
        row = db.session.scalar(select(Checkin).where(Checkin.user_id == pjj["participant_ids"][0]))
        assert (row.session_id, row.user_agent, row.ip) == (pjj["session_id"], "PonselUji/1.0", "127.0.0.1")
        assert len(row.device) == 32  # the long-lived device cookie given on the check-in page
    assert participant.get_cookie("lms_perangkat").value == row.device


def test_the_same_code_twice_is_refused_and_the_first_is_kept(app, pjj):
    code = open_code(client_for(app, pjj["widyaiswara"]), pjj["session_id"])
    participant = client_for(app, pjj["participants"][0])
    assert check_in(participant, pjj["session_id"], code).status_code == 200
    again = check_in(participant, pjj["session_id"], code)
    assert again.status_code == 409
    assert "Anda sudah presensi dengan kode ini" in again.get_data(as_text=True)
    assert _count(app, Checkin, user_id=pjj["participant_ids"][0]) == 1


def test_one_checkin_per_code_is_a_database_constraint(app, pjj):
    with app.app_context():
        code = CheckinCode(session_id=pjj["session_id"], code="ACDEF", expires_at=utcnow() + timedelta(minutes=5))
        db.session.add(code)
        db.session.flush()
        for _ in range(2):
            db.session.add(Checkin(code_id=code.id, session_id=pjj["session_id"], user_id=pjj["participant_ids"][0]))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_a_wrong_code_says_so_and_keeps_what_was_typed(app, pjj):
    open_code(client_for(app, pjj["widyaiswara"]), pjj["session_id"])
    response = check_in(client_for(app, pjj["participants"][0]), pjj["session_id"], "XXXXX")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Kode salah" in html and 'value="XXXXX"' in html
    assert _count(app, CheckinRefusal, reason="salah") == 1


def test_an_expired_code_names_when_it_stopped(app, pjj):
    code = open_code(client_for(app, pjj["widyaiswara"]), pjj["session_id"])
    with app.app_context():
        row = db.session.scalar(select(CheckinCode).where(CheckinCode.code == code))
        row.opened_at -= timedelta(minutes=6)
        row.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    response = check_in(client_for(app, pjj["participants"][0]), pjj["session_id"], code)
    assert response.status_code == 400
    assert "Kode ini sudah tidak berlaku sejak" in response.get_data(as_text=True)
    assert _count(app, Checkin) == 0


def test_a_code_of_another_session_is_named_as_such(app, pjj):
    with app.app_context():
        db.session.add(
            CheckinCode(session_id=pjj["other_session_id"], code="KMNPR", expires_at=utcnow() + timedelta(minutes=5))
        )
        db.session.commit()
    response = check_in(client_for(app, pjj["participants"][0]), pjj["session_id"], "KMNPR")
    assert response.status_code == 400
    assert "Kode ini untuk sesi lain" in response.get_data(as_text=True)


def test_outside_the_window_is_refused_and_recorded_for_the_flags(app, pjj):
    code = open_code(client_for(app, pjj["widyaiswara"]), pjj["session_id"])
    with app.app_context():
        session = db.session.get(TrainingSession, pjj["session_id"])
        session.starts_at += timedelta(hours=5)
        session.ends_at += timedelta(hours=5)
        db.session.commit()
    response = check_in(client_for(app, pjj["participants"][0]), pjj["session_id"], code)
    assert response.status_code == 400
    assert "Presensi sesi ini hanya dibuka" in response.get_data(as_text=True)
    assert _count(app, CheckinRefusal, reason="di_luar_waktu") == 1


def test_wrong_codes_are_rate_limited_per_participant(make_app, pjj):
    app = make_app(LMS_CHECKIN_LIMIT="3 per minute")
    participant = client_for(app, pjj["participants"][0])
    statuses = [check_in(participant, pjj["session_id"], "XXXXX").status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]
    # Another participant behind the same address is not held up by it.
    assert check_in(client_for(app, pjj["participants"][1]), pjj["session_id"], "XXXXX").status_code == 400


def test_a_widyaiswara_opens_only_inside_the_window(app, pjj):
    with app.app_context():
        session = db.session.get(TrainingSession, pjj["session_id"])
        session.starts_at -= timedelta(days=1)
        session.ends_at -= timedelta(days=1)
        db.session.commit()
    client = client_for(app, pjj["widyaiswara"])
    response = post(client, f"/presensi/sesi/{pjj['session_id']}/kode", token_from="/", follow_redirects=True)
    assert "Kode hanya bisa ditampilkan selama jendela presensi" in response.get_data(as_text=True)
    assert _count(app, CheckinCode) == 0
