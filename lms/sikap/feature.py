"""How the sikap feature joins the app: the `sikap` component source of the program."""

from flask import Flask

from lms.program.sources import COMPONENT_SOURCES
from lms.sikap import recap


def init_app(app: Flask) -> None:
    COMPONENT_SOURCES.connect(app, recap.component_sources)
