"""What a participant sees of a graded attempt, and when: review options per quiz, as Moodle has them.

Each item (the score, right/wrong per question, the correct option, the feedback) is shown at the
moments an instructor ticks: right after each attempt, once the participant has passed the quiz,
once no attempt is left, once the phase is closed. Moodle keeps one bitmask per item over its
moments (mod/quiz/classes/question/display_options.php); so do we, one integer column per item.
"""

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from lms.core.rubric import Rubric
from lms.quiz.answer_rules import HAND_KINDS, TEXT_KINDS, AnswerInvalid, KeyOption, matching_answer, subquestions

MOMENTS = ("after_attempt", "after_pass", "after_last", "after_close")
ITEMS = ("score", "correctness", "correct_option", "feedback")
MOMENT_LABELS = {
    "after_attempt": _l("Setelah setiap percobaan"),
    "after_pass": _l("Setelah lulus"),
    "after_last": _l("Setelah kesempatan terakhir"),
    "after_close": _l("Setelah fase ditutup"),
}
ITEM_LABELS = {
    "score": _l("Nilai"),
    "correctness": _l("Benar/salah tiap soal"),
    "correct_option": _l("Jawaban yang benar"),
    "feedback": _l("Umpan balik"),
}
BIT = {moment: 1 << index for index, moment in enumerate(MOMENTS)}
ALWAYS = tuple(MOMENTS)
KEY_REVEALED = ("after_pass", "after_last", "after_close")

# A required evaluation: while attempts remain, the score and right/wrong per question, so a retry
# tests understanding rather than memory of the key; the key and the feedback once it no longer can.
DEFAULT = {"score": ALWAYS, "correctness": ALWAYS, "correct_option": KEY_REVEALED, "feedback": KEY_REVEALED}

# The single `review:` mode of earlier content files and database rows, read as what it showed:
# the score always, the whole review (right/wrong, key and feedback) at that one moment or never.
LEGACY = {
    "never": {"score": ALWAYS, "correctness": (), "correct_option": (), "feedback": ()},
    "after_attempt": {item: ALWAYS for item in ITEMS},
    **{
        mode: {"score": ALWAYS, "correctness": (mode,), "correct_option": (mode,), "feedback": (mode,)}
        for mode in ("after_pass", "after_close")
    },
}


def to_mask(moments) -> int:
    return sum(BIT[moment] for moment in set(moments))


def from_mask(mask: int) -> list[str]:
    return [moment for moment in MOMENTS if mask & BIT[moment]]


DEFAULT_MASKS = {item: to_mask(moments) for item, moments in DEFAULT.items()}


def canonical(review: dict) -> dict[str, list[str]]:
    """Every item with its moments in MOMENTS order: the form compared, stored, hashed and exported."""
    return {item: from_mask(to_mask(review.get(item, DEFAULT[item]))) for item in ITEMS}


def parse_review(value) -> tuple[dict[str, list[str]] | None, str | None]:
    """A `review:` value of a quiz block: (canonical review, None) or (None, reason)."""
    if value is None:
        return canonical(DEFAULT), None
    if isinstance(value, str) and value in LEGACY:
        return canonical(LEGACY[value]), None
    reason = (
        f"'review' harus berisi {', '.join(ITEMS)}, masing-masing daftar saat ditampilkan "
        f"(boleh kosong): {', '.join(MOMENTS)}"
    )
    if not isinstance(value, dict) or not set(value) <= set(ITEMS):
        return None, reason
    for moments in value.values():
        if not isinstance(moments, list) or not all(isinstance(m, str) and m in BIT for m in moments):
            return None, reason
    return canonical(value), None


def moments_reached(*, quiz_passed: bool, attempts_exhausted: bool, phase_closed: bool, attempt_open: bool) -> set:
    """The moments a participant viewing one of their graded attempts has reached.

    While another attempt is open none of the later moments count: a key shown in one tab must
    never sit beside an attempt being answered in another."""
    reached = {"after_attempt"}
    if attempt_open:
        return reached
    if quiz_passed:
        reached.add("after_pass")
    if attempts_exhausted:
        reached.add("after_last")
    if phase_closed:
        reached.add("after_close")
    return reached


@dataclass(frozen=True)
class Shown:
    score: bool
    correctness: bool
    correct_option: bool
    feedback: bool

    @property
    def questions(self) -> bool:
        return self.correctness or self.correct_option or self.feedback


def shown(masks: dict[str, int], reached: set) -> Shown:
    """Which items are shown, from the quiz's masks (item -> bitmask) and the moments reached."""
    return Shown(**{item: bool(masks[item] & to_mask(reached)) for item in ITEMS})


@dataclass(frozen=True)
class ReviewOption:
    text_html: str
    chosen: bool
    right: bool | None  # None: the correct option is not shown
    feedback_html: str  # "" when feedback is not shown (or there is none)


@dataclass(frozen=True)
class ReviewPair:
    """A matching subquestion in the review."""

    stem_html: str
    chosen: str | None  # the answer the participant chose
    right: bool | None  # None: correctness not shown
    answer: str | None  # the right answer; None when the correct option is not shown


