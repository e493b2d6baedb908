"""A participant is told only about what they can open now: notices about a discussion space wait
while their distance-learning phase is locked, and appear, unread, once it opens. No page shows a
link that answers 403 or 404."""

import html
import re

from sqlalchemy import select, update

from lms.core.extensions import db
from lms.discussion.models import Notification
from lms.phases.models import Phase, PhaseSchedule
from tests.factories import wib_today
from tests.helpers.discussion import login, send, start_thread

LINK = re.compile(r'href="(/[^"#]*)')
NOT_PAGES = ("/static/", "/konten/aset/", "/favicon")


def refused_links(client, start: str, depth: int = 2, per_level: int = 80) -> list[tuple[str, str, int]]:
    """Follow the same-site links from `start`, `depth` levels deep: (page, link, status) for every link
    that answers 403 or 404. The check for the whole class: a page that shows a link it will refuse."""
    seen, frontier, refused = {start}, [(None, start)], []
    for _level in range(depth + 1):
        following = []
        for source, url in frontier[:per_level]:
            response = client.get(url)
            if response.status_code in (403, 404):
                refused.append((source, url, response.status_code))
            if response.status_code != 200 or "text/html" not in response.content_type:
                continue
            for link in LINK.findall(response.get_data(as_text=True)):
                link = html.unescape(link)
                if link not in seen and not link.startswith(NOT_PAGES):
                    seen.add(link)
                    following.append((url, link))
        frontier = following
    return refused


def bell_count(page: str) -> int:
    match = re.search(r'class="bell-count"[^>]*>(\d+)<', page)
    return int(match.group(1)) if match else 0


def open_distance_learning(app, angkatan_id: int) -> None:
    with app.app_context():
        pjj = db.session.scalar(select(Phase.id).where(Phase.code == "pjj"))
        db.session.execute(
            update(PhaseSchedule)
            .where(PhaseSchedule.angkatan_id == angkatan_id, PhaseSchedule.phase_id == pjj)
            .values(opens_on=wib_today())
        )
        db.session.commit()


def test_an_announcement_waits_for_the_locked_participant_then_arrives_when_the_space_opens(app, world):
    coordinator = login(app, world.nip("coordinator"))
    start_thread(coordinator, world.locked, "pengumuman", "Persiapan PJJ", "Siapkan laptop dan kamera.")
    with app.app_context():  # stored for her all along
        assert db.session.scalar(select(Notification.kind).where(Notification.user_id == world.id("lina"))) == (
            "announcement"
        )

    lina = login(app, world.nip("lina"))
    home = lina.get("/").get_data(as_text=True)
    assert bell_count(home) == 0
    assert 'href="/diskusi"' not in home.split("<main", 1)[1]  # the home page's card does not link to it
    notices = lina.get("/notifikasi").get_data(as_text=True)
    assert "Persiapan PJJ" not in notices and "Belum ada notifikasi" in notices
    assert refused_links(lina, "/") == []
    # "Mark all read" while locked marks what she was shown, not what is still waiting.
    assert send(lina, "/notifikasi/baca-semua", {}, token_from="/notifikasi").status_code == 302

    open_distance_learning(app, world.locked)
    home = lina.get("/").get_data(as_text=True)
    assert bell_count(home) == 1 and 'href="/diskusi"' in home.split("<main", 1)[1]
    notices = lina.get("/notifikasi").get_data(as_text=True)
    assert "Persiapan PJJ" in notices and "Baru" in notices
    post_link = re.search(r'href="(/diskusi/pos/\d+)"', notices).group(1)
    assert lina.get(post_link, follow_redirects=True).status_code == 200
    assert refused_links(lina, "/") == []
    assert refused_links(lina, "/notifikasi", depth=1) == []


def test_staff_and_open_participants_see_their_notices_at_once(app, world):
    coordinator = login(app, world.nip("coordinator"))
    start_thread(coordinator, world.a, "pengumuman", "Jadwal sesi sinkron", "Senin pukul 09.00.")
    siti = login(app, world.nip("siti"))
    assert bell_count(siti.get("/").get_data(as_text=True)) == 1
    assert "Jadwal sesi sinkron" in siti.get("/notifikasi").get_data(as_text=True)
    assert refused_links(siti, "/notifikasi", depth=1) == []
