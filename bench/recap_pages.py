"""The recap pages `make bench` measures (bench/pages.py lists them with the rest): an angkatan's recap of final scores
at 40 participants and at 400 (issue 18: the recap at 400 keeps at least half the throughput it has at 40; the page
shows 40 rows a page, its summary and ranks over every participant), and its XLSX and PDF exports at 40.

They need the program file imported (bench/generate.py imports content/, program.yaml with it). The generator writes
MOOC results only, so the other components show as missing: the recap's work (every source asked, the verdicts,
the ranks, the JP ledger) is done for every participant whatever the scores."""

from __future__ import annotations

from page_types import Page


def _form(session, params) -> dict:
    return {"csrf_token": session.csrf_token}


RECAP_PAGES: list[Page] = [
    Page("recap_angkatan", "/kelulusan/angkatan/{angkatan40}/rekap", user="coordinator", note="40 participants"),
    Page(
        "recap_angkatan_400",
        "/kelulusan/angkatan/{angkatan400}/rekap",
        user="coordinator",
        note="400 participants (40 rows a page; summary and ranks over all)",
    ),
    Page(
        "recap_xlsx",
        "/kelulusan/angkatan/{angkatan40}/rekap.xlsx",
        user="coordinator",
        method="POST",
        body=_form,
        weight=False,
        note="the recap of 40 as XLSX (openpyxl)",
    ),
    Page(
        "recap_pdf",
        "/kelulusan/angkatan/{angkatan40}/rekap.pdf",
        user="coordinator",
        method="POST",
        body=_form,
        weight=False,
        note="the recap of 40 as a landscape PDF (fpdf2, DejaVu)",
    ),
]
