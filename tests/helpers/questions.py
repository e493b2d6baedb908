"""A quiz whose bank holds one question of each typed or matched kind (missing word, short answer,
numerical, matching), and reading an attempt's positions by kind from the database."""

from sqlalchemy import select

from lms.core.extensions import db
from lms.quiz.models import AttemptQuestion, Question
from tests.helpers.content import write
from tests.helpers.quiz import quiz_content

TYPED_BANK = """
$CATEGORY: uji

::T-rumpang::Nilai dasar ASN disingkat {~PANCASILA =BerAKHLAK ~KORPRI} sejak 2021.

::T-singkat::Singkatan dari Aparatur Sipil Negara adalah... {
=ASN #Tepat.
=%50%PNS #Sebagian: PNS hanya satu jenis ASN.
}

::T-angka::Berapa JP pembelajaran jarak jauh Latsar? {#
=217 #Tepat.
=%50%200..230 #Hampir.
~#Lihat pedoman Latsar.
}

::T-jodoh::Pasangkan agenda dengan isinya. {
=Agenda I -> Sikap perilaku bela negara
=Agenda II -> Nilai-nilai dasar ASN
=Agenda III -> Kedudukan dan peran ASN
= -> Aktualisasi di tempat kerja
}
"""


def typed_quiz_content(root):
    """quiz_content's quiz and phases, its bank replaced by TYPED_BANK."""
    quiz_content(root)
    write(root / "mooc" / "agenda-1" / "modul-uji" / "questions.gift", TYPED_BANK)
    return root


def positions_by_kind(app, attempt_id) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(
            select(Question.kind, AttemptQuestion.position)
            .join(Question, Question.id == AttemptQuestion.question_id)
            .where(AttemptQuestion.attempt_id == attempt_id)
        ).all()
    return dict(rows)


def matching_values(app, attempt_id, position, right=True) -> list[str]:
    """The select values (choice positions) that pair every subquestion rightly, or every one wrongly."""
    with app.app_context():
        item = db.session.scalar(
            select(AttemptQuestion).where(
                AttemptQuestion.attempt_id == attempt_id, AttemptQuestion.position == position
            )
        )
        by_id = {o.id: o for o in item.question.options}
        shown = []
        for option_id in item.option_order:
            if by_id[option_id].match_text not in shown:
                shown.append(by_id[option_id].match_text)
        stems = [o for o in item.question.options if o.text_md]
        if right:
            return [str(shown.index(stem.match_text) + 1) for stem in stems]
        return [str(next(n for n, text in enumerate(shown, 1) if text != stem.match_text)) for stem in stems]
