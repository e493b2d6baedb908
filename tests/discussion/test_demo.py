"""seed-demo gives every demo angkatan its announcements, prepared threads and group welcomes."""

from pathlib import Path

from sqlalchemy import func, select

from lms.content.importer import import_content
from lms.core.extensions import db
from lms.discussion.models import Notification, Post, Thread
from lms.people.demo import DEMO_PASSWORD
from tests.helpers.web import AuthActions

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_seed_demo_writes_discussions_once_with_topics_from_the_modules(app, runner):
    with app.app_context():
        assert import_content(CONTENT).problems == []
        db.session.commit()
    assert runner.invoke(args=["lms", "seed-demo"]).exit_code == 0
    assert runner.invoke(args=["lms", "seed-demo"]).exit_code == 0  # a second run adds nothing
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Thread)) == 3 * (2 + 3 + 4)
        assert db.session.scalar(select(func.count()).select_from(Post)) == 3 * (2 + 3 + 4) + 3
        assert db.session.scalar(select(func.count()).select_from(Thread).where(Thread.module_id.is_not(None))) == 6
        assert db.session.scalar(
            select(func.count()).select_from(Notification).where(Notification.kind == "announcement")
        )
        angkatan_id = db.session.scalar(select(Thread.angkatan_id).order_by(Thread.id))
    instructor = app.test_client()
    AuthActions(instructor).login("widyaiswara1@latsar.test", DEMO_PASSWORD)
    page = instructor.get(f"/diskusi/angkatan/{angkatan_id}/umum").get_data(as_text=True)
    assert "Akuntabel tanpa menunggu diperiksa" in page
    topic = instructor.get(f"/diskusi/angkatan/{angkatan_id}/pengumuman").get_data(as_text=True)
    assert "Jadwal sesi sinkron pertama" in topic
    # the demo participants are still in the MOOC: they are told when their spaces open
    participant = app.test_client()
    AuthActions(participant).login("199704042025012001", DEMO_PASSWORD)
    assert "Ruang diskusi belum terbuka untuk Anda" in participant.get("/diskusi").get_data(as_text=True)
