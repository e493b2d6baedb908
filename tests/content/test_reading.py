"""Reading pages: access by phase, bounded queries, 304 on re-visit, progress and resume."""

import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from lms.auth.models import Role, User
from lms.content.importer import import_content
from lms.content.models import LessonProgress
from lms.core.extensions import db
from tests.factories import make_angkatan, make_instansi, make_participant, make_user, wib_today
from tests.helpers.content import write_module
from tests.helpers.web import AuthActions, post


@pytest.fixture
def reading(app, content_dir):
    write_module(content_dir, "modul-besar", lessons=12, order=3)
    with app.app_context():
        assert import_content(content_dir).problems == []
        open_angkatan = make_angkatan(make_instansi(), schedule_start=wib_today() - timedelta(days=3))
        future = make_angkatan(make_instansi(), schedule_start=wib_today() + timedelta(days=10))
        ids = {
            "reader": make_participant(open_angkatan).nip,
            "early": make_participant(future).nip,
            "instructor": make_user(Role.INSTRUCTOR).nip,
            "coordinator": make_user(Role.COORDINATOR).nip,
        }
        db.session.commit()
    return ids


def login(app, nip):
    client = app.test_client()
    AuthActions(client).login(nip)
    return client


def progress_rows(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(LessonProgress))


def test_participant_reads_marks_done_and_resumes(app, reading):
    client = login(app, reading["reader"])
    phase = client.get("/belajar/mooc").get_data(as_text=True)
    assert "Modul modul-satu" in phase and "Kemajuan fase: 0 dari 12 JP" in phase
    page = client.get("/belajar/modul/modul-satu/pelajaran-1")
    assert page.status_code == 200 and "Isi pelajaran 1 dari modul-satu" in page.get_data(as_text=True)
    url = "/belajar/modul/modul-satu/pelajaran-1/selesai"
    response = post(client, url, token_from="/belajar/modul/modul-satu/pelajaran-1")
    assert response.location.endswith("/belajar/modul/modul-satu/pelajaran-2")
    post(client, url, token_from="/belajar/modul/modul-satu/pelajaran-1")  # a second click changes nothing
    assert progress_rows(app) == 1
    home = client.get("/").get_data(as_text=True)
    assert "Lanjutkan belajar" in home and "/belajar/modul/modul-satu/pelajaran-2" in home
    phase = client.get("/belajar/mooc").get_data(as_text=True)
    assert "1/3 selesai" in phase and "Kemajuan fase: 1.3 dari 12 JP" in phase


def test_staff_read_everything_and_leave_no_progress(app, reading):
    for who in ("instructor", "coordinator"):
        client = login(app, reading[who])
        page = client.get("/belajar/modul/modul-satu/pelajaran-1")
        assert page.status_code == 200 and "kemajuan tidak dicatat" not in page.get_data(as_text=True)
        assert "Tandai selesai" not in page.get_data(as_text=True)
        assert client.get("/belajar/modul/modul-satu").status_code == 200
        response = post(client, "/belajar/modul/modul-satu/pelajaran-1/selesai", token_from="/")
        assert response.status_code == 403
    assert progress_rows(app) == 0


def test_locked_phase_says_when_it_opens_and_refuses_progress(app, reading):
    client = login(app, reading["early"])
    page = client.get("/belajar/modul/modul-satu/pelajaran-1")
    body = page.get_data(as_text=True)
    assert page.status_code == 403 and "Fase ini dibuka pada" in body and "Isi pelajaran" not in body
    assert client.get("/belajar/modul/modul-satu").status_code == 403
    response = post(client, "/belajar/modul/modul-satu/pelajaran-1/selesai", token_from="/")
    assert response.status_code == 403 and progress_rows(app) == 0
    assert "Fase ini dibuka pada" in client.get("/belajar/mooc").get_data(as_text=True)


def test_revisit_of_an_unchanged_lesson_is_a_304(app, reading):
    client = login(app, reading["reader"])
    first = client.get("/belajar/modul/modul-satu/pelajaran-2")
    etag = first.headers["ETag"]
    again = client.get("/belajar/modul/modul-satu/pelajaran-2", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    post(client, "/belajar/modul/modul-satu/pelajaran-2/selesai", token_from="/")
    changed = client.get("/belajar/modul/modul-satu/pelajaran-2", headers={"If-None-Match": etag})
    assert changed.status_code == 200  # the page now shows it done


def test_a_revisited_lesson_is_sent_again_when_the_header_or_the_hour_changed(app, reading, monkeypatch):
    client = login(app, reading["reader"])
    path = "/belajar/modul/modul-satu/pelajaran-2"

    def revisit():
        etag = client.get(path).headers["ETag"]
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
        return etag

    etag = revisit()
    with app.app_context():  # a mention arrives: the bell in the header must not stay at its old count
        db.session.execute(update(User).where(User.nip == reading["reader"]).values(unread_notifications=1))
        db.session.commit()
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 200

    etag = revisit()
    with client.session_transaction() as flask_session:  # a message waits to be shown
        flask_session["_flashes"] = [("success", "Selamat datang kembali.")]
    page = client.get(path, headers={"If-None-Match": etag})
    assert page.status_code == 200 and "Selamat datang kembali." in page.get_data(as_text=True)

    # An hour on, the browser's copy would carry hour-old CSRF tokens: the page is rendered again.
    etag = revisit()
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 200


@pytest.mark.parametrize("who", ["reader", "instructor"])
def test_module_and_lesson_pages_run_at_most_4_queries_whatever_the_size(app, reading, count_queries, who):
    client = login(app, reading[who])
    counts = {}
    for slug, lesson in (("modul-dua", "pelajaran-1"), ("modul-besar", "pelajaran-7")):
        for url in (f"/belajar/modul/{slug}", f"/belajar/modul/{slug}/{lesson}"):
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            counts[url] = counter.count
    assert max(counts.values()) <= 4, counts
    assert counts["/belajar/modul/modul-dua"] == counts["/belajar/modul/modul-besar"]
    assert counts["/belajar/modul/modul-dua/pelajaran-1"] == counts["/belajar/modul/modul-besar/pelajaran-7"]


def test_lesson_page_is_small_compressed(app, reading):
    client = login(app, reading["reader"])
    page = client.get("/belajar/modul/modul-satu/pelajaran-1", headers={"Accept-Encoding": "gzip"})
    css = client.get(
        next(line.split('"')[3] for line in page.get_data().decode("latin-1").splitlines() if "stylesheet" in line)
        if False
        else "/static/app.css",
        headers={"Accept-Encoding": "gzip"},
    )
    assert page.headers["Content-Encoding"] == "gzip"
    assert len(page.data) + len(css.data) <= 30 * 1024


def test_unknown_module_and_lesson_are_404(app, reading):
    client = login(app, reading["reader"])
    assert client.get("/belajar/modul/tidak-ada").status_code == 404
    assert client.get("/belajar/modul/modul-satu/tidak-ada").status_code == 404
    assert client.get("/belajar/fase-lain").status_code == 404
