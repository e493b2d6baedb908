"""lms.phases.gating as the pure rule its docstring promises: facts in, states out, no database.

Only the wording of a date needs a locale: tests whose facts word one run in the app context of a bare
Flask app with Flask-Babel (no lms app, no database); the others need no app at all."""

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask, has_app_context
from flask_babel import Babel, force_locale

from lms.core.i18n import TIMEZONES
from lms.phases.gating import PhaseFacts, phase_states, today_in

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
MOOC_OPENS, MOOC_CLOSES = date(2026, 3, 2), date(2026, 3, 20)
PJJ_OPENS, PJJ_CLOSES = date(2026, 3, 21), date(2026, 5, 1)
NOT_SCHEDULED = "Jadwal fase ini belum ditetapkan penyelenggara."
PASS_MOOC = "Lulus semua evaluasi wajib fase MOOC."
FINISH_MOOC = "Selesaikan dulu fase MOOC."


def facts(
    phase_id: int,
    code: str,
    name: str,
    opens_on: date | None,
    closes_on: date | None,
    *,
    requires_completion: bool = False,
    completed: bool = False,
) -> PhaseFacts:
    jp = 10 * phase_id
    return PhaseFacts(phase_id, code, name, phase_id, jp, requires_completion, opens_on, closes_on, completed)


def program(*, mooc_completed: bool = False, mooc_gated: bool = True, pjj_opens: date | None = PJJ_OPENS):
    """MOOC (gated by its quizzes unless told otherwise), then distance learning, then the workplace phase."""
    return [
        facts(1, "mooc", "MOOC", MOOC_OPENS, MOOC_CLOSES, requires_completion=mooc_gated, completed=mooc_completed),
        facts(2, "pjj", "PJJ", pjj_opens, PJJ_CLOSES, requires_completion=True),
        facts(3, "aktualisasi", "Aktualisasi", date(2026, 5, 2), date(2026, 6, 30)),
    ]


def by_code(states) -> dict:
    return {state.facts.code: state for state in states}


@pytest.fixture
def bare_app():
    """A Flask app with Flask-Babel only (Indonesian by default, the project's English catalogue), in context."""
    app = Flask("gating-test")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    Babel(app, default_locale="id", default_timezone="Asia/Jakarta")
    with app.app_context():
        yield app


def test_the_rule_needs_no_app_when_no_date_is_worded():
    assert not has_app_context()
    states = by_code(phase_states(program(mooc_completed=True), today=PJJ_OPENS, upto=2))
    assert states["mooc"].unlocked and states["mooc"].reasons == [] and states["mooc"].reason is None
    assert states["pjj"].unlocked and states["pjj"].reason is None


def test_a_phase_opens_on_its_first_day_and_says_the_date_before(bare_app):
    on_the_day = by_code(phase_states(program(), today=MOOC_OPENS))["mooc"]
    assert on_the_day.unlocked and on_the_day.reasons == []

    day_before = by_code(phase_states(program(), today=date(2026, 3, 1)))["mooc"]
    assert not day_before.unlocked
    assert day_before.reasons == ["Fase ini dibuka pada 2 Maret 2026."]
    assert day_before.reason == "Fase ini dibuka pada 2 Maret 2026."


def test_a_phase_without_a_schedule_is_locked_and_says_so(bare_app):
    states = by_code(phase_states(program(mooc_completed=True, pjj_opens=None), today=date(2026, 4, 1)))
    assert not states["pjj"].unlocked
    assert states["pjj"].reasons == [NOT_SCHEDULED]


def test_a_gated_phase_not_completed_keeps_the_next_locked_with_the_default_reason(bare_app):
    states = by_code(phase_states(program(), today=PJJ_OPENS))
    assert states["mooc"].unlocked  # the MOOC itself is open: it is what must be completed
    assert not states["pjj"].unlocked
    assert states["pjj"].reasons == [PASS_MOOC]


def test_the_quiz_features_unmet_reasons_replace_the_default_one(bare_app):
    unmet = {1: ["Lulus Evaluasi I dengan nilai minimal 60.", "Baca semua pelajaran modul A."]}
    states = by_code(phase_states(program(), today=PJJ_OPENS, unmet=unmet))
    assert states["pjj"].reasons == unmet[1]
    assert states["pjj"].reason == "Lulus Evaluasi I dengan nilai minimal 60. Baca semua pelajaran modul A."
    # An empty answer is no explanation: the default wording stays.
    assert by_code(phase_states(program(), today=PJJ_OPENS, unmet={1: []}))["pjj"].reasons == [PASS_MOOC]
    # Unmet reasons of a phase that does not gate are ignored.
    ungated = by_code(phase_states(program(mooc_gated=False), today=PJJ_OPENS, unmet=unmet))
    assert ungated["pjj"].unlocked


@pytest.mark.parametrize("how", ["passed its quizzes", "excused by a coordinator"])
def test_a_completed_gated_phase_opens_the_next_on_its_schedule(how, bare_app):
    # Both arrive as the same fact: a PhaseCompletion row (source "quiz" or "exception") exists.
    states = by_code(phase_states(program(mooc_completed=True), today=PJJ_OPENS))
    assert states["pjj"].unlocked and states["pjj"].reasons == [], how


def test_a_phase_that_does_not_gate_opens_the_next_on_its_schedule_alone(bare_app):
    states = by_code(phase_states(program(mooc_gated=False), today=PJJ_OPENS))
    assert states["pjj"].unlocked


