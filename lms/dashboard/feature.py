"""How the dashboards join the app: their pages."""

from flask import Flask

from lms.dashboard.routes import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
