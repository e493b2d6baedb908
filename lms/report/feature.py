"""How the report feature joins the app: its pages, its rule of the klasikal gate (phases' EXPLAIN_UNMET), its
part of the coach's and mentor's queue and of the participant record."""

from flask import Flask

from lms.aktualisasi.hooks import QUEUE_SECTIONS
from lms.people.record import RECORD_SECTIONS
from lms.phases.progress import EXPLAIN_UNMET
from lms.report import review_routes, version_routes  # noqa: F401  (their views join the report blueprint)
from lms.report.gate import explain_report
from lms.report.queue import queue_section, record_section
from lms.report.routes import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    EXPLAIN_UNMET.connect(app, explain_report)
    QUEUE_SECTIONS.connect(app, queue_section)
    RECORD_SECTIONS.connect(app, record_section)
