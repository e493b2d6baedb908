"""The module editor: lessons and module info in markdown with a server-rendered preview, images,
lesson order, drafts, publishing, history with diffs and restore; and the assignment page."""

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from lms.authoring import assignments, overview
from lms.authoring import revisions as rules
from lms.authoring.diff import compare
from lms.authoring.forms import AssignForm, ConfirmForm, ImageForm, InfoForm, LessonForm, OrderForm
from lms.authoring.uploads import UploadRefused, store_image
from lms.content.access import get_module_for_edit_or_404
from lms.content.models import Lesson, Module, ModuleRevision
from lms.content.revisions import asset_urls
from lms.content.source import MAX_IMAGE_BYTES, MAX_LESSON_CHARS
from lms.core.extensions import db
from lms.core.forms import EmptyForm, error_summary
from lms.core.render import render_markdown
from lms.people.access import admin_required, instructor_required
from lms.quiz.models import Quiz

bp = Blueprint("authoring", __name__, url_prefix="/kelola")


@bp.get("/")
@instructor_required
def index():
    return render_template("authoring/index.html", modules=overview.editable_modules(current_user))


@bp.get("/modul/<slug>")
@instructor_required
def module(slug: str):
    module = get_module_for_edit_or_404(slug)
    latest = rules.latest_revision(module.id)
    current = db.session.get(ModuleRevision, module.current_revision_id) if module.current_revision_id else None
    lessons = db.session.scalars(select(Lesson).where(Lesson.revision_id == latest.id).order_by(Lesson.position)).all()
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == latest.quiz_slug)) if latest.quiz_slug else None
    base = {"base": latest.number}
    return render_template(
        "authoring/module.html",
        module=module,
        latest=latest,
        current=current,
        lessons=lessons,
        quiz=quiz,
        assets=sorted(asset_urls(latest.assets or {}).items()),
        assigned=overview.assigned_names(module.id),
        order_form=OrderForm(data=base),
        image_form=ImageForm(data=base),
        confirm_form=ConfirmForm(data=base),
        max_image_mb=MAX_IMAGE_BYTES // (1024 * 1024),
    )


def _save(module: Module, content, form, default_note: str):
    """Save as a draft revision and go back to the module; on a refusal, None (the form keeps the text)."""
    try:
        revision = rules.save_revision(
            module,
            content,
            base_number=form.base_number,
            author_id=current_user.id,
            note=(form.note.data or "").strip() or default_note,
        )
    except rules.RevisionRefused as refused:
        db.session.rollback()
        for message in refused.messages:
            flash(message, "error")
        return None
    db.session.commit()
    flash(
        _(
            "Tersimpan sebagai draf revisi %(n)d. Peserta belum melihatnya sampai Anda menerbitkannya.",
            n=revision.number,
        ),
        "success",
    )
    return redirect(url_for("authoring.module", slug=module.slug))


def _preview(text: str, latest: ModuleRevision) -> str:
    # The longest text a lesson may hold; anything longer is refused rather than rendered (or cut).
    if len(text or "") > MAX_LESSON_CHARS:
        message = _(
            "Pratinjau tidak dibuat: teks %(n)s karakter, paling banyak %(max)s. Teks Anda tidak hilang; "
            "bagi menjadi beberapa pelajaran.",
            n=f"{len(text):,}".replace(",", "."),
            max=f"{MAX_LESSON_CHARS:,}".replace(",", "."),
        )
        return str(Markup("<p><strong>{}</strong></p>").format(message))
    return render_markdown(text or "", asset_urls(latest.assets or {})).html


def _wants_preview(form) -> bool:
    form.validate()
    return request.form.get("aksi") == "pratinjau" and not form.csrf_token.errors


@bp.route("/modul/<slug>/pelajaran/<lesson_slug>", methods=["GET", "POST"])
@instructor_required
def lesson(slug: str, lesson_slug: str):
    module = get_module_for_edit_or_404(slug)
    latest = rules.latest_revision(module.id)
    content = rules.content_of(latest)
    current = content.lesson(lesson_slug)
    if current is None:
        abort(404)
    form = LessonForm()
    preview = None
    if request.method == "GET":
        form.process(
            data={"base": latest.number, "title": current.title, "minutes": current.minutes, "body": current.body}
        )
    elif _wants_preview(form):
        preview = _preview(form.body.data, latest)
    elif form.validate_on_submit():
        changed = rules.change_lesson(
            content, lesson_slug, title=form.title.data, minutes=form.minutes.data, body=form.body.data
        )
        done = _save(module, changed, form, f"ubah pelajaran: {form.title.data.strip()}")
        if done:
            return done
    return render_template(
        "authoring/lesson_form.html", module=module, latest=latest, form=form, preview=preview, lesson=current
    )


