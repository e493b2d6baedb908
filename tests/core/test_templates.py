"""Every template and module names only endpoints that exist, even in branches no test renders."""

import ast
from pathlib import Path

from jinja2 import nodes

from lms.app import create_app
from tests.helpers.database import TEST_CONFIG

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"


def endpoints_named(source: str, env) -> list[str]:
    """The endpoints of the url_for('...') calls in a template, read from its syntax tree."""
    found = []
    for call in env.parse(source).find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "url_for" and call.args:
            if isinstance(call.args[0], nodes.Const):
                found.append(call.args[0].value)
    return found


def test_endpoints_named_reads_every_branch():
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    source = "{% if x %}<a href=\"{{ url_for('a.b', n=1) }}\">{% else %}{{ url_for('c.d') }}{% endif %}"
    assert endpoints_named(source, app.jinja_env) == ["a.b", "c.d"]


def test_every_url_for_in_a_template_names_an_existing_endpoint():
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    missing = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for endpoint in endpoints_named(path.read_text(encoding="utf-8"), app.jinja_env):
            if endpoint not in app.view_functions:
                missing.append(f"{path.relative_to(TEMPLATES)}: url_for('{endpoint}')")
    assert missing == [], "\n".join(missing)


def test_every_url_for_in_the_code_names_an_existing_endpoint():
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    missing = []
    for path in sorted((ROOT / "lms").rglob("*.py")):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(call, ast.Call) and getattr(call.func, "id", None) == "url_for" and call.args):
                continue
            first = call.args[0]
            if isinstance(first, ast.Constant) and first.value not in app.view_functions:
                missing.append(f"{path.relative_to(ROOT)}:{call.lineno}: url_for('{first.value}')")
    assert missing == [], "\n".join(missing)


def test_every_filter_and_test_in_a_template_exists():
    """A filter or test that Jinja does not know fails only when its branch renders (the staff review
    options once named an 'extract' filter): read them from every template's syntax tree instead."""
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    env = app.jinja_env
    unknown = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        tree = env.parse(path.read_text(encoding="utf-8"))
        for node in tree.find_all(nodes.Filter):
            if node.name not in env.filters:
                unknown.append(f"{path.relative_to(TEMPLATES)}: filter '{node.name}'")
        for node in tree.find_all(nodes.Test):
            if node.name not in env.tests:
                unknown.append(f"{path.relative_to(TEMPLATES)}: test '{node.name}'")
        for node in tree.find_all(nodes.Filter):  # map('name'), select('name') name theirs as strings
            if node.name in ("map", "select", "reject") and node.args and isinstance(node.args[0], nodes.Const):
                name = node.args[0].value
                known = env.filters if node.name == "map" else env.tests
                if name not in known:
                    unknown.append(f"{path.relative_to(TEMPLATES)}: {node.name}('{name}')")
    assert unknown == [], "\n".join(unknown)
