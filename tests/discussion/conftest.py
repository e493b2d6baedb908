"""A small discussion world: angkatan A with two tutor groups, its staff, a second angkatan B of
another instansi, and an angkatan whose distance-learning phase has not opened yet."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from lms.core.extensions import db
from lms.people.models import Enrolment, TutorGroup
from tests.conftest import AuthActions, csrf_token
from tests.factories import (
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_instructor,
    make_participant,
    make_user,
    wib_today,
)


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


@pytest.fixture
def world(app) -> World:
    with app.app_context():
        inst_a, inst_b = make_instansi("Pemerintah Kota Serang"), make_instansi("Pemerintah Kota Cilegon")
        a = make_angkatan(inst_a, 72, schedule=open_schedule())
        b = make_angkatan(inst_b, 73, schedule=open_schedule())
        later = wib_today() + timedelta(days=12)
        locked = make_angkatan(
            inst_a, 74, schedule=[(wib_today(), later - timedelta(days=1)), (later, later + timedelta(days=20))]
        )
        tutor1 = make_user("instructor", name="Tutor Satu Wibowo")
        tutor2 = make_user("instructor", name="Tutor Dua Lestari")
        g1, g2 = (
            TutorGroup(angkatan_id=a.id, name="Kelompok 1", tutor_id=tutor1.id),
            TutorGroup(angkatan_id=a.id, name="Kelompok 2", tutor_id=tutor2.id),
        )
        db.session.add_all([g1, g2])
        db.session.flush()
        people = {
            "siti": make_participant(a, name="Siti Rahayu"),
            "budi": make_participant(a, name="Budi Santoso"),
            "dewi": make_participant(a, name="Dewi Lestari"),
            "bayu": make_participant(b, name="Bayu Pratama"),
            "lina": make_participant(locked, name="Lina Marlina"),
            "instructor": make_instructor(a, name="Dr. Bambang Sutrisno"),
            "instructor_b": make_instructor(b, name="Rina Marlina, M.Si."),
            "coordinator": make_coordinator(inst_a, name="Sri Wahyuningsih"),
            "coordinator_b": make_coordinator(inst_b, name="Agus Hidayat"),
            "admin": make_user("admin", name="Ahmad Fauzi"),
            "tutor1": tutor1,
            "tutor2": tutor2,
        }
        groups = {"siti": g1.id, "budi": g1.id, "dewi": g2.id}
        for who, gid in groups.items():
            db.session.get(Enrolment, people[who].enrolment.id).tutor_group_id = gid
        db.session.commit()
        return World(a.id, b.id, locked.id, g1.id, g2.id, {k: (u.id, u.nip) for k, u in people.items()})


def login(app, nip: str):
    client = app.test_client()
    AuthActions(client).login(nip)
    return client


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
    from datetime import timedelta

    from sqlalchemy import insert

    from lms.core.database import utcnow
    from lms.discussion.models import Post, Thread, ThreadRead

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
