"""Who belongs to an angkatan's discussion spaces, and the load-or-abort functions that apply it.

Members: the angkatan's participants (a group space only for its own group), its instructors
(assigned ones see every space; a tutor sees the shared spaces and their own groups), the
coordinators of its lembaga, and admins. Staff members moderate the spaces they see. Anything
outside a user's spaces answers 404, so its existence is not revealed; such a 404 is recorded as
a refusal (lms.core.security_events), an object that does not exist is not. A participant also needs
their distance-learning phase open, as lms.phases.progress.phase_access answers it (raise
SpaceLocked: the view shows why instead of the posts).
"""

from dataclasses import dataclass
from typing import NoReturn

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, literal, select, union_all

from lms.auth.models import Role, User
from lms.content.models import Module, ModuleRevision
from lms.core.extensions import db
from lms.core.security_events import refuse_hidden
from lms.discussion.models import Post, Thread, ThreadRead
from lms.discussion.spaces import ANNOUNCEMENTS, GROUP, PHASE_CODE, Space, parse_key
from lms.people.models import Angkatan, AngkatanInstructor, CoordinatorLembaga, TutorGroup
from lms.phases.gating import PhaseState
from lms.phases.progress import phase_access


@dataclass(frozen=True)
class Member:
    user_id: int
    angkatan_id: int
    participant: bool
    all_groups: bool
    group_ids: frozenset[int]

    def sees(self, kind: str, tutor_group_id: int | None) -> bool:
        return kind != GROUP or self.all_groups or tutor_group_id in self.group_ids

    def moderates(self, kind: str, tutor_group_id: int | None) -> bool:
        return not self.participant and self.sees(kind, tutor_group_id)

    def may_start_thread(self, kind: str) -> bool:
        return kind != ANNOUNCEMENTS or not self.participant


def membership(user: User, angkatan_id: int) -> Member | None:
    """The user's membership of the angkatan's spaces, or None. At most one query."""
    if user.role == Role.PARTICIPANT.value:
        enrolment = user.enrolment
        if enrolment is None or enrolment.angkatan_id != angkatan_id:
            return None
        groups = frozenset({enrolment.tutor_group_id} - {None})
        return Member(user.id, angkatan_id, True, False, groups)
    if user.role == Role.ADMIN.value:
        return Member(user.id, angkatan_id, False, True, frozenset())
    if user.role == Role.COORDINATOR.value:
        found = db.session.scalar(
            select(Angkatan.id)
            .join(CoordinatorLembaga, CoordinatorLembaga.lembaga_id == Angkatan.lembaga_id)
            .where(Angkatan.id == angkatan_id, CoordinatorLembaga.user_id == user.id)
        )
        return Member(user.id, angkatan_id, False, True, frozenset()) if found else None
    if user.role == Role.INSTRUCTOR.value:
        # 0 stands for "assigned to the whole angkatan"; other values are the groups they tutor.
        rows = db.session.scalars(
            union_all(
                select(literal(0)).where(
                    AngkatanInstructor.angkatan_id == angkatan_id, AngkatanInstructor.user_id == user.id
                ),
                select(TutorGroup.id).where(TutorGroup.angkatan_id == angkatan_id, TutorGroup.tutor_id == user.id),
            )
        ).all()
        if not rows:
            return None
        return Member(user.id, angkatan_id, False, 0 in rows, frozenset(r for r in rows if r))
    return None


class SpaceLocked(Exception):
    """A participant whose distance-learning phase is not open yet."""

    def __init__(self, state: PhaseState | None):
        super().__init__("distance-learning phase locked")
        self.state = state


def _require_open_phase(member: Member) -> None:
    """Staff always pass; a participant passes once their distance-learning phase is unlocked."""
    if not member.participant:
        return
    if not phase_access(current_user, code=PHASE_CODE).open:
        raise SpaceLocked(phase_access(current_user, code=PHASE_CODE, explain=True).state)


def _not_found(exists: bool) -> NoReturn:
    """404 either way; only an object that exists, outside the user's scope, is recorded as a refusal.
    Callers look the object up on this path alone, never on a page that is shown."""
    if exists:
        refuse_hidden()
    abort(404)


def member_or_404(angkatan_id: int) -> Member:
    member = membership(current_user, angkatan_id)
    if member is None:
        _not_found(db.session.get(Angkatan, angkatan_id) is not None)
    return member


