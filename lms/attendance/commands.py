"""`lms import-sessions`: an angkatan's schedule from CSV, the same plan and apply as the web page's review step."""

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from lms.attendance import session_import
from lms.core import audit
from lms.core.extensions import db
from lms.people.importer import decode_upload
from lms.people.models import Angkatan
from lms.phases.models import Phase


@click.command(
    "import-sessions",
    help="Import an angkatan's sessions from CSV (" + ",".join(session_import.COLUMNS) + "; agenda,widyaiswara"
    " optional); all or nothing, a re-import changes nothing.",
)
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--angkatan", "angkatan_id", type=int, required=True, help="The angkatan's id (see its page's URL).")
@click.option("--phase", "phase_code", default="pjj", show_default=True, help="The phase code (pjj, klasikal...).")
@click.option("--dry-run", is_flag=True, help="Only check the file; write nothing.")
@with_appcontext
def import_sessions_command(csv_file: Path, angkatan_id: int, phase_code: str, dry_run: bool):
    angkatan = db.session.get(Angkatan, angkatan_id)
    if angkatan is None:
        raise click.ClickException(f"Angkatan {angkatan_id} tidak ada.")
    phase_id = db.session.scalar(select(Phase.id).where(Phase.code == phase_code))
    if phase_id is None:
        raise click.ClickException(f"Fase {phase_code} tidak ada.")
    try:
        text = decode_upload(csv_file.read_bytes())
    except UnicodeDecodeError as error:
        raise click.ClickException("Berkas bukan teks UTF-8.") from error
    plan = session_import.plan_sessions(text, angkatan, phase_id)
    if plan.problem:
        raise click.ClickException(plan.problem)
    for row in plan.errors:
        click.echo(f"{csv_file}:{row.line}: {' '.join(row.reasons)}", err=True)
    counts = plan.counts()
    click.echo(
        f"{counts[session_import.NEW]} baru, {counts[session_import.UNCHANGED]} tidak berubah, "
        f"{counts[session_import.ERROR]} salah."
    )
    if plan.errors:
        click.echo("Tidak ada yang ditulis: perbaiki baris yang salah lalu jalankan lagi.", err=True)
        sys.exit(1)
    if dry_run or not plan.new_rows:
        click.echo("Tidak ada yang ditulis." if dry_run else "Tidak ada perubahan.")
        return
    created = session_import.apply_sessions(plan, angkatan, phase_id)
    audit.record("session_import.cli", "angkatan", angkatan.id, created=len(created), filename=csv_file.name)
    db.session.commit()
    click.echo(f"{len(created)} sesi ditambahkan ke {angkatan.name}.")
