"""Demo outbox: two participants of the angkatan that starts next week got a reset link by e-mail; one
was handed over by the coordinator, one still waits (`make run` has no SMTP server)."""

from flask import current_app, url_for
from sqlalchemy import select

from lms.auth.accounts import enqueue_reset_link, issue_reset
from lms.auth.models import User
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.outbox import mark_handed_over
from lms.people.models import Angkatan, Enrolment

DEMO_BASE_URL = "http://127.0.0.1:5000"  # where `make run` serves


def seed_outbox(angkatan: Angkatan, coordinator: User) -> None:
    people = list(
        db.session.scalars(
            select(User)
            .join(Enrolment, Enrolment.user_id == User.id)
            .where(Enrolment.angkatan_id == angkatan.id)
            .order_by(User.id)
            .limit(2)
        )
    )
    messages = []
    for person in people:
        person.email = person.email or f"{person.nip}@latsar.test"  # these two gave an address
        token = issue_reset(person, coordinator)
        with current_app.test_request_context(base_url=DEMO_BASE_URL):
            link = url_for("auth.reset_password", token=token, _external=True)
        messages.append(enqueue_reset_link(person, token, link))
    db.session.flush()
    if messages and mark_handed_over(messages[0], coordinator.id, utcnow()):
        handed = messages[0]
        audit.record(
            "outbox.handed_over", "outbox", handed.id, subject_user_id=handed.recipient_id, actor_id=coordinator.id
        )
