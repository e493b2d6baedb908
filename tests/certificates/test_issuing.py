"""Issuing: only those who passed, each once, numbered in order; batches at once on PostgreSQL number each
participant once; revocation keeps the certificate."""

import threading

from sqlalchemy import func, select

from lms.certificates import eligibility, issuing
from lms.certificates.models import Certificate
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.people.models import Angkatan


def _issue(world):
    angkatan = db.session.get(Angkatan, world.ids["angkatan"])
    issued = issuing.issue_certificates(angkatan, eligibility.angkatan_status(angkatan).passed, actor_id=None)
    db.session.commit()
    return issued


def test_those_who_passed_get_one_numbered_certificate_each(cert_world):
    with cert_world.app.app_context():
        first = _issue(cert_world)
        assert [(c.holder_name, c.sequence, c.number) for c in first] == [
            ("Siti Rahmawati", 1, "001/STTPL/LATSAR-72/BPSDMD/2026"),
            ("محمد علي 王小明", 2, "002/STTPL/LATSAR-72/BPSDMD/2026"),
        ]
        assert first[0].instansi_name == "Pemerintah Kota Serang" and first[0].jp == 647 and len(first[0].code) == 24
        assert first[0].signatory_name == "Dr. H. Ahmad Sunarya, M.Si." and first[0].city == "Serang"
        assert _issue(cert_world) == []  # again: nothing new
        holders = set(db.session.scalars(select(Certificate.user_id)))
        assert cert_world.ids["p3"] not in holders  # did not pass
        assert db.session.scalar(select(func.count()).where(AuditEntry.action == "certificate.issue")) == 2


def test_revocation_keeps_the_certificate_and_its_reason(cert_world):
    with cert_world.app.app_context():
        certificate = _issue(cert_world)[0]
        assert issuing.revoke(certificate, "Ijazah palsu terbukti", actor_id=cert_world.ids["coordinator"])
        assert not issuing.revoke(certificate, "Lagi", actor_id=None)
        db.session.commit()
        assert not certificate.valid and certificate.revoke_reason == "Ijazah palsu terbukti"
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "certificate.revoke"))
        assert entry.reason == "Ijazah palsu terbukti" and entry.subject_user_id == cert_world.ids["p1"]


def test_two_batches_at_once_number_each_participant_once(cert_world):
    """The counter's row lock (PostgreSQL) or the write lock (SQLite's BEGIN IMMEDIATE) orders the two batches."""
    barrier, errors = threading.Barrier(2), []

    def batch():
        with cert_world.app.app_context():
            try:
                barrier.wait(timeout=30)  # before any statement: SQLite's first one takes the write lock
                angkatan = db.session.get(Angkatan, cert_world.ids["angkatan"])
                passed = eligibility.angkatan_status(angkatan).passed
                issuing.issue_certificates(angkatan, passed, actor_id=None)
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
                db.session.rollback()

    threads = [threading.Thread(target=batch) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with cert_world.app.app_context():
        rows = db.session.execute(
            select(Certificate.user_id, Certificate.sequence).order_by(Certificate.sequence)
        ).all()
    assert [r.sequence for r in rows] == [1, 2] and len({r.user_id for r in rows}) == 2
    assert errors == [] or all("uq_certificate" in str(e) or "duplicate" in str(e).lower() for e in errors)


def test_only_a_sealed_passing_result_is_eligible(app):
    """The real eligibility (no stand-in): nothing before ratification; after it, those who pass, never the others."""
    from lms.kelulusan.ratification import prepare_result
    from tests.helpers.kelulusan import connect_test_sources, graduating, install_program, prepared_and_ratified

    connect_test_sources(app)
    with app.app_context():
        install_program()
        angkatan, people, coordinator, _second, head = graduating(3)  # the last one fails the seminar's minimum
        db.session.commit()
        assert eligibility.angkatan_status(angkatan).sealed is False
        prepare_result(angkatan.id, coordinator.id)
        db.session.flush()
        assert eligibility.angkatan_status(angkatan).sealed is False  # prepared is not sealed
        prepared_and_ratified(angkatan, coordinator, head)
        db.session.commit()
        status = eligibility.angkatan_status(angkatan)
        assert status.sealed and status.total == 3
        assert [p.user_id for p in status.passed] == [people[0].id, people[1].id]
        issued = issuing.issue_certificates(angkatan, status.passed, actor_id=None)
        db.session.commit()
        assert {c.user_id for c in issued} == {people[0].id, people[1].id}
        assert all(c.jp == 647 for c in issued)  # the program's total JP
        assert issued[0].final_score == status.passed[0].final_score
