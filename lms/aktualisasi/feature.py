"""How the aktualisasi feature joins the app."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Its pages and hook connections are added as the feature is built (issue #17)."""
