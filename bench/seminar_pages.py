"""The seminar pages `make bench` measures (bench/pages.py lists them with the rest), on the demo's seminar
rancangan (lms/seminar/demo.py): the coordinator's pages and result PDF, the penguji's pages and a score submit.
The generator writes no seminars, so these run on the demo's one (two participants) at every scale."""

from __future__ import annotations

from page_types import Page


def reopen_penguji_scores(db, sessions) -> None:
    """Before each run the penguji's scores are drafts again, so every submit does the whole work once."""
    ids = [s.user_id for s in sessions]
    if ids:
        db.execute(
            "UPDATE seminar_scores SET submitted_at = NULL WHERE role = 'penguji' AND place_id IN "
            "(SELECT p.id FROM seminar_places p JOIN seminars s ON s.id = p.seminar_id WHERE s.examiner_id IN :ids)",
            ids=ids,
        )


def submitted_scores(db, sessions) -> int:
    ids = [s.user_id for s in sessions]
    return len(
        ids
        and db.column(
            "SELECT id FROM seminar_scores WHERE role = 'penguji' AND submitted_at IS NOT NULL AND place_id IN "
            "(SELECT p.id FROM seminar_places p JOIN seminars s ON s.id = p.seminar_id WHERE s.examiner_id IN :ids)",
            ids=ids,
        )
    )


# The shipped rubric of the seminar rancangan: four criteria, levels 1 to 4.
TOP_LEVELS = {f"kriteria-{i}": "4" for i in range(4)}

SEMINAR_PAGES: list[Page] = [
    Page("seminar_angkatan", "/seminar/angkatan/{seminar_angkatan}", user="coordinator", note="an angkatan's seminars"),
    Page("seminar_manage", "/seminar/{seminar_id}", user="coordinator", note="participants, scores, disagreements"),
    Page(
        "seminar_result_pdf",
        "/seminar/{seminar_id}/hasil.pdf",
        user="coordinator",
        method="POST",
        body=lambda session, params: {"csrf_token": session.csrf_token},
        weight=False,
        note="the result sheet as PDF (fpdf2, DejaVu)",
    ),
    Page("seminar_mine", "/seminar/saya", user="penguji", note="the penguji's seminars"),
    Page("seminar_scoring_list", "/seminar/{penguji_seminar}/penilaian", user="penguji", note="participants in order"),
    Page(
        "seminar_score_page",
        "/seminar/{seminar_place[seminar]}/penilaian/{seminar_place[enrolment]}",
        user="penguji",
        note="the rubric's levels as radios",
    ),
    Page(
        "seminar_score_submit",
        "/seminar/{seminar_place[seminar]}/penilaian/{seminar_place[enrolment]}",
        user="penguji",
        method="POST",
        body=lambda session, params: {**TOP_LEVELS, "csrf_token": session.csrf_token, "action": "kirim"},
        expect=302,
        weight=False,
        once=True,
        before_run=reopen_penguji_scores,
        measured_path=submitted_scores,
        note="submit (lock) a score, once per participant and run",
    ),
]
