"""What the question page shows of one attempt question, whatever its kind: the choices in the attempt's
order, the text typed, or each subquestion with the answer chosen for it."""

from dataclasses import dataclass, field

from lms.quiz.answer_rules import HAND_KINDS, TEXT_KINDS, KeyOption, choices, subquestions
from lms.quiz.models import AttemptQuestion, QuestionOption


@dataclass(frozen=True)
class Stem:
    option: QuestionOption
    chosen: int | None  # 1-based position in the choices shown, None when none is chosen yet


@dataclass(frozen=True)
class AnswerFields:
    options: list[QuestionOption] = field(default_factory=list)  # choice questions, in the attempt's order
    typed: str = ""  # short answer, numerical and essay
    stems: list[Stem] = field(default_factory=list)  # matching
    choices: list[str] = field(default_factory=list)  # matching: the answers offered, each once


def _key(option: QuestionOption) -> KeyOption:
    return KeyOption(option.id, option.text_md or "", option.fraction, option.match_text)


def answer_fields(item: AttemptQuestion, typed: list[str] | None = None) -> AnswerFields:
    """The fields of the page; `typed` (the values a refused request sent) is shown instead of the saved
    answer, so nothing the participant typed is lost."""
    kind, by_id = item.question.kind, {o.id: o for o in item.question.options}
    if kind in TEXT_KINDS + HAND_KINDS:
        shown = typed if typed is not None else (item.selected or [])
        return AnswerFields(typed=str(shown[0]) if shown else "")
    if kind != "matching":
        return AnswerFields(options=[by_id[option_id] for option_id in item.option_order])
    keys = [_key(option) for option in item.question.options]
    offered = choices(keys, item.option_order)
    position_of_text = {choice.match: index for index, choice in enumerate(offered, start=1)}
    stems = subquestions(keys)
    if typed is not None:
        chosen = [int(v) if v.isdigit() and 1 <= int(v) <= len(offered) else None for v in typed]
    else:
        saved = item.selected or []
        chosen = [position_of_text.get(by_id[o].match_text) if o in by_id else None for o in saved]
    chosen += [None] * (len(stems) - len(chosen))
    return AnswerFields(
        stems=[Stem(by_id[stem.id], pick) for stem, pick in zip(stems, chosen, strict=False)],
        choices=[choice.match for choice in offered],
    )
