"""The workflow table, the criteria and the plan's rules, on plain values."""

import pytest

from lms.aktualisasi.criteria import (
    ISSUE_CRITERIA,
    CriteriaError,
    CriteriaGroup,
    Criterion,
    check_criteria,
    issue_totals,
    ranked,
)
from lms.aktualisasi.models import PLAN_STATES
from lms.aktualisasi.snapshot import compare, missing_parts
from lms.aktualisasi.workflow import (
    ACTORS,
    PEN_STATES,
    TRANSITIONS,
    WorkflowError,
    actions_for,
    can_edit,
    next_state,
)

PATH = [
    ("submit", "participant", "submitted"),
    ("return", "coach", "returned_by_coach"),
    ("submit", "participant", "submitted"),
    ("accept", "coach", "accepted_by_coach"),
    ("return", "mentor", "returned_by_mentor"),
    ("submit", "participant", "submitted"),
    ("accept", "coach", "accepted_by_coach"),
    ("approve", "mentor", "approved_by_mentor"),
    ("schedule_seminar", "coordinator", "seminar_scheduled"),
    ("score", "penguji", "scored"),
    ("ask_revisions", "penguji", "revisions_asked"),
    ("submit_revision", "participant", "revision_submitted"),
    ("approve_plan", "penguji", "approved"),
]


def test_the_whole_path_walks_through_the_table():
    state = "draft"
    for action, actor, expected in PATH:
        state = next_state(state, action, {actor})
        assert state == expected


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: f"{t.state}-{t.action}")
def test_each_transition_only_by_its_actor(transition):
    assert next_state(transition.state, transition.action, {transition.actor}) == transition.next_state
    for other in set(ACTORS) - {transition.actor}:
        if any(t.state == transition.state and t.action == transition.action and t.actor == other for t in TRANSITIONS):
            continue
        with pytest.raises(WorkflowError) as refused:
            next_state(transition.state, transition.action, {other})
        assert refused.value.kind == "role"


@pytest.mark.parametrize("state", PLAN_STATES)
def test_an_action_outside_its_state_is_refused_as_a_state_error(state):
    for action in {t.action for t in TRANSITIONS} - {t.action for t in TRANSITIONS if t.state == state}:
        with pytest.raises(WorkflowError) as refused:
            next_state(state, action, set(ACTORS))
        assert refused.value.kind == "state"


def test_the_pen_and_the_actions_per_state():
    assert PEN_STATES == {s for s in PLAN_STATES if can_edit(s)}
    assert PEN_STATES == {"draft", "returned_by_coach", "returned_by_mentor", "revisions_asked"}
    assert [t.action for t in actions_for("submitted", {"coach"})] == ["return", "accept"]
    assert actions_for("submitted", {"mentor", "participant"}) == []
    # The coordinator schedules the seminar on the seminar's pages (lms.seminar), not with a plan-page button.
    assert [t.action for t in actions_for("approved_by_mentor", {"coordinator"})] == []
    # every state but the last can be left; every state is reached
    assert {t.state for t in TRANSITIONS} == set(PLAN_STATES) - {"approved"}
    assert {t.next_state for t in TRANSITIONS} | {"draft"} == set(PLAN_STATES)


def test_totals_per_group_and_overall():
    scores = {"aktual": 5, "problematik": 4, "kekhalayakan": 3, "layak": 4, "urgency": 5, "seriousness": 4, "growth": 3}
    assert issue_totals(scores) == {"apkl": 16, "usg": 12, "total": 28}
    assert issue_totals({**scores, "growth": None}) == {"apkl": 16, "usg": None, "total": None}
    assert issue_totals({**scores, "layak": 6}) == {"apkl": None, "usg": 12, "total": None}
    low = dict.fromkeys(scores, 1)
    candidates = [{"scores": low}, {"scores": scores}, {"scores": {}}, {"scores": scores}]
    assert ranked(candidates) == [1, 3, 0]


def test_the_configuration_is_validated():
    check_criteria(ISSUE_CRITERIA)
    for bad, reason in [
        ((), "at least one group"),
        ((CriteriaGroup("x", "X", ()),), "no criteria"),
        ((CriteriaGroup("x", "X", (Criterion("a", "A"), Criterion("a", "B"))),), "unique"),
        ((CriteriaGroup("x", "X", (Criterion("a", "A", 5, 1),)),), "range"),
    ]:
        with pytest.raises(CriteriaError, match=reason):
            check_criteria(bad)
    with pytest.raises(CriteriaError, match="HABITUATION_DAYS"):
        check_criteria(ISSUE_CRITERIA, days=0)


def _snapshot(**changes):
    full = {"aktual": 4, "problematik": 4, "kekhalayakan": 4, "layak": 4, "urgency": 4, "seriousness": 4, "growth": 4}
    snapshot = {
        "isu": {"candidates": [{"title": "A", "scores": full}, {"title": "B", "scores": full}], "chosen": 0},
        "penyebab": {"causes": ["Sebab"]},
        "gagasan": {"title": "Judul", "description": "Uraian"},
        "kegiatan": [
            {
                "id": 1,
                "position": 1,
                "title": "K",
                "steps": ["a"],
                "output": "o",
                "start_day": 1,
                "end_day": 2,
                "values": {"akuntabel": "Ya"},
                "vision_mission": "",
                "organisation_values": "",
            }
        ],
    }
    snapshot.update(changes)
    return snapshot


def test_missing_parts_name_what_to_write():
    assert missing_parts(_snapshot()) == []
    assert missing_parts(_snapshot(penyebab={"causes": []})) == ["Penyebab: tulis sedikitnya satu penyebab isu."]
    no_values = _snapshot()
    no_values["kegiatan"][0]["values"] = {"akuntabel": ""}
    assert missing_parts(no_values) == ["Kegiatan 1: kaitkan dengan sedikitnya satu nilai BerAKHLAK."]
    unchosen = _snapshot(isu={**_snapshot()["isu"], "chosen": None})
    assert missing_parts(unchosen) == ["Isu: pilih satu isu yang akan diangkat."]


def test_compare_marks_only_the_changed_sections():
    old, new = _snapshot(), _snapshot(penyebab={"causes": ["Sebab", "Sebab baru"]})
    diffs = {d.key: d for d in compare(old, new)}
    assert [k for k, d in diffs.items() if d.changed] == ["penyebab"]
    assert ("+", "- Sebab baru") in diffs["penyebab"].lines
