"""`make run`'s demo verifies: seed-demo goes through the app's own grading, regrading, corrections and gates, so
every score it makes has its ledger entry, and `lms verify-ledger` passes right after it. On its data, a row of every
recorded kind edited behind the app's back is named, and on PostgreSQL the database's path (lms.core.ledger_sql)
finds exactly what the Python path finds."""

from pathlib import Path

from sqlalchemy import func, select

from lms.content.importer import import_content
from lms.core.extensions import db
from lms.core.ledger_verify import verify as run_verify
from lms.program.sources import COMPONENT_SOURCES, component_sources
from lms.quiz.models import Attempt
from lms.seminar.models import SeminarScore
from lms.tasks.models import Grade
from tests.helpers.ledger import edit_database, entries, verify

CONTENT = Path(__file__).resolve().parents[2] / "content"
# One row of each kind the demo records, changed as someone with the database's password could.
EDITS = {
    "attempt": "UPDATE attempts SET score = 100 WHERE id = (SELECT min(id) FROM attempts WHERE score < 100)",
    "phase_result": "UPDATE phase_results SET score = 99 WHERE user_id = (SELECT min(user_id) FROM phase_results "
    "WHERE score IS NOT NULL)",
    "phase_completion": "DELETE FROM phase_completions WHERE id = (SELECT min(id) FROM phase_completions)",
    "task_grade": "UPDATE task_grades SET score = 100 WHERE id = (SELECT min(id) FROM task_grades WHERE score < 100)",
    "seminar_score": "UPDATE seminar_scores SET score = 1 WHERE id = (SELECT min(id) FROM seminar_scores "
    "WHERE submitted_at IS NOT NULL)",
    "attendance_correction": "UPDATE attendance_corrections SET status = 'hadir' WHERE id = "
    "(SELECT min(id) FROM attendance_corrections WHERE status <> 'hadir')",
}


def _findings(app, sql: bool) -> tuple:
    with app.app_context():
        result = run_verify(sql=sql)
        db.session.rollback()
    found = sorted((d.object_type, d.object_id, d.seq, d.recorded, d.current) for d in result.differences)
    return result.ok, result.entries, result.objects, result.difference_count, found


def test_the_demo_verifies_after_seed_demo_and_names_an_edit_of_each_kind(app, runner):
    with app.app_context():
        if "sikap" not in component_sources():  # until the attitude instruments' feature provides it
            COMPONENT_SOURCES.connect(app, lambda: {"sikap": lambda user_ids, _program: {}})
        assert import_content(CONTENT).problems == []
        db.session.commit()
        postgresql = db.engine.dialect.name == "postgresql"
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
    written = entries(app)
    assert graded > 100 and grades > 10 and submitted >= 1
    assert {
        ("attempt.graded", "attempt"),
        ("phase.result", "phase_result"),
        ("phase.complete", "phase_completion"),
        ("task.grade", "task_grade"),
        ("seminar.submit", "seminar_score"),
        ("attendance.correct", "attendance_correction"),
    } <= {(e.kind, e.object_type) for e in written}
    assert f"Pencocokan: {len({(e.object_type, e.object_id) for e in written})} objek" in output
    clean = _findings(app, sql=False)
    assert clean[:4] == (True, len(written), len({(e.object_type, e.object_id) for e in written}), 0)
    if postgresql:
        assert _findings(app, sql=True) == clean

    for sql in EDITS.values():
        assert edit_database(app, sql) >= 1
    tampered = _findings(app, sql=False)
    assert tampered[0] is False and {kind for kind, *_rest in tampered[4]} == set(EDITS)
    if postgresql:
        assert _findings(app, sql=True) == tampered
