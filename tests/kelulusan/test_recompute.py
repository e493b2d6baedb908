"""The program recompute: a newer version is offered on the kelulusan page, previewed per participant (old and new
final, band, pass, changed rows marked) and applied with a reason, audited; never after ratification."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.kelulusan.ratification import Refused, prepare_result, stale_changes
from lms.kelulusan.recompute import apply_newer_program, newer_program, preview
from lms.program.models import AngkatanProgram
from lms.program.versions import version_for_angkatan
from tests.helpers.kelulusan import PROGRAM_V2, graduating, install_program, prepared_and_ratified
from tests.helpers.web import client_for, csrf_token


def _pinned_then_newer():
    """An angkatan pinned to the first version (as the import pins running angkatan) and a newer version."""
    angkatan, people, coordinator, other, head = graduating()
    db.session.add(AngkatanProgram(angkatan_id=angkatan.id, version_id=version_for_angkatan(angkatan.id).id))
    newer = install_program(PROGRAM_V2, "Program uji v2")
    db.session.commit()
    return angkatan, people, coordinator, other, head, newer


def test_the_preview_shows_old_and_new_and_applying_pins_with_the_reason(kctx):
    angkatan, (first, _second, failing), coordinator, _other, _head, newer = _pinned_then_newer()
    assert newer_program(angkatan.id).id == newer.id
    shown = preview(angkatan.id, newer)
    rows = {row.participant.user_id: row for row in shown.rows}
    assert (rows[first.id].old.final, rows[first.id].new.final) == (Decimal("87.00"), Decimal("86.00"))
    assert rows[first.id].changed and shown.changed == 3
    assert rows[failing.id].old.passes is False and rows[failing.id].new.passes is False
    prepared = prepare_result(angkatan.id, coordinator.id)
    with pytest.raises(Refused, match="alasan"):
        apply_newer_program(angkatan.id, newer.id, "pendek", coordinator.id)
    with pytest.raises(Refused, match="bukan versi terbaru"):
        apply_newer_program(angkatan.id, newer.id - 1, "Pedoman lembaga yang baru", coordinator.id)
    apply_newer_program(angkatan.id, newer.id, "Pedoman lembaga yang baru", coordinator.id)
    db.session.commit()
    assert version_for_angkatan(angkatan.id).id == newer.id and newer_program(angkatan.id) is None
    pin = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "program.pin"))
    assert pin.reason == "Pedoman lembaga yang baru" and pin.actor_id == coordinator.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "kelulusan.recompute"))
    assert entry.details["changed"][str(first.id)] == {"old": "87.00", "new": "86.00", "passes": [True, True]}
    assert stale_changes(prepared)  # the prepared result must be prepared again under the new version


def test_no_recompute_after_ratification(kctx):
    angkatan, _people, coordinator, _other, head, newer = _pinned_then_newer()
    prepared_and_ratified(angkatan, coordinator, head)
    with pytest.raises(Refused, match="hanya berubah melalui koreksi"):
        apply_newer_program(angkatan.id, newer.id, "Pedoman lembaga yang baru", coordinator.id)


def test_the_kelulusan_page_offers_the_newer_program_and_applies_it(kelulusan_app):
    with kelulusan_app.app_context():
        angkatan, _people, coordinator, _other, _head, newer = _pinned_then_newer()
        angkatan_id, newer_id, nip = angkatan.id, newer.id, coordinator.nip
    client = client_for(kelulusan_app, nip)
    page = client.get(f"/kelulusan/angkatan/{angkatan_id}/persiapan").get_data(as_text=True)
    assert "Program baru tersedia" in page
    preview_page = client.get(f"/kelulusan/angkatan/{angkatan_id}/program-baru")
    html = preview_page.get_data(as_text=True)
    assert preview_page.headers["Cache-Control"] == "no-store"
    assert 'class="changed"' in html and "87,00" in html and "86,00" in html
    token = csrf_token(client, f"/kelulusan/angkatan/{angkatan_id}/program-baru")
    url = f"/kelulusan/angkatan/{angkatan_id}/program-baru"
    refused = client.post(url, data={"csrf_token": token, "version_id": newer_id, "reason": "x"})
    assert refused.status_code == 400 and "Tulis alasan" in refused.get_data(as_text=True)
    done = client.post(url, data={"csrf_token": token, "version_id": newer_id, "reason": "Surat edaran kepala 2026"})
    assert done.status_code == 302
    with kelulusan_app.app_context():
        assert version_for_angkatan(angkatan_id).id == newer_id
    assert "Program baru tersedia" not in client.get(f"/kelulusan/angkatan/{angkatan_id}/persiapan").get_data(
        as_text=True
    )
