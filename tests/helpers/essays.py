"""A quiz whose bank holds the typed kinds and one essay with its rubric, and the requests that answer the
essay and grade it."""

from sqlalchemy import select

from lms.core.extensions import db
from lms.quiz.models import AttemptQuestion, Question
from tests.helpers.content import write
from tests.helpers.questions import TYPED_BANK, matching_values, positions_by_kind
from tests.helpers.quiz import quiz_content, save, submit
from tests.helpers.web import csrf_token

ESSAY_BANK = (
    TYPED_BANK
    + """
::T-kasus::Seorang kerabat atasan meminta berkasnya didahulukan. Apa yang Anda lakukan? {
####Analisis nilai | 60
- 0: Tidak ada analisis
- 2: Sebagian tepat
- 4: Tepat dan lengkap
Kejelasan tulisan | 40
- 1: Sulit dipahami
- 3: Jelas dan runtut
}
"""
)
ESSAY_TEXT = "Saya menolak dengan santun.\nBerkas diproses sesuai antrean (Akuntabel)."


def essay_quiz_content(root, anonymous: bool = False):
    """quiz_content's quiz (all review items after each attempt), its bank replaced by ESSAY_BANK."""
    quiz_content(root)
    write(root / "mooc" / "agenda-1" / "modul-uji" / "questions.gift", ESSAY_BANK)
    if anonymous:
        agenda = root / "mooc" / "agenda-1" / "agenda.md"
        agenda.write_text(agenda.read_text().replace("  score_policy:", "  anonymous_grading: true\n  score_policy:"))
    return root


def answer_everything(client, app, attempt_id, essay: str | None = ESSAY_TEXT) -> dict[str, int]:
    """Every typed and matched question answered rightly, and the essay (when given); positions by kind."""
    at = positions_by_kind(app, attempt_id)
    with app.app_context():
        item = db.session.scalar(
            select(AttemptQuestion).where(
                AttemptQuestion.attempt_id == attempt_id, AttemptQuestion.position == at["missingword"]
            )
        )
        right = next(o.id for o in item.question.options if o.fraction == 1)
        choice = str(item.option_order.index(right) + 1)
    answers = {
        "missingword": [choice],
        "shortanswer": ["asn"],
        "numerical": ["217"],
        "matching": matching_values(app, attempt_id, at["matching"]),
    }
    if essay is not None:
        answers["essay"] = [essay]
    for kind, values in answers.items():
        assert save(client, app, attempt_id, at[kind], values).status_code == 200, kind
    return at


def essay_item_id(app, attempt_id) -> int:
    with app.app_context():
        return db.session.scalar(
            select(AttemptQuestion.id)
            .join(Question, Question.id == AttemptQuestion.question_id)
            .where(AttemptQuestion.attempt_id == attempt_id, Question.kind == "essay")
        )


def submit_with_essay(client, app, attempt_id) -> int:
    """Answer everything, submit; the essay's AttemptQuestion id."""
    answer_everything(client, app, attempt_id)
    assert submit(client, attempt_id).status_code == 302
    return essay_item_id(app, attempt_id)


def grade(client, item_id, levels=("4", "3"), feedback="Analisis tepat.", reason=None, **extra):
    data = {"csrf_token": csrf_token(client, "/"), "feedback": feedback, **extra}
    data.update({f"kriteria-{i}": level for i, level in enumerate(levels)})
    if reason is not None:  # a change of the grade shown (the form's hidden "ubah")
        data.update(reason=reason, ubah="1")
    return client.post(f"/penilaian-esai/{item_id}", data=data)
