"""THE recap of an angkatan under its program: components from their sources, verdicts, competition ranks, the
instansi filter, and a number of statements that does not grow with the angkatan."""

from decimal import Decimal

import pytest

from lms.core.extensions import db
from lms.kelulusan.recap import angkatan_recap, ranks
from lms.phases.models import Phase
from lms.program.models import ProgramVersion
from lms.program.sources import COMPONENT_SOURCES, KLASIKAL_ATTENDANCE
from lms.quiz.models import PhaseResult
from tests.factories import make_angkatan, make_instansi, make_participant
from tests.program.test_spec import MINIMAL

# Scores the test's sources give, by user id: (mooc-like "a" from the real quiz source, "b" from a fake seminar).
SEMINAR: dict[int, Decimal] = {}
ATTENDANCE: dict[int, Decimal] = {}


def _sources():
    return {"seminar_aktualisasi": lambda user_ids, program: {u: SEMINAR[u] for u in user_ids if u in SEMINAR}}


def _attendance(user_ids):
    return {u: ATTENDANCE.get(u) for u in user_ids}


@pytest.fixture
def recap_app(app):
    COMPONENT_SOURCES.connect(app, _sources)  # after quiz's: this "seminar_aktualisasi" stands in for the real one
    KLASIKAL_ATTENDANCE.connect(app, _attendance)
    SEMINAR.clear()
    ATTENDANCE.clear()
    with app.app_context():
        text = MINIMAL + "pass_rule: {min_klasikal_attendance: 90}\n"
        db.session.add(ProgramVersion(sha256="x" * 64, source=text, name="Program uji"))
        db.session.commit()
    return app


def _angkatan(size, other_instansi_every=0):
    home, other = make_instansi(), make_instansi()
    angkatan = make_angkatan(home)
    mooc = db.session.scalar(db.select(Phase.id).where(Phase.code == "mooc"))
    users = []
    for n in range(size):
        instansi = other if other_instansi_every and n % other_instansi_every == 0 else home
        user = make_participant(angkatan, instansi=instansi)
        user.enrolment.ndh = n + 1
        users.append(user)
    db.session.flush()
    return angkatan, users, mooc, other


def test_ranks_share_ties_and_skip():
    assert ranks({1: Decimal(90), 2: Decimal(85), 3: Decimal(90), 4: None, 5: Decimal(80)}) == {1: 1, 3: 1, 2: 3, 5: 4}


def test_the_recap_composes_each_participant(recap_app):
    with recap_app.app_context():
        angkatan, (top, tied, missing, failing), mooc, other = _angkatan(4, other_instansi_every=2)
        for user, score in ((top, 95), (tied, 80), (failing, 50), (missing, 90)):
            db.session.add(PhaseResult(user_id=user.id, phase_id=mooc, score=Decimal(score)))
        SEMINAR.update({top.id: Decimal(85), tied.id: Decimal(90), failing.id: Decimal(70)})
        ATTENDANCE.update(
            {top.id: Decimal(100), tied.id: Decimal(95), missing.id: Decimal(100), failing.id: Decimal(100)}
        )
        db.session.commit()
        recap = angkatan_recap(angkatan.id)
        rows = {row.participant.user_id: row for row in recap.rows}
        assert [row.participant.ndh for row in recap.rows] == [1, 2, 3, 4]
        assert rows[top.id].verdict.final == Decimal("89.00") and rows[top.id].verdict.passes is True
        assert rows[tied.id].verdict.final == Decimal("86.00") and rows[tied.id].rank == 2
        assert rows[missing.id].verdict.passes is None and rows[missing.id].verdict.missing == ("Seminar",)
        assert rows[missing.id].rank is None and not recap.complete
        assert rows[failing.id].verdict.passes is False and rows[failing.id].rank == 3
        # An instansi viewer's rows: only their employees', ranked among the whole angkatan.
        theirs = angkatan_recap(angkatan.id, instansi_ids=[other.id])
        assert [(r.participant.user_id, r.rank) for r in theirs.rows] == [(top.id, 1), (missing.id, None)]


def test_statements_do_not_grow_with_the_angkatan(recap_app, count_queries):
    counts = []
    for size in (4, 40):
        with recap_app.app_context():
            angkatan, users, mooc, _other = _angkatan(size)
            for user in users:
                db.session.add(PhaseResult(user_id=user.id, phase_id=mooc, score=Decimal(80)))
            db.session.commit()
            with count_queries() as counted:
                assert len(angkatan_recap(angkatan.id).rows) == size
            counts.append(counted.count)
    assert counts[0] == counts[1]
