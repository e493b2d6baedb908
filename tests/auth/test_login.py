from datetime import timedelta

import pytest

from lms.auth.models import PasswordReset, Role, User
from lms.core.database import utcnow
from lms.core.extensions import db
from tests.factories import make_user
from tests.helpers.web import post

GENERIC_ERROR = "NIP/email atau kata sandi salah."


@pytest.fixture
def person(app):
    with app.app_context():
        user = make_user(Role.PARTICIPANT, nip="198609262015051001", email="sari@contoh.go.id", name="Sari Dewi")
        db.session.commit()
        return user.id


@pytest.mark.parametrize(
    "identifier", ["198609262015051001", "19860926 201505 1 001", "sari@contoh.go.id", "  SARI@contoh.go.id "]
)
def test_login_with_nip_spaced_nip_or_email(client, auth, person, identifier):
    response = auth.login(identifier)
    assert response.status_code == 302 and response.location == "/"
    assert "Sari Dewi" in client.get("/").get_data(as_text=True)


def test_wrong_password_and_unknown_nip_get_the_same_answer(client, auth, person):
    wrong = auth.login("198609262015051001", "salah-sekali-123")
    unknown = auth.login("199001012019031999", "salah-sekali-123")
    assert wrong.status_code == unknown.status_code == 200
    assert GENERIC_ERROR in wrong.get_data(as_text=True)
    assert GENERIC_ERROR in unknown.get_data(as_text=True)
    # The error is what screen readers are pointed to; a field with neither error nor hint points nowhere.
    assert 'aria-describedby="password-error"' in wrong.get_data(as_text=True)
    blank = client.get("/masuk").get_data(as_text=True)
    assert "aria-describedby" not in blank and 'id="identifier"' in blank


def test_inactive_account_cannot_log_in(app, client, auth, person):
    with app.app_context():
        db.session.get(User, person).active = False
        db.session.commit()
    assert GENERIC_ERROR in auth.login("198609262015051001").get_data(as_text=True)


def test_login_is_throttled_per_account_with_indonesian_message(client, auth, person):
    for _ in range(5):
        assert auth.login("198609262015051001", "salah-sekali-123").status_code == 200
    blocked = auth.login("198609262015051001")  # even the right password waits now
    assert blocked.status_code == 429
    assert "Terlalu banyak percobaan" in blocked.get_data(as_text=True)
    # the throttle follows the account however the NIP is typed
    assert auth.login("19860926 201505 1 001").status_code == 429


def test_login_is_throttled_per_ip(make_app):
    app = make_app(LMS_LOGIN_LIMIT_IP="3 per 5 minutes")
    client = app.test_client()
    for n in range(3):
        post(client, "/masuk", {"identifier": f"19900101201903100{n}", "password": "x"})
    response = post(client, "/masuk", {"identifier": "199001012019031009", "password": "x"})
    assert response.status_code == 429


def test_successful_logins_do_not_use_up_the_ip_limit(make_app):
    app = make_app(LMS_LOGIN_LIMIT_IP="3 per 5 minutes")
    with app.app_context():
        from lms.phases.models import install_default_phases

        install_default_phases()
        users = [make_user(Role.PARTICIPANT).nip for _ in range(5)]
        db.session.commit()
    for nip in users:  # a cohort logging in together from one internet room
        client = app.test_client()
        assert post(client, "/masuk", {"identifier": nip, "password": "rahasia-123456"}).status_code == 302


def test_replayed_cookie_after_logout_is_refused(app, client, auth, person):
    auth.login("198609262015051001")
    cookie = client.get_cookie("session").value
    assert auth.logout().status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    response = replay.get("/")
    assert response.status_code == 302 and response.location.startswith("/masuk")


def test_login_without_csrf_token_is_refused(client, person):
    response = client.post("/masuk", data={"identifier": "198609262015051001", "password": "rahasia-123456"})
    assert response.status_code == 400
    assert "kedaluwarsa" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "bad_next",
    ["https://evil.example", "//evil", "////evil", "/\\evil", "javascript:alert(1)", "/\t/evil", "http:/evil"],
)
def test_bad_next_lands_on_home(auth, person, bad_next):
    response = auth.login("198609262015051001", next_=bad_next)
    assert response.status_code == 302 and response.location == "/"


def test_good_next_is_followed(auth, person):
    response = auth.login("198609262015051001", next_="/akun/kata-sandi")
    assert response.location == "/akun/kata-sandi"


def test_password_change_ends_other_sessions(app, client, auth, person):
    auth.login("198609262015051001")
    other = app.test_client()
    AuthOther = type(auth)(other)
    AuthOther.login("198609262015051001")
    response = post(
        client,
        "/akun/kata-sandi",
        {"current_password": "rahasia-123456", "new_password": "kata-sandi-baru-1", "confirm": "kata-sandi-baru-1"},
        token_from="/akun/kata-sandi",
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this device stays in
    assert other.get("/").status_code == 302  # the other one is out
    assert auth.logout().status_code == 302
    assert auth.login("198609262015051001", "kata-sandi-baru-1").status_code == 302


def test_password_change_with_wrong_current_password(client, auth, person):
    auth.login("198609262015051001")
    response = post(
        client,
        "/akun/kata-sandi",
        {"current_password": "bukan-ini-123", "new_password": "kata-sandi-baru-1", "confirm": "kata-sandi-baru-1"},
        token_from="/akun/kata-sandi",
    )
    assert response.status_code == 200 and "Kata sandi sekarang salah." in response.get_data(as_text=True)


def test_reset_link_is_single_use_and_expires(app, client, person):
    from lms.auth.accounts import issue_reset

    with app.app_context():
        user = db.session.get(User, person)
        admin = make_user(Role.ADMIN)
        token = issue_reset(user, admin)
        expired = issue_reset(user, admin)
        db.session.flush()
        row = db.session.scalars(db.select(PasswordReset).order_by(PasswordReset.id.desc())).first()
        row.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert client.get(f"/akun/atur-ulang/{expired}").status_code == 404
    url = f"/akun/atur-ulang/{token}"
    response = post(client, url, {"new_password": "baru-sekali-123", "confirm": "baru-sekali-123"}, token_from=url)
    assert response.status_code == 302
    assert client.get(url).status_code == 404  # used
    login = post(client, "/masuk", {"identifier": "198609262015051001", "password": "baru-sekali-123"})
    assert login.status_code == 302


@pytest.mark.parametrize("typed", ["19860926\x002015051001", "sari\x00@contoh.go.id", "1986\n09262015051001"])
def test_control_characters_in_the_identifier_are_refused_with_a_message(client, auth, person, typed):
    # PostgreSQL refuses a NUL in a query: this was a 500 there, and on SQLite a plain miss. The form's one
    # text rule refuses it before any query, saying which character to remove; nobody is signed in.
    response = auth.login(typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "karakter tak terlihat" in page or "harus satu baris" in page
    assert client.get("/").status_code == 302