@bp.route("/modul/<slug>/pelajaran-baru", methods=["GET", "POST"])
@instructor_required
def new_lesson(slug: str):
    module = get_module_for_edit_or_404(slug)
    latest = rules.latest_revision(module.id)
    form = LessonForm()
    preview = None
    if request.method == "GET":
        form.process(data={"base": latest.number, "minutes": 20})
    elif _wants_preview(form):
        preview = _preview(form.body.data, latest)
    elif form.validate_on_submit():
        content = rules.content_of(latest)
        new_slug = rules.new_lesson_slug(module.id, form.title.data)
        changed = rules.add_lesson(
            content, new_slug, title=form.title.data, minutes=form.minutes.data, body=form.body.data
        )
        done = _save(module, changed, form, f"pelajaran baru: {form.title.data.strip()}")
        if done:
            return done
    return render_template(
        "authoring/lesson_form.html", module=module, latest=latest, form=form, preview=preview, lesson=None
    )


@bp.post("/modul/<slug>/pelajaran/<lesson_slug>/hapus")
@instructor_required
def remove_lesson(slug: str, lesson_slug: str):
    module = get_module_for_edit_or_404(slug)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    content = rules.content_of(rules.latest_revision(module.id))
    removed = content.lesson(lesson_slug)
    if removed is None:
        abort(404)
    return _save(module, rules.remove_lesson(content, lesson_slug), form, f"hapus pelajaran: {removed.title}") or (
        redirect(url_for("authoring.module", slug=slug))
    )


@bp.post("/modul/<slug>/urutan")
@instructor_required
def reorder(slug: str):
    module = get_module_for_edit_or_404(slug)
    form = OrderForm()
    if not form.validate_on_submit():
        abort(400)
    content = rules.content_of(rules.latest_revision(module.id))
    wanted = []
    for index, lesson in enumerate(content.lessons):
        raw = request.form.get(f"urutan-{lesson.slug}", "").strip()
        if not raw.isdigit():
            flash(_('Nomor urut "%(title)s" harus angka.', title=lesson.title), "error")
            return redirect(url_for("authoring.module", slug=slug))
        wanted.append((int(raw), index, lesson.slug))
    order = [lesson_slug for _n, _i, lesson_slug in sorted(wanted)]
    if order == [lesson.slug for lesson in content.lessons]:
        flash(_("Urutan tidak berubah."), "info")
        return redirect(url_for("authoring.module", slug=slug))
    return _save(module, rules.reorder_lessons(content, order), form, "urutan pelajaran") or (
        redirect(url_for("authoring.module", slug=slug))
    )


@bp.route("/modul/<slug>/info", methods=["GET", "POST"])
@instructor_required
def info(slug: str):
    module = get_module_for_edit_or_404(slug)
    latest = rules.latest_revision(module.id)
    content = rules.content_of(latest)
    form = InfoForm()
    preview = None
    if request.method == "GET":
        form.process(
            data={
                "base": latest.number,
                "title": content.title,
                "jp": content.jp,
                "objectives": "\n".join(content.objectives),
                "summary": content.summary,
                "intro": content.intro,
            }
        )
    elif _wants_preview(form):
        preview = _preview(form.intro.data, latest)
    elif form.validate_on_submit():
        changed = rules.change_info(
            content,
            title=form.title.data,
            jp=form.jp.data,
            objectives=form.objectives.data.splitlines(),
            summary=form.summary.data,
            intro=form.intro.data or "",
        )
        done = _save(module, changed, form, "ubah informasi modul")
        if done:
            return done
    return render_template("authoring/info_form.html", module=module, latest=latest, form=form, preview=preview)


@bp.post("/modul/<slug>/gambar")
@instructor_required
def upload_image(slug: str):
    module = get_module_for_edit_or_404(slug)
    form = ImageForm()
    if not form.validate_on_submit():
        flash(error_summary(form) or _("Formulir kedaluwarsa; muat ulang halaman."), "error")
        return redirect(url_for("authoring.module", slug=slug))
    upload = form.image.data
    data = upload.read(MAX_IMAGE_BYTES + 1)
    try:
        path, sha = store_image(module.id, upload.filename, data)
    except UploadRefused as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(url_for("authoring.module", slug=slug))
    content = rules.add_asset(rules.content_of(rules.latest_revision(module.id)), path, sha)
    done = _save(module, content, form, f"gambar diunggah: {path}")
    if done:
        flash(_("Tulis di pelajaran: ![keterangan gambar](%(path)s)", path=path), "info")
    return done or redirect(url_for("authoring.module", slug=slug))


