"""Coach, mentor and penguji pages: a participant's relations form and the mentor's new set-up link
(coordinators), the list of one's own coachees, mentees and examinees (widyaiswara and mentors)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from lms.auth.accounts import AccountRefused
from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.core.forms import EmptyForm
from lms.core.pagination import page_window, requested_page
from lms.people import relations
from lms.people.access import (
    coordinator_required,
    get_participant_or_404,
    related_enrolment_clause,
    role_required,
)
from lms.people.forms import RelationsForm
from lms.people.models import SEMINAR_KINDS, Angkatan, Enrolment, SeminarExaminer
from lms.people.operations import PeopleError
from lms.people.routes import _instructor_choices, bp

RELATED_PER_PAGE = 50

# The field of RelationsForm that names each seminar's penguji.
EXAMINER_FIELDS = {kind: f"examiner_{kind}" for kind in SEMINAR_KINDS}


def _relations_form(enrolment: Enrolment, formdata=None) -> RelationsForm:
    mentor = enrolment.mentor
    current = {e.kind: e.examiner_id for e in enrolment.examiners}
    form = RelationsForm(
        formdata=formdata,
        coach_id=enrolment.coach_id or 0,
        mentor_nip=mentor.nip if mentor else "",
        mentor_name=mentor.name if mentor else "",
        mentor_email=(mentor.email or "") if mentor else "",
        mentor_unit=relations.mentor_unit(mentor.id) if mentor else "",
        **{EXAMINER_FIELDS[kind]: current.get(kind, 0) for kind in SEMINAR_KINDS},
    )
    choices = _instructor_choices()
    form.coach_id.choices = [(0, _("— belum ada —"))] + choices
    for kind in SEMINAR_KINDS:
        getattr(form, EXAMINER_FIELDS[kind]).choices = [(0, _("— belum ada —"))] + choices
    return form


def apply_relations_form(enrolment: Enrolment, form: RelationsForm) -> bool:
    """Write what the form says; False (with the field's error) when a rule refuses, nothing written then."""
    try:
        relations.set_coach(enrolment, db.session.get(User, form.coach_id.data) if form.coach_id.data else None)
        if form.mentor_nip.data.strip():
            mentor, _created = relations.invite_mentor(
                form.mentor_nip.data,
                form.mentor_name.data,
                form.mentor_email.data or None,
                form.mentor_unit.data,
                actor=current_user,
            )
        else:
            mentor = None
        relations.set_mentor(enrolment, mentor)
        for kind, name in EXAMINER_FIELDS.items():
            chosen = getattr(form, name).data
            relations.set_examiner(
                enrolment, kind, db.session.get(User, chosen) if chosen else None, actor_id=current_user.id
            )
    except AccountRefused as refused:
        field = {"nip": form.mentor_nip, "name": form.mentor_name, "email": form.mentor_email}[refused.field]
        field.errors = [*field.errors, refused.message]
        return False
    except PeopleError as error:
        form.mentor_nip.errors = [*form.mentor_nip.errors, str(error)]
        return False
    return True


@bp.route("/peserta/<int:user_id>/pembimbing", methods=["GET", "POST"])
@coordinator_required
def participant_relations(user_id: int):
    person = get_participant_or_404(user_id, manage=True)
    enrolment = person.enrolment
    form = _relations_form(enrolment, request.form if request.method == "POST" else None)
    if request.method == "POST":
        if form.validate_on_submit() and apply_relations_form(enrolment, form):
            db.session.commit()
            flash(_("Coach, mentor dan penguji %(name)s sudah disimpan.", name=person.name), "success")
            return redirect(url_for("people.participant_detail", user_id=person.id))
        db.session.rollback()  # a refused mentor leaves no half-made account behind
        return render_template("people/relations_form.html", person=person, enrolment=enrolment, form=form), 400
    return render_template("people/relations_form.html", person=person, enrolment=enrolment, form=form)


@bp.post("/peserta/<int:user_id>/mentor/tautan")
@coordinator_required
def mentor_setup_link(user_id: int):
    """A new set-up link for the participant's mentor (the older one stops working), put in the outbox."""
    person = get_participant_or_404(user_id, manage=True)
    if not EmptyForm().validate_on_submit():
        abort(400)
    mentor = person.enrolment.mentor
    if mentor is None:
        flash(_("Peserta ini belum punya mentor."), "error")
    else:
        relations.send_setup_link(mentor, current_user)
        db.session.commit()
        flash(
            _(
                "Tautan baru untuk %(name)s sudah masuk kotak keluar; tautan sebelumnya tidak berlaku lagi.",
                name=mentor.name,
            ),
            "success",
        )
    return redirect(url_for("people.participant_detail", user_id=person.id))


def related_participants(user: User, page: int):
    """(rows, window): the participants related to the user, by name; each row (person, enrolment, angkatan
    name, the user's relations to them)."""
    query = (
        select(User, Enrolment, Angkatan.name)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
        .where(related_enrolment_clause(user))
    )
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    window = page_window(total, RELATED_PER_PAGE, page)
    rows = db.session.execute(query.order_by(User.name, User.id).offset(window.offset).limit(window.per_page)).all()
    kinds: dict[int, list[str]] = {}
    if rows:
        examined = db.session.execute(
            select(SeminarExaminer.enrolment_id, SeminarExaminer.kind).where(
                SeminarExaminer.examiner_id == user.id, SeminarExaminer.enrolment_id.in_([e.id for _u, e, _n in rows])
            )
        )
        for enrolment_id, kind in examined:
            kinds.setdefault(enrolment_id, []).append(kind)
    result = []
    for person, enrolment, angkatan_name in rows:
        roles = []
        if enrolment.coach_id == user.id:
            roles.append(_("coach"))
        if enrolment.mentor_id == user.id:
            roles.append(_("mentor"))
        for kind in sorted(kinds.get(enrolment.id, []), reverse=True):
            roles.append(_("penguji seminar %(kind)s", kind=kind))
        result.append((person, enrolment, angkatan_name, roles))
    return result, window


@bp.get("/bimbingan")
@role_required(Role.INSTRUCTOR, Role.MENTOR)
def my_participants():
    rows, window = related_participants(current_user, requested_page(request.args))
    return render_template("people/my_participants.html", rows=rows, window=window)
