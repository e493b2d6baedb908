"""Unread counts per space and thread, the "baru" marker, and notifications, also across pages."""

from sqlalchemy import select

from lms.auth.models import User
from lms.core.extensions import db
from lms.discussion.models import Notification
from lms.discussion.unread import position_after_reading
from tests.helpers.discussion import bulk_thread, login, post_id_from, reply, send, start_thread, thread_id_from


def _bell(client) -> str:
    page = client.get("/notifikasi").get_data(as_text=True)
    return page.split('aria-label="Notifikasi: ', 1)[1].split(" ", 1)[0]


def test_counts_per_space_and_thread_and_the_marker_at_the_first_unread_post(app, world):
    siti, budi = login(app, world.nip("siti")), login(app, world.nip("budi"))
    thread = thread_id_from(start_thread(siti, world.a, "umum", "Apa itu akuntabel?", "Pertanyaan saya"))
    # Siti's own thread is not new to her; it is to Budi
    spaces = siti.get(f"/diskusi/angkatan/{world.a}").get_data(as_text=True)
    assert "baru" not in spaces.split('<ul class="spaces">')[1]
    assert "1 baru" in budi.get(f"/diskusi/angkatan/{world.a}").get_data(as_text=True)
    budi.get(f"/diskusi/utas/{thread}")
    first_reply = post_id_from(reply(budi, thread, "Jawaban pertama"))
    reply(budi, thread, "Tambahan kedua")
    space = siti.get(f"/diskusi/angkatan/{world.a}/umum").get_data(as_text=True)
    assert "2 baru" in space and f"/diskusi/utas/{thread}/baru" in space
    assert "2 baru" in siti.get(f"/diskusi/angkatan/{world.a}").get_data(as_text=True)
    jump = siti.get(f"/diskusi/utas/{thread}/baru")
    assert jump.location.endswith(f"/diskusi/utas/{thread}?hal=1#baru")
    page = siti.get(jump.location).get_data(as_text=True)
    # the marker sits right before the first post Siti has not read
    assert page.index('id="baru"') < page.index(f'id="pos-{first_reply}"')
    assert page.index(f'id="pos-{first_reply}"') - page.index('id="baru"') < 200
    # read now: no counts, no marker
    assert "baru" not in siti.get(f"/diskusi/angkatan/{world.a}/umum").get_data(as_text=True).split("threads")[1]
    assert 'id="baru"' not in siti.get(f"/diskusi/utas/{thread}").get_data(as_text=True)


def test_unread_across_pages_of_a_long_thread(app, world):
    siti, budi = world.id("siti"), world.id("budi")
    thread = bulk_thread(app, world.a, [budi], 45)  # two pages: 1-30 and 31-45
    client = login(app, world.nip("siti"))
    space = client.get(f"/diskusi/angkatan/{world.a}/umum").get_data(as_text=True)
    assert "45 baru" in space
    client.get(f"/diskusi/utas/{thread}?hal=1")
    assert "15 baru" in client.get(f"/diskusi/angkatan/{world.a}/umum").get_data(as_text=True)
    jump = client.get(f"/diskusi/utas/{thread}/baru")
    assert jump.location.endswith("?hal=2#baru")
    page = client.get(jump.location).get_data(as_text=True)
    assert "Pos nomor 31:" in page and "Pos nomor 30:" not in page
    assert page.index('id="baru"') < page.index("Pos nomor 31:")
    assert "baru" not in client.get(f"/diskusi/angkatan/{world.a}/umum").get_data(as_text=True).split("threads")[1]
    # someone else jumps straight to page 2: page 1 stays new for them
    dewi = login(app, world.nip("dewi"))
    dewi.get(f"/diskusi/utas/{thread}?hal=2")
    assert "45 baru" in dewi.get(f"/diskusi/angkatan/{world.a}/umum").get_data(as_text=True)
    assert siti  # ids used above


def test_reading_position_rule():
    assert position_after_reading(0, 1, 30) == 30
    assert position_after_reading(30, 31, 45) == 45
    assert position_after_reading(0, 31, 45) is None  # a skipped page stays unread
    assert position_after_reading(45, 31, 45) is None  # nothing new
    assert position_after_reading(40, 31, 60) == 60


