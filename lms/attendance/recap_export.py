"""The recap as organisers report it: participants x sessions with H/I/S/D/A, totals and percentages, and
a row of totals per session; a session's list with check-in times and flags."""

from lms.attendance.models import STATUSES
from lms.attendance.recap import STATUS_LETTERS, Recap
from lms.attendance.schedule import local

FLAG_NAMES = {
    "alamat_sama": "banyak akun dari satu alamat",
    "perangkat_sama": "beberapa akun dari satu perangkat",
    "waktu_sama": "waktu presensi sama di beberapa sesi",
    "di_luar_waktu": "mencoba presensi di luar waktu",
}


def session_label(session, tz_name: str) -> str:
    return f"{local(session.starts_at, tz_name):%d/%m %H.%M} {session.topic}"


def angkatan_table(data: Recap, tz_name: str) -> tuple[list, list[list]]:
    header = ["No", "NDH", "NIP", "Nama", "Instansi"]
    header += [session_label(s, tz_name) for s in data.sessions]
    header += [
        "Hadir",
        "Terlambat",
        "Izin",
        "Sakit",
        "Dinas",
        "Alpa",
        "Sesi terlaksana",
        "Kehadiran (%)",
        "JP hadir",
        "Ditandai",
    ]
    rows = []
    for number, row in enumerate(data.rows, start=1):
        rows.append(
            [number, row.ndh, row.nip, row.name, row.instansi]
            + [STATUS_LETTERS[s] for s in row.statuses]
            + [row.counts[k] for k in STATUSES]
            + [row.summary.held, row.summary.percent, row.summary.jp_attended, "ya" if row.flagged_sessions else ""]
        )
    rows.append(["", "", "", "Hadir per sesi", ""] + data.present_per_session + [""] * 10)
    rows.append(
        ["", "", "", "Kehadiran per sesi (%)", ""]
        + [data.session_percent(i) for i in range(len(data.sessions))]
        + [""] * 10
    )
    return header, rows


def session_table(data: Recap, index: int) -> tuple[list, list[list]]:
    session = data.sessions[index]
    tz = session.angkatan.tz_name
    header = ["No", "NDH", "NIP", "Nama", "Instansi", "Status", "Presensi pertama", "Terlambat (menit)", "Keterangan"]
    header += ["Tanda"]
    rows = []
    for number, row in enumerate(data.rows, start=1):
        key = (row.user_id, session.id)
        first = data.facts.first_checkin.get(key)
        correction = data.facts.corrections.get(key)
        flags = data.facts.flags.get(key, [])
        rows.append(
            [
                number,
                row.ndh,
                row.nip,
                row.name,
                row.instansi,
                row.statuses[index],
                f"{local(first, tz):%H.%M.%S}" if first else "",
                correction.late_minutes if correction else None,
                correction.note if correction else "",
                "; ".join(f"{FLAG_NAMES[f.kind]} ({f.count})" for f in flags),
            ]
        )
    return header, rows
