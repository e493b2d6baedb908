"""The question bank of a module (form, file upload with preview, statistics) and quiz settings."""

from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from lms.authoring import questions as rules
from lms.authoring.questions import OptionInput
from lms.authoring.quiz_forms import (
    OPTION_ROWS,
    BankConfirmForm,
    BankUploadForm,
    QuestionForm,
    QuizSettingsForm,
    review_form_data,
    review_from_form,
)
from lms.authoring.quiz_settings import SettingsRefused, update_settings
from lms.authoring.stats import question_stats
from lms.content.access import get_module_for_edit_or_404
from lms.content.models import Module, ModuleRevision
from lms.core.extensions import db
from lms.core.forms import EmptyForm
from lms.people.access import instructor_required
from lms.quiz.access import get_quiz_for_edit_or_404
from lms.quiz.models import Question, Quiz
from lms.quiz.review import MOMENT_LABELS

bp = Blueprint("authoring_quiz", __name__, url_prefix="/kelola")


def _quiz_of(module: Module) -> Quiz | None:
    slug = db.session.scalar(select(ModuleRevision.quiz_slug).where(ModuleRevision.id == module.current_revision_id))
    return db.session.scalar(select(Quiz).where(Quiz.slug == slug)) if slug else None


def _warn_if_graded(module: Module) -> None:
    """The regrade rule: a changed key changes no score until the instructor regrades, on purpose."""
    quiz = _quiz_of(module)
    if quiz is not None and rules.graded_attempts(quiz.id):
        flash(
            _(
                "%(quiz)s sudah punya percobaan yang dinilai. Nilai lama tidak berubah; tinjau dan jalankan "
                "penilaian ulang bila perubahan kunci harus berlaku untuk mereka.",
                quiz=quiz.title,
            ),
            "info",
        )


def _title_of(module: Module) -> str:
    return db.session.scalar(select(ModuleRevision.title).where(ModuleRevision.id == module.current_revision_id))


@bp.get("/modul/<slug>/soal")
@instructor_required
def questions(slug: str):
    module = get_module_for_edit_or_404(slug)
    latest = rules.latest_versions(module.id)
    quiz = _quiz_of(module)
    return render_template(
        "authoring/questions.html",
        module=module,
        title=_title_of(module),
        questions=sorted(latest.values(), key=lambda q: (not q.active, q.position)),
        findings=rules.bank_findings(list(latest.values())),
        used=rules.attempts_using(module.id),
        quiz=quiz,
        form=EmptyForm(),
    )


def _form_question(form: QuestionForm):
    if form.kind.data == "truefalse":
        options = [
            OptionInput("", "", form.right_feedback.data or ""),
            OptionInput("", "", form.wrong_feedback.data or ""),
        ]
        truth = {"benar": True, "salah": False}.get(form.truth.data)
    else:
        options = [OptionInput(o.text.data or "", o.percent.data or "", o.feedback.data or "") for o in form.options]
        truth = None
    return rules.build_question(
        key=form.key.data, kind=form.kind.data, text=form.text.data, options=options, truth=truth
    )


def _fill(form: QuestionForm, question: Question) -> None:
    parsed = rules.as_parsed(question)
    data = {"key": parsed.key, "kind": parsed.kind, "text": parsed.text}
    if parsed.kind == "truefalse":
        right = next(o for o in parsed.options if o.fraction > 0)
        wrong = next(o for o in parsed.options if o.fraction <= 0)
        data.update(truth="benar" if right.text == "Benar" else "salah")
        data.update(right_feedback=right.feedback, wrong_feedback=wrong.feedback)
    else:
        rows = [
            {"text": o.text, "percent": f"{(o.fraction * 100).normalize():f}", "feedback": o.feedback}
            for o in parsed.options
        ]
        data["options"] = rows + [{}] * max(0, OPTION_ROWS - len(rows))
    form.process(data=data)


def _edit(module: Module, question: Question | None):
    form = QuestionForm()
    if request.method == "GET":
        if question is not None:
            _fill(form, question)
    elif form.validate_on_submit():
        if question is not None:
            form.key.data = question.key  # the code names the question across its versions
        try:
            parsed = _form_question(form)
            saved = rules.save_question(module.id, parsed, current_user.id, new=question is None)
        except rules.QuestionRefused as refused:
            db.session.rollback()
            for message in refused.messages:
                flash(message, "error")
        else:
            db.session.commit()
            if saved is None:
                flash(_("Tidak ada perubahan pada soal."), "info")
            else:
                flash(_("Soal %(key)s tersimpan (versi %(v)d).", key=saved.key, v=saved.version), "success")
                if question is not None:
                    _warn_if_graded(module)
            return redirect(url_for("authoring_quiz.questions", slug=module.slug))
    used = rules.attempts_using(module.id).get(question.key, 0) if question else 0
    return render_template(
        "authoring/question_form.html", module=module, title=_title_of(module), form=form, question=question, used=used
    )


@bp.route("/modul/<slug>/soal/baru", methods=["GET", "POST"])
@instructor_required
def new_question(slug: str):
    return _edit(get_module_for_edit_or_404(slug), None)


