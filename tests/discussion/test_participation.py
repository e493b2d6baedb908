"""Participation per participant and space over the phase, including those with no post yet."""

from datetime import timedelta

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.discussion.models import Post
from lms.discussion.participation import participation, phase_period, posts_per_participant
from lms.discussion.spaces import GENERAL, GROUP, Space
from tests.helpers.discussion import login, post_id_from, reply, send, start_thread, thread_id_from


def test_posts_per_participant_counts_the_phase_and_lists_everyone(app, world):
    siti, budi = login(app, world.nip("siti")), login(app, world.nip("budi"))
    thread = thread_id_from(start_thread(siti, world.a, "umum", "Isu", "Pembuka Siti"))
    reply(budi, thread, "Balasan Budi")
    deleted = post_id_from(reply(budi, thread, "Akan dihapus"))
    send(budi, f"/diskusi/pos/{deleted}/hapus", {})
    hidden = post_id_from(reply(siti, thread, "Akan disembunyikan"))
    send(login(app, world.nip("instructor")), f"/diskusi/pos/{hidden}/sembunyikan", {"reason": "Di luar topik"})
    reply(siti, thread, "Balasan kedua Siti")
    thread_g1 = thread_id_from(start_thread(budi, world.a, f"kelompok-{world.group1}", "Kelompok", "Budi di kelompok"))
    reply(login(app, world.nip("instructor")), thread_g1, "Widyaiswara tidak dihitung")
    with app.app_context():
        # a post from before the phase opened is not counted
        early = db.session.get(Post, post_id_from(reply(budi, thread, "Terlalu awal")))
        early.created_at = utcnow() - timedelta(days=20)
        db.session.commit()
        counts = posts_per_participant(world.a)
        assert counts == {world.id("siti"): 2, world.id("budi"): 2, world.id("dewi"): 0}
        assert world.id("bayu") not in counts
        first, last = phase_period(world.a)
        assert (last - first).days == 29


def test_participation_page_per_space_shows_silent_participants_first(app, world):
    siti = login(app, world.nip("siti"))
    thread = thread_id_from(start_thread(siti, world.a, "umum", "Isu", "Pembuka"))
    reply(siti, thread, "Balasan")
    with app.app_context():
        rows = participation(Space(world.a, GENERAL))
        assert [(r.name, r.threads, r.replies) for r in rows] == [
            ("Budi Santoso", 0, 0),
            ("Dewi Lestari", 0, 0),
            ("Siti Rahayu", 1, 1),
        ]
        assert rows[-1].last_post_at is not None and rows[-1].last_post_at.tzinfo is not None
        group = participation(Space(world.a, GROUP, world.group2, "Kelompok 2"))
        assert [r.name for r in group] == ["Dewi Lestari"]
    coordinator = login(app, world.nip("coordinator"))
    page = coordinator.get(f"/diskusi/angkatan/{world.a}/partisipasi").get_data(as_text=True)
    assert "2 dari 3 peserta belum menulis di Diskusi angkatan." in page and "belum pernah" in page
    group_page = coordinator.get(f"/diskusi/angkatan/{world.a}/partisipasi?ruang=kelompok-{world.group2}")
    assert "1 dari 1 peserta belum menulis" in group_page.get_data(as_text=True)
    tutor1 = login(app, world.nip("tutor1"))
    assert tutor1.get(f"/diskusi/angkatan/{world.a}/partisipasi?ruang=kelompok-{world.group2}").status_code == 404
    assert tutor1.get(f"/diskusi/angkatan/{world.a}/partisipasi?ruang=kelompok-{world.group1}").status_code == 200
