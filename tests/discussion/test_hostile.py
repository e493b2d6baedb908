"""The hostile markdown corpus in posts, quotes, edits and titles renders inert; names are escaped."""

import re

from markupsafe import escape

from lms.core.text import control_character
from tests.factories import make_participant
from tests.helpers.discussion import login, post_id_from, thread_id_from
from tests.helpers.web import csrf_token
from tests.hostile import HOSTILE_MARKDOWN, executable_parts

OUR_IDS = re.compile(r' id="(pos-\d+|baru|balas)"')


def _between(page: str, start: str, end: str) -> str:
    """The part of the page that holds what people wrote, with the ids the template itself sets removed."""
    assert start in page, start
    part = page.split(start, 1)[1].split(end, 1)[0]
    return OUR_IDS.sub("", part)


def test_hostile_posts_quotes_titles_and_names_are_inert(app, world):
    app.config["LMS_POST_BURST"] = 1000  # this test writes well over a burst
    with app.app_context():
        from lms.core.extensions import db
        from lms.people.models import Angkatan

        hostile = make_participant(db.session.get(Angkatan, world.a), name='<img src=x onerror=alert(1)> "Peserta"')
        hostile_nip = hostile.nip
        db.session.commit()
    writer = login(app, hostile_nip)
    token = csrf_token(writer, "/")
    new_url = f"/diskusi/angkatan/{world.a}/umum/baru"
    opening = writer.post(new_url, data={"csrf_token": token, "title": "Utas uji", "body": "Pembuka"})
    thread = thread_id_from(opening)
    posts = []
    for source in HOSTILE_MARKDOWN:
        response = writer.post(f"/diskusi/utas/{thread}", data={"csrf_token": token, "body": source})
        assert response.status_code == 302, source
        posts.append(post_id_from(response))
    for quoted in posts[:10]:  # quotes show excerpts of hostile posts
        writer.post(f"/diskusi/utas/{thread}", data={"csrf_token": token, "body": "kutip", "quote": str(quoted)})
    titles = [source.splitlines()[0][:200] for source in HOSTILE_MARKDOWN]
    for title in titles:
        response = writer.post(new_url, data={"csrf_token": token, "title": title, "body": "isi"})
        # A title is one line: one with a tab or another control character is refused, not stored.
        assert response.status_code == (400 if control_character(title) else 302), title
    # an edit keeps the hostile text in the history
    edit = f"/diskusi/pos/{posts[0]}/ubah"
    assert writer.post(edit, data={"csrf_token": token, "body": HOSTILE_MARKDOWN[20]}).status_code == 302

    reader = login(app, world.nip("siti"))
    escaped_name = str(escape('<img src=x onerror=alert(1)> "Peserta"'))
    for page_number in (1, 2, 3):
        page = reader.get(f"/diskusi/utas/{thread}?hal={page_number}").get_data(as_text=True)
        content = _between(page, '<ol class="posts">', "</ol>\n")
        assert executable_parts(content) == [], page_number
        assert escaped_name in content
    for page_number in (1, 2, 3):
        page = reader.get(f"/diskusi/angkatan/{world.a}/umum?hal={page_number}").get_data(as_text=True)
        if '<ul class="threads">' in page:
            assert executable_parts(_between(page, '<ul class="threads">', "</ul>")) == []
    space = reader.get(f"/diskusi/angkatan/{world.a}/umum").get_data(as_text=True)
    assert str(escape(titles[20])) in space  # "<script>alert(1)</script>" shown as text
    with app.app_context():
        from sqlalchemy import select

        from lms.discussion.models import Thread

        hostile_threads = db.session.scalars(select(Thread.id).where(Thread.title != "Utas uji")).all()
    for thread_id in hostile_threads[:12]:
        page = reader.get(f"/diskusi/utas/{thread_id}").get_data(as_text=True)
        heading = _between(page, '<h1 class="thread-title">', "</h1>")
        assert "<" not in heading and executable_parts(_between(page, "<title>", "</title>")) == []
    history = writer.get(f"/diskusi/pos/{posts[0]}/riwayat").get_data(as_text=True)
    assert executable_parts(_between(history, '<main id="isi">', "</main>")) == []
    # a report of a hostile post puts its excerpt in the instructor's notifications
    reader.post(
        f"/diskusi/pos/{posts[21]}/laporkan", data={"csrf_token": csrf_token(reader, "/"), "reason": "Isi berbahaya"}
    )
    instructor = login(app, world.nip("instructor"))
    notices = instructor.get("/notifikasi").get_data(as_text=True)
    assert executable_parts(_between(notices, '<ul class="notices">', "</ul>")) == []
    assert escaped_name in writer.get(f"/diskusi/angkatan/{world.a}/umum").get_data(as_text=True)
