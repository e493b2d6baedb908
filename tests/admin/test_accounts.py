"""An administrator changes a role (with a reason), deactivates and reactivates an account, issues a
password reset link, and follows an account to its security events: real requests with CSRF on."""

import re

from lms.core.extensions import db
from lms.core.security_events import new_event
from tests.helpers.admin import audit_entries, user_by_id
from tests.helpers.web import AuthActions, client_for, post


def detail(staff, who: str) -> str:
    return f"/admin/pengguna/{staff[f'{who}_id']}"


def test_the_account_page_is_never_kept_by_the_browser(app, staff):
    client = client_for(app, staff["admin"])
    response = client.get(detail(staff, "instructor"))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert staff["instructor"] in response.get_data(as_text=True)
    assert client.get("/admin/pengguna/999999").status_code == 404


def test_a_role_change_without_a_reason_is_refused_and_changes_nothing(app, staff):
    client = client_for(app, staff["admin"])
    page = detail(staff, "instructor")
    response = post(
        client, f"{page}/peran", {"role": "coordinator", "reason": "  "}, token_from=page, follow_redirects=True
    )
    assert "wajib diisi" in response.get_data(as_text=True)  # "Alasan perubahan peran wajib diisi."
    assert user_by_id(app, staff["instructor_id"]).role == "instructor"
    assert audit_entries(app, "user.role") == []
    # The instructor's session is untouched.
    assert AuthActions(app.test_client()).login(staff["instructor"]).status_code == 302


def test_a_role_change_records_who_why_and_what(app, staff):
    client = client_for(app, staff["admin"])
    page = detail(staff, "instructor")
    reason = "Dipindah ke bagian penyelenggaraan"
    response = post(client, f"{page}/peran", {"role": "coordinator", "reason": reason}, token_from=page)
    assert response.status_code == 302 and response.location.endswith(page)
    assert user_by_id(app, staff["instructor_id"]).role == "coordinator"
    (entry,) = audit_entries(app, "user.role")
    assert (entry.actor_id, entry.subject_user_id, entry.reason) == (
        staff["admin_id"],
        staff["instructor_id"],
        reason,
    )
    # The same role again is no change, and no entry.
    post(client, f"{page}/peran", {"role": "coordinator", "reason": reason}, token_from=page)
    assert len(audit_entries(app, "user.role")) == 1


def test_an_admin_cannot_change_their_own_role_or_deactivate_themselves(app, staff):
    client = client_for(app, staff["admin"])
    page = detail(staff, "admin")
    refused = post(
        client, f"{page}/peran", {"role": "participant", "reason": "Uji"}, token_from=page, follow_redirects=True
    )
    assert "Anda tidak dapat mengubah peran akun Anda sendiri." in refused.get_data(as_text=True)
    refused = post(client, f"{page}/status", {"active": "0"}, token_from=page, follow_redirects=True)
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri." in refused.get_data(as_text=True)
    admin = user_by_id(app, staff["admin_id"])
    assert (admin.role, admin.active) == ("admin", True)
    assert audit_entries(app, "user.role") == audit_entries(app, "user.deactivate") == []
    assert client.get("/admin/pengguna").status_code == 200  # still signed in, still an admin


def test_deactivation_signs_out_and_locks_out_until_reactivated_each_audited(app, staff):
    instructor = client_for(app, staff["instructor"])
    assert instructor.get("/").status_code == 200
    client = client_for(app, staff["admin"])
    page = detail(staff, "instructor")

    response = post(client, f"{page}/status", {"active": "0"}, token_from=page, follow_redirects=True)
    assert "Status akun sudah disimpan." in response.get_data(as_text=True)
    assert user_by_id(app, staff["instructor_id"]).active is False
    assert instructor.get("/").status_code == 302  # the open session ended
    assert AuthActions(app.test_client()).login(staff["instructor"]).status_code == 200  # refused

    post(client, f"{page}/status", {"active": "1"}, token_from=page)
    assert user_by_id(app, staff["instructor_id"]).active is True
    assert AuthActions(app.test_client()).login(staff["instructor"]).status_code == 302
    (off,), (on,) = audit_entries(app, "user.deactivate"), audit_entries(app, "user.activate")
    assert (
        (off.actor_id, off.subject_user_id)
        == (on.actor_id, on.subject_user_id)
        == (
            staff["admin_id"],
            staff["instructor_id"],
        )
    )


def test_a_status_change_without_the_csrf_token_changes_nothing(app, staff):
    client = client_for(app, staff["admin"])
    response = client.post(f"{detail(staff, 'instructor')}/status", data={"active": "0"})
    assert response.status_code == 400
    assert user_by_id(app, staff["instructor_id"]).active is True
    assert audit_entries(app, "user.deactivate") == []


def test_an_admin_issues_a_reset_link_that_is_audited_and_never_cached(app, staff):
    client = client_for(app, staff["admin"])
    page = f"/orang/peserta/{staff['participant_id']}"
    response = post(client, f"{page}/atur-ulang", token_from=page)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    link = re.search(r"http://localhost(/akun/atur-ulang/[\w-]+)", response.get_data(as_text=True)).group(1)
    (entry,) = audit_entries(app, "password.reset_issued")
    assert (entry.actor_id, entry.subject_user_id) == (staff["admin_id"], staff["participant_id"])
    # Until the link is used, the old password still works; afterwards only the new one.
    anonymous = app.test_client()
    new = {"new_password": "sandi-baru-98765", "confirm": "sandi-baru-98765"}
    assert post(anonymous, link, new, token_from=link).status_code == 302
    assert AuthActions(app.test_client()).login(staff["participant"]).status_code == 200  # old one refused
    assert AuthActions(app.test_client()).login(staff["participant"], "sandi-baru-98765").status_code == 302


def test_the_account_page_leads_to_that_accounts_security_events_only(app, staff):
    with app.app_context():
        for nip, address in ((staff["instructor"], "10.9.9.9"), (staff["coordinator"], "10.8.8.8")):
            db.session.add(new_event("login.failed", identifier=nip, address=address, method="POST", path="/masuk"))
        db.session.commit()
    client = client_for(app, staff["admin"])
    page = client.get(detail(staff, "instructor")).get_data(as_text=True)
    link = re.search(r'href="(/admin/keamanan\?akun=[^"]+)"', page).group(1).replace("&amp;", "&")
    events = client.get(link)
    assert events.status_code == 200 and events.headers["Cache-Control"] == "no-store"
    html = events.get_data(as_text=True)
    assert "10.9.9.9" in html and "10.8.8.8" not in html
