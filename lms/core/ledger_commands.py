"""`lms verify-ledger`, `lms ledger-head` and `lms ledger-baseline` (README: "The score ledger")."""

import re
import sys

import click
from flask.cli import with_appcontext

from lms.core.extensions import db
from lms.core.ledger import head
from lms.core.ledger_verify import BaselineRefused, baseline, describe, verify

ANCHOR = re.compile(r"#?(\d+):([0-9a-fA-F]{64})")


def _when(at) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S UTC") if at else "-"


def _anchors(values: tuple[str, ...]) -> dict[int, str]:
    anchors = {}
    for value in values:
        match = ANCHOR.fullmatch(value.strip())
        if not match:
            raise click.BadParameter(f"{value!r}: tulis NOMOR:HASH, misalnya 1234:9f86d0...", param_hint="--expect")
        anchors[int(match[1])] = match[2].lower()
    return anchors


@click.command(
    "verify-ledger",
    help="Recompute the score ledger's hash chain, check recorded head hashes, and reconcile the latest values with "
    "the score rows; exits 1 naming the first broken entry and every difference.",
)
@click.option(
    "--expect",
    "expected",
    multiple=True,
    metavar="SEQ:HASH",
    help="A head hash recorded outside the system (the ratified recap, an e-mail): the entry must still have it.",
)
@with_appcontext
def verify_ledger_command(expected: tuple[str, ...]):
    anchors = _anchors(expected)
    result = verify(anchors)
    db.session.rollback()
    click.echo(f"Ledger: {result.entries} entri diperiksa; kepala {result.head} ({_when(result.head.at)}).")
    if result.broken:
        b = result.broken
        who = f", peserta {b.participant_id}" if b.participant_id is not None else ""
        click.echo(
            f"RANTAI RUSAK di entri #{b.seq} ({_when(b.at)}, {b.kind}, {b.object_type} {b.object_id}{who}): {b.reason}."
        )
    else:
        click.echo("Rantai utuh: setiap hash dihitung ulang dan cocok.")
    for problem in result.anchor_problems:
        click.echo(f"HASH YANG DICATAT TIDAK COCOK: {problem}.")
    for object_type in result.unread_types:
        click.echo(f"TIDAK DICOCOKKAN: jenis objek '{object_type}' tidak punya pembaca nilai (Reader).")
    click.echo(f"Pencocokan: {result.objects} objek dibandingkan dengan nilainya sekarang.")
    if result.difference_count:
        click.echo(f"NILAI TIDAK COCOK DENGAN LEDGER: {result.difference_count}.")
        for difference in result.differences:
            click.echo(f"  {describe(difference)}")
        if result.difference_count > len(result.differences):
            click.echo(f"  ... dan {result.difference_count - len(result.differences)} lagi.")
    rate = result.entries / result.seconds if result.seconds else 0
    click.echo(f"Selesai dalam {result.seconds:.2f} detik ({rate:,.0f} entri/detik).")
    if not result.ok:
        click.echo("LEDGER TIDAK VALID.", err=True)
        sys.exit(1)
    click.echo("Ledger valid.")


@click.command("ledger-head", help="Print the score ledger's head: the latest sequence number, hash and time.")
@with_appcontext
def ledger_head_command():
    current = head()
    click.echo(f"{current.seq}:{current.hash} {_when(current.at)}")


@click.command(
    "ledger-baseline",
    help="Once, after upgrading an installation whose scores predate the ledger: a baseline entry for every value "
    "already there. Refused once the app has written entries.",
)
@with_appcontext
def ledger_baseline_command():
    try:
        written = baseline()
    except BaselineRefused as refused:
        db.session.rollback()
        raise click.ClickException(str(refused)) from None
    click.echo(f"{written} entri saldo awal dicatat. Kepala: {head()}.")
