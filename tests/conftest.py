"""The suite's fixtures live in plugin modules (tests/plugins/), registered here once; plain helpers
(factories, request helpers) live in tests/factories.py and tests/helpers/. Nothing imports a conftest."""

import os

pytest_plugins = [
    "tests.plugins.app",
    "tests.plugins.content",
    "tests.plugins.quiz",
    "tests.plugins.questions",
    "tests.plugins.dashboard",
    "tests.plugins.browser",
    "tests.plugins.ops",
    "tests.plugins.admin",
    "tests.plugins.outbox",
    "tests.plugins.attendance",
    "tests.plugins.aktualisasi",
    "tests.plugins.storage",
    "tests.plugins.tasks",
    "tests.plugins.seminar",
    "tests.plugins.habituation",
    "tests.plugins.report",
    "tests.plugins.sikap",
    "tests.plugins.kelulusan",
    "tests.plugins.recap",
]


def pytest_sessionfinish(session, exitstatus):
    """In CI (LMS_FAIL_ON_SKIP=1) a skipped suite is a failure, not a pass."""
    if os.environ.get("LMS_FAIL_ON_SKIP") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"LMS_FAIL_ON_SKIP: {len(skipped)} test(s) skipped; failing the run.", red=True)
        session.exitstatus = 1
