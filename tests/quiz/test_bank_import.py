"""Question banks and quiz settings through import-content: all or nothing, errors by file:line."""

from sqlalchemy import func, select

from lms.content.importer import import_content
from lms.core.extensions import db
from lms.quiz.models import PhaseRequirement, Question, Quiz
from tests.helpers.content import write
from tests.helpers.quiz import quiz_content

AIKEN = """Prinsip pelayanan yang mengutamakan kemudahan warga disebut...
A. Birokratis
B. Berorientasi pelayanan
C. Sentralistis
ANSWER: B
"""


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_gift_and_aiken_banks_import_and_reimport_changes_nothing(ctx, tmp_path):
    root = quiz_content(tmp_path / "content")
    write(root / "mooc" / "agenda-1" / "modul-uji" / "tambahan.aiken", AIKEN)
    report = import_content(root)
    assert report.problems == []
    db.session.commit()
    quiz = db.session.scalar(select(Quiz))
    assert quiz.pass_threshold == 60 and quiz.max_attempts == 2 and quiz.phase.requires_completion
    assert count(Question) == 6 and count(PhaseRequirement) == 1
    kinds = sorted(db.session.scalars(select(Question.kind)))
    assert kinds == ["multiple", "single", "single", "single", "single", "truefalse"]
    html = db.session.scalar(select(Question.text_html).where(Question.key == "U-01 Satu"))
    assert "<strong>akuntabel</strong>" in html
    again = import_content(root)
    assert not again.changed


def test_an_edited_question_is_a_new_version_and_the_old_one_stays(ctx, tmp_path):
    root = quiz_content(tmp_path / "content")
    import_content(root)
    db.session.commit()
    bank = root / "mooc" / "agenda-1" / "modul-uji" / "questions.gift"
    bank.write_text(bank.read_text().replace("Ibu kota provinsi Banten", "Ibu kota Provinsi Banten"))
    report = import_content(root)
    assert any("1 soal baru/berubah" in note for note in report.notes)
    db.session.commit()
    versions = db.session.execute(
        select(Question.version, Question.active).where(Question.key == "U-03 Tiga").order_by(Question.version)
    ).all()
    assert [tuple(v) for v in versions] == [(1, False), (2, True)]


def test_bank_errors_are_reported_by_line_and_nothing_is_written(ctx, tmp_path):
    root = quiz_content(tmp_path / "content")
    bank = root / "mooc" / "agenda-1" / "modul-uji" / "questions.gift"
    bank.write_text(bank.read_text() + "\n::U-06 Rusak::Soal tanpa jawaban benar {\n~a\n~b\n}\n")
    write(root / "mooc" / "agenda-1" / "modul-uji" / "salah.aiken", "Soal?\nA. x\nB. y\nANSWER: D\n")
    report = import_content(root)
    lines = [str(p) for p in report.problems]
    assert any(line.startswith("mooc/agenda-1/modul-uji/questions.gift:3") for line in lines), lines
    assert any(line.startswith("mooc/agenda-1/modul-uji/salah.aiken:4") for line in lines), lines
    assert count(Quiz) == 0 and count(Question) == 0


def test_quiz_settings_are_validated(ctx, tmp_path):
    root = quiz_content(tmp_path / "content", threshold=130)
    agenda = root / "mooc" / "agenda-1" / "agenda.md"
    agenda.write_text(agenda.read_text().replace("score_policy: highest", "score_policy: rata-rata"))
    phase = root / "mooc" / "phase.md"
    phase.write_text(phase.read_text().replace("quiz: evaluasi-uji", "quiz: evaluasi-hilang"))
    report = import_content(root)
    lines = [str(p) for p in report.problems]
    assert any(line.startswith("mooc/agenda-1/agenda.md:") and "pass_threshold" in line for line in lines), lines
    assert any("score_policy" in line for line in lines)
    assert any(line.startswith("mooc/phase.md:") and "evaluasi-hilang" in line for line in lines)
    assert count(Quiz) == 0
