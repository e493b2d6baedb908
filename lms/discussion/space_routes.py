"""Discussion pages of an angkatan's spaces: the list of spaces, a space's threads, its members' names."""

from flask import abort, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.auth.models import Role
from lms.core.extensions import db
from lms.core.pagination import requested_page
from lms.discussion import reading, unread
from lms.discussion.access import SpaceLocked, get_space_or_404, get_spaces_or_404
from lms.discussion.blueprint import ID, bp
from lms.discussion.members import space_members
from lms.discussion.mentions import mention_names
from lms.discussion.spaces import GENERAL, spaces_of, topics, tutor_groups
from lms.people.access import visible_angkatan_clause
from lms.people.models import Angkatan, Lembaga


@bp.get("/diskusi")
@login_required
def index():
    if current_user.role == Role.PARTICIPANT.value:
        enrolment = current_user.enrolment
        if enrolment is None:
            return render_template("discussion/no_angkatan.html")
        try:
            return _spaces_page(enrolment.angkatan_id)
        except SpaceLocked as error:
            # The menu's "Diskusi" is on every page: it opens, and says when the spaces will, as the
            # overview of a locked phase does. The spaces and threads themselves stay 403.
            return render_template("discussion/locked.html", state=error.state)
    rows = db.session.execute(
        select(Angkatan.id, Angkatan.name, Lembaga.name)
        .join(Lembaga, Lembaga.id == Angkatan.lembaga_id)
        .where(visible_angkatan_clause(current_user))
        .order_by(Lembaga.name, Angkatan.year.desc(), Angkatan.number)
    ).all()
    if len(rows) == 1:
        return redirect(url_for("discussion.spaces", angkatan_id=rows[0][0]))
    return render_template("discussion/angkatan_list.html", rows=rows)


@bp.get(f"/diskusi/angkatan/<{ID}:angkatan_id>")
@login_required
def spaces(angkatan_id: int):
    return _spaces_page(angkatan_id)


def _spaces_page(angkatan_id: int):
    angkatan, member = get_spaces_or_404(angkatan_id)
    visible = [s for s in spaces_of(angkatan_id, tutor_groups(angkatan_id)) if member.sees(s.kind, s.tutor_group_id)]
    return render_template(
        "discussion/spaces.html",
        angkatan=angkatan,
        spaces=visible,
        threads=reading.thread_counts(member),
        unread=unread.unread_by_space(member),
        staff=not member.participant,
    )


@bp.get(f"/diskusi/angkatan/<{ID}:angkatan_id>/<key>")
@login_required
def space(angkatan_id: int, key: str):
    context = get_space_or_404(angkatan_id, key)
    topic_arg = request.args.get("topik")
    topic_list = topics() if context.space.kind == GENERAL else []
    topic_id, topic = None, None
    if topic_arg is not None and topic_list:
        topic_id = None if topic_arg in ("", "umum") else (int(topic_arg) if topic_arg.isdigit() else -1)
        topic = next((t for t in topic_list if t.module_id == topic_id), None)
        if topic is None:
            abort(404)  # no such topic: a miss, nothing hidden
    threads, page, pages = reading.thread_page(context, requested_page(request.args), topic_id, topic is not None)
    counts = unread.unread_by_thread(current_user.id, [t.id for t in threads])
    for row in threads:
        row.unread = counts.get(row.id, 0)
    return render_template(
        "discussion/space.html",
        context=context,
        space=context.space,
        threads=threads,
        page=page,
        pages=pages,
        topics=topic_list,
        topic=topic,
        topic_titles={t.module_id: t.title for t in topic_list},
        topic_counts=reading.topic_counts(context.space) if topic_list else {},
    )


@bp.get(f"/diskusi/angkatan/<{ID}:angkatan_id>/<key>/anggota")
@login_required
def members(angkatan_id: int, key: str):
    """Names for the @ suggestions while writing (fetched by the page's script on the first @)."""
    context = get_space_or_404(angkatan_id, key)
    names = sorted({mention_names(name)[-1] for name in space_members(context.space).values()})
    return jsonify(names=names)
