"""Where the final score's components get their numbers: each feature that holds a score (quiz, seminar, sikap
perilaku, ...) offers it here as a source of a named kind, so the program file can name it and the results above
can read it without importing that feature by name."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from lms.core.hooks import Hook


@dataclass(frozen=True)
class ComponentSource:
    """One kind of score source. `keys(tree)` lists the keys the program file may name for it (quiz codes, seminar
    kinds, instrument codes), read from the content tree so `lms check-content` can check a file before import;
    `scores(user_ids, key)` reads every participant's score at once, in a fixed number of queries, None where the
    score is still missing."""

    kind: str
    label: str
    keys: Callable[[object], set[str]]
    scores: Callable[[list[int], str | None], dict[int, Decimal | None]]


COMPONENT_SOURCES = Hook(
    "program.component_sources",
    "f() -> list[ComponentSource]: the score sources a feature offers to the program's final-score components",
)


def component_sources() -> dict[str, ComponentSource]:
    """Every source connected on the current app, by kind; a kind offered twice is a programming error."""
    found: dict[str, ComponentSource] = {}
    for offered in COMPONENT_SOURCES.call():
        for source in offered:
            if source.kind in found:
                raise RuntimeError(f"two features offer the score source {source.kind!r}")
            found[source.kind] = source
    return found
