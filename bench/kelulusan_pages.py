"""The result pages `make bench` measures (bench/pages.py lists them with the rest), on bench/generate_kelulusan.py's
data: the coordinator's kelulusan page of an angkatan of 40 with a prepared result (blockers from the recap, the
staleness check, the prepared table), the head's review of it, and a participant's sealed result."""

from __future__ import annotations

from page_types import Page, UserKind

KELULUSAN_USER_KINDS = {
    "head": UserKind("SELECT id, nip FROM users WHERE role = 'head' AND active ORDER BY id", count=1, quick_count=1),
    # Participants whose angkatan's result is sealed.
    "sealed_participant": UserKind(
        "SELECT DISTINCT u.id, u.nip FROM users u JOIN kelulusan_rows r ON r.user_id = u.id "
        "JOIN kelulusan_results k ON k.angkatan_id = r.angkatan_id "
        "WHERE k.ratified_at IS NOT NULL AND u.active ORDER BY u.id",
        count=8,
        quick_count=4,
    ),
}

KELULUSAN_PARAMS = {
    # Angkatan of the session's lembaga (coordinator or head) with a prepared result not yet ratified.
    "prepared_angkatan": lambda db, s: db.column(
        "SELECT k.angkatan_id FROM kelulusan_results k JOIN angkatan a ON a.id = k.angkatan_id "
        "JOIN coordinator_lembaga ci ON ci.lembaga_id = a.lembaga_id "
        "WHERE ci.user_id = :user_id AND k.ratified_at IS NULL ORDER BY k.angkatan_id",
        user_id=s.user_id,
    ),
}

KELULUSAN_PAGES = [
    Page(
        "kelulusan_prepare",
        "/kelulusan/angkatan/{prepared_angkatan}/persiapan",
        user="coordinator",
        note="40 participants: blockers from the recap, staleness, the prepared result",
    ),
    Page(
        "kelulusan_review",
        "/kelulusan/angkatan/{prepared_angkatan}/pengesahan",
        user="head",
        note="the head's review of a prepared result of 40, with its staleness check",
    ),
    Page(
        "kelulusan_my_result", "/kelulusan/hasil-saya", user="sealed_participant", note="a participant's sealed result"
    ),
]
