"""The klasikal attendance the final result's pass rule reads (lms.program.sources.KLASIKAL_ATTENDANCE)."""

from decimal import ROUND_HALF_UP, Decimal

from lms.attendance.klasikal import klasikal_phase_id
from lms.attendance.recap import Summary, attendance_summary

HUNDREDTH = Decimal("0.01")


def rate_of(summary: Summary) -> Decimal | None:
    """attended / (held - excused) as a percentage to two decimals (half up), from a participant's summary of the
    klasikal sessions; None while there is nothing to measure."""
    counted = summary.held - summary.excused
    if summary.held == 0 or counted <= 0:
        return None
    return (Decimal(100) * summary.attended / counted).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def klasikal_attendance_rate(user_ids) -> dict[int, Decimal | None]:
    """Each participant's klasikal attendance, for the pass rule (`pass_rule.min_klasikal_attendance`):

    - the sessions counted are the klasikal sessions of the participant's own angkatan that have been held, that
      is, have ended by now (a session under way or to come counts for nobody yet);
    - attended: those where the participant's status is hadir or terlambat (a late arrival is present);
    - excused: izin, sakit and dinas leave the denominator (they neither help nor hurt);
    - alpa, and a held session with nothing recorded (which the recap shows as alpa), count as absent;
    - rate = 100 x attended / (held - excused), to two decimals, rounded half up;
    - None when no session has been held yet, and when every held session was excused (nothing to measure: the
      pass rule then waits, as it waits for a missing score).

    A user without an enrolment gets None. Seven queries, whatever the number of participants (the klasikal
    phase, then attendance_summary's six)."""
    user_ids = list(user_ids)
    if not user_ids:
        return {}
    phase_id = klasikal_phase_id()
    if phase_id is None:
        return dict.fromkeys(user_ids)
    summaries = attendance_summary(user_ids, phase_id)
    return {user_id: rate_of(summaries[user_id]) for user_id in user_ids}
