"""Grading rules: credit per question, an attempt's score, the counted score by policy, phase scores.

Plain functions on plain values (Decimal), so every number a participant's career depends on is
tested without a database.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)
CENT = Decimal("0.01")


def question_credit(kind: str, fractions: dict[int, Decimal], selected: Sequence[int]) -> Decimal:
    """Credit 0..1 for one choice question. Single/true-false/missing word: the chosen option's fraction
    (never below 0). Multiple: the sum of the chosen options' fractions, clamped to 0..1 (wrong choices cost)."""
    chosen = [fractions[option] for option in selected if option in fractions]
    if not chosen:
        return ZERO
    if kind in ("single", "truefalse", "missingword"):
        return max(ZERO, min(ONE, chosen[0]))
    return max(ZERO, min(ONE, sum(chosen, ZERO)))


def attempt_score(credits: Iterable[Decimal]) -> Decimal:
    """0..100 with two decimals, rounded half up; every question weighs the same."""
    credits = list(credits)
    if not credits:
        return ZERO.quantize(CENT)
    return (sum(credits, ZERO) * HUNDRED / len(credits)).quantize(CENT, rounding=ROUND_HALF_UP)


def passes(score: Decimal, threshold: Decimal) -> bool:
    return score >= threshold


@dataclass(frozen=True)
class GradedAttempt:
    number: int
    score: Decimal
    passed: bool
    graded_at: datetime


def counted_attempt(attempts: Sequence[GradedAttempt], policy: str) -> GradedAttempt | None:
    """The attempt whose score counts: the highest (the earliest of equals), the last, or the first."""
    if not attempts:
        return None
    by_number = sorted(attempts, key=lambda a: a.number)
    if policy == "first":
        return by_number[0]
    if policy == "last":
        return by_number[-1]
    return max(by_number, key=lambda a: (a.score, -a.number))


def weighted_average(scores: Sequence[tuple[Decimal, Decimal]]) -> Decimal | None:
    """(score, weight) pairs to a weighted average with two decimals; None when nothing to average."""
    total_weight = sum((w for _s, w in scores), ZERO)
    if not scores or total_weight == 0:
        return None
    return (sum((s * w for s, w in scores), ZERO) / total_weight).quantize(CENT, rounding=ROUND_HALF_UP)
