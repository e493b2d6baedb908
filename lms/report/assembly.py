"""Assembling the report from the approved plan (a PlanVersion snapshot) and the mentor-confirmed log: which
sections it has, the starting text the participant then edits, and the parts generated from the facts (shown
under each section, in the PDF, and refreshed only when the participant confirms a preview). Plain values in,
plain values out.

The sections follow the outline institutional guidelines for the laporan aktualisasi commonly give (e.g. the
BPSDM guides written after LAN's Agenda Habituasi curriculum): introduction; the issue and the creative idea;
the implementation of each activity with its evidence; the link to the BerAKHLAK core values, the vision and
mission and the organisation's values; the impact and benefit; and the closing (conclusions and suggestions).
Institutions that number or name chapters differently change SECTIONS below."""

import difflib
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from lms.aktualisasi.criteria import CORE_VALUE_NAMES

# --- INSTITUTION CONFIGURATION: the sections before and after the activities, in order ----------------------
BEFORE = (("pendahuluan", _l("Pendahuluan")), ("isu_gagasan", _l("Isu dan gagasan kreatif")))
AFTER = (
    ("nilai", _l("Keterkaitan dengan nilai dasar BerAKHLAK, visi-misi dan nilai organisasi")),
    ("dampak", _l("Dampak dan manfaat aktualisasi")),
    ("penutup", _l("Penutup: kesimpulan dan saran")),
)
FIXED_KEYS = tuple(k for k, _ in (*BEFORE, *AFTER))
ACTIVITY_PREFIX = "kegiatan-"


@dataclass(frozen=True)
class SectionDraft:
    key: str
    position: int
    body: str  # the starting text (the participant's from then on)
    generated: dict  # the facts assembled from the plan and the log


def activity_key(activity_id: int) -> str:
    return f"{ACTIVITY_PREFIX}{activity_id}"


def section_title(key: str, generated: dict) -> str:
    if key.startswith(ACTIVITY_PREFIX):
        return str(
            _l("Pelaksanaan kegiatan %(n)d: %(title)s", n=generated.get("n", 0), title=generated.get("title", ""))
        )
    return str(dict((*BEFORE, *AFTER)).get(key, key))


def chosen_issue(snapshot: dict) -> dict:
    isu = snapshot.get("isu") or {}
    candidates, chosen = isu.get("candidates") or [], isu.get("chosen")
    if chosen is None or not 0 <= chosen < len(candidates):
        return {"title": "", "description": ""}
    return candidates[chosen]


def _entry(item) -> dict:
    return {
        "entry_id": item.entry_id,
        "day": item.day.isoformat(),
        "done": item.done,
        "values": {k: v for k, v in (item.values or {}).items() if v},
        "obstacles": item.obstacles,
        "evidence": [
            {"key": e.key, "filename": e.filename, "content_type": e.content_type, "caption": e.caption}
            for e in item.evidence
        ],
    }


def _activity_generated(n: int, activity: dict, items: list) -> dict:
    by_step = defaultdict(list)
    for item in items:
        valid = item.step is not None and 1 <= item.step <= len(activity["steps"])
        by_step[item.step if valid else None].append(_entry(item))
    return {
        "n": n,
        "activity_id": activity["id"],
        "title": activity["title"],
        "output": activity["output"],
        "start_day": activity["start_day"],
        "end_day": activity["end_day"],
        "steps": [
            {"n": i, "title": title, "entries": by_step.get(i, [])} for i, title in enumerate(activity["steps"], 1)
        ],
        "whole": by_step.get(None, []),
    }


def _activity_start(generated: dict) -> str:
    lines = [str(_l("Kegiatan ini menghasilkan: %(output)s", output=generated["output"])), ""]
    for step in generated["steps"]:
        lines.append(f"{step['n']}. {step['title']}")
        lines += [f"   {e['done']}" for e in step["entries"] if e["done"]]
        if not step["entries"]:
            lines.append("   " + str(_l("(belum ada entri log yang dikonfirmasi mentor)")))
    return "\n".join(lines).strip()


def _values_generated(snapshot: dict, log: list) -> dict:
    practised = defaultdict(lambda: defaultdict(list))
    for item in log:
        for code, how in (item.values or {}).items():
            if how:
                practised[item.activity_id][code].append(how)
    return {
        "activities": [
            {
                "n": n,
                "title": a["title"],
                "planned": {k: v for k, v in a["values"].items() if v},
                "practised": {k: list(v) for k, v in practised.get(a["id"], {}).items()},
                "vision_mission": a["vision_mission"],
                "organisation_values": a["organisation_values"],
            }
            for n, a in enumerate(snapshot["kegiatan"], 1)
        ]
    }


