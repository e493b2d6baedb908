"""The quiz feature's score changes in the ledger, with real requests: an attempt graded at submit, the phase score
and completion it brings, a regrade and the completion it withdraws, an essay graded and regraded; verify-ledger
passes after each, and names an attempt, an essay grade or a phase score edited in the database."""

from decimal import Decimal

from sqlalchemy import select

from lms.auth.models import User
from lms.core.extensions import db
from lms.phases.models import Phase
from lms.quiz.models import Quiz
from tests.helpers.essays import grade, submit_with_essay
from tests.helpers.ledger import edit_database, entries, kinds, verify
from tests.helpers.quiz import answer_all, answer_key, start, submit, wrong_key
from tests.helpers.web import client_for, post

REGRADE = "/evaluasi/evaluasi-uji/penilaian-ulang"


def _values(app, object_type):
    return [(e.kind, e.values_json) for e in entries(app, object_type=object_type)]


def test_grading_and_regrading_an_attempt_are_chained_with_the_phase_score_and_completion(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    assert post(client, "/belajar/modul/modul-uji/pelajaran-1/selesai", token_from="/").status_code == 302
    attempt_id = start(client)
    key, wrong = answer_key(app, attempt_id), wrong_key(app, attempt_id)
    answer_all(client, app, attempt_id, {1: key[1], 2: key[2], 3: key[3], 4: wrong[4], 5: wrong[5]})
    submit(client, attempt_id)  # 60: passes the threshold of 60
    with app.app_context():
        participant_id = db.session.scalar(select(User.id).where(User.nip == quiz_world["participant"]))
        mooc = db.session.scalar(select(Phase.id).where(Phase.code == "mooc"))
    key_id = f"{participant_id}:{mooc}"
    assert kinds(app) == [
        ("attempt.graded", "attempt", str(attempt_id), participant_id),
        ("phase.result", "phase_result", key_id, participant_id),
        ("phase.complete", "phase_completion", key_id, participant_id),
    ]
    assert _values(app, "attempt") == [("attempt.graded", '{"passed":true,"score":"60","status":"graded"}')]
    assert _values(app, "phase_result") == [("phase.result", '{"score":"60"}')]
    assert verify(app)[0] == 0

    with app.app_context():  # the instructor raises the bar, then regrades
        db.session.scalar(select(Quiz)).pass_threshold = Decimal(70)
        db.session.commit()
    instructor = client_for(app, quiz_world["instructor"])
    reason = "Ambang dinaikkan sesuai surat edaran penyelenggara"
    assert post(instructor, REGRADE, {"reason": reason}, token_from=REGRADE).status_code == 302
    regraded = entries(app)[3:]
    assert [(e.kind, e.object_id, e.values_json) for e in regraded] == [
        ("attempt.regrade", str(attempt_id), '{"passed":false,"score":"60","status":"graded"}'),
        ("phase.complete.withdrawn", key_id, '{"source":null}'),
    ]  # the phase score stays 60: no entry for it
    assert regraded[0].actor_id is not None and regraded[0].actor_id != participant_id
    assert verify(app)[0] == 0

    edit_database(app, "UPDATE attempts SET score = 100, passed = TRUE WHERE id = :a", a=attempt_id)
    edit_database(app, "UPDATE phase_results SET score = 100")
    code, output = verify(app)
    assert code == 1 and "NILAI TIDAK COCOK DENGAN LEDGER: 2." in output
    assert (
        f"attempt {attempt_id} (peserta {participant_id}): ledger #4 mencatat "
        '{"passed":false,"score":"60","status":"graded"}, sekarang {"passed":true,"score":"100","status":"graded"}'
    ) in output
    assert f'phase_result {key_id} (peserta {participant_id}): ledger #2 mencatat {{"score":"60"}}, sekarang' in output


def test_an_essay_grade_and_its_regrade_are_chained_with_the_attempt(app, essay_world):
    participant = client_for(app, essay_world["participant"])
    attempt_id = start(participant)
    item_id = submit_with_essay(participant, app, attempt_id)
    assert entries(app) == []  # pending: no score yet
    instructor = client_for(app, essay_world["instructor"])
    assert grade(instructor, item_id, levels=("4", "3")).status_code == 302
    user = essay_world["participant_id"]
    graded = [(k, t, o) for k, t, o, p in kinds(app) if p == user]
    assert graded[:2] == [("essay.graded", "essay_grade", str(item_id)), ("attempt.graded", "attempt", str(attempt_id))]
    assert _values(app, "essay_grade") == [("essay.graded", '{"levels":["4","3"],"score":"100"}')]
    changed = grade(
        instructor, item_id, levels=("0", "1"), feedback="Ditinjau ulang.", reason="Salah baca jawaban peserta."
    )
    assert changed.status_code == 302
    assert _values(app, "essay_grade")[-1] == ("essay.regrade", '{"levels":["0","1"],"score":"13.33"}')
    assert _values(app, "attempt")[-1] == ("attempt.regrade", '{"passed":true,"score":"82.67","status":"graded"}')
    assert verify(app)[0] == 0

    edit_database(app, "UPDATE essay_grades SET score = 100")
    code, output = verify(app)
    assert code == 1
    assert f"essay_grade {item_id} (peserta {user}): ledger #" in output and '"score":"13.33"}, sekarang' in output
