"""The user list (search, role filter, paging) and creating staff accounts: real requests with CSRF on."""

import re

import pytest
from sqlalchemy import func, select

from lms.auth.models import Role, User
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.people.models import CoordinatorLembaga, Lembaga
from tests.factories import make_user, valid_nip
from tests.helpers.admin import audit_entries, user_by_nip
from tests.helpers.web import AuthActions, client_for, csrf_token, post


def names_listed(html: str) -> list[str]:
    return re.findall(r'<a href="/admin/pengguna/\d+">([^<]+)</a>', html)


def test_the_list_searches_by_name_or_nip_and_filters_by_role(app, staff):
    client = client_for(app, staff["admin"])
    everyone = client.get("/admin/pengguna")
    assert everyone.status_code == 200
    assert everyone.headers["Cache-Control"] == "no-store"  # names and NIPs
    assert set(names_listed(everyone.get_data(as_text=True))) == {
        "Ahmad Fauzi",
        "Sri Wahyuningsih",
        "Dr. Bambang Sutrisno",
        "Siti Rahayu",
    }
    assert names_listed(client.get("/admin/pengguna?q=rahayu").get_data(as_text=True)) == ["Siti Rahayu"]
    nip = staff["coordinator"]
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"  # as printed on the card
    assert names_listed(client.get("/admin/pengguna", query_string={"q": spaced}).get_data(as_text=True)) == [
        "Sri Wahyuningsih"
    ]
    instructors = client.get("/admin/pengguna?peran=instructor").get_data(as_text=True)
    assert names_listed(instructors) == ["Dr. Bambang Sutrisno"]
    assert '<option value="instructor" selected>' in instructors
    both = client.get("/admin/pengguna?q=s&peran=participant").get_data(as_text=True)
    assert names_listed(both) == ["Siti Rahayu"]
    # An unknown role is no filter; a search that matches nobody says so.
    assert len(names_listed(client.get("/admin/pengguna?peran=raja").get_data(as_text=True))) == 4
    assert "Tidak ada pengguna yang cocok." in client.get("/admin/pengguna?q=zzzz").get_data(as_text=True)


def test_the_list_pages_by_fifty_keeping_the_search(app, staff):
    with app.app_context():
        for n in range(1, 56):
            make_user("instructor", name=f"Widyaiswara {n:02d}")
        db.session.commit()
    client = client_for(app, staff["admin"])
    first = client.get("/admin/pengguna?q=widyaiswara&peran=instructor").get_data(as_text=True)
    assert names_listed(first) == [f"Widyaiswara {n:02d}" for n in range(1, 51)]
    assert 'rel="next" href="/admin/pengguna?hal=2&amp;q=widyaiswara&amp;peran=instructor"' in first
    second = client.get("/admin/pengguna?hal=2&q=widyaiswara&peran=instructor").get_data(as_text=True)
    assert names_listed(second) == [f"Widyaiswara {n:02d}" for n in range(51, 56)]
    assert 'rel="prev"' in second and 'rel="next"' not in second
    # A page number that is not one is page 1; a page past the end is empty, not an error.
    assert names_listed(client.get("/admin/pengguna?hal=abc&q=widyaiswara").get_data(as_text=True))[0] == (
        "Widyaiswara 01"
    )
    beyond = client.get("/admin/pengguna?hal=9&q=widyaiswara")
    assert beyond.status_code == 200 and names_listed(beyond.get_data(as_text=True)) == []


def test_creating_an_account_shows_its_password_once_and_is_audited(app, staff):
    client = client_for(app, staff["admin"])
    nip = valid_nip(311)
    response = post(
        client,
        "/admin/pengguna",
        {"nip": nip, "name": "  Rina Marlina, M.Si.  ", "email": "", "role": "instructor"},
        token_from="/admin/pengguna",
    )
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"  # the initial password is on the page
    html = response.get_data(as_text=True)
    password = re.search(r"<code[^>]*>([A-Za-z0-9]{12})</code>", html)
    assert password, html
    user = user_by_nip(app, nip)
    assert (user.name, user.email, user.role, user.active) == ("Rina Marlina, M.Si.", None, "instructor", True)
    (entry,) = audit_entries(app, "user.create")
    assert (entry.actor_id, entry.object_id, entry.details) == (staff["admin_id"], str(user.id), {"role": "instructor"})
    assert AuthActions(app.test_client()).login(nip, password.group(1)).status_code == 302