def test_a_locked_phase_locks_every_later_phase_and_each_says_which_to_finish_first(bare_app):
    states = by_code(phase_states(program(), today=date(2026, 5, 10)))
    assert states["pjj"].reasons == [PASS_MOOC]
    aktualisasi = states["aktualisasi"]
    assert not aktualisasi.unlocked
    assert aktualisasi.reasons == ["Selesaikan dulu fase PJJ."]

    before_everything = by_code(phase_states(program(), today=date(2026, 2, 1)))
    assert before_everything["pjj"].reasons == [FINISH_MOOC, "Fase ini dibuka pada 21 Maret 2026."]
    assert before_everything["pjj"].reason == f"{FINISH_MOOC} Fase ini dibuka pada 21 Maret 2026."


def test_reasons_add_up_the_previous_phase_and_the_date(bare_app):
    states = by_code(phase_states(program(), today=date(2026, 3, 10)))
    assert states["pjj"].reasons == [PASS_MOOC, "Fase ini dibuka pada 21 Maret 2026."]


def test_a_closed_phase_is_marked_closed_and_stays_unlocked(bare_app):
    on_its_last_day = by_code(phase_states(program(mooc_completed=True), today=MOOC_CLOSES))["mooc"]
    assert on_its_last_day.unlocked and not on_its_last_day.closed
    after = by_code(phase_states(program(mooc_completed=True), today=PJJ_OPENS))
    assert after["mooc"].closed and after["mooc"].unlocked  # finished work stays readable
    assert not after["pjj"].closed
    unscheduled_end = [facts(1, "mooc", "MOOC", MOOC_OPENS, None)]
    assert not phase_states(unscheduled_end, today=date(2030, 1, 1))[0].closed


def test_phases_are_ordered_by_position_not_by_the_order_given(bare_app):
    states = phase_states(list(reversed(program(mooc_completed=True))), today=PJJ_OPENS)
    assert [s.facts.code for s in states] == ["mooc", "pjj", "aktualisasi"]
    assert [s.phase.phase_id for s in states] == [1, 2, 3]
    assert states[1].opens_on == PJJ_OPENS and states[1].closes_on == PJJ_CLOSES


def test_upto_stops_after_the_named_phase(bare_app):
    assert [s.facts.code for s in phase_states(program(), today=PJJ_OPENS, upto=1)] == ["mooc"]
    assert [s.facts.code for s in phase_states(program(), today=PJJ_OPENS, upto=2)] == ["mooc", "pjj"]
    assert len(phase_states(program(), today=PJJ_OPENS, upto=3)) == 3
    assert len(phase_states(program(), today=PJJ_OPENS, upto=None)) == 3
    # The states up to the phase are the same as in the whole list.
    whole = phase_states(program(), today=PJJ_OPENS)
    assert phase_states(program(), today=PJJ_OPENS, upto=2) == whole[:2]


def test_no_phases_no_states():
    assert phase_states([], today=PJJ_OPENS) == []


@pytest.mark.parametrize(("zone", "midnight_utc_hour"), [("WIB", 17), ("WITA", 16), ("WIT", 15)])
def test_today_is_the_angkatans_own_day_around_midnight(zone, midnight_utc_hour):
    last_second = datetime(2026, 3, 20, midnight_utc_hour - 1, 59, 59, tzinfo=UTC)
    midnight = datetime(2026, 3, 20, midnight_utc_hour, 0, tzinfo=UTC)
    assert today_in(TIMEZONES[zone], now=last_second) == date(2026, 3, 20)
    assert today_in(TIMEZONES[zone], now=midnight) == date(2026, 3, 21)
    assert today_in("UTC", now=midnight) == date(2026, 3, 20)  # UTC's day would be a day behind


def test_at_the_same_moment_distance_learning_is_open_in_the_east_and_not_yet_in_the_west(bare_app):
    moment = datetime(2026, 3, 20, 16, 30, tzinfo=UTC)  # 23.30 WIB, 00.30 WITA, 01.30 WIT
    opened = {}
    for zone, tz_name in TIMEZONES.items():
        states = by_code(phase_states(program(mooc_completed=True), today=today_in(tz_name, now=moment)))
        opened[zone] = states["pjj"].unlocked
        assert states["mooc"].closed == (zone != "WIB")
    assert opened == {"WIB": False, "WITA": True, "WIT": True}
    wib = by_code(phase_states(program(mooc_completed=True), today=today_in("Asia/Jakarta", now=moment)))
    assert wib["pjj"].reasons == ["Fase ini dibuka pada 21 Maret 2026."]


def test_today_in_defaults_to_now():
    assert today_in("Asia/Jayapura") == datetime.now(ZoneInfo("Asia/Jayapura")).date()


def test_the_reasons_are_worded_in_the_readers_language(bare_app):
    with force_locale("en"):
        states = by_code(phase_states(program(), today=date(2026, 2, 1)))
        assert states["pjj"].reasons == [
            "Complete the MOOC phase first.",
            "This phase opens on 21 March 2026.",
        ]
        assert by_code(phase_states(program(), today=PJJ_OPENS))["pjj"].reasons == [
            "Pass every required assessment in the MOOC phase."
        ]
        unscheduled = by_code(phase_states(program(mooc_completed=True, pjj_opens=None), today=PJJ_OPENS))
        assert unscheduled["pjj"].reasons == ["The coordinator has not yet set the schedule for this phase."]
