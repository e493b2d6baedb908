"""Scope of the dashboards, exports read back as files, formula injection, sort allow-list."""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lms.auth.models import User
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from tests.factories import lembaga_for, make_angkatan, make_coordinator, make_instansi, make_participant
from tests.helpers.web import AuthActions, csrf_token

INJECTIONS = [
    '=HYPERLINK("http://evil.example","klik")',
    "+628123",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTab",
    "\rCR",
    "=cmd|' /C calc'!A0",
]


def login(app, nip):
    client = app.test_client()
    AuthActions(client).login(nip)
    return client


def download(client, url, **form):
    return client.post(url, data={"csrf_token": csrf_token(client, "/"), **form})


def test_coordinator_of_a_gets_nothing_of_b(app, scores):
    client = login(app, scores["coordinator"])
    assert client.get(f"/dasbor/angkatan/{scores['other']}").status_code == 404
    assert client.get(f"/orang/peserta/{scores['stranger']}").status_code == 404
    assert download(client, f"/dasbor/angkatan/{scores['other']}/ekspor.csv").status_code == 404
    compare = client.get(f"/dasbor/banding?a={scores['angkatan']}&b={scores['other']}")
    assert compare.status_code == 302  # refused with a message, nothing of B shown
    for url in ("/dasbor", f"/dasbor/angkatan/{scores['angkatan']}?cari=Orang"):
        assert "Orang Lain" not in client.get(url).get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(download(client, "/dasbor/ekspor.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert [r[1] for r in rows[1:]] == ["Angkatan 81", "Angkatan 83"]


def test_instructor_reads_own_angkatan_but_not_others_and_cannot_set_targets(app, scores):
    client = login(app, scores["instructor"])
    assert client.get(f"/dasbor/angkatan/{scores['angkatan']}").status_code == 200
    assert client.get(f"/dasbor/angkatan/{scores['other']}").status_code == 404
    assert download(client, f"/dasbor/angkatan/{scores['other']}/ekspor.xlsx").status_code == 404
    assert download(client, f"/dasbor/angkatan/{scores['angkatan']}/ekspor.csv").status_code == 200
    assert download(client, f"/dasbor/angkatan/{scores['angkatan']}/target", target="95").status_code == 403


def test_participants_never_see_dashboards(app, scores):
    with app.app_context():
        nip = db.session.get(User, scores["ani"]).nip
    client = login(app, nip)
    assert client.get("/dasbor").status_code == 403
    assert client.get(f"/dasbor/peserta/{scores['ani']}").status_code == 403


def test_csv_and_xlsx_read_back_and_injection_is_neutralised(app, scores):
    with app.app_context():
        angkatan = db.session.get(__import__("lms.people.models", fromlist=["Angkatan"]).Angkatan, scores["angkatan"])
        for text in INJECTIONS:
            make_participant(angkatan, name=text)
        db.session.commit()
    client = login(app, scores["coordinator"])
    url = f"/dasbor/angkatan/{scores['angkatan']}/ekspor"
    response = download(client, url + ".csv", pemisah="titikkoma")
    assert response.data.startswith(b"\xef\xbb\xbf") and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    by_name = {r["Nama"]: r for r in rows}
    assert by_name["Ani Rahayu"]["Evaluasi A (nilai)"] == "85.0" and by_name["Ani Rahayu"]["Nilai MOOC"] == "86.67"
    workbook = load_workbook(io.BytesIO(download(client, url + ".xlsx").data))
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    xlsx_rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert {r["Nama"] for r in xlsx_rows} == {r["Nama"].replace("\r", "\n") for r in rows}
    assert next(r for r in xlsx_rows if r["Nama"] == "Budi Santoso")["Nilai MOOC"] == 61.67
    for cells, newline in (([r["Nama"] for r in rows], "\r"), ([r["Nama"] for r in xlsx_rows], "\n")):
        for value in cells:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r", "\0")), repr(value)
        for text in INJECTIONS:  # XLSX stores a carriage return as a newline
            assert "'" + text.replace("\r", newline) in cells
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)  # no formula anywhere
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("export.%"))).all()
        assert actions == ["export.angkatan", "export.angkatan"]


