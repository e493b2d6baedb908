"""Plain helpers for the kelulusan tests: a small program with two components whose scores come from sources the
test sets (lms.program.sources hooks), a head of institution, and an angkatan ready to graduate."""

from decimal import Decimal
from pathlib import Path

from lms.auth.models import Role
from lms.core.extensions import db
from lms.kelulusan.ratification import prepare_result, ratify, result_of
from lms.people.models import CoordinatorLembaga, Lembaga
from lms.program.models import ProgramVersion
from lms.program.sources import COMPONENT_SOURCES, KLASIKAL_ATTENDANCE
from tests.factories import lembaga_for, make_angkatan, make_coordinator, make_instansi, make_participant, make_user

PHASES = """phases:
  - {code: mooc, jp: 48, days: 16}
  - {code: pjj, jp: 217, days: 22}
  - {code: aktualisasi, jp: 320, days: 30}
  - {code: klasikal, jp: 62, days: 6}
"""
PROGRAM = (
    "name: Program uji kelulusan\n"
    + PHASES
    + """components:
  - {code: akademik, name: Evaluasi akademik, weight: 40, source: uji_akademik}
  - {code: seminar, name: Seminar aktualisasi, weight: 60, source: uji_seminar, min_score: 60}
bands:
  - {name: Memuaskan, from: 80.01, to: 100, lulus: true}
  - {name: Cukup memuaskan, from: 70.01, to: 80, lulus: true}
  - {name: Kurang memuaskan, from: 0, to: 70, lulus: false}
pass_rule: {min_klasikal_attendance: 80}
"""
)
# The same program with the seminar weighing more (a newer version, for the recompute).
PROGRAM_V2 = PROGRAM.replace("weight: 40, source: uji_akademik", "weight: 20, source: uji_akademik").replace(
    "weight: 60, source: uji_seminar", "weight: 80, source: uji_seminar"
)
# The real sources: the MOOC evaluation (quiz) and the seminar rancangan (seminar).
REAL_PROGRAM = (
    "name: Program uji sumber nyata\n"
    + PHASES
    + """components:
  - {code: akademik_mooc, name: Evaluasi akademik MOOC, weight: 50, source: evaluasi_mooc}
  - {code: seminar_rancangan, name: Seminar rancangan aktualisasi, weight: 50, source: seminar_rancangan}
bands:
  - {name: Lulus, from: 70.01, to: 100, lulus: true}
  - {name: Tidak lulus, from: 0, to: 70, lulus: false}
"""
)

SCORES: dict[str, dict[int, Decimal]] = {"uji_akademik": {}, "uji_seminar": {}}
ATTENDANCE: dict[int, Decimal] = {}


def _sources():
    return {
        name: (lambda user_ids, _program, name=name: {u: SCORES[name][u] for u in user_ids if u in SCORES[name]})
        for name in SCORES
    }


def _attendance(user_ids):
    return {u: ATTENDANCE.get(u) for u in user_ids}


def connect_test_sources(app) -> None:
    """The test's sources on this app, with nothing scored yet."""
    COMPONENT_SOURCES.connect(app, _sources)
    KLASIKAL_ATTENDANCE.connect(app, _attendance)
    for scores in SCORES.values():
        scores.clear()
    ATTENDANCE.clear()


def install_program(text: str = PROGRAM, name: str = "Program uji kelulusan") -> ProgramVersion:
    import hashlib

    version = ProgramVersion(sha256=hashlib.sha256(text.encode()).hexdigest(), source=text, name=name)
    db.session.add(version)
    db.session.flush()
    return version


def score(user, akademik=None, seminar=None, attendance=None) -> None:
    """Set a participant's scores in the test's sources (None leaves one as it is)."""
    for name, value in (("uji_akademik", akademik), ("uji_seminar", seminar)):
        if value is not None:
            SCORES[name][user.id] = Decimal(str(value))
    if attendance is not None:
        ATTENDANCE[user.id] = Decimal(str(attendance))


