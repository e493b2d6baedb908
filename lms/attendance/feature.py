"""How the attendance feature joins the app: its pages (the schedule, check-in, attendance and recap) and a
section on the angkatan page linking to them."""

from flask import Flask

from lms.attendance import attendance_routes, ledger_values, session_routes  # noqa: F401  (their views join the blueprint)
from lms.attendance.gate import explain_attendance
from lms.attendance.routes import bp
from lms.attendance.sections import angkatan_section
from lms.core.ledger_readers import CURRENT_VALUES
from lms.people.record import ANGKATAN_SECTIONS
from lms.phases.progress import EXPLAIN_UNMET


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    ANGKATAN_SECTIONS.connect(app, angkatan_section)
    # After content's reading and quiz's evaluations: a lock page lists what is missing in that order.
    EXPLAIN_UNMET.connect(app, explain_attendance)
    CURRENT_VALUES.connect(app, ledger_values.readers)
