"""`lms verify-ledger` as an operator runs it: a clean ledger passes; an edited, removed or cut-off entry is named
(sequence, time, kind, object); a score row changed or written behind the app's back is named with both values;
`lms ledger-head` prints what to record outside, `--expect` checks it later; `lms ledger-baseline` records the
scores of an installation that predates the ledger, once."""

import re

import pytest
from sqlalchemy import select

from lms.attendance.corrections import correct
from lms.attendance.models import TrainingSession
from lms.core import ledger
from lms.core.extensions import db
from lms.core.ledger_verify import verify as run_verify
from lms.phases.models import Phase
from lms.quiz.completion import grant_exception
from tests.helpers.ledger import edit_database, entries, ledger_guard_off, verify


def _correct(app, pjj, index: int, status: str) -> None:
    with app.app_context():
        session = db.session.get(TrainingSession, pjj["session_id"])
        correct(session, pjj["participant_ids"][index], status, "Surat izin nomor 12", "alpa", pjj["coordinator_id"])
        db.session.commit()


@pytest.fixture
def scored(app, pjj):
    """Three entries: two attendance corrections of participants 0 and 1, then an exception for participant 2."""
    _correct(app, pjj, 0, "izin")
    _correct(app, pjj, 1, "sakit")
    with app.app_context():
        mooc = db.session.scalar(select(Phase.id).where(Phase.code == "mooc"))
        grant_exception(pjj["participant_ids"][2], mooc, "Tugas negara ke luar daerah", pjj["coordinator_id"])
        db.session.commit()
    return pjj


def _head(app) -> str:
    result = app.test_cli_runner().invoke(args=["lms", "ledger-head"])
    assert result.exit_code == 0
    match = re.fullmatch(r"(\d+:[0-9a-f]{64}) \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\n", result.output)
    assert match, result.output
    return match[1]


def test_a_clean_ledger_verifies_and_its_head_can_be_recorded(app, scored):
    code, output = verify(app)
    assert code == 0, output
    assert "Ledger: 3 entri diperiksa" in output and "Rantai utuh" in output
    assert "Pencocokan: 3 objek" in output and output.rstrip().endswith("Ledger valid.")
    recorded = _head(app)
    assert recorded == f"3:{entries(app)[-1].hash}"
    _correct(app, scored, 0, "hadir")  # the ledger grows; what was recorded still holds
    assert verify(app, "--expect", recorded)[0] == 0
    assert verify(app, "--expect", "nonsense")[0] == 2  # a usage error, said so


def test_a_score_row_changed_in_the_database_is_named(app, scored):
    participant = scored["participant_ids"][1]
    assert edit_database(app, "UPDATE attendance_corrections SET status = 'hadir' WHERE user_id = :u", u=participant)
    code, output = verify(app)
    assert code == 1 and "Rantai utuh" in output
    [row_id] = [e.object_id for e in entries(app, participant_id=participant)]
    assert "NILAI TIDAK COCOK DENGAN LEDGER: 1." in output
    assert (
        f"attendance_correction {row_id} (peserta {participant}): ledger #2 mencatat "
        f'{{"session":{scored["session_id"]},"status":"sakit"}}, sekarang {{"session":{scored["session_id"]},'
        '"status":"hadir"}' in output
    )
    assert "LEDGER TIDAK VALID" in output


def test_a_row_written_or_removed_behind_the_app_is_named(app, scored):
    newcomer, withdrawn = scored["participant_ids"][0], scored["participant_ids"][2]
    edit_database(
        app,
        "INSERT INTO phase_completions (user_id, phase_id, completed_at, source) "
        "SELECT :u, id, CURRENT_TIMESTAMP, 'exception' FROM phases WHERE code = 'pjj'",
        u=newcomer,
    )
    edit_database(app, "DELETE FROM phase_completions WHERE user_id = :u", u=withdrawn)
    code, output = verify(app)
    assert code == 1
    with app.app_context():
        pjj, mooc = (db.session.scalar(select(Phase.id).where(Phase.code == c)) for c in ("pjj", "mooc"))
    assert (
        f"phase_completion {newcomer}:{pjj} (peserta {newcomer}): nilai tanpa entri ledger (ditulis di luar "
        'aplikasi?): sekarang {"source":"exception"}' in output
    )
    assert (
        f'phase_completion {withdrawn}:{mooc} (peserta {withdrawn}): ledger #3 mencatat {{"source":"exception"}}, '
        'sekarang {"source":null}' in output
    )


def test_an_edited_ledger_entry_breaks_the_chain_there_and_is_named(app, scored):
    second = entries(app)[1]
    with ledger_guard_off(app):
        edit_database(app, "UPDATE score_ledger SET values_json = :v WHERE seq = 2", v='{"session":1,"status":"hadir"}')
    code, output = verify(app)
    assert code == 1
    when = second.at.strftime("%Y-%m-%d %H:%M:%S UTC")
    assert (
        f"RANTAI RUSAK di entri #2 ({when}, attendance.correct, attendance_correction {second.object_id}, "
        f"peserta {second.participant_id}): isinya tidak cocok dengan hash-nya: entri ini diubah setelah dicatat."
        in output
    )


