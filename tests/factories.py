"""Small factories for test data. Each returns the object, flushed; the caller commits."""

import itertools
from datetime import UTC, date, datetime, timedelta

from lms.attendance.models import TrainingSession
from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.people.models import (
    Angkatan,
    AngkatanCommittee,
    AngkatanInstructor,
    CoordinatorLembaga,
    Enrolment,
    Instansi,
    InstansiViewer,
    Lembaga,
    MentorProfile,
)
from lms.phases.gating import today_in
from lms.phases.models import Phase, PhaseSchedule

PASSWORD = "rahasia-123456"
_sequence = itertools.count(1)


def valid_nip(n: int | None = None, female: bool = False) -> str:
    """A valid NIP: born 1990 + n days. Numbers a test asks for start CPNS in March 2019; the ones
    factories draw for themselves in January 2020, so the two can never collide."""
    start = "201903" if n is not None else "202001"
    n = next(_sequence) if n is None else n
    born = date(1990, 1, 1) + timedelta(days=n % 3000)
    return f"{born:%Y%m%d}{start}{2 if female else 1}{n % 1000:03d}"


def make_user(
    role: Role | str = Role.PARTICIPANT,
    *,
    name: str | None = None,
    nip: str | None = None,
    email: str | None = None,
    password: str = PASSWORD,
    active: bool = True,
) -> User:
    role = role.value if isinstance(role, Role) else role
    n = next(_sequence)
    user = User(name=name or f"Pengguna {n}", nip=nip or valid_nip(), email=email, role=role, active=active)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def make_instansi(name: str | None = None) -> Instansi:
    instansi = Instansi(name=name or f"Pemerintah Kabupaten Uji {next(_sequence)}")
    db.session.add(instansi)
    db.session.flush()
    return instansi


def make_lembaga(name: str | None = None, kind: str = "bkpsdm") -> Lembaga:
    lembaga = Lembaga(name=name or f"BKPSDM Uji {next(_sequence)}", kind=kind)
    db.session.add(lembaga)
    db.session.flush()
    return lembaga


# An angkatan made "for" an instansi belongs to that instansi's own lembaga, named as the migration names
# the lembaga it makes for the instansi of old; its participants are that instansi's employees unless a test
# says otherwise. So the tests written when an angkatan belonged to one instansi keep their meaning.
LEMBAGA_OF_INSTANSI = "Penyelenggara {}"


def lembaga_for(instansi: Instansi) -> Lembaga:
    """The lembaga that runs the angkatan made for an instansi (made the first time)."""
    name = LEMBAGA_OF_INSTANSI.format(instansi.name)
    return db.session.scalar(db.select(Lembaga).where(Lembaga.name == name)) or make_lembaga(name)


def _instansi_of(angkatan: Angkatan) -> Instansi:
    """The instansi an angkatan was made for (see lembaga_for)."""
    lembaga = db.session.get(Lembaga, angkatan.lembaga_id)
    prefix = LEMBAGA_OF_INSTANSI.format("")
    instansi = None
    if lembaga.name.startswith(prefix):
        instansi = db.session.scalar(db.select(Instansi).where(Instansi.name == lembaga.name[len(prefix) :]))
    if instansi is None:
        raise ValueError(f"{angkatan.name} was not made for an instansi: say the participant's (instansi=...)")
    return instansi


def wib_today() -> date:
    """Today where the test angkatan are (WIB). The app counts schedules in the angkatan's own day,
    which from 17:00 UTC is already tomorrow: wib_today() would then be yesterday there."""
    return today_in("Asia/Jakarta")


def make_angkatan(
    instansi: Instansi | None,
    number: int | None = None,
    *,
    lembaga: Lembaga | None = None,
    capacity: int = 40,
    timezone: str = "WIB",
    schedule_start: date | None = None,
    schedule: list[tuple[date, date]] | None = None,
) -> Angkatan:
    """An angkatan run by `lembaga`, or (the usual) by the lembaga of `instansi` (lembaga_for)."""
    number = number or next(_sequence)
    lembaga = lembaga or lembaga_for(instansi)
    angkatan = Angkatan(
        lembaga_id=lembaga.id,
        number=number,
        year=2026,
        name=f"Angkatan {number}",
        capacity=capacity,
        timezone=timezone,
    )
    db.session.add(angkatan)
    db.session.flush()
    if schedule is not None:
        phases = db.session.scalars(db.select(Phase).order_by(Phase.position)).all()
        for phase, (opens, closes) in zip(phases, schedule, strict=False):
            db.session.add(PhaseSchedule(angkatan_id=angkatan.id, phase_id=phase.id, opens_on=opens, closes_on=closes))
        db.session.flush()
    elif schedule_start is not None:
        start = schedule_start
        for phase in db.session.scalars(db.select(Phase).order_by(Phase.position)):
            db.session.add(
                PhaseSchedule(
                    angkatan_id=angkatan.id, phase_id=phase.id, opens_on=start, closes_on=start + timedelta(days=20)
                )
            )
            start += timedelta(days=21)
        db.session.flush()
    return angkatan


def enrol(user: User, angkatan: Angkatan, *, instansi: Instansi | None = None, golongan=None, ndh=None) -> Enrolment:
    """Enrol as an employee of `instansi`, by default of the instansi the angkatan was made for."""
    instansi = instansi or _instansi_of(angkatan)
    enrolment = Enrolment(user_id=user.id, angkatan_id=angkatan.id, instansi_id=instansi.id, golongan=golongan, ndh=ndh)
    db.session.add(enrolment)
    db.session.flush()
    return enrolment


