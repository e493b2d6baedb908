"""How the habituation log joins the app: its pages, its part of the coach's and mentor's queue, and its section
of the participant record."""

from flask import Flask

from lms.aktualisasi.hooks import QUEUE_SECTIONS
from lms.habituation import staff_routes  # noqa: F401  (its views join the habituation blueprint)
from lms.habituation.queue import queue_section, record_section
from lms.habituation.routes import bp
from lms.people.record import RECORD_SECTIONS


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    QUEUE_SECTIONS.connect(app, queue_section)
    RECORD_SECTIONS.connect(app, record_section)
