"""How the attendance feature joins the app: its pages (the schedule, check-in, attendance and recap) and a
section on the angkatan page linking to them."""

from flask import Flask

from lms.attendance import attendance_routes, session_routes  # noqa: F401  (their views join the blueprint)
from lms.attendance.routes import bp
from lms.attendance.sections import angkatan_section
from lms.people.record import ANGKATAN_SECTIONS


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    ANGKATAN_SECTIONS.connect(app, angkatan_section)
