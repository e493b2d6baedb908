"""How the discussion feature joins the app: its pages, and its part of the participant record and
of the angkatan matrix (posts)."""

from flask import Flask

from lms.discussion.notification_routes import bp as notifications_bp
from lms.discussion.participation import matrix_column, record_section
from lms.discussion.routes import bp
from lms.discussion.staff_routes import bp as staff_bp
from lms.people.record import PARTICIPANT_COLUMNS, RECORD_SECTIONS


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(notifications_bp)
    PARTICIPANT_COLUMNS.connect(app, matrix_column)
    RECORD_SECTIONS.connect(app, record_section)
