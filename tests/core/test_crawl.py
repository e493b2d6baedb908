"""A crawl as every role over every page its links reach: no server error, nothing personal stored by the
browser, and no page route that the crawl cannot reach unless it is listed here with the reason."""

import shutil

import pytest

from lms.app import create_app
from lms.auth.models import Role
from lms.core.extensions import db
from lms.phases.models import install_default_phases
from tests.core.crawl_world import build_world
from tests.crawler import NOT_FOLLOWED, crawl
from tests.helpers.database import DATABASES, TEST_CONFIG, truncate_pg
from tests.helpers.web import AuthActions

# Page routes a signed-in browser may keep in its own cache (marked with lms.core.web.browser_may_keep).
MAY_BE_KEPT = {
    "content.lesson": "revisited with its ETag (a 304 on weak mobile data); curriculum text, no scores",
    "content.asset": "a curriculum image under its content hash",
}
# GET routes no link leads to, and why the crawl does not visit them.
NOT_CRAWLED = {
    "static": "files, not pages; fingerprinted ones are public and immutable",
    "favicon": "a file named by <link rel=icon>, not a page; tests/core/test_static.py asks for it",
    "attendance.calendar": "a participant's secret calendar address, shown once after a POST and linked from no"
    " page; tests/attendance/test_recap.py fetches it as a calendar app does",
    "dashboard.participant": "the old address of the participant record, a permanent redirect no page links to;"
    " tests/dashboard/test_reports.py follows it",
    "tasks.too_large_page": "nginx's error_page for a body over client_max_body_size, never a link;"
    " tests/tasks/test_submitting.py asks for it",
    "quiz_grading.grade": "an essay awaiting its grader; tests/quiz/test_essays.py opens and posts it for every role",
    "report.evidence": "a photo of the habituation log inside a report; the log is another branch's (its placeholder"
    " here has no entries): tests/report/test_access.py fetches it as every reader",
}
assert set(NOT_CRAWLED) >= NOT_FOLLOWED


@pytest.fixture(scope="module", params=DATABASES)
def crawled(request, tmp_path_factory):
    """One world and one crawl per database, shared by this module's tests (a crawl takes seconds)."""
    folder = tmp_path_factory.mktemp("crawl")
    if request.param == "sqlite":
        shutil.copy(request.getfixturevalue("sqlite_template"), folder / "lms.sqlite3")
        url = f"sqlite:///{folder / 'lms.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_url")
        truncate_pg(url)
    # Server errors answered as a visitor sees them (the error page), not raised into the test.
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "PROPAGATE_EXCEPTIONS": False})
    app.instance_path = str(folder / "instance")
    with app.app_context():
        install_default_phases()
        db.session.commit()
    results = {}
    for visitor in build_world(app, folder / "content"):
        client = app.test_client()
        if visitor.login:
            assert AuthActions(client).login(visitor.login).status_code == 302, visitor.name
        results[visitor.name] = (visitor, crawl(app, client, visitor.start))
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return app, results


def test_the_crawl_signs_in_as_every_role(crawled):
    _app, results = crawled
    roles = {visitor.role for visitor, _crawl in results.values()}
    missing = {role.value for role in Role} - roles
    assert not missing, f"add a visitor with role {missing} to tests/core/crawl_world.py"


def test_no_page_reachable_by_any_role_fails_with_a_server_error(crawled):
    _app, results = crawled
    errors = [f"{name}: {v.describe()}" for name, (_v, c) in results.items() for v in c.server_errors()]
    assert errors == [], "\n".join(errors)


def test_no_link_leads_nowhere(crawled):
    _app, results = crawled
    broken = [f"{name}: {link}" for name, (_v, c) in results.items() for link in c.broken_links]
    assert broken == [], "\n".join(broken)


def test_every_page_route_is_reached_by_the_crawl(crawled):
    app, results = crawled
    reached = set().union(*(c.endpoints for _v, c in results.values()))
    pages = {r.endpoint for r in app.url_map.iter_rules() if "GET" in r.methods}
    unreached = pages - reached - set(NOT_CRAWLED)
    assert not unreached, f"give the crawl world data that links to {sorted(unreached)}, or list it in NOT_CRAWLED"
    assert not reached & set(NOT_CRAWLED), "listed as not crawled, yet reached"


def test_pages_with_scores_or_personal_data_are_never_stored(crawled):
    """Every response to every role carries no-store, except the listed pages a browser may keep."""
    _app, results = crawled
    stored = []
    for name, (_v, c) in results.items():
        for visit in c.visits:
            kept = visit.endpoint in MAY_BE_KEPT and visit.status in (200, 304)
            allowed = "private" in visit.cache_control if kept else "no-store" in visit.cache_control
            if not allowed:
                stored.append(f"{name}: {visit.describe()}: Cache-Control {visit.cache_control!r}")
    assert stored == [], "\n".join(stored)
    visited = {(v.request.method, v.mimetype) for _v, c in results.values() for v in c.visits}
    assert {("GET", "text/html"), ("POST", "text/csv")} <= visited  # pages and exports both checked


def test_only_the_listed_views_may_be_kept_by_the_browser(crawled):
    app, _results = crawled
    marked = {e for e, view in app.view_functions.items() if getattr(view, "browser_may_keep", False)}
    assert marked == set(MAY_BE_KEPT)
