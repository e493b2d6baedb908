"""Aktualisasi from an empty plan to a scored seminar aktualisasi in the browser, at 360x740 and 1280x800, as
participant, coach, mentor, penguji and coordinator: the participant writes every section of the plan and submits;
the coach returns it with a comment on one section; the participant fixes it and resubmits; the coach accepts, the
mentor approves; the coordinator schedules the seminar rancangan and places the participant; the penguji scores it
with the rubric and approves the plan; the participant writes a habituation log entry with a photo, the coach
comments, the mentor confirms; the participant assembles the report and submits it, the coach checks it, the mentor
approves it; the coordinator schedules the seminar aktualisasi; penguji, coach and mentor score it; the coordinator
sees the result sheet complete. The participant sees each state and what to do next; every transition is audited
once, by the right person."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.phases.models import install_default_phases
from tests.factories import (
    PASSWORD,
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_instructor,
    make_mentor,
    make_participant,
)
from tests.helpers.browser import assert_no_horizontal_scroll, screenshot, sign_in, sized_context
from tests.helpers.habituation import jpeg_bytes, last_workday, schedule_aktualisasi
from tests.helpers.plan_browser import ACTIVITIES, EDITOR, ISSUES, saved, section, write_plan

pytestmark = pytest.mark.browser
NAME = "Siti Rahmawati Kusumaningtyas"
COMMENT = "Penyebab kedua belum didukung data antrean harian."
FIXED_CAUSE = "Pendaftaran manual: rata-rata 120 pasien per pagi"
PENGUJI = "Dra. Ratna Dewi"
KIND_TITLES = {"rancangan": "Seminar rancangan aktualisasi", "aktualisasi": "Seminar aktualisasi"}
DAY = (date.today() + timedelta(days=3)).isoformat()
DONE = "Berkonsultasi dengan kepala puskesmas tentang draf SOP antrean daring."
LOG_COMMENT = "Bagus. Catat juga siapa saja yang hadir."
# Log entries beyond the one written in the browser: one per other step of the plan's activities.
OTHER_STEPS = sum(len(steps.splitlines()) for _title, steps, *_rest in ACTIVITIES) - 1


@pytest.fixture
def plan_people(live_app):
    """A participant with a coach and a mentor, a widyaiswara to examine, the coordinator of their angkatan's
    lembaga; the angkatan's aktualisasi period runs around today (the habituation log is written inside it)."""
    with live_app.app_context():
        install_default_phases()
        instansi = make_instansi("Pemerintah Kota Tangerang")
        angkatan = make_angkatan(instansi, 72)
        participant = make_participant(angkatan, name=NAME)
        coach, examiner = make_instructor(name="Dr. Bambang Sutrisno"), make_instructor(name=PENGUJI)
        participant.enrolment.coach_id = coach.id
        mentor = make_mentor(participant, unit="Puskesmas Cipondoh", name="dr. Hendra Wijaya")
        coordinator = make_coordinator(instansi)
        schedule_aktualisasi(angkatan.id, date.today() - timedelta(days=20), date.today() + timedelta(days=30))
        db.session.commit()
        people = dict(participant=participant, coach=coach, mentor=mentor, coordinator=coordinator, examiner=examiner)
        ids = {f"{k}_id": v.id for k, v in people.items()}
        return {"id": participant.id, "angkatan": angkatan.id, **ids, **{k: v.nip for k, v in people.items()}}


def _sees_state(page, base: str, label: str, next_step: str) -> None:
    """The participant sees `label` and what to do next on the plan page and on their home."""
    page.goto(base + EDITOR)
    card = page.locator(".plan-state")
    expect(card).to_contain_text(label)
    expect(card).to_contain_text(next_step)
    page.goto(base + "/")
    home = page.locator(".plan-home")
    expect(home).to_contain_text(label)
    expect(home).to_contain_text(next_step)
    assert_no_horizontal_scroll(page)


