"""The report's whole path with real requests (CSRF on): started from the approved plan and the confirmed log,
edited section by section (a stale tab refused with both texts), submitted, returned with a comment, fixed,
checked by the coach, approved by the mentor; each transition audited, versions kept, comments kept."""

import re

from sqlalchemy import select

from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.report.models import AktualisasiReport, ReportComment, ReportSection, ReportVersion
from tests.helpers.report import EDITOR, act, save, submit
from tests.helpers.web import post


def _report(app, user_id) -> AktualisasiReport:
    with app.app_context():
        report = db.session.scalar(select(AktualisasiReport).where(AktualisasiReport.user_id == user_id))
        db.session.expunge_all()
        return report


def _sections(app, user_id) -> dict[str, ReportSection]:
    with app.app_context():
        rows = db.session.scalars(
            select(ReportSection)
            .join(AktualisasiReport, AktualisasiReport.id == ReportSection.report_id)
            .where(AktualisasiReport.user_id == user_id)
        ).all()
        db.session.expunge_all()
        return {s.key: s for s in rows}


def _start(client):
    return post(client, f"{EDITOR}/mulai", token_from=EDITOR)


def _fill_empty_sections(client, sections) -> None:
    for key, section in sections.items():
        if not section.body:
            assert save(client, key, f"Isi bagian {key}.", section.revision).status_code == 302


def test_the_report_is_assembled_from_the_approved_plan_and_the_confirmed_log(report_world):
    app, ids = report_world.app, report_world.ids
    participant = report_world.client("p1")
    page = participant.get(EDITOR).get_data(as_text=True)
    assert "Mulai menyusun laporan" in page
    assert _start(participant).status_code == 302
    assert _start(participant).status_code == 302  # a second click (another tab) changes nothing
    sections = _sections(app, ids["p1"])
    activity = f"kegiatan-{ids['activity']}"
    assert list(sorted(sections, key=lambda k: sections[k].position)) == [
        "pendahuluan",
        "isu_gagasan",
        activity,
        "nilai",
        "dampak",
        "penutup",
    ]
    assert "Antrean pendaftaran pasien" in sections["pendahuluan"].body
    assert "Rapat dengan kepala puskesmas tentang SOP antrean." in sections[activity].body
    steps = sections[activity].generated["steps"]
    assert [len(s["entries"]) for s in steps] == [1, 1]
    assert steps[0]["entries"][0]["evidence"][0]["key"] == report_world.photo_key
    html = participant.get(EDITOR).get_data(as_text=True)
    assert "Draf" in html and "Pelaksanaan kegiatan 1: Menyusun SOP" in html
    assert f"{EDITOR}/{ids['p1']}/bukti/1" in html  # the photo, through the report's access check
    photo = participant.get(f"{EDITOR}/{ids['p1']}/bukti/1")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert participant.get(f"{EDITOR}/{ids['p1']}/bukti/2").status_code == 404


def test_before_the_plan_is_approved_there_is_no_report_to_start(report_world):
    participant = report_world.client("p2")
    html = participant.get(EDITOR).get_data(as_text=True)
    assert "setelah rancangan aktualisasi Anda disahkan" in html and "Mulai menyusun" not in html
    refused = _start(participant)
    assert refused.status_code == 302
    assert "setelah rancangan aktualisasi Anda disahkan" in participant.get(EDITOR).get_data(as_text=True)
    assert _report(report_world.app, report_world.ids["p2"]) is None


def test_a_stale_tab_is_refused_with_both_texts_and_nothing_is_lost(report_world):
    app, ids = report_world.app, report_world.ids
    participant = report_world.client("p1")
    _start(participant)
    assert save(participant, "penutup", "Kesimpulan dari tab pertama.", 1).status_code == 302
    stale = save(participant, "penutup", "Saran dari tab kedua yang lama.", 1)
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "Kesimpulan dari tab pertama." in html and "Saran dari tab kedua yang lama." in html
    assert "sudah diubah di tab atau perangkat lain" in html
    assert _sections(app, ids["p1"])["penutup"].body == "Kesimpulan dari tab pertama."
    # Saved again from the refused form (it now carries the stored revision): replaces it, knowingly.
    revision = re.search(r'name="revision" type="hidden" value="(\d+)"|value="(\d+)"[^>]*name="revision"', html)
    assert save(participant, "penutup", "Gabungan kedua tab.", 2).status_code == 302
    assert revision is not None
    assert _sections(app, ids["p1"])["penutup"].body == "Gabungan kedua tab."


