"""Setting tasks and exporting their grades, with real requests: the rubric refused with its message and
nothing typed lost, times read in the angkatan's zone, each refused pair, exports safe for Excel."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lms.core.extensions import db
from lms.tasks.models import SubmissionVersion, Task
from tests.factories import RUBRIC_TEXT
from tests.helpers.tasks import grade, send
from tests.helpers.web import client_for, post


def _form(**overrides):
    data = {
        "title": "Analisis isu kontemporer",
        "agenda": "1",
        "instructions": "Tulis **dua** halaman.",
        "opens_at": "2026-12-01T08:00",
        "due_at": "2026-12-10T23:59",
        "file_types": ["pdf", "docx"],
        "max_mb": "5",
        "text_allowed": "y",
        "late_allowed": "y",
        "rubric": RUBRIC_TEXT,
    }
    data.update(overrides)
    return data


def test_a_widyaiswara_sets_a_task_in_the_angkatans_time_zone(app, task_world):
    client = client_for(app, task_world.grader[1])
    url = f"/tugas/angkatan/{task_world.angkatan_id}/baru"
    response = post(client, url, _form(grader_id=str(task_world.grader[0])), token_from=url)
    assert response.status_code == 302
    with app.app_context():
        task = db.session.scalars(select(Task).where(Task.title == "Analisis isu kontemporer")).one()
        assert task.due_at == datetime(2026, 12, 10, 23, 59, tzinfo=ZoneInfo("Asia/Jakarta"))
        assert (task.accepted, task.max_bytes, task.late_allowed, task.per_group) == (
            ("pdf", "docx"),
            5 << 20,
            True,
            False,
        )
        assert task.grader_id == task_world.grader[0] and len(task.rubric["criteria"]) == 2
    listing = client.get(f"/tugas/angkatan/{task_world.angkatan_id}").get_data(as_text=True)
    assert "Analisis isu kontemporer" in listing


def test_a_bad_rubric_is_refused_with_its_message_and_nothing_typed_is_lost(app, task_world):
    client = client_for(app, task_world.grader[1])
    url = f"/tugas/angkatan/{task_world.angkatan_id}/baru"
    bad = "Ketepatan | 40\n- 0: Tidak ada\nKejelasan | 60\n- 1: Kabur\n- 3: Jelas"
    response = post(client, url, _form(grader_id=str(task_world.grader[0]), rubric=bad), token_from=url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Kriteria &#39;Ketepatan&#39; perlu sedikitnya dua level." in page
    assert "Analisis isu kontemporer" in page and "Kejelasan | 60" in page and "Tulis **dua** halaman." in page
    with app.app_context():
        assert db.session.scalar(select(Task).where(Task.title == "Analisis isu kontemporer")) is None


@pytest.mark.parametrize("who", ["outsider", "first", "stranger"])
def test_who_does_not_teach_the_angkatan_cannot_set_its_tasks(app, task_world, who):
    client = client_for(app, getattr(task_world, who)[1])
    url = f"/tugas/angkatan/{task_world.angkatan_id}/baru"
    assert client.get(url).status_code in (403, 404)
    response = post(client, url, _form(grader_id=str(task_world.grader[0])), token_from="/")
    assert response.status_code in (403, 404)
    with app.app_context():
        assert db.session.scalar(select(Task).where(Task.title == "Analisis isu kontemporer")) is None


@pytest.mark.parametrize("who", ["colleague", "outsider", "first"])
def test_another_widyaiswaras_task_cannot_be_edited_or_exported(app, task_world, who):
    client = client_for(app, getattr(task_world, who)[1])
    assert client.get(f"/tugas/{task_world.task_id}/ubah").status_code in (403, 404)
    assert post(client, f"/tugas/{task_world.task_id}/nilai.csv", token_from="/").status_code in (403, 404)


def test_the_coordinator_edits_and_exports_grades_safe_for_excel(app, task_world):
    participant = client_for(app, task_world.first[1])
    send(participant, task_world.task_id, text='=HYPERLINK("http://x")')
    grader = client_for(app, task_world.grader[1])
    queue = grader.get("/tugas/penilaian").get_data(as_text=True)
    submission_id = int(queue.split("/tugas/kiriman/")[1].split("/")[0])
    with app.app_context():
        version_id = db.session.scalars(select(SubmissionVersion.id)).one()
    grade(grader, submission_id, version_id, {0: 4, 1: 1}, "=1+1 rumus")
    coordinator = client_for(app, task_world.coordinator[1])
    assert coordinator.get(f"/tugas/{task_world.task_id}/ubah").status_code == 200
    csv_response = post(coordinator, f"/tugas/{task_world.task_id}/nilai.csv", token_from="/")
    assert csv_response.status_code == 200 and csv_response.headers["Cache-Control"] == "no-store"
    text = csv_response.data.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("NIP,Nama,NDH,Kelompok,Status")
    assert len(lines) == 4  # the header and the angkatan's three participants
    assert "'=1+1 rumus" in text and "dinilai" in text and "belum" in text
    xlsx = post(coordinator, f"/tugas/{task_world.task_id}/nilai.xlsx", token_from="/")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    graded = next(r for r in rows if r[4] == "dinilai")
    # 100 x (60 x 4/4 + 40 x 1/3) / 100
    assert graded[8] == 73.33 and graded[-1] == "'=1+1 rumus"


def test_the_rubric_stays_once_graded_and_the_owner_kind_once_submitted(app, task_world):
    send(client_for(app, task_world.first[1]), task_world.task_id, text="Analisis")
    grader = client_for(app, task_world.grader[1])
    url = f"/tugas/{task_world.task_id}/ubah"
    with app.app_context():
        version_id, submission_id = db.session.execute(
            select(SubmissionVersion.id, SubmissionVersion.submission_id)
        ).one()
    fields = _form(grader_id=str(task_world.grader[0]), rubric=RUBRIC_TEXT.replace("| 60", "| 50"), per_group="y")
    refused = post(grader, url, fields, token_from=url)
    assert refused.status_code == 422
    assert "Cara pengumpulan tidak dapat diubah" in refused.get_data(as_text=True)
    grade(grader, submission_id, version_id, {0: 4, 1: 3})
    fields.pop("per_group")
    refused = post(grader, url, fields, token_from=url)
    assert refused.status_code == 422
    assert "Rubrik tidak dapat diubah" in refused.get_data(as_text=True)
    with app.app_context():
        task = db.session.get(Task, task_world.task_id)
        assert task.rubric["criteria"][0]["weight"] == "60" and not task.per_group
    assert post(grader, url, _form(grader_id=str(task_world.grader[0])), token_from=url).status_code == 302
