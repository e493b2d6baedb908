"""What completes a phase besides its required evaluations, as the program configures it.

A phase's `completion:` block (its phase.md front matter, later the program file of issue #18) names the rules;
each feature that owns the facts judges its own rule through phases.progress.EXPLAIN_UNMET (attendance: the share
of held sessions attended; tasks: every task submitted; report: the laporan aktualisasi checked by the coach or
approved by the mentor). Phases only holds the vocabulary, so one place says which
keys exist and what values they take.
"""

from dataclasses import dataclass

MIN_ATTENDANCE = "min_attendance_percent"
TASKS_SUBMITTED = "all_tasks_submitted"
REPORT = "report"
KEYS = (MIN_ATTENDANCE, TASKS_SUBMITTED, REPORT)
# How far the laporan aktualisasi must have come (lms.report.workflow's states): the coach's check alone, or the
# mentor's approval after it (the usual rule: "diperiksa coach dan disetujui mentor").
REPORT_LEVELS = ("checked_by_coach", "approved_by_mentor")


@dataclass(frozen=True)
class CompletionRules:
    min_attendance_percent: int | None = None  # None: attendance does not gate the phase
    all_tasks_submitted: bool = False
    report: str | None = None  # one of REPORT_LEVELS; None: the report does not gate the phase

    def as_dict(self) -> dict:
        values = {
            MIN_ATTENDANCE: self.min_attendance_percent,
            TASKS_SUBMITTED: self.all_tasks_submitted,
            REPORT: self.report,
        }
        return {key: value for key, value in values.items() if value not in (None, False)}

    @classmethod
    def from_dict(cls, data: dict | None) -> "CompletionRules":
        data = data or {}
        report = data.get(REPORT)
        return cls(
            data.get(MIN_ATTENDANCE),
            bool(data.get(TASKS_SUBMITTED, False)),
            report if report in REPORT_LEVELS else None,
        )


def parse_completion_rules(block) -> tuple[CompletionRules, list[str]]:
    """The rules a `completion:` block describes, and what is wrong with it (messages for the author)."""
    if block is None:
        return CompletionRules(), []
    if not isinstance(block, dict):
        return CompletionRules(), ["'completion' harus berupa pasangan kunci: nilai."]
    problems = [
        f"'completion.{key}' tidak dikenal; yang dikenal: {', '.join(KEYS)}" for key in block if key not in KEYS
    ]
    share = block.get(MIN_ATTENDANCE)
    if share is not None and (isinstance(share, bool) or not isinstance(share, int) or not 0 < share <= 100):
        problems.append(f"'completion.{MIN_ATTENDANCE}' harus bilangan bulat 1 sampai 100 (persen sesi yang dihadiri).")
        share = None
    tasks = block.get(TASKS_SUBMITTED, False)
    if not isinstance(tasks, bool):
        problems.append(f"'completion.{TASKS_SUBMITTED}' harus true atau false.")
        tasks = False
    report = block.get(REPORT)
    if report is not None and report not in REPORT_LEVELS:
        problems.append(f"'completion.{REPORT}' harus salah satu dari: {' | '.join(REPORT_LEVELS)}.")
        report = None
    return CompletionRules(share, tasks, report), problems
