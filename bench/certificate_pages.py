"""The certificate pages `make bench` measures (bench/pages.py lists them with the rest), on the demo's certificates
of its finished Angkatan 68 (lms/certificates/demo.py; skipped where the data has none): the public verification page
an outsider opens from the QR, a holder's STTPL PDF (fpdf2 with its fallback fonts and the QR), and the
coordinator's certificates page of the angkatan."""

from __future__ import annotations

from page_types import Page, UserKind

CERTIFICATE_USER_KINDS = {
    "certificate_holder": UserKind(
        "SELECT u.id, u.nip FROM users u JOIN certificates c ON c.user_id = u.id WHERE u.active ORDER BY u.id",
        count=4,
        quick_count=2,
    ),
}

CERTIFICATE_PARAMS = {
    "certificate_code": lambda db, s: db.column("SELECT code FROM certificates ORDER BY id"),
    "own_certificate": lambda db, s: db.column("SELECT id FROM certificates WHERE user_id = :u", u=s.user_id),
    "certified_angkatan": lambda db, s: db.column("SELECT DISTINCT angkatan_id FROM certificates ORDER BY 1"),
}

CERTIFICATE_PAGES = [
    Page(
        "sttpl_verify",
        "/verifikasi/{certificate_code}",
        note="public, from the QR: name, angkatan, lembaga, date, status (its limit raised for the bench)",
    ),
    Page(
        "sttpl_pdf",
        "/sttpl/{own_certificate}.pdf",
        user="certificate_holder",
        weight=False,
        note="a holder's STTPL: fpdf2, DejaVu with fallbacks, HarfBuzz shaping, the QR",
    ),
    Page(
        "sttpl_angkatan",
        "/sttpl/angkatan/{certified_angkatan}",
        user="coordinator",
        note="the coordinator's certificates of an angkatan",
    ),
]
