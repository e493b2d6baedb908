"""How the dashboards join the app: their pages (the coordinators' and the instansi viewers'), and the JP ledger's
part of the participant record."""

from flask import Flask

from lms.dashboard import employee_routes  # noqa: F401  (its views join the dashboard blueprint)
from lms.dashboard.jp_sections import record_section
from lms.dashboard.routes import bp
from lms.people.record import RECORD_SECTIONS


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    RECORD_SECTIONS.connect(app, record_section)
