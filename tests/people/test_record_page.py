"""The participant record stays light: its history is paged, its attempts are one line each, and each attempt's
questions and answers are on its own page for the record's readers alone. With real requests."""

import re
from datetime import timedelta

from sqlalchemy import select

from lms.auth.models import User
from lms.core.audit import AuditEntry
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.people.models import Instansi
from lms.people.record_routes import HISTORY_PAGE_SIZE
from lms.quiz.models import Attempt
from tests.factories import make_angkatan, make_coordinator, make_instansi, make_mentor, make_participant
from tests.helpers.quiz import answer_all, answer_key, start, submit
from tests.helpers.web import client_for


def _user(nip: str) -> User:
    return db.session.scalar(select(User).where(User.nip == nip))


def test_the_history_is_paged_newest_first_in_one_query_whatever_its_length(app, quiz_world, count_queries):
    with app.app_context():
        person = _user(quiz_world["participant"])
        for n in range(HISTORY_PAGE_SIZE * 2 + 5):
            db.session.add(
                AuditEntry(
                    at=utcnow() - timedelta(minutes=n),
                    action=f"uji.langkah-{n:02d}",
                    object_type="user",
                    object_id=str(person.id),
                    subject_user_id=person.id,
                )
            )
        db.session.commit()
        url = f"/orang/peserta/{person.id}"
    coordinator = client_for(app, quiz_world["coordinator"])
    first = coordinator.get(url).get_data(as_text=True)
    steps = re.findall(r"uji\.langkah-(\d\d)", first)
    assert steps == [f"{n:02d}" for n in range(HISTORY_PAGE_SIZE)]  # the newest first
    assert f'href="{url}?hal=2#riwayat"' in first and 'rel="prev"' not in first
    second = coordinator.get(f"{url}?hal=2").get_data(as_text=True)
    assert re.findall(r"uji\.langkah-(\d\d)", second)[0] == f"{HISTORY_PAGE_SIZE:02d}"
    last = coordinator.get(f"{url}?hal=3").get_data(as_text=True)
    assert re.findall(r"uji\.langkah-(\d\d)", last) == [f"{n:02d}" for n in range(HISTORY_PAGE_SIZE * 2, 45)]
    assert 'rel="next"' not in last and f'href="{url}?hal=2#riwayat"' in last
    with count_queries() as long:
        coordinator.get(url)
    with app.app_context():
        without_history = f"/orang/peserta/{_user(quiz_world['other']).id}"
    with count_queries() as empty:
        assert "Belum ada catatan." in coordinator.get(without_history).get_data(as_text=True)
    assert long.count == empty.count


def _attempt(app, quiz_world) -> tuple[int, int]:
    participant = client_for(app, quiz_world["participant"])
    attempt_id = start(participant)
    answer_all(participant, app, attempt_id, answer_key(app, attempt_id))
    submit(participant, attempt_id)
    with app.app_context():
        return _user(quiz_world["participant"]).id, attempt_id


def test_the_record_lists_attempts_in_a_line_each_and_the_attempt_page_shows_the_answers(app, quiz_world):
    person_id, attempt_id = _attempt(app, quiz_world)
    coordinator = client_for(app, quiz_world["coordinator"])
    record = coordinator.get(f"/orang/peserta/{person_id}").get_data(as_text=True)
    link = f"/orang/peserta/{person_id}/percobaan/{attempt_id}"
    assert f'href="{link}"' in record and "review-options" not in record  # no question on the record itself
    response = coordinator.get(link)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "review-options" in page and "dipilih" in page and "lulus" in page
    assert f'href="/orang/peserta/{person_id}"' in page  # back to the record
    with app.app_context():
        mentor = make_mentor(db.session.get(User, person_id)).nip
        db.session.commit()
    assert client_for(app, mentor).get(link).status_code == 200  # a reader of the record through a relation


def test_an_attempt_is_refused_to_whoever_may_not_read_the_record_and_under_another_participant(app, quiz_world):
    person_id, attempt_id = _attempt(app, quiz_world)
    link = f"/orang/peserta/{person_id}/percobaan/{attempt_id}"
    with app.app_context():
        elsewhere = make_instansi("Pemkab Lain")
        stranger = make_participant(make_angkatan(elsewhere, 9))
        other_coordinator = make_coordinator(elsewhere).nip
        lonely_mentor = make_mentor(stranger).nip
        other_id = _user(quiz_world["other"]).id
        assert db.session.get(Instansi, elsewhere.id) is not None
        db.session.commit()
    assert client_for(app, other_coordinator).get(link).status_code == 404  # another lembaga's coordinator
    assert client_for(app, lonely_mentor).get(link).status_code == 404  # a mentor of someone else
    assert client_for(app, quiz_world["participant"]).get(link).status_code == 403  # participants read no record
    coordinator = client_for(app, quiz_world["coordinator"])
    # The attempt under another participant's record, and an attempt that does not exist.
    assert coordinator.get(f"/orang/peserta/{other_id}/percobaan/{attempt_id}").status_code == 404
    assert coordinator.get(f"/orang/peserta/{person_id}/percobaan/{attempt_id + 99}").status_code == 404
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).user_id == person_id
