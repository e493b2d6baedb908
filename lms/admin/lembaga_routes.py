"""Admin pages of the training institutions: the lembaga list, and who works where (a coordinator's lembaga, a
head of institution's, an instansi viewer's instansi)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from lms.admin.forms import LEMBAGA_KIND_LABELS, LembagaForm, ScopeForm, ViewerScopeForm
from lms.admin.routes import bp, get_user_or_404
from lms.auth.models import Role
from lms.core import audit
from lms.core.extensions import db
from lms.core.forms import error_summary
from lms.people.access import admin_required
from lms.people.models import Angkatan, CoordinatorLembaga, Instansi, InstansiViewer, Lembaga


@bp.route("/lembaga", methods=["GET", "POST"])
@admin_required
def lembaga():
    form = LembagaForm()
    if form.validate_on_submit():
        name = form.name.data.strip()
        if db.session.scalar(select(Lembaga.id).where(func.lower(Lembaga.name) == name.lower())):
            form.name.errors.append(_("Lembaga dengan nama itu sudah ada."))
        else:
            item = Lembaga(name=name, kind=form.kind.data)
            db.session.add(item)
            db.session.flush()
            audit.record("lembaga.create", "lembaga", item.id, name=name, kind=item.kind)
            db.session.commit()
            flash(_("Lembaga sudah ditambahkan."), "success")
            return redirect(url_for("admin.lembaga"))
    counts = select(Angkatan.lembaga_id, func.count().label("n")).group_by(Angkatan.lembaga_id).subquery()
    items = db.session.execute(
        select(Lembaga, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.lembaga_id == Lembaga.id)
        .order_by(Lembaga.name)
    ).all()
    return render_template("admin/lembaga.html", items=items, form=form, kinds=LEMBAGA_KIND_LABELS)


def _save_scope(user_id: int, form, field: str, offered, role: Role, link, column: str, action: str, refused, saved):
    """Replace the `link` rows (CoordinatorLembaga, InstansiViewer) of a user of `role` by the `offered` items
    (Lembaga, Instansi) ticked in the form's `field`, audited as `action`; back to the user's page."""
    user = get_user_or_404(user_id)
    getattr(form, field).choices = [(i.id, i.name) for i in db.session.scalars(select(offered))]
    if not form.validate_on_submit():
        flash(error_summary(form), "error")
    elif user.role != role.value:
        flash(refused, "error")
    else:
        ids = getattr(form, field).data
        db.session.execute(delete(link).where(link.user_id == user.id))
        db.session.add_all(link(user_id=user.id, **{column: item_id}) for item_id in ids)
        audit.record(action, "user", user.id, subject_user_id=user.id, **{field: sorted(ids)})
        db.session.commit()
        flash(saved, "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.post("/pengguna/<int:user_id>/lembaga")
@admin_required
def user_scope(user_id: int):
    """A coordinator's lembaga: they see and manage every angkatan those run."""
    return _save_scope(
        user_id,
        ScopeForm(),
        "lembaga_ids",
        Lembaga,
        Role.COORDINATOR,
        CoordinatorLembaga,
        "lembaga_id",
        "coordinator.scope",
        refused=_("Hanya penyelenggara yang diberi lembaga."),
        saved=_("Lembaga penyelenggara sudah disimpan."),
    )


@bp.post("/pengguna/<int:user_id>/lembaga-kepala")
@admin_required
def head_scope(user_id: int):
    """A head of institution's lembaga: they ratify the results of the angkatan it runs (and confirm corrections)."""
    return _save_scope(
        user_id,
        ScopeForm(),
        "lembaga_ids",
        Lembaga,
        Role.HEAD,
        CoordinatorLembaga,
        "lembaga_id",
        "head.scope",
        refused=_("Hanya kepala lembaga yang diberi lembaga yang dipimpinnya."),
        saved=_("Lembaga yang dipimpin sudah disimpan."),
    )


@bp.post("/pengguna/<int:user_id>/instansi")
@admin_required
def viewer_scope(user_id: int):
    """An instansi viewer's instansi: they follow those instansi's employees, read-only."""
    return _save_scope(
        user_id,
        ViewerScopeForm(),
        "instansi_ids",
        Instansi,
        Role.INSTANSI_VIEWER,
        InstansiViewer,
        "instansi_id",
        "instansi_viewer.scope",
        refused=_("Hanya pegawai BKPSDM/BKD (instansi) yang diberi instansi."),
        saved=_("Instansi yang diikuti sudah disimpan."),
    )