@pytest.mark.parametrize(
    "query", ["urut=password_hash", "urut=nama&arah=acak", "saring=semua-orang", "urut=nama;DROP TABLE users"]
)
def test_sort_and_filter_outside_the_allow_list_are_refused(app, scores, query):
    client = login(app, scores["coordinator"])
    assert client.get(f"/dasbor/angkatan/{scores['angkatan']}?{query}").status_code == 400


def test_sorting_filtering_and_search(app, scores):
    client = login(app, scores["coordinator"])
    base = f"/dasbor/angkatan/{scores['angkatan']}"
    page = client.get(base + "?urut=nilai&arah=turun").get_data(as_text=True)
    assert "hanya tetap utuh di XLSX" in page  # the CSV buttons warn that Excel would change the NIP's last digits
    matrix = page[page.index('class="dash matrix"') :]
    assert matrix.index("Ani Rahayu") < matrix.index("Budi Santoso") < matrix.index("Citra Lestari")
    risky = client.get(base + "?saring=berisiko").get_data(as_text=True)
    matrix = risky[risky.index('class="dash matrix"') :]
    assert "Budi Santoso" in matrix and "Citra Lestari" in matrix and "Ani Rahayu" not in matrix
    excused = client.get(base + "?saring=pengecualian").get_data(as_text=True)
    assert "Dedi Kurniawan" in excused[excused.index('class="dash matrix"') :]
    with app.app_context():
        nip = db.session.get(User, scores["citra"]).nip
    found = client.get(base + f"?cari={nip[:8]} {nip[8:]}").get_data(as_text=True)
    assert "Citra Lestari" in found[found.index('class="dash matrix"') :]


def test_empty_states(app, scores):
    client = login(app, scores["coordinator"])
    assert "Belum ada peserta di angkatan ini." in client.get(f"/dasbor/angkatan/{scores['empty']}").get_data(
        as_text=True
    )
    with app.app_context():
        baru = make_instansi("Baru")
        fresh = make_angkatan(baru, 90)
        for n in range(3):
            make_participant(fresh)
        nip = make_coordinator(baru).nip
        db.session.commit()
        fresh_id = fresh.id
    other = login(app, nip)
    page = other.get(f"/dasbor/angkatan/{fresh_id}").get_data(as_text=True)
    assert "Belum ada peserta dengan nilai MOOC lengkap." in page
    lonely = login(app, make_lonely_coordinator(app))
    assert "Belum ada angkatan dalam wewenang Anda." in lonely.get("/dasbor").get_data(as_text=True)


def make_lonely_coordinator(app):
    with app.app_context():
        nip = make_coordinator().nip
        db.session.commit()
        return nip


def test_angkatan_page_queries_do_not_grow_with_size(app, scores, count_queries):
    from lms.people.models import Angkatan

    client = login(app, scores["coordinator"])
    url = f"/dasbor/angkatan/{scores['angkatan']}"
    with count_queries() as small:
        assert client.get(url).status_code == 200
    with app.app_context():
        angkatan = db.session.get(Angkatan, scores["angkatan"])
        for _ in range(36):
            make_participant(angkatan)
        db.session.commit()
    with count_queries() as big:
        assert client.get(url).status_code == 200
    # 6 for the matrix, 3 for PJJ's attendance and tasks (a few more, as fixed, once sessions and tasks exist)
    assert small.count == big.count <= 9, (small.statements, big.statements)


