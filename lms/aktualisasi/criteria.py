"""What an institution configures about the plan: the criteria its issue candidates are scored on (default APKL
and USG, each 1 to 5), the BerAKHLAK core values, the habituation days; and the one rule that totals the scores.

INSTITUTION CONFIGURATION: edit ISSUE_CRITERIA (and HABITUATION_DAYS) below; `check_criteria` validates it when
the app starts (lms.aktualisasi.feature), so a wrong edit stops the app with a clear reason."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    low: int = 1
    high: int = 5


@dataclass(frozen=True)
class CriteriaGroup:
    code: str
    label: str
    criteria: tuple[Criterion, ...]


# --- INSTITUTION CONFIGURATION -------------------------------------------------------------------------------
ISSUE_CRITERIA: tuple[CriteriaGroup, ...] = (
    CriteriaGroup(
        "apkl",
        "APKL",
        (
            Criterion("aktual", "Aktual"),
            Criterion("problematik", "Problematik"),
            Criterion("kekhalayakan", "Kekhalayakan"),
            Criterion("layak", "Layak"),
        ),
    ),
    CriteriaGroup(
        "usg",
        "USG",
        (
            Criterion("urgency", "Urgency (mendesak)"),
            Criterion("seriousness", "Seriousness (serius)"),
            Criterion("growth", "Growth (berkembang)"),
        ),
    ),
)
# The habituation period: 30 workdays at the participant's workplace.
HABITUATION_DAYS = 30
# --------------------------------------------------------------------------------------------------------------

# The core values of ASN (BerAKHLAK), in their usual order: code -> name.
CORE_VALUES: tuple[tuple[str, str], ...] = (
    ("berorientasi_pelayanan", "Berorientasi Pelayanan"),
    ("akuntabel", "Akuntabel"),
    ("kompeten", "Kompeten"),
    ("harmonis", "Harmonis"),
    ("loyal", "Loyal"),
    ("adaptif", "Adaptif"),
    ("kolaboratif", "Kolaboratif"),
)
CORE_VALUE_NAMES = dict(CORE_VALUES)


class CriteriaError(ValueError):
    pass


def check_criteria(groups: tuple[CriteriaGroup, ...], days: int = HABITUATION_DAYS) -> None:
    """Refuse a configuration the pages could not work with; the reason names the culprit."""
    if not groups:
        raise CriteriaError("ISSUE_CRITERIA: at least one group of criteria is needed")
    seen: set[str] = set()
    for group in groups:
        if not group.criteria:
            raise CriteriaError(f"ISSUE_CRITERIA {group.code}: the group has no criteria")
        for c in group.criteria:
            if not c.code.isidentifier() or c.code in seen:
                raise CriteriaError(f"ISSUE_CRITERIA {c.code!r}: codes must be unique identifiers")
            if not 0 <= c.low < c.high <= 10:
                raise CriteriaError(f"ISSUE_CRITERIA {c.code}: the range must be within 0..10, low below high")
            seen.add(c.code)
    if not 1 <= days <= 120:
        raise CriteriaError("HABITUATION_DAYS must be between 1 and 120")


def all_criteria(groups: tuple[CriteriaGroup, ...] = ISSUE_CRITERIA) -> tuple[Criterion, ...]:
    return tuple(c for g in groups for c in g.criteria)


def issue_totals(scores: dict, groups: tuple[CriteriaGroup, ...] = ISSUE_CRITERIA) -> dict[str, int | None]:
    """Each group's total of one candidate's scores, and 'total' over every group; a group with a score missing
    or out of range totals None (not a smaller number that would rank the candidate wrongly)."""
    totals: dict[str, int | None] = {}
    for group in groups:
        values = [scores.get(c.code) for c in group.criteria]
        ok = all(isinstance(v, int) and c.low <= v <= c.high for v, c in zip(values, group.criteria, strict=True))
        totals[group.code] = sum(values) if ok else None
    parts = list(totals.values())
    totals["total"] = None if None in parts else sum(parts)
    return totals


def ranked(candidates: list[dict], groups: tuple[CriteriaGroup, ...] = ISSUE_CRITERIA) -> list[int]:
    """Indexes of the candidates fully scored, best total first (ties keep the participant's order)."""
    totals = [issue_totals(c.get("scores", {}), groups)["total"] for c in candidates]
    return sorted((i for i, t in enumerate(totals) if t is not None), key=lambda i: -totals[i])
