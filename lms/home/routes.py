"""Home page per role, the health check, and the language switch."""

from flask import (
    Blueprint,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import func, select, text

from lms.attendance.klasikal import klasikal_sessions_on
from lms.auth.models import Role
from lms.auth.redirects import safe_next
from lms.certificates.access import own_certificate
from lms.content.progress import resume_point
from lms.core.extensions import db, limiter
from lms.core.i18n import LANGUAGES
from lms.dashboard.jp_ledger import participant_account, program_of
from lms.discussion.unread import home_summary
from lms.home import today
from lms.home.waiting import waiting_today
from lms.kelulusan.result_sections import head_waiting
from lms.kelulusan.sealed import participant_result
from lms.people.access import visible_angkatan_clause
from lms.people.models import Angkatan, Enrolment, Lembaga
from lms.phases.gating import today_in
from lms.phases.progress import states_for_participant
from lms.report.queue import report_today
from lms.seminar.sections import participant_seminars, upcoming_count
from lms.sikap.listing import waiting_count as sikap_waiting

bp = Blueprint("home", __name__)


@bp.get("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.role == Role.PARTICIPANT.value:
        return _participant_home()
    if current_user.role == Role.INSTANSI_VIEWER.value:
        return _viewer_home()
    if current_user.role == Role.MENTOR.value:
        return _mentor_home()
    if current_user.role == Role.COMMITTEE.value:
        return _committee_home()
    return _staff_home()


def _committee_home():
    """A committee member on campus: today's klasikal sessions of their angkatan, each a tap from its list."""
    angkatan = list(
        db.session.scalars(
            select(Angkatan)
            .where(visible_angkatan_clause(current_user))
            .order_by(Angkatan.year.desc(), Angkatan.number)
        )
    )
    today = [(a, klasikal_sessions_on(a, today_in(a.tz_name))) for a in angkatan]
    return render_template("home/committee.html", today=today, waiting=None, sikap_waiting=sikap_waiting(current_user))


def _mentor_home():
    people, total = today.mentees_today(current_user)
    return render_template(
        "home/mentor.html",
        people=people,
        total=total,
        waiting=waiting_today(current_user),
        seminar_count=upcoming_count(current_user),
        sikap_waiting=sikap_waiting(current_user),
    )


def _viewer_home():
    summaries, total, attention = today.employees_summary(current_user)
    return render_template("home/viewer.html", summaries=summaries, total=total, attention=attention)


def _participant_home():
    enrolment = current_user.enrolment
    states = states_for_participant(enrolment) if enrolment else []
    current = next((s for s in reversed(states) if s.unlocked), None)
    resume = None
    for state in states:  # the earliest open phase that still has lessons to read
        if state.unlocked and (resume := resume_point(current_user.id, state.facts.phase_id)):
            break
    return render_template(
        "home/participant.html",
        enrolment=enrolment,
        states=states,
        current=current,
        resume=resume,
        discussion=home_summary(current_user, states),
        sessions_today=today.participant_sessions_today(current_user),
        plan=today.plan_today(current_user, show_empty=current is not None and current.phase.code != "mooc"),
        seminars=participant_seminars(current_user),
        report=report_today(current_user),
        kelulusan=participant_result(current_user),
        certificate=own_certificate(),
        jp=participant_account(current_user.id, program_of(enrolment.angkatan_id)) if enrolment else None,
    )


def _staff_home():
    counts = select(Enrolment.angkatan_id, func.count().label("n")).group_by(Enrolment.angkatan_id).subquery()
    rows = db.session.execute(
        select(Angkatan, Lembaga.name, func.coalesce(counts.c.n, 0))
        .join(Lembaga, Lembaga.id == Angkatan.lembaga_id)
        .outerjoin(counts, counts.c.angkatan_id == Angkatan.id)
        .where(visible_angkatan_clause(current_user))
        .order_by(Lembaga.name, Angkatan.year.desc(), Angkatan.number)
    ).all()
    guidance = None
    if today.has_relations(current_user):  # a widyaiswara who coaches or examines: "Bimbingan hari ini"
        waiting, coached = today.coachees_needing_attention(current_user)
        guidance = {"waiting": waiting, "coached": coached, "seminars": today.seminars_examined(current_user)}
    instructor = current_user.role == Role.INSTRUCTOR.value
    # A penguji, coach or mentor finds their seminars under "Seminar saya" (coordinators: the angkatan page).
    seminar_count = upcoming_count(current_user) if instructor else None
    return render_template(
        "home/staff.html",
        rows=rows,
        guidance=guidance,
        waiting=waiting_today(current_user),
        seminar_count=seminar_count,
        sikap_waiting=sikap_waiting(current_user),
        head=head_waiting(current_user),
    )


@bp.get("/healthz")
@limiter.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except Exception:
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")


@bp.post("/bahasa")
def set_language():
    language = request.form.get("language", "id")
    if language in LANGUAGES:
        if current_user.is_authenticated:
            current_user.locale = language
            db.session.commit()
        session["locale"] = language
    return redirect(safe_next(request.form.get("next")))
