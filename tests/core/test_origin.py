"""A state-changing request that names another site as its source is refused, even with a valid token."""

import shutil

import pytest
from werkzeug.routing import IntegerConverter

from lms.app import create_app
from lms.core.extensions import db
from lms.core.web import comes_from_elsewhere
from lms.phases.models import install_default_phases
from tests.factories import make_user
from tests.helpers.database import TEST_CONFIG
from tests.helpers.web import AuthActions, csrf_token

REFUSAL = "dikirim dari situs lain"
EVIL = "https://penipu.example"


def _rules():
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return app, sorted(
        (r for r in app.url_map.iter_rules() if r.methods & {"POST", "PUT", "PATCH", "DELETE"}),
        key=lambda r: r.rule,
    )


def _url(app, rule) -> str:
    """The rule's URL with a plausible value per argument: whether the object exists does not matter,
    the source is checked before anything else."""
    values = {
        name: 1 if isinstance(converter, IntegerConverter) else ("csv" if name == "kind" else "x")
        for name, converter in rule._converters.items()
    }
    return app.url_map.bind("localhost").build(rule.endpoint, values, method="POST")


STATE_CHANGING_RULES = [(r.endpoint, r.rule) for r in _rules()[1]]


@pytest.fixture(scope="module")
def signed_in(sqlite_template, tmp_path_factory):
    """An admin (who may reach every form) signed in, on a database of this module's own."""
    path = tmp_path_factory.mktemp("origin") / "lms.sqlite3"
    shutil.copy(sqlite_template, path)
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        install_default_phases()
        nip = make_user("admin").nip
        db.session.commit()
    client = app.test_client()
    assert AuthActions(client).login(nip).status_code == 302
    yield app, client, csrf_token(client, "/")
    with app.app_context():
        db.engine.dispose()


def test_every_state_changing_route_is_covered():
    assert len(STATE_CHANGING_RULES) > 40  # the URL map was read, not an empty list


@pytest.mark.parametrize(("endpoint", "rule"), STATE_CHANGING_RULES)
@pytest.mark.parametrize(
    "headers",
    [{"Origin": EVIL}, {"Referer": f"{EVIL}/formulir"}, {"Origin": "null"}, {"Origin": "http://localhost:8080"}],
    ids=["origin", "referer", "null-origin", "other-port"],
)
def test_a_post_from_another_site_is_refused_with_a_valid_token(signed_in, endpoint, rule, headers):
    app, client, token = signed_in
    (matched,) = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint and r.rule == rule]
    response = client.post(_url(app, matched), data={"csrf_token": token}, headers=headers)
    assert response.status_code == 403, (endpoint, response.status_code)
    assert REFUSAL in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "http://localhost"}, {"Referer": "http://localhost/orang/angkatan"}, {}],
    ids=["same-origin", "same-site-referer", "neither-header"],
)
def test_a_post_from_this_site_passes(signed_in, headers):
    _app, client, token = signed_in
    response = client.post("/bahasa", data={"csrf_token": token, "language": "id", "next": "/"}, headers=headers)
    assert response.status_code == 302


def test_a_foreign_post_without_a_token_is_also_told_why(signed_in):
    _app, client, _token = signed_in
    response = client.post("/bahasa", data={"language": "en"}, headers={"Origin": EVIL})
    assert response.status_code == 403 and REFUSAL in response.get_data(as_text=True)


def test_behind_the_proxy_the_origin_is_the_one_the_browser_used(make_app):
    app = make_app(LMS_TRUST_PROXY=True)
    client = app.test_client()
    token = csrf_token(client, "/masuk")
    proxied = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"}
    form = {"csrf_token": token, "language": "id", "next": "/"}
    # Over HTTPS Flask-WTF also wants a same-site Referer, as a browser sends it.
    same = {"Origin": "https://localhost", "Referer": "https://localhost/masuk"}
    ok = client.post("/bahasa", data=form, headers={**proxied, **same})
    assert ok.status_code == 302
    downgraded = client.post("/bahasa", data=form, headers={**proxied, "Origin": "http://localhost"})
    assert downgraded.status_code == 403


@pytest.mark.parametrize(
    ("origin", "referer", "own", "elsewhere"),
    [
        ("https://lms.example", None, "https://lms.example/", False),
        ("https://LMS.example:443", None, "https://lms.example/", False),
        ("https://lms.example.penipu.example", None, "https://lms.example/", True),
        ("http://lms.example", None, "https://lms.example/", True),
        ("null", "https://lms.example/x", "https://lms.example/", True),
        (None, "https://lms.example/x?y", "https://lms.example/", False),
        (None, "https://penipu.example/x", "https://lms.example/", True),
        (None, "https://lms.example:99999/", "https://lms.example/", True),
        (None, None, "https://lms.example/", False),
    ],
)
def test_comes_from_elsewhere(origin, referer, own, elsewhere):
    assert comes_from_elsewhere(origin, referer, own) is elsewhere
