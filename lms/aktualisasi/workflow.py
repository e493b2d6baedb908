"""The plan's workflow as one table of allowed transitions (state, action, who, next state), with the names
of its states and what the participant should do next in each: plain values, no database.

Who: 'participant' (the plan's owner), 'coach' and 'mentor' (the enrolment's), 'coordinator' (of the
angkatan's lembaga, or an admin) and 'penguji' (assigned to the participant's seminar rancangan)."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from lms.aktualisasi.models import PLAN_STATES


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
        ("submitted", "accept", "coach", "accepted_by_coach"),
        ("accepted_by_coach", "return", "mentor", "returned_by_mentor"),
        ("accepted_by_coach", "approve", "mentor", "approved_by_mentor"),
        # The seminar rancangan: its pages come with the seminars; the transitions are here already.
        ("approved_by_mentor", "schedule_seminar", "coordinator", "seminar_scheduled"),
        # Taken out of the seminar by the coordinator (lms.seminar) before it was scored.
        ("seminar_scheduled", "unschedule_seminar", "coordinator", "approved_by_mentor"),
        ("seminar_scheduled", "score", "penguji", "scored"),
        ("scored", "ask_revisions", "penguji", "revisions_asked"),
        ("scored", "approve_plan", "penguji", "approved"),
        ("revisions_asked", "submit_revision", "participant", "revision_submitted"),
        ("revision_submitted", "ask_revisions", "penguji", "revisions_asked"),
        ("revision_submitted", "approve_plan", "penguji", "approved"),
    )
)
ACTORS = ("participant", "coach", "mentor", "coordinator", "penguji")
# Done only by the seminar pages (lms.seminar): scheduling keeps the seminar's participants in step, and "scored"
# comes from the rubric scores of every scorer. No plan-page button, and the plan page refuses them (403).
SEMINAR_ONLY_ACTIONS = frozenset({"schedule_seminar", "unschedule_seminar", "score"})
# The participant holds the pen (may edit) only here.
PEN_STATES = frozenset({"draft", "returned_by_coach", "returned_by_mentor", "revisions_asked"})
# A version (snapshot of the whole plan) is kept at each submission and each approval.
SNAPSHOT_ACTIONS = frozenset({"submit", "submit_revision", "approve", "approve_plan"})
# Sending a plan back needs at least one comment saying why.
NEEDS_COMMENT = frozenset({"return", "ask_revisions"})

STATE_LABELS = {
    "draft": _l("Draf"),
    "submitted": _l("Diajukan ke coach"),
    "returned_by_coach": _l("Dikembalikan coach"),
    "accepted_by_coach": _l("Diterima coach, menunggu mentor"),
    "returned_by_mentor": _l("Dikembalikan mentor"),
    "approved_by_mentor": _l("Disetujui mentor"),
    "seminar_scheduled": _l("Seminar rancangan dijadwalkan"),
    "scored": _l("Seminar rancangan dinilai"),
    "revisions_asked": _l("Perlu revisi dari seminar"),
    "revision_submitted": _l("Revisi diajukan ke penguji"),
    "approved": _l("Rancangan disahkan"),
}
NEXT_STEPS = {
    "draft": _l("Lengkapi setiap bagian rancangan (simpan per bagian), lalu ajukan ke coach."),
    "submitted": _l("Coach sedang meninjau rancangan Anda. Tunggu tanggapannya; rancangan tidak dapat diubah dulu."),
    "returned_by_coach": _l(
        "Coach mengembalikan rancangan dengan komentar. Perbaiki bagian yang dikomentari, lalu ajukan lagi."
    ),
    "accepted_by_coach": _l("Coach menerima rancangan Anda. Tunggu persetujuan mentor."),
    "returned_by_mentor": _l("Mentor mengembalikan rancangan dengan komentar. Perbaiki, lalu ajukan lagi ke coach."),
    "approved_by_mentor": _l("Mentor menyetujui rancangan Anda. Penyelenggara akan menjadwalkan seminar rancangan."),
    "seminar_scheduled": _l("Seminar rancangan Anda sudah dijadwalkan. Siapkan paparan rancangan Anda."),
    "scored": _l("Seminar rancangan sudah dinilai. Tunggu keputusan penguji."),
    "revisions_asked": _l("Penguji meminta revisi. Perbaiki rancangan sesuai catatan, lalu ajukan revisinya."),
    "revision_submitted": _l("Revisi Anda sedang diperiksa penguji."),
    "approved": _l("Rancangan aktualisasi Anda disahkan. Laksanakan kegiatannya selama habituasi."),
}
ACTION_LABELS = {
    "submit": _l("Ajukan ke coach"),
    "return": _l("Kembalikan untuk diperbaiki"),
    "accept": _l("Terima rancangan"),
    "approve": _l("Setujui rancangan"),
    "schedule_seminar": _l("Jadwalkan seminar rancangan"),
    "unschedule_seminar": _l("Keluarkan dari seminar"),
    "score": _l("Nilai seminar rancangan"),
    "ask_revisions": _l("Minta revisi"),
    "approve_plan": _l("Sahkan rancangan"),
    "submit_revision": _l("Ajukan revisi"),
    # Not a transition: a change of plan during habituation, agreed by coach and mentor (lms.habituation).
    "change": _l("Perubahan rancangan selama habituasi"),
}
assert set(STATE_LABELS) == set(NEXT_STEPS) == set(PLAN_STATES)  # noqa: S101  (the table and the CHECK agree)


class WorkflowError(Exception):
    """A transition refused; `kind` is 'role' (not this person's to do) or 'state' (not now)."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


def next_state(state: str, action: str, actors) -> str:
    """The state after `action` by someone holding `actors` (a set of ACTORS); WorkflowError when not allowed."""
    rows = [t for t in TRANSITIONS if t.action == action]
    if not rows:
        raise WorkflowError("role", f"unknown action {action!r}")
    by_anyone_here = [t for t in rows if t.state == state]
    if not by_anyone_here:
        raise WorkflowError(
            "state",
            str(_l("Tindakan itu tidak berlaku lagi: rancangan kini berstatus %(state)s.", state=STATE_LABELS[state])),
        )
    for t in by_anyone_here:
        if t.actor in actors:
            return t.next_state
    raise WorkflowError("role", str(_l("Anda tidak berwenang melakukan tindakan itu pada rancangan ini.")))


def refuse_role(action: str, actors) -> None:
    """WorkflowError('role') when none of `actors` may ever do `action`, whatever the state."""
    if not any(t.action == action and t.actor in actors for t in TRANSITIONS):
        raise WorkflowError("role", str(_l("Anda tidak berwenang melakukan tindakan itu pada rancangan ini.")))


def actions_for(state: str, actors) -> list[Transition]:
    """What `actors` may do to a plan in `state`, in the table's order."""
    return [t for t in TRANSITIONS if t.state == state and t.actor in actors and t.action not in SEMINAR_ONLY_ACTIONS]


def can_edit(state: str) -> bool:
    return state in PEN_STATES
