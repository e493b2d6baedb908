"""What a phase page shows beside the reading: parts that higher features plug in under each agenda."""

from dataclasses import dataclass, field

from lms.core.hooks import Hook

PHASE_PAGE_PARTS = Hook(
    "content.phase_page_parts",
    "f(phase, user) -> AgendaPart | None: what a feature adds under each agenda's modules on the phase page"
    " (the quiz feature: the agenda's evaluation and the participant's result), in the order connected.",
)


@dataclass(frozen=True)
class AgendaPart:
    """A template partial included under each agenda's module list. It sees `group` (that agenda's
    modules, as lms.content.reading.ModuleSummary) and `part` (this, with its `context`)."""

    template: str
    context: dict = field(default_factory=dict)


def agenda_parts(phase, user) -> list[AgendaPart]:
    return [part for part in PHASE_PAGE_PARTS.call(phase, user) if part is not None]
