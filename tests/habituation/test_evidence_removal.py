"""Taking an evidence file off a log entry, with real requests: the author only, before the mentor confirms (the
entry keeps its earlier version and waits for the mentor again, the stored file is deleted, the removal audited);
a confirmed entry's evidence stays; a failed write leaves no file in storage."""

import io
from datetime import date

import pytest
from sqlalchemy import select

from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.core.photos import check_evidence
from lms.core.storage import get_storage
from lms.habituation import entries
from lms.habituation.models import LogEntry, LogEntryVersion
from lms.habituation.period import Period
from tests.helpers.habituation import jpeg_bytes
from tests.helpers.web import post

NEW = "/habituasi/entri/baru"


def _write(client, world) -> None:
    data = {
        "target": f"{world.activity_id}-1",
        "day": world.day.isoformat(),
        "done": "Konsultasi draf SOP dengan kepala puskesmas.",
        "value_akuntabel": "Notulen konsultasi disimpan.",
        "caption": "Konsultasi",
        "files": [(io.BytesIO(jpeg_bytes((800, 600))), "a.jpg"), (io.BytesIO(jpeg_bytes((800, 600))), "b.jpg")],
    }
    assert post(client, NEW, data, token_from=NEW, content_type="multipart/form-data").status_code == 302


def _entry(app) -> LogEntry:
    with app.app_context():
        entry = db.session.scalars(select(LogEntry)).one()
        entry.evidence  # noqa: B018  (loaded while the session is open)
        return entry


def _remove(client, entry, evidence_id, revision):
    page = f"/habituasi/entri/{entry.id}"
    return post(client, f"{page}/bukti/{evidence_id}/hapus", {"revision": str(revision)}, token_from=page)


def test_the_author_removes_a_file_before_confirmation(app, log_world):
    p1 = log_world.client("p1")
    _write(p1, log_world)
    entry = _entry(app)
    first, second = entry.evidence
    page = p1.get(f"/habituasi/entri/{entry.id}").get_data(as_text=True)
    assert "Hapus bukti a.jpg" in page
    # Not the mentor's, the coach's or another participant's to remove.
    for who in ("mentor_m", "coach_a", "p2"):
        assert _remove(log_world.client(who), entry, first.id, 1).status_code in (403, 404), who
    # A page showing an older revision is refused.
    stale = _remove(p1, entry, first.id, 0)
    assert "baru saja diubah" in p1.get(stale.headers["Location"]).get_data(as_text=True)
    done = _remove(p1, entry, first.id, 1)
    assert done.status_code == 302
    assert "Bukti dihapus" in p1.get(done.headers["Location"]).get_data(as_text=True)
    after = _entry(app)
    assert [e.id for e in after.evidence] == [second.id] and after.revision == 2 and after.state == "waiting"
    with app.app_context():
        assert not get_storage().exists(first.key) and get_storage().exists(second.key)
        kept = db.session.scalars(select(LogEntryVersion).where(LogEntryVersion.entry_id == entry.id)).one()
        assert kept.data["evidence"] == ["a.jpg", "b.jpg"]
        audited = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "habituasi.evidence_remove")).one()
        assert audited.details["filename"] == "a.jpg" and audited.actor_id == log_world.ids["p1"]
    # The file is no longer on the entry: removing it again is not found.
    assert _remove(p1, entry, first.id, 2).status_code == 404


def test_a_confirmed_entrys_evidence_stays(app, log_world):
    p1 = log_world.client("p1")
    _write(p1, log_world)
    entry = _entry(app)
    page = f"/habituasi/entri/{entry.id}"
    mentor = log_world.client("mentor_m")
    assert post(mentor, f"{page}/keputusan", {"action": "confirm", "revision": "1"}, token_from=page).status_code == 302
    assert "Hapus bukti" not in p1.get(page).get_data(as_text=True)
    refused = _remove(p1, entry, entry.evidence[0].id, 1)
    assert "sudah dikonfirmasi" in p1.get(refused.headers["Location"]).get_data(as_text=True)
    assert len(_entry(app).evidence) == 2
    with app.app_context():
        assert get_storage().exists(entry.evidence[0].key)


def test_a_failed_write_leaves_no_file_in_storage(app, log_world, monkeypatch):
    with app.app_context():
        stored = []
        real_store = entries.store_evidence

        def remembering(evidence):
            key, size = real_store(evidence)
            stored.append(key)
            return key, size

        def failing_flush(*_args, **_kwargs):
            raise RuntimeError("the database went away")

        monkeypatch.setattr(entries, "store_evidence", remembering)
        monkeypatch.setattr(db.session, "flush", failing_flush)
        data = entries.EntryInput(
            activity_id=log_world.activity_id,
            step=1,
            day=log_world.day,
            done="Konsultasi.",
            values={"akuntabel": "Notulen."},
            obstacles="",
        )
        evidence = check_evidence("a.jpg", jpeg_bytes((800, 600)))
        with pytest.raises(RuntimeError):
            period = Period(log_world.opens, log_world.closes, 320)
            entries.create_entry(log_world.ids["p1"], data, period, date.today(), [(evidence, "Konsultasi")])
        assert stored and not any(get_storage().exists(key) for key in stored)
