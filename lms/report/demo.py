"""Demo reports: two participants of the demo coach and mentor whose plans passed their seminar rancangan
(written and moved through the plan's real rules), one with a report in progress, one with a report submitted
to the coach (the coach's queue). The habituation log's demo entries come with the log's own demo; until then
the reports' generated parts say no entry is confirmed yet."""

from sqlalchemy import case, select

from lms.aktualisasi import editing as plan_editing
from lms.aktualisasi.demo import VALUES, WORKPLACES
from lms.aktualisasi.models import Plan
from lms.aktualisasi.transitions import transition as plan_transition
from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.people.models import Angkatan, Enrolment
from lms.report import editing
from lms.report.transitions import transition

CRITERIA = ("aktual", "problematik", "kekhalayakan", "layak", "urgency", "seriousness", "growth")
TEXTS = {
    "nilai": "Nilai akuntabel tampak pada SOP tertulis yang dapat diperiksa; berorientasi pelayanan pada waktu "
    "tunggu pasien yang lebih singkat; kolaboratif karena disusun bersama petugas loket.",
    "dampak": "Waktu tunggu pendaftaran pada pagi hari turun dan keluhan antrean berkurang.",
    "penutup": "Kesimpulan: gagasan dapat dilaksanakan dengan dukungan kepala puskesmas.\n\n"
    "Saran: perluas antrean daring ke poli gigi dan KIA.",
}


def _approved_plan(e: Enrolment, content: dict, examiner_id: int | None) -> None:
    plan = plan_editing.open_plan_for_writing(e.user_id)
    issues = [
        {"title": t, "description": "Diamati di unit kerja.", "scores": dict(zip(CRITERIA, s, strict=True))}
        for t, s in content["issues"]
    ]
    plan_editing.save_section(plan, "isu", {"candidates": issues, "chosen": 0}, 0)
    plan_editing.save_section(plan, "penyebab", {"causes": content["causes"]}, 0)
    plan_editing.save_section(plan, "gagasan", {"title": content["idea"][0], "description": content["idea"][1]}, 0)
    for title, steps, output, start, end in content["activities"]:
        plan_editing.add_activity(
            plan,
            {
                "title": title,
                "steps": steps,
                "output": output,
                "start_day": start,
                "end_day": end,
                "values": VALUES,
                "vision_mission": "Mendukung misi meningkatkan kualitas pelayanan publik.",
                "organisation_values": "Memperkuat budaya kerja melayani.",
            },
        )
    for action, actors, actor in (
        ("submit", {"participant"}, e.user_id),
        ("accept", {"coach"}, e.coach_id),
        ("approve", {"mentor"}, e.mentor_id),
        ("schedule_seminar", {"coordinator"}, None),
        ("score", {"penguji"}, examiner_id),
        ("approve_plan", {"penguji"}, examiner_id),
    ):
        plan_transition(plan, action, actors, actor_id=actor, role="penguji" if "penguji" in actors else None)


def seed_reports(angkatan: Angkatan, skip_user_ids=frozenset()) -> list[int]:
    """In `angkatan` (the one lms.aktualisasi.demo.seed_plans uses), two participants of the demo coach without
    a plan yet get an approved plan and a report: in progress, and submitted. Their ids."""
    coach_id = db.session.scalar(select(User.id).where(User.role == Role.INSTRUCTOR.value).order_by(User.id))
    mentor_id = db.session.scalar(select(User.id).where(User.role == Role.MENTOR.value).order_by(User.id))
    examiner_id = db.session.scalar(
        select(User.id).where(User.role == Role.INSTRUCTOR.value, User.id != coach_id).order_by(User.id)
    )
    planned = select(Plan.user_id)
    enrolments = list(
        db.session.scalars(
            select(Enrolment)
            .join(User, User.id == Enrolment.user_id)
            .where(
                Enrolment.angkatan_id == angkatan.id,
                Enrolment.coach_id == coach_id,
                Enrolment.mentor_id.is_not(None),
                Enrolment.user_id.not_in(planned),
            )
            .order_by(case((Enrolment.mentor_id == mentor_id, 0), else_=1), User.name.desc(), User.id)
        )
    )
    chosen = [e for e in enrolments if e.user_id not in skip_user_ids][:2]
    for n, enrolment in enumerate(chosen):
        _approved_plan(enrolment, WORKPLACES[n % len(WORKPLACES)], examiner_id)
        report = editing.start_report(enrolment.user_id)
        for key, text in TEXTS.items():
            if n == 0 and key == "penutup":
                continue  # the report in progress: its closing still to be written
            editing.save_section(report, key, text, 1)
        if n == 1:
            transition(report, "submit", {"participant"}, actor_id=enrolment.user_id)
    db.session.flush()
    return [e.user_id for e in chosen]