def _question_or_404(module: Module, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.module_id != module.id:
        abort(404)
    return question


@bp.route("/modul/<slug>/soal/<int:question_id>", methods=["GET", "POST"])
@instructor_required
def edit_question(slug: str, question_id: int):
    module = get_module_for_edit_or_404(slug)
    return _edit(module, _question_or_404(module, question_id))


@bp.post("/modul/<slug>/soal/<int:question_id>/aktif")
@instructor_required
def toggle_question(slug: str, question_id: int):
    module = get_module_for_edit_or_404(slug)
    question = _question_or_404(module, question_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    latest = rules.latest_versions(module.id)[question.key]
    rules.set_active(latest, not latest.active, current_user.id)
    db.session.commit()
    flash(_("Soal diaktifkan.") if latest.active else _("Soal dinonaktifkan: tidak diundi lagi."), "success")
    return redirect(url_for("authoring_quiz.questions", slug=slug))


@bp.route("/modul/<slug>/soal/unggah", methods=["GET", "POST"])
@instructor_required
def upload_bank(slug: str):
    """Step 1: parse and preview. Nothing is stored; the text travels on to step 2 in the form."""
    module = get_module_for_edit_or_404(slug)
    form = BankUploadForm()
    if form.validate_on_submit():
        try:
            text = rules.decode_bank(form.file.data.read(rules.MAX_BANK_BYTES + 1))
        except rules.QuestionRefused as refused:
            flash(refused.messages[0], "error")
        else:
            filename = (form.file.data.filename or "bank.gift").rsplit("/", 1)[-1][:255]
            plan = rules.plan_bank(module.id, filename, text, form.replace.data)
            # formdata=None: the upload's own fields (replace=y) must not fill the confirmation form.
            confirm = BankConfirmForm(
                formdata=None, data={"filename": filename, "text": text, "replace": "1" if form.replace.data else ""}
            )
            return render_template(
                "authoring/bank_preview.html", module=module, title=_title_of(module), plan=plan, form=confirm
            )
    return render_template("authoring/bank_upload.html", module=module, title=_title_of(module), form=form)


@bp.post("/modul/<slug>/soal/unggah/simpan")
@instructor_required
def apply_bank(slug: str):
    """Step 2: parse the same text again and store exactly what the preview showed."""
    module = get_module_for_edit_or_404(slug)
    form = BankConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    plan = rules.plan_bank(module.id, form.filename.data, form.text.data, form.replace.data == "1")
    try:
        counts = rules.apply_bank(module.id, plan, current_user.id)
    except rules.QuestionRefused as refused:
        db.session.rollback()
        flash(refused.messages[0], "error")
        return redirect(url_for("authoring_quiz.upload_bank", slug=slug))
    db.session.commit()
    flash(
        _(
            "Bank soal disimpan: %(new)d baru, %(changed)d versi baru, %(off)d dinonaktifkan.",
            new=counts["baru"],
            changed=counts["berubah"],
            off=counts["nonaktif"],
        ),
        "success",
    )
    if counts["berubah"]:
        _warn_if_graded(module)
    return redirect(url_for("authoring_quiz.questions", slug=slug))


@bp.get("/modul/<slug>/soal/statistik")
@instructor_required
def statistics(slug: str):
    module = get_module_for_edit_or_404(slug)
    return render_template(
        "authoring/stats.html", module=module, title=_title_of(module), stats=question_stats(module.id)
    )


@bp.route("/evaluasi/<quiz_slug>/pengaturan", methods=["GET", "POST"])
@instructor_required
def settings(quiz_slug: str):
    quiz = get_quiz_for_edit_or_404(quiz_slug)
    form = QuizSettingsForm(obj=quiz, **review_form_data(quiz.review))
    if form.validate_on_submit():
        wanted = {name: getattr(form, name).data for name in form.data if name != "csrf_token"}
        wanted["review"] = review_from_form(wanted)
        wanted["title"] = wanted["title"].strip()
        wanted["pass_threshold"] = Decimal(wanted["pass_threshold"]).normalize()
        try:
            change = update_settings(quiz, wanted, current_user.id)
        except SettingsRefused as refused:
            db.session.rollback()
            for _key, reason in refused.problems:
                flash(reason, "error")
        else:
            db.session.commit()
            if not change.changed:
                flash(_("Tidak ada perubahan."), "info")
            else:
                flash(_("Pengaturan %(quiz)s disimpan.", quiz=quiz.title), "success")
            if change.needs_regrade_review:
                flash(
                    ngettext(
                        "Nilai minimal berubah, tetapi %(n)d percobaan yang sudah dinilai tetap memakai nilai minimal "
                        "lama sampai Anda menjalankan penilaian ulang.",
                        "Nilai minimal berubah, tetapi %(n)d percobaan yang sudah dinilai tetap memakai nilai minimal "
                        "lama sampai Anda menjalankan penilaian ulang.",
                        change.graded_attempts,
                        n=change.graded_attempts,
                    ),
                    "info",
                )
                return redirect(url_for("quiz_staff.regrade", slug=quiz.slug))
            return redirect(url_for("authoring_quiz.settings", quiz_slug=quiz.slug))
    return render_template(
        "authoring/quiz_settings.html",
        quiz=quiz,
        form=form,
        graded=rules.graded_attempts(quiz.id),
        moments=MOMENT_LABELS.values(),
    )
