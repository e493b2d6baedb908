"""The sikap perilaku pages `make bench` measures (bench/pages.py lists them with the rest): a widyaiswara's index of
the angkatan they score in, one angkatan's scoring list (the 400-participant one among them), the scoring sheet of
instrument 3A, and its submit once per participant. The generator assigns the demo's widyaiswara to every generated
angkatan, so their index and lists are the heaviest a scorer has; the program is the shipped one (imported with the
curriculum)."""

from __future__ import annotations

from page_types import Page, UserKind

# Instrument 3A of content/program.yaml (widyaiswara): seven criteria (BerAKHLAK), levels 1 to 4.
INSTRUMENT = "3A"
TOP_LEVELS = {f"kriteria-{i}": "4" for i in range(7)}

SIKAP_USER_KINDS = {
    # Widyaiswara assigned to an angkatan: they score its participants on 3A.
    "sikap_widyaiswara": UserKind(
        "SELECT DISTINCT u.id, u.nip FROM users u JOIN angkatan_instructors ai ON ai.user_id = u.id "
        "WHERE u.active AND u.role = 'instructor' ORDER BY u.id",
        count=2,
        quick_count=1,
    ),
}

SIKAP_PARAMS = {
    "sikap_angkatan": lambda db, s: db.column(
        "SELECT angkatan_id FROM angkatan_instructors WHERE user_id = :user_id ORDER BY angkatan_id",
        user_id=s.user_id,
    ),
    "sikap_participant": lambda db, s: db.column(
        "SELECT e.user_id FROM enrolments e JOIN angkatan_instructors ai ON ai.angkatan_id = e.angkatan_id "
        "WHERE ai.user_id = :user_id ORDER BY e.user_id LIMIT 200",
        user_id=s.user_id,
    ),
}


def clear_sikap_scores(db, sessions) -> None:
    """Before each run the widyaiswara's 3A scores are gone, so every submit inserts and audits once."""
    ids = [s.user_id for s in sessions]
    if ids:
        db.execute("DELETE FROM sikap_scores WHERE instrument = :code AND scorer_id IN :ids", code=INSTRUMENT, ids=ids)


def submitted_sikap_scores(db, sessions) -> int:
    ids = [s.user_id for s in sessions]
    return len(
        ids
        and db.column(
            "SELECT id FROM sikap_scores WHERE instrument = :code AND submitted_at IS NOT NULL AND scorer_id IN :ids",
            code=INSTRUMENT,
            ids=ids,
        )
    )


SIKAP_PAGES: list[Page] = [
    Page("sikap_index", "/sikap/", user="sikap_widyaiswara", note="a widyaiswara's angkatan, counts per instrument"),
    Page(
        "sikap_list",
        "/sikap/penilaian/{sikap_angkatan}",
        user="sikap_widyaiswara",
        note="one angkatan's participants with the state of the widyaiswara's score (40, or 400)",
    ),
    Page(
        "sikap_sheet",
        f"/sikap/peserta/{{sikap_participant}}/{INSTRUMENT}",
        user="sikap_widyaiswara",
        note="the rubric's levels as radios, the relation check",
    ),
    Page(
        "sikap_submit",
        f"/sikap/peserta/{{sikap_participant}}/{INSTRUMENT}",
        user="sikap_widyaiswara",
        method="POST",
        body=lambda session, params: {
            **TOP_LEVELS,
            "csrf_token": session.csrf_token,
            "action": "kirim",
            "revision": "0",
            "notes": "",
        },
        expect=302,
        weight=False,
        once=True,
        before_run=clear_sikap_scores,
        measured_path=submitted_sikap_scores,
        note="submit (lock) a 3A score: rubric score, row lock, audit; once per participant and run",
    ),
]