class Actors:
    """Each person of the journey in their own browser context at the run's size, signed in once; `at_home(who)`
    brings their page back to their home (where each of their steps starts, as after signing in)."""

    def __init__(self, browser, size: str, base: str, people: dict):
        self.browser, self.size, self.base, self.people = browser, size, base, people
        self.pages: dict = {}

    def at_home(self, who: str):
        page = self.pages.get(who)
        if page is None:
            page = sized_context(self.browser, self.size).new_page()
            page.size = self.size
            sign_in(page, self.base, self.people[who], PASSWORD)
            self.pages[who] = page
        page.goto(self.base + "/")
        return page

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture
def actors(browser, sized_page, live_app, plan_people):
    found = Actors(browser, sized_page.size, live_app.config["LIVE_URL"], plan_people)
    yield found
    found.close()


def test_aktualisasi_from_an_empty_plan_to_a_scored_seminar_aktualisasi(live_app, actors, plan_people, tmp_path):
    base, size = live_app.config["LIVE_URL"], actors.size
    page = actors.at_home("participant")
    page.get_by_role("link", name="Rancangan", exact=True).first.click()
    expect(page.locator(".plan-state")).to_contain_text("Draf")
    screenshot(page, f"plan-journey-editor-empty-{size}")
    write_plan(page)
    expect(page.locator("#ajukan")).to_contain_text("Semua bagian sudah terisi")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"plan-journey-editor-filled-{size}")
    page.get_by_role("button", name="Ajukan ke coach").click()
    saved(page, "Rancangan diajukan.")
    _sees_state(page, base, "Diajukan ke coach", "Coach sedang meninjau")

    page = actors.at_home("coach")
    page.get_by_role("link", name="1 rancangan menunggu tinjauan Anda").click()
    page.get_by_role("link", name=f"Tinjau: {NAME}").click()
    expect(page.locator("#bagian-isu")).to_contain_text(ISSUES[0][0])
    page.locator("#bagian-penyebab textarea").fill(COMMENT)
    assert_no_horizontal_scroll(page)
    screenshot(page, f"plan-journey-coach-review-{size}")
    page.get_by_role("button", name="Kembalikan untuk diperbaiki").click()
    saved(page, "Dikembalikan coach")

    page = actors.at_home("participant")
    _sees_state(page, base, "Dikembalikan coach", "Perbaiki bagian yang dikomentari")
    page.goto(base + EDITOR)
    causes = page.locator("#bagian-penyebab")
    expect(causes.get_by_text(COMMENT)).to_be_visible()  # the commented section is open, its comment in sight
    causes.locator("textarea[name=causes]").fill(f"Pendaftaran masih manual di satu loket\n{FIXED_CAUSE}")
    causes.get_by_role("button", name="Simpan bagian ini").click()
    saved(page, "Penyebab isu")
    page.get_by_role("button", name="Ajukan ke coach").click()
    saved(page, "Rancangan diajukan.")

    page = actors.at_home("coach")
    page.goto(f"{base}/aktualisasi/peserta/{plan_people['id']}")
    expect(page.locator("#bagian-penyebab")).to_contain_text(FIXED_CAUSE)
    page.get_by_role("link", name="Bandingkan dengan versi sebelumnya").click()
    expect(page.locator("main")).to_contain_text(FIXED_CAUSE)
    page.go_back()
    page.get_by_role("button", name="Terima rancangan").click()
    saved(page, "Diterima coach")

    page = actors.at_home("participant")
    _sees_state(page, base, "Diterima coach, menunggu mentor", "Tunggu persetujuan mentor")

    page = actors.at_home("mentor")
    page.get_by_role("link", name="1 rancangan menunggu persetujuan Anda").click()
    page.get_by_role("link", name=f"Setujui atau kembalikan: {NAME}").click()
    expect(page.locator(".mentor-decision")).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, f"plan-journey-mentor-{size}")
    page.locator(".mentor-decision").get_by_role("button", name="Setujui rancangan").click()
    saved(page, "Disetujui mentor")

    page = actors.at_home("participant")
    _sees_state(page, base, "Disetujui mentor", "Penyelenggara akan menjadwalkan seminar rancangan")

    page = actors.at_home("coordinator")
    page.goto(f"{base}/aktualisasi/peserta/{plan_people['id']}")
    expect(page.locator(".plan-state")).to_contain_text("Disetujui mentor")
    expect(page.locator("button[name=action]")).to_have_count(0)  # no shortcut around the seminar
    expect(page.locator(".seminar-hint")).to_contain_text("Jadwalkan seminar rancangan dan daftarkan peserta")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"aktualisasi-journey-coordinator-plan-{size}")
    _schedule_seminar(actors, "rancangan")
    page = actors.at_home("participant")
    _sees_state(page, base, "Seminar rancangan dijadwalkan", "Siapkan paparan rancangan Anda")
    page.goto(base + EDITOR)
    expect(page.locator("form[action$='/bagian/penyebab']")).to_have_count(0)  # the pen is not theirs now
    page.get_by_role("link", name="Versi yang diajukan (3)").click()
    assert_no_horizontal_scroll(page)
    screenshot(page, f"plan-journey-versions-{size}")

    page = actors.at_home("examiner")
    _score(page, "penguji", "rancangan", (4, 4, 4, 3))
    page.get_by_role("link", name="Sahkan atau minta revisi").click()
    page.get_by_role("button", name="Sahkan rancangan").click()
    saved(page, "Rancangan disahkan")
    page = actors.at_home("participant")
    _sees_state(page, base, "Rancangan disahkan", "Laksanakan kegiatannya selama habituasi")

    _write_log_entry(page, tmp_path, size)
    page = actors.at_home("coach")
    page.goto(base + "/aktualisasi/antrean")
    page.get_by_role("link", name=f"Beri komentar: {NAME}").click()
    page.get_by_label("Komentar").fill(LOG_COMMENT)
    page.get_by_role("button", name="Kirim komentar").click()
    expect(page.locator("#komentar")).to_contain_text(LOG_COMMENT)
    page = actors.at_home("mentor")
    page.get_by_role("link", name="1 entri menunggu konfirmasi").click()
    page.get_by_role("link", name=f"Konfirmasi: {NAME}").click()
    page.get_by_role("button", name="Konfirmasi entri").click()
    saved(page, "Entri dikonfirmasi.")
    _log_the_other_workdays(live_app, plan_people)
    page = actors.at_home("participant")
    page.get_by_role("link", name="Habituasi", exact=True).first.click()
    expect(page.locator(".log-entries .state-confirmed")).to_have_count(OTHER_STEPS + 1)  # every entry confirmed
    expect(page.locator(".log-progress tbody tr")).to_have_count(len(ACTIVITIES))
    for row, (_title, steps, _output, (start, end), _values) in zip(
        page.locator(".log-progress tbody tr").all(), ACTIVITIES, strict=True
    ):  # a confirmed workday per step, of the activity's planned days
        expect(row).to_contain_text(f"{len(steps.splitlines())} / {end - start + 1}")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"aktualisasi-journey-log-{size}")

    _write_report(actors, size)
    _schedule_seminar(actors, "aktualisasi")
    for who, levels in (("examiner", (4, 3, 4)), ("coach", (3, 3, 4)), ("mentor", (4, 4, 3))):
        page = actors.at_home(who)
        _score(page, {"examiner": "penguji"}.get(who, who), "aktualisasi", levels)
    page = actors.at_home("coordinator")
    page.goto(f"{base}/seminar/angkatan/{plan_people['angkatan']}")
    page.get_by_role("link", name="Seminar aktualisasi").click()
    sheet = page.locator("table.seminar-sheet")
    expect(sheet).to_contain_text(NAME)
    expect(sheet).to_contain_text("lengkap")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"aktualisasi-journey-result-{size}")
    _every_transition_audited_once(live_app, plan_people)


