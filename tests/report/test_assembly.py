"""The plain rules: assembling the sections from a plan snapshot and log items, the refresh's comparison and
fingerprint, and the workflow table."""

from datetime import UTC, date, datetime

import pytest

from lms.habituation.summary import LogEvidence, LogItem
from lms.report.assembly import assemble, compare_generated, digest, evidence_of, generated_lines
from lms.report.workflow import TRANSITIONS, WorkflowError, actions_for, can_edit, next_state, refuse_role

SNAPSHOT = {
    "isu": {"candidates": [{"title": "Antrean menumpuk", "description": "Pagi hari."}], "chosen": 0},
    "penyebab": {"causes": ["Manual", "Tanpa nomor"]},
    "gagasan": {"title": "Antrean daring", "description": "Nomor lewat WhatsApp."},
    "kegiatan": [
        {
            "id": 7,
            "position": 1,
            "title": "SOP",
            "steps": ["Draf", "Sahkan"],
            "output": "SOP disahkan",
            "start_day": 1,
            "end_day": 5,
            "values": {"akuntabel": "Tertulis.", "adaptif": ""},
            "vision_mission": "Misi pelayanan.",
            "organisation_values": "Ramah.",
        }
    ],
}
AT = datetime(2026, 11, 20, tzinfo=UTC)


def _item(entry_id, step, day=2, activity_id=7, evidence=()):
    return LogItem(
        entry_id,
        activity_id,
        step,
        date(2026, 11, day),
        f"Entri {entry_id}",
        {"akuntabel": "Dicatat."},
        "",
        AT,
        evidence,
    )


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def test_sections_in_order_with_each_entry_under_its_step():
    photo = LogEvidence("habituasi/2026/11/abc", "foto.jpg", "image/jpeg", "Rapat")
    log = [_item(1, 1, evidence=(photo,)), _item(2, 2), _item(3, None), _item(4, 9), _item(5, 1, activity_id=99)]
    drafts = assemble(SNAPSHOT, log)
    assert [d.key for d in drafts] == ["pendahuluan", "isu_gagasan", "kegiatan-7", "nilai", "dampak", "penutup"]
    assert [d.position for d in drafts] == [1, 2, 3, 4, 5, 6]
    activity = drafts[2].generated
    assert [[e["entry_id"] for e in s["entries"]] for s in activity["steps"]] == [[1], [2]]
    assert [e["entry_id"] for e in activity["whole"]] == [3, 4]  # no step, or a step the plan does not have
    assert "Antrean menumpuk" in drafts[0].body and "- Manual" in drafts[1].body
    assert drafts[3].generated["activities"][0]["planned"] == {"akuntabel": "Tertulis."}
    assert drafts[3].generated["activities"][0]["practised"] == {"akuntabel": ["Dicatat."] * 4}
    assert drafts[4].generated["entries"] == 4  # the entry of an activity outside the plan is left out
    assert evidence_of([d.generated for d in drafts]) == [
        {"key": "habituasi/2026/11/abc", "filename": "foto.jpg", "content_type": "image/jpeg", "caption": "Rapat"}
    ]


def test_an_empty_log_still_gives_every_section():
    drafts = assemble(SNAPSHOT, [])
    assert len(drafts) == 6
    assert "belum ada entri log" in drafts[2].body


def test_the_comparison_shows_only_what_the_log_added():
    before = {d.key: d.generated for d in assemble(SNAPSHOT, [_item(1, 1)])}
    after = assemble(SNAPSHOT, [_item(1, 1), _item(2, 2, day=3)])
    changed = [c for c in compare_generated(before, after) if c.changed]
    assert {c.key for c in changed} == {"kegiatan-7", "nilai", "dampak"}
    added = [line for kind, line in changed[0].lines if kind == "+"]
    assert added == ["  2026-11-03: Entri 2"]
    assert (
        digest(after)
        == digest(assemble(SNAPSHOT, [_item(1, 1), _item(2, 2, day=3)]))
        != digest(assemble(SNAPSHOT, [_item(1, 1)]))
    )
    assert generated_lines("penutup", {}) == []


def test_the_workflow_table():
    assert next_state("draft", "submit", {"participant"}) == "submitted"
    assert next_state("submitted", "check", {"coach"}) == "checked_by_coach"
    assert next_state("checked_by_coach", "approve", {"mentor"}) == "approved_by_mentor"
    with pytest.raises(WorkflowError) as refused:
        next_state("submitted", "approve", {"mentor"})
    assert refused.value.kind == "state"
    with pytest.raises(WorkflowError) as refused:
        refuse_role("check", {"mentor", "coordinator", "penguji"})
    assert refused.value.kind == "role"
    assert [t.action for t in actions_for("submitted", {"coach"})] == ["return", "check"]
    assert actions_for("submitted", {"coordinator", "penguji"}) == []
    assert [can_edit(s) for s in ("draft", "submitted", "returned_by_mentor", "approved_by_mentor")] == [
        True,
        False,
        True,
        False,
    ]
    assert {t.actor for t in TRANSITIONS} == {"participant", "coach", "mentor"}
