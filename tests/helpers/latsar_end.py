"""The world of the end-of-Latsar journey (tests/browser/test_latsar_end_journey.py): one angkatan on its klasikal
day with the shipped program imported, its people (committee, widyaiswara, coordinator, head of institution,
instansi viewer), and the scores that are not the journey's subject written as rows, as their features store them
after their own pages: the MOOC and PJJ evaluations (PhaseResult) and both seminars, scored by their penguji.
The klasikal attendance and the attitude instruments 3A and 3B are left for the journey to take in the browser."""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select

from lms.attendance.models import TrainingSession
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.people.models import Enrolment
from lms.phases.models import Phase, install_default_phases
from lms.quiz.models import PhaseResult
from lms.seminar.models import Seminar, SeminarPlace, SeminarScore
from lms.seminar.program import load_rubric
from tests.factories import (
    lembaga_for,
    make_angkatan,
    make_committee,
    make_coordinator,
    make_instansi,
    make_instansi_viewer,
    make_instructor,
    make_participant,
    make_session,
)
from tests.helpers.kelulusan import make_head
from tests.helpers.sikap import import_program

NUMBER = 73
TOPIC = "Pembelajaran klasikal hari ke-6"
# name, employer (0: the angkatan's own instansi, 1: the viewer's), MOOC, PJJ, seminar rancangan, seminar laporan
PEOPLE = (
    ("Ayu Lestari", 0, "88", "86", "85", "88"),
    ("Budi Santoso", 0, "80", "78", "80", "82"),
    ("Citra Dewi Kusumawardhani", 1, "92", "90", "90", "94"),
)


def _seminar(angkatan, kind: str, penguji, enrolments, scores) -> None:
    """A seminar of `kind` held a while ago, each participant scored by its penguji (its only scorer)."""
    starts = utcnow() - timedelta(days=30 if kind == "rancangan" else 3)
    seminar = Seminar(
        angkatan_id=angkatan.id,
        kind=kind,
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        room="Ruang Seminar 1",
        examiner_id=penguji.id,
        rubric=load_rubric(kind).rubric.as_dict(),
        scorers=["penguji"],
    )
    db.session.add(seminar)
    db.session.flush()
    for position, (enrolment, score) in enumerate(zip(enrolments, scores, strict=True), start=1):
        place = SeminarPlace(seminar_id=seminar.id, enrolment_id=enrolment.id, kind=kind, position=position)
        db.session.add(place)
        db.session.flush()
        db.session.add(
            SeminarScore(
                place_id=place.id,
                role="penguji",
                scorer_id=penguji.id,
                levels={},
                score=Decimal(score),
                submitted_at=starts + timedelta(hours=5),
            )
        )


def end_of_latsar() -> dict:
    """The world, committed by the caller: logins, ids, the scan address is made by the test."""
    install_default_phases()
    import_program()  # content/program.yaml, as `lms import-content` stores it
    own, viewed = make_instansi("Pemerintah Kabupaten Serang"), make_instansi("Pemerintah Kota Serang")
    angkatan = make_angkatan(own, NUMBER)
    widyaiswara = make_instructor(angkatan, name="Dr. Bambang Sutrisno")
    committee = make_committee(angkatan, name="Bayu Pranata")
    people = [
        make_participant(angkatan, instansi=(own, viewed)[employer], name=name) for name, employer, *_scores in PEOPLE
    ]
    enrolments = [db.session.scalar(select(Enrolment).where(Enrolment.user_id == p.id)) for p in people]
    for ndh, enrolment in enumerate(enrolments, start=1):
        enrolment.ndh = ndh
    phase_ids = dict(db.session.execute(select(Phase.code, Phase.id)).all())
    for person, (_name, _employer, mooc, pjj, _r, _a) in zip(people, PEOPLE, strict=True):
        for code, score in (("mooc", mooc), ("pjj", pjj)):
            db.session.add(
                PhaseResult(user_id=person.id, phase_id=phase_ids[code], score=Decimal(score), quizzes_passed=1)
            )
    _seminar(angkatan, "rancangan", widyaiswara, enrolments, [p[4] for p in PEOPLE])
    _seminar(angkatan, "aktualisasi", widyaiswara, enrolments, [p[5] for p in PEOPLE])
    # The klasikal session under way: started a minute ago (never before the angkatan's midnight, so it is today's
    # session on the committee's home and the scan page), so a scan now records "hadir".
    now = utcnow()
    midnight = datetime.combine(now.astimezone(ZoneInfo(angkatan.tz_name)).date(), time(0), ZoneInfo(angkatan.tz_name))
    session = make_session(
        angkatan,
        starts_at=max(now - timedelta(minutes=1), midnight.astimezone(UTC)),
        minutes=240,
        topic=TOPIC,
        phase_code="klasikal",
        mode="tatap_muka",
        room="Aula Utama",
        widyaiswara=widyaiswara,
    )
    lembaga = lembaga_for(own)
    coordinator = make_coordinator(lembaga, name="Sri Wahyuningsih")
    head = make_head(lembaga, name="Dr. Ir. Kepala Lembaga")
    viewer = make_instansi_viewer(viewed, name="Rina BKPSDM Kota Serang")
    db.session.flush()
    return {
        "angkatan": angkatan.id,
        "angkatan_name": angkatan.name,
        "session": session.id,
        "ids": [p.id for p in people],
        "names": [p.name for p in people],
        "participants": [p.nip for p in people],
        "committee": committee.nip,
        "widyaiswara": widyaiswara.nip,
        "coordinator": coordinator.nip,
        "head": head.nip,
        "viewer": viewer.nip,
    }


def end_session(session_id: int) -> None:
    """The clock moves on: the klasikal session is over (its attendance now counts for the pass rule)."""
    session = db.session.get(TrainingSession, session_id)
    ended = utcnow() - timedelta(minutes=1)
    session.starts_at, session.ends_at = ended - timedelta(minutes=240), ended
