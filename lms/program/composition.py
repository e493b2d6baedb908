"""THE rules of the final result: the final score from the components, its band, and pass or fail with the
reasons. Plain values in and out, tested without a request or a database."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from lms.program.spec import HUNDRED, STEP, Band, Program


@dataclass(frozen=True)
class Verdict:
    """One participant's result under a program. `final` is None while a component is missing; `passes` is None
    until the result can be decided (every component scored, the attendance known)."""

    scores: dict = field(default_factory=dict)  # component code -> Decimal | None
    final: Decimal | None = None
    band: Band | None = None
    passes: bool | None = None
    missing: tuple[str, ...] = ()  # names of the components without a score
    reasons: tuple[str, ...] = ()  # why the participant does not pass (when passes is False)

    @property
    def complete(self) -> bool:
        return self.passes is not None


def final_score(program: Program, scores: dict) -> Decimal | None:
    """The weighted sum of the components' scores (weights are percentages), to two decimals, half up; None
    while any component has no score."""
    total = Decimal(0)
    for component in program.components:
        score = scores.get(component.code)
        if score is None:
            return None
        total += component.weight * Decimal(score) / HUNDRED
    return total.quantize(STEP, rounding=ROUND_HALF_UP)


def band_of(program: Program, score: Decimal | None) -> Band | None:
    """The band holding the score (the bands cover 0-100 at two decimals: check-content made sure)."""
    if score is None:
        return None
    return next((band for band in program.bands if band.holds(score)), None)


def verdict(program: Program, scores: dict, attendance: Decimal | None = None) -> Verdict:
    """THE pass rule: every component scored, the final score in a band that passes, each component at least its
    minimum, and the klasikal attendance at least the program's minimum (when it sets one)."""
    scores = {c.code: (None if scores.get(c.code) is None else Decimal(scores[c.code])) for c in program.components}
    missing = tuple(c.name for c in program.components if scores[c.code] is None)
    final = final_score(program, scores)
    band = band_of(program, final)
    needs_attendance = program.min_klasikal_attendance is not None
    if final is None or (needs_attendance and attendance is None):
        return Verdict(
            scores,
            final,
            band,
            None,
            missing + (("Kehadiran klasikal",) if attendance is None and needs_attendance else ()),
        )
    reasons = []
    if not band.passes:
        reasons.append(f"Nilai akhir {final} berpredikat {band.name}")
    for component in program.components:
        if component.min_score is not None and scores[component.code] < component.min_score:
            reasons.append(f"{component.name} {scores[component.code]} di bawah batas {component.min_score}")
    if needs_attendance and attendance < program.min_klasikal_attendance:
        reasons.append(f"Kehadiran klasikal {attendance}% di bawah {program.min_klasikal_attendance}%")
    return Verdict(scores, final, band, not reasons, missing, tuple(reasons))
