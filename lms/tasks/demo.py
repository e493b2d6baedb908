"""Demo tasks: three tasks with rubrics for the demo angkatan in the middle of PJJ, submissions (files written
through the storage interface) and some of them graded with feedback, by the real rules."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from lms.auth.models import Role, User
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.rubric import parse_rubric
from lms.people.models import Angkatan, AngkatanInstructor, Enrolment
from lms.phases.models import Phase, PhaseSchedule
from lms.tasks.grading import GradeInput, grade_version
from lms.tasks.models import Task
from lms.tasks.submitting import Upload, submit

ANALYSIS_RUBRIC = """Identifikasi isu | 30
- 1: Isu tidak jelas
- 2: Isu jelas tetapi tidak aktual
- 3: Isu aktual dan problematik
Analisis penyebab | 40
- 1: Penyebab tidak dianalisis
- 2: Sebagian penyebab dianalisis
- 3: Penyebab dianalisis lengkap dengan data
Gagasan pemecahan | 30
- 1: Tidak ada gagasan
- 2: Gagasan umum
- 3: Gagasan kreatif dan dapat dilaksanakan"""
VALUES_RUBRIC = """Keterkaitan dengan BerAKHLAK | 50
- 1: Nilai disebut tanpa contoh
- 2: Sebagian nilai dengan contoh
- 3: Setiap nilai dengan contoh nyata di unit kerja
Kerja sama kelompok | 50
- 1: Dikerjakan satu orang
- 3: Dikerjakan bersama, peran jelas"""
REFLECTION_RUBRIC = """Kedalaman refleksi | 100
- 1: Ringkasan saja
- 2: Ada refleksi pribadi
- 3: Refleksi dengan rencana tindak lanjut"""

TASKS = (  # title, agenda, days from today (opens, due), file types, per group, late, text, rubric, instructions
    (
        "Analisis isu kontemporer di unit kerja",
        1,
        (-8, -2),
        "pdf,docx",
        False,
        True,
        False,
        ANALYSIS_RUBRIC,
        "Pilih **satu isu kontemporer** di unit kerja Anda, analisis penyebabnya, dan tawarkan gagasan "
        "pemecahan. Unggah 2-3 halaman dalam PDF atau Word.",
    ),
    (
        "Nilai BerAKHLAK dalam pelayanan",
        2,
        (-3, 5),
        "pdf,pptx",
        True,
        False,
        True,
        VALUES_RUBRIC,
        "Per kelompok tutor: susun paparan tentang penerapan tiap nilai **BerAKHLAK** dalam pelayanan publik.",
    ),
    (
        "Refleksi pembelajaran minggu ini",
        3,
        (-1, 9),
        "",
        False,
        False,
        True,
        REFLECTION_RUBRIC,
        "Tulis refleksi singkat (3-5 paragraf) tentang apa yang Anda pelajari minggu ini.",
    ),
)
FEEDBACK = (
    "Analisis sudah runtut; tambahkan data dari unit kerja Anda.",
    "Gagasan menarik, perjelas langkah pelaksanaannya.",
    "Isu aktual dan penyebab dianalisis baik. Pertahankan.",
)


def demo_pdf(title: str, name: str) -> bytes:
    """A tiny valid PDF (one page, one line of text), enough to download and open."""
    text = f"{title} - {name}".encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def pjj_angkatan(today: date) -> Angkatan | None:
    """The demo angkatan whose PJJ schedule holds today; until the demo has one, the one furthest along."""
    in_pjj = (
        select(Angkatan)
        .join(PhaseSchedule, PhaseSchedule.angkatan_id == Angkatan.id)
        .join(Phase, Phase.id == PhaseSchedule.phase_id)
        .where(Phase.code == "pjj")
    )
    found = db.session.scalar(in_pjj.where(PhaseSchedule.opens_on <= today, PhaseSchedule.closes_on >= today))
    return found or db.session.scalar(in_pjj.order_by(PhaseSchedule.opens_on, Angkatan.id))


def _at(day: date, tz_name: str, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=ZoneInfo(tz_name))


def seed_tasks(today: date, rng: random.Random) -> int:
    """Tasks, submissions and grades for the PJJ angkatan; the number of submissions made."""
    angkatan = pjj_angkatan(today)
    if angkatan is None:
        return 0
    grader_id = db.session.scalar(
        select(AngkatanInstructor.user_id)
        .where(AngkatanInstructor.angkatan_id == angkatan.id)
        .order_by(AngkatanInstructor.user_id)
    )
    pjj = db.session.scalar(select(Phase.id).where(Phase.code == "pjj"))
    enrolments = db.session.scalars(
        select(Enrolment).where(Enrolment.angkatan_id == angkatan.id).order_by(Enrolment.ndh, Enrolment.id)
    ).all()
    names = dict(db.session.execute(select(User.id, User.name).where(User.role == Role.PARTICIPANT.value)).all())
    made = 0
    for title, agenda, (opens, due), types, per_group, late, text, rubric, instructions in TASKS:
        task = Task(
            angkatan_id=angkatan.id,
            phase_id=pjj,
            agenda=agenda,
            title=title,
            instructions_md=instructions,
            opens_at=_at(today + timedelta(days=opens), angkatan.tz_name, 8),
            due_at=_at(today + timedelta(days=due), angkatan.tz_name, 23),
            file_types=types,
            max_bytes=5 * 1024 * 1024,
            text_allowed=text,
            per_group=per_group,
            late_allowed=late,
            rubric=parse_rubric(rubric).as_dict(),
            grader_id=grader_id,
            created_by_id=grader_id,
        )
        db.session.add(task)
        db.session.flush()
        made += _submissions(task, enrolments, names, rng, grader_id)
    return made


def _submissions(task: Task, enrolments, names, rng: random.Random, grader_id: int) -> int:
    now = utcnow()
    seen_groups, made = set(), 0
    share = 0.85 if task.due_at < now else 0.4
    for enrolment in enrolments:
        if task.per_group and (enrolment.tutor_group_id in seen_groups or enrolment.tutor_group_id is None):
            continue
        if rng.random() > share:
            continue
        seen_groups.add(enrolment.tutor_group_id)
        name = names.get(enrolment.user_id, "")
        upload = Upload(f"{task.title[:40]} - {name}.pdf", demo_pdf(task.title, name)) if task.accepted else None
        answer = None if upload else f"Refleksi {name}: materi minggu ini membantu saya memahami peran ASN."
        # Sent some time between opening and the due time (or just after it, for a few on a late-allowed task).
        span = (min(task.due_at, now) - task.opens_at).total_seconds()
        sent = task.opens_at + timedelta(seconds=rng.uniform(0.1, 0.95) * span)
        if task.late_allowed and task.due_at < now and rng.random() < 0.15:
            sent = task.due_at + timedelta(hours=rng.randint(2, 30))
        version = submit(task, enrolment, text=answer, upload=upload, now=min(sent, now))
        made += 1
        if task.due_at < now and rng.random() < 0.7:
            rubric = task.rubric["criteria"]
            chosen = {i: rng.choice(c["levels"][1:])["points"] for i, c in enumerate(rubric)}
            grade_version(version, grader_id, GradeInput(chosen, rng.choice(FEEDBACK)))
    return made
