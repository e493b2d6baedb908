"""An instansi viewer's employees: every angkatan that holds some, each with its matrix rows for them alone
(the dashboard's rules: progress, scores, status, risks), whatever lembaga runs it. The page and the export
take a fixed number of queries whatever the number of angkatan (lms.dashboard.reports.angkatan_reports)."""

from dataclasses import dataclass

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.core.pagination import page_window
from lms.dashboard.reports import AngkatanReport, angkatan_reports
from lms.people.access import viewer_instansi_ids
from lms.people.models import Angkatan, Enrolment, Instansi

# Angkatan a page: a BKPSDM's CPNS of one year sit in a handful of angkatan.
EMPLOYEE_ANGKATAN_PAGE_SIZE = 10


@dataclass
class EmployeesPage:
    instansi: list[str]  # the instansi the viewer follows
    reports: list[AngkatanReport]  # one per angkatan of this page, its rows only the viewer's employees
    total: int  # angkatan holding their employees
    page: int
    pages: int


def _angkatan_with_employees(user):
    return (
        select(Angkatan.id)
        .where(
            Angkatan.id.in_(select(Enrolment.angkatan_id).where(Enrolment.instansi_id.in_(viewer_instansi_ids(user))))
        )
        .order_by(Angkatan.year.desc(), Angkatan.number, Angkatan.id)
    )


def _reports(user, angkatan_ids: list[int]) -> list[AngkatanReport]:
    return angkatan_reports(angkatan_ids, user, instansi_ids=viewer_instansi_ids(user))


def employees_page(user, page: int = 1) -> EmployeesPage:
    names = list(
        db.session.scalars(
            select(Instansi.name).where(Instansi.id.in_(viewer_instansi_ids(user))).order_by(Instansi.name)
        )
    )
    ids = _angkatan_with_employees(user)
    total = db.session.scalar(select(func.count()).select_from(ids.subquery()))
    window = page_window(total, EMPLOYEE_ANGKATAN_PAGE_SIZE, page)
    page_ids = list(db.session.scalars(ids.offset(window.offset).limit(EMPLOYEE_ANGKATAN_PAGE_SIZE)))
    return EmployeesPage(names, _reports(user, page_ids), total, window.page, window.pages)


def employee_export_rows(user) -> tuple[list[str], list[list]]:
    """Every employee of the viewer's instansi in every angkatan, for the CSV/XLSX export."""
    header = [
        "NIP",
        "Nama",
        "Instansi",
        "Lembaga pelatihan",
        "Angkatan",
        "Tahun",
        "JP selesai",
        "JP diharapkan",
        "Nilai MOOC",
        "Status",
        "Aktif terakhir",
        "Tahap aktualisasi",
        "Status tahap",
        "Perlu perhatian",
    ]
    rows = [
        [
            r.nip,
            r.name,
            r.instansi,
            report.lembaga_name,
            report.angkatan.name,
            report.angkatan.year,
            r.jp_done,
            r.jp_expected,
            r.phase_score,
            r.status,
            r.last_active,
            r.aktualisasi.stage.step_label if r.aktualisasi else None,
            r.aktualisasi.stage.state_label if r.aktualisasi else None,
            " ".join(r.risks),
        ]
        for report in _reports(user, list(db.session.scalars(_angkatan_with_employees(user))))
        for r in report.rows
    ]
    return header, rows
