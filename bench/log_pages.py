"""The habituation log's bench pages (#17 item 4): a participant's log entry with a ~1 MB phone photo (a real
multipart upload: the photo is checked, downscaled, re-encoded and stored on every request) and the coach's
queue with the log's section. The demo's Angkatan 70 is in aktualisasi (lms/habituation/demo.py)."""

from __future__ import annotations

import io
import os
import re
import secrets

from page_types import Page, UserKind
from webclient import cookie_header, http_request

NEW_ENTRY = "/habituasi/entri/baru"

LOG_USER_KINDS = {
    # Participants with an approved plan whose angkatan is in its aktualisasi phase today.
    "log_participant": UserKind(
        "SELECT u.id, u.nip FROM users u JOIN aktualisasi_plans pl ON pl.user_id = u.id AND pl.state = 'approved' "
        "JOIN enrolments e ON e.user_id = u.id JOIN phase_schedules ps ON ps.angkatan_id = e.angkatan_id "
        "JOIN phases p ON p.id = ps.phase_id AND p.code = 'aktualisasi' "
        "WHERE u.active AND ps.opens_on <= CURRENT_DATE AND ps.closes_on >= CURRENT_DATE ORDER BY u.id",
        count=3,
        quick_count=2,
    ),
    # Coaches of participants whose plan has an attachment (the demo's plan waiting for the mentor has one).
    "plan_coach": UserKind(
        "SELECT DISTINCT u.id, u.nip FROM users u JOIN enrolments e ON e.coach_id = u.id "
        "JOIN aktualisasi_plans pl ON pl.user_id = e.user_id "
        "JOIN aktualisasi_attachments a ON a.plan_id = pl.id WHERE u.active ORDER BY u.id",
        count=1,
        quick_count=1,
    ),
    # Coaches of participants with log entries.
    "log_coach": UserKind(
        "SELECT DISTINCT u.id, u.nip FROM users u JOIN enrolments e ON e.coach_id = u.id "
        "JOIN habituation_entries h ON h.user_id = e.user_id WHERE u.active ORDER BY u.id",
        count=1,
        quick_count=1,
    ),
}

_PHOTO: list[bytes] = []


def phone_photo(target: int = 1_000_000) -> bytes:
    """A JPEG of about 1 MB (noise does not compress), made once per bench process."""
    if not _PHOTO:
        from PIL import Image

        side = 900
        while True:
            image = Image.frombytes("RGB", (side, side * 3 // 4), os.urandom(side * (side * 3 // 4) * 3))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85)
            if out.tell() >= target:
                _PHOTO.append(out.getvalue())
                break
            side += 150
    return _PHOTO[0]


def prepare_log(http, session) -> None:
    """What the new-entry form offers this participant: the first activity's first step and today's date."""
    page = http_request(http.port, "GET", NEW_ENTRY, {"Cookie": cookie_header(session.cookies)})
    html = page.body.decode("utf-8", "replace")
    target = re.search(r'<option value="(\d+-1)"', html)
    day = re.search(r'name="day"[^>]*value="([\d-]+)"|value="([\d-]+)"[^>]*name="day"', html)
    if target and day:
        session.data["log_fields"] = {"target": target.group(1), "day": day.group(1) or day.group(2)}


def entry_with_photo(session, _params) -> tuple[bytes, str]:
    fields = {
        "csrf_token": session.csrf_token,
        **session.data.get("log_fields", {}),
        "done": "Mendampingi petugas loket menerapkan SOP antrean daring.",
        "value_berorientasi_pelayanan": "Waktu tunggu pasien dicatat dan dibandingkan.",
        "obstacles": "",
        "caption": "Papan antrean di ruang tunggu",
    }
    boundary = "----bench" + secrets.token_hex(8)
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    out.write(
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="IMG_20261205.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n".encode()
    )
    out.write(phone_photo())
    out.write(f"\r\n--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


LOG_PAGES = [
    Page(
        "log_entry_photo",
        NEW_ENTRY,
        user="log_participant",
        method="POST",
        raw_body=entry_with_photo,
        prepare=prepare_log,
        expect=302,
        weight=False,
        max_lines=8,
        connections=4,
        note="a log entry with a ~1 MB phone photo: checked, downscaled to 1600 px, re-encoded, stored",
    ),
    Page("log_coach_queue", "/aktualisasi/antrean", user="log_coach", note="a coach's queue with the log's entries"),
    Page(
        "plan_attachment",
        "/aktualisasi/peserta/{plan_attachment[user_id]}/lampiran/{plan_attachment[id]}",
        user="plan_coach",
        weight=False,
        note="a plan's attachment downloaded by the coach, through the plan's access check",
    ),
]

# The attachments of the plans the session's coach guides.
LOG_PARAMS = {
    "plan_attachment": lambda db, s: [
        {"user_id": user_id, "id": attachment_id}
        for user_id, attachment_id in db.rows(
            "SELECT pl.user_id, a.id FROM aktualisasi_attachments a JOIN aktualisasi_plans pl ON pl.id = a.plan_id "
            "JOIN enrolments e ON e.user_id = pl.user_id WHERE e.coach_id = :coach ORDER BY a.id",
            coach=s.user_id,
        )
    ],
}
