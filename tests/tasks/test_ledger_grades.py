"""A task's grade and regrade in the ledger, with real requests: one entry per participant the grade counts for (each
member of a tutor group), the rubric levels with the score; verify-ledger passes, and names the grade after
`UPDATE task_grades SET score = 100`."""

from sqlalchemy import select

from lms.core.extensions import db
from lms.tasks.models import SubmissionVersion, Task
from tests.helpers.ledger import edit_database, entries, verify
from tests.helpers.tasks import grade, send
from tests.helpers.web import client_for


def test_a_group_grade_and_its_regrade_are_chained_for_every_member(app, task_world):
    with app.app_context():
        db.session.get(Task, task_world.task_id).per_group = True
        db.session.commit()
    send(client_for(app, task_world.first[1]), task_world.task_id, text="Kerja kelompok")
    with app.app_context():
        version = db.session.scalars(select(SubmissionVersion)).one()
        submission_id, version_id = version.submission_id, version.id
    grader = client_for(app, task_world.grader[1])
    assert grade(grader, submission_id, version_id, {0: 2, 1: 3}, "Perdalam").status_code == 302
    members = sorted([task_world.first[0], task_world.second[0]])
    first = entries(app)
    assert [(e.kind, e.object_type, e.object_id) for e in first] == [("task.grade", "task_grade", str(version_id))] * 2
    assert sorted(e.participant_id for e in first) == members
    assert {e.values_json for e in first} == {'{"levels":{"0":"2","1":"3"},"score":"70"}'}
    assert {e.actor_id for e in first} == {task_world.grader[0]}
    assert verify(app)[0] == 0

    regraded = grade(grader, submission_id, version_id, {0: 4, 1: 3}, "Sudah tepat", reason="Salah baca", ubah="1")
    assert regraded.status_code == 302
    later = entries(app)[2:]
    assert [e.kind for e in later] == ["task.regrade"] * 2 and sorted(e.participant_id for e in later) == members
    assert {e.values_json for e in later} == {'{"levels":{"0":"4","1":"3"},"score":"100"}'}
    assert verify(app)[0] == 0

    edit_database(app, "UPDATE task_grades SET score = 60")
    code, output = verify(app)
    assert code == 1 and "NILAI TIDAK COCOK DENGAN LEDGER: 1." in output
    assert (
        f"task_grade {version_id} (peserta {later[-1].participant_id}): ledger #4 mencatat "
        '{"levels":{"0":"4","1":"3"},"score":"100"}, sekarang {"levels":{"0":"4","1":"3"},"score":"60"}'
    ) in output
