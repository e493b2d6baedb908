"""Demo attitude scores: in the angkatan given (the demo's Angkatan 70, in aktualisasi), the first participants
scored by their widyaiswara, coach and mentor through the real rule (lms.sikap.scoring.save), one score corrected
with a reason, a few drafts, the rest waiting, so the scorers' lists, form 3G and the record show every state. The
angkatan's committee scores too if it has one (the klasikal demo may give it one; this demo makes no account).
Nothing is seeded before a program is imported (`make run` imports content/program.yaml first)."""

from sqlalchemy import select, union

from lms.auth.models import User
from lms.core.extensions import db
from lms.people.models import Angkatan, AngkatanCommittee, AngkatanInstructor, Enrolment, TutorGroup
from lms.sikap.access import Sheet
from lms.sikap.programs import programs_for
from lms.sikap.scorers import relation_of, role_for, scope_of, scorer_roles
from lms.sikap.scoring import ScoreInput, save

# Levels per criterion, by participant (NDH order): mostly consistent, some exemplary, one still uneven.
PATTERNS = ((4, 3, 4, 3, 4, 4, 3), (3, 3, 4, 3, 3, 3, 4), (4, 4, 4, 4, 3, 4, 4), (2, 3, 3, 3, 2, 3, 3))
NOTES = {
    "widyaiswara": "Aktif bertanya dan menjawab di kelas; menghargai pendapat rekan.",
    "committee": "Selalu tepat waktu dan tertib selama di kampus.",
    "coach": "Konsisten mengisi log habituasi dan terbuka pada masukan.",
    "mentor": "Menerapkan layanan antrean daring bersama petugas loket; menjadi contoh di unit.",
}
COMPLETE = 3  # the first three participants get every score
CORRECTION = "Level kriteria Akuntabel salah pilih; laporan kegiatan ternyata lengkap dan tepat waktu."


def _levels(instrument, n: int) -> dict[int, str]:
    pattern = PATTERNS[n % len(PATTERNS)]
    chosen = {}
    for i, criterion in enumerate(instrument.rubric.criteria):
        points = sorted(level.points for level in criterion.levels)
        chosen[i] = format(points[min(pattern[i % len(pattern)], len(points)) - 1].normalize(), "f")
    return chosen


def _angkatan_scorers(angkatan: Angkatan) -> list[User]:
    """The angkatan's widyaiswara (assigned or tutoring) and committee members."""
    ids = union(
        select(AngkatanInstructor.user_id).where(AngkatanInstructor.angkatan_id == angkatan.id),
        select(TutorGroup.tutor_id).where(TutorGroup.angkatan_id == angkatan.id),
        select(AngkatanCommittee.user_id).where(AngkatanCommittee.angkatan_id == angkatan.id),
    )
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)))


def seed_sikap(angkatan: Angkatan | None) -> None:
    if angkatan is None:
        return
    found = programs_for([angkatan.id]).get(angkatan.id)
    if found is None:
        return
    version_id, program = found
    enrolments = db.session.scalars(
        select(Enrolment).where(Enrolment.angkatan_id == angkatan.id).order_by(Enrolment.ndh, Enrolment.id)
    ).all()
    staff = _angkatan_scorers(angkatan)
    for n, enrolment in enumerate(enrolments[: COMPLETE + 2]):
        own = [db.session.get(User, i) for i in (enrolment.coach_id, enrolment.mentor_id) if i is not None]
        for scorer in {u.id: u for u in [*staff, *own]}.values():
            held = scorer_roles(scope_of(scorer), relation_of(enrolment))
            for instrument in program.instruments:
                role = role_for(instrument, held)
                if role is None:
                    continue
                # After the complete ones: the next has its coach's score sent and its mentor's in draft, the
                # one after a widyaiswara's draft; everyone else waits.
                if (n == COMPLETE and role not in ("coach", "mentor")) or (n > COMPLETE and role != "widyaiswara"):
                    continue
                action = "kirim" if n < COMPLETE or (n == COMPLETE and role == "coach") else "draf"
                sheet = Sheet(enrolment.user, enrolment, angkatan, version_id, program, instrument, role)
                row = save(sheet, scorer.id, ScoreInput(_levels(instrument, n), NOTES[role], action, 0))
                if n == 1 and role == "coach":
                    fixed = {**_levels(instrument, n), 1: _levels(instrument, 2)[1]}
                    save(sheet, scorer.id, ScoreInput(fixed, NOTES[role], "koreksi", row.revision, CORRECTION))
    db.session.flush()
