"""Admin pages: users and roles, instansi, phase settings, and the security events. Lembaga and the scopes
of coordinators and instansi viewers are in lembaga_routes.py."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select

from lms.admin.forms import (
    EVENT_LABELS,
    ROLE_LABELS,
    InstansiForm,
    PhaseForm,
    RoleForm,
    ScopeForm,
    SecurityEventFilterForm,
    UserForm,
    ViewerScopeForm,
)
from lms.admin.security_log import EventFilter, events_query
from lms.auth.accounts import AccountRefused, create_account
from lms.auth.models import User
from lms.auth.sessions import end_all_sessions
from lms.core import audit
from lms.core.extensions import db
from lms.core.forms import EmptyForm, error_summary
from lms.core.pagination import PAGE_ARG, requested_page
from lms.people.access import admin_required
from lms.people.models import CoordinatorLembaga, Instansi, InstansiViewer, Lembaga
from lms.people.operations import set_active
from lms.phases.models import Phase

bp = Blueprint("admin", __name__, url_prefix="/admin")
PAGE_SIZE = 50


@bp.route("/pengguna", methods=["GET", "POST"])
@admin_required
def users():
    form = UserForm()
    if form.validate_on_submit():
        try:
            user, password = create_account(form.nip.data, form.name.data, form.role.data, form.email.data)
        except AccountRefused as refused:
            getattr(form, refused.field).errors.append(refused.message)
        else:
            db.session.commit()
            return render_template("admin/user_created.html", person=user, password=password), 201
    query = request.args.get("q", "").strip()
    role = request.args.get("peran", "")
    page = requested_page(request.args)
    stmt = select(User).order_by(User.name)
    if query:
        stmt = stmt.where(or_(User.name.ilike(f"%{query}%"), User.nip.like(f"%{query.replace(' ', '')}%")))
    if role in ROLE_LABELS:
        stmt = stmt.where(User.role == role)
    people = list(db.session.scalars(stmt.limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)))
    return render_template(
        "admin/users.html",
        people=people[:PAGE_SIZE],
        has_more=len(people) > PAGE_SIZE,
        page=page,
        query=query,
        role=role,
        form=form,
        ROLE_LABELS=ROLE_LABELS,
    )


def get_user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/pengguna/<int:user_id>")
@admin_required
def user_detail(user_id: int):
    user = get_user_or_404(user_id)
    scope_form = ScopeForm(
        lembaga_ids=list(
            db.session.scalars(select(CoordinatorLembaga.lembaga_id).where(CoordinatorLembaga.user_id == user.id))
        )
    )
    scope_form.lembaga_ids.choices = [
        (i.id, i.name) for i in db.session.scalars(select(Lembaga).order_by(Lembaga.name))
    ]
    viewer_form = ViewerScopeForm(
        instansi_ids=list(
            db.session.scalars(select(InstansiViewer.instansi_id).where(InstansiViewer.user_id == user.id))
        )
    )
    viewer_form.instansi_ids.choices = [
        (i.id, i.name) for i in db.session.scalars(select(Instansi).order_by(Instansi.name))
    ]
    return render_template(
        "admin/user_detail.html",
        person=user,
        role_form=RoleForm(role=user.role),
        scope_form=scope_form,
        viewer_form=viewer_form,
        empty_form=EmptyForm(),
        ROLE_LABELS=ROLE_LABELS,
    )


@bp.post("/pengguna/<int:user_id>/peran")
@admin_required
def user_role(user_id: int):
    user = get_user_or_404(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(error_summary(form), "error")
    elif user.id == current_user.id:
        flash(_("Anda tidak dapat mengubah peran akun Anda sendiri."), "error")
    elif form.role.data != user.role:
        audit.record(
            "user.role",
            "user",
            user.id,
            reason=form.reason.data,
            subject_user_id=user.id,
            old=user.role,
            new=form.role.data,
        )
        user.role = form.role.data
        end_all_sessions(user.id)  # a new role starts with a new login
        db.session.commit()
        flash(_("Peran sudah diubah; sesi lama pengguna itu sudah diakhiri."), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.post("/pengguna/<int:user_id>/status")
@admin_required
def user_status(user_id: int):
    user = get_user_or_404(user_id)
    if EmptyForm().validate_on_submit():
        if user.id == current_user.id:
            flash(_("Anda tidak dapat menonaktifkan akun Anda sendiri."), "error")
        else:
            set_active(user, request.form.get("active") == "1")
            db.session.commit()
            flash(_("Status akun sudah disimpan."), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/instansi", methods=["GET", "POST"])
@admin_required
def instansi():
    form = InstansiForm()
    if form.validate_on_submit():
        name = form.name.data.strip()
        if db.session.scalar(select(Instansi.id).where(func.lower(Instansi.name) == name.lower())):
            form.name.errors.append(_("Instansi dengan nama itu sudah ada."))
        else:
            item = Instansi(name=name)
            db.session.add(item)
            db.session.flush()
            audit.record("instansi.create", "instansi", item.id, name=name)
            db.session.commit()
            flash(_("Instansi sudah ditambahkan."), "success")
            return redirect(url_for("admin.instansi"))
    items = list(db.session.scalars(select(Instansi).order_by(Instansi.name)))
    return render_template("admin/instansi.html", items=items, form=form)


@bp.route("/fase", methods=["GET", "POST"])
@admin_required
def phases():
    items = list(db.session.scalars(select(Phase).order_by(Phase.position)))
    forms = {p.id: PhaseForm(prefix=f"fase{p.id}", obj=p) for p in items}
    if request.method == "POST":
        phase_id = request.form.get("phase_id", type=int)
        if phase_id not in forms:
            abort(400)
        form = forms[phase_id]
        if form.validate_on_submit():
            phase = db.session.get(Phase, phase_id)
            audit.record(
                "phase.update",
                "phase",
                phase.id,
                old={"name": phase.name},
                new={"name": form.name.data},
            )
            phase.name = form.name.data.strip()
            db.session.commit()
            flash(_("Fase %(name)s sudah disimpan.", name=phase.name), "success")
            return redirect(url_for("admin.phases"))
    return render_template("admin/phases.html", items=items, forms=forms)


@bp.get("/keamanan")
@admin_required
def security_events():
    form = SecurityEventFilterForm(request.args)
    page = requested_page(request.args)
    events = None
    if form.validate():
        chosen = EventFilter(
            kind=form.jenis.data or "",
            account=(form.akun.data or "").strip(),
            address=(form.alamat.data or "").strip(),
            since=form.dari.data,
            until=form.sampai.data,
            tz_name=str(get_timezone()),
        )
        events = db.paginate(events_query(chosen), page=page, per_page=PAGE_SIZE, error_out=False)
    response = render_template(
        "admin/security_events.html",
        form=form,
        events=events,
        EVENT_LABELS=EVENT_LABELS,
        params={k: v for k, v in request.args.items() if k != PAGE_ARG},
    )
    # Addresses and accounts: never kept in any cache.
    return response, 200, {"Cache-Control": "no-store"}