def test_the_overview_pages_and_filters_many_angkatan_in_a_fixed_number_of_queries(app, scores, count_queries):
    """An admin sees every angkatan of the country: 50 a page, a lembaga filter, and the same
    handful of queries for 60 angkatan as for 3; the CSV export still holds every angkatan."""
    from lms.auth.models import Role
    from lms.dashboard.overview_report import OVERVIEW_PAGE_SIZE
    from tests.factories import make_user

    with app.app_context():
        admin = make_user(Role.ADMIN).nip
        db.session.commit()
    client = login(app, admin)
    with count_queries() as few:
        first = client.get("/dasbor").get_data(as_text=True)
    assert "Angkatan 81" in first and "Halaman 1 dari" not in first
    with app.app_context():
        far = make_instansi("Pemerintah Kabupaten Jauh")
        for number in range(1, 61):
            angkatan = make_angkatan(far, number)
            make_participant(angkatan)
        db.session.commit()
        far_id = lembaga_for(far).id
    with count_queries() as many:
        page_one = client.get("/dasbor").get_data(as_text=True)
    assert few.count == many.count, (few.statements, many.statements)
    assert "Halaman 1 dari 2" in page_one and "63 angkatan" in page_one
    assert page_one.count("/dasbor/angkatan/") - page_one.count("saring=berisiko") == OVERVIEW_PAGE_SIZE
    page_two = client.get("/dasbor?hal=2").get_data(as_text=True)
    assert "Halaman 2 dari 2" in page_two and "Angkatan 81" in page_two
    assert client.get("/dasbor?hal=99").status_code == 200  # clamped to the last page
    only_far = client.get(f"/dasbor?lembaga={far_id}").get_data(as_text=True)
    assert "Angkatan 81" not in only_far and "Halaman 1 dari 2" in only_far and "60 angkatan" in only_far
    rows = list(csv.reader(io.StringIO(download(client, "/dasbor/ekspor.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 1 + 63
    compare = client.get(f"/dasbor/banding?a={scores['angkatan']}&b={scores['other']}")
    assert compare.status_code == 200 and "Angkatan 82" in compare.get_data(as_text=True)


def test_a_big_angkatan_shows_its_matrix_a_page_at_a_time(app, scores, count_queries):
    """An angkatan of 120: 50 rows a page, sorted and filtered over all 120 before paging, the pager
    keeps the sort; the summary cards still count everyone, and the "needs attention" card names 10."""
    import re

    from lms.dashboard.routes import AT_RISK_SHOWN, MATRIX_PAGE_SIZE
    from lms.people.models import Angkatan

    client = login(app, scores["coordinator"])
    url = f"/dasbor/angkatan/{scores['angkatan']}"
    with count_queries() as small:
        small_page = client.get(url).get_data(as_text=True)
    assert "Halaman 1 dari" not in small_page
    before = int(re.search(r"(\d+) peserta", small_page).group(1))
    with app.app_context():
        angkatan = db.session.get(Angkatan, scores["angkatan"])
        angkatan.capacity = 400
        for n in range(116):
            make_participant(angkatan, name=f"Peserta {n:03d}")
        db.session.commit()
    with count_queries() as big:
        page_one = client.get(url).get_data(as_text=True)
    assert small.count == big.count, (small.statements, big.statements)
    total = before + 116
    assert f"{total} peserta" in page_one and f"Peserta 1–{MATRIX_PAGE_SIZE} dari {total}" in page_one
    assert f"Halaman 1 dari {-(-total // MATRIX_PAGE_SIZE)}" in page_one

    def matrix_names(html):
        return re.findall(r'<td><a href="/orang/peserta/\d+">([^<]+)</a><br><span class="small muted nip">', html)

    names_one = matrix_names(page_one)
    assert len(names_one) == MATRIX_PAGE_SIZE and names_one == sorted(names_one, key=str.casefold)
    last_page = client.get(url + "?hal=99").get_data(as_text=True)  # clamped to the last page
    names_last = matrix_names(last_page)
    assert len(names_last) == total - 2 * MATRIX_PAGE_SIZE
    assert names_last[0].casefold() > names_one[-1].casefold()
    # The risk card names 10 and links to the filter; every newcomer has not started, so all are at risk.
    card = page_one.split('class="card risk-card"')[1].split("</section>")[0]
    assert card.count("/orang/peserta/") == AT_RISK_SHOWN and "saring=berisiko" in card
    # Sorted by name descending, page 2: the pager's links keep the order.
    page_two = client.get(url + "?urut=nama&arah=turun&hal=2").get_data(as_text=True)
    names_two = matrix_names(page_two)
    assert names_two == sorted(names_two, key=str.casefold, reverse=True)
    next_link = re.search(r'rel="next" href="([^"]+)"', page_two).group(1)
    assert "urut=nama" in next_link and "arah=turun" in next_link and "hal=3" in next_link
    found = client.get(url + "?cari=Peserta+007").get_data(as_text=True)
    assert matrix_names(found) == ["Peserta 007"] and "Halaman 1 dari" not in found
