"""Where the components' scores come from: each feature that owns a score registers a source by name, and the
program file's components name them. The program knows no feature; the features plug in here."""

from collections.abc import Callable
from decimal import Decimal

from lms.core.hooks import Hook

# A source answers for many participants at once (one query or a few, whatever the number):
#   source(user_ids: list[int], program: Program) -> dict[int, Decimal | None]  (None or absent: not scored yet)
ComponentSource = Callable[[list[int], object], dict[int, Decimal | None]]

COMPONENT_SOURCES = Hook(
    "program.component_sources", "f() -> dict[str, ComponentSource]: the component sources a feature provides"
)
# The klasikal attendance the pass rule asks for: f(user_ids) -> dict[int, Decimal | None], the percentage of the
# klasikal sessions held that the participant attended (None: no session held yet). Attendance connects it.
KLASIKAL_ATTENDANCE = Hook("program.klasikal_attendance", "f(user_ids) -> dict[int, Decimal | None]")


def component_sources() -> dict[str, ComponentSource]:
    """Every registered source, by name (a name registered twice: the later one wins, which a test would catch)."""
    found: dict[str, ComponentSource] = {}
    for provided in COMPONENT_SOURCES.call():
        found.update(provided)
    return found


def klasikal_attendance(user_ids: list[int]) -> dict[int, Decimal | None]:
    found: dict[int, Decimal | None] = {}
    for answer in KLASIKAL_ATTENDANCE.call(user_ids):
        found.update(answer)
    return found
