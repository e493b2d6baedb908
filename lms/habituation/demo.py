"""Demo habituation: Angkatan 70, whose aktualisasi phase opened three weeks ago (no other demo angkatan is past
PJJ), with participants coached by the demo widyaiswara and mentored by the demo mentor. Their plans go the whole
first path to 'approved' through the real transitions; the first one's log has entries with photos (made with
Pillow here) written, commented, confirmed and questioned through the real rules, and two waiting for the mentor."""

import io
import random
from datetime import date, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from lms.aktualisasi import editing
from lms.aktualisasi.demo import write_demo_plan
from lms.aktualisasi.transitions import transition
from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.core.photos import check_evidence
from lms.habituation.entries import EntryInput, add_comment, create_entry, decide
from lms.habituation.period import is_workday, period_for
from lms.people.demo import INSTANSI, LEMBAGA, add_demo_participant
from lms.people.models import Angkatan, AngkatanInstructor, Enrolment, Instansi, Lembaga
from lms.phases.demo import schedule_dates
from lms.phases.models import Phase, PhaseSchedule

NUMBER = 70
PARTICIPANTS = 3
# (what was done, step, state): the first activity's first days, in order.
ENTRIES = [
    ("Berkonsultasi dengan kepala puskesmas tentang rencana SOP antrean daring.", 1, "confirmed"),
    ("Mengamati alur pendaftaran pagi hari dan mencatat waktu tunggu 30 pasien.", 1, "confirmed"),
    ("Menyusun draf SOP antrean daring bersama petugas loket.", 2, "confirmed"),
    ("Membahas draf SOP dalam rapat staf puskesmas.", 2, "questioned"),
    ("Memperbaiki draf SOP sesuai masukan rapat staf.", 2, "waiting"),
    ("Menyerahkan SOP kepada kepala puskesmas untuk disahkan.", 3, "waiting"),
]
VALUES = {
    "berorientasi_pelayanan": "Memikirkan waktu tunggu pasien sejak awal.",
    "akuntabel": "Hasil konsultasi dicatat dan disimpan sebagai notulen.",
}


def demo_photo(label: str, hue: int) -> bytes:
    """A small evidence 'photo': a coloured scene with a caption strip, as a phone would send (JPEG)."""
    image = Image.new("RGB", (960, 720), (40 + hue % 120, 90, 140))
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 160, 880, 560), fill=(235, 235, 225))
    draw.rectangle((0, 640, 960, 720), fill=(20, 20, 20))
    draw.text((24, 668), label, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _angkatan(today: date, coach: User) -> Angkatan:
    lembaga = db.session.scalar(select(Lembaga).where(Lembaga.name == LEMBAGA))
    angkatan = Angkatan(lembaga=lembaga, number=NUMBER, year=today.year, name=f"Angkatan {NUMBER} Tahun {today.year}")
    db.session.add(angkatan)
    db.session.flush()
    phases = {p.code: p for p in db.session.scalars(select(Phase))}
    start = today - timedelta(days=74)  # aktualisasi (opening 53 days after the start) opened 21 days ago
    for code, opens, closes in schedule_dates(start):
        db.session.add(
            PhaseSchedule(angkatan_id=angkatan.id, phase_id=phases[code].id, opens_on=opens, closes_on=closes)
        )
    db.session.add(AngkatanInstructor(angkatan_id=angkatan.id, user_id=coach.id))
    return angkatan


def _approved_plan(enrolment: Enrolment, n: int, penguji_id: int) -> None:
    plan = editing.open_plan_for_writing(enrolment.user_id)
    write_demo_plan(plan, n)
    e = enrolment
    transition(plan, "submit", {"participant"}, actor_id=e.user_id)
    transition(plan, "accept", {"coach"}, actor_id=e.coach_id, role="coach", comments={"umum": "Runtut dan terukur."})
    transition(plan, "approve", {"mentor"}, actor_id=e.mentor_id, role="mentor")
    transition(plan, "schedule_seminar", {"coordinator"}, actor_id=None)
    transition(plan, "score", {"penguji"}, actor_id=penguji_id)
    transition(plan, "approve_plan", {"penguji"}, actor_id=penguji_id)


def _log(enrolment: Enrolment, today: date) -> None:
    period = period_for(enrolment.angkatan_id)
    activity = editing.plan_of(enrolment.user_id).activities[0]
    day, days = period.opens_on, []
    while len(days) < len(ENTRIES):
        if is_workday(day) and day < today:
            days.append(day)
        day += timedelta(days=1)
    for n, ((done, step, state), day) in enumerate(zip(ENTRIES, days, strict=True)):
        photo = check_evidence(f"kegiatan-{n + 1}.jpg", demo_photo(done[:60], n * 37))
        data = EntryInput(activity.id, step, day, done, VALUES, "Jadwal rapat bergeser." if n == 3 else "")
        entry = create_entry(enrolment.user_id, data, period, today, [(photo, f"Dokumentasi hari ke-{n + 1}")])
        if n % 2 == 0:
            add_comment(entry, enrolment.coach_id, "coach", "Baik. Sebutkan juga siapa yang terlibat.")
        if state in ("confirmed", "questioned"):
            reason = "Lampirkan notulen rapat staf sebagai bukti." if state == "questioned" else ""
            decide(entry, enrolment.mentor_id, "confirm" if state == "confirmed" else "question", reason, 1)


def seed_habituation(today: date, password_hash: str) -> None:
    """Angkatan 70 in aktualisasi: PARTICIPANTS approved plans, the first with its log."""
    coach = db.session.scalar(select(User).where(User.role == Role.INSTRUCTOR.value).order_by(User.id))
    penguji = db.session.scalars(select(User).where(User.role == Role.INSTRUCTOR.value).order_by(User.id)).all()[-1]
    mentor = db.session.scalar(select(User).where(User.role == Role.MENTOR.value).order_by(User.id))
    instansi = list(db.session.scalars(select(Instansi).where(Instansi.name.in_(INSTANSI)).order_by(Instansi.id)))
    angkatan = _angkatan(today, coach)
    rng = random.Random(NUMBER)
    for n in range(PARTICIPANTS):
        female = n % 2 == 0
        user = add_demo_participant(rng, female, 700 + n, password_hash)
        enrolment = Enrolment(
            user_id=user.id,
            angkatan_id=angkatan.id,
            instansi_id=instansi[n % len(instansi)].id,
            ndh=n + 1,
            coach_id=coach.id,
            mentor_id=mentor.id,
        )
        db.session.add(enrolment)
        db.session.flush()
        _approved_plan(enrolment, n, penguji.id)
        if n == 0:
            _log(enrolment, today)
    db.session.flush()


def habituation_login() -> dict[str, str]:
    """The demo participant in habituation (NDH 1 of Angkatan 70)."""
    nip = db.session.scalar(
        select(User.nip)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
        .where(Angkatan.number == NUMBER, Enrolment.ndh == 1)
    )
    return {"participant (habituasi)": nip} if nip else {}
