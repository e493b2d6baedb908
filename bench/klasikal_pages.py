"""The klasikal pages `make bench` measures (bench/pages.py lists them with the rest), on the demo's Angkatan 69
on campus (lms/attendance/klasikal_demo.py: 40 participants, 12 sessions, the past days' attendance taken): the
committee's attendance list of a session, the page a participant's QR opens, and the participant's QR page.
The generator writes no committee, so these run on the demo's at every scale."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from page_types import Page, UserKind

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the app's package: the QR's signed address

from lms.attendance.klasikal_pass import pass_token  # noqa: E402

# run.py hands the servers' SECRET_KEY over here: the QR's address is signed with it.
SECRET_ENV = "LMS_BENCH_SECRET_KEY"

KLASIKAL_USER_KINDS = {
    "committee": UserKind("SELECT id, nip FROM users WHERE role = 'committee' AND active ORDER BY id", 1, 1),
    # Participants of an angkatan that has a committee (the demo's Angkatan 69).
    "klasikal_participant": UserKind(
        "SELECT u.id, u.nip FROM users u JOIN enrolments e ON e.user_id = u.id "
        "WHERE u.active AND e.angkatan_id IN (SELECT angkatan_id FROM angkatan_committee) ORDER BY u.id",
        count=4,
        quick_count=2,
    ),
}

KLASIKAL_PARAMS = {
    # The klasikal sessions of the committee member's angkatan, those with attendance taken first.
    "klasikal_session": lambda db, s: db.column(
        "SELECT ts.id FROM training_sessions ts JOIN phases p ON p.id = ts.phase_id AND p.code = 'klasikal' "
        "JOIN angkatan_committee ac ON ac.angkatan_id = ts.angkatan_id WHERE ac.user_id = :user_id "
        "ORDER BY (SELECT count(*) FROM attendance_corrections c WHERE c.session_id = ts.id) DESC, ts.starts_at",
        user_id=s.user_id,
    ),
    # The QR addresses of the committee member's participants, as their phones show them.
    "klasikal_pass": lambda db, s: [
        pass_token(user_id, os.environ[SECRET_ENV])
        for user_id in db.column(
            "SELECT e.user_id FROM enrolments e JOIN angkatan_committee ac ON ac.angkatan_id = e.angkatan_id "
            "WHERE ac.user_id = :user_id ORDER BY e.ndh",
            user_id=s.user_id,
        )
    ],
}

KLASIKAL_PAGES: list[Page] = [
    Page(
        "klasikal_list",
        "/klasikal/sesi/{klasikal_session}/presensi",
        user="committee",
        note="a session's attendance list: 40 participants, six status pills each",
    ),
    Page(
        "klasikal_scan",
        "/klasikal/pindai/{klasikal_pass}",
        user="committee",
        note="the page a participant's QR opens: the signed address checked, who, today's sessions",
    ),
    Page("klasikal_qr", "/klasikal", user="klasikal_participant", note="a participant's QR (SVG) and klasikal days"),
]
