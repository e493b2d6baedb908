"""A discussion object outside the user's spaces answers 404 and is recorded as a refusal; a missing one is not."""

from sqlalchemy import select

from lms.core.extensions import db
from lms.core.security_events import ACCESS_HIDDEN, SecurityEvent
from tests.helpers.discussion import login, post_id_from, send, start_thread, thread_id_from


def _hidden(app) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(SecurityEvent.path).where(SecurityEvent.kind == ACCESS_HIDDEN).order_by(SecurityEvent.id)
            )
        )


def test_what_lies_outside_ones_spaces_is_a_recorded_refusal(app, world):
    bayu = login(app, world.nip("bayu"))
    b_response = start_thread(bayu, world.b, "umum", "Utas angkatan B", "Isi angkatan B")
    b_thread, b_post = thread_id_from(b_response), post_id_from(b_response)
    dewi = login(app, world.nip("dewi"))
    g2_thread = thread_id_from(start_thread(dewi, world.a, f"kelompok-{world.group2}", "Kelompok 2", "Isi"))
    siti = login(app, world.nip("siti"))
    hidden = [
        f"/diskusi/angkatan/{world.b}",
        f"/diskusi/angkatan/{world.a}/kelompok-{world.group2}",
        f"/diskusi/utas/{b_thread}",
        f"/diskusi/utas/{g2_thread}",
        f"/diskusi/pos/{b_post}/riwayat",
    ]
    missing = ["/diskusi/angkatan/999999", "/diskusi/utas/999999", "/diskusi/pos/999999", "/diskusi/angkatan/1/ruang"]
    for url in hidden + missing:
        assert siti.get(url).status_code == 404, url
    assert _hidden(app) == hidden


def test_a_deleted_posts_history_is_the_moderators_alone(app, world):
    siti = login(app, world.nip("siti"))
    response = start_thread(siti, world.a, "umum", "Judul", "Isi yang ditarik")
    post_id, thread_id = post_id_from(response), thread_id_from(response)
    url = f"/diskusi/pos/{post_id}/hapus"
    assert send(siti, url, {}, token_from=url).status_code == 302
    budi = login(app, world.nip("budi"))
    assert budi.get(f"/diskusi/pos/{post_id}/riwayat").status_code == 404
    assert _hidden(app) == [f"/diskusi/pos/{post_id}/riwayat"]
    instructor = login(app, world.nip("instructor"))
    assert instructor.get(f"/diskusi/pos/{post_id}/riwayat").status_code == 200
    assert thread_id


def test_a_tutor_asking_for_another_groups_participation_is_refused(app, world):
    tutor = login(app, world.nip("tutor1"))
    assert tutor.get(f"/diskusi/angkatan/{world.a}/partisipasi?ruang=kelompok-{world.group1}").status_code == 200
    url = f"/diskusi/angkatan/{world.a}/partisipasi"
    assert tutor.get(f"{url}?ruang=kelompok-{world.group2}").status_code == 404
    assert tutor.get(f"{url}?ruang=kelompok-999999").status_code == 404
    assert _hidden(app) == [url]
