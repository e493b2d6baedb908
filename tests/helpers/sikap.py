"""Helpers of the sikap tests: the shipped program imported as a version, and a scoring sheet posted as a browser
sends it."""

import hashlib
from pathlib import Path

from lms.core.extensions import db
from lms.program.models import ProgramVersion
from tests.helpers.web import csrf_token

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "program.yaml"
# The shipped instruments: 3A widyaiswara, 3B committee, 3C coach, 3D mentor; 3A, 3C and 3D share the BerAKHLAK
# rubric (seven criteria, levels 1-4), 3B has three criteria (levels 1-4).
CRITERIA = {"3A": 7, "3B": 3, "3C": 7, "3D": 7}


def import_program(text: str | None = None) -> ProgramVersion:
    """A program version as `lms import-content` stores it (the caller commits)."""
    text = text if text is not None else SHIPPED.read_text(encoding="utf-8")
    version = ProgramVersion(sha256=hashlib.sha256(text.encode()).hexdigest(), source=text, name="Program uji")
    db.session.add(version)
    db.session.flush()
    return version


def levels(code: str, points="4", **given) -> dict:
    """The form's radio values for every criterion of an instrument: all `points`, some others by index."""
    chosen = {f"kriteria-{i}": points for i in range(CRITERIA[code])}
    chosen.update({f"kriteria-{k.removeprefix('k')}": v for k, v in given.items()})
    return chosen


def sheet_url(user_id: int, code: str) -> str:
    return f"/sikap/peserta/{user_id}/{code}"


def post_sheet(client, user_id: int, code: str, action: str = "kirim", revision: int = 0, **fields):
    """POST the sheet with the page's CSRF token; `fields` adds or replaces form fields (levels, notes, reason)."""
    data = {"csrf_token": csrf_token(client, "/"), "action": action, "revision": str(revision), "notes": ""}
    data.update(levels(code) if "chosen" not in fields else fields.pop("chosen"))
    data.update(fields)
    return client.post(sheet_url(user_id, code), data=data)
