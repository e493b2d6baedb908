"""Item-writing checks, each on small banks, and check-content printing them as warnings."""

import pytest

from lms.quiz.gift import parse_gift
from lms.quiz.item_checks import (
    LONGEST_KEY_LIMIT,
    catch_all_options,
    check_bank,
    feedback_verdicts,
    key_is_longest,
    key_length_outliers,
    key_positions,
    longest_key_share,
    negative_stems,
)


def bank(text: str):
    questions, problems = parse_gift(text)
    assert problems == []
    return questions


def single(key: str, options: list[str], right: int, stem: str = "Pilih satu.", feedback=("", "")) -> str:
    """A single-choice question in GIFT; options[right] is the key."""
    lines = [f"::{key}::{stem} {{"]
    for index, text in enumerate(options):
        sign, note = ("=", feedback[0]) if index == right else ("~", feedback[1])
        lines.append(f"{sign}{text}" + (f" #{note}" if note else ""))
    return "\n".join([*lines, "}"])


def many(specs) -> str:
    return "\n\n".join(single(f"Q{number:02d}", options, right) for number, (options, right) in enumerate(specs, 1))


SHORT = ["satu", "dua", "tiga", "empat"]


def with_longest_key(right: int) -> list[str]:
    options = list(SHORT)
    options[right] = "jawaban yang jauh lebih panjang"
    return options


def with_longest_distractor(right: int) -> list[str]:
    options = list(SHORT)
    options[(right + 1) % 4] = "pengecoh yang jauh lebih panjang"
    return options


def test_key_is_longest_needs_strictly_longer():
    tie = bank(single("T", ["abcd", "wxyz", "ab", "a"], 0))[0]
    longer = bank(single("L", ["abcde", "wxyz", "ab", "a"], 0))[0]
    assert not key_is_longest(tie)
    assert key_is_longest(longer)


def test_longest_key_share_warns_above_the_limit_and_names_questions():
    # 5 of 12 = 42% > 35%
    specs = [(with_longest_key(i % 4), i % 4) for i in range(5)] + [
        (with_longest_distractor(i % 4), i % 4) for i in range(7)
    ]
    findings = longest_key_share(bank(many(specs)))
    assert len(findings) == 1
    assert findings[0].key is None and findings[0].line == 1
    assert "5 dari 12" in findings[0].message and "42%" in findings[0].message
    assert "Q01" in findings[0].message
    assert "bukan panjang" in findings[0].message  # shuffling hides position, not length


def test_longest_key_share_quiet_at_or_below_the_limit():
    # 4 of 12 = 33% <= 35%
    specs = [(with_longest_key(i % 4), i % 4) for i in range(4)] + [
        (with_longest_distractor(i % 4), i % 4) for i in range(8)
    ]
    assert 4 / 12 <= LONGEST_KEY_LIMIT
    assert longest_key_share(bank(many(specs))) == []


def test_longest_key_share_ignores_tiny_banks_and_other_kinds():
    tiny = many([(with_longest_key(0), 0)] * 3)
    assert longest_key_share(bank(tiny)) == []
    truefalse = "\n\n".join(f"::TF{i}::Pernyataan {i}. {{T}}" for i in range(10))
    assert longest_key_share(bank(truefalse)) == []


def test_key_positions_warns_when_one_position_dominates_and_one_is_unused():
    specs = [(SHORT, 0)] * 9 + [(SHORT, 1), (SHORT, 2), (SHORT, 1)]
    messages = [f.message for f in key_positions(bank(many(specs)))]
    assert len(messages) == 2
    assert "posisi A pada 9 dari 12" in messages[0] and "A 9, B 2, C 1, D 0" in messages[0]
    assert "tidak pernah berada di posisi D" in messages[1]


def test_key_positions_quiet_for_an_even_spread():
    specs = [(SHORT, i % 4) for i in range(12)]
    assert key_positions(bank(many(specs))) == []


def test_key_positions_allows_up_to_forty_percent_with_four_options():
    specs = [(SHORT, 0)] * 4 + [(SHORT, 1)] * 3 + [(SHORT, 2)] * 3 + [(SHORT, 3)] * 2  # A = 33%
    assert key_positions(bank(many(specs))) == []
    specs = [(SHORT, 0)] * 5 + [(SHORT, 1)] * 3 + [(SHORT, 2)] * 2 + [(SHORT, 3)] * 2  # A = 42%
    assert len(key_positions(bank(many(specs)))) == 1


@pytest.mark.parametrize(
    "option",
    [
        "Semua benar",
        "semua jawaban benar",
        "Semua jawaban di atas benar.",
        "Semua salah",
        "Tidak ada yang benar",
        "tidak ada jawaban yang benar",
        "A dan B benar",
        "a, b, dan c benar",
        "All of the above",
        "None of the above",
    ],
)
def test_catch_all_options_are_found(option):
    questions = bank(single("Q", ["satu", "dua", "tiga", option], 0))
    findings = catch_all_options(questions)
    assert [(f.key, f.line) for f in findings] == [("Q", 1)]
    assert option in findings[0].message


