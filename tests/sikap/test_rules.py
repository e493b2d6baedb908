"""The sikap score's rules, without a database: instrument scores from their scorers, the weighted mean, the weights
renormalised over the instruments a participant should have, None while one is unscored; the scorer rule."""

from decimal import Decimal

import pytest

from lms.core.rubric import parse_rubric, rubric_score
from lms.program.spec import Instrument, Program, parse_program
from lms.sikap.composition import instrument_result, sikap_result
from lms.sikap.scorers import Relation, ScorerScope, role_for, scorer_roles
from tests.helpers.sikap import SHIPPED

D = Decimal
ALL = {"widyaiswara", "committee", "coach", "mentor"}


@pytest.fixture(scope="module")
def shipped() -> Program:
    program, problems = parse_program(SHIPPED.read_text(encoding="utf-8"))
    assert problems == []
    return program


def _weighted(program: Program, weights: dict[str, str]) -> Program:
    """The shipped program with other instrument weights."""
    instruments = tuple(
        Instrument(i.code, i.name, i.scorers, D(weights[i.code]), i.rubric) for i in program.instruments
    )
    return Program(program.name, program.phases, program.components, instruments, program.bands, None)


def test_the_sikap_score_is_the_weighted_mean_two_decimals_half_up(shipped):
    program = _weighted(shipped, {"3A": "2", "3B": "1", "3C": "1", "3D": "1"})
    submitted = {
        "3A": {"widyaiswara": [D("80.00")]},
        "3B": {"committee": [D("75.00")]},
        "3C": {"coach": [D("90.00")]},
        "3D": {"mentor": [D("85.01")]},
    }
    result = sikap_result(program, ALL, submitted)
    # (2 x 80 + 75 + 90 + 85.01) / 5 = 82.002 -> 82.00
    assert result.score == D("82.00")
    assert [r.score for r in result.instruments] == [D("80.00"), D("75.00"), D("90.00"), D("85.01")]
    half = sikap_result(program, ALL, {**submitted, "3D": {"mentor": [D("85.025")]}})
    assert half.score == D("82.01")  # 3D shown as 85.03 (half up), then (160 + 75 + 90 + 85.03) / 5 = 82.006


def test_an_instrument_whose_scorer_the_participant_lacks_is_left_out_and_the_weights_renormalised(shipped):
    program = _weighted(shipped, {"3A": "1", "3B": "1", "3C": "2", "3D": "4"})
    submitted = {"3A": {"widyaiswara": [D("60")]}, "3B": {"committee": [D("90")]}, "3C": {"coach": [D("75")]}}
    no_mentor = sikap_result(program, ALL - {"mentor"}, submitted)
    assert [r.instrument.code for r in no_mentor.expected] == ["3A", "3B", "3C"]
    assert not no_mentor.of("3D").expected and no_mentor.of("3D").score is None
    # (60 + 90 + 2 x 75) / 4 = 75.00: 3D's weight of 4 is not in the denominator
    assert no_mentor.score == D("75.00")
    # the same participant with a mentor who has not scored yet: no score until 3D is in
    waiting = sikap_result(program, ALL, submitted)
    assert waiting.score is None and [r.instrument.code for r in waiting.missing] == ["3D"]
    assert waiting.of("3D").missing == ("mentor",)


def test_none_while_any_expected_instrument_is_unscored_and_none_without_any_scorer(shipped):
    assert sikap_result(shipped, ALL, {}).score is None
    partly = {"3A": {"widyaiswara": [D("80")]}, "3C": {"coach": [D("80")]}, "3D": {"mentor": [D("80")]}}
    assert sikap_result(shipped, ALL, partly).score is None
    assert sikap_result(shipped, ALL - {"committee"}, partly).score == D("80.00")
    nobody = sikap_result(shipped, set(), {})
    assert nobody.score is None and nobody.expected == ()


def test_several_scorers_of_one_role_are_averaged_first_then_the_roles():
    rubric = parse_rubric("Sikap | 1\n- 1: kurang\n- 4: baik")
    both = Instrument("3X", "Kelas dan kampus", ("widyaiswara", "committee"), D(1), rubric)
    result = instrument_result(
        both, {"widyaiswara", "committee"}, {"widyaiswara": [D("70"), D("80"), D("90")], "committee": [D("61")]}
    )
    # widyaiswara 80 (three of them), committee 61: (80 + 61) / 2 = 70.5, not (70 + 80 + 90 + 61) / 4 = 75.25
    assert result.score == D("70.50")
    assert instrument_result(both, {"widyaiswara", "committee"}, {"widyaiswara": [D("70")]}).score is None
    assert instrument_result(both, {"widyaiswara"}, {"widyaiswara": [D("70")]}).score == D("70.00")


def test_a_submitted_score_of_a_role_the_participant_no_longer_has_still_counts(shipped):
    """A coach removed after scoring: the score was given and stays in the instrument, never dropped silently."""
    submitted = {"3C": {"coach": [D("88")]}}
    result = sikap_result(shipped, {"widyaiswara"}, {**submitted, "3A": {"widyaiswara": [D("80")]}})
    assert result.of("3C").expected and result.of("3C").score == D("88.00")
    assert result.score == D("84.00")


def test_the_instrument_score_is_the_rubric_score_of_the_levels(shipped):
    rubric = shipped.instrument("3A").rubric
    assert rubric_score(rubric, dict.fromkeys(range(7), "4")) == D("100.00")
    assert rubric_score(rubric, {**dict.fromkeys(range(7), "4"), 0: "3", 1: "2"}) == D("89.29")  # (7x4 - 3) / 28


def test_the_scorer_rule():
    instructor = ScorerScope(10, "instructor", frozenset({1}), frozenset())
    assert scorer_roles(instructor, Relation(1, 10, None)) == ("widyaiswara", "coach")
    assert scorer_roles(instructor, Relation(2, 10, 10)) == ("coach",)  # a mentor id on an instructor means nothing
    assert scorer_roles(instructor, Relation(2, 11, None)) == ()
    committee = ScorerScope(20, "committee", frozenset(), frozenset({1}))
    assert scorer_roles(committee, Relation(1, 20, 20)) == ("committee",)
    assert scorer_roles(committee, Relation(2, None, None)) == ()
    mentor = ScorerScope(30, "mentor", frozenset({1}), frozenset({1}))
    assert scorer_roles(mentor, Relation(1, None, 30)) == ("mentor",)
    assert scorer_roles(mentor, Relation(1, None, 31)) == ()
    coordinator = ScorerScope(40, "coordinator", frozenset({1}), frozenset({1}))
    assert scorer_roles(coordinator, Relation(1, 40, 40)) == ()
    rubric = parse_rubric("Sikap | 1\n- 1: kurang\n- 4: baik")
    both = Instrument("3X", "x", ("coach", "widyaiswara"), D(1), rubric)
    assert role_for(both, ("widyaiswara", "coach")) == "coach"  # one person scores it once, in the first role listed
    assert role_for(both, ("mentor",)) is None
