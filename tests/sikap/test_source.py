"""The `sikap` component source the program names: registered (check-content passes), composed from the submitted
scores of the participant's current angkatan only, the weights renormalised over the instruments they should have,
in a fixed number of statements whatever the number of participants."""

from decimal import Decimal

from sqlalchemy import select

from lms.auth.models import User
from lms.core.extensions import db
from lms.kelulusan.recap import angkatan_recap
from lms.program.sources import component_sources
from lms.program.versions import program_for_angkatan
from lms.sikap.models import SikapScore
from lms.sikap.recap import sikap_scores
from tests.factories import make_participant
from tests.helpers.sikap import SHIPPED

D = Decimal


def _score(w, participant: str, code: str, role: str, scorer: str, score: str, submitted=True, angkatan="a"):
    from lms.core.database import utcnow

    row = SikapScore(
        user_id=w.ids[participant],
        angkatan_id=w.ids[angkatan],
        instrument=code,
        role=role,
        scorer_id=w.ids[scorer],
        version_id=w.ids["version"],
        levels={},
        score=D(score),
        revision=1,
        submitted_at=utcnow() if submitted else None,
    )
    db.session.add(row)
    db.session.flush()
    return row


def test_check_content_knows_the_sikap_source(runner):
    result = runner.invoke(args=["lms", "check-content", str(SHIPPED.parent)])
    assert "sikap" not in result.output, result.output
    assert result.exit_code == 0, result.output


def test_the_source_renormalises_over_the_instruments_each_participant_should_have(sikap_world):
    """p1 has all four scorers; p2 no mentor (3D left out); p3 neither coach nor mentor (3A and 3B only)."""
    w = sikap_world
    with w.app.app_context():
        source = component_sources()["sikap"]
        program = program_for_angkatan(w.ids["a"])
        for p in ("p1", "p2", "p3"):
            _score(w, p, "3A", "widyaiswara", "w", "80")
            _score(w, p, "3B", "committee", "k", "70")
        _score(w, "p1", "3C", "coach", "c", "90")
        _score(w, "p2", "3C", "coach", "c", "90")
        found = source([w.ids["p1"], w.ids["p2"], w.ids["p3"]], program)
        assert found[w.ids["p1"]] is None  # the mentor has not scored 3D
        assert found[w.ids["p2"]] == D("80.00")  # (80 + 70 + 90) / 3
        assert found[w.ids["p3"]] == D("75.00")  # (80 + 70) / 2
        _score(w, "p1", "3D", "mentor", "m", "61")
        assert source([w.ids["p1"]], program) == {w.ids["p1"]: D("75.25")}  # (80 + 70 + 90 + 61) / 4


def test_two_widyaiswara_of_the_angkatan_are_averaged_and_drafts_do_not_count(sikap_world):
    w = sikap_world
    with w.app.app_context():
        program = program_for_angkatan(w.ids["a"])
        _score(w, "p3", "3A", "widyaiswara", "w", "80")
        _score(w, "p3", "3A", "widyaiswara", "t", "91")  # the tutor of its tutor group
        _score(w, "p3", "3B", "committee", "k", "70", submitted=False)
        assert sikap_scores([w.ids["p3"]], program) == {w.ids["p3"]: None}  # 3B is a draft
        db.session.execute(
            db.update(SikapScore).where(SikapScore.role == "committee").values(submitted_at=db.func.now())
        )
        # 3A = (80 + 91) / 2 = 85.50; sikap = (85.50 + 70) / 2 = 77.75
        assert sikap_scores([w.ids["p3"]], program) == {w.ids["p3"]: D("77.75")}


def test_scores_given_in_another_angkatan_do_not_count_after_a_move(sikap_world):
    w = sikap_world
    with w.app.app_context():
        program = program_for_angkatan(w.ids["a"])
        _score(w, "p3", "3A", "widyaiswara", "w", "80")
        _score(w, "p3", "3B", "committee", "k", "70")
        assert sikap_scores([w.ids["p3"]], program)[w.ids["p3"]] == D("75.00")
        db.session.get(User, w.ids["p3"]).enrolment.angkatan_id = w.ids["b"]
        db.session.flush()
        assert sikap_scores([w.ids["p3"]], program)[w.ids["p3"]] is None  # B's widyaiswara and committee have not


def test_the_source_takes_the_same_statements_for_3_or_43_participants(sikap_world, count_queries):
    w = sikap_world
    with w.app.app_context():
        program = program_for_angkatan(w.ids["a"])
        few = [w.ids["p1"], w.ids["p2"], w.ids["p3"]]
        with count_queries() as small:
            sikap_scores(few, program)
        angkatan = db.session.get(User, w.ids["p1"]).enrolment.angkatan
        many = few + [make_participant(angkatan).id for _ in range(40)]
        for user_id in many:
            user = db.session.get(User, user_id)
            user.enrolment.coach_id = w.ids["c"]
            db.session.add(
                SikapScore(
                    user_id=user_id,
                    angkatan_id=w.ids["a"],
                    instrument="3C",
                    role="coach",
                    scorer_id=w.ids["c"],
                    version_id=w.ids["version"],
                    levels={},
                    score=D("80"),
                    revision=1,
                    submitted_at=db.func.now(),
                )
            )
        db.session.flush()
        with count_queries() as large:
            found = sikap_scores(many, program)
        assert len(found) == 43
        assert large.count == small.count <= 4


def test_the_kelulusan_recap_reads_the_sikap_component(sikap_world):
    w = sikap_world
    with w.app.app_context():
        _score(w, "p3", "3A", "widyaiswara", "w", "80")
        _score(w, "p3", "3B", "committee", "k", "70")
        recap = angkatan_recap(w.ids["a"])
        rows = {row.participant.user_id: row for row in recap.rows}
        assert rows[w.ids["p3"]].verdict.scores["sikap_perilaku"] == D("75.00")
        assert rows[w.ids["p1"]].verdict.scores["sikap_perilaku"] is None
        assert "Sikap perilaku" in rows[w.ids["p1"]].verdict.missing
        assert db.session.scalar(select(SikapScore.id).limit(1)) is not None
