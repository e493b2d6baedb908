"""Rubrics: criteria with weights and level descriptors, and the one rule that turns chosen levels into a score.

Assignments (tasks), hand-graded questions, and later seminars and attitude instruments are all scored this way.
A rubric is written as plain text, so a widyaiswara types it on any device and a file keeps it in git:

    Ketepatan analisis | 40
    - 0: Tidak ada analisis
    - 2: Analisis sebagian benar
    - 4: Analisis tepat dan lengkap
    Kejelasan tulisan | 60
    - 1: Sulit dipahami
    - 3: Jelas dan runtut

A criterion line is "name | weight"; each level under it is "- points: descriptor". The score is
100 x sum(weight x points / the criterion's top points) / sum(weights), to two decimals.
It is stored as the plain dict of `Rubric.as_dict()` (JSON), and read back with `Rubric.from_dict`.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from flask_babel import gettext as _

MAX_CRITERIA = 20
MAX_LEVELS = 10
MAX_NAME = 200
MAX_DESCRIPTOR = 1000
_LEVEL = re.compile(r"^\s*-\s*(?P<points>[^:]+?)\s*:\s*(?P<descriptor>.*)$")
_CRITERION = re.compile(r"^(?P<name>[^|]+?)\s*\|\s*(?P<weight>[^|]+?)\s*$")
TWO_PLACES = Decimal("0.01")


class RubricError(ValueError):
    """A rubric text or a set of chosen levels that cannot be used; `message` is for the person (Indonesian)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Level:
    points: Decimal
    descriptor: str


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: Decimal
    levels: tuple[Level, ...]

    @property
    def top(self) -> Decimal:
        return max(level.points for level in self.levels)


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]

    @property
    def total_weight(self) -> Decimal:
        return sum((c.weight for c in self.criteria), Decimal(0))

    def as_dict(self) -> dict:
        return {
            "criteria": [
                {
                    "name": c.name,
                    "weight": str(c.weight),
                    "levels": [{"points": str(lv.points), "descriptor": lv.descriptor} for lv in c.levels],
                }
                for c in self.criteria
            ]
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Rubric":
        return cls(
            tuple(
                Criterion(
                    c["name"],
                    Decimal(c["weight"]),
                    tuple(Level(Decimal(lv["points"]), lv["descriptor"]) for lv in c["levels"]),
                )
                for c in data["criteria"]
            )
        )


def _number(text: str, line_no: int, what: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise RubricError(_("Baris %(line)d: %(what)s harus berupa angka.", line=line_no, what=what)) from None
    if not value.is_finite() or value < 0 or value > 1000:
        raise RubricError(_("Baris %(line)d: %(what)s harus antara 0 dan 1000.", line=line_no, what=what))
    return value


def parse_rubric(text: str) -> Rubric:
    """The rubric a text describes, or RubricError naming the first line that is wrong."""
    criteria: list[tuple[str, Decimal, list[Level]]] = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        level = _LEVEL.match(line)
        if level:
            if not criteria:
                raise RubricError(
                    _("Baris %(line)d: tulis dulu kriteria (nama | bobot) sebelum levelnya.", line=line_no)
                )
            points = _number(level["points"], line_no, _("poin level"))
            descriptor = level["descriptor"].strip()
            if not descriptor:
                raise RubricError(_("Baris %(line)d: deskripsi level tidak boleh kosong.", line=line_no))
            if len(descriptor) > MAX_DESCRIPTOR:
                raise RubricError(_("Baris %(line)d: deskripsi level terlalu panjang.", line=line_no))
            levels = criteria[-1][2]
            if any(existing.points == points for existing in levels):
                raise RubricError(
                    _("Baris %(line)d: poin %(points)s sudah dipakai level lain.", line=line_no, points=points)
                )
            levels.append(Level(points, descriptor))
            continue
        criterion = _CRITERION.match(line)
        if not criterion:
            raise RubricError(
                _(
                    "Baris %(line)d tidak dikenali: tulis 'nama kriteria | bobot' atau '- poin: deskripsi'.",
                    line=line_no,
                )
            )
        name = criterion["name"].strip()
        if len(name) > MAX_NAME:
            raise RubricError(_("Baris %(line)d: nama kriteria terlalu panjang.", line=line_no))
        weight = _number(criterion["weight"], line_no, _("bobot"))
        if weight == 0:
            raise RubricError(_("Baris %(line)d: bobot kriteria harus lebih dari 0.", line=line_no))
        if any(existing[0].casefold() == name.casefold() for existing in criteria):
            raise RubricError(_("Baris %(line)d: kriteria '%(name)s' tertulis dua kali.", line=line_no, name=name))
        criteria.append((name, weight, []))
    if not criteria:
        raise RubricError(_("Rubrik kosong: tulis sedikitnya satu kriteria dengan levelnya."))
    if len(criteria) > MAX_CRITERIA:
        raise RubricError(_("Rubrik paling banyak %(n)d kriteria.", n=MAX_CRITERIA))
    for name, _weight, levels in criteria:
        if len(levels) < 2:
            raise RubricError(_("Kriteria '%(name)s' perlu sedikitnya dua level.", name=name))
        if len(levels) > MAX_LEVELS:
            raise RubricError(_("Kriteria '%(name)s' paling banyak %(n)d level.", name=name, n=MAX_LEVELS))
        if max(level.points for level in levels) == 0:
            raise RubricError(_("Kriteria '%(name)s' perlu satu level dengan poin di atas 0.", name=name))
    return Rubric(
        tuple(
            Criterion(name, weight, tuple(sorted(levels, key=lambda lv: lv.points)))
            for name, weight, levels in criteria
        )
    )


def format_rubric(rubric: Rubric) -> str:
    """The text that parses back to `rubric` (what an edit form shows)."""
    lines: list[str] = []
    for criterion in rubric.criteria:
        lines.append(f"{criterion.name} | {_plain(criterion.weight)}")
        lines.extend(f"- {_plain(level.points)}: {level.descriptor}" for level in criterion.levels)
    return "\n".join(lines)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")  # 40, not 40.00 or 4E+1


def rubric_score(rubric: Rubric, chosen: dict[int, Decimal | str | int | float]) -> Decimal:
    """The score 0-100 (two decimals) of the chosen level points, one per criterion (by its index).

    Every criterion must have a level, and each given points must be one of that criterion's levels: a forged
    form value (points above the top level, a level that does not exist) is refused, never clipped."""
    total = Decimal(0)
    for index, criterion in enumerate(rubric.criteria):
        if index not in chosen or chosen[index] in (None, ""):
            raise RubricError(_("Pilih level untuk kriteria '%(name)s'.", name=criterion.name))
        try:
            points = Decimal(str(chosen[index]))
        except InvalidOperation:
            raise RubricError(_("Level kriteria '%(name)s' tidak sah.", name=criterion.name)) from None
        if all(level.points != points for level in criterion.levels):
            raise RubricError(
                _(
                    "Poin %(points)s bukan level kriteria '%(name)s' (paling tinggi %(top)s).",
                    points=points,
                    name=criterion.name,
                    top=_plain(criterion.top),
                )
            )
        total += criterion.weight * points / criterion.top
    if extra := set(chosen) - set(range(len(rubric.criteria))):
        raise RubricError(_("Ada nilai untuk kriteria yang tidak ada di rubrik (%(n)d).", n=len(extra)))
    return (total * 100 / rubric.total_weight).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
