"""The recap as the page shows it: every component per participant to two decimals, what is missing and why, the
status in words, ranks with ties over the whole angkatan (an instansi viewer's rows too), the summary, the program's
name and version, paging, and statements that do not grow with the angkatan."""

from decimal import Decimal

import pytest
from sqlalchemy import insert, select

from lms.content.models import PhaseProgress
from lms.core.extensions import db
from lms.kelulusan.recap_view import FAILED, INCOMPLETE, PASSED, recap_sheet
from lms.people.models import Angkatan, Enrolment, Instansi
from lms.phases.models import Phase
from lms.program.sources import COMPONENT_SOURCES
from tests.factories import lembaga_for, make_angkatan, make_coordinator, make_instansi, make_participant
from tests.helpers.web import AuthActions
from tests.plugins.recap import INJECTED, SEMINAR, score


def _lines(sheet):
    return {line.user_id: line for line in sheet.lines}


def _instansi_of(user_id: int) -> int:
    return db.session.scalar(db.select(Enrolment.instansi_id).where(Enrolment.user_id == user_id))


def test_each_line_composes_the_components_status_rank_and_what_is_missing(recap_world):
    ids = recap_world.ids
    with recap_world.app.test_request_context():
        sheet = recap_sheet(ids["angkatan"])
    lines = _lines(sheet)
    assert [line.number for line in sheet.lines] == [1, 2, 3, 4, 5]
    assert [c.code for c in sheet.components] == ["akademik", "seminar"]
    top = lines[ids["p1"]]
    assert [c.score for c in top.cells] == [Decimal(95), Decimal(85)] and top.final == Decimal("89.00")
    assert (top.band, top.rank, top.status, top.remark) == ("Memuaskan", 1, PASSED, "Lulus")
    # Equal final scores share a rank and the next skips; a tie that misses the attendance still ranks.
    assert [lines[ids[p]].rank for p in ("p2", "p5", "p4", "p3")] == [2, 2, 4, None]
    assert lines[ids["p5"]].status == FAILED
    assert lines[ids["p5"]].reasons == ("Kehadiran klasikal 80% di bawah 90%",)
    assert lines[ids["p4"]].status == FAILED and lines[ids["p4"]].band == "Kurang"
    assert lines[ids["p4"]].remark == "Tidak lulus: Nilai akhir 62.00 berpredikat Kurang"
    missing = lines[ids["p3"]]
    assert missing.status == INCOMPLETE and missing.final is None and missing.missing == ("Seminar aktualisasi",)
    assert missing.cells[1].score is None
    assert missing.cells[1].missing == "seminar aktualisasi belum dinilai oleh semua penilainya"
    assert missing.remark == "Belum lengkap: belum ada Seminar aktualisasi"
    summary = sheet.summary
    assert (summary.participants, summary.complete, summary.passing, summary.failing, summary.incomplete) == (
        5,
        4,
        2,
        2,
        1,
    )
    assert summary.missing == (("Evaluasi akademik MOOC", 0), ("Seminar aktualisasi", 1), ("Kehadiran klasikal", 0))
    assert (sheet.program_name, sheet.total_jp, sheet.whole_angkatan) == ("Program rekap uji", 647, True)


def test_a_missing_attendance_is_missing_too(recap_world):
    with recap_world.app.app_context():
        late = make_participant(db.session.get(Angkatan, recap_world.ids["angkatan"]), name="Gita Tanpa Sesi")
        score(late, 90, 90)
        db.session.commit()
        late_id = late.id
    with recap_world.app.test_request_context():
        line = _lines(recap_sheet(recap_world.ids["angkatan"]))[late_id]
    assert line.final == Decimal("90.00") and line.status == INCOMPLETE and line.rank == 1
    assert line.missing == ("Kehadiran klasikal",) and line.attendance_missing


def test_an_instansi_viewers_rows_keep_the_whole_angkatans_ranks(recap_world):
    ids = recap_world.ids
    with recap_world.app.app_context():
        instansi_b = _instansi_of(ids["p2"])
    with recap_world.app.test_request_context():
        sheet = recap_sheet(ids["angkatan"], [instansi_b])
    assert [(line.user_id, line.rank, line.number) for line in sheet.lines] == [(ids["p2"], 2, 1), (ids["p4"], 4, 2)]
    assert sheet.summary.participants == 2 and sheet.summary.passing == 1 and not sheet.whole_angkatan


