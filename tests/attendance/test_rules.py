"""The attendance rules on plain values: windows and codes, statuses and summaries, the anomaly rules, and
the schedule's own checks."""

from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

from lms.attendance import anomalies
from lms.attendance.anomalies import CheckinFact
from lms.attendance.checkin import ALPHABET, CodeFact, checkin_window, judge_code, new_code, normalise_code
from lms.attendance.recap import consecutive_absences, status_of, summarise
from lms.attendance.schedule import SessionInput, by_day_today_first, meeting_url_problem, session_problems, to_utc
from lms.attendance.session_import import parse_date, parse_time

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 08.00 WIB
WINDOW = checkin_window(T0, T0 + timedelta(hours=2), 15, 15)
CODE = CodeFact(1, "K7HPW", T0 + timedelta(minutes=30), T0 + timedelta(minutes=35))


def test_the_window_runs_from_before_the_start_to_after_the_end():
    assert T0 - timedelta(minutes=15) in WINDOW and T0 + timedelta(hours=2, minutes=15) in WINDOW
    assert T0 - timedelta(minutes=16) not in WINDOW and T0 + timedelta(hours=2, minutes=16) not in WINDOW


def test_codes_are_short_and_unambiguous():
    code = new_code(set())
    assert len(code) == 5 and set(code) <= set(ALPHABET)
    assert not set("0O1IL5S8B2Z") & set(ALPHABET)
    assert normalise_code(" k7h-pw ") == "K7HPW"


def test_judge_code():
    at = T0 + timedelta(minutes=31)
    assert judge_code("k7hpw", at, WINDOW, [CODE], set()).code_id == 1
    assert judge_code("K7HPW", T0 + timedelta(minutes=36), WINDOW, [CODE], set()).refusal == "kedaluwarsa"
    assert judge_code("AAAAA", at, WINDOW, [CODE], {"AAAAA"}).refusal == "sesi_lain"
    assert judge_code("AAAAA", at, WINDOW, [CODE], set()).refusal == "salah"
    assert judge_code("12", at, WINDOW, [CODE], set()).refusal == "bentuk"
    assert judge_code("K7HPW", T0 + timedelta(hours=3), WINDOW, [CODE], set()).refusal == "di_luar_waktu"


def test_status_and_consecutive_absences():
    assert status_of("izin", True, True) == "izin"
    assert status_of(None, True, False) == "hadir"
    assert status_of(None, False, True) == "alpa"
    assert status_of(None, False, False) == "belum"
    assert consecutive_absences(["alpa", "hadir", "alpa", "alpa", "alpa"]) == 3
    assert consecutive_absences(["alpa", "alpa", "sakit"]) == 0


def test_summarise_counts_presence_and_its_jp():
    summary = summarise([("hadir", 3), ("izin", 2), ("alpa", 2), ("hadir", 4)], flagged=False)
    assert (summary.attended, summary.held, summary.percent, summary.jp_attended) == (2, 4, 50.0, 7)
    assert (summary.consecutive_absences, summary.excused) == (0, 1)
    assert summarise([], flagged=True).percent is None


def fact(user, session, seconds, ip="10.0.0.1", device="d", opened=T0):
    return CheckinFact(user, session, opened + timedelta(seconds=seconds), opened, ip, device)


def test_many_accounts_from_one_address_within_a_minute():
    facts = [fact(u, 1, 10 + u) for u in range(5)] + [fact(9, 1, 300)]
    found = anomalies.shared_address(facts, 5)
    assert set(found) == {(u, 1) for u in range(5)}
    assert found[(0, 1)].count == 5
    assert anomalies.shared_address(facts[:4], 5) == {}


def test_two_accounts_from_one_device_cookie():
    facts = [fact(1, 1, 10, device="x"), fact(2, 1, 40, device="x"), fact(3, 1, 20, device="y")]
    assert set(anomalies.shared_device(facts, 2)) == {(1, 1), (2, 1)}
    assert anomalies.shared_device([fact(1, 1, 10, device="x"), fact(2, 1, 200, device="x")], 2) == {}


def test_identical_timing_across_sessions():
    scripted = [fact(1, s, 42.0 + s / 10) for s in range(1, 4)]
    human = [fact(2, 1, 12), fact(2, 2, 80), fact(2, 3, 41)]
    found = anomalies.identical_timing(scripted + human, 3)
    assert set(found) == {(1, 1), (1, 2), (1, 3)}
    assert found[(1, 2)].count == 3


def test_a_few_coincidences_among_many_sessions_are_not_a_script():
    delays = [42, 42.5, 43, 10, 80, 120, 15, 200, 33, 61, 95, 150, 18, 71, 230, 5, 99, 140, 27, 66]
    human = [fact(1, s, d) for s, d in enumerate(delays)]
    assert anomalies.identical_timing(human, 3) == {}
    scripted = [fact(2, s, 42 if s < 15 else d) for s, d in enumerate(delays)]
    assert len(anomalies.identical_timing(scripted, 3)) == 15


def test_attempts_outside_the_window_and_all_flags_together():
    limits = dict(anomalies.DEFAULTS)
    flags = anomalies.all_flags([fact(1, 1, 5, device="x"), fact(2, 1, 6, device="x")], [(3, 1), (3, 1)], limits)
    assert [f.kind for f in flags[(1, 1)]] == ["perangkat_sama"]
    assert flags[(3, 1)] == [anomalies.Flag("di_luar_waktu", 2)]


def test_local_times_are_stored_in_utc():
    assert to_utc(date(2026, 3, 2), time(8, 0), "Asia/Jakarta") == T0
    assert to_utc(date(2026, 3, 2), time(10, 0), "Asia/Jayapura") == T0


def test_meeting_links_must_be_https():
    assert meeting_url_problem("https://zoom.us/j/1") is None
    for bad in ("http://zoom.us/j/1", "javascript:alert(1)", "https://", "https://a b.com"):
        assert meeting_url_problem(bad)


def test_session_problems_name_the_fields():
    good = SessionInput(date(2026, 3, 2), time(8), time(10), "Topik", 2, "sinkron", "https://meet.google.com/x")
    assert session_problems(good) == {}
    bad = SessionInput(date(2026, 3, 2), time(10), time(8), " ", 99, "sinkron", "")
    assert set(session_problems(bad)) == {"topic", "end", "jp", "meeting_url"}


def test_days_today_first_then_coming_then_past():
    def s(day, hour):
        return SimpleNamespace(starts_at=datetime(2026, 3, day, hour, tzinfo=UTC))

    sessions = [s(1, 1), s(2, 5), s(2, 1), s(4, 1), s(3, 1)]
    days = by_day_today_first(sessions, "Asia/Jakarta", date(2026, 3, 2))
    assert [d.day for d, _items in days] == [2, 3, 4, 1]
    assert [x.starts_at.hour for x in days[0][1]] == [1, 5]


def test_csv_dates_and_times():
    assert parse_date("02/03/2026") == parse_date("2026-03-02") == date(2026, 3, 2)
    assert parse_time("08.30") == time(8, 30) and parse_time("25:00") is None
