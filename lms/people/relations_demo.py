"""Demo coach, mentor and penguji relations: the tutor of each group coaches its members, every participant
of the first angkatan has a mentor (ten mentors with four mentees each), and some seminars have a penguji."""

from sqlalchemy import select

from lms.auth.accounts import create_account
from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.people.models import Angkatan, Enrolment, MentorProfile, SeminarExaminer, TutorGroup

MENTORS = [
    ("Hendra Gunawan, S.E.", "Bagian Umum Sekretariat Daerah"),
    ("Dra. Yuliana Sari", "Dinas Pendidikan dan Kebudayaan"),
    ("Ir. Wahyu Hidayat", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("dr. Fitri Handayani", "Dinas Kesehatan"),
    ("Taufik Rahman, S.H.", "Bagian Hukum Sekretariat Daerah"),
    ("Lina Kartika, S.Sos.", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("Arif Setiawan, S.Kom.", "Dinas Komunikasi dan Informatika"),
    ("Novi Anggraini, S.E., M.M.", "Badan Pengelolaan Keuangan Daerah"),
    ("Joko Prasetyo, S.T.", "Dinas Perhubungan"),
    ("Maya Puspita, S.Psi.", "Badan Kepegawaian dan Pengembangan SDM"),
]
MENTEES_EACH = 4


def mentor_nip(n: int) -> str:
    """Valid, and apart from the participants' NIPs (those start CPNS in 2025): born 1975, CPNS 2000."""
    return f"197504{n + 1:02d}200003{1 + n % 2}{100 + n:03d}"


def seed_relations(angkatan: list[Angkatan], password_hash: str) -> None:
    """angkatan: the demo angkatan, oldest first; password_hash: the demo accounts' shared password."""
    enrolments = {
        a.id: list(
            db.session.scalars(
                select(Enrolment)
                .join(User, User.id == Enrolment.user_id)
                .where(Enrolment.angkatan_id == a.id)
                .order_by(User.name, User.id)
            )
        )
        for a in angkatan
    }
    tutors = dict(db.session.execute(select(TutorGroup.id, TutorGroup.tutor_id)).all())
    for group in enrolments.values():
        for enrolment in group:
            enrolment.coach_id = tutors.get(enrolment.tutor_group_id)
    first = enrolments[angkatan[0].id]
    for n, (name, unit) in enumerate(MENTORS):
        mentor, _password = create_account(
            mentor_nip(n), name, Role.MENTOR.value, f"mentor{n + 1}@latsar.test", source="demo"
        )
        mentor.password_hash = password_hash
        db.session.add(MentorProfile(user_id=mentor.id, unit_kerja=unit))
        for enrolment in first[n * MENTEES_EACH : (n + 1) * MENTEES_EACH]:
            enrolment.mentor_id = mentor.id
    # The second angkatan's first eight have their draft seminar examined by a widyaiswara who does not coach
    # them: coach in one group (or angkatan), penguji in another.
    for enrolment in enrolments[angkatan[1].id][:8] if len(angkatan) > 1 else []:
        examiner = next((t for t in sorted(set(tutors.values())) if t and t != enrolment.coach_id), enrolment.coach_id)
        db.session.add(SeminarExaminer(enrolment_id=enrolment.id, examiner_id=examiner, kind="rancangan"))
    db.session.flush()
