"""seed-demo schedules a seminar rancangan with the penguji login, one participant scored and one waiting."""

from sqlalchemy import select

from lms.aktualisasi.models import Plan
from lms.core.extensions import db
from lms.people.demo import DEMO_PASSWORD
from lms.seminar.demo import PENGUJI_NIP
from lms.seminar.models import Seminar, SeminarScore
from tests.helpers.web import AuthActions


def test_demo_seminar_for_the_penguji_login(app, runner):
    result = runner.invoke(args=["lms", "seed-demo"])
    assert result.exit_code == 0, result.output
    assert f"penguji (seminar) NIP {PENGUJI_NIP}" in result.output
    with app.app_context():
        # the seminar aktualisasi of Angkatan 70 is the dashboard demo's (lms.dashboard.demo)
        seminar = db.session.scalars(select(Seminar).where(Seminar.kind == "rancangan").order_by(Seminar.id)).first()
        assert seminar.kind == "rancangan" and len(seminar.places) == 2
        [scored] = db.session.scalars(select(SeminarScore).where(SeminarScore.submitted_at.is_not(None))).all()
        states = {
            db.session.scalar(select(Plan.state).where(Plan.user_id == p.enrolment.user_id)) for p in seminar.places
        }
        assert states == {"scored", "seminar_scheduled"}
        seminar_id, waiting = seminar.id, [p for p in seminar.places if p.id != scored.place_id][0].enrolment_id
    client = app.test_client()
    AuthActions(client).login(PENGUJI_NIP, DEMO_PASSWORD)
    assert "Seminar saya" in client.get("/").get_data(as_text=True)
    assert client.get(f"/seminar/{seminar_id}/penilaian").status_code == 200
    assert client.get(f"/seminar/{seminar_id}/penilaian/{waiting}").status_code == 200
