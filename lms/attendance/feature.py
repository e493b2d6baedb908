"""How the attendance feature joins the app: its pages (the schedule, check-in, attendance and recap, the klasikal
days and the committee's list and scan), a section on the angkatan page linking to them, and the klasikal
attendance the final result's pass rule reads."""

from flask import Flask

from lms.attendance import attendance_routes, klasikal_routes, ledger_values, session_routes  # noqa: F401
from lms.attendance.gate import explain_attendance
from lms.attendance.klasikal_rate import klasikal_attendance_rate
from lms.attendance.routes import bp
from lms.attendance.sections import angkatan_section
from lms.core.ledger_readers import CURRENT_VALUES
from lms.people.record import ANGKATAN_SECTIONS
from lms.phases.progress import EXPLAIN_UNMET
from lms.program.sources import KLASIKAL_ATTENDANCE


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    ANGKATAN_SECTIONS.connect(app, angkatan_section)
    # After content's reading and quiz's evaluations: a lock page lists what is missing in that order.
    EXPLAIN_UNMET.connect(app, explain_attendance)
    KLASIKAL_ATTENDANCE.connect(app, klasikal_attendance_rate)
    CURRENT_VALUES.connect(app, ledger_values.readers)