def make_head(*lembaga: Lembaga, **kwargs):
    user = make_user(Role.HEAD, **kwargs)
    for item in lembaga:
        db.session.add(CoordinatorLembaga(user_id=user.id, lembaga_id=item.id))
    db.session.flush()
    return user


def graduating(size: int = 3, names=None):
    """An angkatan whose participants all have their scores (the last one failing the seminar's minimum), two
    coordinators and a head of its lembaga: (angkatan, participants, coordinator, second coordinator, head)."""
    instansi = make_instansi()
    angkatan = make_angkatan(instansi)
    people = []
    for n in range(size):
        person = make_participant(angkatan, name=(names[n] if names else None))
        person.enrolment.ndh = n + 1
        people.append(person)
    for n, person in enumerate(people):
        failing = n == size - 1 and size > 1
        score(person, akademik=90 - n, seminar=55 if failing else 85 - n, attendance=100)
    lembaga = lembaga_for(instansi)
    first, second = make_coordinator(lembaga, name="Sri Wahyuningsih"), make_coordinator(lembaga, name="Agus Salim")
    head = make_head(lembaga, name="Dr. Ir. Kepala Lembaga")
    db.session.flush()
    return angkatan, people, first, second, head


def prepared_and_ratified(angkatan, coordinator, head):
    result = prepare_result(angkatan.id, coordinator.id)
    db.session.flush()
    ratify(angkatan.id, result.preparation, head.id)
    db.session.flush()
    return result_of(angkatan.id)


# The crawl's program: the shipped one (its attitude instruments give the scorers their sheets).
CRAWL_PROGRAM = (Path(__file__).resolve().parents[2] / "content" / "program.yaml").read_text(encoding="utf-8")


def crawl_results(finished, running, coordinator, head, participant) -> None:
    """For the crawl: `finished`'s result sealed (its rows written from the recap as it is, whatever blocks it)
    with a correction of `participant` waiting for a second person; every angkatan pinned to the program's first
    version and a newer one imported, so `running`'s kelulusan page offers its preview."""
    from lms.kelulusan.corrections import propose
    from lms.kelulusan.models import AngkatanResult
    from lms.kelulusan.ratification import snapshot_rows
    from lms.kelulusan.recap import angkatan_recap
    from lms.people.models import Angkatan
    from lms.program.models import AngkatanProgram
    from lms.program.versions import latest_version

    # The crawl world imported the shipped program with its content; a world without it installs it here.
    first = latest_version() or install_program(CRAWL_PROGRAM, "Program uji jelajah")
    for angkatan_id in db.session.scalars(db.select(Angkatan.id)):
        db.session.add(AngkatanProgram(angkatan_id=angkatan_id, version_id=first.id))
    db.session.flush()
    recap = angkatan_recap(finished.id)
    db.session.add(AngkatanResult(angkatan_id=finished.id, program_version_id=first.id, prepared_by_id=coordinator.id))
    db.session.flush()
    db.session.add_all(snapshot_rows(recap, finished.id, coordinator.id))
    db.session.flush()
    ratify(finished.id, 1, head.id)
    from lms.certificates.issuing import Passed, issue_certificates

    # Its certificate pages: the crawl's world has no complete recap, so `participant` is certified as passing here
    # (who may be certified is tests/certificates' subject).
    issue_certificates(finished, [Passed(participant.id, Decimal("88"), "Memuaskan", 647)], actor_id=coordinator.id)
    propose(
        finished.id, participant.id, {"akademik_mooc": Decimal("99")}, "Nilai evaluasi ulang disetujui", coordinator.id
    )
    install_program(
        CRAWL_PROGRAM.replace("name: Pelatihan Dasar CPNS", "name: Pelatihan Dasar CPNS versi 2"), "Versi 2"
    )
    assert running.id != finished.id
