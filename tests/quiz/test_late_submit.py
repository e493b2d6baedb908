"""An attempt whose time ran out is graded at its deadline, whichever request grades it first.

Every way an attempt can be graded after its deadline (the participant's late submit, a late
autosave, the next page visit, `lms grade-overdue`) must leave the same record: graded at the
deadline, by the deadline, once; and a second request after it changes nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.auth.models import User
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from tests.helpers.quiz import answer_key, attempt_page, attempt_row, rewind, save, start, submit, wrong_key
from tests.helpers.web import client_for


def _late_submit(client, app, runner, attempt_id):
    response = submit(client, attempt_id)
    assert response.status_code == 302 and response.location.endswith(f"/percobaan/{attempt_id}/hasil")


def _late_save(client, app, runner, attempt_id):
    response = save(client, app, attempt_id, 3, wrong_key(app, attempt_id)[3])
    # Refused either way: the time is up (this request grades it) or it is already graded.
    assert response.status_code == 409
    assert any(text in response.json["message"] for text in ("Waktu pengerjaan sudah habis", "sudah dinilai"))


def _next_visit(client, app, runner, attempt_id):
    assert client.get("/evaluasi/evaluasi-uji").status_code == 200


def _grade_overdue(client, app, runner, attempt_id):
    result = runner.invoke(args=["lms", "grade-overdue"])
    assert result.exit_code == 0, result.output


GRADERS = {"submit": _late_submit, "save": _late_save, "visit": _next_visit, "cron": _grade_overdue}


def _record(app, attempt_id):
    attempt = attempt_row(app, attempt_id)
    return {
        "status": attempt.status,
        "score": attempt.score,
        "passed": attempt.passed,
        "graded_at": attempt.graded_at,
        "graded_by": attempt.graded_by,
        "threshold_used": attempt.threshold_used,
        "deadline_at": attempt.deadline_at,
    }


def _graded_entries(app, attempt_id):
    with app.app_context():
        return db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "attempt.graded", AuditEntry.object_id == str(attempt_id))
        ).all()


def _overdue_attempt(app, client):
    """Two answers saved in time (one right, one wrong), then the clock ran out half an hour ago."""
    attempt_id = start(client)
    save(client, app, attempt_id, 1, answer_key(app, attempt_id)[1])
    save(client, app, attempt_id, 2, wrong_key(app, attempt_id)[2])
    rewind(app, attempt_id, timedelta(hours=1), deadline_ago=timedelta(minutes=30))
    return attempt_id


@pytest.mark.parametrize("first", GRADERS)
@pytest.mark.parametrize("second", ["submit", "cron"])
def test_late_attempt_is_graded_at_the_deadline_whichever_request_comes_first(app, quiz_world, runner, first, second):
    client = client_for(app, quiz_world["participant"])
    attempt_id = _overdue_attempt(app, client)
    GRADERS[first](client, app, runner, attempt_id)
    record = _record(app, attempt_id)
    assert record["status"] == "graded"
    assert record["graded_by"] == "deadline"  # not labelled as a normal submit
    assert record["graded_at"] == record["deadline_at"]
    assert record["score"] == Decimal("20.00") and record["passed"] is False
    GRADERS[second](client, app, runner, attempt_id)
    assert _record(app, attempt_id) == record  # the later request changes nothing
    entries = _graded_entries(app, attempt_id)
    assert len(entries) == 1 and entries[0].details["by"] == "deadline"


def test_a_late_submit_shows_the_automatic_grading_label_and_time(app, quiz_world, runner):
    client = client_for(app, quiz_world["participant"])
    attempt_id = _overdue_attempt(app, client)
    html = client.get(submit(client, attempt_id).location).get_data(as_text=True)
    assert "dinilai otomatis saat waktu habis" in html
    # The time spent is started -> deadline (30 minutes), not started -> the late request (60).
    assert "Waktu pengerjaan: 30 menit" in html


def test_a_submit_in_time_is_still_a_submit(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    attempt_id = start(client)
    submit(client, attempt_id)
    record = _record(app, attempt_id)
    assert record["graded_by"] == "submit" and record["graded_at"] < record["deadline_at"]


def test_staff_see_a_late_submit_as_graded_at_the_deadline(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    attempt_id = _overdue_attempt(app, client)
    submit(client, attempt_id)
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.nip == quiz_world["participant"]))
    staff = client_for(app, quiz_world["coordinator"])
    html = staff.get(attempt_page(staff, user_id)).get_data(as_text=True)  # linked from the record
    assert "(otomatis saat waktu habis)" in html and "(deadline)" not in html and "(submit)" not in html
