"""Server-side login sessions: made at login, ended at logout, password change, deactivation, role change."""

from functools import cache

from flask import request
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import joinedload

from lms.auth.models import AuthSession, User, hash_token
from lms.core.extensions import db


# Built once, at first use (the mappers must be configured by then), and kept: SQLAlchemy memoises a
# statement's cache key on the statement, so a kept one is neither built nor keyed again on each request.
# This query runs on every request; with the reading and gating queries kept as well, a lesson request
# costs 24% fewer instructions (callgrind, 17.6 M -> 13.4 M).
@cache
def user_by_session_token():
    # The enrolment is the people feature's model, a layer up: reached through the relationship, not imported.
    enrolment = User.enrolment.property.mapper.class_
    return (
        select(User)
        .join(AuthSession, AuthSession.user_id == User.id)
        .where(AuthSession.token_hash == bindparam("token_hash"), User.active.is_(True))
        # Every page needs the participant's angkatan (time zone, gating): load it in the same query.
        .options(joinedload(User.enrolment).joinedload(enrolment.angkatan))
    )


def load_user_by_session_token(token: str) -> User | None:
    """Flask-Login's user loader: the cookie carries a session token, valid while its row exists."""
    user = db.session.scalar(user_by_session_token(), {"token_hash": hash_token(token)})
    if user is not None:
        user.session_token = token
    return user


def start_session(user: User) -> None:
    token = AuthSession.new_token()
    db.session.add(
        AuthSession(user_id=user.id, token_hash=hash_token(token), user_agent=(request.user_agent.string or "")[:255])
    )
    user.session_token = token
    login_user(user)


def end_current_session(user: User) -> None:
    if user.session_token:
        db.session.execute(delete(AuthSession).where(AuthSession.token_hash == hash_token(user.session_token)))
    logout_user()


def end_all_sessions(user_id: int) -> None:
    """Every device of this user is logged out at its next request."""
    db.session.execute(delete(AuthSession).where(AuthSession.user_id == user_id))