@dataclass(frozen=True)
class ReviewLevel:
    """An essay's rubric criterion in the review: the level its grader chose."""

    criterion: str
    points: str
    top: str
    descriptor: str


@dataclass(frozen=True)
class ReviewQuestion:
    text_html: str
    options: list[ReviewOption]  # typed answers: the accepted answers, when the correct option is shown
    correctness: str | None  # "right", "partial", "wrong"; None when not shown
    credit: Decimal | None  # None when the score is not shown
    typed: str | None = None  # short answer and numerical: what the participant typed ("" if nothing)
    feedback_html: str = ""  # typed answers: the feedback of the answer it matched
    pairs: tuple[ReviewPair, ...] = ()  # matching
    levels: tuple[ReviewLevel, ...] = ()  # essay: the level per criterion, when the score is shown
    grader_feedback: str = ""  # essay: the grader's words (plain text), when feedback is shown


def correctness_of(credit: Decimal | None) -> str:
    if credit is not None and credit >= 1:
        return "right"
    return "partial" if credit else "wrong"


def review_questions(items, show: Shown) -> list[ReviewQuestion]:
    """The review of an attempt's questions holding only what `show` allows, so a hidden answer key
    or feedback never reaches the page (hiding it with CSS would still send it)."""
    if not show.questions:
        return []
    out = []
    for item in items:
        if item.question.kind in HAND_KINDS:
            out.append(_essay_review(item, show))
            continue
        if item.question.kind in TEXT_KINDS + ("matching",):
            out.append(_typed_review(item, show))
            continue
        by_id = {option.id: option for option in item.question.options}
        options = []
        for option_id in item.option_order:
            option = by_id[option_id]
            chosen, right = option_id in item.selected, option.fraction > 0
            # Feedback of an option not chosen would tell whether it is right, so it needs the key too.
            feedback = show.feedback and (chosen or (right and show.correct_option))
            options.append(
                ReviewOption(
                    option.text_html,
                    chosen,
                    right if show.correct_option else None,
                    option.feedback_html if feedback else "",
                )
            )
        out.append(
            ReviewQuestion(
                item.question.text_html,
                options,
                correctness_of(item.credit) if show.correctness else None,
                item.credit if show.score else None,
            )
        )
    return out


def _typed_review(item, show: Shown) -> ReviewQuestion:
    """The review of a short answer, numerical or matching question, holding only what `show` allows."""
    question, selected = item.question, item.selected or []
    keys = [KeyOption(o.id, o.text_md or "", o.fraction, o.match_text) for o in question.options]
    correctness = correctness_of(item.credit) if show.correctness else None
    credit = item.credit if show.score else None
    if question.kind == "matching":
        by_id = {option.id: option for option in question.options}
        pairs = []
        for stem, chosen in zip(subquestions(keys), [*selected, *[None] * len(keys)], strict=False):
            picked = by_id[chosen].match_text if chosen in by_id else None
            pairs.append(
                ReviewPair(
                    by_id[stem.id].text_html,
                    picked,
                    (picked == stem.match) if show.correctness else None,
                    stem.match if show.correct_option else None,
                )
            )
        return ReviewQuestion(question.text_html, [], correctness, credit, pairs=tuple(pairs))
    typed = str(selected[0]) if selected else ""
    try:
        matched = matching_answer(question.kind, keys, typed) if typed else None
    except AnswerInvalid:
        matched = None
    by_id = {option.id: option for option in question.options}
    feedback = by_id[matched.id].feedback_html if matched and show.feedback else ""
    accepted = [
        ReviewOption(by_id[key.id].text_html, matched is not None and key.id == matched.id, True, "")
        for key in keys
        if key.fraction > 0 and show.correct_option
    ]
    return ReviewQuestion(question.text_html, accepted, correctness, credit, typed=typed, feedback_html=feedback)


def _plain(value) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def _essay_review(item, show: Shown) -> ReviewQuestion:
    """An essay in the review: the answer as written; the level per criterion with the score, the grader's
    feedback with the feedback."""
    question, grade = item.question, item.essay_grade
    typed = str(item.selected[0]) if item.selected else ""
    levels: tuple[ReviewLevel, ...] = ()
    if grade is not None and show.score and question.rubric:
        rubric = Rubric.from_dict(question.rubric)
        chosen = []
        for criterion, points in zip(rubric.criteria, grade.levels, strict=False):
            level = next((lv for lv in criterion.levels if lv.points == Decimal(points)), None)
            chosen.append(
                ReviewLevel(
                    criterion.name, _plain(Decimal(points)), _plain(criterion.top), level.descriptor if level else ""
                )
            )
        levels = tuple(chosen)
    return ReviewQuestion(
        question.text_html,
        [],
        correctness_of(item.credit) if show.correctness and item.credit is not None else None,
        item.credit if show.score else None,
        typed=typed,
        levels=levels,
        grader_feedback=grade.feedback if grade is not None and show.feedback else "",
    )
