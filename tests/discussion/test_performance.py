"""Space and thread pages run the same number of queries with 10 posts and with 1,000, and stay
within the 30 KB budget of the lesson pages."""

import pytest

from lms.core.extensions import db
from tests.factories import make_participant
from tests.helpers.discussion import bulk_thread, login


def _counts(app, client, count_queries, urls) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[name] = counter.count
    return counts


@pytest.mark.parametrize("who", ["participant", "instructor"])
def test_query_counts_do_not_grow_with_posts(app, world, count_queries, who):
    # Angkatan A: 10 posts in two threads. Angkatan B: 1,000 posts in 40 threads, one of 300.
    small = bulk_thread(app, world.a, [world.id("budi"), world.id("dewi")], 5, title="Kecil")
    bulk_thread(app, world.a, [world.id("budi")], 5, title="Kecil juga")
    with app.app_context():
        from lms.people.models import Angkatan

        other_b = make_participant(db.session.get(Angkatan, world.b), name="Penulis B").id
        db.session.commit()
    # written by people who are not the viewers, as in A, so both viewers meet the same state
    writers_b = [other_b, world.id("coordinator_b")]
    big = bulk_thread(app, world.b, writers_b, 300, title="Besar")
    for n in range(39):
        bulk_thread(app, world.b, writers_b, 700 // 39 + (1 if n < 700 % 39 else 0), title=f"B {n}")
    viewers = {"participant": ("siti", "bayu"), "instructor": ("instructor", "instructor_b")}[who]
    results = []
    for viewer, angkatan, thread, last_page in ((viewers[0], world.a, small, 1), (viewers[1], world.b, big, 10)):
        client = login(app, world.nip(viewer))
        urls = {
            "spaces": f"/diskusi/angkatan/{angkatan}",
            "space": f"/diskusi/angkatan/{angkatan}/umum",
            "thread first visit": f"/diskusi/utas/{thread}",
            "thread again": f"/diskusi/utas/{thread}",
            "last page": f"/diskusi/utas/{thread}?hal={last_page}",
        }
        results.append(_counts(app, client, count_queries, urls))
    small_counts, big_counts = results
    assert small_counts == big_counts
    assert max(big_counts.values()) <= 12, big_counts


def test_thread_page_with_30_posts_fits_the_budget(app, world):
    thread = bulk_thread(app, world.a, [world.id("budi"), world.id("dewi"), world.id("instructor")], 30)
    client = login(app, world.nip("siti"))
    page = client.get(f"/diskusi/utas/{thread}", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    css = client.get("/static/app.css", headers={"Accept-Encoding": "gzip"})
    script = client.get("/static/discussion.js", headers={"Accept-Encoding": "gzip"})
    assert len(page.data) + len(css.data) + len(script.data) <= 30 * 1024
    space = client.get(f"/diskusi/angkatan/{world.a}/umum", headers={"Accept-Encoding": "gzip"})
    assert len(space.data) + len(css.data) <= 30 * 1024
