"""Refreshing the parts assembled from the log: a preview first, then only the generated parts change (the
participant's text never), and a preview the log has moved past is refused."""

import re

from sqlalchemy import select

from lms.core.extensions import db
from lms.report.models import ReportSection
from tests.helpers.report import EDITOR, log_items, save
from tests.helpers.web import post


def _digest(html: str) -> str:
    return re.search(r'name="digest"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="digest"', html).group(1) or ""


def _activity_section(app, key):
    with app.app_context():
        section = db.session.scalar(select(ReportSection).where(ReportSection.key == key))
        db.session.expunge_all()
        return section


def test_a_refresh_shows_the_new_entries_then_takes_them_in_without_touching_the_text(report_world):
    app, ids = report_world.app, report_world.ids
    key = f"kegiatan-{ids['activity']}"
    participant = report_world.client("p1")
    post(participant, f"{EDITOR}/mulai", token_from=EDITOR)
    assert save(participant, key, "Tulisan saya sendiri tentang kegiatan ini.", 1).status_code == 302

    html = participant.get(f"{EDITOR}/perbarui").get_data(as_text=True)
    assert "Tidak ada yang berubah" in html

    report_world.log.items[ids["p1"]] = log_items(ids["activity"], report_world.photo_key, extra=1)
    html = participant.get(f"{EDITOR}/perbarui").get_data(as_text=True)
    assert "+   2026-11-04: Uji coba SOP hari ke-1." in html
    assert _activity_section(app, key).generated["steps"][1]["entries"][-1]["done"] != "Uji coba SOP hari ke-1."
    applied = post(participant, f"{EDITOR}/perbarui", {"digest": _digest(html)}, token_from=f"{EDITOR}/perbarui")
    assert applied.status_code == 302
    section = _activity_section(app, key)
    assert section.generated["steps"][1]["entries"][-1]["done"] == "Uji coba SOP hari ke-1."
    assert section.body == "Tulisan saya sendiri tentang kegiatan ini." and section.revision == 2


def test_a_preview_the_log_has_moved_past_is_refused(report_world):
    app, ids = report_world.app, report_world.ids
    key = f"kegiatan-{ids['activity']}"
    participant = report_world.client("p1")
    post(participant, f"{EDITOR}/mulai", token_from=EDITOR)
    report_world.log.items[ids["p1"]] = log_items(ids["activity"], report_world.photo_key, extra=1)
    seen = _digest(participant.get(f"{EDITOR}/perbarui").get_data(as_text=True))
    report_world.log.items[ids["p1"]] = log_items(ids["activity"], report_world.photo_key, extra=2)
    refused = post(participant, f"{EDITOR}/perbarui", {"digest": seen}, token_from=f"{EDITOR}/perbarui")
    assert refused.status_code == 302 and refused.headers["Location"].endswith("/perbarui")
    assert "Log habituasi berubah sejak pratinjau dibuka" in participant.get(f"{EDITOR}/perbarui").get_data(
        as_text=True
    )
    assert len(_activity_section(app, key).generated["steps"][1]["entries"]) == 1
