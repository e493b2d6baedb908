"""The people migrations carry a whole demo world over and back: seeded at the head, brought down to the
revision before lembaga (what that schema can hold), then up to the head and down again, every table of the
old schema holds exactly the rows it held, and the head holds each fact the old rows said."""

import pytest
from sqlalchemy import inspect, text

from lms.core.extensions import db
from lms.demo import seed_demo

BEFORE_PEOPLE = "0011_outbox"


def _snapshot() -> dict[str, list[tuple]]:
    """Every row of every table (but Alembic's own), in a stable order."""
    tables = [t for t in inspect(db.engine).get_table_names() if t != "alembic_version"]
    return {
        t: sorted((tuple(r) for r in db.session.execute(text(f'SELECT * FROM "{t}"')).all()), key=repr) for t in tables
    }


@pytest.fixture
def demo_before_people(app):
    """The demo, brought down to the schema before lembaga and relations; the database goes back to the head
    afterwards (the next tests of this worker share it)."""
    from flask_migrate import downgrade, upgrade

    with app.app_context():
        seed_demo()
        # The old schema has no instansi viewer (its downgrade refuses them) and no mentor (made inactive
        # instructors): take viewers out and make mentors such instructors first, so what is left is what the
        # old schema can hold.
        db.session.execute(text("DELETE FROM instansi_viewers"))
        db.session.execute(text("DELETE FROM outbox"))
        db.session.execute(text("UPDATE enrolments SET mentor_id = NULL"))
        db.session.execute(text("DELETE FROM mentor_profiles"))
        db.session.execute(text("DELETE FROM users WHERE role = 'instansi_viewer'"))
        # Mentors act in the audit log (aktualisasi reviews), which is append-only: they stay, as the inactive
        # instructors the old schema would have made of them.
        db.session.execute(text("UPDATE users SET role = 'instructor', active = false WHERE role = 'mentor'"))
        # The committee (0023's downgrade refuses its accounts) records klasikal attendance, audited: the same.
        db.session.execute(text("UPDATE users SET role = 'instructor', active = false WHERE role = 'committee'"))
        # The head of institution (0023's downgrade refuses the role; a ratification is in the audit log): an
        # inactive coordinator, the nearest role the old schema has.
        db.session.execute(text("UPDATE users SET role = 'coordinator', active = false WHERE role = 'head'"))
        db.session.commit()
        db.session.remove()
        downgrade(revision=BEFORE_PEOPLE)
    try:
        yield
    finally:
        with app.app_context():
            db.session.remove()
            upgrade()


def test_the_demo_survives_the_people_migrations_up_and_down(app, demo_before_people):
    from flask_migrate import downgrade, upgrade

    with app.app_context():
        before = _snapshot()
        counts = {t: len(rows) for t, rows in before.items()}
        # Angkatan 72-74, 71 (in PJJ: its sessions go with 0014's downgrade, its people stay), 70 (in
        # aktualisasi, 3 participants: lms/habituation/demo.py; its log goes with 0020's downgrade) and 69 (on
        # campus: its sessions and committee go, its people stay).
        assert counts["angkatan"] == 6 and counts["enrolments"] == 208 and counts["instansi"] == 3
        angkatan_instansi = dict(db.session.execute(text("SELECT id, instansi_id FROM angkatan")).all())
        db.session.remove()

        upgrade()
        # Each participant's instansi is their old angkatan's; each angkatan has a lembaga; nobody was lost.
        rows = db.session.execute(text("SELECT angkatan_id, instansi_id FROM enrolments")).all()
        assert len(rows) == 208 and all(angkatan_instansi[a] == i for a, i in rows)
        assert db.session.scalar(text("SELECT COUNT(*) FROM angkatan WHERE lembaga_id IS NULL")) == 0
        assert db.session.scalar(text("SELECT COUNT(*) FROM coordinator_lembaga")) >= 1
        db.session.remove()

        downgrade(revision=BEFORE_PEOPLE)
        after = _snapshot()
        db.session.remove()
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], f"{table} changed in the round trip"