def test_an_accounts_email_is_kept_in_lower_case(app, staff):
    client = client_for(app, staff["admin"])
    nip = valid_nip(314)
    data = {"nip": nip, "name": "Rina Marlina", "email": " Rina@Contoh.GO.ID ", "role": "coordinator"}
    assert post(client, "/admin/pengguna", data, token_from="/admin/pengguna").status_code == 201
    assert user_by_nip(app, nip).email == "rina@contoh.go.id"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"nip": "12345"}, "NIP harus terdiri dari tepat 18 angka (0-9)."),
        ({"nip": "NIP-KOORDINATOR"}, "NIP sudah terdaftar."),
        pytest.param({"email": "SRI@contoh.go.id"}, "Email sudah dipakai akun lain."),
        pytest.param({"email": "bukan-email"}, "Format email tidak valid."),
        ({"name": ""}, "Isi nama."),
        ({"nip": ""}, "Isi NIP."),
        ({"role": "participant"}, "Not a valid choice"),  # participants come in by CSV import only
    ],
)
def test_bad_input_is_refused_with_its_message_and_what_was_typed_kept(app, staff, changes, message):
    with app.app_context():
        db.session.get(User, staff["coordinator_id"]).email = "sri@contoh.go.id"
        db.session.commit()
        before = db.session.scalar(select(func.count()).select_from(User))
    nip = valid_nip(312)
    data = {"nip": nip, "name": "Rina Marlina", "email": "", "role": "coordinator", **changes}
    if data["nip"] == "NIP-KOORDINATOR":
        data["nip"] = staff["coordinator"]
    client = client_for(app, staff["admin"])
    response = post(client, "/admin/pengguna", data, token_from="/admin/pengguna")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    for field in ("nip", "name", "email"):
        if data[field]:
            assert f'value="{data[field]}"' in html, field  # nothing typed is lost
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == before
    assert audit_entries(app, "user.create") == []


def test_creating_an_account_without_the_csrf_token_is_refused(app, staff):
    client = client_for(app, staff["admin"])
    nip = valid_nip(313)
    response = client.post("/admin/pengguna", data={"nip": nip, "name": "Tanpa Token", "role": "admin"})
    assert response.status_code == 400
    assert user_by_nip(app, nip) is None


def test_admin_adds_a_lembaga_and_scopes_a_coordinator_to_it(app):
    with app.app_context():
        admin = make_user(Role.ADMIN).nip
        coordinator = make_user(Role.COORDINATOR)
        coordinator_id = coordinator.id
        db.session.commit()
    client = app.test_client()
    AuthActions(client).login(admin)
    token = csrf_token(client, "/admin/lembaga")
    assert "Belum ada lembaga pelatihan." in client.get("/admin/lembaga").get_data(as_text=True)
    made = client.post("/admin/lembaga", data={"csrf_token": token, "name": "BPSDM Kaltara", "kind": "bpsdm"})
    assert made.status_code == 302
    again = client.post("/admin/lembaga", data={"csrf_token": token, "name": "bpsdm kaltara", "kind": "bpsdm"})
    assert "Lembaga dengan nama itu sudah ada." in again.get_data(as_text=True)
    empty = client.post("/admin/lembaga", data={"csrf_token": token, "name": " ", "kind": "bpsdm"})
    assert "Isi nama lembaga." in empty.get_data(as_text=True)
    with app.app_context():
        lembaga = db.session.scalar(select(Lembaga))
        assert (lembaga.name, lembaga.kind) == ("BPSDM Kaltara", "bpsdm")
        lembaga_id = lembaga.id
    saved = client.post(
        f"/admin/pengguna/{coordinator_id}/lembaga", data={"csrf_token": token, "lembaga_ids": [lembaga_id]}
    )
    assert saved.status_code == 302
    with app.app_context():
        assert (
            db.session.scalar(select(CoordinatorLembaga.lembaga_id).where(CoordinatorLembaga.user_id == coordinator_id))
            == lembaga_id
        )
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "coordinator.scope"))
        assert entry.details["lembaga_ids"] == [lembaga_id] and entry.subject_user_id == coordinator_id
