"""The aktualisasi plan's bench pages' set-up: each participant session writes a whole plan through the editor's
forms; a save names the revision it was typed from, so the sections' revisions are put back before every run."""

PLAN_EDITOR = "/aktualisasi/rancangan"
PLAN_SECTIONS = ("penyebab", "gagasan")


def write_plan(http, session) -> None:
    """The participant saves every section and two activities through the editor's forms."""
    token = {"csrf_token": session.csrf_token, "revision": "0"}
    issue = {"candidates-0-title": "Antrean pendaftaran menumpuk", "candidates-1-title": "Arsip belum tertata"}
    for n in range(2):
        issue.update({f"candidates-{n}-score_{c}": "4" for c in ("aktual", "problematik", "kekhalayakan", "layak")})
        issue.update({f"candidates-{n}-score_{c}": "3" for c in ("urgency", "seriousness", "growth")})
    forms = [
        (f"{PLAN_EDITOR}/bagian/isu", {**token, **issue, "chosen": "0"}),
        (f"{PLAN_EDITOR}/bagian/penyebab", {**token, "causes": "Pendaftaran manual\nBelum ada nomor antrean"}),
        (f"{PLAN_EDITOR}/bagian/gagasan", {**token, "title": "Antrean daring", "description": "Nomor lewat WhatsApp."}),
    ]
    activity = {
        "csrf_token": session.csrf_token,
        "title": "Menyusun SOP",
        "steps": "Draf\nPengesahan",
        "output": "SOP",
        "start_day": "1",
        "end_day": "5",
        "value_akuntabel": "SOP tertulis.",
    }
    forms += [(f"{PLAN_EDITOR}/kegiatan", activity)] * 2
    for path, fields in forms:
        http.post(session, path, fields)


def reset_plan_sections(db, sessions) -> None:
    ids = [s.user_id for s in sessions]
    if ids:
        db.execute(
            "UPDATE aktualisasi_sections SET revision = 1 WHERE key IN :keys AND plan_id IN "
            "(SELECT id FROM aktualisasi_plans WHERE user_id IN :ids)",
            keys=list(PLAN_SECTIONS),
            ids=ids,
        )


def saved_sections(db, sessions) -> int:
    ids = [s.user_id for s in sessions]
    return len(
        ids
        and db.column(
            "SELECT s.id FROM aktualisasi_sections s JOIN aktualisasi_plans p ON p.id = s.plan_id "
            "WHERE p.user_id IN :ids AND s.key IN :keys AND s.revision = 2",
            ids=ids,
            keys=list(PLAN_SECTIONS),
        )
    )
