"""A PJJ task on a phone (360x740): a participant submits a file, the widyaiswara grades it from the queue by
the rubric, and the participant sees the grade, the level per criterion and the feedback."""

import pytest
from playwright.sync_api import expect

from lms.core.extensions import db
from lms.people.models import TutorGroup
from lms.phases.models import install_default_phases
from tests.factories import PASSWORD, make_angkatan, make_instansi, make_instructor, make_participant, make_task
from tests.helpers.browser import assert_no_horizontal_scroll, screenshot, sign_in
from tests.helpers.files import PDF

pytestmark = pytest.mark.browser


@pytest.fixture
def pjj_task(live_app):
    with live_app.app_context():
        install_default_phases()
        angkatan = make_angkatan(make_instansi("Pemerintah Kota Cilegon"), 73)
        widyaiswara = make_instructor(angkatan, name="Dr. Bambang Sutrisno")
        participant = make_participant(angkatan, name="Dewi Kartika Sari Wulandari Rahmawati")
        db.session.add(TutorGroup(angkatan_id=angkatan.id, name="Kelompok 1", tutor_id=widyaiswara.id))
        task = make_task(angkatan, widyaiswara, title="Analisis isu kontemporer di unit kerja")
        db.session.commit()
        return {"participant": participant.nip, "widyaiswara": widyaiswara.nip, "task": task.id}


def test_submit_grade_and_see_the_feedback_on_a_phone(live_app, phone, pjj_task, tmp_path):
    base = live_app.config["LIVE_URL"]
    upload = tmp_path / "laporan analisis.pdf"
    upload.write_bytes(PDF)

    sign_in(phone, base, pjj_task["participant"], PASSWORD)
    phone.get_by_role("link", name="Tugas", exact=True).first.click()
    expect(phone.get_by_role("heading", name="Tugas saya")).to_be_visible()
    expect(phone.get_by_text("belum", exact=True)).to_be_visible()
    phone.get_by_role("link", name="Analisis isu kontemporer di unit kerja").click()
    phone.get_by_label("Berkas").set_input_files(str(upload))
    phone.get_by_label("Jawaban teks").fill("Ringkasan: isu antrean layanan KTP.")
    phone.get_by_role("button", name="Kirim").click()
    expect(phone.get_by_text("Kiriman tersimpan (versi 1).")).to_be_visible()
    expect(phone.get_by_role("link", name="laporan analisis.pdf")).to_be_visible()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "tasks-participant-submitted-360")
    phone.context.clear_cookies()

    sign_in(phone, base, pjj_task["widyaiswara"], PASSWORD)
    phone.get_by_role("link", name="Penilaian", exact=True).first.click()
    expect(phone.get_by_role("heading", name="Antrean penilaian")).to_be_visible()
    phone.get_by_role("link", name="Dewi Kartika Sari Wulandari Rahmawati").click()
    phone.get_by_label("Analisis sebagian benar").check()
    phone.get_by_label("Jelas dan runtut").check()
    phone.get_by_label("Umpan balik").fill("Tambahkan data antrean per hari.")
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "tasks-grading-360")
    phone.get_by_role("button", name="Simpan nilai").click()
    expect(phone.get_by_text("Nilai 70,00 disimpan.")).to_be_visible()
    phone.context.clear_cookies()

    sign_in(phone, base, pjj_task["participant"], PASSWORD)
    phone.goto(f"{base}/tugas/")
    expect(phone.get_by_text("Nilai 70", exact=False).first).to_be_visible()
    phone.get_by_role("link", name="Analisis isu kontemporer di unit kerja").click()
    expect(phone.get_by_role("heading", name="Nilai: 70")).to_be_visible()
    expect(phone.get_by_text("Tambahkan data antrean per hari.")).to_be_visible()
    expect(phone.get_by_text("Analisis sebagian benar").first).to_be_visible()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "tasks-participant-graded-360")
