"""The demo world of `make run` (`lms seed-demo`), composed from each feature's own demo function, bottom
layer first. Like lms/app.py and lms/cli.py it sits above every feature; no feature imports it."""

import random
from datetime import date

from sqlalchemy import select

from lms.aktualisasi.demo import seed_plans
from lms.attendance.demo import pjj_login, seed_attendance
from lms.attendance.klasikal_demo import klasikal_login, seed_klasikal
from lms.authoring.demo import assign_demo_modules
from lms.certificates.demo import seed_certificates
from lms.core.extensions import db
from lms.dashboard.demo import seed_aktualisasi_dashboard
from lms.discussion.demo import seed_discussions
from lms.habituation.demo import NUMBER as HABITUATION_NUMBER
from lms.habituation.demo import habituation_login, seed_habituation
from lms.kelulusan.demo import HEAD_NAME, HEAD_NIP, seed_kelulusan
from lms.kelulusan.finished_demo import finished_login, seed_finished
from lms.outbox_pages.demo import seed_outbox
from lms.people.demo import DEMO_PASSWORD, demo_exists, demo_logins, first_participant_id, seed_people
from lms.people.models import Angkatan
from lms.people.relations_demo import seed_relations
from lms.phases.demo import seed_schedules
from lms.phases.models import install_default_phases
from lms.quiz.demo import seed_activity, seed_finished_mooc
from lms.report.demo import seed_reports
from lms.seminar.demo import seed_seminar, seminar_login
from lms.sikap.demo import seed_sikap
from lms.tasks.demo import seed_tasks

__all__ = ["DEMO_PASSWORD", "seed_demo"]


def seed_demo(today: date | None = None, password: str = DEMO_PASSWORD) -> dict[str, str]:
    """Create the demo data if it is not there yet; returns the demo logins (role -> login).

    Reading and evaluation history needs the curriculum imported first, as `make run` does."""
    install_default_phases()
    if demo_exists():
        return _logins()
    people = seed_people(today or date.today(), password)
    seed_relations([a for a, _start in people.cohorts], people.coordinator.password_hash)
    seed_schedules(people.cohorts)
    assign_demo_modules(people.instructors)
    seed_activity(people.rng, skip_user_ids={first_participant_id()})  # the demo login starts fresh
    seed_discussions([a for a, _start in people.cohorts], people.instructors, people.coordinator)
    seed_outbox(people.cohorts[-1][0], people.coordinator)
    pjj_angkatan, pjj_login_id = seed_attendance(today or date.today(), people.rng, people.coordinator.password_hash)
    # Its MOOC is behind it: read and passed through the real gate (its own random sequence, so the other
    # angkatan's demo data stays as it was).
    seed_finished_mooc(pjj_angkatan.id, random.Random(pjj_angkatan.number), strong_user_ids={pjj_login_id})
    # No demo angkatan is in aktualisasi yet: the plans go to the one whose PJJ ends first (the oldest).
    seed_plans(people.cohorts[0][0], skip_user_ids={first_participant_id()})
    seed_seminar(people.cohorts[0][0], today or date.today(), people.coordinator.password_hash)
    seed_tasks(today or date.today(), people.rng)
    # Angkatan 70, in aktualisasi: approved plans and a habituation log with entries to confirm.
    seed_habituation(today or date.today(), people.coordinator.password_hash)
    # Two more of its participants passed their seminar rancangan: a report in progress, one with the coach.
    seed_reports(people.cohorts[0][0], skip_user_ids={first_participant_id()})
    # Angkatan 70 again: one participant at each aktualisasi stage, some waiting too long, for its dashboard.
    seed_aktualisasi_dashboard(today or date.today(), people.coordinator.password_hash)
    # Angkatan 69 on campus: its klasikal days, its committee member, the attendance taken so far.
    seed_klasikal(today or date.today(), people.coordinator.password_hash)
    # Angkatan 70 again: attitude scores by its widyaiswara, coach and mentor (once a program is imported).
    seed_sikap(_angkatan_numbered(HABITUATION_NUMBER, (today or date.today()).year))
    # Angkatan 68 has finished: every score in, its result prepared and ratified by the head of BPSDMD Banten.
    finished = seed_finished(today or date.today())
    seed_kelulusan(finished or people.cohorts[0][0], people.coordinator.password_hash)
    # Its STTPL, numbered and signed as BPSDMD Banten's settings say.
    seed_certificates(finished or people.cohorts[0][0], HEAD_NAME, HEAD_NIP)
    db.session.flush()
    return _logins()


def _logins() -> dict[str, str]:
    return demo_logins() | pjj_login() | seminar_login() | habituation_login() | klasikal_login() | finished_login()


def _angkatan_numbered(number: int, year: int) -> Angkatan | None:
    return db.session.scalar(select(Angkatan).where(Angkatan.number == number, Angkatan.year == year))
