"""The plug-in point of the aktualisasi pages: what else waits for a coach or a mentor.

The habituation log (entries to confirm) and the report (reports to check) sit above the plan; they add their
waiting items to the same queue page (/aktualisasi/antrean) through QUEUE_SECTIONS instead of the plan
importing them."""

from lms.core.hooks import Hook

QUEUE_SECTIONS = Hook(
    "aktualisasi.queue_sections",
    "f(viewer, as_mentor: bool) -> lms.people.record.Section, a list of them, or None: a part of the coach's or"
    " mentor's queue page (/aktualisasi/antrean), shown after the plans waiting for them, in the order the"
    " features connected. `viewer` is the coach (an instructor) or the mentor reading it.",
)
