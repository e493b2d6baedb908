"""The one way an account is made: the admin page, the CLI and the CSV import all go through it."""

import pytest
from sqlalchemy import select

from lms.auth.accounts import AccountRefused, check_new_account, create_account
from lms.auth.models import User
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from tests.factories import make_user, valid_nip


def test_create_account_cleans_the_values_sets_a_one_time_password_and_audits(ctx):
    nip = valid_nip(4101)
    user, password = create_account(
        f" {nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]} ",
        "  Ani Lestari ",
        "instructor",
        " Ani@Contoh.go.id ",
        source="test",
    )
    assert (user.nip, user.name, user.email, user.role) == (nip, "Ani Lestari", "ani@contoh.go.id", "instructor")
    assert len(password) == 12 and user.check_password(password)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.create"))
    assert entry.object_id == str(user.id) and entry.details == {"role": "instructor", "source": "test"}


@pytest.mark.parametrize(
    ("nip", "name", "email", "field", "message"),
    [
        ("123", "Ani", None, "nip", None),
        ("{nip}", "", None, "name", "Nama kosong."),
        ("{nip}", "A" * 201, None, "name", "Nama lebih dari 200 karakter."),
        ("{nip}", "Ani", "bukan-email", "email", "Format email tidak valid."),
        ("{nip}", "Ani\x1b", None, "name", None),
        ("{taken}", "Ani", None, "nip", "NIP sudah terdaftar."),
        ("{nip}", "Ani", "Dipakai@Contoh.go.id", "email", "Email sudah dipakai akun lain."),
    ],
)
def test_check_new_account_refuses_with_the_field_and_its_message(ctx, nip, name, email, field, message):
    taken = make_user(email="dipakai@contoh.go.id")
    nip = nip.format(nip=valid_nip(4102), taken=taken.nip)
    with pytest.raises(AccountRefused) as refused:
        check_new_account(nip, name, email)
    assert refused.value.field == field
    if message:
        assert refused.value.message == message
    assert db.session.scalar(select(User).where(User.name == name)) is None


def test_the_cli_checks_the_email_as_the_admin_page_does(app, runner):
    with app.app_context():
        make_user(email="dipakai@contoh.go.id")
        db.session.commit()
    result = runner.invoke(
        args=["lms", "create-user", "--nip", valid_nip(4103), "--name", "Budi", "--email", "DIPAKAI@contoh.go.id"]
    )
    assert result.exit_code != 0
    assert "--email: Email sudah dipakai akun lain." in result.output
    result = runner.invoke(args=["lms", "create-user", "--nip", valid_nip(4103), "--name", "Budi", "--email", "x@y"])
    assert "--email: Format email tidak valid." in result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.name == "Budi")) is None
