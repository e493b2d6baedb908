"""Requests of the discussion tests (start a thread, reply, as a browser posts them), the shape of their
world, and a long thread written straight to the database."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.discussion.models import Post, Thread, ThreadRead
from tests.factories import wib_today
from tests.helpers.web import client_for, csrf_token


def open_schedule(today: date | None = None):
    """MOOC behind us, distance learning open now (no content imported: nothing gates it but dates)."""
    today = today or wib_today()
    mooc = (today - timedelta(days=30), today - timedelta(days=10))
    return [mooc, (today - timedelta(days=9), today + timedelta(days=20))]


@dataclass
class World:
    a: int
    b: int
    locked: int
    group1: int
    group2: int
    users: dict  # name -> (id, nip)

    def id(self, who: str) -> int:
        return self.users[who][0]

    def nip(self, who: str) -> str:
        return self.users[who][1]


def login(app, nip: str):
    return client_for(app, nip)


def send(client, url: str, data: dict, token_from: str | None = None):
    """POST a form the way a browser does: with the CSRF token of the page that showed it."""
    data = dict(data)
    data.setdefault("csrf_token", csrf_token(client, token_from or "/"))
    return client.post(url, data=data)


def start_thread(client, angkatan_id: int, key: str, title: str, body: str, **extra):
    url = f"/diskusi/angkatan/{angkatan_id}/{key}/baru"
    response = send(client, url, {"title": title, "body": body, **extra}, token_from=url)
    return response


def thread_id_from(response) -> int:
    return int(re.search(r"/diskusi/utas/(\d+)", response.location).group(1))


def post_id_from(response) -> int:
    return int(re.search(r"#pos-(\d+)", response.location).group(1))


def reply(client, thread_id: int, body: str, **extra):
    url = f"/diskusi/utas/{thread_id}"
    return send(client, url, {"body": body, **extra}, token_from=url)


def bulk_thread(app, angkatan_id: int, authors: list[int], posts: int, space: str = "umum", title: str = "Utas") -> int:
    """A thread with many posts, written straight to the database (fast), authors taking turns."""
    with app.app_context():
        start = utcnow() - timedelta(hours=2)
        thread = Thread(
            angkatan_id=angkatan_id,
            space=space,
            author_id=authors[0],
            title=title,
            created_at=start,
            last_post_at=start + timedelta(seconds=posts),
            last_seq=posts,
        )
        db.session.add(thread)
        db.session.flush()
        db.session.execute(
            insert(Post),
            [
                {
                    "thread_id": thread.id,
                    "seq": n,
                    "author_id": authors[(n - 1) % len(authors)],
                    "body_md": f"Pos nomor {n}: pendapat saya tentang nilai **akuntabel**.",
                    "body_html": f"<p>Pos nomor {n}: pendapat saya tentang nilai <strong>akuntabel</strong>.</p>",
                    "excerpt": f"Pos nomor {n}: pendapat saya tentang nilai akuntabel.",
                    "created_at": start + timedelta(seconds=n),
                }
                for n in range(1, posts + 1)
            ],
        )
        # as the app does: writing in a thread records the writer's read position
        db.session.execute(
            insert(ThreadRead),
            [{"user_id": a, "thread_id": thread.id, "last_seq": posts, "read_at": start} for a in set(authors)],
        )
        db.session.commit()
        return thread.id
