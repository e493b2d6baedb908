"""Every page every role can reach by following links answers without a server error."""

import pytest

from lms.auth.models import Role
from lms.extensions import db
from lms.phases.models import install_default_phases
from tests.conftest import AuthActions
from tests.core.crawl_world import build_world
from tests.crawler import crawl


@pytest.fixture
def app(make_app):
    """Server errors answered as a visitor sees them (the error page), not raised into the test."""
    app = make_app(PROPAGATE_EXCEPTIONS=False)
    with app.app_context():
        install_default_phases()
        db.session.commit()
    return app


def crawl_everyone(app, tmp_path):
    results = {}
    for visitor in build_world(app, tmp_path / "content"):
        client = app.test_client()
        if visitor.login:
            assert AuthActions(client).login(visitor.login).status_code == 302, visitor.name
        results[visitor.name] = (visitor, crawl(app, client, visitor.start))
    return results


def test_no_page_reachable_by_any_role_fails_with_a_server_error(app, tmp_path):
    results = crawl_everyone(app, tmp_path)
    roles = {visitor.role for visitor, _crawl in results.values()}
    assert roles >= {role.value for role in Role}, "a role the crawl does not sign in as"
    errors = [f"{name}: {v.describe()}" for name, (_v, c) in results.items() for v in c.server_errors()]
    assert errors == [], "\n".join(errors)
