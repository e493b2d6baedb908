"""What changed between two revisions of a module, part by part, as line diffs (difflib)."""

import difflib
from dataclasses import dataclass, field

from flask_babel import gettext as _

from lms.content.revisions import RevisionContent


@dataclass
class DiffLine:
    kind: str  # "add", "del", "same", "gap"
    text: str


@dataclass
class DiffSection:
    title: str
    status: str  # "added", "removed", "changed"
    lines: list[DiffLine] = field(default_factory=list)
    slug: str | None = None  # the lesson's, for lesson sections


@dataclass
class Comparison:
    sections: list[DiffSection]
    order_before: list[str]
    order_after: list[str]

    @property
    def reordered(self) -> bool:
        common = [s for s in self.order_after if s in self.order_before]
        return common != [s for s in self.order_before if s in self.order_after]

    @property
    def empty(self) -> bool:
        return not self.sections and not self.reordered

    def lessons(self, status: str) -> list[str]:
        return [s.title for s in self.sections if s.slug and s.status == status]


def line_diff(before: str, after: str, context: int = 2) -> list[DiffLine]:
    """A unified diff as lines to show: added, removed, unchanged context, and gaps between hunks."""
    lines = []
    for text in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=context):
        if text.startswith(("---", "+++")):
            continue
        if text.startswith("@@"):
            lines.append(DiffLine("gap", "…"))
        elif text.startswith("+"):
            lines.append(DiffLine("add", text[1:]))
        elif text.startswith("-"):
            lines.append(DiffLine("del", text[1:]))
        else:
            lines.append(DiffLine("same", text[1:]))
    return lines


def _info_text(content: RevisionContent) -> str:
    objectives = "\n".join(f"- {o}" for o in content.objectives)
    return (
        f"{_('Judul')}: {content.title}\nJP: {content.jp}\n{_('Tujuan pembelajaran')}:\n{objectives}\n"
        f"{_('Ringkasan')}: {content.summary}\n{_('Gambar')}: {', '.join(sorted(content.assets)) or '-'}\n\n"
        f"{content.intro}"
    )


def _lesson_text(lesson) -> str:
    return f"{_('Judul')}: {lesson.title}\n{_('Menit')}: {lesson.minutes}\n\n{lesson.body}"


def compare(before: RevisionContent, after: RevisionContent) -> Comparison:
    sections = []
    info = line_diff(_info_text(before), _info_text(after))
    if info:
        sections.append(DiffSection(_("Informasi modul"), "changed", info))
    old = {lesson.slug: lesson for lesson in before.lessons}
    new = {lesson.slug: lesson for lesson in after.lessons}
    for lesson in after.lessons:
        name = _("Pelajaran: %(title)s", title=lesson.title)
        if lesson.slug not in old:
            sections.append(DiffSection(name, "added", line_diff("", _lesson_text(lesson), context=0), lesson.slug))
        else:
            lines = line_diff(_lesson_text(old[lesson.slug]), _lesson_text(lesson))
            if lines:
                sections.append(DiffSection(name, "changed", lines, lesson.slug))
    for lesson in before.lessons:
        if lesson.slug not in new:
            name = _("Pelajaran: %(title)s", title=lesson.title)
            sections.append(DiffSection(name, "removed", line_diff(_lesson_text(lesson), "", context=0), lesson.slug))
    return Comparison(sections, [x.slug for x in before.lessons], [x.slug for x in after.lessons])
