"""Submitting from a phone, with real requests (CSRF on): files checked by their bytes, resubmission keeping
the versions, the deadline enforced on the server, what was typed kept on a refusal, files served only
through the access check."""

from datetime import timedelta

from sqlalchemy import select

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.storage import get_storage
from lms.tasks.models import Submission, SubmissionVersion, Task
from tests.helpers.files import EXE, PDF
from tests.helpers.tasks import send
from tests.helpers.web import client_for, csrf_token


def _versions(app, task_id):
    with app.app_context():
        return db.session.scalars(
            select(SubmissionVersion)
            .join(Submission)
            .where(Submission.task_id == task_id)
            .order_by(SubmissionVersion.number)
        ).all()


def test_participant_submits_a_file_then_resubmits_keeping_both(app, task_world):
    client = client_for(app, task_world.first[1])
    listing = client.get("/tugas/").get_data(as_text=True)
    assert "belum" in listing and f"/tugas/{task_world.task_id}" in listing
    response = send(client, task_world.task_id, text="Jawaban pertama", file=("../../home/peserta/laporan.pdf", PDF))
    assert response.status_code == 302
    response = send(client, task_world.task_id, file=("laporan-2.pdf", PDF + b"%v2"))
    assert response.status_code == 302
    versions = _versions(app, task_world.task_id)
    assert [(v.number, v.file_name, v.late) for v in versions] == [
        (1, "laporan.pdf", False),
        (2, "laporan-2.pdf", False),
    ]
    with app.app_context():
        assert get_storage().read(versions[1].file_key) == PDF + b"%v2"
        assert get_storage().exists(versions[0].file_key)  # the earlier version is kept
    page = client.get(f"/tugas/{task_world.task_id}").get_data(as_text=True)
    assert "Versi 2" in page and "terkumpul" in page
    assert page.count("/tugas/berkas/") == 2


def test_bytes_that_are_not_the_extension_are_refused_and_the_text_is_kept(app, task_world):
    client = client_for(app, task_world.first[1])
    response = send(client, task_world.task_id, text="Analisis saya yang panjang", file=("laporan.pdf", EXE))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "bukan berkas .pdf yang sah" in page
    assert "Analisis saya yang panjang" in page
    assert _versions(app, task_world.task_id) == []


def test_a_huge_upload_is_refused_before_it_is_read_with_the_task_page(app, task_world):
    client = client_for(app, task_world.first[1])
    token = csrf_token(client, f"/tugas/{task_world.task_id}")
    body = f'--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n--b--\r\n'.encode()
    response = client.post(
        f"/tugas/{task_world.task_id}/kirim",
        data=body,
        content_type="multipart/form-data; boundary=b",
        environ_overrides={"CONTENT_LENGTH": str(1024**3)},  # what a 1 GB upload announces
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Berkas terlalu besar" in page and "8 MB" in page
    assert "<form" in page  # the task page itself, with its form, not a bare error page


def test_over_the_task_limit_is_refused_with_a_clear_message(app, task_world):
    client = client_for(app, task_world.first[1])
    response = send(client, task_world.task_id, text="isi", file=("besar.pdf", PDF + b"0" * (3 * 1024 * 1024)))
    assert response.status_code == 422
    assert "batas tugas ini 2 MB" in response.get_data(as_text=True)


def _set(app, task_id, **fields):
    with app.app_context():
        task = db.session.get(Task, task_id)
        for name, value in fields.items():
            setattr(task, name, value)
        db.session.commit()


def test_after_the_due_time_a_submission_is_refused_when_late_is_not_allowed(app, task_world):
    _set(app, task_world.task_id, opens_at=utcnow() - timedelta(days=3), due_at=utcnow() - timedelta(minutes=1))
    client = client_for(app, task_world.first[1])
    response = send(client, task_world.task_id, text="Terlambat sedikit")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "tidak menerima kiriman terlambat" in page
    assert _versions(app, task_world.task_id) == []


def test_late_submissions_are_accepted_and_flagged_once_when_allowed(app, task_world):
    _set(
        app,
        task_world.task_id,
        opens_at=utcnow() - timedelta(days=3),
        due_at=utcnow() - timedelta(minutes=1),
        late_allowed=True,
    )
    client = client_for(app, task_world.first[1])
    assert send(client, task_world.task_id, text="Terlambat").status_code == 302
    assert [v.late for v in _versions(app, task_world.task_id)] == [True]
    assert "terlambat" in client.get("/tugas/").get_data(as_text=True)
    # After the due time one late submission stands: no resubmitting then.
    assert send(client, task_world.task_id, text="Lagi").status_code == 422


def test_a_group_task_has_one_submission_for_the_group(app, task_world):
    _set(app, task_world.task_id, per_group=True)
    first, second, third = (client_for(app, p[1]) for p in (task_world.first, task_world.second, task_world.third))
    assert send(first, task_world.task_id, text="Dari anggota satu").status_code == 302
    assert send(second, task_world.task_id, text="Dari anggota dua").status_code == 302
    versions = _versions(app, task_world.task_id)
    assert [v.number for v in versions] == [1, 2] and len({v.submission_id for v in versions}) == 1
    assert "Dari anggota dua" in first.get(f"/tugas/{task_world.task_id}").get_data(as_text=True)
    refused = send(third, task_world.task_id, text="Tanpa kelompok")  # not in any tutor group
    assert refused.status_code == 422 and "belum masuk kelompok" in refused.get_data(as_text=True)


def test_files_are_served_only_through_the_access_check(app, task_world):
    owner = client_for(app, task_world.first[1])
    send(owner, task_world.task_id, file=("laporan.pdf", PDF))
    version = _versions(app, task_world.task_id)[0]
    url = f"/tugas/berkas/{version.id}"
    response = owner.get(url)
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    for who in (task_world.grader, task_world.coordinator):
        assert client_for(app, who[1]).get(url).status_code == 200
    for who in (task_world.second, task_world.third, task_world.stranger, task_world.colleague, task_world.outsider):
        assert client_for(app, who[1]).get(url).status_code == 404, who


def test_a_task_of_another_angkatan_or_not_yet_open_is_hidden(app, task_world):
    stranger = client_for(app, task_world.stranger[1])
    assert stranger.get(f"/tugas/{task_world.task_id}").status_code == 404
    assert send(stranger, task_world.task_id, text="x").status_code == 404
    _set(app, task_world.task_id, opens_at=utcnow() + timedelta(days=1), due_at=utcnow() + timedelta(days=2))
    participant = client_for(app, task_world.first[1])
    assert participant.get(f"/tugas/{task_world.task_id}").status_code == 404
    assert f"/tugas/{task_world.task_id}" not in participant.get("/tugas/").get_data(as_text=True)


def test_a_submission_without_the_csrf_token_is_refused(app, task_world):
    client = client_for(app, task_world.first[1])
    response = client.post(f"/tugas/{task_world.task_id}/kirim", data={"text": "tanpa token"})
    assert response.status_code == 400
    assert _versions(app, task_world.task_id) == []


def test_the_page_nginx_shows_for_a_too_large_body_explains_it_in_indonesian(client):
    response = client.get("/tugas/terlalu-besar")  # nginx's error_page turns the refused POST into a GET
    assert response.status_code == 413
    assert "Berkas yang dikirim terlalu besar" in response.get_data(as_text=True)
