"""`flask --app wsgi lms ...`: the commands of every feature, and the demo data, put together."""

import sys
from datetime import timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from lms.attendance.commands import import_sessions_command
from lms.auth.accounts import AccountRefused, create_account
from lms.auth.models import ROLE_VALUES
from lms.authoring.export import ExportRefused, export_content
from lms.content.importer import check_content, import_content
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.ledger_commands import ledger_baseline_command, ledger_head_command, verify_ledger_command
from lms.core.mail import parse_smtp_url, send_email
from lms.core.outbox import OutboxStatus
from lms.core.outbox_sender import count_by_status, send_waiting
from lms.core.security_events import prune
from lms.demo import DEMO_PASSWORD, seed_demo
from lms.people import assignment_import, importer
from lms.quiz.attempts import grade_overdue
from lms.quiz.item_checks import content_warnings


@click.group("lms", cls=AppGroup, help="Latsar LMS: data and content commands.")
def lms_cli():
    pass


lms_cli.add_command(import_sessions_command)
lms_cli.add_command(verify_ledger_command)
lms_cli.add_command(ledger_head_command)
lms_cli.add_command(ledger_baseline_command)


@lms_cli.command("seed-demo", help="Create demo lembaga, instansi, angkatan, participants and staff (once).")
@click.option("--force", is_flag=True, help="Allow in production (never do this with real data).")
def seed_demo_command(force: bool):
    if current_app.config["LMS_ENV"] == "production" and not force:
        raise click.ClickException("seed-demo refuses to run in production without --force.")
    logins = seed_demo()
    db.session.commit()
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for role, nip in logins.items():
        click.echo(f"  {role:<16} NIP {nip}")


@lms_cli.command("create-user", help="Create an account; prints a one-time initial password.")
@click.option("--nip", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLE_VALUES), default="participant", show_default=True)
@click.option("--email", default=None)
def create_user_command(nip: str, name: str, role: str, email: str | None):
    try:
        user, password = create_account(nip, name, role, email, source="cli")
    except AccountRefused as refused:
        raise click.ClickException(f"--{refused.field}: {refused.message}") from None
    db.session.commit()
    click.echo(f"Created {role} {user.nip}. Initial password (shown once): {password}")


@lms_cli.command(
    "import-participants",
    help="Import participants from CSV (nip,nama,email,instansi,angkatan; golongan,ndh optional).",
)
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only check the file; write nothing.")
@click.option(
    "--passwords-out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the initial passwords (default: next to the CSV).",
)
def import_participants_command(csv_file: Path, dry_run: bool, passwords_out: Path | None):
    try:
        text = importer.decode_upload(csv_file.read_bytes())
    except UnicodeDecodeError as error:
        raise click.ClickException("Berkas bukan teks UTF-8.") from error
    plan = importer.plan_import(text, None)
    if plan.problem:
        raise click.ClickException(plan.problem)
    for row in plan.errors:
        click.echo(f"{csv_file}:{row.line}: {'; '.join(row.reasons)}", err=True)
    counts = plan.counts()
    click.echo(
        f"{counts[importer.NEW]} baru, {counts[importer.UNCHANGED]} tidak berubah, {counts[importer.ERROR]} salah."
    )
    if plan.errors:
        click.echo("Tidak ada yang ditulis: perbaiki baris yang salah lalu jalankan lagi.", err=True)
        sys.exit(1)
    if dry_run or not plan.new_rows:
        click.echo("Tidak ada yang ditulis." if dry_run else "Tidak ada perubahan.")
        return
    try:
        created = importer.apply_plan(plan, actor_id=None)
    except importer.ImportConflict as conflict:
        db.session.rollback()
        raise click.ClickException(str(conflict)) from None
    out = passwords_out or csv_file.with_name(csv_file.stem + "-kata-sandi-awal.csv")
    out.touch(mode=0o600)
    out.write_text(importer.credentials_csv(created), encoding="utf-8")
    db.session.commit()
    click.echo(f"{len(created)} peserta didaftarkan. Kata sandi awal ditulis ke {out} (simpan, lalu hapus berkasnya).")


@lms_cli.command(
    "import-assignments",
    help="Assign coaches and mentors from CSV (" + ",".join(assignment_import.COLUMNS) + "); all or nothing.",
)
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only check the file; write nothing.")
@click.option(
    "--base-url",
    envvar="LMS_BASE_URL",
    default="http://localhost:5000",
    show_default=True,
    help="The site's address, for the set-up links of new mentors (env LMS_BASE_URL).",
)
def import_assignments_command(csv_file: Path, dry_run: bool, base_url: str):
    try:
        text = importer.decode_upload(csv_file.read_bytes())
    except UnicodeDecodeError as error:
        raise click.ClickException("Berkas bukan teks UTF-8.") from error
    plan = assignment_import.plan_assignments(text, None)
    if plan.problem:
        raise click.ClickException(plan.problem)
    for line in plan.error_lines(str(csv_file)):
        click.echo(line, err=True)
    counts = plan.counts()
    click.echo(
        f"{counts[assignment_import.CHANGED]} berubah, {counts[assignment_import.UNCHANGED]} tidak berubah, "
        f"{counts[assignment_import.ERROR]} salah; {assignment_import.mentor_count(plan)} akun mentor baru."
    )
    if plan.errors:
        click.echo("Tidak ada yang ditulis: perbaiki baris yang salah lalu jalankan lagi.", err=True)
        sys.exit(1)
    if dry_run or not plan.changed:
        click.echo("Tidak ada yang ditulis." if dry_run else "Tidak ada perubahan.")
        return
    # The set-up links in the mentors' invitations are full addresses: built as a request to the site would.
    with current_app.test_request_context(base_url=base_url):
        try:
            changed = assignment_import.apply_assignments(plan, actor=None)
        except assignment_import.AssignmentConflict as conflict:
            db.session.rollback()
            raise click.ClickException(str(conflict)) from None
        db.session.commit()
    click.echo(f"Penugasan {changed} peserta disimpan; undangan mentor baru ada di kotak keluar.")