def test_an_entry_rehashed_after_editing_still_breaks_the_link_to_the_next(app, scored):
    first, second = entries(app)[:2]
    forged = '{"session":1,"status":"hadir"}'
    content = ledger.entry_content(
        first.seq,
        ledger.time_text(first.at),
        first.kind,
        first.object_type,
        first.object_id,
        first.participant_id,
        first.actor_id,
        forged,
    )
    with ledger_guard_off(app):
        edit_database(
            app,
            "UPDATE score_ledger SET values_json = :v, hash = :h WHERE seq = 1",
            v=forged,
            h=ledger.chain_hash(ledger.GENESIS, content),
        )
    code, output = verify(app)
    assert code == 1
    assert f"RANTAI RUSAK di entri #2 ({second.at.strftime('%Y-%m-%d %H:%M:%S UTC')}, attendance.correct" in output
    assert "hash sebelumnya bukan hash entri #1" in output


def test_a_removed_entry_is_named_and_a_cut_off_tail_fails_the_recorded_head(app, scored):
    recorded = _head(app)
    with ledger_guard_off(app):
        edit_database(app, "DELETE FROM score_ledger WHERE seq = 2")
    code, output = verify(app)
    assert code == 1 and "RANTAI RUSAK di entri #3" in output and "entri #2 tidak ada lagi (dihapus)" in output
    with ledger_guard_off(app):  # a restore from an older backup: the chain holds, but stops short
        edit_database(app, "DELETE FROM score_ledger WHERE seq >= 2")
    assert verify(app)[0] == 1  # the rows of the removed entries no longer match
    code, output = verify(app, "--expect", recorded)
    assert code == 1
    assert "HASH YANG DICATAT TIDAK COCOK: entri #3 yang hash-nya dicatat tidak ada: ledger berakhir di #1" in output


def test_a_head_that_differs_from_the_recorded_one_is_named(app, scored):
    code, output = verify(app, "--expect", f"2:{'0' * 64}")
    assert code == 1 and f"hash entri #2 bukan yang dicatat ({'0' * 64}): sekarang {entries(app)[1].hash}" in output


def test_an_object_type_nobody_reads_is_not_passed_silently(app):
    with app.app_context():
        ledger.append("kelulusan.final", "final_result", 1, participant_id=None, values={"score": 80})
        db.session.commit()
    code, output = verify(app)
    assert code == 1 and "jenis objek 'final_result' tidak punya pembaca nilai" in output


def test_scores_from_before_the_ledger_are_recorded_once_by_the_baseline(app, pjj):
    session_id, participant = pjj["session_id"], pjj["participant_ids"][0]
    edit_database(  # a correction made before this version: no entry
        app,
        "INSERT INTO attendance_corrections (session_id, user_id, status, note, corrected_at) "
        "VALUES (:s, :u, 'izin', 'lama', CURRENT_TIMESTAMP)",
        s=session_id,
        u=participant,
    )
    code, output = verify(app)
    assert code == 1 and "nilai tanpa entri ledger" in output
    result = app.test_cli_runner().invoke(args=["lms", "ledger-baseline"])
    assert result.exit_code == 0 and "1 entri saldo awal dicatat" in result.output
    assert [(e.kind, e.participant_id, e.values_json) for e in entries(app)] == [
        ("ledger.baseline", participant, f'{{"session":{session_id},"status":"izin"}}')
    ]
    assert verify(app)[0] == 0
    _correct(app, pjj, 1, "sakit")
    again = app.test_cli_runner().invoke(args=["lms", "ledger-baseline"])
    assert again.exit_code == 1 and "hanya dicatat sekali" in again.output
    assert len(entries(app)) == 2


TAMPERING = {
    "edited": ("UPDATE score_ledger SET values_json = '{}' WHERE seq = 2", 2, "diubah setelah dicatat", 1),
    "removed": ("DELETE FROM score_ledger WHERE seq = 2", 3, "entri #2 tidak ada lagi", 1),
    "first removed": ("DELETE FROM score_ledger WHERE seq = 1", 2, "entri #1 tidak ada lagi", 0),
    "relinked": ("UPDATE score_ledger SET prev_hash = hash WHERE seq = 3", 3, "bukan hash entri #2", 2),
}


@pytest.mark.parametrize("tampering", sorted(TAMPERING))
def test_the_database_and_python_paths_name_the_same_first_broken_entry(app, scored, tampering):
    sql, seq, reason, verified = TAMPERING[tampering]
    with ledger_guard_off(app):
        edit_database(app, sql)
    with app.app_context():
        paths = [False] + ([True] if db.engine.dialect.name == "postgresql" else [])
        found = []
        for path in paths:
            result = run_verify(sql=path)
            db.session.rollback()
            found.append((result.broken, result.entries))
    broken, entries_verified = found[0]
    assert (broken.seq, entries_verified) == (seq, verified) and reason in broken.reason
    assert all(other == found[0] for other in found[1:])  # PostgreSQL: its SQL path finds the same
