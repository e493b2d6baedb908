"""Requests of the tasks pages as a browser sends them: a submission with a file, a grade with its levels."""

import io

from tests.helpers.web import csrf_token


def send(client, task_id: int, *, text: str = "", file: tuple[str, bytes] | None = None):
    data = {"csrf_token": csrf_token(client, f"/tugas/{task_id}"), "text": text}
    if file is not None:
        data["file"] = (io.BytesIO(file[1]), file[0])
    return client.post(f"/tugas/{task_id}/kirim", data=data, content_type="multipart/form-data")


def grade(client, submission_id: int, version_id: int, levels: dict, feedback: str = "", **extra):
    data = {"csrf_token": csrf_token(client, "/tugas/penilaian"), "versi": str(version_id), "feedback": feedback}
    data.update({f"kriteria-{i}": str(p) for i, p in levels.items()})
    data.update(extra)
    return client.post(f"/tugas/kiriman/{submission_id}/nilai", data=data)
