"""How the aktualisasi feature joins the app: its pages, the check of the institution's criteria, and its
section of the participant record."""

from flask import Flask

from lms.aktualisasi import attachment_routes, review_routes  # noqa: F401  (their views join the blueprint)
from lms.aktualisasi.criteria import HABITUATION_DAYS, ISSUE_CRITERIA, check_criteria
from lms.aktualisasi.record import record_section
from lms.aktualisasi.routes import bp
from lms.people.record import RECORD_SECTIONS


def init_app(app: Flask) -> None:
    check_criteria(ISSUE_CRITERIA, HABITUATION_DAYS)  # a wrong configuration stops the app, with its reason
    app.register_blueprint(bp)
    RECORD_SECTIONS.connect(app, record_section)