def _schedule_seminar(actors: Actors, kind: str) -> None:
    """The coordinator schedules a seminar of `kind` from the angkatan's seminar page and places the participant."""
    page = actors.at_home("coordinator")
    page.goto(f"{actors.base}/seminar/angkatan/{actors.people['angkatan']}")
    page.get_by_role("link", name="Jadwalkan seminar").click()
    page.get_by_label("Jenis seminar").select_option(kind)
    page.get_by_label("Mulai").fill(f"{DAY}T09:00")
    page.get_by_label("Selesai").fill(f"{DAY}T11:30")
    page.get_by_label("Ruang").fill("Ruang Garuda, Gedung B")
    page.get_by_label("Penguji").select_option(label=PENGUJI)
    page.get_by_role("button", name="Jadwalkan", exact=True).click()
    saved(page, "Seminar dijadwalkan.")
    page.get_by_label("Peserta", exact=True).select_option(label=NAME)
    page.get_by_role("button", name="Tambahkan").click()
    saved(page, f"{NAME} ditambahkan ke seminar.")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"aktualisasi-journey-seminar-{kind}-{page.size}")


def _score(page, role: str, kind: str, levels: tuple[int, ...]) -> None:
    """A scorer opens "Seminar saya" from their home, the seminar's participants, and submits their rubric levels
    (locked)."""
    page.get_by_role("link", name=re.compile(r"^Seminar saya")).first.click()
    seminar = page.locator(".seminar-item").filter(has_text=KIND_TITLES[kind])
    seminar.get_by_role("link", name="Buka peserta dan penilaian").click()
    page.get_by_role("link", name=f"Nilai sebagai {role}").click()
    for criterion, level in enumerate(levels):
        page.locator(f"input[name=kriteria-{criterion}][value='{level}']").check()
    assert_no_horizontal_scroll(page)
    screenshot(page, f"aktualisasi-journey-score-{role}-{page.size}")
    page.get_by_role("button", name="Kirim nilai (dikunci)").click()
    saved(page, "dikirim dan dikunci")
    expect(page.get_by_role("button", name="Kirim nilai (dikunci)")).to_have_count(0)


