"""Plain helpers for the habituation log tests: an approved plan by the real rules, the aktualisasi window
around today, workdays inside it, and small JPEGs (with GPS EXIF when asked)."""

import io
from datetime import date

from PIL import Image

from lms.core.extensions import db
from lms.habituation.period import latest_workday as last_workday
from lms.phases.models import Phase, PhaseSchedule, install_default_phases


def approve_plan(user_id: int, coach_id: int, mentor_id: int, examiner_id: int | None = None) -> None:
    """The plan through its whole first path to 'approved' (the seminar rancangan included); in an app context."""
    from lms.aktualisasi import editing
    from lms.aktualisasi.transitions import transition
    from tests.helpers.aktualisasi import plan_approved_by_mentor

    plan_approved_by_mentor(user_id, coach_id, mentor_id)
    plan = editing.plan_of(user_id)
    transition(plan, "schedule_seminar", {"coordinator"}, actor_id=None)
    transition(plan, "score", {"penguji"}, actor_id=examiner_id)
    transition(plan, "approve_plan", {"penguji"}, actor_id=examiner_id)


def schedule_aktualisasi(angkatan_id: int, opens: date, closes: date) -> None:
    install_default_phases()
    phase = db.session.scalar(db.select(Phase).where(Phase.code == "aktualisasi"))
    db.session.add(PhaseSchedule(angkatan_id=angkatan_id, phase_id=phase.id, opens_on=opens, closes_on=closes))


def jpeg_bytes(size=(2400, 1800), gps: bool = False, color=(40, 120, 200)) -> bytes:
    """A JPEG the size of a phone photo's (solid colour, so small on disk); with GPS EXIF when `gps`."""
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        gps_ifd = {1: "S", 2: (6.0, 10.0, 30.0), 3: "E", 4: (106.0, 49.0, 12.0)}
        exif[0x8825] = gps_ifd
        image.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    else:
        image.save(out, "JPEG", quality=90)
    return out.getvalue()


def noisy_jpeg(target_bytes: int = 1_000_000) -> bytes:
    """A JPEG of about `target_bytes` (random noise does not compress), for the bench and size tests."""
    import os

    side = 600
    while True:
        image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
        if out.tell() >= target_bytes:
            return out.getvalue()
        side += 200


def log_entry_with_photo(user_id: int, coach_id: int | None = None, day: date | None = None):
    """A waiting entry on the first activity of the user's plan, with a stored photo and a coach's comment;
    written as rows (no period rules), in an app context, flushed."""
    from lms.aktualisasi.editing import plan_of
    from lms.core.photos import check_evidence
    from lms.habituation.entries import _attach
    from lms.habituation.models import LogComment, LogEntry

    activity = plan_of(user_id).activities[0]
    entry = LogEntry(
        user_id=user_id,
        activity_id=activity.id,
        step=1,
        day=last_workday(day or date.today()),
        done="Konsultasi draf SOP dengan kepala puskesmas.",
        values={"akuntabel": "Notulen disimpan."},
        obstacles="",
    )
    db.session.add(entry)
    _attach(entry, [(check_evidence("konsultasi.jpg", jpeg_bytes((64, 48))), "Ruang konsultasi")])
    db.session.flush()
    if coach_id:
        db.session.add(LogComment(entry_id=entry.id, author_id=coach_id, role="coach", body="Lengkapi notulennya."))
    db.session.flush()
    return entry
