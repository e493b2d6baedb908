"""A correction of a participant's attendance in the score ledger (lms.core.ledger): the status a widyaiswara or
coordinator set, which counts toward the phase's attendance rule and the pass rule's klasikal attendance."""

from sqlalchemy import String, cast, select

from lms.attendance.models import AttendanceCorrection
from lms.core import ledger
from lms.core.extensions import db
from lms.core.ledger_readers import Reader, sql_values

CORRECTION = "attendance_correction"


def record_correction(row: AttendanceCorrection, actor_id: int | None) -> None:
    """After the row is flushed (its id), in the correction's transaction."""
    ledger.append(
        "attendance.correct",
        CORRECTION,
        row.id,
        participant_id=row.user_id,
        values={"session": row.session_id, "status": row.status},
        actor_id=actor_id,
    )


def _current(ids: list[str]) -> dict:
    rows = db.session.connection().execute(
        select(AttendanceCorrection.id, AttendanceCorrection.session_id, AttendanceCorrection.status).where(
            AttendanceCorrection.id.in_([int(i) for i in ids])
        )
    )
    return {str(i): {"session": session_id, "status": status} for i, session_id, status in rows}


def readers() -> list[Reader]:
    """lms.core.ledger_readers.CURRENT_VALUES."""
    return [
        Reader(
            CORRECTION,
            _current,
            lambda: select(cast(AttendanceCorrection.id, String), AttendanceCorrection.user_id),
            lambda: select(
                cast(AttendanceCorrection.id, String),
                sql_values(session=AttendanceCorrection.session_id, status=AttendanceCorrection.status),
            ),
        )
    ]
