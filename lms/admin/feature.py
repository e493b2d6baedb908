"""How the admin feature joins the app: its pages."""

from flask import Flask

from lms.admin import lembaga_routes  # noqa: F401  (its views join the admin blueprint)
from lms.admin.routes import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
