"""Fixture `scores`: a small angkatan whose every dashboard number is computed by hand in the tests.

MOOC (48 JP) runs from 9 days ago to 10 days ahead: 20 days, 10 of them done, so 24 JP are
expected today. One module of 48 JP with 4 lessons. Quiz A (minimum 70, 3 attempts, highest
counts, weight 2) and quiz B (minimum 60, 2 attempts, last counts, weight 1).
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.content.models import Lesson, Module, ModuleRevision
from lms.content.progress import mark_done
from lms.core.extensions import db
from lms.phases.gating import today_in
from lms.phases.models import Phase, PhaseCompletion
from lms.quiz.models import PhaseRequirement, Quiz
from tests.factories import make_angkatan, make_coordinator, make_instansi, make_instructor, make_participant
from tests.helpers.dashboard import graded


@pytest.fixture
def scores(app):
    today = today_in("Asia/Jakarta")  # the angkatan's day (WIB), which the reports count in; not UTC's
    with app.app_context():
        mooc = db.session.scalar(select(Phase).where(Phase.code == "mooc"))
        mooc.requires_completion = True
        module = Module(slug="modul-a", phase_id=mooc.id, agenda=1, position=1)
        db.session.add(module)
        db.session.flush()
        revision = ModuleRevision(module_id=module.id, number=1, source_hash="x", title="Modul A", jp=48)
        revision.lessons = [
            Lesson(position=n, slug=f"p{n}", title=f"P{n}", minutes=10, body_md="x", body_html="x") for n in range(1, 5)
        ]
        db.session.add(revision)
        db.session.flush()
        module.current_revision_id = revision.id
        quiz_a = Quiz(
            slug="kuis-a",
            title="Evaluasi A",
            phase_id=mooc.id,
            agenda=1,
            pass_threshold=Decimal(70),
            max_attempts=3,
            score_policy="highest",
            review="after_attempt",
        )
        quiz_b = Quiz(
            slug="kuis-b",
            title="Evaluasi B",
            phase_id=mooc.id,
            agenda=2,
            pass_threshold=Decimal(60),
            max_attempts=2,
            score_policy="last",
            review="after_attempt",
        )
        db.session.add_all([quiz_a, quiz_b])
        db.session.flush()
        db.session.add_all(
            [
                PhaseRequirement(phase_id=mooc.id, quiz_id=quiz_a.id, weight=Decimal(2)),
                PhaseRequirement(phase_id=mooc.id, quiz_id=quiz_b.id, weight=Decimal(1)),
            ]
        )
        instansi, other = make_instansi("Pemkot Hitung"), make_instansi("Pemkab Lain")
        angkatan = make_angkatan(instansi, 81, schedule=[(today - timedelta(days=9), today + timedelta(days=10))])
        other_angkatan = make_angkatan(other, 82, schedule=[(today, today + timedelta(days=10))])
        empty = make_angkatan(instansi, 83)
        ani = make_participant(angkatan, name="Ani Rahayu")
        budi = make_participant(angkatan, name="Budi Santoso")
        citra = make_participant(angkatan, name="Citra Lestari")
        dedi = make_participant(angkatan, name="Dedi Kurniawan")
        stranger = make_participant(other_angkatan, name="Orang Lain")
        db.session.flush()
        for n in range(1, 5):
            mark_done(ani.id, module.id, f"p{n}")
        mark_done(budi.id, module.id, "p1")
        graded(ani.id, quiz_a, "60", "85")
        graded(ani.id, quiz_b, "90")
        graded(budi.id, quiz_a, "50", "65")
        graded(budi.id, quiz_b, "80", "55")
        graded(dedi.id, quiz_a, "40")
        db.session.add(PhaseCompletion(user_id=dedi.id, phase_id=mooc.id, source="exception", reason="sakit berat"))
        ids = dict(
            angkatan=angkatan.id,
            other=other_angkatan.id,
            empty=empty.id,
            ani=ani.id,
            budi=budi.id,
            citra=citra.id,
            dedi=dedi.id,
            stranger=stranger.id,
            quiz_a=quiz_a.id,
            quiz_b=quiz_b.id,
            coordinator=make_coordinator(instansi).nip,
            other_coordinator=make_coordinator(other).nip,
            instructor=make_instructor(angkatan).nip,
        )
        db.session.commit()
    return ids
