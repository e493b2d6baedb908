"""The stored JP done per participant and phase (phase_progress) always equals a recount of the lessons.

The dashboards read the stored figure, so every way lessons or their weights change is checked here:
marking done (through the page), a double mark, two lessons marked at once, a re-import that changes
a module's lessons or JP, and a publish from the editor.
"""

import dataclasses
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.content.importer import import_content
from lms.content.models import Module, PhaseProgress
from lms.content.progress import jp_done_rows, mark_done
from lms.core.extensions import db
from lms.phases.models import Phase
from tests.factories import make_angkatan, make_instansi, make_participant, wib_today
from tests.helpers.content import write_module
from tests.helpers.web import AuthActions, post


@pytest.fixture
def reader(app, content_dir):
    with app.app_context():
        assert import_content(content_dir).problems == []
        angkatan = make_angkatan(make_instansi(), schedule_start=wib_today() - timedelta(days=3))
        user = make_participant(angkatan)
        db.session.commit()
        return {"id": user.id, "nip": user.nip}


def stored(app, user_id: int) -> dict[str, float]:
    with app.app_context():
        rows = db.session.execute(
            select(Phase.code, PhaseProgress.jp_done)
            .join(Phase, Phase.id == PhaseProgress.phase_id)
            .where(PhaseProgress.user_id == user_id)
        )
        return {slug: round(jp, 6) for slug, jp in rows}


def recounted(app, user_id: int) -> dict[str, float]:
    with app.app_context():
        codes = dict(db.session.execute(select(Phase.id, Phase.code)).all())
        rows = db.session.execute(jp_done_rows()).all()
        return {codes[phase_id]: round(float(jp), 6) for uid, phase_id, jp in rows if uid == user_id}


def module_id(app, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Module.id).where(Module.slug == slug))


def test_marking_lessons_done_adds_their_share_of_the_module_jp_once(app, reader):
    client = app.test_client()
    AuthActions(client).login(reader["nip"])
    assert stored(app, reader["id"]) == {}
    for _ in range(2):  # the second click on the same lesson counts nothing more
        assert post(client, "/belajar/modul/modul-satu/pelajaran-1/selesai", token_from="/").status_code == 302
    assert stored(app, reader["id"]) == {"mooc": round(4 / 3, 6)}
    post(client, "/belajar/modul/modul-dua/pelajaran-2/selesai", token_from="/")
    assert stored(app, reader["id"]) == {"mooc": round(4 / 3 + 4 / 2, 6)} == recounted(app, reader["id"])


def test_a_new_revision_recounts_its_readers(app, reader, content_dir):
    module = module_id(app, "modul-satu")
    with app.app_context():
        for n in (1, 2, 3):
            mark_done(reader["id"], module, f"pelajaran-{n}")
        db.session.commit()
    assert stored(app, reader["id"]) == {"mooc": 4.0}
    # The module now weighs 6 JP over 4 lessons, and lesson 3 is gone: 2 of 4 lessons read.
    folder = write_module(content_dir, "modul-satu", order=1, lessons=5, jp=6)
    (folder / "03-pelajaran-3.md").unlink()
    with app.app_context():
        report = import_content(content_dir)
        assert report.problems == [] and report.revised == ["modul-satu"]
        db.session.commit()
    assert stored(app, reader["id"]) == {"mooc": 3.0} == recounted(app, reader["id"])


def test_publishing_from_the_editor_recounts_its_readers(app, reader):
    from lms.auth.models import Role
    from lms.authoring import revisions
    from tests.factories import make_user

    module = module_id(app, "modul-dua")
    with app.app_context():
        mark_done(reader["id"], module, "pelajaran-1")
        admin_id = make_user(Role.ADMIN).id
        db.session.commit()
    assert stored(app, reader["id"]) == {"mooc": 2.0}
    with app.app_context():
        latest = revisions.latest_revision(module)
        content = revisions.content_of(latest)
        content = dataclasses.replace(content, jp=8, source=None)
        target = db.session.get(Module, module)
        draft = revisions.save_revision(target, content, base_number=latest.number, author_id=admin_id, note="")
        revisions.publish(target, draft.number, admin_id)
        db.session.commit()
    assert stored(app, reader["id"]) == {"mooc": 4.0} == recounted(app, reader["id"])