def test_notifications_for_replies_quotes_mentions_and_announcements(app, world):
    siti, budi, dewi = (login(app, world.nip(w)) for w in ("siti", "budi", "dewi"))
    thread = thread_id_from(start_thread(siti, world.a, "umum", "Rancangan aktualisasi", "Mohon masukan"))
    opening = None
    with app.app_context():
        from lms.discussion.models import Post

        opening = db.session.scalar(select(Post.id).where(Post.thread_id == thread))
    reply(budi, thread, "Saran saya: mulai dari isu antrean. Bagaimana menurut @Dewi Lestari?")
    reply(dewi, thread, "Setuju", quote=str(opening))
    instructor = login(app, world.nip("instructor"))
    start_thread(instructor, world.a, "pengumuman", "Sesi sinkron Senin", "Pukul 09.00 WIB")
    with app.app_context():
        kinds = {
            (n.user_id, n.kind)
            for n in db.session.scalars(
                select(Notification).where(Notification.user_id.in_([world.id("siti"), world.id("dewi")]))
            )
        }
        count = db.session.get(User, world.id("siti")).unread_notifications
    assert (world.id("siti"), "reply") in kinds  # Budi answered her thread
    assert (world.id("siti"), "quote") in kinds  # Dewi quoted her (one notice per post: quote wins)
    assert (world.id("dewi"), "mention") in kinds
    assert (world.id("siti"), "announcement") in kinds and (world.id("dewi"), "announcement") in kinds
    assert count == 3 and _bell(siti) == "3"
    listing = siti.get("/notifikasi").get_data(as_text=True)
    assert "Budi Santoso membalas utas Anda" in listing and "Dewi Lestari mengutip pos Anda" in listing
    assert "Pengumuman baru dari Dr. Bambang Sutrisno" in listing
    # reading the thread reads the notices about its posts; the announcement stays unread
    siti.get(f"/diskusi/utas/{thread}")
    assert _bell(siti) == "1"
    token_page = "/notifikasi"
    assert send(siti, "/notifikasi/baca-semua", {}, token_from=token_page).status_code == 302
    assert _bell(siti) == "0"
    with app.app_context():
        assert (
            db.session.scalar(
                select(Notification.id).where(Notification.user_id == world.id("siti"), Notification.read_at.is_(None))
            )
            is None
        )


def test_notices_about_posts_on_page_two_are_read_there(app, world):
    thread = bulk_thread(app, world.a, [world.id("siti"), world.id("budi")], 40)
    dewi = login(app, world.nip("dewi"))
    budi = login(app, world.nip("budi"))
    late = post_id_from(reply(budi, thread, "Halo @Dewi Lestari, lihat pos ini"))  # seq 41, page 2
    assert _bell(dewi) == "1"
    dewi.get(f"/diskusi/utas/{thread}?hal=1")
    assert _bell(dewi) == "1"  # the mention is on page 2
    follow = dewi.get(f"/diskusi/pos/{late}")
    assert follow.location.endswith(f"?hal=2#pos-{late}")
    dewi.get(follow.location)
    assert _bell(dewi) == "0"


def test_nobody_is_notified_of_their_own_posts(app, world):
    siti = login(app, world.nip("siti"))
    thread = thread_id_from(start_thread(siti, world.a, "umum", "Sendiri", "Saya @Siti Rahayu menyebut diri"))
    reply(siti, thread, "Membalas diri sendiri")
    assert _bell(siti) == "0"


def test_deleted_and_hidden_posts_are_not_new_whether_or_not_the_thread_was_opened(app, world):
    siti, budi = login(app, world.nip("siti")), login(app, world.nip("budi"))
    thread = thread_id_from(start_thread(siti, world.a, "umum", "Hitungan", "Pembuka"))
    gone = post_id_from(reply(siti, thread, "Akan dihapus"))
    hidden = post_id_from(reply(siti, thread, "Akan disembunyikan"))
    reply(siti, thread, "Tetap ada")
    send(siti, f"/diskusi/pos/{gone}/hapus", {})
    instructor = login(app, world.nip("instructor"))
    send(instructor, f"/diskusi/pos/{hidden}/sembunyikan", {"reason": "Tidak relevan"})
    send(instructor, f"/diskusi/pos/{gone}/sembunyikan", {"reason": "Sudah dihapus juga"})  # counted once

    def budi_count():
        page = budi.get(f"/diskusi/angkatan/{world.a}/umum").get_data(as_text=True)
        return page.split('class="badge new">', 1)[1].split(" ", 1)[0] if 'class="badge new">' in page else "0"

    assert budi_count() == "2"  # never opened: the opening post and "Tetap ada"
    budi.get(f"/diskusi/utas/{thread}")
    assert budi_count() == "0"
    send(instructor, f"/diskusi/pos/{hidden}/tampilkan", {})
    dewi = login(app, world.nip("dewi"))
    assert "3 baru" in dewi.get(f"/diskusi/angkatan/{world.a}/umum").get_data(as_text=True)
    with app.app_context():
        from lms.discussion.models import Thread

        assert db.session.get(Thread, thread).removed_posts == 1
