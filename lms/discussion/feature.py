"""How the discussion feature joins the app: its pages, and its part of the participant record."""

from flask import Flask

from lms.dashboard.reports import PARTICIPANT_COLUMNS
from lms.dashboard.routes import RECORD_SECTIONS
from lms.discussion.notification_routes import bp as notifications_bp
from lms.discussion.participation import posts_column, record_section
from lms.discussion.routes import bp
from lms.discussion.staff_routes import bp as staff_bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(notifications_bp)
    PARTICIPANT_COLUMNS["posts"] = posts_column  # TODO(helper): hooks declared in people
    if record_section not in RECORD_SECTIONS:
        RECORD_SECTIONS.append(record_section)
