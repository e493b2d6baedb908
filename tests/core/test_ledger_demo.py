"""`make run`'s demo verifies: seed-demo goes through the app's own grading, regrading, corrections and gates, so
every score it makes has its ledger entry, and `lms verify-ledger` passes right after it."""

from pathlib import Path

from sqlalchemy import func, select

from lms.content.importer import import_content
from lms.core.extensions import db
from lms.program.sources import COMPONENT_SOURCES, component_sources
from lms.quiz.models import Attempt
from lms.seminar.models import SeminarScore
from lms.tasks.models import Grade
from tests.helpers.ledger import entries, verify

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_the_demo_verifies_after_seed_demo(app, runner):
    with app.app_context():
        if "sikap" not in component_sources():  # until the attitude instruments' feature provides it
            COMPONENT_SOURCES.connect(app, lambda: {"sikap": lambda user_ids, _program: {}})
        assert import_content(CONTENT).problems == []
        db.session.commit()
    result = runner.invoke(args=["lms", "seed-demo"])
    assert result.exit_code == 0, result.output
    code, output = verify(app)
    assert code == 0, output
    with app.app_context():
        graded = db.session.scalar(select(func.count()).select_from(Attempt).where(Attempt.status == "graded"))
        grades = db.session.scalar(select(func.count()).select_from(Grade))
        submitted = db.session.scalar(
            select(func.count()).select_from(SeminarScore).where(SeminarScore.submitted_at.is_not(None))
        )
    recorded = {(e.kind, e.object_type) for e in entries(app)}
    assert graded > 100 and grades > 10 and submitted >= 1
    assert {
        ("attempt.graded", "attempt"),
        ("phase.result", "phase_result"),
        ("phase.complete", "phase_completion"),
        ("task.grade", "task_grade"),
        ("seminar.submit", "seminar_score"),
        ("attendance.correct", "attendance_correction"),
    } <= recorded
    assert f"Pencocokan: {len({(e.object_type, e.object_id) for e in entries(app)})} objek" in output
