"""Reading: a phase, its modules, a module's lessons, a lesson; marking lessons done."""

import hashlib
import time

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.auth.models import Role
from lms.content import progress, reading
from lms.content.models import ModuleAsset
from lms.content.phase_parts import agenda_parts
from lms.core.extensions import db
from lms.core.forms import EmptyForm
from lms.core.render import focusable_scrollers
from lms.core.web import browser_may_keep
from lms.people.access import participant_required
from lms.phases.progress import phase_access

bp = Blueprint("content", __name__)
ONE_YEAR = 365 * 24 * 3600


@bp.app_template_filter("prose")
def prose_filter(html: str):
    """`{{ lesson.body_html|prose }}`: stored, sanitized markdown HTML, with its scrolling boxes focusable."""
    return focusable_scrollers(html or "", _("Tabel"))


def _participant_gate(phase_id: int, explain: bool = False):
    """For a participant: the phase state (None for staff, who read everything); 403 without an enrolment.
    Whether it is open, and why not, is phases' one answer (lms.phases.progress.phase_access)."""
    if current_user.role != Role.PARTICIPANT.value:
        return None
    access = phase_access(current_user, phase_id=phase_id, explain=explain)
    if access.state is None:
        abort(403)
    return access.state


def _locked_page(state, phase_name: str):
    return render_template("content/locked.html", state=state, phase_name=phase_name), 403


@bp.get("/belajar/<code>")
@login_required
def phase(code: str):
    phase, page, agendas = reading.phase_page(code)
    state = _participant_gate(phase.id, explain=True)
    is_participant = state is not None
    modules = reading.phase_modules(phase.id, current_user.id if is_participant else None)
    resume = progress.resume_point(current_user.id, phase.id) if is_participant and state.unlocked else None
    return render_template(
        "content/phase.html",
        phase=phase,
        page=page,
        agendas=agendas,
        modules=modules,
        state=state,
        resume=resume,
        is_participant=is_participant,
        agenda_parts=agenda_parts(phase, current_user),
    )


@bp.get("/belajar/modul/<slug>")
@login_required
def module(slug: str):
    view = reading.load_module(slug)
    state = _participant_gate(view.module.phase_id)
    if state is not None and not state.unlocked:
        return _locked_page(state, state.facts.name)
    done = reading.done_slugs(current_user.id, view.module.id) if state is not None else set()
    return render_template("content/module.html", view=view, done=done, counts_progress=state is not None)


# A page the browser revalidates keeps the CSRF tokens it was rendered with (mark done, log out): a new
# ETag every hour keeps them far younger than WTF_CSRF_TIME_LIMIT (12 h).
ETAG_WINDOW_SECONDS = 3600


def _lesson_etag(lesson, done: set[str], now: float) -> str:
    """Everything the page depends on: the lesson (a new revision has new lesson rows), progress, who reads
    it, the header's unread count, the language, and the hour."""
    key = (
        f"{lesson.id}|{lesson.slug in done}|{len(done)}|{current_user.id}|{current_user.unread_notifications}|"
        f"{get_locale()}|{int(now) // ETAG_WINDOW_SECONDS}"
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


@bp.get("/belajar/modul/<slug>/<lesson_slug>")
@browser_may_keep  # revisited with its ETag (a 304 on weak mobile data); curriculum, no scores
@login_required
def lesson(slug: str, lesson_slug: str):
    view = reading.load_module(slug, lesson_slug)
    current = view.lesson(lesson_slug)
    state = _participant_gate(view.module.phase_id)
    if state is not None and not state.unlocked:
        return _locked_page(state, state.facts.name)
    done = reading.done_slugs(current_user.id, view.module.id) if state is not None else set()
    etag = _lesson_etag(current, done, time.time())
    # A message waiting to be shown (after logging in, say) needs the page itself, not the browser's copy.
    if request.if_none_match.contains_weak(etag) and "_flashes" not in session:
        response = Response(status=304)
        response.set_etag(etag, weak=True)
        return response
    before, after = view.neighbours(lesson_slug)
    response = Response(
        render_template(
            "content/lesson.html",
            view=view,
            lesson=current,
            before=before,
            after=after,
            done=done,
            counts_progress=state is not None,
            form=EmptyForm(),
        )
    )
    response.set_etag(etag, weak=True)
    return response


@bp.post("/belajar/modul/<slug>/<lesson_slug>/selesai")
@participant_required
def mark_done(slug: str, lesson_slug: str):
    view = reading.load_module(slug)
    view.lesson(lesson_slug)
    state = _participant_gate(view.module.phase_id)
    if not state.unlocked:
        return _locked_page(state, state.facts.name)
    if not EmptyForm().validate_on_submit():
        abort(400)
    progress.mark_done(current_user.id, view.module.id, lesson_slug)
    db.session.commit()
    _before, after = view.neighbours(lesson_slug)
    if after is not None:
        return redirect(url_for("content.lesson", slug=slug, lesson_slug=after.slug))
    flash(_("Semua pelajaran modul ini sudah selesai."), "success")
    return redirect(url_for("content.module", slug=slug))


@bp.get("/konten/aset/<sha>/<name>")
@browser_may_keep  # a curriculum image under its content hash
@login_required
def asset(sha: str, name: str):
    row = db.session.scalar(select(ModuleAsset).where(ModuleAsset.sha256 == sha).limit(1))
    if row is None:
        abort(404)
    response = Response(row.data, mimetype=row.content_type)
    # The URL names the content's hash, so it never changes: cache it for a year.
    response.headers["Cache-Control"] = f"private, max-age={ONE_YEAR}, immutable"
    response.headers["Content-Disposition"] = "inline"
    # Even if the bytes were not what the type says, they can never run as a page of this site.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