def test_too_long_a_text_is_refused_and_kept(report_world):
    participant = report_world.client("p1")
    _start(participant)
    response = save(participant, "penutup", "x" * 20001, 1)
    assert response.status_code == 422
    assert "Paling banyak 20000 karakter" in response.get_data(as_text=True)


def test_submit_return_check_approve_each_by_the_right_person_audited_with_versions(report_world):
    app, ids = report_world.app, report_world.ids
    participant, coach, mentor = (report_world.client(w) for w in ("p1", "coach_a", "mentor_m"))
    _start(participant)
    refused = submit(participant)
    assert refused.status_code == 302 and _report(app, ids["p1"]).state == "draft"
    assert "Tulis bagian" in participant.get(EDITOR).get_data(as_text=True)
    _fill_empty_sections(participant, _sections(app, ids["p1"]))
    assert submit(participant).status_code == 302
    assert _report(app, ids["p1"]).state == "submitted"
    assert submit(participant, "draft").status_code == 302  # the double click: refused, lands once
    assert "Diajukan ke coach" in participant.get(EDITOR).get_data(as_text=True)

    queue = coach.get("/aktualisasi/antrean").get_data(as_text=True)
    assert "Laporan menunggu pemeriksaan" in queue and f"{EDITOR}/{ids['p1']}" in queue
    assert act(coach, ids["p1"], "return", "submitted").status_code == 422  # no comment: says why, keeps the page
    returned = act(coach, ids["p1"], "return", "submitted", penutup="Saran belum konkret.")
    assert returned.status_code == 302 and _report(app, ids["p1"]).state == "returned_by_coach"
    html = participant.get(EDITOR).get_data(as_text=True)
    assert "Saran belum konkret." in html and "Dikembalikan coach" in html
    section = _sections(app, ids["p1"])["penutup"]
    assert (
        save(participant, "penutup", "Saran: perluas antrean daring ke poli gigi.", section.revision).status_code == 302
    )
    assert submit(participant, "returned_by_coach").status_code == 302
    assert act(mentor, ids["p1"], "approve", "submitted").status_code == 302  # not the mentor's turn yet: refused
    assert _report(app, ids["p1"]).state == "submitted"
    assert act(coach, ids["p1"], "check", "submitted").status_code == 302
    assert _report(app, ids["p1"]).state == "checked_by_coach"
    assert "Laporan menunggu persetujuan" in mentor.get("/aktualisasi/antrean").get_data(as_text=True)
    assert act(coach, ids["p1"], "approve", "checked_by_coach").status_code == 403
    assert act(mentor, ids["p1"], "approve", "checked_by_coach").status_code == 302
    assert act(mentor, ids["p1"], "approve", "checked_by_coach").status_code == 302  # again: refused, once
    assert _report(app, ids["p1"]).state == "approved_by_mentor"
    assert "Unduh PDF" in participant.get(EDITOR).get_data(as_text=True)

    with app.app_context():
        report = db.session.scalar(select(AktualisasiReport).where(AktualisasiReport.user_id == ids["p1"]))
        versions = db.session.execute(
            select(ReportVersion.number, ReportVersion.action)
            .where(ReportVersion.report_id == report.id)
            .order_by(ReportVersion.number)
        ).all()
        assert [tuple(v) for v in versions] == [(1, "submit"), (2, "submit"), (3, "approve")]
        comment = db.session.scalar(select(ReportComment).where(ReportComment.report_id == report.id))
        first = db.session.scalar(
            select(ReportVersion).where(ReportVersion.report_id == report.id, ReportVersion.number == 1)
        )
        assert (comment.version_id, comment.section, comment.role) == (first.id, "penutup", "coach")
        audited = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.object_type == "report").order_by(AuditEntry.id)
        ).all()
        assert audited == [
            "report.start",
            "report.submit",
            "report.return",
            "report.submit",
            "report.check",
            "report.approve",
        ]
