"""The klasikal rules on plain values: one entry of the committee's list, what a scan records by the clock,
which session a scan is for, and the rate the pass rule reads."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

from lms.attendance.klasikal import Entry, arrival, check_entry, is_unchanged, running_session, scan_open
from lms.attendance.klasikal_rate import rate_of
from lms.attendance.models import AttendanceCorrection
from lms.attendance.recap import summarise

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 08.00 WIB


def _session(start: datetime, hours: float = 2, sid: int = 1):
    return SimpleNamespace(id=sid, starts_at=start, ends_at=start + timedelta(hours=hours))


def test_present_and_late_need_no_reason_the_others_do():
    assert check_entry("hadir", "", "", None) == (Entry("hadir"), None)
    assert check_entry("terlambat", "", "", None) == (Entry("terlambat"), None)
    assert check_entry("terlambat", "", " 12 ", None) == (Entry("terlambat", "", 12), None)
    for status in ("izin", "sakit", "dinas", "alpa"):
        entry, problem = check_entry(status, " ", "", None)
        assert entry is None and f"Tulis alasan {status}" in problem
        assert check_entry(status, "Surat tugas 12/2026", "", None)[0] == Entry(status, "Surat tugas 12/2026")


def test_a_forged_status_or_bad_minutes_are_refused():
    assert check_entry("bolos", "", "", None)[0] is None
    assert "Pilih salah satu status" in check_entry("", "", "", None)[1]
    for minutes in ("0", "-3", "abc", "601", "1.5"):
        assert "Menit terlambat" in check_entry("terlambat", "", minutes, None)[1], minutes
    assert check_entry("hadir", "", "abc", None) == (Entry("hadir"), None)  # minutes only mean something when late
    assert "karakter kendali" in check_entry("izin", "Surat\x00izin", "", None)[1]
    assert "paling banyak" in check_entry("izin", "x" * 1001, "", None)[1]


def test_changing_a_recorded_status_needs_its_reason_and_keeping_it_does_not():
    stored = AttendanceCorrection(status="hadir", note="", late_minutes=None)
    entry, problem = check_entry("terlambat", "", "10", stored)
    assert entry is None and "alasan perubahannya" in problem
    assert check_entry("terlambat", "Datang setelah apel", "10", stored)[0] == Entry(
        "terlambat", "Datang setelah apel", 10
    )
    assert check_entry("hadir", "", "", stored) == (Entry("hadir"), None)  # unchanged: nothing to explain
    late = AttendanceCorrection(status="terlambat", note="", late_minutes=12)
    assert is_unchanged(late, Entry("terlambat", "", 12)) and is_unchanged(late, Entry("terlambat"))
    assert not is_unchanged(late, Entry("terlambat", "", 20)) and not is_unchanged(None, Entry("hadir"))
    assert not is_unchanged(late, Entry("terlambat", "Macet di tol", 12))  # a new note is a change


def test_a_scan_is_present_until_the_grace_period_ends_then_late_by_the_minute():
    assert arrival(T0, T0 - timedelta(minutes=20), 15) == Entry("hadir")
    assert arrival(T0, T0 + timedelta(minutes=15), 15) == Entry("hadir")
    assert arrival(T0, T0 + timedelta(minutes=15, seconds=1), 15) == Entry("terlambat", late_minutes=15)
    assert arrival(T0, T0 + timedelta(minutes=47, seconds=59), 15) == Entry("terlambat", late_minutes=47)
    assert arrival(T0, T0 + timedelta(minutes=3), 0) == Entry("terlambat", late_minutes=3)


def test_a_scan_is_for_the_session_under_way_else_the_next_about_to_start():
    morning, noon = _session(T0, 3, 1), _session(T0 + timedelta(hours=4), 2, 2)
    assert scan_open(morning, T0 - timedelta(minutes=30)) and not scan_open(morning, T0 - timedelta(minutes=31))
    assert not scan_open(morning, T0 + timedelta(hours=3, seconds=1))
    assert running_session([morning, noon], T0 + timedelta(hours=1)) is morning
    assert running_session([morning, noon], T0 + timedelta(hours=3, minutes=40)) is noon  # 20 minutes early
    assert running_session([morning, noon], T0 + timedelta(hours=3, minutes=10)) is None  # the break
    assert running_session([], T0) is None


def _summary(statuses: list[str]):
    return summarise([(s, 2) for s in statuses], False, statuses)


def test_the_rate_counts_late_as_present_and_leaves_excused_sessions_out():
    assert rate_of(_summary([])) is None  # nothing held yet
    assert rate_of(_summary(["hadir", "terlambat", "alpa"])) == Decimal("66.67")
    assert rate_of(_summary(["hadir", "izin", "sakit", "dinas", "terlambat"])) == Decimal("100.00")
    assert rate_of(_summary(["hadir"] * 8 + ["alpa"] + ["izin"])) == Decimal("88.89")
    assert rate_of(_summary(["alpa", "alpa"])) == Decimal("0.00")
    assert rate_of(_summary(["sakit", "sakit"])) is None  # every held session excused: nothing to measure
    assert rate_of(_summary(["hadir", "alpa", "alpa"])) == Decimal("33.33")  # 33.333... half up
    assert rate_of(_summary(["hadir"] * 2 + ["alpa"] * 1 + ["hadir"] * 5)) == Decimal("87.50")
    assert rate_of(_summary(["hadir"] + ["alpa"] * 31)) == Decimal("3.13")  # 3.125: half up, not to even