def _write_log_entry(page, tmp_path, size: str) -> None:
    """One habituation day through the browser, with a phone photo; the other workdays are not the point here."""
    photo = tmp_path / "IMG_20261204_0930.jpg"
    photo.write_bytes(jpeg_bytes((2400, 1800), gps=True))
    page.get_by_role("link", name="Habituasi", exact=True).first.click()
    page.get_by_role("link", name="Tulis entri hari ini").click()
    page.get_by_label("Kegiatan dan tahapan").select_option(label="1.1 Konsultasi dengan kepala puskesmas")
    page.get_by_label("Tanggal (hari kerja)").fill(last_workday(date.today()).isoformat())
    page.get_by_label("Apa yang Anda kerjakan").fill(DONE)
    page.get_by_label("Akuntabel").fill("Notulen konsultasi disimpan di map SOP.")
    page.get_by_label("Bukti: foto atau PDF").set_input_files(str(photo))
    page.get_by_label("Keterangan bukti").fill("Konsultasi di ruang kepala puskesmas")
    page.get_by_role("button", name="Simpan entri").click()
    expect(page.locator(".flash")).to_contain_text("menunggu konfirmasi mentor")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"aktualisasi-journey-log-entry-{size}")


def _log_the_other_workdays(live_app, people: dict) -> list[int]:
    """The rest of the habituation, one confirmed entry per remaining step of each activity on earlier workdays,
    written with the same rule functions the log's pages call (lms.habituation.entries.create_entry for the
    participant's form, decide for the mentor's "Konfirmasi entri"): clicking through thirty workdays is not what
    this journey checks; the browser wrote and confirmed the first one. The ids of the entries written."""
    from lms.aktualisasi.editing import plan_of
    from lms.habituation.entries import EntryInput, create_entry, decide
    from lms.habituation.pages import today_for
    from lms.habituation.period import is_workday, period_for

    written = []
    with live_app.app_context():
        plan = plan_of(people["id"])
        period, today = period_for(people["angkatan"]), today_for(plan.user.enrolment)
        day = period.opens_on
        for activity in plan.activities:
            for step, title in enumerate(activity.steps, start=1):
                if (activity.position, step) == (plan.activities[0].position, 1):
                    continue  # written in the browser
                while not is_workday(day):
                    day += timedelta(days=1)
                given = EntryInput(activity.id, step, day, f"{title}: selesai hari ini.", {"akuntabel": "Dicatat."}, "")
                entry = create_entry(people["id"], given, period, today)
                decide(entry, people["mentor_id"], "confirm", "", entry.revision)
                written.append(entry.id)
                day += timedelta(days=1)
        db.session.commit()
    return written


