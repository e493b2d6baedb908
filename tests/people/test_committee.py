"""An angkatan's committee (panitia): the admin makes committee accounts, the angkatan's coordinator assigns and
removes them on the angkatan page (audited), and a member sees that angkatan from then on and no other."""

from sqlalchemy import select

from lms.auth.models import User
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.people.models import AngkatanCommittee, Enrolment
from tests.factories import (
    make_angkatan,
    make_committee,
    make_coordinator,
    make_instansi,
    make_instructor,
    make_user,
    valid_nip,
)
from tests.helpers.web import client_for, post


def test_the_admin_makes_a_committee_account(app, staff):
    client = client_for(app, staff["admin"])
    nip = valid_nip(905)
    data = {"nip": nip, "name": "Yusuf Panitia", "email": "", "role": "committee"}
    response = post(client, "/admin/pengguna", data, token_from="/admin/pengguna")
    assert response.status_code == 201
    assert "Panitia angkatan" in client.get("/admin/pengguna?peran=committee").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.nip == nip)) == "committee"


def test_the_coordinator_assigns_and_removes_a_committee_member(app, staff):
    with app.app_context():
        member = make_committee(name="Yusuf Panitia")
        instructor = make_instructor(name="Bukan Panitia")
        other = make_angkatan(make_instansi("Pemkot Lain"), 9)
        db.session.commit()
        member_nip, member_id, instructor_id, other_id = member.nip, member.id, instructor.id, other.id
    angkatan_id = _angkatan_of(app, staff)
    page = f"/orang/angkatan/{angkatan_id}"
    coordinator = client_for(app, staff["coordinator"])
    html = coordinator.get(page).get_data(as_text=True)
    assert "Belum ada panitia yang ditugaskan" in html and "Yusuf Panitia" in html  # offered in the list
    assert client_for(app, member_nip).get(f"/klasikal/angkatan/{angkatan_id}").status_code == 404
    # Only a committee account can be made one: an instructor's id is refused, nothing stored.
    post(coordinator, f"{page}/panitia", {"user_id": instructor_id}, token_from=page)
    assert post(coordinator, f"{page}/panitia", {"user_id": member_id}, token_from=page).status_code == 302
    with app.app_context():
        assert db.session.scalars(select(AngkatanCommittee.user_id)).all() == [member_id]
    assert client_for(app, member_nip).get(f"/klasikal/angkatan/{angkatan_id}").status_code == 200
    assert client_for(app, member_nip).get(f"/klasikal/angkatan/{other_id}").status_code == 404
    # Another lembaga's coordinator cannot assign to this angkatan.
    with app.app_context():
        stranger = make_coordinator(make_instansi("Pemkab Jauh")).nip
        db.session.commit()
    assert post(client_for(app, stranger), f"{page}/panitia", {"user_id": member_id}, token_from="/").status_code == 404
    assert post(coordinator, f"{page}/panitia/{member_id}/hapus", token_from=page).status_code == 302
    assert client_for(app, member_nip).get(f"/klasikal/angkatan/{angkatan_id}").status_code == 404
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("angkatan.committee.%")))
        assert list(actions) == ["angkatan.committee.add", "angkatan.committee.remove"]


def test_without_committee_accounts_the_page_says_who_makes_them(app, staff):
    html = client_for(app, staff["coordinator"]).get(f"/orang/angkatan/{_angkatan_of(app, staff)}")
    assert "Admin membuatnya di halaman Pengguna" in html.get_data(as_text=True)


def test_a_committee_member_has_no_staff_pages(app, staff):
    with app.app_context():
        member = make_committee(name="Yusuf Panitia").nip
        make_user("participant")
        db.session.commit()
    client = client_for(app, member)
    assert client.get(f"/orang/angkatan/{_angkatan_of(app, staff)}").status_code == 403
    assert client.get("/dasbor").status_code == 403
    assert "Anda belum ditugaskan sebagai panitia" in client.get("/").get_data(as_text=True)


def _angkatan_of(app, staff) -> int:
    with app.app_context():
        return db.session.scalar(select(Enrolment.angkatan_id).where(Enrolment.user_id == staff["participant_id"]))