def _content_dir(directory: str | None) -> Path:
    return Path(directory or current_app.config["LMS_CONTENT_DIR"])


@lms_cli.command("check-content", help="Validate a content directory without writing (default: content/).")
@click.argument("directory", required=False)
def check_content_command(directory: str | None):
    root = _content_dir(directory)
    tree, problems = check_content(root)
    warnings = _echo_item_warnings(tree)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} masalah; perbaiki lalu jalankan lagi.")
    click.echo(
        f"OK: {len(tree.modules)} modul, {sum(len(m.lessons) for m in tree.modules)} pelajaran, "
        f"{len(tree.phase_pages)} halaman fase" + (f"; {warnings} peringatan penulisan soal." if warnings else ".")
    )


def _echo_item_warnings(tree) -> int:
    """Item-writing warnings (lms/quiz/item_checks.py): printed, never a reason to refuse."""
    warnings = content_warnings(tree)
    for warning in warnings:
        click.echo(str(warning), err=True)
    return len(warnings)


@lms_cli.command("import-content", help="Import or update modules from a content directory (default: content/).")
@click.argument("directory", required=False)
def import_content_command(directory: str | None):
    root = _content_dir(directory)
    report = import_content(root)
    if report.problems:
        db.session.rollback()
        for problem in report.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{len(report.problems)} masalah; tidak ada yang ditulis.")
    db.session.commit()
    if not report.changed:
        click.echo(f"Tidak ada perubahan ({len(report.unchanged)} modul sudah sama).")
        return
    for slug in report.created:
        click.echo(f"baru: {slug}")
    for slug in report.revised:
        click.echo(f"revisi baru: {slug}")
    for line in report.pages + report.notes:
        click.echo(f"diperbarui: {line}")
    click.echo(f"{len(report.unchanged)} modul tidak berubah.")


@lms_cli.command("grade-overdue", help="Grade every attempt left open past its time limit (run from cron).")
def grade_overdue_command():
    graded = grade_overdue()
    db.session.commit()
    click.echo(f"{graded} percobaan dinilai.")


@lms_cli.command("prune-security-events", help="Delete security events older than --days (default 365; run from cron).")
@click.option("--days", type=click.IntRange(min=1), default=365, show_default=True)
def prune_security_events_command(days: int):
    removed = prune(timedelta(days=days))
    db.session.commit()
    click.echo(f"{removed} kejadian keamanan yang lebih lama dari {days} hari dihapus.")


@lms_cli.command("send-outbox", help="Send the outbox's waiting messages over LMS_SMTP_URL (run from a timer).")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True, help="At most this many a run.")
def send_outbox_command(limit: int):
    url = current_app.config["LMS_SMTP_URL"]
    if not url:
        waiting = count_by_status(utcnow())[OutboxStatus.WAITING]
        click.echo(
            f"LMS_SMTP_URL belum diatur: tidak ada yang dikirim. {waiting} pesan menunggu diserahkan langsung "
            "oleh penyelenggara (halaman Pesan keluar)."
        )
        return
    settings = parse_smtp_url(url, ca_file=current_app.config.get("LMS_SMTP_CA_FILE"))
    report = send_waiting(lambda email: send_email(settings, email), current_app.config["LMS_MAIL_FROM"], limit=limit)
    counts = count_by_status(utcnow())
    click.echo(
        f"{report.sent} terkirim, {report.failed} gagal (dicoba lagi nanti); {counts[OutboxStatus.WAITING]} menunggu, "
        f"{counts[OutboxStatus.FAILED]} gagal permanen, {counts[OutboxStatus.UNKNOWN]} status tidak diketahui."
    )
    if report.stopped:
        raise click.ClickException(f"Server SMTP tidak dapat dipakai, pengiriman dihentikan: {report.stopped}")


@lms_cli.command(
    "export-content", help="Write the published modules, quiz settings and banks to DIR (content/ format)."
)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="DIR may hold an older export: its phase folders are replaced.")
def export_content_command(directory: Path, replace: bool):
    try:
        report = export_content(directory, replace=replace)
    except ExportRefused as refused:
        raise click.ClickException(str(refused)) from None
    finally:
        db.session.rollback()  # export only reads
    for warning in report.warnings:
        click.echo(f"peringatan: {warning}", err=True)
    click.echo(
        f"{report.modules} modul, {report.lessons} pelajaran, {report.questions} soal aktif; "
        f"{report.files} berkas ditulis ke {directory}."
    )


@lms_cli.command("generate-data", help="Benchmark data: top the database up to a scale with bulk SQL (bench/).")
@click.option(
    "--scale", type=click.Choice(["default", "instansi10k", "national100k"]), default="default", show_default=True
)
@click.option("--force", is_flag=True, help="Allow in production (never do this with real data).")
def generate_data_command(scale: str, force: bool):
    if current_app.config["LMS_ENV"] == "production" and not force:
        raise click.ClickException("generate-data refuses to run in production without --force.")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    # bench/ is not a package of the app (a deployment need not carry it): found on its path when asked for.
    import generate  # bench/generate.py: imports the curriculum if missing, then bulk inserts

    counts = generate.generate(db.engine.url.render_as_string(hide_password=False), scale)
    click.echo(", ".join(f"{table} {n:,}" for table, n in counts.items()))
