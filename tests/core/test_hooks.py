"""The plug-in points between features: connections live on the app, in order, once each."""

from flask import Flask

from lms.app import FEATURES, create_app
from lms.attendance.gate import explain_attendance
from lms.content.importer import APPLY_IMPORT, CHECK_IMPORT
from lms.content.progress import LESSON_DONE, explain_unread
from lms.core.hooks import Hook
from lms.core.ledger_readers import CURRENT_VALUES
from lms.phases.progress import EXPLAIN_UNMET
from lms.program.versions import apply_program_file, check_program_file
from lms.quiz import importer as quiz_importer
from lms.quiz.completion import complete_after_reading, explain_unmet
from lms.report.gate import explain_report
from lms.seminar.program import check_rubric_files
from lms.tasks.gate import explain_tasks
from tests.helpers.database import TEST_CONFIG


def test_a_hook_calls_its_receivers_in_order_and_gives_their_answers():
    hook = Hook("test.numbers", "f(n) -> int")
    app = Flask(__name__)
    hook.connect(app, lambda n: n + 1)
    double = lambda n: n * 2  # noqa: E731
    hook.connect(app, double)
    hook.connect(app, double)  # a second connection of the same receiver keeps one
    with app.app_context():
        assert hook.call(5) == [6, 10]
        assert len(hook.receivers()) == 2


def test_connections_belong_to_one_app_not_to_the_module():
    hook = Hook("test.apps", "f() -> str")
    first, second = Flask("first"), Flask("second")
    hook.connect(first, lambda: "first")
    with first.app_context():
        assert hook.call() == ["first"]
    with second.app_context():
        assert hook.call() == []  # an app whose features did not connect hears nothing


def test_create_app_connects_each_feature_once_bottom_layer_first():
    config = {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    create_app(config)
    app = create_app(config)  # a second app: no receiver doubled, none shared through a module global
    with app.app_context():
        assert EXPLAIN_UNMET.receivers() == [
            explain_unread,
            explain_unmet,
            explain_attendance,
            explain_tasks,
            explain_report,
        ]
        assert LESSON_DONE.receivers() == [complete_after_reading]
        assert [r.__module__ for r in CURRENT_VALUES.receivers()] == [
            f"lms.{feature}.ledger_values" for feature in ("phases", "quiz", "attendance", "tasks", "seminar")
        ]
        # The program file (lms.program, below quiz) first: its version is written before the question banks.
        assert CHECK_IMPORT.receivers() == [check_program_file, quiz_importer.check_import, check_rubric_files]
        assert APPLY_IMPORT.receivers() == [apply_program_file, quiz_importer.apply_import]
    names = [feature.__name__ for feature in FEATURES]
    assert names.index("lms.content.feature") < names.index("lms.quiz.feature")
