"""How the result's ratification, corrections and program recompute join the app: their pages, the section on the
angkatan page, and the template filter of a final score. lms/kelulusan/feature.py calls `init_ratification`."""

from decimal import Decimal

from flask import Flask

from lms.kelulusan import (
    correction_routes,  # noqa: F401  (its views join the ratification blueprint)
    result_routes,  # noqa: F401
)
from lms.kelulusan.ratification_routes import bp
from lms.kelulusan.result_sections import angkatan_section
from lms.people.record import ANGKATAN_SECTIONS


def two_decimals(value) -> str:
    """A final or component score as results are reported: two decimals, a decimal comma ('85,50'); '—' for none."""
    if value is None:
        return "—"
    return f"{Decimal(value):.2f}".replace(".", ",")


def init_ratification(app: Flask) -> None:
    app.register_blueprint(bp)
    ANGKATAN_SECTIONS.connect(app, angkatan_section)
    app.jinja_env.filters["nilai2"] = two_decimals
