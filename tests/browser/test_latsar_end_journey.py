"""The end of Latsar in the browser (issue #18's "Done when"): one angkatan goes from klasikal attendance to ratified
results through the real pages, on SQLite and on PostgreSQL, each actor in their own browser context:

- the committee, on a phone (360x740), takes the klasikal attendance on the list, then opens a participant's QR
  address and records them present, and scores attitude instrument 3B on the sikap sheets;
- the widyaiswara, at 1280x800, scores instrument 3A;
- the coordinator reads the recap (the real component sources compose it from the shipped program) and prepares
  the result on the kelulusan page;
- the head of institution ratifies it;
- the participant, on a phone, who showed their QR, sees their sealed result and band: the recap's final score;
- the instansi viewer sees only their employee's row in the recap, then their sealed result.

The scores that are not this journey's subject (MOOC and PJJ evaluations, both seminars) are rows of the set-up
(tests/helpers/latsar_end.py). The audit log holds the ratification once."""

import threading

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select
from werkzeug.serving import make_server

from lms.app import create_app
from lms.attendance.klasikal_pass import pass_token
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from tests.factories import PASSWORD
from tests.helpers.browser import assert_no_horizontal_scroll, screenshot, sign_in, sized_context
from tests.helpers.database import TEST_CONFIG
from tests.helpers.latsar_end import TOPIC, end_of_latsar, end_session

pytestmark = pytest.mark.browser
# Attitude levels each participant gets on both instruments, and the result the shipped program composes:
# 10% MOOC + 10% PJJ + 30% sikap + 15% seminar rancangan + 35% seminar laporan (tests/helpers/latsar_end.py).
LEVELS = ("3", "4", "4")  # sikap 75, 100, 100
FINAL = ("83,45", "86,50", "94,60")
BANDS = ("Memuaskan", "Memuaskan", "Sangat memuaskan")
CRITERIA = {"3A": 7, "3B": 3}


@pytest.fixture
def world(database_url, tmp_path):
    """The app on this test's database (SQLite, and PostgreSQL when set), served on a free local port, with the
    journey's world in it: (app, world)."""
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        found = end_of_latsar()
        db.session.commit()
    found["scan"] = "/klasikal/pindai/" + pass_token(found["ids"][2], app.secret_key)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app, found
    server.shutdown()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _actor(browser, base: str, size: str, login: str):
    page = sized_context(browser, size).new_page()
    sign_in(page, base, login, PASSWORD)
    return page


def _flash(page, text: str) -> None:
    expect(page.locator(".flash").filter(has_text=text).first).to_be_visible()


def _score_attitude(page, world: dict, code: str, size: str) -> None:
    """From the scorer's home to the list of the angkatan, then each participant's sheet of `code`, submitted."""
    page.get_by_role("link", name="3 penilaian sikap perilaku belum Anda kirim").click()
    page.get_by_role("link", name=f"Nilai peserta {world['angkatan_name']}").click()
    listing = page.url
    for n, name in enumerate(world["names"]):
        page.get_by_role("link", name=name).click()
        for criterion in range(CRITERIA[code]):
            page.locator(f"input[name=kriteria-{criterion}][value='{LEVELS[n]}']").check()
        page.get_by_role("button", name="Kirim").click()
        _flash(page, f"Nilai {'75,00' if LEVELS[n] == '3' else '100,00'} dikirim dan dikunci.")
        if n == 0:
            assert_no_horizontal_scroll(page)
            screenshot(page, f"latsar-end-sikap-{code}-{size}")
        page.goto(listing)