def _write_report(actors: Actors, size: str) -> None:
    """The participant assembles the report from the plan and the confirmed log, writes the rest and submits;
    the coach checks it, the mentor approves it."""
    page = actors.at_home("participant")
    page.locator(".report-home").get_by_role("link", name="Mulai menyusun laporan").click()
    page.get_by_role("button", name="Mulai menyusun laporan").click()
    saved(page, "Draf laporan disusun")
    expect(page.locator("main")).to_contain_text(DONE)  # the confirmed entry, assembled
    for key in ("nilai", "dampak", "penutup"):
        block = section(page, key)
        block.locator("textarea[name=body]").fill(f"Bagian {key}: ditulis di {size}.")
        block.get_by_role("button", name="Simpan bagian ini").click()
        saved(page, "tersimpan")
    expect(page.locator("main")).to_contain_text("Memasang papan di ruang tunggu: selesai hari ini.")  # the last
    expect(page.locator("#ajukan")).to_contain_text("Semua bagian sudah terisi")
    page.get_by_role("button", name="Ajukan ke coach").click()
    saved(page, "Laporan diajukan.")
    page = actors.at_home("coach")
    page.get_by_role("link", name="1 laporan menunggu pemeriksaan Anda").click()
    page.get_by_role("link", name=f"Periksa laporan: {NAME}").click()
    page.get_by_role("button", name="Tandai sudah diperiksa").first.click()
    saved(page, "Diperiksa coach")
    page = actors.at_home("mentor")
    page.get_by_role("link", name="1 laporan menunggu persetujuan Anda").click()
    page.get_by_role("link", name=f"Setujui atau kembalikan laporan: {NAME}").click()
    page.locator(".mentor-decision").get_by_role("button", name="Setujui laporan").click()
    saved(page, "Disetujui mentor")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"aktualisasi-journey-report-approved-{size}")


def _every_transition_audited_once(live_app, people: dict) -> None:
    with live_app.app_context():
        rows = db.session.execute(
            select(AuditEntry.action, AuditEntry.actor_id)
            .where(AuditEntry.subject_user_id == people["id"])
            .order_by(AuditEntry.id)
        ).all()
    who = {people[f"{k}_id"]: k for k in ("participant", "coach", "mentor", "coordinator", "examiner")}
    assert [(action, who[actor]) for action, actor in rows] == [
        ("aktualisasi.submit", "participant"),
        ("aktualisasi.return", "coach"),
        ("aktualisasi.submit", "participant"),
        ("aktualisasi.accept", "coach"),
        ("aktualisasi.approve", "mentor"),
        # The seminar rancangan: the coordinator places the participant (the penguji assigned with it) ...
        ("aktualisasi.schedule_seminar", "coordinator"),
        ("enrolment.examiner", "coordinator"),
        ("seminar.add", "coordinator"),
        # ... the penguji's locked score makes the plan scored, and the penguji approves it.
        ("seminar.submit", "examiner"),
        ("aktualisasi.score", "examiner"),
        ("aktualisasi.approve_plan", "examiner"),
        ("habituasi.entry_create", "participant"),
        ("habituasi.entry_confirm", "mentor"),
        # The other workdays (one per remaining step), by the same rule functions.
        *[("habituasi.entry_create", "participant"), ("habituasi.entry_confirm", "mentor")] * OTHER_STEPS,
        ("report.start", "participant"),
        ("report.submit", "participant"),
        ("report.check", "coach"),
        ("report.approve", "mentor"),
        # The seminar aktualisasi, scored by the three the program's rubric names.
        ("enrolment.examiner", "coordinator"),
        ("seminar.add", "coordinator"),
        ("seminar.submit", "examiner"),
        ("seminar.submit", "coach"),
        ("seminar.submit", "mentor"),
    ]
