"""The spaces of an angkatan and their topics, derived from the angkatan itself (no rows to create).

Every angkatan has, for its distance-learning phase: an announcements space (only staff start
threads), a general space with a topic per MOOC module plus "Umum", and a space per tutor group.
"""

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.content.models import Agenda, Module, ModuleRevision
from lms.core.extensions import db
from lms.people.models import TutorGroup
from lms.phases.models import Phase

PHASE_CODE = "pjj"  # the phase the spaces belong to: a participant opens them once it is open for them
ANNOUNCEMENTS, GENERAL, GROUP = "pengumuman", "umum", "kelompok"
_GROUP_KEY = re.compile(r"kelompok-([1-9][0-9]{0,8})")


@dataclass(frozen=True)
class Space:
    angkatan_id: int
    kind: str
    tutor_group_id: int | None = None
    group_name: str | None = None

    @property
    def key(self) -> str:
        """The space's part of its URL: 'pengumuman', 'umum' or 'kelompok-<id>'."""
        return f"{GROUP}-{self.tutor_group_id}" if self.kind == GROUP else self.kind

    @property
    def title(self) -> str:
        if self.kind == ANNOUNCEMENTS:
            return _("Pengumuman")
        if self.kind == GENERAL:
            return _("Diskusi angkatan")
        return _("Kelompok %(name)s", name=self.group_name) if self.group_name else _("Kelompok tutor")

    @property
    def description(self) -> str:
        if self.kind == ANNOUNCEMENTS:
            return _("Informasi dari widyaiswara dan penyelenggara. Peserta dapat bertanya di setiap pengumuman.")
        if self.kind == GENERAL:
            return _("Seluruh peserta angkatan dan widyaiswara, dengan topik per agenda dan modul.")
        return _("Kelompok kecil bersama tutor Anda: rancangan aktualisasi dibahas di sini.")


def parse_key(key: str) -> tuple[str, int | None] | None:
    """('umum', None), ('kelompok', 3)... or None for a key that names no space."""
    if key in (ANNOUNCEMENTS, GENERAL):
        return key, None
    match = _GROUP_KEY.fullmatch(key)
    return (GROUP, int(match.group(1))) if match else None


def spaces_of(angkatan_id: int, groups: list[tuple[int, str]]) -> list[Space]:
    """All spaces of an angkatan, announcements first; groups: (tutor_group_id, name) pairs."""
    return [
        Space(angkatan_id, ANNOUNCEMENTS),
        Space(angkatan_id, GENERAL),
        *(Space(angkatan_id, GROUP, gid, name) for gid, name in groups),
    ]


def tutor_groups(angkatan_id: int) -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(TutorGroup.id, TutorGroup.name).where(TutorGroup.angkatan_id == angkatan_id).order_by(TutorGroup.name)
    )
    return [(gid, name) for gid, name in rows]


@dataclass(frozen=True)
class Topic:
    module_id: int | None
    title: str  # "Umum" is a lazy string: topics() is also called outside requests (seed-demo)
    agenda: int | None
    agenda_title: str | None


def topics() -> list[Topic]:
    """The topics of every general space: "Umum", then each MOOC module under its agenda, in course order.

    Titles come from the modules' current revisions, so a renamed module renames its topic."""
    rows = db.session.execute(
        select(Module.id, ModuleRevision.title, Module.agenda, Agenda.title)
        .join(ModuleRevision, ModuleRevision.id == Module.current_revision_id)
        .join(Phase, Phase.id == Module.phase_id)
        .outerjoin(Agenda, (Agenda.phase_id == Module.phase_id) & (Agenda.number == Module.agenda))
        .where(Phase.code == "mooc")
        .order_by(Module.agenda, Module.position)
    )
    return [Topic(None, _l("Umum"), None, None)] + [Topic(mid, title, agenda, at) for mid, title, agenda, at in rows]
