"""The Latsar program read from content/program.yaml: plain frozen values, and the one parser that checks them.

`parse_program(text)` gives (Program or None, problems); a problem is (where, reason) in Indonesian, `where`
being a path into the file such as "components[2].weight". Nothing here knows a feature: the names a component's
`source` may take are checked against the sources the features registered (lms.program.sources)."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import yaml

from lms.core.rubric import Rubric, RubricError, parse_rubric

PHASE_ORDER = ("mooc", "pjj", "aktualisasi", "klasikal")
# Who may score an attitude instrument: the angkatan's widyaiswara or committee, the participant's coach or mentor.
INSTRUMENT_SCORERS = ("widyaiswara", "committee", "coach", "mentor")
HUNDRED = Decimal(100)
STEP = Decimal("0.01")  # scores are kept to two decimals: bands meet at this step


@dataclass(frozen=True)
class PhaseSpec:
    code: str
    jp: int
    days: int


@dataclass(frozen=True)
class Component:
    code: str
    name: str
    weight: Decimal
    source: str
    min_score: Decimal | None = None


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    scorers: tuple[str, ...]
    weight: Decimal
    rubric: Rubric


@dataclass(frozen=True)
class Band:
    name: str
    low: Decimal
    high: Decimal
    passes: bool

    def holds(self, score: Decimal) -> bool:
        return self.low <= score <= self.high


@dataclass(frozen=True)
class Program:
    name: str
    phases: tuple[PhaseSpec, ...]
    components: tuple[Component, ...]
    instruments: tuple[Instrument, ...]
    bands: tuple[Band, ...]
    min_klasikal_attendance: Decimal | None

    @property
    def total_jp(self) -> int:
        return sum(p.jp for p in self.phases)

    def phase(self, code: str) -> PhaseSpec | None:
        return next((p for p in self.phases if p.code == code), None)

    def instrument(self, code: str) -> Instrument | None:
        return next((i for i in self.instruments if i.code == code), None)

    def component(self, code: str) -> Component | None:
        return next((c for c in self.components if c.code == code), None)


class _Problems(list):
    def add(self, where: str, reason: str) -> None:
        self.append((where, reason))


def _decimal(value, where, problems, low=Decimal(0), high=HUNDRED) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        problems.add(where, f"harus angka {low} sampai {high}")
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        problems.add(where, f"harus angka {low} sampai {high}")
        return None
    if not number.is_finite() or not low <= number <= high:
        problems.add(where, f"harus angka {low} sampai {high}")
        return None
    if number != number.quantize(STEP):
        problems.add(where, "paling banyak dua angka di belakang koma")
        return None
    return number


def _text(value, where, problems, max_len=200) -> str | None:
    if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
        problems.add(where, "harus teks yang tidak kosong")
        return None
    if len(str(value)) > max_len:
        problems.add(where, f"lebih dari {max_len} karakter")
        return None
    return str(value).strip()


def _int(value, where, problems, low, high) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        problems.add(where, f"harus bilangan bulat {low} sampai {high}")
        return None
    return value


def _list(meta, key, problems) -> list:
    value = meta.get(key)
    if not isinstance(value, list) or not value:
        problems.add(key, "harus daftar yang tidak kosong")
        return []
    return value


def _phases(meta, problems) -> tuple[PhaseSpec, ...]:
    phases = []
    for index, row in enumerate(_list(meta, "phases", problems)):
        where = f"phases[{index}]"
        if not isinstance(row, dict):
            problems.add(where, "harus berisi code, jp dan days")
            continue
        code = row.get("code")
        if code not in PHASE_ORDER:
            problems.add(f"{where}.code", f"harus salah satu dari {', '.join(PHASE_ORDER)}")
            continue
        jp = _int(row.get("jp"), f"{where}.jp", problems, 1, 2000)
        days = _int(row.get("days"), f"{where}.days", problems, 1, 365)
        if jp is not None and days is not None:
            phases.append(PhaseSpec(code, jp, days))
    codes = [p.code for p in phases]
    if len(codes) == len(_list(meta, "phases", _Problems())) and codes != list(PHASE_ORDER):
        problems.add("phases", f"harus memuat keempat fase sekali, berurutan: {', '.join(PHASE_ORDER)}")
    return tuple(phases)


def _components(meta, problems, known_sources) -> tuple[Component, ...]:
    components, codes = [], set()
    for index, row in enumerate(_list(meta, "components", problems)):
        where = f"components[{index}]"
        if not isinstance(row, dict):
            problems.add(where, "harus berisi code, name, weight dan source")
            continue
        code = _text(row.get("code"), f"{where}.code", problems, 40)
        name = _text(row.get("name"), f"{where}.name", problems)
        weight = _decimal(row.get("weight"), f"{where}.weight", problems)
        if weight is not None and weight <= 0:
            problems.add(f"{where}.weight", "harus lebih dari 0 (hapus komponen yang tidak dinilai)")
            weight = None
        source = row.get("source")
        if not isinstance(source, str) or not source:
            problems.add(f"{where}.source", "setiap komponen harus menyebut sumber nilainya")
            source = None
        elif known_sources is not None and source not in known_sources:
            problems.add(
                f"{where}.source", f"sumber '{source}' tidak dikenal; yang dikenal: {', '.join(sorted(known_sources))}"
            )
            source = None
        minimum = None
        if row.get("min_score") is not None:
            minimum = _decimal(row.get("min_score"), f"{where}.min_score", problems)
        if code in codes:
            problems.add(f"{where}.code", f"kode '{code}' dipakai dua kali")
            continue
        codes.add(code)
        if None not in (code, name, weight, source):
            components.append(Component(code, name, weight, source, minimum))
    if components and len(components) == len(meta.get("components") or []):
        total = sum((c.weight for c in components), Decimal(0))
        if total != HUNDRED:
            problems.add("components", f"jumlah bobot harus 100, sekarang {total.normalize():f}")
    return tuple(components)


def _instruments(meta, problems) -> tuple[Instrument, ...]:
    if meta.get("instruments") is None:
        return ()
    instruments, codes = [], set()
    for index, row in enumerate(_list(meta, "instruments", problems)):
        where = f"instruments[{index}]"
        if not isinstance(row, dict):
            problems.add(where, "harus berisi code, name, scorers, weight dan rubric")
            continue
        code = _text(row.get("code"), f"{where}.code", problems, 10)
        name = _text(row.get("name"), f"{where}.name", problems)
        scorers = row.get("scorers")
        if (
            not isinstance(scorers, list)
            or not scorers
            or any(s not in INSTRUMENT_SCORERS for s in scorers)
            or len(set(scorers)) != len(scorers)
        ):
            problems.add(f"{where}.scorers", f"harus daftar berisi {', '.join(INSTRUMENT_SCORERS)}")
            scorers = None
        weight = _decimal(row.get("weight", 1), f"{where}.weight", problems)
        if weight is not None and weight <= 0:
            problems.add(f"{where}.weight", "harus lebih dari 0")
            weight = None
        rubric = None
        if not isinstance(row.get("rubric"), str):
            problems.add(f"{where}.rubric", "harus teks rubrik (kriteria | bobot, lalu '- poin: deskripsi')")
        else:
            try:
                rubric = parse_rubric(row["rubric"])
            except RubricError as error:
                problems.add(f"{where}.rubric", error.message)
        if code in codes:
            problems.add(f"{where}.code", f"kode '{code}' dipakai dua kali")
            continue
        codes.add(code)
        if None not in (code, name, scorers, weight, rubric):
            instruments.append(Instrument(code, name, tuple(scorers), weight, rubric))
    return tuple(instruments)


def _bands(meta, problems) -> tuple[Band, ...]:
    bands = []
    for index, row in enumerate(_list(meta, "bands", problems)):
        where = f"bands[{index}]"
        if not isinstance(row, dict):
            problems.add(where, "harus berisi name, from, to dan lulus")
            continue
        name = _text(row.get("name"), f"{where}.name", problems, 60)
        low = _decimal(row.get("from"), f"{where}.from", problems)
        high = _decimal(row.get("to"), f"{where}.to", problems)
        passes = row.get("lulus")
        if not isinstance(passes, bool):
            problems.add(f"{where}.lulus", "harus true atau false")
        if low is not None and high is not None and low > high:
            problems.add(where, f"'from' ({low}) lebih besar dari 'to' ({high})")
            continue
        if None not in (name, low, high) and isinstance(passes, bool):
            bands.append(Band(name, low, high, passes))
    if bands and len(bands) == len(meta.get("bands") or []):
        problems.extend(band_coverage_problems(bands))
    return tuple(sorted(bands, key=lambda b: b.low, reverse=True))


def band_coverage_problems(bands) -> list[tuple[str, str]]:
    """Bands must cover 0-100 at two decimals without a gap or an overlap."""
    found = []
    ordered = sorted(bands, key=lambda b: b.low)
    if ordered[0].low != 0:
        found.append(("bands", f"nilai 0 sampai {ordered[0].low - STEP} tidak masuk predikat mana pun"))
    if ordered[-1].high != HUNDRED:
        found.append(("bands", f"nilai {ordered[-1].high + STEP} sampai 100 tidak masuk predikat mana pun"))
    for lower, upper in zip(ordered, ordered[1:], strict=False):
        if upper.low <= lower.high:
            found.append(("bands", f"predikat '{lower.name}' dan '{upper.name}' tumpang tindih"))
        elif upper.low != lower.high + STEP:
            found.append(("bands", f"celah antara '{lower.name}' dan '{upper.name}' ({lower.high} ... {upper.low})"))
    return found


def parse_program(text: str, known_sources: set[str] | None = None) -> tuple[Program | None, list[tuple[str, str]]]:
    """The program in `text` and every problem found (a Program only when there is none). known_sources: the
    component sources the running LMS provides (None skips that check, for a file read without the app)."""
    problems = _Problems()
    try:
        meta = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"baris {mark.line + 1}" if mark else "berkas"
        return None, [(where, f"YAML tidak valid: {getattr(error, 'problem', error)}")]
    if not isinstance(meta, dict):
        return None, [("berkas", "harus berisi pasangan kunci: nilai")]
    name = _text(meta.get("name"), "name", problems)
    phases = _phases(meta, problems)
    components = _components(meta, problems, known_sources)
    instruments = _instruments(meta, problems)
    if any(c.source == "sikap" for c in components) and not instruments:
        problems.add("instruments", "komponen bersumber 'sikap' memerlukan instrumen sikap perilaku")
    bands = _bands(meta, problems)
    rule = meta.get("pass_rule") or {}
    attendance = None
    if not isinstance(rule, dict):
        problems.add("pass_rule", "harus berisi pasangan kunci: nilai")
    elif rule.get("min_klasikal_attendance") is not None:
        attendance = _decimal(rule["min_klasikal_attendance"], "pass_rule.min_klasikal_attendance", problems)
    unknown = set(meta) - {"name", "phases", "components", "instruments", "bands", "pass_rule"}
    for key in sorted(unknown, key=str):
        problems.add(str(key), "kunci tidak dikenal")
    if problems:
        return None, list(problems)
    return Program(name, phases, components, instruments, bands, attendance), []
