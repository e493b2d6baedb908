"""Per-question statistics from graded attempts, to find bad questions: how often each option was
chosen and the share of answers that earned full credit. Three queries for a whole bank."""

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core.extensions import db
from lms.quiz.models import Attempt, AttemptQuestion, Question, QuestionOption

HARD, EASY = 0.3, 0.95  # shares of full credit that deserve a second look


@dataclass
class OptionStat:
    position: int
    text_html: str
    fraction: Decimal
    chosen: int = 0

    def share(self, total: int) -> float:
        return self.chosen / total if total else 0.0


@dataclass
class QuestionStat:
    id: int
    key: str
    version: int
    active: bool
    kind: str
    text_html: str
    options: list[OptionStat] = field(default_factory=list)
    shown: int = 0  # in graded attempts
    blank: int = 0
    right: int = 0  # full credit
    credit_sum: Decimal = Decimal(0)

    @property
    def right_share(self) -> float:
        return self.right / self.shown if self.shown else 0.0

    @property
    def mean_credit(self) -> float:
        return float(self.credit_sum / self.shown) if self.shown else 0.0

    @property
    def flags(self) -> list[str]:
        if not self.shown:
            return []
        found = []
        if self.right_share < HARD:
            found.append(_("sulit: periksa kunci dan kejelasan soal"))
        if self.right_share > EASY:
            found.append(_("sangat mudah"))
        best_wrong = max((o.chosen for o in self.options if o.fraction <= 0), default=0)
        best_right = max((o.chosen for o in self.options if o.fraction > 0), default=0)
        if best_wrong > best_right:
            found.append(_("pilihan salah lebih sering dipilih daripada jawaban benar"))
        if self.kind != "truefalse" and any(o.chosen == 0 and o.fraction <= 0 for o in self.options):
            found.append(_("ada pengecoh yang tidak pernah dipilih"))
        return found


def question_stats(module_id: int) -> list[QuestionStat]:
    """Every version that is active or was answered, active first, in bank order."""
    questions = db.session.scalars(
        select(Question).where(Question.module_id == module_id).order_by(Question.position, Question.version.desc())
    ).all()
    stats = {q.id: QuestionStat(q.id, q.key, q.version, q.active, q.kind, q.text_html) for q in questions}
    if not stats:
        return []
    option_position = {}
    for option in db.session.execute(
        select(
            QuestionOption.id,
            QuestionOption.question_id,
            QuestionOption.position,
            QuestionOption.text_html,
            QuestionOption.fraction,
        )
        .where(QuestionOption.question_id.in_(stats))
        .order_by(QuestionOption.question_id, QuestionOption.position)
    ):
        stats[option.question_id].options.append(
            OptionStat(option.position, option.text_html, Decimal(option.fraction))
        )
        option_position[option.id] = (option.question_id, len(stats[option.question_id].options) - 1)
    for question_id, selected, credit in db.session.execute(
        select(AttemptQuestion.question_id, AttemptQuestion.selected, AttemptQuestion.credit)
        .join(Attempt, Attempt.id == AttemptQuestion.attempt_id)
        .where(AttemptQuestion.question_id.in_(stats), Attempt.status == "graded")
    ):
        stat = stats[question_id]
        stat.shown += 1
        credit = Decimal(credit or 0)
        stat.credit_sum += credit
        stat.right += credit >= 1
        if not selected:
            stat.blank += 1
        for option_id in selected or []:
            owner, index = option_position.get(option_id, (None, None))
            if owner == question_id:
                stat.options[index].chosen += 1
    return [s for s in stats.values() if s.active or s.shown]
