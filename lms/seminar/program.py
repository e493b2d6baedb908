"""The program's seminar rubrics, read from content/aktualisasi/seminar-<kind>.md: the rubric (lms.core.rubric's
text format) and, in the front matter, who scores. Issue #18 moves them into the program file; `load_rubric`
is the one function that reads them, so only it changes then."""

import re
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from lms.content.front_matter import key_line, split_front_matter
from lms.content.source import ContentTree, Problem
from lms.core.rubric import Rubric, RubricError, parse_rubric
from lms.people.models import SEMINAR_KINDS
from lms.seminar.models import SCORER_ROLES

RUBRIC_FILES = {kind: f"aktualisasi/seminar-{kind}.md" for kind in SEMINAR_KINDS}


@dataclass(frozen=True)
class SeminarRubric:
    rubric: Rubric
    scorers: tuple[str, ...]


class ProgramError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def parse_seminar_rubric(text: str) -> SeminarRubric:
    """A rubric file's rubric and scorers; ProgramError(line, message) at the first thing wrong."""
    problems: list[tuple[int, str]] = []
    meta, body, _line = split_front_matter(text, lambda line, reason: problems.append((line, reason)))
    if meta is None:
        raise ProgramError(*(problems[0] if problems else (1, "front matter tidak terbaca")))
    scorers = meta.get("scorers", ["penguji"])
    if (
        not isinstance(scorers, list)
        or "penguji" not in scorers
        or any(s not in SCORER_ROLES for s in scorers)
        or len(set(scorers)) != len(scorers)
    ):
        raise ProgramError(
            key_line(text, "scorers"),
            "'scorers' harus daftar berisi penguji dan boleh ditambah coach dan/atau mentor, misalnya"
            " [penguji, coach, mentor]",
        )
    try:
        # Blank lines for the front matter: parse_rubric's "Baris N" is then the file's line N.
        before = text[: len(text) - len(body)].count("\n")
        rubric = parse_rubric("\n" * before + body)
    except RubricError as error:
        line = re.match(r"^[^\d:]*(\d+)[^:]*:", error.message)  # "Baris 4: ..." (a whole-rubric error has none)
        body_line = before + 1
        raise ProgramError(int(line[1]) if line else body_line, error.message) from None
    return SeminarRubric(rubric, tuple(s for s in SCORER_ROLES if s in scorers))


def load_rubric(kind: str, content_dir: Path | None = None) -> SeminarRubric:
    """The program's rubric for a seminar of `kind`: the one place that reads it (ProgramError when wrong)."""
    root = Path(content_dir or current_app.config["LMS_CONTENT_DIR"])
    path = root / RUBRIC_FILES[kind]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise ProgramError(1, f"berkas rubrik seminar {RUBRIC_FILES[kind]} tidak dapat dibaca") from None
    return parse_seminar_rubric(text)


def check_rubric_files(tree: ContentTree, _phases) -> list[Problem]:
    """lms.content.importer.CHECK_IMPORT: `lms check-content` and the import refuse a broken seminar rubric.
    A content folder without them (a test's, a partial one) has none to check; scheduling then says so."""
    if tree.root is None:
        return []
    problems = []
    for kind, name in RUBRIC_FILES.items():
        if not (tree.root / name).is_file():
            continue
        try:
            load_rubric(kind, tree.root)
        except ProgramError as error:
            problems.append(Problem(name, error.line, error.message))
    return problems
