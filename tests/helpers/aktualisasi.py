"""Plain helpers for the aktualisasi tests: a complete plan's form data, and the requests that write it."""

from lms.aktualisasi.criteria import CORE_VALUES, all_criteria
from tests.helpers.web import post

EDITOR = "/aktualisasi/rancangan"

ISSUES = [
    ("Antrean pendaftaran pasien di Puskesmas menumpuk pada pagi hari", [5, 5, 4, 4], [5, 4, 4]),
    ("Rekam medis kertas sering terselip", [4, 3, 3, 4], [3, 3, 3]),
    ("Informasi jadwal poli tidak diketahui warga", [4, 4, 5, 5], [4, 3, 4]),
]


def issues_data(revision: int = 0, chosen: int = 0, issues=ISSUES) -> dict:
    data = {"revision": str(revision), "chosen": str(chosen)}
    codes = [c.code for c in all_criteria()]
    for n, (title, apkl, usg) in enumerate(issues):
        data[f"candidates-{n}-title"] = title
        data[f"candidates-{n}-description"] = "Terlihat dari buku register pendaftaran tiga bulan terakhir."
        for code, score in zip(codes, [*apkl, *usg], strict=True):
            data[f"candidates-{n}-score_{code}"] = str(score)
    return data


def causes_data(revision: int = 0, causes=("Pendaftaran masih manual", "Belum ada nomor antrean")) -> dict:
    return {"revision": str(revision), "causes": "\n".join(causes)}


def idea_data(revision: int = 0, title: str = "Optimalisasi antrean daring pendaftaran pasien") -> dict:
    return {
        "revision": str(revision),
        "title": title,
        "description": "Nomor antrean lewat WhatsApp dan papan informasi.",
    }


def activity_data(revision: int = 0, title: str = "Menyusun SOP antrean daring", start: int = 1, end: int = 5) -> dict:
    data = {
        "revision": str(revision),
        "title": title,
        "steps": "Konsultasi dengan mentor\nMenyusun draf SOP\nMeminta persetujuan kepala puskesmas",
        "output": "SOP antrean daring yang ditandatangani",
        "start_day": str(start),
        "end_day": str(end),
        "vision_mission": "Mendukung misi pelayanan kesehatan yang bermutu.",
        "organisation_values": "Memperkuat nilai ramah dan cepat.",
    }
    for code, _name in CORE_VALUES:
        data[f"value_{code}"] = ""
    data["value_berorientasi_pelayanan"] = "Mempercepat layanan bagi pasien."
    data["value_akuntabel"] = "SOP tertulis dan dapat diperiksa."
    return data


def write_complete_plan(client) -> None:
    """The participant writes every section and one activity (each save a real request)."""
    for url, data in (
        (f"{EDITOR}/bagian/isu", issues_data()),
        (f"{EDITOR}/bagian/penyebab", causes_data()),
        (f"{EDITOR}/bagian/gagasan", idea_data()),
        (f"{EDITOR}/kegiatan", activity_data()),
    ):
        response = post(client, url, data, token_from=EDITOR)
        assert response.status_code == 302, (url, response.status_code)


def act(client, url: str, action: str, state: str, **comments) -> object:
    """A workflow button pressed on a page that showed `state`, with comments per section."""
    data = {"action": action, "state": state, **{f"komentar_{k}": v for k, v in comments.items()}}
    return post(client, url, data, token_from=url.rsplit("/", 1)[0] if url.endswith("/tindakan") else EDITOR)


def plan_with_versions(user_id: int, coach_id: int) -> None:
    """A plan written, submitted, returned with a comment and submitted again through the real rules (two
    versions to read and compare); inside an app context, committed by the caller."""
    from lms.aktualisasi import editing
    from lms.aktualisasi.transitions import transition

    plan = editing.open_plan_for_writing(user_id)
    form_issues = [
        {
            "title": title,
            "description": "",
            "scores": dict(zip([c.code for c in all_criteria()], [*a, *u], strict=True)),
        }
        for title, a, u in ISSUES
    ]
    editing.save_section(plan, "isu", {"candidates": form_issues, "chosen": 0}, 0)
    editing.save_section(plan, "penyebab", {"causes": ["Pendaftaran masih manual"]}, 0)
    editing.save_section(
        plan, "gagasan", {"title": "Antrean daring", "description": "Nomor antrean lewat WhatsApp."}, 0
    )
    editing.add_activity(
        plan,
        {
            "title": "Menyusun SOP",
            "steps": ["Draf", "Pengesahan"],
            "output": "SOP",
            "start_day": 1,
            "end_day": 5,
            "values": {"akuntabel": "SOP tertulis."},
            "vision_mission": "",
            "organisation_values": "",
        },
    )
    transition(plan, "submit", {"participant"}, actor_id=user_id)
    transition(plan, "return", {"coach"}, actor_id=coach_id, role="coach", comments={"penyebab": "Tambahkan data."})
    editing.save_section(plan, "penyebab", {"causes": ["Pendaftaran manual: 120 pasien/hari"]}, 1)
    transition(plan, "submit", {"participant"}, actor_id=user_id)


def plan_approved_by_mentor(user_id: int, coach_id: int, mentor_id: int) -> None:
    """A plan through the first path to 'approved_by_mentor' by the real rules (three versions); inside an app
    context, committed by the caller."""
    from lms.aktualisasi import editing
    from lms.aktualisasi.transitions import transition

    plan_with_versions(user_id, coach_id)
    plan = editing.plan_of(user_id)
    transition(plan, "accept", {"coach"}, actor_id=coach_id, role="coach")
    transition(plan, "approve", {"mentor"}, actor_id=mentor_id, role="mentor")
