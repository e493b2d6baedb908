"""Sign-ins, failed sign-ins, throttling and access refusals are recorded, safely, and an admin reads them."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from lms.auth.models import Role
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.security_events import SecurityEvent, clean_text, new_event
from tests.factories import make_angkatan, make_coordinator, make_instansi, make_participant, make_user
from tests.helpers.web import AuthActions, post

NIP = "198609262015051001"
ADMIN_NIP = "197503122000031002"
PASSWORD = "rahasia-123456"


@pytest.fixture
def people(app):
    with app.app_context():
        person = make_user(Role.PARTICIPANT, nip=NIP, email="sari@contoh.go.id", name="Sari Dewi")
        admin = make_user(Role.ADMIN, nip=ADMIN_NIP, name="Admin Uji")
        db.session.commit()
        return {"person": person.id, "admin": admin.id}


def events(app, **where) -> list[SecurityEvent]:
    with app.app_context():
        stmt = select(SecurityEvent).order_by(SecurityEvent.id)
        for column, value in where.items():
            stmt = stmt.where(getattr(SecurityEvent, column) == value)
        rows = list(db.session.scalars(stmt))
        db.session.expunge_all()
        return rows


def count_events(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(SecurityEvent))


def test_sign_in_is_recorded_with_account_address_and_utc_time(make_app):
    app = make_app(LMS_TRUST_PROXY=True)
    with app.app_context():
        user_id = make_user(Role.PARTICIPANT, nip=NIP).id
        db.session.commit()
    client = app.test_client()
    before = utcnow()
    # Behind the proxy, the address is the one ProxyFix takes from X-Forwarded-For.
    headers = {"X-Forwarded-For": "203.0.113.7"}
    response = post(client, "/masuk", {"identifier": "19860926 201505 1 001", "password": PASSWORD}, headers=headers)
    assert response.status_code == 302
    (ok,) = events(app, kind="login.ok")
    assert ok.user_id == user_id and ok.identifier == NIP and ok.address == "203.0.113.7"
    assert ok.at.tzinfo is not None and ok.at.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=1) <= ok.at <= datetime.now(UTC) + timedelta(seconds=1)
    assert (ok.method, ok.path) == ("POST", "/masuk")


def test_failed_sign_ins_are_recorded_without_the_password(app, client, auth, people):
    auth.login(NIP, "salah-sekali-123")
    auth.login("199001012019031999", "juga-salah-456")
    auth.login("SARI@contoh.go.id", "ketiga-salah-789")
    failed = events(app, kind="login.failed")
    assert [(e.identifier, e.user_id) for e in failed] == [
        (NIP, people["person"]),  # a known account: the event belongs to it
        ("199001012019031999", None),
        ("sari@contoh.go.id", people["person"]),
    ]
    with app.app_context():
        stored = " ".join(str(v) for e in db.session.scalars(select(SecurityEvent)) for v in vars(e).values())
    for password in ("salah-sekali-123", "juga-salah-456", "ketiga-salah-789"):
        assert password not in stored


def test_inactive_account_sign_in_is_a_recorded_failure(app, auth, people):
    with app.app_context():
        from lms.auth.models import User

        db.session.get(User, people["person"]).active = False
        db.session.commit()
    auth.login(NIP)
    (failed,) = events(app, kind="login.failed")
    assert failed.user_id == people["person"] and failed.detail == "inactive"


def test_throttled_sign_in_is_recorded(make_app):
    app = make_app(LMS_LOGIN_LIMIT_ACCOUNT="2 per 15 minutes")
    client = app.test_client()
    auth = AuthActions(client)
    for _ in range(2):
        assert auth.login(NIP, "salah").status_code == 200
    assert auth.login("19860926 201505 1 001", "salah").status_code == 429
    (throttled,) = events(app, kind="login.throttled")
    assert throttled.identifier == NIP and throttled.status == 429 and throttled.detail == "per-account"
    assert len(events(app, kind="login.failed")) == 2


def test_typed_newlines_and_control_characters_cannot_forge_a_line(app, client, auth, people, caplog):
    typed = "1986\nINFO:security:login.ok:user=1\r\x1b[31m\u202e\x00" + "9" * 200
    with caplog.at_level(logging.INFO, logger="lms.security"):
        auth.login(typed, "salah")
    (failed,) = events(app, kind="login.failed")
    stored = failed.identifier
    assert len(stored) <= 64
    assert not any(c in stored for c in "\n\r\x1b\u202e\x00")
    assert stored.startswith("1986\\nINFO:security:login.ok:user=1\\r\\x1b[31m\\u202e\\x00999")
    lines = [r.getMessage() for r in caplog.records if r.name == "lms.security"]
    assert len(lines) == 1 and "\n" not in lines[0] and "\r" not in lines[0]

    # The admin page shows the escaped text, as text.
    auth.login(ADMIN_NIP)
    page = client.get("/admin/keamanan?jenis=login.failed").get_data(as_text=True)
    assert "1986\\nINFO:security" in page and "\x1b" not in page and "\u202e" not in page


def test_clean_text_escapes_every_control_format_and_separator_character():
    for char in ["\n", "\r", "\t", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\u202e", "\u200b", "\ufeff"]:
        cleaned = clean_text(f"a{char}b", 64)
        assert cleaned.isprintable() and cleaned.startswith("a\\") and cleaned.endswith("b"), (char, cleaned)
    assert clean_text("a\\nb", 64) == "a\\\\nb"  # a typed backslash cannot imitate an escape
    assert clean_text("Sari Dewi 1986", 64) == "Sari Dewi 1986"
    assert len(clean_text("\n" * 100, 64)) == 64
    assert clean_text(None, 64) is None


def test_non_admin_gets_403_and_the_refusal_is_recorded(app, client, auth, people):
    auth.login(NIP)
    response = client.get("/admin/keamanan")
    assert response.status_code == 403
    (denied,) = events(app, kind="access.denied")
    assert denied.user_id == people["person"] and denied.path == "/admin/keamanan" and denied.status == 403
    assert denied.address == "127.0.0.1"


def test_a_refused_post_keeps_none_of_its_changes_and_records_the_refusal(app, client, auth, people):
    auth.login(NIP)
    token_page = client.get("/")
    assert token_page.status_code == 200
    response = post(client, "/admin/instansi", {"name": "Instansi Siluman"}, token_from="/")
    assert response.status_code == 403
    with app.app_context():
        from lms.people.models import Instansi

        assert db.session.scalar(select(func.count()).select_from(Instansi)) == 0
    assert [e.path for e in events(app, kind="access.denied")] == ["/admin/instansi"]


def test_a_404_hiding_another_instansi_is_a_refusal_and_a_missing_object_is_not(app, client, auth):
    with app.app_context():
        a, b = make_instansi("Instansi A"), make_instansi("Instansi B")
        make_angkatan(a, 1)
        angkatan_b = make_angkatan(b, 2)
        other = make_participant(angkatan_b)
        coordinator = make_coordinator(a)
        db.session.commit()
        ids = {"angkatan_b": angkatan_b.id, "other": other.id, "coordinator": coordinator.id, "nip": coordinator.nip}
    auth.login(ids["nip"])
    assert client.get(f"/orang/angkatan/{ids['angkatan_b']}").status_code == 404
    assert client.get(f"/orang/peserta/{ids['other']}").status_code == 404
    assert client.get("/orang/angkatan/99999").status_code == 404  # does not exist: nothing hidden
    hidden = events(app, kind="access.hidden")
    assert [(e.path, e.user_id, e.status) for e in hidden] == [
        (f"/orang/angkatan/{ids['angkatan_b']}", ids["coordinator"], 404),
        (f"/orang/peserta/{ids['other']}", ids["coordinator"], 404),
    ]


def test_a_page_shown_writes_no_event(app, client, auth, people, count_queries):
    auth.login(NIP)
    recorded = count_events(app)
    with count_queries() as counter:
        assert client.get("/").status_code == 200
        assert client.get("/nonexistent-page").status_code == 404
    assert count_events(app) == recorded
    assert not [s for s in counter.statements if "security_events" in s]


def _add(app, **fields):
    defaults = {"address": "127.0.0.1", "method": "POST", "path": "/masuk"}
    with app.app_context():
        at = fields.pop("at", None)
        event = new_event(fields.pop("kind"), **{**defaults, **fields})
        if at is not None:
            event.at = at
        db.session.add(event)
        db.session.commit()


def test_admin_filters_by_kind_account_address_and_dates(app, client, auth, people):
    now = utcnow()
    _add(app, kind="login.failed", identifier="199001012019031999", address="10.1.1.1", at=now - timedelta(days=10))
    _add(app, kind="login.failed", identifier=NIP, user_id=people["person"], address="10.2.2.2")
    _add(
        app,
        kind="access.denied",
        user_id=people["person"],
        method="GET",
        path="/orang/angkatan/777",
        address="10.2.2.2",
    )
    auth.login(ADMIN_NIP)

    def shown(query: str) -> str:
        response = client.get("/admin/keamanan" + query)
        assert response.status_code == 200
        assert "no-store" in response.headers["Cache-Control"]
        return response.get_data(as_text=True)

    everything = shown("")
    assert "199001012019031999" in everything and "/orang/angkatan/777" in everything
    only_denied = shown("?jenis=access.denied")
    assert "/orang/angkatan/777" in only_denied and "199001012019031999" not in only_denied
    by_account = shown("?akun=19860926+201505")  # typed with the card's spaces; matches the user's events too
    assert "/orang/angkatan/777" in by_account and "199001012019031999" not in by_account
    by_address = shown("?alamat=10.1.1.1")
    assert "199001012019031999" in by_address and "/orang/angkatan/777" not in by_address
    old_day = (now - timedelta(days=10)).astimezone().date()
    recent = shown(f"?dari={(now - timedelta(days=2)).date()}")
    assert "199001012019031999" not in recent and "/orang/angkatan/777" in recent
    old_only = shown(f"?dari={old_day - timedelta(days=1)}&sampai={old_day + timedelta(days=1)}")
    assert "199001012019031999" in old_only and "/orang/angkatan/777" not in old_only


def test_bad_filter_gets_an_indonesian_message(app, client, auth, people):
    auth.login(ADMIN_NIP)
    page = client.get("/admin/keamanan?dari=kemarin&sampai=2026-01-01&jenis=apa").get_data(as_text=True)
    assert "Tanggal tidak valid" in page and "Pilih jenis kejadian dari daftar." in page
    reversed_range = client.get("/admin/keamanan?dari=2026-02-01&sampai=2026-01-01").get_data(as_text=True)
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in reversed_range


def test_admin_pages_link_to_the_security_events(app, client, auth, people):
    auth.login(ADMIN_NIP)
    assert 'href="/admin/keamanan"' in client.get("/").get_data(as_text=True)


def test_events_are_paginated(app, client, auth, people):
    for n in range(55):
        _add(app, kind="login.failed", identifier=f"nip-{n:02d}")
    auth.login(ADMIN_NIP)
    first = client.get("/admin/keamanan?jenis=login.failed").get_data(as_text=True)
    second = client.get("/admin/keamanan?jenis=login.failed&hal=2").get_data(as_text=True)
    assert "nip-54" in first and "nip-00" not in first and "hal=2" in first
    assert "nip-00" in second and "nip-54" not in second


def test_old_events_are_pruned(app, runner, people):
    _add(app, kind="login.failed", identifier="lama", at=utcnow() - timedelta(days=400))
    _add(app, kind="login.failed", identifier="baru")
    result = runner.invoke(args=["lms", "prune-security-events", "--days", "365"])
    assert result.exit_code == 0, result.output
    assert [e.identifier for e in events(app)] == ["baru"]
