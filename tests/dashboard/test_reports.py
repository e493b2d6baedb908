"""Every number on the dashboard pages, against the hand-computed fixture (tests/plugins/dashboard.py)."""

from decimal import Decimal

from lms.core.extensions import db
from lms.dashboard import overview_report, reports
from lms.dashboard.pace import expected_jp, histogram
from tests.helpers.web import AuthActions


def coordinator(app, scores):
    from sqlalchemy import select

    from lms.auth.models import User

    return db.session.scalar(select(User).where(User.nip == scores["coordinator"]))


def test_angkatan_numbers(app, scores):
    with app.test_request_context():  # reasons are sentences in the user's language
        report = reports.angkatan_report(scores["angkatan"], coordinator(app, scores))
        rows = {r.name: r for r in report.rows}
        a, b = scores["quiz_a"], scores["quiz_b"]
        # counted score per policy: A highest, B last
        assert rows["Ani Rahayu"].quizzes[a].score == Decimal("85.00")
        assert rows["Budi Santoso"].quizzes[b].score == Decimal("55.00")  # last, though 80 was higher
        assert rows["Budi Santoso"].quizzes[b].attempts_used == 2
        # MOOC score: (85*2 + 90*1) / 3 and (65*2 + 55) / 3
        assert rows["Ani Rahayu"].phase_score == Decimal("86.67")
        assert rows["Budi Santoso"].phase_score == Decimal("61.67")
        assert rows["Dedi Kurniawan"].phase_score is None  # B not taken yet
        assert report.average == Decimal("74.17")
        assert report.pass_rate == 0.25  # Ani only; Dedi's exception is not a pass
        assert report.histogram == [0, 0, 0, 0, 0, 0, 1, 0, 1, 0]
        quiz_lines = {q.slug: q for q in report.quizzes}
        assert quiz_lines["kuis-a"].pass_rate == 0.25 and quiz_lines["kuis-a"].average == Decimal("63.33")
        assert quiz_lines["kuis-b"].pass_rate == 0.25 and quiz_lines["kuis-b"].average == Decimal("72.50")
        # JP: 24 expected today; Ani read all 4 lessons (48), Budi one (12)
        assert rows["Ani Rahayu"].jp_expected == 24.0
        assert rows["Ani Rahayu"].jp_done == 48.0 and rows["Budi Santoso"].jp_done == 12.0
        # at risk, with the reasons
        assert rows["Ani Rahayu"].risks == []
        assert rows["Budi Santoso"].risks == [
            "Sisa satu percobaan Evaluasi A dan belum lulus.",
            "Kesempatan Evaluasi B habis dan belum lulus.",
            "Tertinggal dari jadwal: 12 dari 24 JP yang diharapkan hari ini.",
        ]
        assert rows["Citra Lestari"].risks == ["Belum mulai belajar 9 hari setelah fase dibuka."]
        assert rows["Dedi Kurniawan"].risks == [] and rows["Dedi Kurniawan"].excused
        assert [r.name for r in report.at_risk] == ["Budi Santoso", "Citra Lestari"]


def test_overview_numbers(app, scores):
    with app.test_request_context():
        lines = {line.angkatan.number: line for line in overview_report.overview(coordinator(app, scores))}
        assert set(lines) == {81, 83}  # not the other instansi's 82
        line = lines[81]
        assert (line.participants, line.passed, line.average, line.at_risk) == (4, 1, Decimal("74.17"), 2)
        assert line.current_phase == "MOOC" and line.bins[6] == 1 and line.bins[8] == 1
        assert line.pass_rate == 0.25 and not line.on_target  # target 90
        assert (lines[83].participants, lines[83].average, lines[83].at_risk) == (0, None, 0)


def test_pace_rules():
    from datetime import date

    start, end = date(2026, 11, 1), date(2026, 11, 20)
    assert expected_jp(48, start, end, date(2026, 10, 31)) == 0.0
    assert expected_jp(48, start, end, date(2026, 11, 1)) == 2.4
    assert expected_jp(48, start, end, date(2026, 11, 10)) == 24.0
    assert expected_jp(48, start, end, date(2026, 11, 20)) == 48.0
    assert expected_jp(48, None, None, date(2026, 11, 10)) == 0.0
    assert histogram([Decimal("0"), Decimal("9.99"), Decimal("10"), Decimal("99.99"), Decimal("100")]) == [
        2,
        1,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        2,
    ]


