"""The outbox page: who sees which message, the text of what must be handed over, and the two actions,
with real requests (CSRF on)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.auth.models import User
from lms.core.audit import AuditEntry
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.outbox import CLAIM_STALE, MAX_ATTEMPTS, OutboxMessage, enqueue
from tests.factories import make_angkatan, make_coordinator, make_instansi, make_mentor, make_participant, make_user
from tests.helpers.web import client_for, csrf_token

PAGE = "/pesan-keluar/"


@pytest.fixture
def messages(app):
    """A coordinator of instansi A; a message to a participant of A, one to a participant of B, one to
    no account; an admin, an instructor."""
    with app.app_context():
        a, b = make_instansi("Instansi A"), make_instansi("Instansi B")
        in_a = make_participant(make_angkatan(a, 1), name="Rina Anggraini", email="rina@contoh.go.id")
        in_b = make_participant(make_angkatan(b, 2), name="Joko Prasetyo")
        ids = {
            "to_a": enqueue(
                "uji:a", "Pesan untuk A", "Tautan rahasia A", to_address="rina@contoh.go.id", recipient_id=in_a.id
            ),
            "to_b": enqueue("uji:b", "Pesan untuk B", "Tautan rahasia B", to_address=None, recipient_id=in_b.id),
            "nobody": enqueue("uji:x", "Pesan tanpa akun", "Tautan rahasia X", to_address="x@contoh.go.id"),
        }
        people = {
            "coordinator": make_coordinator(a).nip,
            "admin": make_user("admin").nip,
            "instructor": make_user("instructor").nip,
            "participant": in_a.nip,
        }
        db.session.commit()
        return {**{k: m.id for k, m in ids.items()}, **people, "participant_a_id": in_a.id}


def test_a_coordinator_sees_only_messages_to_people_in_scope_with_their_text(app, messages):
    client = client_for(app, messages["coordinator"])
    response = client.get(PAGE)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "Pesan untuk A" in html and "Rina Anggraini" in html
    assert "Pesan untuk B" not in html and "Pesan tanpa akun" not in html
    # Without SMTP configured, the text (it holds the link) is shown to hand over, with the button.
    assert "Tautan rahasia A" in html and "Tandai sudah diserahkan" in html
    assert "LMS_SMTP_URL" in html


def test_an_admin_sees_every_message(app, messages):
    html = client_for(app, messages["admin"]).get(PAGE).get_data(as_text=True)
    assert all(s in html for s in ("Pesan untuk A", "Pesan untuk B", "Pesan tanpa akun"))


@pytest.mark.parametrize("who", ["instructor", "participant"])
def test_other_roles_are_refused(app, messages, who):
    client = client_for(app, messages[who])
    assert client.get(PAGE).status_code == 403
    token = csrf_token(client, "/")
    assert client.post(f"{PAGE}{messages['to_a']}/diserahkan", data={"csrf_token": token}).status_code == 403
    with app.app_context():
        assert db.session.get(OutboxMessage, messages["to_a"]).sent_at is None


def test_a_coordinator_hands_over_a_message_in_scope_and_it_is_audited(app, messages):
    client = client_for(app, messages["coordinator"])
    token = csrf_token(client, PAGE)
    response = client.post(f"{PAGE}{messages['to_a']}/diserahkan", data={"csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        row = db.session.get(OutboxMessage, messages["to_a"])
        assert row.sent_at is not None and row.by_hand and row.handed_over_by_id is not None
        # Handed over: the one-time link is not kept; the row stays the record of to whom, what, when, by whom.
        assert row.body == "" and row.subject and row.recipient_id == messages["participant_a_id"]
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "outbox.handed_over"))
        assert entry.object_id == str(row.id) and entry.subject_user_id == messages["participant_a_id"]
    html = client.get(PAGE + "?status=terkirim").get_data(as_text=True)
    assert "Diserahkan" in html and "Tautan rahasia A" not in html  # done: its text is no longer shown
    # A second click changes nothing and says so.
    again = client.post(f"{PAGE}{messages['to_a']}/diserahkan", data={"csrf_token": token}, follow_redirects=True)
    assert "sudah terkirim atau sedang dikirim" in again.get_data(as_text=True)


def test_a_coordinator_cannot_hand_over_out_of_scope_or_without_csrf(app, messages):
    client = client_for(app, messages["coordinator"])
    token = csrf_token(client, PAGE)
    for key in ("to_b", "nobody"):
        assert client.post(f"{PAGE}{messages[key]}/diserahkan", data={"csrf_token": token}).status_code == 404
    assert client.post(f"{PAGE}{messages['to_a']}/diserahkan").status_code == 400
    with app.app_context():
        assert db.session.scalars(select(OutboxMessage.sent_at)).all() == [None, None, None]


def test_with_smtp_a_waiting_message_is_left_to_the_sender(make_app, messages, app):
    mailing = make_app(LMS_SMTP_URL="smtp://127.0.0.1:2525")
    html = client_for(mailing, messages["admin"]).get(PAGE).get_data(as_text=True)
    assert "Tautan rahasia A" not in html  # the sender will take it
    assert "Tautan rahasia B" in html  # no address: handed over


def test_failed_and_unknown_messages_show_their_text_and_can_be_sent_again(make_app, messages, app):
    with app.app_context():
        failed = db.session.get(OutboxMessage, messages["to_a"])
        failed.attempts, failed.last_error = MAX_ATTEMPTS, "550 No such user"
        db.session.get(OutboxMessage, messages["nobody"]).claimed_at = utcnow() - CLAIM_STALE - timedelta(minutes=1)
        db.session.commit()
    mailing = make_app(LMS_SMTP_URL="smtp://127.0.0.1:2525")
    client = client_for(mailing, messages["admin"])
    html = client.get(PAGE).get_data(as_text=True)
    assert "550 No such user" in html and "Tautan rahasia A" in html
    assert "Status tidak diketahui" in html and "Tautan rahasia X" in html
    token = csrf_token(client, PAGE)
    assert client.post(f"{PAGE}{messages['to_a']}/kirim-lagi", data={"csrf_token": token}).status_code == 302
    with app.app_context():
        row = db.session.get(OutboxMessage, messages["to_a"])
        assert (row.attempts, row.claimed_at, row.sent_at) == (0, None, None)
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "outbox.retry"))
        assert entry.details["old"] == "gagal"


def test_the_page_has_an_empty_state_and_a_status_filter(app, messages):
    client = client_for(app, messages["coordinator"])
    assert "Tidak ada pesan dengan status ini." in client.get(PAGE + "?status=gagal").get_data(as_text=True)
    assert client.get(PAGE + "?status=apa-saja&hal=999").status_code == 200


def test_a_reset_link_for_a_participant_with_an_email_also_goes_to_the_outbox(app, messages):
    client = client_for(app, messages["coordinator"])
    pid = messages["participant_a_id"]
    token = csrf_token(client, f"/orang/peserta/{pid}")
    html = client.post(f"/orang/peserta/{pid}/atur-ulang", data={"csrf_token": token}).get_data(as_text=True)
    assert "/akun/atur-ulang/" in html and "rina@contoh.go.id" in html
    with app.app_context():
        row = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key.like("atur-ulang-sandi:%")))
        assert row.to_address == "rina@contoh.go.id" and row.recipient_id == pid
        link = html.split("<code>")[1].split("</code>")[0]
        assert link in row.body


def test_a_reset_link_for_a_participant_without_an_email_stays_on_the_page(app, messages):
    with app.app_context():
        admin_client_nip = messages["admin"]
        pid = db.session.scalar(select(OutboxMessage.recipient_id).where(OutboxMessage.key == "uji:b"))
    client = client_for(app, admin_client_nip)
    token = csrf_token(client, f"/orang/peserta/{pid}")
    response = client.post(f"/orang/peserta/{pid}/atur-ulang", data={"csrf_token": token})
    assert response.status_code == 200 and "/akun/atur-ulang/" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.key.like("atur-ulang-sandi:%"))) is None


def test_a_coordinator_sees_the_set_up_link_of_a_mentor_of_their_participants(app, messages):
    with app.app_context():
        in_a = db.session.get(User, messages["participant_a_id"])
        mentor = make_mentor(in_a, name="Bambang Mentor")
        stranger = make_mentor(name="Mentor Lain")
        enqueue("uji:mentor", "Undangan mentor", "Tautan mentor", to_address=None, recipient_id=mentor.id)
        enqueue("uji:lain", "Undangan lain", "Tautan lain", to_address=None, recipient_id=stranger.id)
        db.session.commit()
    html = client_for(app, messages["coordinator"]).get(PAGE).get_data(as_text=True)
    assert "Undangan mentor" in html and "Tautan mentor" in html
    assert "Undangan lain" not in html
