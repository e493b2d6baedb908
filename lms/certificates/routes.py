"""Certificate pages: the lembaga's numbering and signatory, an angkatan's certificates (issue, download as a
ZIP, revoke), a certificate's PDF for staff and for its holder, and the public verification page."""

import io
import zipfile

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.auth.models import Role
from lms.certificates import eligibility, issuing
from lms.certificates.access import get_certificate_or_404
from lms.certificates.forms import RevokeForm, SettingsForm, VerifyForm
from lms.certificates.models import Certificate
from lms.certificates.numbering import certificate_number
from lms.certificates.pdf import certificate_pdf
from lms.core import audit
from lms.core.extensions import db, limiter
from lms.core.forms import EmptyForm, error_summary
from lms.people.access import coordinator_required, get_angkatan_or_404, role_required, visible_lembaga_clause
from lms.people.models import Lembaga

bp = Blueprint("certificates", __name__)
staff_required = role_required(Role.COORDINATOR, Role.ADMIN, Role.HEAD)
PROGRAM_TITLE = "Pelatihan Dasar Calon Pegawai Negeri Sipil"
SETTINGS_FIELDS = ("number_format", "city", "signatory_title", "signatory_name", "signatory_nip")


def verify_url(certificate: Certificate) -> str:
    return url_for("certificates.verify", code=certificate.code, _external=True)


def _pdf_response(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(certificate: Certificate) -> str:
    return f"STTPL-{certificate.holder_nip or certificate.id}.pdf"


@bp.route("/sttpl/lembaga/<int:lembaga_id>/pengaturan", methods=["GET", "POST"])
@coordinator_required
def settings(lembaga_id: int):
    lembaga = db.session.scalar(select(Lembaga).where(Lembaga.id == lembaga_id, visible_lembaga_clause(current_user)))
    if lembaga is None:
        abort(404)
    row = issuing.settings_for(lembaga.id)
    form = SettingsForm(obj=row)
    if form.validate_on_submit():
        old = {
            k: getattr(row, k) for k in ("number_format", "city", "signatory_title", "signatory_name", "signatory_nip")
        }
        form.populate_obj(row)
        for key in ("number_format", "city", "signatory_title", "signatory_name", "signatory_nip"):
            setattr(row, key, (getattr(row, key) or "").strip())
        db.session.add(row)
        audit.record("certificate.settings", "lembaga", lembaga.id, old=old, new={k: getattr(row, k) for k in old})
        db.session.commit()
        flash(_("Pengaturan STTPL sudah disimpan."), "success")
        return redirect(url_for("certificates.settings", lembaga_id=lembaga.id))
    sample = None
    if not form.number_format.errors:
        sample = certificate_number(
            form.number_format.data or row.number_format, sequence=7, angkatan=72, year=2026, month=12
        )
    return render_template("certificates/settings.html", lembaga=lembaga, form=form, sample=sample)


@bp.get("/sttpl/angkatan/<int:angkatan_id>")
@staff_required
def angkatan(angkatan_id: int):
    angkatan = get_angkatan_or_404(angkatan_id)
    status = eligibility.angkatan_status(angkatan)
    certificates = db.session.scalars(
        select(Certificate).where(Certificate.angkatan_id == angkatan.id).order_by(Certificate.sequence)
    ).all()
    return render_template(
        "certificates/angkatan.html",
        angkatan=angkatan,
        status=status,
        certificates=certificates,
        form=EmptyForm(),
        may_issue=current_user.role in (Role.COORDINATOR.value, Role.ADMIN.value),
    )


@bp.post("/sttpl/angkatan/<int:angkatan_id>/terbitkan")
@coordinator_required
def issue(angkatan_id: int):
    angkatan = get_angkatan_or_404(angkatan_id, manage=True)
    if not EmptyForm().validate_on_submit():
        abort(400)
    status = eligibility.angkatan_status(angkatan)
    if not status.sealed:
        flash(_("STTPL hanya dapat diterbitkan setelah hasil angkatan ini disahkan."), "error")
        return redirect(url_for("certificates.angkatan", angkatan_id=angkatan.id))
    issued = issuing.issue_certificates(angkatan, status.passed, actor_id=current_user.id)
    db.session.commit()
    if issued:
        flash(_("%(n)s STTPL diterbitkan.", n=len(issued)), "success")
    else:
        flash(_("Semua peserta yang lulus sudah memiliki STTPL."), "info")
    return redirect(url_for("certificates.angkatan", angkatan_id=angkatan.id))


@bp.get("/sttpl/angkatan/<int:angkatan_id>/sttpl.zip")
@staff_required
def batch_zip(angkatan_id: int):
    angkatan = get_angkatan_or_404(angkatan_id)
    certificates = db.session.scalars(
        select(Certificate).where(Certificate.angkatan_id == angkatan.id).order_by(Certificate.sequence)
    ).all()
    if not certificates:
        flash(_("Belum ada STTPL untuk angkatan ini."), "error")
        return redirect(url_for("certificates.angkatan", angkatan_id=angkatan.id))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            name = f"{certificate.sequence:04d}-{_filename(certificate)}"
            archive.writestr(name, certificate_pdf(certificate, verify_url(certificate), PROGRAM_TITLE))
    response = Response(buffer.getvalue(), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="STTPL-{angkatan.name}-{angkatan.year}.zip"'
    return response


@bp.get("/sttpl/<int:certificate_id>.pdf")
@login_required
def download(certificate_id: int):
    certificate = get_certificate_or_404(certificate_id)
    return _pdf_response(certificate_pdf(certificate, verify_url(certificate), PROGRAM_TITLE), _filename(certificate))


@bp.route("/sttpl/<int:certificate_id>/cabut", methods=["GET", "POST"])
@coordinator_required
def revoke(certificate_id: int):
    certificate = get_certificate_or_404(certificate_id, manage=True)
    form = RevokeForm()
    if form.validate_on_submit():
        if issuing.revoke(certificate, form.reason.data.strip(), actor_id=current_user.id):
            db.session.commit()
            flash(_("STTPL %(number)s dicabut.", number=certificate.number), "success")
        else:
            flash(_("STTPL ini sudah dicabut sebelumnya."), "info")
        return redirect(url_for("certificates.angkatan", angkatan_id=certificate.angkatan_id))
    if request.method == "POST":
        flash(error_summary(form), "error")
    return render_template("certificates/revoke.html", certificate=certificate, form=form)


def _verify_limit() -> str:
    return current_app.config.get("LMS_VERIFY_LIMIT", "30 per minute")


@bp.get("/verifikasi")
@limiter.limit(_verify_limit)
def verify_form():
    form = VerifyForm(request.args)
    if request.args and form.validate():
        code = form.code.data.strip().upper().replace(" ", "").replace("-", "")
        return redirect(url_for("certificates.verify", code=code))
    return render_template("certificates/verify_form.html", form=form)


@bp.get("/verifikasi/<code>")
@limiter.limit(_verify_limit)
def verify(code: str):
    """Public: who holds it, which angkatan and institution, when it was issued and whether it is valid; nothing
    else (no NIP, no score). An unknown code says only that it is unknown."""
    certificate = None
    if len(code) <= 64:
        certificate = db.session.scalar(select(Certificate).where(Certificate.code == code.upper()))
    if certificate is None:
        return render_template("certificates/verify_unknown.html", form=VerifyForm()), 404
    return render_template("certificates/verify.html", certificate=certificate)
