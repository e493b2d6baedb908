"""Quiz settings changed in the browser: validated by the import's own rules, written back into
the agenda's `quiz:` block (so an export carries them), audited. Scores are never touched here:
a threshold change after attempts exist waits for an explicit regrade."""

from dataclasses import dataclass
from decimal import Decimal

import yaml
from sqlalchemy import select

from lms.authoring.questions import graded_attempts
from lms.content.front_matter import split_front_matter
from lms.content.models import Agenda
from lms.content.source import files_hash
from lms.core import audit
from lms.core.extensions import db
from lms.quiz.importer import settings_digest, validate_quiz_block
from lms.quiz.models import Quiz

KEYS = (
    "slug",
    "title",
    "pass_threshold",
    "requires_reading",
    "questions_per_attempt",
    "shuffle_questions",
    "shuffle_options",
    "max_attempts",
    "time_limit_minutes",
    "wait_minutes",
    "score_policy",
    "review",
    "anonymous_grading",
)
EDITABLE = KEYS[1:]


class SettingsRefused(Exception):
    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(reason for _key, reason in problems))


@dataclass
class SettingsChange:
    changed: dict  # key -> (old, new)
    graded_attempts: int

    @property
    def needs_regrade_review(self) -> bool:
        return "pass_threshold" in self.changed and self.graded_attempts > 0


class _QuizBlockDumper(yaml.SafeDumper):
    """Lists on one line (`score: [after_attempt, after_pass]`), as content/README.md writes them."""


_QuizBlockDumper.add_representer(
    list, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)
)


def _yaml_number(value):
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value.normalize())


def quiz_block(values: dict) -> dict:
    """The `quiz:` block in the order the shipped agenda.md files use; unset limits left out."""
    block = {}
    for key in KEYS:
        value = values.get(key)
        if value is None or (key == "anonymous_grading" and not value):
            continue  # anonymous_grading written only when on: the other agenda files stay as they are
        block[key] = _yaml_number(value) if key == "pass_threshold" else value
    return block


def current_values(quiz: Quiz) -> dict:
    return {key: getattr(quiz, key) for key in KEYS}


def replace_quiz_block(text: str, block: dict) -> str:
    """agenda.md with only its `quiz:` lines replaced; the title, intro and comments stay as written."""
    lines = text.split("\n")
    closing = next(i for i in range(1, len(lines)) if lines[i] == "---")
    start = next((i for i in range(1, closing) if lines[i].startswith("quiz:")), None)
    dumped = yaml.dump(
        {"quiz": block}, Dumper=_QuizBlockDumper, allow_unicode=True, sort_keys=False, width=10**6
    ).rstrip("\n")
    dumped = dumped.split("\n")
    if start is None:
        return "\n".join(lines[:closing] + dumped + lines[closing:])
    end = start + 1
    while end < closing and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
        end += 1
    return "\n".join(lines[:start] + dumped + lines[end:])


def _agenda_of(quiz: Quiz) -> Agenda | None:
    return db.session.scalar(select(Agenda).where(Agenda.phase_id == quiz.phase_id, Agenda.number == quiz.agenda))


def update_settings(quiz: Quiz, wanted: dict, actor_id: int) -> SettingsChange:
    block = quiz_block({**current_values(quiz), **{k: wanted[k] for k in EDITABLE if k in wanted}})
    values, problems = validate_quiz_block(block)
    if problems:
        raise SettingsRefused(problems)
    agenda = _agenda_of(quiz)
    if agenda is not None:
        text = agenda.source_md or f"---\ntitle: {yaml.safe_dump(agenda.title).strip()}\nagenda: {agenda.number}\n---\n"
        text = replace_quiz_block(text, block)
        # Read back exactly as the import will, so export then import finds nothing changed.
        meta, _body, _line = split_front_matter(text, lambda *_: None)
        values, _problems = validate_quiz_block(meta["quiz"])
        agenda.source_md, agenda.source_hash = text, files_hash({"agenda.md": text.encode()})
    values["agenda"] = quiz.agenda
    changed = {}
    for key in EDITABLE:
        old, new = getattr(quiz, key), values[key]
        if (Decimal(old) != Decimal(new)) if key == "pass_threshold" else old != new:
            changed[key] = (str(old), str(new))
            setattr(quiz, key, new)
    quiz.source_hash = settings_digest(values)
    attempts = graded_attempts(quiz.id)
    if changed:
        audit.record("quiz.settings", "quiz", quiz.id, actor_id=actor_id, changed=changed, graded_attempts=attempts)
    return SettingsChange(changed, attempts)
