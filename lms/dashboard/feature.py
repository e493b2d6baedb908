"""How the dashboards join the app: their pages (the coordinators' and the instansi viewers')."""

from flask import Flask

from lms.dashboard import employee_routes  # noqa: F401  (its views join the dashboard blueprint)
from lms.dashboard.routes import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
