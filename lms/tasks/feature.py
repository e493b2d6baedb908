"""How the tasks feature joins the app: its pages, its section on the angkatan page, and its part of the PJJ gate."""

from flask import Flask

from lms.core.ledger_readers import CURRENT_VALUES
from lms.people.record import ANGKATAN_SECTIONS
from lms.phases.progress import EXPLAIN_UNMET
from lms.tasks import grading_routes, ledger_values, staff_routes  # noqa: F401  (views join the tasks blueprint)
from lms.tasks.gate import explain_tasks
from lms.tasks.grading import points_text
from lms.tasks.routes import bp
from lms.tasks.sections import angkatan_section


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_filter(points_text, "poin")
    ANGKATAN_SECTIONS.connect(app, angkatan_section)
    EXPLAIN_UNMET.connect(app, explain_tasks)  # after attendance's: the lock page names sessions, then tasks
    CURRENT_VALUES.connect(app, ledger_values.readers)
