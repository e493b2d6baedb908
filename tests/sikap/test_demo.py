"""seed-demo scores Angkatan 70's attitude once a program is imported: three participants complete (3B left out: the
angkatan has no committee), one score corrected with a reason, drafts and waiting ones; nothing without a program."""

from decimal import Decimal

from sqlalchemy import select

from lms.auth.models import User
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.habituation.demo import NUMBER
from lms.people.demo import DEMO_PASSWORD
from lms.people.models import Angkatan, Enrolment
from lms.program.versions import program_for_angkatan
from lms.sikap.models import SikapScore
from lms.sikap.recap import sikap_results
from tests.helpers.sikap import import_program
from tests.helpers.web import AuthActions


def test_the_demo_scores_angkatan_70_through_the_real_rules(app, runner):
    with app.app_context():
        import_program()
        db.session.commit()
    result = runner.invoke(args=["lms", "seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        angkatan = db.session.scalar(select(Angkatan).where(Angkatan.number == NUMBER))
        people = db.session.scalars(
            select(Enrolment.user_id).where(Enrolment.angkatan_id == angkatan.id).order_by(Enrolment.ndh)
        ).all()
        results = sikap_results(people, program_for_angkatan(angkatan.id))
        complete = [uid for uid in people if results[uid].score is not None]
        assert complete == people[:3]
        assert all(not results[uid].of("3B").expected for uid in people)  # no committee in Angkatan 70
        assert {s.submitted_at is None for s in db.session.scalars(select(SikapScore))} == {True, False}
        [correction] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "sikap.correct")).all()
        assert correction.reason and Decimal(correction.details["score"]) > Decimal(correction.details["old_score"])
        mentor = db.session.scalar(select(User.nip).where(User.email == "mentor1@latsar.test"))
    client = app.test_client()
    AuthActions(client).login(mentor, DEMO_PASSWORD)
    assert "penilaian sikap perilaku belum Anda kirim" in client.get("/").get_data(as_text=True)
    page = client.get(f"/sikap/penilaian/{angkatan.id}").get_data(as_text=True)
    assert "terkirim" in page and "draf" in page and "belum" in page


def test_without_a_program_the_demo_scores_nothing(app, runner):
    assert runner.invoke(args=["lms", "seed-demo"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(SikapScore.id)) is None
