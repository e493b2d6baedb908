"""Connects the program file to the content import and check."""

from flask import Flask

from lms.content.importer import APPLY_IMPORT, CHECK_IMPORT
from lms.program.versions import apply_program_file, check_program_file


def init_app(app: Flask) -> None:
    CHECK_IMPORT.connect(app, check_program_file)
    APPLY_IMPORT.connect(app, apply_program_file)
