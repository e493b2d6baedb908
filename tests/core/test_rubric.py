"""The rubric rule: the text format, its refusals, and the score of chosen levels."""

from decimal import Decimal

import pytest

from lms.core.rubric import Rubric, RubricError, format_rubric, parse_rubric, rubric_score

TEXT = """
# Rubrik analisis kasus
Ketepatan analisis | 40
- 0: Tidak ada analisis
- 2: Analisis sebagian benar
- 4: Analisis tepat dan lengkap
Kejelasan tulisan | 60
- 1: Sulit dipahami
- 3: Jelas dan runtut
"""


@pytest.fixture
def app_context(app):
    with app.test_request_context():
        yield


def test_parse_reads_criteria_weights_and_levels(app_context):
    rubric = parse_rubric(TEXT)
    assert [c.name for c in rubric.criteria] == ["Ketepatan analisis", "Kejelasan tulisan"]
    assert rubric.criteria[0].weight == Decimal(40)
    assert [lv.points for lv in rubric.criteria[0].levels] == [0, 2, 4]
    assert rubric.criteria[1].top == 3


def test_format_and_dict_round_trip(app_context):
    rubric = parse_rubric(TEXT)
    assert parse_rubric(format_rubric(rubric)) == rubric
    assert Rubric.from_dict(rubric.as_dict()) == rubric
    assert format_rubric(rubric).splitlines()[0] == "Ketepatan analisis | 40"


def test_score_is_weighted_share_of_top_points(app_context):
    rubric = parse_rubric(TEXT)
    assert rubric_score(rubric, {0: 4, 1: 3}) == Decimal("100.00")
    assert rubric_score(rubric, {0: 0, 1: 1}) == Decimal("20.00")  # 60 x 1/3 = 20
    assert rubric_score(rubric, {0: "2", 1: "3"}) == Decimal("80.00")  # 40 x 1/2 + 60


@pytest.mark.parametrize(
    "chosen, words",
    [
        ({0: 5, 1: 3}, "bukan level"),  # forged: above the top level
        ({0: 1, 1: 3}, "bukan level"),  # not a level at all
        ({0: 4}, "Pilih level"),
        ({0: 4, 1: 3, 2: 1}, "tidak ada di rubrik"),
        ({0: "x", 1: 3}, "tidak sah"),
    ],
)
def test_score_refuses_levels_the_rubric_does_not_have(app_context, chosen, words):
    with pytest.raises(RubricError) as refused:
        rubric_score(parse_rubric(TEXT), chosen)
    assert words in refused.value.message


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "Rubrik kosong"),
        ("- 1: level tanpa kriteria", "tulis dulu kriteria"),
        ("Analisis | 0\n- 0: a\n- 1: b", "lebih dari 0"),
        ("Analisis | x\n- 0: a\n- 1: b", "harus berupa angka"),
        ("Analisis | 10\n- 1: satu", "dua level"),
        ("Analisis | 10\n- 1: a\n- 1: b", "sudah dipakai"),
        ("Analisis | 10\n- 0: a\n- 0.0: b", "sudah dipakai"),
        ("Analisis | 10\n- 0: a\n- 1: ", "tidak boleh kosong"),
        ("Analisis | 10\n- 0: a\n- 1: b\nanalisis | 5\n- 0: a\n- 1: b", "dua kali"),
        ("Analisis tanpa bobot", "tidak dikenali"),
        ("Analisis | 10\n- 0: a\n- 0.5e9: b", "antara 0 dan 1000"),
    ],
)
def test_parse_names_what_is_wrong(app_context, text, words):
    with pytest.raises(RubricError) as refused:
        parse_rubric(text)
    assert words in refused.value.message