def test_pages_show_the_numbers(app, scores):
    client = app.test_client()
    AuthActions(client).login(scores["coordinator"])
    page = client.get(f"/dasbor/angkatan/{scores['angkatan']}").get_data(as_text=True)
    for text in ("74,17", "86,67", "61,67", "Perlu perhatian hari ini (2)", "25%", "63,33", "72,5", "<svg"):
        assert text in page, text
    overview = client.get("/dasbor").get_data(as_text=True)
    assert "Angkatan 81" in overview and "74,17" in overview and "Angkatan 82" not in overview
    record = client.get(f"/orang/peserta/{scores['dedi']}").get_data(as_text=True)
    assert "sakit berat" in record and "Evaluasi A #1" in record


def test_one_record_page_has_every_features_part_and_the_old_address_lands_on_it(app, scores):
    import re

    coordinator = app.test_client()
    AuthActions(coordinator).login(scores["coordinator"])
    old = coordinator.get(f"/dasbor/peserta/{scores['dedi']}")
    assert old.status_code == 301 and old.location.endswith(f"/orang/peserta/{scores['dedi']}")
    headings = re.findall(r"<h2>([^<]+)</h2>", coordinator.get(old.location).get_data(as_text=True))
    # people's relations, then phases, quiz, aktualisasi, sikap, habituation, report, the JP ledger, discussion
    # (in the order the features connect), then people's forms and history
    assert headings == [
        "Coach, mentor dan penguji",
        "Fase",
        "Evaluasi wajib MOOC",
        "Percobaan evaluasi",
        "Rancangan aktualisasi",
        "Sikap perilaku",
        "Log habituasi",
        "Laporan aktualisasi",
        "JP per fase",
        "Diskusi (0 kiriman terakhir)",
        "Kelompok tutor",
        "Pindahkan ke angkatan lain",
        "Akun",
        "Riwayat",
    ]
    instructor = app.test_client()
    AuthActions(instructor).login(scores["instructor"])
    page = instructor.get(f"/orang/peserta/{scores['dedi']}").get_data(as_text=True)
    assert "Evaluasi A #1" in page and "Beri pengecualian" not in page and "Pindahkan" not in page


def test_group_lines_count_a_score_of_zero_and_list_the_ungrouped_last():
    from lms.dashboard.reports import ParticipantRow, group_lines

    def row(group, score, completed=False, risky=False):
        r = ParticipantRow(1, "x", "1", "Instansi", group, 0.0, 0.0, {}, score, completed, False, None, {})
        r.risk_facts = [("behind", {})] if risky else []
        return r

    lines = group_lines(
        [
            row("kelompok 2", Decimal(80), completed=True),
            row(None, None, risky=True),
            row("Kelompok 1", Decimal(0), risky=True),
            row("Kelompok 1", Decimal(90), completed=True),
            row("Kelompok 1", None),
        ]
    )
    assert [(g.name, g.participants, g.passed, g.average, g.at_risk) for g in lines] == [
        ("Kelompok 1", 3, 1, Decimal(45), 1),
        ("kelompok 2", 1, 1, Decimal(80), 0),
        (None, 1, 0, None, 1),
    ]


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_lock_reasons_speak_to_the_participant_and_about_them_to_staff(app, scores):
    """Budi: Evaluasi A best 65 of 70 with one attempt left, Evaluasi B's two attempts used up."""
    from sqlalchemy import select

    from lms.auth.models import User

    with app.app_context():
        budi_nip = db.session.scalar(select(User.nip).where(User.id == scores["budi"]))
    staff = app.test_client()
    AuthActions(staff).login(scores["coordinator"])
    record = _main(staff.get(f"/orang/peserta/{scores['budi']}").get_data(as_text=True))
    assert "nilai terbaik 65" in record and "Kesempatan sudah habis." in record
    # Every sentence on the staff's record of a participant is about the participant, never to them.
    assert "Anda" not in record and "hubungi penyelenggara" not in record

    participant = app.test_client()
    AuthActions(participant).login(budi_nip)
    home = _main(participant.get("/").get_data(as_text=True))
    assert "nilai terbaik Anda 65" in home and "Kesempatan sudah habis: hubungi penyelenggara." in home
