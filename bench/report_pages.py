"""The laporan aktualisasi's bench pages (lms/report): the demo's participant with a report in progress
(lms/report/demo.py) reads the editor, saves a section (its revision put back before every run, so each request
writes) and downloads the PDF."""

from __future__ import annotations

from page_types import Page, UserKind

REPORT_EDITOR = "/aktualisasi/laporan"
SAVED_KEY = "dampak"

REPORT_USER_KINDS = {
    # The demo's participants whose report is still theirs to edit.
    "report_participant": UserKind(
        "SELECT u.id, u.nip FROM users u JOIN report_reports r ON r.user_id = u.id "
        "WHERE u.active AND r.state = 'draft' ORDER BY u.id",
        count=1,
        quick_count=1,
    ),
}
REPORT_PARAMS = {"own_user_id": lambda db, s: [s.user_id]}


def reset_report_section(db, sessions) -> None:
    ids = [s.user_id for s in sessions]
    if ids:
        db.execute(
            "UPDATE report_sections SET revision = 1 WHERE key = :key AND report_id IN "
            "(SELECT id FROM report_reports WHERE user_id IN :ids)",
            key=SAVED_KEY,
            ids=ids,
        )


def saved_report_sections(db, sessions) -> int:
    ids = [s.user_id for s in sessions]
    return len(
        ids
        and db.column(
            "SELECT s.id FROM report_sections s JOIN report_reports r ON r.id = s.report_id "
            "WHERE r.user_id IN :ids AND s.key = :key AND s.revision = 2",
            ids=ids,
            key=SAVED_KEY,
        )
    )


REPORT_PAGES = [
    Page("report_editor", REPORT_EDITOR, user="report_participant", note="every section a form, the log's parts"),
    Page(
        "report_section_save",
        f"{REPORT_EDITOR}/bagian/{SAVED_KEY}",
        user="report_participant",
        method="POST",
        body=lambda session, params: {
            "csrf_token": session.csrf_token,
            "revision": "1",
            "body": "Waktu tunggu pendaftaran pagi hari turun.",
        },
        expect=302,
        weight=False,
        once=True,
        before_run=reset_report_section,
        measured_path=saved_report_sections,
        note="save one section (revision checked), once per session",
    ),
    Page(
        "report_pdf",
        REPORT_EDITOR + "/{own_user_id}/pdf",
        user="report_participant",
        weight=False,
        load=False,
        note="the whole report as a PDF (fpdf2, DejaVu): response time, not load",
    ),
]