def make_coordinator(*scope: Instansi | Lembaga, **kwargs) -> User:
    """A coordinator of each lembaga given, and of the lembaga of each instansi given (lembaga_for)."""
    user = make_user(Role.COORDINATOR, **kwargs)
    for item in scope:
        lembaga = item if isinstance(item, Lembaga) else lembaga_for(item)
        db.session.add(CoordinatorLembaga(user_id=user.id, lembaga_id=lembaga.id))
    db.session.flush()
    return user


def make_instansi_viewer(*instansi: Instansi, **kwargs) -> User:
    """Personnel staff (BKPSDM/BKD) following the employees of each instansi given."""
    user = make_user(Role.INSTANSI_VIEWER, **kwargs)
    for item in instansi:
        db.session.add(InstansiViewer(user_id=user.id, instansi_id=item.id))
    db.session.flush()
    return user


def make_instructor(*angkatan: Angkatan, **kwargs) -> User:
    user = make_user(Role.INSTRUCTOR, **kwargs)
    for item in angkatan:
        db.session.add(AngkatanInstructor(user_id=user.id, angkatan_id=item.id))
    db.session.flush()
    return user


def make_committee(*angkatan: Angkatan, **kwargs) -> User:
    """A committee member (panitia) of each angkatan given."""
    user = make_user(Role.COMMITTEE, **kwargs)
    for item in angkatan:
        db.session.add(AngkatanCommittee(user_id=user.id, angkatan_id=item.id))
    db.session.flush()
    return user


def make_participant(angkatan: Angkatan, *, instansi: Instansi | None = None, **kwargs) -> User:
    user = make_user(Role.PARTICIPANT, **kwargs)
    enrol(user, angkatan, instansi=instansi)
    return user


def read_all_lessons(user_id: int, phase_code: str = "mooc") -> None:
    """The participant marks every lesson of the phase's published modules done, through the real rule."""
    from sqlalchemy import select

    from lms.content.models import Lesson, Module, ModuleRevision
    from lms.content.progress import mark_done
    from lms.phases.models import Phase

    rows = db.session.execute(
        select(Module.id, Lesson.slug)
        .join(ModuleRevision, ModuleRevision.id == Module.current_revision_id)
        .join(Lesson, Lesson.revision_id == ModuleRevision.id)
        .join(Phase, Phase.id == Module.phase_id)
        .where(Phase.code == phase_code)
    ).all()
    for module_id, slug in rows:
        mark_done(user_id, module_id, slug)


def make_mentor(*mentees: User, unit: str = "Bagian Umum", **kwargs) -> User:
    """A mentor account (as an invitation makes it, without the link) with these participants as mentees."""
    user = make_user(Role.MENTOR, **kwargs)
    db.session.add(MentorProfile(user_id=user.id, unit_kerja=unit))
    for mentee in mentees:
        mentee.enrolment.mentor_id = user.id
    db.session.flush()
    return user


def make_session(
    angkatan: Angkatan,
    *,
    starts_at=None,
    minutes: int = 90,
    topic: str | None = None,
    jp: int = 2,
    widyaiswara: User | None = None,
    phase_code: str = "pjj",
    mode: str = "sinkron",
    room: str | None = None,
):
    """A PJJ session of the angkatan, by default started ten minutes ago (its check-in window is open)."""
    starts_at = starts_at or datetime.now(UTC) - timedelta(minutes=10)
    session = TrainingSession(
        angkatan_id=angkatan.id,
        phase_id=db.session.scalar(db.select(Phase.id).where(Phase.code == phase_code)),
        topic=topic or f"Sesi {next(_sequence)}",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        jp=jp,
        mode=mode,
        meeting_url="https://zoom.us/j/123" if mode == "sinkron" else None,
        widyaiswara_id=widyaiswara.id if widyaiswara else None,
        room=room,
    )
    db.session.add(session)
    db.session.flush()
    return session


RUBRIC_TEXT = """Ketepatan analisis | 60
- 0: Tidak ada analisis
- 2: Analisis sebagian benar
- 4: Analisis tepat dan lengkap
Kejelasan tulisan | 40
- 1: Sulit dipahami
- 3: Jelas dan runtut"""


def make_task(angkatan: Angkatan, grader: User | None = None, **fields):
    """A PJJ task of the angkatan, open since yesterday and due in a week, accepting PDF and text."""
    from datetime import UTC, datetime

    from lms.core.rubric import parse_rubric
    from lms.tasks.models import Task

    now = datetime.now(UTC)
    values = {
        "title": f"Tugas {next(_sequence)}",
        "agenda": 2,
        "instructions_md": "Analisis **satu** isu.",
        "opens_at": now - timedelta(days=1),
        "due_at": now + timedelta(days=7),
        "file_types": "pdf,docx",
        "max_bytes": 2 * 1024 * 1024,
        "text_allowed": True,
        "per_group": False,
        "late_allowed": False,
        "rubric": parse_rubric(RUBRIC_TEXT).as_dict(),
    }
    values.update(fields)
    phase_id = db.session.scalar(db.select(Phase.id).where(Phase.code == "pjj"))
    task = Task(angkatan_id=angkatan.id, phase_id=phase_id, grader_id=grader.id if grader else None, **values)
    db.session.add(task)
    db.session.flush()
    return task
