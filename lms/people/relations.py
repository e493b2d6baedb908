"""Coach, mentor and penguji of a participant: assigning them (each change audited) and inviting mentors,
who get an account and a one-time set-up link through the outbox instead of registering themselves."""

from datetime import timedelta

from flask import url_for
from sqlalchemy import select, update

from lms.auth.accounts import create_account, issue_reset
from lms.auth.models import PasswordReset, Role, User, hash_token
from lms.auth.nip import normalize_nip
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.outbox import enqueue
from lms.core.text import control_character_problem
from lms.people.models import SEMINAR_KINDS, Angkatan, Enrolment, MentorProfile, SeminarExaminer
from lms.people.operations import PeopleError, move_participant

# A mentor is often busy: the set-up link lasts a week, and the coordinator can send a fresh one.
SETUP_LIFETIME = timedelta(days=7)
MAX_UNIT = 200


def check_coach(user: User | None) -> None:
    if user is not None and (user.role != Role.INSTRUCTOR.value or not user.active):
        raise PeopleError("Coach harus akun widyaiswara (pengajar) yang aktif.")


def check_examiner(user: User | None) -> None:
    if user is not None and (user.role != Role.INSTRUCTOR.value or not user.active):
        raise PeopleError("Penguji harus akun widyaiswara (pengajar) yang aktif.")


def check_unit(unit: str) -> str:
    unit = (unit or "").strip()
    if problem := control_character_problem(unit):
        raise PeopleError(f"Unit kerja: {problem}")
    if len(unit) > MAX_UNIT:
        raise PeopleError(f"Unit kerja lebih dari {MAX_UNIT} karakter.")
    return unit


def _set_relation(enrolment: Enrolment, relation: str, person: User | None, *, actor_id, source) -> bool:
    """Make `person` (None: nobody) the participant's `relation` ("coach" or "mentor", Enrolment.<relation>_id),
    audited as enrolment.<relation> with the old and new ids; True when that changed something."""
    column = f"{relation}_id"
    old_id, new_id = getattr(enrolment, column), (person.id if person else None)
    if old_id == new_id:
        return False
    audit.record(
        f"enrolment.{relation}",
        "user",
        enrolment.user_id,
        subject_user_id=enrolment.user_id,
        actor_id=actor_id,
        old=old_id,
        new=new_id,
        source=source,
    )
    setattr(enrolment, column, new_id)
    return True


def set_coach(enrolment: Enrolment, coach: User | None, *, actor_id: int | None = None, source: str = "form") -> bool:
    """Make `coach` (None: nobody) the participant's coach; True when that changed something."""
    check_coach(coach)
    return _set_relation(enrolment, "coach", coach, actor_id=actor_id, source=source)


def set_mentor(enrolment: Enrolment, mentor: User | None, *, actor_id: int | None = None, source: str = "form") -> bool:
    """Make `mentor` (None: nobody) the participant's mentor; True when that changed something."""
    if mentor is not None and mentor.role != Role.MENTOR.value:
        raise PeopleError("Akun itu bukan akun mentor.")
    return _set_relation(enrolment, "mentor", mentor, actor_id=actor_id, source=source)


def set_examiner(enrolment: Enrolment, kind: str, examiner: User | None, *, actor_id: int | None = None) -> bool:
    """The penguji of one seminar; a new penguji sees the participant from now on, the one replaced no more."""
    if kind not in SEMINAR_KINDS:
        raise PeopleError("Jenis seminar tidak dikenal.")
    check_examiner(examiner)
    current = next((e for e in enrolment.examiners if e.kind == kind), None)
    old_id = current.examiner_id if current else None
    new_id = examiner.id if examiner else None
    if old_id == new_id:
        return False
    audit.record(
        "enrolment.examiner",
        "user",
        enrolment.user_id,
        subject_user_id=enrolment.user_id,
        actor_id=actor_id,
        kind=kind,
        old=old_id,
        new=new_id,
    )
    if current is not None and examiner is None:
        enrolment.examiners.remove(current)
    elif current is not None:
        current.examiner_id, current.assigned_at, current.assigned_by_id = new_id, utcnow(), actor_id
    else:
        enrolment.examiners.append(
            SeminarExaminer(kind=kind, examiner_id=new_id, assigned_at=utcnow(), assigned_by_id=actor_id)
        )
    db.session.flush()
    return True


