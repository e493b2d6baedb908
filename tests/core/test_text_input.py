"""Control characters are refused at every input: one rule, a check on every form's text fields."""

import importlib
import pkgutil

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms import FieldList, Form, FormField, PasswordField, StringField

import lms
from lms.auth.models import User
from lms.core.extensions import db
from lms.core.forms import LmsForm, LmsSubForm, NoControlCharacters, UncheckedHiddenField, is_multiline
from lms.core.text import control_character, control_character_problem, line_problems
from tests.factories import make_user, valid_nip
from tests.helpers.web import AuthActions, csrf_token

# Every character the rule refuses: C0 controls, DEL, and the Unicode line and paragraph separators.
FORBIDDEN = [chr(c) for c in range(0x20)] + ["\x7f", "\u2028", "\u2029"]
LINE_ENDS_AND_TAB = ["\t", "\n", "\r"]


@pytest.mark.parametrize("char", FORBIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_single_line_text_refuses_every_control_character(char):
    assert control_character(f"Nama{char}Orang") == (5, f"U+{ord(char):04X}")
    assert control_character_problem(f"Nama{char}") is not None


@pytest.mark.parametrize("char", FORBIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_multi_line_text_refuses_all_but_tab_and_line_ends(char):
    found = control_character(f"a{char}b", multiline=True)
    assert (found is None) == (char in LINE_ENDS_AND_TAB)


def test_ordinary_indonesian_text_is_accepted():
    for text in ("Siti Rahayu, S.Kom.", "Dr. Bambang Sutrisno, M.Si.", "Ña Żółć — 100% «ok» 😀", ""):
        assert control_character(text) is None


def test_a_file_reports_the_line_and_position():
    assert line_problems("baik\nju\x00ga\n\tmasih baik\r\n") == [(2, control_character_problem("ju\x00ga"))]
    assert "ke-3" in line_problems("baik\nju\x00ga")[0][1]


def _form_classes():
    for module in pkgutil.walk_packages(lms.__path__, "lms."):
        importlib.import_module(module.name)
    seen, todo = set(), [Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return sorted(
        (c for c in seen if c.__module__.startswith("lms.") and c not in (LmsForm, LmsSubForm)),
        key=lambda c: f"{c.__module__}.{c.__qualname__}",
    )


def _text_fields(form):
    for field in form:
        if isinstance(field, FormField):
            yield from _text_fields(field.form)
        elif isinstance(field, FieldList):
            for entry in field.entries:
                yield from _text_fields(entry.form) if isinstance(entry, FormField) else [entry]
        else:
            yield field


def test_every_text_field_of_every_form_refuses_control_characters(app):
    """The class of defect, not one form: a form added later without the check fails here."""
    classes = _form_classes()
    assert len(classes) >= 25
    with app.test_request_context(method="POST"):
        for cls in classes:
            name = f"{cls.__module__}.{cls.__qualname__}"
            assert issubclass(cls, LmsForm | LmsSubForm), f"{name} must derive from LmsForm or LmsSubForm"
            form = cls(formdata=MultiDict(), meta={"csrf": False})
            checked = 0
            for field in _text_fields(form):
                if not isinstance(field, StringField) or isinstance(field, PasswordField | UncheckedHiddenField):
                    continue
                checks = [v for v in field.validators if isinstance(v, NoControlCharacters)]
                assert len(checks) == 1, f"{cls.__qualname__}.{field.name} has no control-character check"
                assert checks[0].multiline == is_multiline(field)
                checked += 1
            if cls.__qualname__ in ("UserForm", "QuestionForm", "ThreadForm", "LessonForm"):
                assert checked > 1


def test_a_form_refuses_a_nul_and_a_newline_in_a_name(app):
    admin = _admin(app)
    client = app.test_client()
    AuthActions(client).login(admin)
    for name, message in (("Budi\x00Santoso", "U+0000"), ("Budi\nSantoso", "satu baris")):
        token = csrf_token(client, "/admin/pengguna")
        data = {"csrf_token": token, "nip": valid_nip(77), "name": name, "role": "instructor"}
        response = client.post("/admin/pengguna", data=data)
        assert message in response.get_data(as_text=True)
        with app.app_context():
            assert db.session.scalar(select(User).where(User.nip == valid_nip(77))) is None


def _admin(app) -> str:
    with app.app_context():
        admin = make_user("admin", name="Ahmad Fauzi")
        db.session.commit()
        return admin.nip


@pytest.mark.parametrize("option", ["--name", "--email", "--nip"])
def test_create_user_on_the_command_line_refuses_control_characters(app, runner, option):
    values = {"--nip": valid_nip(88), "--name": "Nama Baru", "--email": "baru@contoh.go.id"}
    values[option] = values[option][:3] + "\x1b" + values[option][3:]
    args = ["lms", "create-user", *[part for pair in values.items() for part in pair]]
    result = runner.invoke(args=args)
    assert result.exit_code != 0 and f"{option}: karakter kendali tak terlihat U+001B" in result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.name == "Nama Baru")) is None
