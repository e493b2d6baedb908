"""Request helpers of the attendance tests: open a code as a signed-in staff member, check in as a participant."""

import re

from tests.helpers.web import post

CODE_RE = re.compile(r'class="checkin-code"[^>]*>([A-Z0-9]+)<')


def open_code(client, session_id: int) -> str:
    """Press "Tampilkan kode" and read the code shown, as the widyaiswara's screen shows it."""
    kelola = f"/presensi/sesi/{session_id}/kelola"
    post(client, f"/presensi/sesi/{session_id}/kode", token_from=kelola)
    match = CODE_RE.search(client.get(kelola).get_data(as_text=True))
    assert match, "no code shown"
    return match.group(1)


def check_in(client, session_id: int, code: str, **kwargs):
    page = f"/presensi/sesi/{session_id}"
    return post(client, page, {"code": code}, token_from=page, **kwargs)
