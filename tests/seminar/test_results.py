"""The rules of a seminar's result, without a request: who must score, the mean, disagreements."""

from decimal import Decimal as D

from lms.seminar.results import DISAGREEMENT_POINTS, disagreement, expected_roles, result_of, seminar_score


def test_expected_roles_follow_the_rubric_and_who_the_participant_has():
    assert expected_roles(["penguji"], has_coach=True, has_mentor=True) == ("penguji",)
    everyone = ["penguji", "coach", "mentor"]
    assert expected_roles(everyone, has_coach=True, has_mentor=True) == ("penguji", "coach", "mentor")
    assert expected_roles(everyone, has_coach=False, has_mentor=True) == ("penguji", "mentor")


def test_the_seminar_score_is_the_mean_of_the_submitted_scores():
    assert seminar_score({}) is None
    assert seminar_score({"penguji": D("80")}) == D("80.00")
    assert seminar_score({"penguji": D("80"), "coach": D("90"), "mentor": D("85.5")}) == D("85.17")
    assert seminar_score({"penguji": D("66.67"), "coach": D("66.66")}) == D("66.67")  # half up


def test_a_disagreement_is_a_spread_over_the_threshold():
    assert DISAGREEMENT_POINTS == D(20)
    assert disagreement({"penguji": D("90")}) is None
    assert disagreement({"penguji": D("90"), "coach": D("70")}) is None  # exactly 20: not over
    assert disagreement({"penguji": D("90"), "coach": D("69.99"), "mentor": D("80")}) == D("20.01")


def test_a_result_is_final_only_when_every_expected_scorer_submitted():
    partial = result_of(("penguji", "coach"), {"penguji": D("80")})
    assert partial.missing == ("coach",) and not partial.final and partial.score == D("80.00")
    final = result_of(("penguji", "coach"), {"penguji": D("80"), "coach": D("90")})
    assert final.final and final.score == D("85.00") and final.missing == ()
    # a score by someone the rubric does not count (a coach's on a penguji-only seminar) is left out
    assert result_of(("penguji",), {"penguji": D("70"), "coach": D("100")}).score == D("70.00")