@pytest.mark.parametrize(
    "option", ["Semua pegawai wajib hadir", "Tidak ada biaya tambahan", "Data A dan B dicocokkan dulu"]
)
def test_statements_that_merely_start_alike_are_not_catch_alls(option):
    assert catch_all_options(bank(single("Q", ["satu", "dua", "tiga", option], 0))) == []


def test_key_length_outlier():
    outlier = single("Q", ["jawaban benar yang sangat panjang sekali", "satu", "dua", "tiga"], 0)
    assert [f.key for f in key_length_outliers(bank(outlier))] == ["Q"]
    fine = single("Q", ["jawaban benar", "pengecoh satu", "pengecoh dua", "pengecoh tiga"], 0)
    assert key_length_outliers(bank(fine)) == []


def test_negative_stem_without_emphasis():
    plain = single("Q", SHORT, 0, stem="Berikut ini asas pelayanan publik, kecuali ...")
    bold = single("Q", SHORT, 0, stem="Berikut ini asas pelayanan publik, **kecuali** ...")
    asks = single("Q", SHORT, 0, stem="Manakah tindakan yang tidak sesuai dengan kode etik?")
    capital = single("Q", SHORT, 0, stem="Manakah tindakan yang TIDAK sesuai dengan kode etik?")
    assert [f.key for f in negative_stems(bank(plain))] == ["Q"]
    assert [f.key for f in negative_stems(bank(asks))] == ["Q"]
    assert negative_stems(bank(bold)) == []
    assert negative_stems(bank(capital)) == []


def test_negative_words_in_the_scenario_are_not_a_negative_stem():
    stem = "Seorang petugas meminta berkas yang tidak tercantum dalam standar. Penilaian yang tepat adalah ..."
    assert negative_stems(bank(single("Q", SHORT, 0, stem=stem))) == []


def test_feedback_that_says_both_or_contradicts_the_credit():
    both = bank("::TF::Konflik merugikan. {FALSE#Kurang tepat. Ada konflik fungsional.#Benar, pernyataan ini salah.}")
    assert len(feedback_verdicts(both)) == 1
    assert "Benar, pernyataan ini salah" in feedback_verdicts(both)[0].message
    reversed_ = bank(single("Q", SHORT, 0, feedback=("Kurang tepat. Alasan.", "Tepat. Alasan.")))
    assert len(feedback_verdicts(reversed_)) == 4  # the key and each of the three distractors


def test_feedback_in_house_style_passes():
    house = bank(single("Q", SHORT, 1, feedback=("Tepat. Karena begitu.", "Kurang tepat. Karena lain.")))
    statement = bank("::TF::Konflik selalu merugikan. {FALSE#Pernyataan ini keliru. Alasan.#Tepat. Alasan.}")
    assert feedback_verdicts(house) == []
    assert feedback_verdicts(statement) == []
    assert feedback_verdicts(bank(single("Q", SHORT, 0))) == []  # no feedback at all


def test_check_bank_collects_every_check_in_file_order():
    text = many([(SHORT, 0)] * 8) + "\n\n" + single("Z", ["satu", "dua", "tiga", "Semua benar"], 0)
    findings = check_bank(bank(text))
    assert findings[0].key is None  # the bank-level position finding comes first
    assert findings[-1].key == "Z"


def test_check_content_prints_item_warnings_and_still_succeeds(app, runner, tmp_path):
    from tests.helpers.content import write
    from tests.helpers.quiz import quiz_content

    root = quiz_content(tmp_path / "content")
    cued = "\n\n".join(single(f"K-{n:02d}", with_longest_key(0), 0) for n in range(1, 8))
    write(root / "mooc" / "agenda-1" / "modul-uji" / "lagi.gift", cued)
    result = runner.invoke(args=["lms", "check-content", str(root)])
    assert result.exit_code == 0, result.output
    # One bank per module: the 7 new questions and the 3 of questions.gift (where U-01's key is longest too).
    assert "mooc/agenda-1/modul-uji/lagi.gift:1: peringatan: Pada 8 dari 10 soal pilihan tunggal" in result.output
    assert "peringatan: Jawaban benar berada di posisi A pada 10 dari 10 soal" in result.output
    assert "OK: 1 modul" in result.output and "peringatan penulisan soal" in result.output


def test_check_content_without_cues_prints_no_warning(app, runner, tmp_path):
    from tests.helpers.content import write
    from tests.helpers.quiz import quiz_content

    root = quiz_content(tmp_path / "content")
    clean = "\n\n".join(single(f"K-{n:02d}", with_longest_distractor(n % 4), n % 4) for n in range(8))
    write(root / "mooc" / "agenda-1" / "modul-uji" / "questions.gift", clean)
    result = runner.invoke(args=["lms", "check-content", str(root)])
    assert result.exit_code == 0 and "peringatan" not in result.output, result.output