def test_the_page_shows_every_component_to_two_decimals_and_what_is_missing(recap_world):
    response = recap_world.client("coordinator").get(recap_world.url)
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    html = response.get_data(as_text=True)
    assert "Program rekap uji (versi" in html and "647 JP" in html
    assert "Evaluasi akademik MOOC" in html and "bobot 40%" in html and "bobot 60%" in html
    assert "89,00" in html and "95,00" in html and "85,00" in html and "86,00" in html
    assert "belum ada" in html and "seminar aktualisasi belum dinilai oleh semua penilainya" in html
    assert "Belum ada: Seminar aktualisasi" in html and "Kehadiran klasikal 80% di bawah 90%" in html
    assert "Lulus" in html and "Tidak lulus" in html and "Belum lengkap" in html
    assert "1 peserta belum ada nilainya" in html  # the summary: one missing the seminar
    assert "&lt;" not in INJECTED and "=HYPERLINK(&#34;http://evil.example&#34;,&#34;klik&#34;)" in html  # escaped


def test_the_page_sorts_by_rank_and_shows_one_status(recap_world):
    client = recap_world.client("coordinator")
    ranked = client.get(recap_world.url + "?urut=peringkat").get_data(as_text=True)
    order = [ranked.index(name) for name in ("Ani Lulus", "Budi Kedua", "Eko Seri", "Citra Belum")]
    assert order == sorted(order)
    incomplete = client.get(recap_world.url + "?saring=belum-lengkap").get_data(as_text=True)
    assert "Citra Belum" in incomplete and "Ani Lulus" not in incomplete
    assert client.get(recap_world.url + "?urut=nip;drop").status_code == 400


def test_no_program_yet_says_so(app, client):
    with app.app_context():
        instansi = make_instansi()
        angkatan_id = make_angkatan(instansi).id
        nip = make_coordinator(instansi).nip
        db.session.commit()
    AuthActions(client).login(nip)
    html = client.get(f"/kelulusan/angkatan/{angkatan_id}/rekap").get_data(as_text=True)
    assert "Program Latsar belum diimpor" in html


def test_an_empty_angkatan_says_so(recap_world):
    with recap_world.app.app_context():
        instansi = db.session.get(Instansi, _instansi_of(recap_world.ids["p1"]))
        angkatan_id = make_angkatan(None, 99, lembaga=lembaga_for(instansi)).id
        db.session.commit()
    html = recap_world.client("coordinator").get(f"/kelulusan/angkatan/{angkatan_id}/rekap").get_data(as_text=True)
    assert "Belum ada peserta di angkatan ini." in html


@pytest.mark.parametrize("who", ["coordinator", "viewer"])
def test_forty_a_page_and_statements_that_do_not_grow(recap_world, count_queries, who):
    client = recap_world.client(who)
    client.get(recap_world.url)
    with count_queries() as few:
        assert client.get(recap_world.url).status_code == 200
    with recap_world.app.app_context():
        angkatan = db.session.get(Angkatan, recap_world.ids["angkatan"])
        instansi_b = db.session.get(Instansi, _instansi_of(recap_world.ids["p2"]))
        for n in range(60):
            person = make_participant(angkatan, instansi=instansi_b, name=f"Peserta {n:02d}")
            score(person, 70 + n % 20, 75, 100)
        db.session.commit()
    with count_queries() as many:
        html = client.get(recap_world.url).get_data(as_text=True)
    assert few.count == many.count, (few.statements, many.statements)
    assert "Halaman 1 dari 2" in html
    assert client.get(recap_world.url + "?hal=2").status_code == 200


def test_a_write_committed_while_the_recap_is_read_is_in_none_of_it(recap_world):
    """The seminar source runs between the participants' quiz scores and their JP: another connection commits JP
    read by participant 1 right then (once). The recap, one snapshot, does not see it; the next recap does."""
    app, p1 = recap_world.app, recap_world.ids["p1"]
    written = []

    def seminar_and_a_write_elsewhere(user_ids, program):
        if not written:
            with db.engine.connect() as other:
                mooc = other.scalar(select(Phase.id).where(Phase.code == "mooc"))
                other.execute(insert(PhaseProgress).values(user_id=p1, phase_id=mooc, jp_done=10.0))
                other.commit()
            written.append(True)
        return {u: SEMINAR[u] for u in user_ids if u in SEMINAR}

    COMPONENT_SOURCES.connect(app, lambda: {"seminar_aktualisasi": seminar_and_a_write_elsewhere})
    with app.test_request_context():
        during = _lines(recap_sheet(recap_world.ids["angkatan"]))[p1]
    assert written and during.jp == 0 and during.final == Decimal("89.00")
    with app.test_request_context():
        after = _lines(recap_sheet(recap_world.ids["angkatan"]))[p1]
    assert after.jp == 10
