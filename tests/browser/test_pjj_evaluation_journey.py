"""The PJJ academic evaluation on a phone (360x740), with the shipped curriculum: the aktualisasi page first
says what PJJ still lacks; the participant answers a question of every kind, finds the answers kept going back
and forth, submits and waits for the essay's grade; the widyaiswara grades it from the queue by the rubric; the
participant sees the score, the level per criterion and the feedback, and the evaluation leaves the lock page."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lms.content.importer import import_content
from lms.core.extensions import db
from lms.phases.models import install_default_phases
from tests.factories import (
    PASSWORD,
    make_angkatan,
    make_instansi,
    make_instructor,
    make_participant,
    make_session,
    make_task,
    read_all_lessons,
    wib_today,
)
from tests.helpers.browser import assert_no_horizontal_scroll, screenshot, sign_in
from tests.helpers.pjj_evaluation import complete_mooc, right_answers

pytestmark = pytest.mark.browser
CONTENT = Path(__file__).resolve().parents[2] / "content"
SLUG = "evaluasi-pjj"
KINDS = ("single", "missingword", "shortanswer", "numerical", "matching", "essay")
ESSAY = (
    "Nilai yang dipertaruhkan adalah Akuntabel dan Berorientasi pelayanan: imbalan itu gratifikasi.\n"
    "Risikonya antrean menjadi tidak adil dan kepercayaan warga pada kantor turun.\n"
    "Langkah saya: menolak dengan santun, melayani sesuai nomor antrean, lalu melapor ke unit pengendalian "
    "gratifikasi."
)
ATTENDANCE = "Hadiri sedikitnya 1 dari 1 sesi Pembelajaran Jarak Jauh (minimal 80%); sejauh ini Anda hadir di 0 sesi."
TASKS = "Kumpulkan 1 tugas Pembelajaran Jarak Jauh yang belum Anda kirim."
FEEDBACK = "Analisis nilai tepat; sebutkan juga dasar aturan pelaporan gratifikasi."


@pytest.fixture
def pjj_week(live_app):
    """A participant of Angkatan 74 in PJJ (MOOC completed, the evaluation's instructions read), a session held
    yesterday that they missed, a task not yet submitted, and the angkatan's widyaiswara."""
    today = wib_today()
    with live_app.app_context():
        install_default_phases()
        assert import_content(CONTENT).problems == []
        angkatan = make_angkatan(
            make_instansi("Pemerintah Kota Cilegon"),
            74,
            schedule=[
                (today - timedelta(days=30), today - timedelta(days=2)),
                (today - timedelta(days=1), today + timedelta(days=21)),
                (today + timedelta(days=22), today + timedelta(days=60)),
            ],
        )
        widyaiswara = make_instructor(angkatan, name="Dr. Bambang Sutrisno")
        participant = make_participant(angkatan, name="Dewi Kartika Sari Wulandari Rahmawati")
        complete_mooc(participant.id)
        read_all_lessons(participant.id, "pjj")
        make_session(
            angkatan,
            widyaiswara=widyaiswara,
            topic="Wawasan Kebangsaan",
            starts_at=datetime.now(UTC) - timedelta(days=1),
        )
        make_task(angkatan, widyaiswara, title="Analisis isu kontemporer di unit kerja")
        db.session.commit()
        return {"participant": participant.nip, "widyaiswara": widyaiswara.nip, "name": participant.name}


def _answer(page, right) -> None:
    if right.kind in ("single", "missingword"):
        page.get_by_role("radio", name=right.option, exact=True).check()
    elif right.kind in ("shortanswer", "numerical"):
        page.get_by_label("Jawaban Anda", exact=False).fill(right.typed)
    elif right.kind == "matching":
        for stem, answer in right.pairs.items():
            _stem_select(page, stem).select_option(label=answer)
    else:
        page.get_by_label("Jawaban Anda", exact=False).fill(ESSAY)


def _stem_select(page, stem: str):
    # Exact: "Agenda I" must not find the statements "Agenda II" and "Agenda III".
    stem_text = page.locator("span", has_text=re.compile(f"^{re.escape(stem)}$"))
    return page.locator("label.match").filter(has=stem_text).locator("select")


def _assert_kept(page, right) -> None:
    if right.kind in ("single", "missingword"):
        expect(page.get_by_role("radio", name=right.option, exact=True)).to_be_checked()
    elif right.kind in ("shortanswer", "numerical"):
        expect(page.get_by_label("Jawaban Anda", exact=False)).to_have_value(right.typed)
    elif right.kind == "matching":
        for stem, answer in right.pairs.items():
            chosen = _stem_select(page, stem).evaluate("s => s.options[s.selectedIndex].text")
            assert chosen == answer, (stem, chosen)
    else:
        expect(page.get_by_label("Jawaban Anda", exact=False)).to_have_value(ESSAY)


def _lock_reason(page, base: str) -> str:
    page.goto(f"{base}/belajar/aktualisasi")
    return page.locator(".lock-reason").inner_text()


def test_the_pjj_evaluation_from_the_lock_page_to_the_graded_essay(live_app, phone, pjj_week):
    base = live_app.config["LIVE_URL"]
    sign_in(phone, base, pjj_week["participant"], PASSWORD)

    # What PJJ still lacks, said on the next phase's page.
    reason = _lock_reason(phone, base)
    assert "Lulus Evaluasi Akademik PJJ dengan nilai minimal 70 (sisa 2 percobaan)" in reason, reason
    assert ATTENDANCE in reason and TASKS in reason, reason
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "pjj-evaluation-lock-360")

    phone.goto(f"{base}/evaluasi/{SLUG}")
    phone.get_by_role("button", name="Mulai percobaan ke-1").click()
    attempt_id = int(re.search(r"/percobaan/(\d+)/soal/1$", phone.url).group(1))
    with live_app.app_context():
        key = right_answers(attempt_id)
    assert {right.kind for right in key.values()} >= set(KINDS)
    first_of_kind = {kind: min(n for n, right in key.items() if right.kind == kind) for kind in KINDS}

    # Every question, one per page, forward; on page 2 a step back finds page 1's answer kept.
    for n in range(1, len(key) + 1):
        expect(phone.locator(".crumbs")).to_contain_text(f"Soal {n} dari {len(key)}")
        _answer(phone, key[n])
        if n in first_of_kind.values():
            assert_no_horizontal_scroll(phone)
            screenshot(phone, f"pjj-evaluation-{key[n].kind}-360")
        if n == 2:
            phone.get_by_role("button", name="← Sebelumnya").click()
            expect(phone.locator(".crumbs")).to_contain_text(f"Soal 1 dari {len(key)}")
            _assert_kept(phone, key[1])
            phone.get_by_role("button", name="Soal 2", exact=False).click()
            _assert_kept(phone, key[2])
        last = n == len(key)
        phone.get_by_role("button", name="Simpan dan lihat ringkasan" if last else "Simpan dan lanjut").click()

    expect(phone.get_by_text(f"{len(key)} dari {len(key)} soal sudah dijawab.")).to_be_visible()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "pjj-evaluation-summary-360")
    # Back to one page of each kind from the summary: every answer is still there.
    for kind, n in first_of_kind.items():
        phone.goto(f"{base}/evaluasi/{SLUG}/percobaan/{attempt_id}/ringkasan")
        phone.locator(".question-grid").get_by_role("link", name=str(n), exact=True).click()
        _assert_kept(phone, key[n])
    phone.goto(f"{base}/evaluasi/{SLUG}/percobaan/{attempt_id}/ringkasan")
    phone.get_by_role("button", name="Kirim dan nilai").click()
    expect(phone.get_by_text("Menunggu penilaian", exact=True)).to_be_visible()
    expect(phone.locator(".big-score")).not_to_contain_text(re.compile(r"\d"))
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "pjj-evaluation-pending-360")
    phone.get_by_role("link", name="Semua nilai saya").click()
    pjj_row = phone.get_by_role("row", name=re.compile("Evaluasi Akademik PJJ"))
    expect(pjj_row.locator(".badge").first).to_have_text("Menunggu penilaian")
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "pjj-results-pending-360")
    phone.context.clear_cookies()

    # The widyaiswara grades the essay from the queue, by the rubric, on a phone.
    sign_in(phone, base, pjj_week["widyaiswara"], PASSWORD)
    phone.goto(f"{base}/penilaian-esai")
    expect(phone.get_by_text("1 esai menunggu")).to_be_visible()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "pjj-essay-queue-360")
    phone.get_by_role("link", name="Evaluasi Akademik PJJ").click()
    phone.get_by_role("link", name=pjj_week["name"]).click()
    expect(phone.get_by_text("Langkah saya: menolak dengan santun")).to_be_visible()
    phone.get_by_label("Menyebut dan menjelaskan nilai yang dipertaruhkan", exact=False).check()
    phone.get_by_label("Menguraikan risiko bagi organisasi", exact=False).check()
    phone.get_by_label("Langkah benar tetapi tidak runtut", exact=False).check()
    phone.get_by_label("Umpan balik untuk peserta").fill(FEEDBACK)
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "pjj-essay-grading-360")
    phone.get_by_role("button", name="Simpan nilai").click()
    expect(phone.get_by_text("Nilai esai dicatat; nilai percobaan ini sudah lengkap.")).to_be_visible()
    expect(phone.get_by_text("Tidak ada esai yang menunggu penilaian.")).to_be_visible()
    phone.context.clear_cookies()

    # The participant sees the score, each criterion's level and the feedback (shown once the evaluation is
    # passed, as its review options say).
    sign_in(phone, base, pjj_week["participant"], PASSWORD)
    phone.goto(f"{base}/evaluasi/{SLUG}/percobaan/{attempt_id}/hasil")
    # The essay earns 0.3*4/4 + 0.3*4/4 + 0.4*2/4 = 80% of one question; the other 16 are right.
    total = len(key)
    expected = f"{(total - 1 + 0.8) / total * 100:.2f}".replace(".", ",")
    expect(phone.locator(".big-score")).to_contain_text(expected)
    expect(phone.get_by_text("Lulus", exact=True).first).to_be_visible()
    levels = phone.locator(".review-levels")
    expect(levels).to_contain_text("Ketepatan identifikasi nilai BerAKHLAK: 4/4")
    expect(levels).to_contain_text("Langkah tindakan: 2/4 · Langkah benar tetapi tidak runtut")
    expect(phone.locator(".essay-feedback")).to_contain_text(FEEDBACK)
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "pjj-evaluation-graded-360")

    # The evaluation is done: the lock page now names only attendance and the task.
    reason = _lock_reason(phone, base)
    assert "Evaluasi Akademik PJJ" not in reason, reason
    assert ATTENDANCE in reason and TASKS in reason, reason