def move_with_relations(enrolment: Enrolment, target: Angkatan, reason: str, *, actor_id: int | None = None):
    """Move the participant (lms.people.operations.move_participant: capacity, reason, audited) and end their
    coach and penguji, who are the old angkatan's staff (each end audited, the coach's with source "move"); the
    mentor, their superior at work, stays. What ended: "coach" and the seminar kinds, in that order."""
    move_participant(enrolment, target, reason)
    ended = ["coach"] if set_coach(enrolment, None, actor_id=actor_id, source="move") else []
    return ended + [kind for kind in SEMINAR_KINDS if set_examiner(enrolment, kind, None, actor_id=actor_id)]


def find_by_nip(nip: str) -> User | None:
    return db.session.scalar(select(User).where(User.nip == normalize_nip(nip)))


def mentor_unit(mentor_id: int) -> str:
    return db.session.scalar(select(MentorProfile.unit_kerja).where(MentorProfile.user_id == mentor_id)) or ""


def invite_mentor(
    nip: str, name: str, email: str | None, unit: str, *, actor: User | None = None, source: str = "form"
) -> tuple[User, bool]:
    """The mentor account with this NIP, made (with a set-up link in the outbox) when there is none yet; an
    existing mentor is reused, never duplicated, and only their unit follows what was typed. (user, created).
    Raises PeopleError, or lms.auth.accounts.AccountRefused for the new account's NIP, name or e-mail."""
    unit = check_unit(unit)
    actor_id = actor.id if actor else None
    existing = find_by_nip(nip)
    if existing is not None:
        if existing.role != Role.MENTOR.value:
            raise PeopleError("NIP mentor itu milik akun dengan peran lain; mentor perlu akun mentor sendiri.")
        profile = db.session.get(MentorProfile, existing.id)
        if unit and (profile is None or profile.unit_kerja != unit):
            audit.record("mentor.unit", "user", existing.id, actor_id=actor_id, old=profile and profile.unit_kerja)
            if profile is None:
                db.session.add(MentorProfile(user_id=existing.id, unit_kerja=unit))
            else:
                profile.unit_kerja = unit
        return existing, False
    # The initial password is never shown: the mentor chooses their own through the set-up link.
    mentor, _password = create_account(nip, name, Role.MENTOR.value, email, actor_id=actor_id, source=source)
    db.session.add(MentorProfile(user_id=mentor.id, unit_kerja=unit))
    send_setup_link(mentor, actor)
    return mentor, True


def send_setup_link(mentor: User, actor: User | None):
    """A fresh one-time set-up link for the mentor, put in the outbox; every older unused link stops working."""
    now = utcnow()
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == mentor.id, PasswordReset.used_at.is_(None), PasswordReset.expires_at > now)
        .values(expires_at=now - timedelta(seconds=1))
    )
    token = issue_reset(mentor, actor, lifetime=SETUP_LIFETIME)
    link = url_for("auth.reset_password", token=token, _external=True)
    audit.record("mentor.setup_link", "user", mentor.id, actor_id=actor.id if actor else None)
    # Written in Indonesian whatever the coordinator's language: the mentor has not chosen one yet.
    body = (
        f"Yth. {mentor.name},\n\n"
        "Anda ditetapkan sebagai mentor peserta Pelatihan Dasar CPNS (Latsar) di LMS Latsar.\n"
        "Buka tautan berikut untuk membuat kata sandi akun Anda (berlaku 7 hari, hanya sekali pakai):\n\n"
        f"{link}\n\n"
        f"Setelah itu masuk dengan NIP {mentor.nip} untuk melihat peserta bimbingan Anda.\n"
    )
    return enqueue(
        f"mentor-setup:{hash_token(token)[:40]}",
        "Undangan mentor LMS Latsar: buat kata sandi",
        body,
        to_address=mentor.email,
        recipient_id=mentor.id,
    )
