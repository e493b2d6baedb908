"""The journeys of the roles of a whole Latsar, each at 360x740 and 1280x800, on one demo world per module:
the instansi viewer, the mentor (and their first sign-in through a set-up link), the widyaiswara who is coach
and penguji, and the coordinator assigning coach and mentor by CSV."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lms.auth.models import User
from lms.core.extensions import db
from lms.demo import DEMO_PASSWORD
from lms.people.models import Angkatan, Enrolment, Instansi, InstansiViewer
from lms.people.relations_demo import mentor_nip
from tests.helpers.browser import assert_no_horizontal_scroll, screenshot, sign_in, status_of

pytestmark = pytest.mark.browser


def _participants(app, number: int) -> list[User]:
    """The participants of Angkatan <number> of the demo, by name."""
    with app.app_context():
        people = db.session.scalars(
            select(User)
            .join(Enrolment, Enrolment.user_id == User.id)
            .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
            .where(Angkatan.number == number)
            .order_by(User.name, User.id)
        ).all()
        db.session.expunge_all()
        return people


def _user(app, nip: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.nip == nip))
        db.session.expunge_all()
        return user


def _open_menu(page, name: str) -> None:
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name=name).click()


def test_instansi_viewer_reads_only_their_own_employees(demo_site, sized_page):
    app, logins = demo_site
    page, base = sized_page, app.config["LIVE_URL"]
    with app.app_context():
        viewer = db.session.scalar(select(User).where(User.nip == logins["instansi_viewer"]))
        own = db.session.scalar(
            select(Instansi.name)
            .join(InstansiViewer, InstansiViewer.instansi_id == Instansi.id)
            .where(InstansiViewer.user_id == viewer.id)
        )
        own_nips = set(
            db.session.scalars(
                select(User.nip)
                .join(Enrolment, Enrolment.user_id == User.id)
                .join(Instansi, Instansi.id == Enrolment.instansi_id)
                .where(Instansi.name == own)
            )
        )
        stranger = db.session.scalar(
            select(Enrolment.user_id)
            .join(Instansi, Instansi.id == Enrolment.instansi_id)
            .where(Instansi.name != own)
            .order_by(Enrolment.id)
        )
    # The demo mixes three instansi over Angkatan 72-74 (40 each), Angkatan 71 in PJJ (14 of its 40) and
    # Angkatan 70 in aktualisasi (1 of its 3 and all 5 of the dashboard demo's, lms/dashboard/demo.py), Angkatan 69
    # on campus and the finished Angkatan 68 (their participants spread over the three instansi).
    assert len(own_nips) == 74
    sign_in(page, base, logins["instansi_viewer"], DEMO_PASSWORD)
    _open_menu(page, "Pegawai")
    expect(page.get_by_role("heading", name="Pegawai instansi")).to_be_visible()
    expect(page.locator("main").get_by_text(own, exact=True).first).to_be_visible()
    assert page.locator("main table.dash tbody tr").count() == len(own_nips)
    assert_no_horizontal_scroll(page)
    screenshot(page, f"roles-viewer-employees-{page.size}")

    with page.expect_download() as info:
        page.get_by_role("button", name="Unduh CSV").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["NIP", "Nama", "Instansi"]
    assert {row[0] for row in rows[1:]} == own_nips
    assert {row[2] for row in rows[1:]} == {own}

    first = page.locator("main table.dash tbody tr a").first
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    assert page.locator("main form").count() == 0  # read-only: nothing to submit
    expect(page.get_by_role("link", name="Atur coach, mentor dan penguji")).to_have_count(0)
    assert_no_horizontal_scroll(page)
    screenshot(page, f"roles-viewer-record-{page.size}")
    assert status_of(page, f"{base}/orang/peserta/{stranger}") == 404


def test_mentor_reaches_their_mentees_and_no_one_else(demo_site, sized_page):
    app, logins = demo_site
    page, base = sized_page, app.config["LIVE_URL"]
    mentor = _user(app, logins["mentor"])
    with app.app_context():
        mentees = set(
            db.session.scalars(
                select(User.name).join(Enrolment, Enrolment.user_id == User.id).where(Enrolment.mentor_id == mentor.id)
            )
        )
    # The demo's mentors guide Angkatan 72; the first also Angkatan 70's eight (lms/habituation/demo.py,
    # lms/dashboard/demo.py).
    outsider = _participants(app, 73)[0]
    assert len(mentees) == 12
    sign_in(page, base, mentor.nip, DEMO_PASSWORD)
    _open_menu(page, "Bimbingan")
    expect(page.get_by_role("heading", name="Peserta bimbingan")).to_be_visible()
    links = page.locator("main table tbody tr td:first-child a")
    assert set(links.all_inner_texts()) == mentees
    expect(page.locator("main table tbody")).to_contain_text("mentor")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"roles-mentor-list-{page.size}")
    name = links.first.inner_text()
    links.first.click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    expect(page.locator("dl.facts").get_by_text(mentor.name)).to_be_visible()
    assert page.locator("main form").count() == 0
    assert_no_horizontal_scroll(page)
    screenshot(page, f"roles-mentor-record-{page.size}")
    assert status_of(page, f"{base}/orang/peserta/{outsider.id}") == 404


def test_widyaiswara_opens_a_coachee_and_an_examinee(demo_site, sized_page):
    app, logins = demo_site
    page, base = sized_page, app.config["LIVE_URL"]
    widyaiswara = _user(app, logins["instructor"])
    sign_in(page, base, widyaiswara.nip, DEMO_PASSWORD)
    _open_menu(page, "Bimbingan")
    expect(page.get_by_role("heading", name="Peserta bimbingan")).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, f"roles-widyaiswara-list-{page.size}")
    list_url = page.url
    coachee = page.locator("main table tbody tr").filter(has=page.get_by_role("cell", name="coach", exact=True)).first
    name = coachee.locator("a").inner_text()
    coachee.locator("a").click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    relations = page.locator("dl.facts").filter(has_text="Coach")
    expect(relations.locator("dd").first).to_have_text(widyaiswara.name)
    assert_no_horizontal_scroll(page)
    screenshot(page, f"roles-widyaiswara-coachee-{page.size}")

    # The examinees are fewer than the coachees: page on through the list until one shows.
    page.goto(list_url)
    examinee = page.locator("main table tbody tr", has_text="penguji seminar rancangan")
    while examinee.count() == 0:
        page.get_by_role("link", name="Berikutnya ›").click()
        expect(page.get_by_role("heading", name="Peserta bimbingan")).to_be_visible()
    name = examinee.first.locator("a").inner_text()
    examinee.first.locator("a").click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    relations = page.locator("dl.facts").filter(has_text="Coach")
    expect(relations.locator("dt", has_text="Penguji seminar rancangan").locator("+ dd")).to_contain_text(
        widyaiswara.name
    )
    expect(relations.locator("dd").first).not_to_have_text(widyaiswara.name)  # penguji, not their coach
    assert_no_horizontal_scroll(page)
    screenshot(page, f"roles-widyaiswara-examinee-{page.size}")


def test_mentor_first_sign_in_through_the_set_up_link(demo_site, sized_page):
    app, logins = demo_site
    page, base = sized_page, app.config["LIVE_URL"]
    n = 22 if page.size == "phone" else 23  # a mentor of their own for each run
    nip, mentor_name = mentor_nip(n), f"Drs. Mentor Undangan {n}"
    participant = _participants(app, 73)[10 + n % 2]
    sign_in(page, base, logins["coordinator"], DEMO_PASSWORD)
    _open_menu(page, "Angkatan")
    page.get_by_role("link", name=re.compile(r"^Angkatan 73 ")).click()
    page.get_by_role("link", name=participant.name, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=participant.name)).to_be_visible()
    page.get_by_role("link", name="Atur coach, mentor dan penguji").click()
    page.get_by_label("NIP mentor (kosongkan untuk mencabut)").fill(nip)
    page.get_by_label("Nama mentor (untuk mentor baru)").fill(mentor_name)
    page.get_by_label("Unit kerja mentor").fill("Dinas Perhubungan")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"roles-invite-form-{page.size}")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text(f"Coach, mentor dan penguji {participant.name} sudah disimpan.")).to_be_visible()
    expect(page.locator("dl.facts").filter(has_text="Mentor")).to_contain_text(mentor_name)

    _open_menu(page, "Pesan keluar")
    message = page.locator("article", has_text=mentor_name).first
    expect(message).to_contain_text("Undangan mentor LMS Latsar")
    expect(message).to_contain_text("tidak ada: serahkan langsung")  # no e-mail: handed over in person
    assert_no_horizontal_scroll(page)
    screenshot(page, f"roles-invite-outbox-{page.size}")
    link = re.search(r"http://\S+/akun/atur-ulang/\S+", message.locator("pre").inner_text()).group(0)
    page.locator("summary", has_text="Sri Wahyuningsih").click()
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_text("Anda sudah keluar.")).to_be_visible()

    page.goto(link)
    expect(page.get_by_text(f"Akun: {mentor_name}")).to_be_visible()
    page.get_by_label("Kata sandi baru", exact=True).fill("mentor-baru-2026")
    page.get_by_label("Ulangi kata sandi baru").fill("mentor-baru-2026")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"roles-invite-set-password-{page.size}")
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    # Signed in at once, on their home: no second typing of the password just chosen.
    expect(page.get_by_text("Kata sandi baru sudah disimpan dan Anda sudah masuk.")).to_be_visible()
    expect(page.locator("summary", has_text=mentor_name)).to_be_visible()
    _open_menu(page, "Bimbingan")
    expect(page.get_by_role("link", name=participant.name, exact=True)).to_be_visible()
    assert status_of(page, link) == 404  # the link worked once


def test_coordinator_assigns_coach_and_mentor_by_csv(demo_site, sized_page):
    app, logins = demo_site
    page, base = sized_page, app.config["LIVE_URL"]
    first = 0 if page.size == "phone" else 2  # two participants of their own for each run
    people = _participants(app, 74)[first : first + 2]
    coach = _user(app, logins["instructor"])
    n = 20 if page.size == "phone" else 21
    mentor_name = f"Ir. Mentor Impor {n}"
    lines = ["nip_peserta,nip_coach,nip_mentor,nama_mentor,email_mentor,unit_kerja_mentor"]
    lines += [f"{p.nip},{coach.nip},{mentor_nip(n)},{mentor_name},,Dinas Kesehatan" for p in people]
    sign_in(page, base, logins["coordinator"], DEMO_PASSWORD)
    _open_menu(page, "Angkatan")
    page.get_by_role("link", name=re.compile(r"^Angkatan 74 ")).click()
    angkatan_url = page.url
    page.get_by_role("link", name="Impor coach dan mentor dari CSV").click()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "pembimbing.csv", "mimeType": "text/csv", "buffer": "\n".join(lines).encode()}]
    )
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_role("heading", name="Impor coach dan mentor: pembimbing.csv")).to_be_visible()
    review = page.locator("main section.card").first
    expect(review).to_contain_text("2 peserta berubah")
    expect(review).to_contain_text("1 akun mentor baru")
    assert page.locator("main table tbody tr").count() == 2
    assert_no_horizontal_scroll(page)
    screenshot(page, f"roles-assignment-review-{page.size}")
    with app.app_context():  # the dry run wrote nothing
        assert db.session.scalar(select(User.id).where(User.nip == mentor_nip(n))) is None
    page.get_by_role("button", name="Terapkan: ubah penugasan 2 peserta").click()
    saved = "Penugasan 2 peserta sudah disimpan; undangan mentor baru ada di kotak keluar."
    expect(page.get_by_text(saved)).to_be_visible()

    page.goto(angkatan_url)
    for person in people:
        row = page.locator("main tr", has=page.get_by_role("link", name="Atur")).filter(has_text=person.name)
        expect(row).to_contain_text(coach.name)
        expect(row).to_contain_text(mentor_name)
    assert_no_horizontal_scroll(page)
    screenshot(page, f"roles-assignment-angkatan-{page.size}")


def test_assignment_upload_page_fits_a_phone(demo_site, phone):
    app, logins = demo_site
    base = app.config["LIVE_URL"]
    sign_in(phone, base, logins["coordinator"], DEMO_PASSWORD)
    phone.goto(base + "/orang/impor-pembimbing")
    expect(phone.get_by_role("heading", name="Impor coach dan mentor dari CSV")).to_be_visible()
    assert_no_horizontal_scroll(phone)