def get_spaces_or_404(angkatan_id: int, *, staff: bool = False) -> tuple[Angkatan, Member]:
    """The angkatan whose spaces the user may open, and their membership; staff=True: its staff pages
    (a participant gets 403)."""
    member = member_or_404(angkatan_id)
    if staff and member.participant:
        abort(403)
    _require_open_phase(member)
    angkatan = db.session.get(Angkatan, angkatan_id)
    if angkatan is None:
        abort(404)
    return angkatan, member


def visible_space_or_404(member: Member, spaces: list[Space], key: str) -> Space:
    """The space named by key among the angkatan's spaces, if the member sees it."""
    space = next((s for s in spaces if s.key == key), None)
    if space is None or not member.sees(space.kind, space.tutor_group_id):
        _not_found(space is not None)
    return space


@dataclass
class SpaceContext:
    space: Space
    member: Member
    angkatan_name: str

    @property
    def moderator(self) -> bool:
        return self.member.moderates(self.space.kind, self.space.tutor_group_id)


def get_space_or_404(angkatan_id: int, key: str) -> SpaceContext:
    parsed = parse_key(key)
    if parsed is None:
        abort(404)
    kind, group_id = parsed
    member = member_or_404(angkatan_id)
    if not member.sees(kind, group_id):
        group = db.session.get(TutorGroup, group_id)
        _not_found(group is not None and group.angkatan_id == angkatan_id)
    row = db.session.execute(
        select(Angkatan.name, TutorGroup.name)
        .outerjoin(TutorGroup, and_(TutorGroup.id == group_id, TutorGroup.angkatan_id == Angkatan.id))
        .where(Angkatan.id == angkatan_id)
    ).first()
    if row is None or (kind == GROUP and row[1] is None):
        abort(404)
    _require_open_phase(member)
    return SpaceContext(Space(angkatan_id, kind, group_id, row[1]), member, row[0])


@dataclass
class ThreadContext:
    thread: Thread
    space: Space
    member: Member
    angkatan_name: str
    read_seq: int
    topic_title: str | None = None

    @property
    def moderator(self) -> bool:
        return self.member.moderates(self.space.kind, self.space.tutor_group_id)


def get_thread_or_404(thread_id: int) -> ThreadContext:
    """The thread with its space, the angkatan's name and how far the user has read it, in one query."""
    row = db.session.execute(
        select(Thread, Angkatan.name, TutorGroup.name, ThreadRead.last_seq, ModuleRevision.title)
        .join(Angkatan, Angkatan.id == Thread.angkatan_id)
        .outerjoin(TutorGroup, TutorGroup.id == Thread.tutor_group_id)
        .outerjoin(Module, Module.id == Thread.module_id)
        .outerjoin(ModuleRevision, ModuleRevision.id == Module.current_revision_id)
        .outerjoin(ThreadRead, and_(ThreadRead.thread_id == Thread.id, ThreadRead.user_id == current_user.id))
        .where(Thread.id == thread_id)
    ).first()
    if row is None:
        abort(404)
    thread, angkatan_name, group_name, read_seq, topic_title = row
    member = member_or_404(thread.angkatan_id)
    space = Space(thread.angkatan_id, thread.space, thread.tutor_group_id, group_name)
    if not member.sees(space.kind, space.tutor_group_id) or (
        thread.hidden and not member.moderates(space.kind, space.tutor_group_id) and thread.author_id != member.user_id
    ):
        refuse_hidden()
    _require_open_phase(member)
    return ThreadContext(thread, space, member, angkatan_name, read_seq or 0, topic_title)


def get_post_or_404(post_id: int, *, deleted: bool = True) -> tuple[Post, ThreadContext]:
    """A post the user may see: a hidden one only for moderators and its author. deleted=False: a
    deleted one only for moderators (its history: the text the author took back)."""
    post = db.session.get(Post, post_id)
    if post is None:
        abort(404)
    context = get_thread_or_404(post.thread_id)
    if post.hidden_at is not None and not context.moderator and post.author_id != current_user.id:
        refuse_hidden()
    if not deleted and post.deleted_at is not None and not context.moderator:
        refuse_hidden()
    return post, context


def require_moderator(context: ThreadContext) -> None:
    if not context.moderator:
        abort(403)