@bp.post("/modul/<slug>/pratinjau")
@instructor_required
def preview(slug: str):
    """The live preview of static/editor.js: the same renderer and sanitizer as a saved lesson."""
    module = get_module_for_edit_or_404(slug)
    latest = rules.latest_revision(module.id)
    return jsonify(html=_preview(request.form.get("teks", ""), latest))


@bp.route("/modul/<slug>/terbitkan", methods=["GET", "POST"])
@instructor_required
def publish(slug: str):
    module = get_module_for_edit_or_404(slug)
    latest = rules.latest_revision(module.id)
    current = db.session.get(ModuleRevision, module.current_revision_id) if module.current_revision_id else None
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            revision = rules.publish(module, form.base_number, current_user.id)
        except rules.RevisionRefused as refused:
            db.session.rollback()
            for message in refused.messages:
                flash(message, "error")
            return redirect(url_for("authoring.publish", slug=slug))
        db.session.commit()
        flash(_("Revisi %(n)d diterbitkan: peserta sekarang membaca versi ini.", n=revision.number), "success")
        return redirect(url_for("authoring.module", slug=slug))
    if current is not None and current.id == latest.id:
        flash(_("Tidak ada draf: revisi terbaru sudah diterbitkan."), "info")
        return redirect(url_for("authoring.module", slug=slug))
    comparison = compare(rules.content_of(current), rules.content_of(latest)) if current else None
    form.base.data = latest.number
    return render_template(
        "authoring/publish.html",
        module=module,
        latest=latest,
        current=current,
        comparison=comparison,
        progress=rules.progress_counts(module.id),
        form=form,
    )


@bp.get("/modul/<slug>/riwayat")
@instructor_required
def history(slug: str):
    module = get_module_for_edit_or_404(slug)
    rows = overview.history(module)
    return render_template("authoring/history.html", module=module, rows=rows, form=EmptyForm())


@bp.get("/modul/<slug>/banding")
@instructor_required
def diff(slug: str):
    module = get_module_for_edit_or_404(slug)
    before = rules.revision_by_number(module.id, request.args.get("dari", type=int) or 0)
    after = rules.revision_by_number(module.id, request.args.get("ke", type=int) or 0)
    if before is None or after is None:
        flash(_("Pilih dua revisi yang ada untuk dibandingkan."), "error")
        return redirect(url_for("authoring.history", slug=slug))
    comparison = compare(rules.content_of(before), rules.content_of(after))
    return render_template(
        "authoring/diff.html", module=module, before=before, after=after, comparison=comparison, form=EmptyForm()
    )


@bp.get("/modul/<slug>/revisi/<int:number>")
@instructor_required
def revision(slug: str, number: int):
    module = get_module_for_edit_or_404(slug)
    found = rules.revision_by_number(module.id, number)
    if found is None:
        abort(404)
    lessons = db.session.scalars(select(Lesson).where(Lesson.revision_id == found.id).order_by(Lesson.position)).all()
    return render_template("authoring/revision.html", module=module, revision=found, lessons=lessons, form=EmptyForm())


@bp.post("/modul/<slug>/revisi/<int:number>/pulihkan")
@instructor_required
def restore(slug: str, number: int):
    module = get_module_for_edit_or_404(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        revision = rules.restore(module, number, current_user.id)
    except rules.RevisionRefused as refused:
        db.session.rollback()
        flash(refused.messages[0], "error")
        return redirect(url_for("authoring.history", slug=slug))
    db.session.commit()
    flash(
        _(
            "Revisi %(old)d dipulihkan sebagai draf revisi %(new)d. Terbitkan bila sudah sesuai.",
            old=number,
            new=revision.number,
        ),
        "success",
    )
    return redirect(url_for("authoring.module", slug=slug))


@bp.route("/penugasan", methods=["GET", "POST"])
@admin_required
def assignment_list():
    form = AssignForm()
    form.module_id.choices = overview.module_choices()
    form.user_id.choices = overview.instructor_choices()
    if form.validate_on_submit():
        if assignments.assign(form.module_id.data, form.user_id.data, current_user.id):
            db.session.commit()
            flash(_("Pengajar ditugaskan ke modul."), "success")
        else:
            flash(_("Pengajar itu sudah ditugaskan ke modul tersebut."), "info")
        return redirect(url_for("authoring.assignment_list"))
    return render_template("authoring/assignments.html", form=form, rows=overview.assignments(), remove=EmptyForm())


@bp.post("/penugasan/<int:module_id>/<int:user_id>/hapus")
@admin_required
def unassign(module_id: int, user_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    if assignments.unassign(module_id, user_id, current_user.id):
        db.session.commit()
        flash(_("Penugasan dihapus."), "success")
    return redirect(url_for("authoring.assignment_list"))
