"""THE rules of the sikap score: an instrument's score from its scorers' scores, and the participant's sikap score
from the instruments' scores under the program's weights. Plain values in and out, tested without a database."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from lms.program.spec import STEP, Instrument, Program


def mean(values) -> Decimal:
    values = list(values)
    return sum(values, Decimal(0)) / len(values)


@dataclass(frozen=True)
class InstrumentResult:
    """One instrument for one participant. `expected`: the participant has (or had, having been scored by) one of
    its scorer roles; `missing`: the expected roles no one has submitted a score for yet."""

    instrument: Instrument
    expected: bool
    roles: tuple[str, ...] = ()  # the expected scorer roles, in the program's order
    submitted: dict = field(default_factory=dict)  # role -> the submitted scores of that role's scorers
    missing: tuple[str, ...] = ()
    score: Decimal | None = None


@dataclass(frozen=True)
class SikapResult:
    """A participant's form 3G: each instrument's result and the sikap score (None while an expected instrument is
    unscored, or when none is expected)."""

    instruments: tuple[InstrumentResult, ...]
    score: Decimal | None

    @property
    def expected(self) -> tuple[InstrumentResult, ...]:
        return tuple(r for r in self.instruments if r.expected)

    @property
    def missing(self) -> tuple[InstrumentResult, ...]:
        return tuple(r for r in self.expected if r.score is None)

    def of(self, code: str) -> InstrumentResult | None:
        return next((r for r in self.instruments if r.instrument.code == code), None)


def instrument_result(
    instrument: Instrument, present: set[str], submitted: dict[str, list[Decimal]]
) -> InstrumentResult:
    """An instrument's result for a participant who has the scorer roles `present` and whose scorers submitted
    `submitted` (role -> scores).

    The roles expected are the instrument's scorers the participant has, or that scored them (a score given while
    the participant had a coach still counts after the coach is removed: a score is never dropped silently). The
    score is the mean over the expected roles of each role's mean (several widyaiswara or committee members: their
    mean first, so one role does not outweigh another by its numbers), two decimals half up; None until every
    expected role has at least one submitted score."""
    roles = tuple(r for r in instrument.scorers if r in present or submitted.get(r))
    if not roles:
        return InstrumentResult(instrument, expected=False)
    counted = {r: list(submitted[r]) for r in roles if submitted.get(r)}
    missing = tuple(r for r in roles if r not in counted)
    score = None
    if not missing:
        score = mean(mean(scores) for scores in counted.values()).quantize(STEP, rounding=ROUND_HALF_UP)
    return InstrumentResult(instrument, True, roles, counted, missing, score)


def sikap_result(program: Program, present: set[str], submitted: dict[str, dict[str, list[Decimal]]]) -> SikapResult:
    """THE sikap score of one participant: the weighted mean (the instruments' `weight`, relative) of the scores of
    the instruments the participant should have, two decimals half up, each instrument's score taken as shown (two
    decimals), so the form adds up as printed.

    An instrument none of whose scorer roles the participant has (no mentor assigned, an angkatan without a
    committee) is left out and the other weights renormalised: with 3A, 3B, 3C and 3D weighted 1 each and no
    mentor, the score is the mean of 3A, 3B and 3C. None while any instrument the participant should have is
    unscored, and when they should have none (no scorer at all: nothing to compose).

    present: the scorer roles the participant has; submitted: instrument code -> role -> submitted scores."""
    results = tuple(instrument_result(i, present, submitted.get(i.code, {})) for i in program.instruments)
    expected = [r for r in results if r.expected]
    if not expected or any(r.score is None for r in expected):
        return SikapResult(results, None)
    weights = sum((r.instrument.weight for r in expected), Decimal(0))
    total = sum((r.instrument.weight * r.score for r in expected), Decimal(0))
    return SikapResult(results, (total / weights).quantize(STEP, rounding=ROUND_HALF_UP))