def test_an_angkatan_from_klasikal_attendance_to_ratified_results(browser, world):
    app, world = world
    base, names = app.config["LIVE_URL"], world["names"]

    # The participant (phone) shows their QR; nothing is recorded yet.
    participant = _actor(browser, base, "phone", world["participants"][2])
    participant.get_by_role("link", name="Klasikal", exact=True).click()
    expect(participant.get_by_role("heading", name="QR presensi Anda")).to_be_visible()
    expect(participant.get_by_text("belum dicatat")).to_be_visible()

    # The committee (phone): the list for two participants, the QR address for the third.
    committee = _actor(browser, base, "phone", world["committee"])
    expect(committee.get_by_text(TOPIC)).to_be_visible()
    committee.get_by_role("link", name="Ambil presensi").click()
    expect(committee.get_by_text("0 dari 3 peserta tercatat.")).to_be_visible()
    rows = [committee.locator(f"#peserta-{uid}") for uid in world["ids"]]
    rows[0].get_by_role("radio", name="Hadir", exact=True).check()
    rows[1].get_by_role("radio", name="Terlambat", exact=True).check()
    rows[1].get_by_label("Menit terlambat").fill("7")
    committee.get_by_role("button", name="Simpan presensi").click()
    _flash(committee, "2 peserta dicatat.")
    expect(committee.get_by_text("2 dari 3 peserta tercatat.")).to_be_visible()
    assert_no_horizontal_scroll(committee)
    screenshot(committee, "latsar-end-klasikal-list-phone")
    committee.goto(base + world["scan"])  # what the phone's camera opens
    expect(committee.get_by_role("heading", name=names[2])).to_be_visible()
    expect(committee.get_by_role("radio", name=TOPIC)).to_be_checked()
    committee.get_by_role("button", name="Catat hadir").click()
    _flash(committee, f"{names[2]} tercatat hadir di sesi {TOPIC}.")
    assert_no_horizontal_scroll(committee)
    participant.reload()
    expect(participant.locator(".badge", has_text="hadir")).to_be_visible()

    # The committee scores 3B; the widyaiswara (desktop) scores 3A.
    committee.goto(base + "/")
    _score_attitude(committee, world, "3B", "phone")
    widyaiswara = _actor(browser, base, "desktop", world["widyaiswara"])
    _score_attitude(widyaiswara, world, "3A", "desktop")
    with app.app_context():
        end_session(world["session"])  # the day is over: its attendance now counts
        db.session.commit()

    # The coordinator (desktop): the recap, then the kelulusan page.
    coordinator = _actor(browser, base, "desktop", world["coordinator"])
    coordinator.goto(f"{base}/orang/angkatan/{world['angkatan']}")
    coordinator.get_by_role("link", name="Rekap nilai akhir").first.click()
    expect(coordinator.get_by_role("heading", name=f"Rekap nilai akhir · {world['angkatan_name']}")).to_be_visible()
    expect(coordinator.get_by_text("Semua komponen sudah lengkap.")).to_be_visible()
    recap = coordinator.locator("table.recap tbody tr")
    expect(recap).to_have_count(3)
    shown = {}
    for n, name in enumerate(names):
        row = recap.filter(has_text=name)
        expect(row).to_contain_text(FINAL[n])
        expect(row).to_contain_text(BANDS[n])
        expect(row).to_contain_text("100,00%")  # klasikal attendance: late counts as present
        expect(row.locator(".badge")).to_have_text("Lulus")
        shown[name] = row.locator("td.num strong").inner_text()
    expect(recap.filter(has_text=names[2]).locator("td.num").nth(-1)).to_have_text("1")  # the best: rank 1
    assert_no_horizontal_scroll(coordinator)
    screenshot(coordinator, "latsar-end-recap-desktop")
    coordinator.goto(f"{base}/orang/angkatan/{world['angkatan']}")
    coordinator.get_by_role("link", name="Kelulusan angkatan ini").click()
    expect(coordinator.locator(".blockers")).to_contain_text("Tidak ada")
    coordinator.get_by_role("button", name="Siapkan hasil").click()
    _flash(coordinator, "Hasil disiapkan.")
    expect(coordinator.locator("table.result-table")).to_contain_text(FINAL[2])
    screenshot(coordinator, "latsar-end-prepared-desktop")

    # The head of institution (desktop) ratifies.
    head = _actor(browser, base, "desktop", world["head"])
    head.get_by_role("link", name="Buka pengesahan hasil").click()
    head.get_by_role("link", name=world["angkatan_name"]).first.click()
    expect(head.locator("main")).to_contain_text("3 peserta: 3 lulus, 0 tidak lulus.")
    head.get_by_label("Saya sudah memeriksa hasil ini dan mengesahkannya.", exact=False).check()
    head.get_by_role("button", name="Sahkan hasil").click()
    _flash(head, "disahkan dan disegel")
    expect(head.get_by_role("button", name="Sahkan hasil")).to_have_count(0)
    screenshot(head, "latsar-end-ratified-desktop")

    # The participant (phone) sees their result and band: the recap's final score.
    participant.goto(base + "/")
    card = participant.locator(".kelulusan-home")
    expect(card).to_contain_text(shown[names[2]])
    expect(card).to_contain_text(f"Predikat: {BANDS[2]}")
    card.get_by_role("link", name="Lihat nilai per komponen").click()
    mine = participant.locator(".my-result")
    expect(mine).to_contain_text(shown[names[2]])
    expect(mine).to_contain_text("Lulus")
    expect(participant.locator("main")).to_contain_text("Sikap perilaku")
    assert_no_horizontal_scroll(participant)
    screenshot(participant, "latsar-end-participant-phone")

    # The instansi viewer (desktop): their employee's row in the recap, then their sealed result.
    viewer = _actor(browser, base, "desktop", world["viewer"])
    viewer.goto(base + "/dasbor/pegawai")
    viewer.get_by_role("link", name=f"Rekap nilai akhir pegawai Anda di {world['angkatan_name']}").click()
    expect(viewer.get_by_text("Hanya pegawai instansi Anda yang ditampilkan")).to_be_visible()
    only = viewer.locator("table.recap tbody tr")
    expect(only).to_have_count(1)
    expect(only).to_contain_text(names[2])
    expect(only).to_contain_text(shown[names[2]])
    viewer.goto(base + "/kelulusan/pegawai")
    sealed = viewer.locator("table.result-table tbody tr")
    expect(sealed).to_have_count(1)
    expect(sealed).to_contain_text(names[2])
    expect(sealed).to_contain_text(shown[names[2]])
    screenshot(viewer, "latsar-end-viewer-desktop")

    with app.app_context():
        ratified = db.session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "kelulusan.ratify", AuditEntry.object_id == str(world["angkatan"]))
        )
    assert ratified == 1
    for page in (participant, committee, widyaiswara, coordinator, head, viewer):
        page.context.close()
