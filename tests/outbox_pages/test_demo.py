"""seed-demo leaves one reset link waiting in the outbox and one handed over, both in the coordinator's scope."""

from pathlib import Path

from sqlalchemy import select

from lms.content.importer import import_content
from lms.core.extensions import db
from lms.core.outbox import OutboxMessage
from lms.people.demo import DEMO_PASSWORD
from tests.helpers.web import AuthActions

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_the_demo_outbox_has_a_waiting_and_a_handed_over_reset_link(app, runner):
    with app.app_context():
        assert import_content(CONTENT).problems == []
        db.session.commit()
    assert runner.invoke(args=["lms", "seed-demo"]).exit_code == 0
    with app.app_context():
        # The reset links of lms.outbox_pages.demo (the demo seminar's invitations wait in the outbox too).
        rows = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.key.not_like("seminar-invite:%")).order_by(OutboxMessage.id)
        ).all()
        assert [row.by_hand for row in rows] == [True, False]
        assert all(row.to_address.endswith("@latsar.test") for row in rows)
        handed, waiting = rows
        assert "http://127.0.0.1:5000/akun/atur-ulang/" in waiting.body
        assert handed.body == "" and handed.subject == waiting.subject  # handed over: the link is not kept
        waiting_subject = waiting.subject
    coordinator = app.test_client()
    AuthActions(coordinator).login("koordinator@latsar.test", DEMO_PASSWORD)
    page = coordinator.get("/pesan-keluar/").get_data(as_text=True)
    # (the waiting count includes the seminar invitations this coordinator may see)
    assert waiting_subject in page and "Terkirim (1)" in page and "Tandai sudah diserahkan" in page
