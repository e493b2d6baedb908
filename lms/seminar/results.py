"""The rules that turn scorers' rubric scores into a participant's seminar result: plain values in, plain values
out, tested without a request."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
# Scorers' scores of one participant further apart than this (on 0-100) are shown to the coordinator as a
# disagreement to look at. 20 points is two qualification bands on most institutions' scales; an institution
# may choose another number here.
DISAGREEMENT_POINTS = Decimal(20)


def expected_roles(scorers, *, has_coach: bool, has_mentor: bool) -> tuple[str, ...]:
    """Who must score this participant: the rubric's scorers, less a coach or mentor the participant has not got."""
    present = {"penguji": True, "coach": has_coach, "mentor": has_mentor}
    return tuple(role for role in scorers if present[role])


def seminar_score(submitted: dict[str, Decimal]) -> Decimal | None:
    """THE rule of a participant's seminar score: the mean of the submitted scorers' rubric scores (with the
    rubric's `scorers: [penguji]`, the penguji's alone), two decimals; None before anyone submitted."""
    if not submitted:
        return None
    total = sum(submitted.values(), Decimal(0))
    return (total / len(submitted)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def disagreement(submitted: dict[str, Decimal]) -> Decimal | None:
    """The spread of the submitted scores when it is over DISAGREEMENT_POINTS, else None."""
    if len(submitted) < 2:
        return None
    spread = max(submitted.values()) - min(submitted.values())
    return spread if spread > DISAGREEMENT_POINTS else None


@dataclass(frozen=True)
class Result:
    """One participant's standing in a seminar: who must still score, the score so far, and whether it is final."""

    expected: tuple[str, ...]
    submitted: dict
    missing: tuple[str, ...]
    score: Decimal | None
    spread: Decimal | None

    @property
    def final(self) -> bool:
        return not self.missing and self.score is not None


def result_of(expected: tuple[str, ...], submitted: dict[str, Decimal]) -> Result:
    """The result of a participant whose `expected` scorers have `submitted` these scores (role -> score)."""
    counted = {role: score for role, score in submitted.items() if role in expected}
    missing = tuple(role for role in expected if role not in counted)
    return Result(expected, counted, missing, seminar_score(counted), disagreement(counted))