def test_two_lessons_marked_at_once_both_count(app, reader, monkeypatch):
    """Two tabs mark two lessons at the same moment. Each recount must see the other's lesson: the
    second waits for the first (a row lock on PostgreSQL, the write lock on SQLite). Without that wait
    both would recount before either commits, each missing the other's lesson."""
    from lms.content import progress

    module = module_id(app, "modul-satu")
    real_refresh, both_counted = progress.refresh_phase_progress, threading.Barrier(2)

    def refresh_then_linger(user_ids):
        real_refresh(user_ids)
        try:  # hold the transaction open until the other tab has recounted too, if it can
            both_counted.wait(timeout=1)
        except threading.BrokenBarrierError:
            pass

    monkeypatch.setattr(progress, "refresh_phase_progress", refresh_then_linger)
    errors = []

    def mark(lesson):
        try:
            with app.app_context():
                mark_done(reader["id"], module, lesson)
                db.session.commit()
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=mark, args=(f"pelajaran-{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert stored(app, reader["id"]) == {"mooc": round(8 / 3, 6)} == recounted(app, reader["id"])


@pytest.mark.parametrize("how", ["editor", "import"])
def test_a_lesson_marked_while_its_module_is_published_counts_in_the_new_revision(
    app, reader, content_dir, monkeypatch, how
):
    """The participant's first lesson of a module is marked while the module is published with more JP,
    from the editor or by a re-import of the curriculum. The publish recounts the module's readers
    before this lesson is committed, so it cannot see it; the mark must wait for the publish and count
    in the new revision (PostgreSQL: the module's row lock, which a re-import's plain UPDATE of the
    module takes without blocking the lesson's foreign-key check; SQLite: the write lock)."""
    from lms.auth.models import Role
    from lms.authoring import revisions
    from lms.content import revisions as one_way
    from tests.factories import make_user

    module = module_id(app, "modul-dua")  # 4 JP over 2 lessons
    with app.app_context():
        admin_id = make_user(Role.ADMIN).id
        db.session.commit()
    # The editor and the import publish the one way (lms.content.revisions.publish_revision).
    real_refresh, marked, recounted_by_publish = one_way.refresh_module_readers, threading.Event(), threading.Event()

    def refresh_then_linger(module_id):
        real_refresh(module_id)
        recounted_by_publish.set()
        marked.wait(timeout=1)  # hold the publish open while the lesson is marked, if the mark can go ahead

    monkeypatch.setattr(one_way, "refresh_module_readers", refresh_then_linger)
    errors = []

    def publish_with_8_jp():
        try:
            with app.app_context():
                if how == "editor":
                    latest = revisions.latest_revision(module)
                    content = dataclasses.replace(revisions.content_of(latest), jp=8, source=None)
                    target = db.session.get(Module, module)
                    draft = revisions.save_revision(
                        target, content, base_number=latest.number, author_id=admin_id, note=""
                    )
                    revisions.publish(target, draft.number, admin_id)
                else:
                    write_module(content_dir, "modul-dua", order=2, lessons=2, jp=8)
                    assert import_content(content_dir).revised == ["modul-dua"]
                db.session.commit()
        except Exception as exc:
            errors.append(exc)

    def mark():
        try:
            with app.app_context():
                mark_done(reader["id"], module, "pelajaran-1")
                db.session.commit()
            marked.set()
        except Exception as exc:
            errors.append(exc)

    publishing = threading.Thread(target=publish_with_8_jp)
    publishing.start()
    assert recounted_by_publish.wait(timeout=30)
    marking = threading.Thread(target=mark)
    marking.start()
    for thread in (publishing, marking):
        thread.join(timeout=60)
    assert errors == []
    assert stored(app, reader["id"]) == {"mooc": 4.0} == recounted(app, reader["id"])


def test_the_migration_counts_what_was_read_before_it(app, reader):
    """Migration 0007 made phase_progress on databases that already had lessons marked done."""
    from flask_migrate import downgrade, upgrade

    read = [(module_id(app, "modul-satu"), "pelajaran-1"), (module_id(app, "modul-dua"), "pelajaran-2")]
    with app.app_context():
        for module, lesson in read:
            mark_done(reader["id"], module, lesson)
        db.session.commit()
        db.session.remove()
        downgrade(revision="0006")  # drops the table; the lessons read stay
        upgrade()
    assert stored(app, reader["id"]) == {"mooc": round(4 / 3 + 4 / 2, 6)} == recounted(app, reader["id"])
