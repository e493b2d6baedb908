"""Who reaches the result pages: the head and coordinators of the angkatan's lembaga (anyone else's 404), the
coordinator never ratifies (403), a participant sees only their own result and only after ratification, an
instansi viewer their employees' sealed results, read-only."""

import pytest
from sqlalchemy import select

from lms.auth.models import Role
from lms.core.extensions import db
from lms.core.security_events import SecurityEvent
from lms.kelulusan.ratification import prepare_result
from lms.people.models import CoordinatorLembaga
from tests.factories import lembaga_for, make_instansi, make_instansi_viewer, make_participant, make_user
from tests.helpers.kelulusan import graduating, make_head, prepared_and_ratified, score
from tests.helpers.web import client_for, csrf_token


@pytest.fixture
def two_lembaga(kelulusan_app):
    """Angkatan A (prepared) and B (ratified), each with its coordinators and head; a viewer of A's instansi."""
    with kelulusan_app.app_context():
        a, a_people, a_coord, _a_other, a_head = graduating()
        b, b_people, b_coord, _b_other, b_head = graduating(2)
        prepare_result(a.id, a_coord.id)
        prepared_and_ratified(b, b_coord, b_head)
        viewer = make_instansi_viewer(b_people[0].enrolment.instansi)
        outsider = make_participant(b, instansi=make_instansi("Pemerintah Kota Lain"), name="Orang Luar")
        score(outsider, akademik=1)
        db.session.commit()
        return {
            "a": a.id,
            "b": b.id,
            "a_coord": a_coord.nip,
            "a_head": a_head.nip,
            "b_head": b_head.nip,
            "b_coord": b_coord.nip,
            "a_person": a_people[0].nip,
            "a_person_id": a_people[0].id,
            "b_person": b_people[0].nip,
            "b_person_id": b_people[0].id,
            "b_other_name": b_people[1].name,
            "viewer": viewer.nip,
        }


def test_the_head_of_another_lembaga_gets_404_everywhere(kelulusan_app, two_lembaga):
    w = two_lembaga
    head_b = client_for(kelulusan_app, w["b_head"])
    token = csrf_token(head_b, "/")
    a = w["a"]
    assert head_b.get(f"/kelulusan/angkatan/{a}/pengesahan").status_code == 404
    assert (
        head_b.post(
            f"/kelulusan/angkatan/{a}/pengesahan", data={"csrf_token": token, "preparation": 1, "confirm": "y"}
        ).status_code
        == 404
    )
    assert head_b.get(f"/kelulusan/angkatan/{a}/peserta/{w['a_person_id']}").status_code == 404
    with kelulusan_app.app_context():
        assert (
            db.session.scalar(select(SecurityEvent.status).where(SecurityEvent.kind == "access.hidden").limit(1)) == 404
        )
    assert head_b.get(f"/kelulusan/angkatan/{w['b']}/pengesahan").status_code == 200
    listing = head_b.get("/kelulusan/pengesahan").get_data(as_text=True)
    assert f"/kelulusan/angkatan/{w['b']}/pengesahan" in listing and f"/kelulusan/angkatan/{a}/" not in listing


def test_a_coordinator_cannot_ratify(kelulusan_app, two_lembaga):
    w = two_lembaga
    coordinator = client_for(kelulusan_app, w["a_coord"])
    token = csrf_token(coordinator, "/")
    url = f"/kelulusan/angkatan/{w['a']}/pengesahan"
    assert coordinator.get(url).status_code == 403
    assert coordinator.post(url, data={"csrf_token": token, "preparation": 1, "confirm": "y"}).status_code == 403
    assert coordinator.get(f"/kelulusan/angkatan/{w['b']}/persiapan").status_code == 404  # another lembaga's
    head = client_for(kelulusan_app, w["a_head"])
    assert head.get(f"/kelulusan/angkatan/{w['a']}/persiapan").status_code == 403  # the head does not prepare


def test_a_participant_sees_only_their_own_result_and_only_after_ratification(kelulusan_app, two_lembaga):
    w = two_lembaga
    before = client_for(kelulusan_app, w["a_person"])  # angkatan A is prepared, not ratified
    page = before.get("/kelulusan/hasil-saya")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "belum disahkan" in text and "87,00" not in text
    assert page.headers["Cache-Control"] == "no-store"
    assert "Hasil Latsar Anda" not in before.get("/").get_data(as_text=True)
    assert before.get(f"/kelulusan/angkatan/{w['a']}/peserta/{w['a_person_id']}").status_code == 403

    after = client_for(kelulusan_app, w["b_person"])
    text = after.get("/kelulusan/hasil-saya").get_data(as_text=True)
    assert "87,00" in text and "Memuaskan" in text and "Lulus" in text and "Seminar aktualisasi" in text
    assert w["b_other_name"] not in text
    home = after.get("/").get_data(as_text=True)
    assert "Hasil Latsar Anda" in home and "87,00" in home


def test_the_instansi_viewer_sees_their_employees_sealed_results(kelulusan_app, two_lembaga):
    w = two_lembaga
    viewer = client_for(kelulusan_app, w["viewer"])
    page = viewer.get("/kelulusan/pegawai")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert w["b_other_name"] in text and "87,00" in text
    assert "Orang Luar" not in text  # another instansi's participant of the same angkatan
    assert viewer.get(f"/kelulusan/angkatan/{w['b']}/pengesahan").status_code == 403
    assert viewer.get(f"/kelulusan/angkatan/{w['b']}/persiapan").status_code == 403
    empty = client_for(kelulusan_app, w["a_coord"])  # not a viewer: refused
    assert empty.get("/kelulusan/pegawai").status_code == 403


def test_the_admin_links_a_head_to_a_lembaga(kelulusan_app):
    with kelulusan_app.app_context():
        instansi = make_instansi()
        lembaga = lembaga_for(instansi)
        head = make_head(name="Kepala Baru")
        admin = make_user(Role.ADMIN)
        db.session.commit()
        head_id, lembaga_id, admin_nip = head.id, lembaga.id, admin.nip
    admin_client = client_for(kelulusan_app, admin_nip)
    page = admin_client.get(f"/admin/pengguna/{head_id}").get_data(as_text=True)
    assert "Lembaga pelatihan yang dipimpin" in page
    token = csrf_token(admin_client, f"/admin/pengguna/{head_id}")
    saved = admin_client.post(
        f"/admin/pengguna/{head_id}/lembaga-kepala", data={"csrf_token": token, "lembaga_ids": lembaga_id}
    )
    assert saved.status_code == 302
    coordinator_form = admin_client.post(
        f"/admin/pengguna/{head_id}/lembaga", data={"csrf_token": token, "lembaga_ids": lembaga_id}
    )
    assert coordinator_form.status_code == 302  # the coordinators' form refuses a head, with a message
    assert "Hanya penyelenggara yang diberi lembaga." in admin_client.get(f"/admin/pengguna/{head_id}").get_data(
        as_text=True
    )
    with kelulusan_app.app_context():
        assert db.session.scalar(
            select(CoordinatorLembaga.lembaga_id).where(CoordinatorLembaga.user_id == head_id)
        ) == (lembaga_id)
