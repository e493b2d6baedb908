"""The program file's parser and checks: the shipped file, and each way a file can be wrong."""

from decimal import Decimal
from pathlib import Path

import pytest

from lms.program.spec import parse_program

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "program.yaml"
SOURCES = {"evaluasi_mooc", "evaluasi_pjj", "sikap", "seminar_rancangan", "seminar_aktualisasi"}

MINIMAL = """
name: Program uji
phases:
  - {code: mooc, jp: 48, days: 16}
  - {code: pjj, jp: 217, days: 22}
  - {code: aktualisasi, jp: 320, days: 30}
  - {code: klasikal, jp: 62, days: 6}
components:
  - {code: a, name: Akademik, weight: 40, source: evaluasi_mooc}
  - {code: b, name: Seminar, weight: 60, source: seminar_aktualisasi, min_score: 60}
bands:
  - {name: Lulus, from: 70.01, to: 100, lulus: true}
  - {name: Tidak lulus, from: 0, to: 70, lulus: false}
"""


def problems_of(text, sources=SOURCES):
    program, problems = parse_program(text, sources)
    assert (program is None) == bool(problems)
    return [f"{where}: {reason}" for where, reason in problems]


def test_the_shipped_program_follows_the_guideline():
    program, problems = parse_program(SHIPPED.read_text(encoding="utf-8"), SOURCES)
    assert problems == []
    assert [(p.code, p.jp) for p in program.phases] == [
        ("mooc", 48),
        ("pjj", 217),
        ("aktualisasi", 320),
        ("klasikal", 62),
    ]
    assert program.total_jp == 647
    weights = {c.code: c.weight for c in program.components}
    assert weights["akademik_mooc"] == weights["akademik_pjj"] == Decimal(10)  # academic 20% = 10% + 10% (LAN)
    assert sum(weights.values()) == 100
    assert {i.code for i in program.instruments} == {"3A", "3B", "3C", "3D"}
    assert program.bands[0].name == "Sangat memuaskan" and program.bands[-1].low == 0


def test_a_minimal_program_parses():
    program, problems = parse_program(MINIMAL, SOURCES)
    assert problems == [] and program.component("b").min_score == Decimal(60)
    assert program.instruments == () and program.min_klasikal_attendance is None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("weight: 60,", "weight: 50,"), "components: jumlah bobot harus 100, sekarang 90"),
        (("source: seminar_aktualisasi", "source: tebakan"), "components[1].source: sumber 'tebakan' tidak dikenal"),
        (("source: evaluasi_mooc", "source: ''"), "components[0].source: setiap komponen harus menyebut sumber"),
        (("from: 70.01", "from: 70.02"), "bands: celah antara 'Tidak lulus' dan 'Lulus'"),
        (("from: 70.01", "from: 69"), "bands: predikat 'Tidak lulus' dan 'Lulus' tumpang tindih"),
        (("to: 100", "to: 99"), "bands: nilai 99.01 sampai 100 tidak masuk predikat mana pun"),
        (("from: 0,", "from: 1,"), "bands: nilai 0 sampai 0.99 tidak masuk predikat mana pun"),
        (("from: 70.01", "from: 70.015"), "bands[0].from: paling banyak dua angka di belakang koma"),
        (("lulus: true", "lulus: ya"), "bands[0].lulus: harus true atau false"),
        (("weight: 40,", "weight: -40,"), "components[0].weight: harus angka 0 sampai 100"),
        (("{code: b,", "{code: a,"), "components[1].code: kode 'a' dipakai dua kali"),
        (("jp: 62", "jp: 0"), "phases[3].jp: harus bilangan bulat 1 sampai 2000"),
        (("code: klasikal", "code: kemah"), "phases[3].code: harus salah satu dari"),
        (("  - {code: klasikal, jp: 62, days: 6}\n", ""), "phases: harus memuat keempat fase sekali"),
        (("name: Program uji", "name: Program uji\nbobot: 3"), "bobot: kunci tidak dikenal"),
    ],
)
def test_each_mistake_is_named(change, expected):
    found = problems_of(MINIMAL.replace(*change))
    assert any(line.startswith(expected) for line in found), found


def test_a_sikap_component_needs_instruments_and_instruments_need_rubrics():
    text = MINIMAL.replace("source: evaluasi_mooc", "source: sikap")
    assert "instruments: komponen bersumber 'sikap' memerlukan instrumen sikap perilaku" in problems_of(text)
    broken = text + "instruments:\n  - {code: '3A', name: Kelas, scorers: [tetangga], rubric: 'Tanpa bobot'}\n"
    found = problems_of(broken)
    assert any(line.startswith("instruments[0].scorers: harus daftar berisi widyaiswara") for line in found)
    assert any(line.startswith("instruments[0].rubric: ") for line in found)


def test_broken_yaml_names_its_line():
    found = problems_of("name: x\nphases: [\n")
    assert found and found[0].startswith("baris ") and "YAML tidak valid" in found[0]
    assert problems_of("- satu\n- dua\n") == ["berkas: harus berisi pasangan kunci: nilai"]
