"""The hooks through which higher features add to people's pages: the participant record, the angkatan page
and the angkatan matrix's columns.

People owns these pages but knows nothing above it: phases adds the states and the schedule, quiz the
evaluations, discussion the participation, each connecting a receiver in its own feature.py."""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import render_template
from markupsafe import Markup

from lms.core.hooks import Hook

RECORD_SECTIONS = Hook(
    "people.record_sections",
    "f(person, viewer) -> Section, a list of them, or None: a part of the participant record page"
    " (/orang/peserta/<id>), shown in the order the features connected, between the person and the"
    " management forms. `viewer` is the staff member reading it (coordinators also get forms).",
)
ANGKATAN_SECTIONS = Hook(
    "people.angkatan_sections",
    "f(angkatan, viewer) -> Section, a list of them, or None: a part of the angkatan page"
    " (/orang/angkatan/<id>) shown above its instructors, tutor groups and participants (phases: the schedule).",
)
PARTICIPANT_COLUMNS = Hook(
    "people.participant_columns",
    "f() -> (name, column): an extra per-participant column of an angkatan's matrix; column(angkatan_id)"
    " gives a scalar subquery correlated on User.id, so the matrix stays one query (discussion: posts).",
)


@dataclass(frozen=True)
class Section:
    """One part of a page: its heading, and the template partial rendered with `context` under it."""

    title: str
    template: str
    context: dict = field(default_factory=dict)
    anchor: str = ""  # the id a link may point at (#entri), where a page links to its parts


@dataclass(frozen=True)
class RenderedSection:
    title: str
    html: Markup
    anchor: str = ""


def rendered_sections(hook: Hook, *args) -> list[RenderedSection]:
    """Every receiver's sections, rendered, in the order of connection; a receiver's None is left out."""
    sections: list[Section] = []
    for answer in hook.call(*args):
        if isinstance(answer, Section):
            sections.append(answer)
        elif answer is not None:
            sections.extend(answer)
    # The partials are autoescaped Jinja templates, as is the page that includes their output.
    return [
        RenderedSection(s.title, Markup(render_template(s.template, **s.context)), s.anchor)  # noqa: S704
        for s in sections
    ]


def participant_columns() -> dict[str, Callable]:
    """name -> column(angkatan_id), from every connected feature."""
    return dict(PARTICIPANT_COLUMNS.call())
