"""The instansi viewer's employees page, its export and their home in a fixed number of statements whatever the
number of angkatan, with the same per-participant figures as each angkatan's own matrix."""

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.auth.models import User
from lms.core.extensions import db
from lms.dashboard.employees import EMPLOYEE_ANGKATAN_PAGE_SIZE
from lms.dashboard.reports import angkatan_report, angkatan_reports
from lms.people.access import viewer_instansi_ids
from lms.people.models import Angkatan, Instansi
from tests.factories import make_angkatan, make_instansi, make_instansi_viewer, make_participant, wib_today
from tests.helpers.web import AuthActions, csrf_token


@pytest.fixture
def viewer(app, scores):
    """A viewer of the `scores` angkatan's instansi, whose employees sit in Angkatan 81 (four, with results)
    and, one of them, in Angkatan 82 beside another instansi's."""
    with app.app_context():
        instansi = db.session.get(User, scores["ani"]).enrolment.instansi
        make_participant(db.session.get(Angkatan, scores["other"]), instansi=instansi, name="Eka Putri")
        user = make_instansi_viewer(instansi, name="Dewi BKPSDM")
        db.session.commit()
        return dict(nip=user.nip, id=user.id, instansi=instansi.id)


def _figures(row) -> tuple:
    cells = {quiz: (c.score, c.passed, c.attempts_used) for quiz, c in row.quizzes.items()}
    return (row.jp_done, row.jp_expected, row.phase_score, row.status, tuple(row.risks), cells, row.last_active)


def test_many_angkatan_at_once_give_each_employee_the_figures_of_their_angkatan_matrix(app, scores, viewer):
    with app.test_request_context():
        user = db.session.get(User, viewer["id"])
        coordinator = db.session.scalar(select(User).where(User.nip == scores["coordinator"]))
        ids = [scores["other"], scores["angkatan"]]
        reports = angkatan_reports(ids, user, instansi_ids=viewer_instansi_ids(user))
        assert [r.angkatan.id for r in reports] == ids  # the order given
        mine = {r.user_id: (r.instansi, _figures(r)) for report in reports for r in report.rows}
        # Nobody of another instansi, in any angkatan.
        assert {i for i, _f in mine.values()} == {db.session.get(Instansi, viewer["instansi"]).name}
        assert scores["stranger"] not in mine and len(mine) == 5
        for angkatan_id in ids:
            whole = angkatan_report(angkatan_id, user=coordinator) if angkatan_id == scores["angkatan"] else None
            if whole is not None:  # the coordinator's matrix of 81 (its figures checked by hand in test_reports)
                for row in whole.rows:
                    assert mine[row.user_id][1] == _figures(row), row.name
            one = angkatan_report(angkatan_id, user, instansi_ids=[viewer["instansi"]])
            together = next(r for r in reports if r.angkatan.id == angkatan_id)
            assert [_figures(r) for r in one.rows] == [_figures(r) for r in together.rows]
            assert [(q.pass_rate, q.average) for q in one.quizzes] == [
                (q.pass_rate, q.average) for q in together.quizzes
            ]
            assert (one.current_phase, one.average, one.pass_rate) == (
                together.current_phase,
                together.average,
                together.pass_rate,
            )
        assert angkatan_reports([scores["empty"]], user, instansi_ids=viewer_instansi_ids(user)) == []  # none of theirs


def _measure(client, count_queries) -> dict[str, int]:
    client.get("/dasbor/pegawai")  # warm: the session's first statements are not the page's
    counts = {}
    for name, send in {
        "page": lambda: client.get("/dasbor/pegawai"),
        "home": lambda: client.get("/"),
        "export": lambda: client.post("/dasbor/pegawai/ekspor.csv", data={"csrf_token": token}),
    }.items():
        token = csrf_token(client, "/dasbor/pegawai")
        with count_queries() as counter:
            response = send()
        assert response.status_code == 200, name
        counts[name] = counter.count
    return counts


def _angkatan_with_employees(instansi, number: int, people: int = 3) -> None:
    angkatan = make_angkatan(instansi, number, schedule_start=wib_today() - timedelta(days=number % 30))
    for _ in range(people):
        make_participant(angkatan, instansi=instansi)


def test_the_employees_page_export_and_home_take_the_same_statements_for_one_angkatan_as_for_twelve(
    app, scores, count_queries
):
    with app.app_context():
        instansi = make_instansi("Pemerintah Kabupaten Baru")
        _angkatan_with_employees(instansi, 60)
        nip = make_instansi_viewer(instansi).nip
        db.session.commit()
    client = app.test_client()
    AuthActions(client).login(nip)
    one = _measure(client, count_queries)
    assert "Halaman 1 dari" not in client.get("/dasbor/pegawai").get_data(as_text=True)
    with app.app_context():
        instansi = db.session.scalar(select(Instansi).where(Instansi.name == "Pemerintah Kabupaten Baru"))
        for number in range(61, 72):
            _angkatan_with_employees(instansi, number)
        db.session.commit()
    many = _measure(client, count_queries)
    assert many == one, (one, many)
    assert max(many.values()) <= 12, many
    page = client.get("/dasbor/pegawai").get_data(as_text=True)
    assert "Halaman 1 dari 2" in page and page.count("<h2>Angkatan ") == EMPLOYEE_ANGKATAN_PAGE_SIZE
    assert client.get("/dasbor/pegawai?hal=2").get_data(as_text=True).count("<h2>Angkatan ") == 12 - 10
    token = csrf_token(client, "/dasbor/pegawai")
    exported = client.post("/dasbor/pegawai/ekspor.csv", data={"csrf_token": token}).get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(exported.lstrip("\ufeff"))))
    assert len(rows) == 1 + 12 * 3 and len({r[4] for r in rows[1:]}) == 12
