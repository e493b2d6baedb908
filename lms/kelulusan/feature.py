"""How the kelulusan feature joins the app."""

from flask import Flask

from lms.kelulusan.ratification_feature import init_ratification


def init_app(app: Flask) -> None:
    init_ratification(app)
