"""The whole plan as one plain dict (what a version keeps, and what every read-only page shows), what is still
missing before it can be submitted, and the line-by-line comparison of two versions."""

import difflib
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.aktualisasi.criteria import CORE_VALUE_NAMES, ISSUE_CRITERIA, all_criteria, issue_totals
from lms.aktualisasi.models import SECTION_KEYS, Plan, PlanAttachment
from lms.core.extensions import db
from lms.core.files import size_text

SECTION_TITLES = {
    "isu": _l("Isu dan pemilihannya"),
    "penyebab": _l("Penyebab isu"),
    "gagasan": _l("Gagasan kreatif"),
    "kegiatan": _l("Kegiatan"),
    "lampiran": _l("Lampiran"),
}
# Below this many fully scored candidates the choice of an issue is not a choice.
MIN_CANDIDATES = 2


def empty_section(key: str) -> dict:
    return {
        "isu": {"candidates": [], "chosen": None},
        "penyebab": {"causes": []},
        "gagasan": {"title": "", "description": ""},
    }[key]


def activity_dict(activity) -> dict:
    return {
        "id": activity.id,
        "position": activity.position,
        "title": activity.title,
        "steps": list(activity.steps or []),
        "output": activity.output,
        "start_day": activity.start_day,
        "end_day": activity.end_day,
        "values": dict(activity.values or {}),
        "vision_mission": activity.vision_mission,
        "organisation_values": activity.organisation_values,
    }


def plan_snapshot(plan: Plan | None) -> dict:
    """{'isu': ..., 'penyebab': ..., 'gagasan': ..., 'kegiatan': [...]}; an absent plan is an empty one."""
    sections = {s.key: s.data for s in plan.sections} if plan else {}
    result = {key: sections.get(key) or empty_section(key) for key in SECTION_KEYS}
    result["kegiatan"] = [activity_dict(a) for a in plan.activities] if plan else []
    result["lampiran"] = attachment_list(plan)
    return result


def attachment_list(plan: Plan | None) -> list[dict]:
    """Which files are attached (a version records them by name, size and hash, not their bytes)."""
    if plan is None or plan.id is None:
        return []
    rows = db.session.scalars(
        select(PlanAttachment).where(PlanAttachment.plan_id == plan.id).order_by(PlanAttachment.id)
    )
    return [{"id": a.id, "name": a.filename, "size": a.size, "sha256": a.sha256, "caption": a.caption} for a in rows]


def scored_candidates(isu: dict) -> list[dict]:
    """The candidates with their totals per group, for display."""
    return [{**c, "totals": issue_totals(c.get("scores", {}))} for c in isu.get("candidates", [])]


def missing_parts(snapshot: dict) -> list[str]:
    """What must still be written before the plan can be submitted, in plain Indonesian (empty: complete)."""
    missing = []
    isu = snapshot["isu"]
    full = [c for c in isu.get("candidates", []) if issue_totals(c.get("scores", {}))["total"] is not None]
    if len(full) < MIN_CANDIDATES:
        missing.append(
            str(_l("Isu: tulis dan nilai sedikitnya %(n)d calon isu pada semua kriteria.", n=MIN_CANDIDATES))
        )
    chosen = isu.get("chosen")
    if chosen is None or not 0 <= chosen < len(isu.get("candidates", [])):
        missing.append(str(_l("Isu: pilih satu isu yang akan diangkat.")))
    if not snapshot["penyebab"].get("causes"):
        missing.append(str(_l("Penyebab: tulis sedikitnya satu penyebab isu.")))
    if not snapshot["gagasan"].get("title") or not snapshot["gagasan"].get("description"):
        missing.append(str(_l("Gagasan: tulis judul dan uraian gagasan kreatif.")))
    if not snapshot["kegiatan"]:
        missing.append(str(_l("Kegiatan: tambahkan sedikitnya satu kegiatan.")))
    for n, a in enumerate(snapshot["kegiatan"], start=1):
        if not (a["title"] and a["steps"] and a["output"]):
            missing.append(str(_l("Kegiatan %(n)d: tulis judul, tahapan dan output.", n=n)))
        if not any(a["values"].values()):
            missing.append(str(_l("Kegiatan %(n)d: kaitkan dengan sedikitnya satu nilai BerAKHLAK.", n=n)))
    return missing


def section_lines(snapshot: dict) -> dict[str, list[str]]:
    """Each section as lines of text, the form two versions are compared in."""
    isu = snapshot["isu"]
    lines_isu = []
    for n, c in enumerate(scored_candidates(isu)):
        mark = "✔ " if isu.get("chosen") == n else ""
        scores = ", ".join(f"{k.label} {c.get('scores', {}).get(k.code, '-')}" for k in all_criteria())
        totals = ", ".join(
            f"{g.label} {c['totals'][g.code] if c['totals'][g.code] is not None else '-'}" for g in ISSUE_CRITERIA
        )
        lines_isu += [f"{mark}{c.get('title', '')}", f"  {c.get('description', '')}", f"  {scores}", f"  {totals}"]
    lines = {
        "isu": lines_isu,
        "penyebab": [f"- {cause}" for cause in snapshot["penyebab"].get("causes", [])],
        "gagasan": [snapshot["gagasan"].get("title", ""), *snapshot["gagasan"].get("description", "").splitlines()],
    }
    activities = []
    for n, a in enumerate(snapshot["kegiatan"], start=1):
        activities += [f"{n}. {a['title']} (hari {a['start_day']}–{a['end_day']})"]
        activities += [f"  {i}) {step}" for i, step in enumerate(a["steps"], start=1)]
        activities += [f"  Output: {a['output']}"]
        activities += [f"  {CORE_VALUE_NAMES.get(k, k)}: {v}" for k, v in a["values"].items() if v]
        activities += [f"  Visi-misi: {a['vision_mission']}", f"  Nilai organisasi: {a['organisation_values']}"]
    lines["kegiatan"] = activities
    # Versions kept before attachments existed have none.
    lines["lampiran"] = [
        f"{a['name']} ({size_text(a['size'])}, sha256 {a['sha256'][:12]}) {a['caption']}".rstrip()
        for a in snapshot.get("lampiran", [])
    ]
    return lines


@dataclass(frozen=True)
class SectionDiff:
    key: str
    changed: bool
    lines: list[tuple[str, str]]  # (' ', '-', '+') and the line


def compare(old: dict, new: dict) -> list[SectionDiff]:
    """Section by section, the lines removed and added from `old` to `new` (unchanged lines kept for context)."""
    before, after = section_lines(old), section_lines(new)
    result = []
    for key in (*SECTION_KEYS, "kegiatan", "lampiran"):
        lines = [(d[0], d[2:]) for d in difflib.ndiff(before[key], after[key]) if d[0] in " -+"]
        result.append(SectionDiff(key, any(kind != " " for kind, _ in lines), lines))
    return result
