"""Essay questions in GIFT: `{}` read as Moodle's essay, its rubric written as the general feedback (####) and
parsed by lms.core.rubric, refused by the file's line; written back by the exporter as it was read."""

import pytest

from lms.authoring.gift_writer import question_gift
from lms.core.rubric import Rubric, rubric_score
from lms.quiz.gift import parse_gift
from lms.quiz.importer import question_hash

ESSAY = """// bank
::kasus::Analisis **kasus** ini. {
####Analisis nilai | 60
- 0: Tidak ada analisis
- 4: Tepat \\{dan\\} lengkap
// a comment line inside is skipped, as everywhere in GIFT
Kejelasan | 40
- 1: Sulit dipahami
- 3: Jelas
}
"""


def test_an_essay_with_its_rubric(app):
    with app.app_context():
        (question,), problems = parse_gift(ESSAY)
    assert problems == []
    assert (question.key, question.kind, question.options, question.line) == ("kasus", "essay", (), 2)
    rubric = Rubric.from_dict(question.rubric)
    assert [(c.name, str(c.weight), [lv.descriptor for lv in c.levels]) for c in rubric.criteria] == [
        ("Analisis nilai", "60", ["Tidak ada analisis", "Tepat {dan} lengkap"]),
        ("Kejelasan", "40", ["Sulit dipahami", "Jelas"]),
    ]
    assert str(rubric_score(rubric, {0: "4", 1: "1"})) == "73.33"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "::E::Esai tanpa rubrik.\n{}",
            2,
            "soal esai perlu rubrik penilaian sebagai umpan balik umum, satu baris per kriteria atau level: "
            "{####Kriteria | bobot, lalu - poin: deskripsi}",
        ),
        ("::E::Esai {\n####A | 50\n- 0: nol\n- x: salah\n}", 4, "rubrik: Baris 4: poin level harus berupa angka."),
        ("::E::Esai {\n####A | 50\n- 1: satu\n}", 2, "rubrik: Kriteria 'A' perlu sedikitnya dua level."),
        ("::E::Esai {\n####A | 0\n- 0: nol\n- 1: satu\n}", 2, "rubrik: Baris 2: bobot kriteria harus lebih dari 0."),
        (
            "::E::Esai {\n####A | 50\n- 0: nol\n- 1: satu\nB | 50\n- 0: nol\n- 0: juga nol\n}",
            7,
            "rubrik: Baris 7: poin 0 sudah dipakai level lain.",
        ),
        ("::E::Esai {} setelahnya", 1, None),  # text after an essay's block: not a missing word
        ("::S::Soal {=a ~b ####umum}", 1, "umpan balik umum (####) hanya untuk rubrik soal esai"),
    ],
)
def test_essay_refusals_name_the_file_line(app, text, line, message):
    with app.app_context():
        questions, problems = parse_gift(text)
    assert questions == []
    assert [p.line for p in problems] == [line]
    if message:
        assert problems[0].message == message


def test_an_essay_is_exported_as_it_reads(app):
    with app.app_context():
        (question,), _ = parse_gift(ESSAY)
        written = question_gift(question)
        (again,), problems = parse_gift(written)
    assert problems == [] and question_hash(again) == question_hash(question)
    assert written.startswith("::kasus::Analisis **kasus** ini. {\n####Analisis nilai | 60\n- 0: Tidak ada analisis")
