"""Migration 0012_lembaga carries today's people over: lembaga for the instansi of old, the participants'
own instansi, the coordinators' lembaga; and back."""

import pytest
from sqlalchemy import text

from lms.core.extensions import db

NOW = "2026-01-05 08:00:00+00:00"


@pytest.fixture
def before_lembaga(app):
    """The database at the revision before 0012_lembaga, brought back to the head afterwards."""
    from alembic.script import ScriptDirectory
    from flask_migrate import downgrade, upgrade

    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        previous = ScriptDirectory.from_config(config).get_revision("0012_lembaga").down_revision
        downgrade(revision=previous)
    yield previous
    with app.app_context():
        db.session.remove()
        upgrade()


def _insert(statement: str, **values) -> int:
    return db.session.execute(text(statement + " RETURNING id"), values).scalar_one()


def _old_world() -> dict[str, int]:
    """Two instansi with an angkatan each (A's with two participants), a third with a coordinator only."""
    ids = {}
    for key, name in (("a", "Pemerintah Kota Serang"), ("b", "Pemerintah Kota Cilegon"), ("c", "Kabupaten Lebak")):
        ids[key] = _insert("INSERT INTO instansi (name, created_at) VALUES (:n, :t)", n=name, t=NOW)
    users = {}
    for key, role in (
        ("coord", "coordinator"),
        ("coord_c", "coordinator"),
        ("p1", "participant"),
        ("p2", "participant"),
        ("p3", "participant"),
    ):
        users[key] = _insert(
            "INSERT INTO users (nip, name, role, active, password_hash, locale, created_at, unread_notifications) "
            "VALUES (:nip, :name, :role, true, 'x', 'id', :t, 0)",
            nip=f"19900101201903100{len(users) + 1}",
            name=f"Orang {key}",
            role=role,
            t=NOW,
        )
    angkatan = {}
    for key, instansi in (("a72", "a"), ("b72", "b")):
        angkatan[key] = _insert(
            "INSERT INTO angkatan (instansi_id, number, year, name, capacity, timezone, target_score, created_at) "
            "VALUES (:i, 72, 2026, 'Angkatan 72', 40, 'WIB', 90, :t)",
            i=ids[instansi],
            t=NOW,
        )
    for user, where in (("p1", "a72"), ("p2", "a72"), ("p3", "b72")):
        db.session.execute(
            text("INSERT INTO enrolments (user_id, angkatan_id, enrolled_at) VALUES (:u, :a, :t)"),
            {"u": users[user], "a": angkatan[where], "t": NOW},
        )
    for user, instansi in (("coord", "a"), ("coord_c", "c")):
        db.session.execute(
            text("INSERT INTO coordinator_instansi (user_id, instansi_id) VALUES (:u, :i)"),
            {"u": users[user], "i": ids[instansi]},
        )
    db.session.commit()
    return {**ids, **users, **angkatan}


def test_lembaga_migration_carries_every_fact_over_and_back(app, before_lembaga):
    from flask_migrate import downgrade, upgrade

    with app.app_context():
        ids = _old_world()
        upgrade(revision="0012_lembaga")
        lembaga = dict(db.session.execute(text("SELECT name, id FROM lembaga")).all())
        assert set(lembaga) == {
            "Penyelenggara Pemerintah Kota Serang",
            "Penyelenggara Pemerintah Kota Cilegon",
            "Penyelenggara Kabupaten Lebak",  # no angkatan, but its coordinator keeps a scope
        }
        runs = dict(db.session.execute(text("SELECT id, lembaga_id FROM angkatan")).all())
        assert runs == {
            ids["a72"]: lembaga["Penyelenggara Pemerintah Kota Serang"],
            ids["b72"]: lembaga["Penyelenggara Pemerintah Kota Cilegon"],
        }
        employers = dict(db.session.execute(text("SELECT user_id, instansi_id FROM enrolments")).all())
        assert employers == {ids["p1"]: ids["a"], ids["p2"]: ids["a"], ids["p3"]: ids["b"]}
        scopes = {tuple(r) for r in db.session.execute(text("SELECT user_id, lembaga_id FROM coordinator_lembaga"))}
        assert scopes == {
            (ids["coord"], lembaga["Penyelenggara Pemerintah Kota Serang"]),
            (ids["coord_c"], lembaga["Penyelenggara Kabupaten Lebak"]),
        }
        kept = db.session.execute(text("SELECT number, year, name, capacity FROM angkatan ORDER BY id")).all()
        assert [tuple(r) for r in kept] == [(72, 2026, "Angkatan 72", 40)] * 2
        # The new role is allowed; the same number twice in one lembaga and year is not.
        db.session.execute(text("UPDATE users SET role = 'instansi_viewer' WHERE id = :u"), {"u": ids["coord_c"]})
        db.session.rollback()
        with pytest.raises(Exception):  # noqa: B017 (the driver's IntegrityError differs per database)
            _insert(
                "INSERT INTO angkatan (lembaga_id, number, year, name, capacity, timezone, target_score, created_at) "
                "VALUES (:l, 72, 2026, 'Dobel', 40, 'WIB', 90, :t)",
                l=runs[ids["a72"]],
                t=NOW,
            )
        db.session.rollback()
        db.session.remove()

        downgrade(revision=before_lembaga)
        back = dict(db.session.execute(text("SELECT id, instansi_id FROM angkatan")).all())
        assert back == {ids["a72"]: ids["a"], ids["b72"]: ids["b"]}
        scopes = {tuple(r) for r in db.session.execute(text("SELECT user_id, instansi_id FROM coordinator_instansi"))}
        # A coordinator's scope comes back through their lembaga's angkatan; one without angkatan has none to give.
        assert scopes == {(ids["coord"], ids["a"])}
        db.session.rollback()


def test_downgrade_refuses_while_instansi_viewers_exist(app):
    from flask_migrate import downgrade, upgrade

    from tests.factories import make_instansi, make_instansi_viewer

    with app.app_context():
        make_instansi_viewer(make_instansi())
        db.session.commit()
        db.session.remove()
        try:
            downgrade(revision="0012_lembaga")  # the later revisions go first, so the refusal below is 0012's
            with pytest.raises(SystemExit):  # Flask-Migrate reports the migration's RuntimeError and exits
                downgrade(revision="0011_outbox")
            db.session.remove()
            assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == "0012_lembaga"
            assert db.session.scalar(text("SELECT COUNT(*) FROM instansi_viewers")) == 1
            db.session.rollback()
        finally:  # the next tests of this worker share the database: leave it at the head
            db.session.remove()
            upgrade()
