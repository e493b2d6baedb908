"""What completes a phase besides its evaluations: the `completion:` block of phase.md, its import, and the one
rule that records a completion once no feature reports anything unmet."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.content.importer import check_content, import_content
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.phases.completion import complete_if_due, unmet_requirements
from lms.phases.models import Phase, PhaseCompletion
from lms.phases.progress import EXPLAIN_UNMET, phase_access
from lms.phases.requirements import CompletionRules, parse_completion_rules
from tests.factories import make_angkatan, make_instansi, make_participant, wib_today
from tests.helpers.content import write

PJJ_WITH_RULES = """
---
title: Pembelajaran Jarak Jauh
phase: pjj
jp: 217
completion:
  min_attendance_percent: 80
  all_tasks_submitted: true
---
Sesi, tugas, evaluasi.
"""


def test_the_block_reads_into_rules():
    rules, problems = parse_completion_rules({"min_attendance_percent": 80, "all_tasks_submitted": True})
    assert problems == [] and rules == CompletionRules(80, True)
    assert CompletionRules.from_dict(rules.as_dict()) == rules
    assert parse_completion_rules(None) == (CompletionRules(), [])
    assert CompletionRules().as_dict() == {}


@pytest.mark.parametrize(
    "block, words",
    [
        ([80], "pasangan kunci"),
        ({"min_attendance_percent": 0}, "1 sampai 100"),
        ({"min_attendance_percent": 101}, "1 sampai 100"),
        ({"min_attendance_percent": "80%"}, "1 sampai 100"),
        ({"min_attendance_percent": True}, "1 sampai 100"),
        ({"all_tasks_submitted": "ya"}, "true atau false"),
        ({"hadir": 80}, "tidak dikenal"),
    ],
)
def test_a_wrong_block_is_named(block, words):
    _rules, problems = parse_completion_rules(block)
    assert len(problems) == 1 and words in problems[0]


def test_check_content_names_the_line_of_a_wrong_block(ctx, content_dir):
    write(content_dir / "pjj" / "phase.md", PJJ_WITH_RULES.replace("80", "180"))
    _tree, problems = check_content(content_dir)
    assert [(p.path.endswith("pjj/phase.md"), p.line) for p in problems] == [(True, 5)]
    assert "1 sampai 100" in problems[0].reason


def test_import_sets_the_rules_gates_the_phase_and_audits_each_change(ctx, content_dir):
    write(content_dir / "pjj" / "phase.md", PJJ_WITH_RULES)
    assert import_content(content_dir).problems == []
    db.session.commit()
    pjj = db.session.scalar(select(Phase).where(Phase.code == "pjj"))
    assert pjj.completion_rules == {"min_attendance_percent": 80, "all_tasks_submitted": True}
    assert pjj.gated and not pjj.requires_completion  # gated by its rules alone, no evaluation yet
    assert not import_content(content_dir).changed  # the same file again changes nothing

    write(content_dir / "pjj" / "phase.md", PJJ_WITH_RULES.replace("  all_tasks_submitted: true\n", ""))
    report = import_content(content_dir)
    db.session.commit()
    assert pjj.completion_rules == {"min_attendance_percent": 80}
    assert any("syarat penyelesaian fase pjj" in note for note in report.notes)
    changes = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "phase.completion_rules")).all()
    assert [c.details["new"] for c in changes] == [
        {"min_attendance_percent": 80, "all_tasks_submitted": True},
        {"min_attendance_percent": 80},
    ]


@pytest.fixture
def gated_pjj(ctx, app):
    """A participant in PJJ whose rules a stand-in feature judges: `missing` holds what it reports unmet."""
    pjj = db.session.scalar(select(Phase).where(Phase.code == "pjj"))
    pjj.completion_rules = {"all_tasks_submitted": True}  # no task is set: tasks' own rule is met
    participant = make_participant(make_angkatan(make_instansi(), schedule_start=wib_today() - timedelta(days=70)))
    db.session.commit()
    missing = ["Hadir minimal 80% sesi (baru 50%)."]

    def attendance_stand_in(user_id, phase_ids, for_staff=False):
        return {pjj.id: list(missing)} if pjj.id in phase_ids and user_id == participant.id else {}

    EXPLAIN_UNMET.connect(app, attendance_stand_in)  # this test's app only
    return pjj, participant, missing


def test_a_phase_completes_only_when_no_feature_reports_anything_unmet(gated_pjj):
    pjj, participant, missing = gated_pjj
    assert unmet_requirements(participant.id, pjj.id) == ["Hadir minimal 80% sesi (baru 50%)."]
    assert complete_if_due(participant.id, pjj.id) is False
    assert db.session.scalar(select(PhaseCompletion)) is None

    missing.clear()  # the last check-in brought the share over the minimum
    assert complete_if_due(participant.id, pjj.id, via="presensi") is True
    db.session.commit()
    completion = db.session.scalar(select(PhaseCompletion))
    assert (completion.user_id, completion.phase_id, completion.source) == (participant.id, pjj.id, "requirements")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "phase.complete"))
    assert entry.subject_user_id == participant.id and entry.details == {"via": "presensi"}
    assert complete_if_due(participant.id, pjj.id) is False  # exactly once


def test_the_lock_of_the_next_phase_names_what_the_rule_misses(gated_pjj, app):
    pjj, participant, _missing = gated_pjj
    with app.test_request_context():
        access = phase_access(participant, code="aktualisasi", explain=True)
    assert not access.open and "Hadir minimal 80% sesi" in access.reason


def test_an_ungated_phase_is_never_completed_by_the_rule(ctx):
    participant = make_participant(make_angkatan(make_instansi(), schedule_start=wib_today() - timedelta(days=70)))
    db.session.commit()
    klasikal = db.session.scalar(select(Phase).where(Phase.code == "klasikal"))
    assert not klasikal.gated and complete_if_due(participant.id, klasikal.id) is False
