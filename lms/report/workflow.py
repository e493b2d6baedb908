"""The report's workflow as one table of allowed transitions (state, action, who, next state), with the names
of its states and what the participant should do next in each: plain values, no database.

Who: 'participant' (the report's owner), 'coach' and 'mentor' (the enrolment's). Coordinators and the penguji
of the seminar aktualisasi read the report; they move nothing."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from lms.report.models import REPORT_STATES


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    actor: str
    next_state: str


TRANSITIONS: tuple[Transition, ...] = tuple(
    Transition(*row)
    for row in (
        ("draft", "submit", "participant", "submitted"),
        ("returned_by_coach", "submit", "participant", "submitted"),
        ("returned_by_mentor", "submit", "participant", "submitted"),
        ("submitted", "return", "coach", "returned_by_coach"),
        ("submitted", "check", "coach", "checked_by_coach"),
        ("checked_by_coach", "return", "mentor", "returned_by_mentor"),
        ("checked_by_coach", "approve", "mentor", "approved_by_mentor"),
    )
)
ACTORS = ("participant", "coach", "mentor", "coordinator", "penguji")
# The participant holds the pen (may edit and refresh from the log) only here.
PEN_STATES = frozenset({"draft", "returned_by_coach", "returned_by_mentor"})
# A version (snapshot of the whole report) is kept at each submission and at the approval.
SNAPSHOT_ACTIONS = frozenset({"submit", "approve"})
# Sending a report back needs at least one comment saying why.
NEEDS_COMMENT = frozenset({"return"})
FINAL_STATE = "approved_by_mentor"

STATE_LABELS = {
    "draft": _l("Draf"),
    "submitted": _l("Diajukan ke coach"),
    "returned_by_coach": _l("Dikembalikan coach"),
    "checked_by_coach": _l("Diperiksa coach, menunggu mentor"),
    "returned_by_mentor": _l("Dikembalikan mentor"),
    "approved_by_mentor": _l("Disetujui mentor"),
}
NEXT_STEPS = {
    "draft": _l("Tulis setiap bagian laporan (simpan per bagian), lalu ajukan ke coach."),
    "submitted": _l("Coach sedang memeriksa laporan Anda. Tunggu tanggapannya; laporan tidak dapat diubah dulu."),
    "returned_by_coach": _l(
        "Coach mengembalikan laporan dengan komentar. Perbaiki bagian yang dikomentari, lalu ajukan lagi."
    ),
    "checked_by_coach": _l("Coach sudah memeriksa laporan Anda. Tunggu persetujuan mentor."),
    "returned_by_mentor": _l("Mentor mengembalikan laporan dengan komentar. Perbaiki, lalu ajukan lagi ke coach."),
    "approved_by_mentor": _l(
        "Mentor menyetujui laporan Anda. Unduh PDF-nya dan siapkan paparan untuk seminar aktualisasi."
    ),
}
ACTION_LABELS = {
    "submit": _l("Ajukan ke coach"),
    "return": _l("Kembalikan untuk diperbaiki"),
    "check": _l("Tandai sudah diperiksa"),
    "approve": _l("Setujui laporan"),
}
assert set(STATE_LABELS) == set(NEXT_STEPS) == set(REPORT_STATES)  # noqa: S101  (the table and the CHECK agree)


class WorkflowError(Exception):
    """A transition refused; `kind` is 'role' (not this person's to do), 'state' (not now) or 'input'."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


def _not_yours() -> WorkflowError:
    return WorkflowError("role", str(_l("Anda tidak berwenang melakukan tindakan itu pada laporan ini.")))


def refuse_role(action: str, actors) -> None:
    """WorkflowError('role') when none of `actors` may ever do `action`, whatever the state."""
    if not any(t.action == action and t.actor in actors for t in TRANSITIONS):
        raise _not_yours()


def next_state(state: str, action: str, actors) -> str:
    """The state after `action` by someone holding `actors`; WorkflowError when not allowed."""
    here = [t for t in TRANSITIONS if t.action == action and t.state == state]
    if not here:
        raise WorkflowError(
            "state",
            str(_l("Tindakan itu tidak berlaku lagi: laporan kini berstatus %(state)s.", state=STATE_LABELS[state])),
        )
    for t in here:
        if t.actor in actors:
            return t.next_state
    raise _not_yours()


def actions_for(state: str, actors) -> list[Transition]:
    """What `actors` may do to a report in `state`, in the table's order."""
    return [t for t in TRANSITIONS if t.state == state and t.actor in actors]


def can_edit(state: str) -> bool:
    return state in PEN_STATES
