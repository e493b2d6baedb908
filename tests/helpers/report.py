"""Plain helpers for the report tests: a plan taken to its last state by the real rules, log items as the
habituation log would give them (evidence photos stored through lms.core.storage), and the report's requests."""

import io
from datetime import UTC, date, datetime, timedelta

from PIL import Image

from lms.core.storage import get_storage, new_key
from lms.habituation.summary import LogEvidence, LogItem
from tests.helpers.web import post

EDITOR = "/aktualisasi/laporan"


def plan_fully_approved(user_id: int, coach_id: int, mentor_id: int, examiner_id: int) -> None:
    """The plan through its whole path to 'approved' (the seminar rancangan passed) by the real rules; inside an
    app context, committed by the caller."""
    from lms.aktualisasi import editing
    from lms.aktualisasi.transitions import transition
    from tests.helpers.aktualisasi import plan_approved_by_mentor

    plan_approved_by_mentor(user_id, coach_id, mentor_id)
    plan = editing.plan_of(user_id)
    transition(plan, "schedule_seminar", {"coordinator"}, actor_id=None)
    transition(plan, "score", {"penguji"}, actor_id=examiner_id, role="penguji")
    transition(plan, "approve_plan", {"penguji"}, actor_id=examiner_id, role="penguji")


def store_photo(color=(200, 30, 30), size=(1600, 1200)) -> str:
    """A JPEG photo (larger than the PDF keeps) stored as the log stores evidence; its key. In an app context."""
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    key = new_key("habituasi")
    get_storage().put(key, out.getvalue())
    return key


def log_items(activity_id: int, photo_key: str | None = None, *, extra: int = 0) -> list[LogItem]:
    """Confirmed entries of one activity: step 1 with a photo, step 2, and `extra` more on step 2."""
    confirmed = datetime(2026, 11, 20, 9, tzinfo=UTC)
    evidence = (
        (LogEvidence(photo_key, "papan-antrean.jpg", "image/jpeg", "Papan antrean terpasang"),) if photo_key else ()
    )
    items = [
        LogItem(
            1,
            activity_id,
            1,
            date(2026, 11, 2),
            "Rapat dengan kepala puskesmas tentang SOP antrean.",
            {"akuntabel": "Notulen rapat dibagikan."},
            "Jadwal rapat bergeser.",
            confirmed,
            evidence,
        ),
        LogItem(
            2,
            activity_id,
            2,
            date(2026, 11, 3),
            "Menyusun draf SOP bersama petugas loket.",
            {"kolaboratif": "Melibatkan petugas loket."},
            "",
            confirmed,
            (),
        ),
    ]
    for n in range(extra):
        items.append(
            LogItem(
                10 + n,
                activity_id,
                2,
                date(2026, 11, 4) + timedelta(days=n),
                f"Uji coba SOP hari ke-{n + 1}.",
                {},
                "",
                confirmed,
                (),
            )
        )
    return items


def save(client, key: str, body: str, revision: int):
    return post(client, f"{EDITOR}/bagian/{key}", {"revision": str(revision), "body": body}, token_from=EDITOR)


def act(client, user_id: int, action: str, state: str, **comments):
    url = f"{EDITOR}/{user_id}/tindakan"
    data = {"action": action, "state": state, **{f"komentar_{k}": v for k, v in comments.items()}}
    return post(client, url, data, token_from=f"{EDITOR}/{user_id}")


def submit(client, state: str = "draft"):
    return post(client, f"{EDITOR}/ajukan", {"action": "submit", "state": state}, token_from=EDITOR)


def report_approved_by_mentor(user_id: int, coach_id: int, mentor_id: int, penguji_id: int) -> None:
    """The participant's plan past its seminar rancangan and their report written, checked by the coach and
    approved by the mentor, by the real rules (what the seminar aktualisasi needs); in an app context."""
    from lms.aktualisasi import editing as plan_editing
    from lms.aktualisasi.transitions import transition as plan_transition
    from lms.report import editing
    from lms.report.demo import TEXTS
    from lms.report.transitions import transition

    plan = plan_editing.plan_of(user_id)
    if plan.state == "approved_by_mentor":
        plan_transition(plan, "schedule_seminar", {"coordinator"}, actor_id=None)
    if plan.state == "seminar_scheduled":
        plan_transition(plan, "score", {"penguji"}, actor_id=penguji_id, role="penguji")
    if plan.state == "scored":
        plan_transition(plan, "approve_plan", {"penguji"}, actor_id=penguji_id, role="penguji")
    report = editing.start_report(user_id)
    for key, text in TEXTS.items():
        editing.save_section(report, key, text, 1)
    for action, actors, actor_id in (
        ("submit", {"participant"}, user_id),
        ("check", {"coach"}, coach_id),
        ("approve", {"mentor"}, mentor_id),
    ):
        transition(report, action, actors, actor_id=actor_id)