def assemble(snapshot: dict, log: list) -> list[SectionDraft]:
    """Every section of the report, in order, from the plan's snapshot and the confirmed log items
    (lms.habituation.summary.LogItem; items of activities not in the plan are left out)."""
    issue = chosen_issue(snapshot)
    causes = list(snapshot["penyebab"].get("causes", []))
    idea = snapshot["gagasan"]
    activities = snapshot["kegiatan"]
    known = {a["id"] for a in activities}
    items_of = defaultdict(list)
    for item in log:
        if item.activity_id in known:
            items_of[item.activity_id].append(item)
    log = [item for item in log if item.activity_id in known]
    days = sorted({item.day for item in log})

    drafts: list[SectionDraft] = []
    position = 0

    def add(key: str, body: str, generated: dict) -> None:
        nonlocal position
        position += 1
        drafts.append(SectionDraft(key, position, body, generated))

    add(
        "pendahuluan",
        str(
            _l(
                "Latar belakang: di unit kerja saya ditemukan isu \u201c%(isu)s\u201d. %(description)s\n\n"
                "Tujuan: menerapkan nilai dasar BerAKHLAK melalui gagasan \u201c%(idea)s\u201d.\n\n"
                "Manfaat: ",
                isu=issue.get("title", ""),
                description=issue.get("description", ""),
                idea=idea.get("title", ""),
            )
        ),
        {"isu": issue.get("title", ""), "gagasan": idea.get("title", ""), "activities": len(activities)},
    )
    add(
        "isu_gagasan",
        "\n".join([idea.get("description", ""), "", *(f"- {c}" for c in causes)]).strip(),
        {
            "isu": issue.get("title", ""),
            "description": issue.get("description", ""),
            "causes": causes,
            "gagasan": idea.get("title", ""),
            "gagasan_description": idea.get("description", ""),
        },
    )
    for n, activity in enumerate(activities, 1):
        generated = _activity_generated(n, activity, items_of[activity["id"]])
        add(activity_key(activity["id"]), _activity_start(generated), generated)
    values = _values_generated(snapshot, log)
    add("nilai", "", values)
    add(
        "dampak",
        "",
        {
            "outputs": [{"n": n, "title": a["title"], "output": a["output"]} for n, a in enumerate(activities, 1)],
            "entries": len(log),
            "days": len(days),
            "first_day": days[0].isoformat() if days else None,
            "last_day": days[-1].isoformat() if days else None,
        },
    )
    add("penutup", "", {})
    return drafts


def generated_lines(key: str, generated: dict) -> list[str]:
    """The generated part of a section as lines of text: what the refresh preview compares."""
    if key.startswith(ACTIVITY_PREFIX):
        lines = [f"Output: {generated.get('output', '')}"]
        for step in generated.get("steps", []):
            lines.append(f"{step['n']}. {step['title']}")
            lines += _entry_lines(step["entries"])
        if generated.get("whole"):
            lines.append(str(_l("Kegiatan secara umum")))
            lines += _entry_lines(generated["whole"])
        return lines
    if key == "nilai":
        lines = []
        for a in generated.get("activities", []):
            lines.append(f"{a['n']}. {a['title']}")
            for code, how in a["planned"].items():
                lines.append(f"  {CORE_VALUE_NAMES.get(code, code)}: {how}")
                lines += [f"    \u2192 {p}" for p in a["practised"].get(code, [])]
        return lines
    if key == "dampak":
        lines = [f"{o['n']}. {o['title']}: {o['output']}" for o in generated.get("outputs", [])]
        return [
            *lines,
            str(_l("%(n)d entri log pada %(d)d hari", n=generated.get("entries", 0), d=generated.get("days", 0))),
        ]
    return [f"{k}: {v}" for k, v in sorted(generated.items()) if not isinstance(v, list)] + [
        f"- {c}" for c in generated.get("causes", [])
    ]


def _entry_lines(entries: list[dict]) -> list[str]:
    lines = []
    for e in entries:
        lines.append(f"  {e['day']}: {e['done']}")
        if e["obstacles"]:
            lines.append("    " + str(_l("Kendala: %(text)s", text=e["obstacles"])))
        lines += [
            f"    \u25a1 {ev['filename']}" + (f" \u2014 {ev['caption']}" if ev["caption"] else "")
            for ev in e["evidence"]
        ]
    return lines


@dataclass(frozen=True)
class SectionChange:
    key: str
    title: str
    changed: bool
    lines: list[tuple[str, str]]  # (' ', '-', '+') and the line


def compare_generated(stored: dict[str, dict], fresh: list[SectionDraft]) -> list[SectionChange]:
    """Per section, how the generated part would change (the preview of a refresh)."""
    changes = []
    for draft in fresh:
        before = generated_lines(draft.key, stored.get(draft.key, {}))
        after = generated_lines(draft.key, draft.generated)
        lines = [(d[0], d[2:]) for d in difflib.ndiff(before, after) if d[0] in " -+"]
        changed = any(kind != " " for kind, _ in lines)
        changes.append(SectionChange(draft.key, section_title(draft.key, draft.generated), changed, lines))
    return changes


def digest(drafts: list[SectionDraft]) -> str:
    """A fingerprint of what a refresh would store: the preview and the confirmation must agree on it."""
    data = json.dumps([[d.key, d.generated] for d in drafts], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:32]


def evidence_of(generated_sections: list[dict]) -> list[dict]:
    """Every evidence file named by the given generated parts, in order (what the PDF embeds and what the
    report's readers may download)."""
    found = []
    for generated in generated_sections:
        for step in [*generated.get("steps", []), {"entries": generated.get("whole", [])}]:
            for entry in step["entries"]:
                found.extend(entry["evidence"])
    return found


def evidence_numbers(sections) -> dict[str, int]:
    """{storage key: its number among the report's evidence, from 1}: how the pages link to each file."""
    return {ev["key"]: n for n, ev in enumerate(evidence_of([s.generated for s in sections]), 1)}
