"""The words the sikap pages use for scorer roles and score states."""

from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "widyaiswara": _l("widyaiswara"),
    "committee": _l("panitia"),
    "coach": _l("coach"),
    "mentor": _l("mentor"),
}
STATUS_LABELS = {"belum": _l("belum"), "draf": _l("draf"), "terkirim": _l("terkirim")}


def template_helpers() -> dict:
    """What the sikap templates (and partials on other features' pages) call. The labels are translated once per
    page, not at every row (a widyaiswara's index lists dozens of angkatan)."""
    roles = {key: str(label) for key, label in ROLE_LABELS.items()}
    statuses = {key: str(label) for key, label in STATUS_LABELS.items()}
    return {
        "role_label": roles.__getitem__,
        "roles_text": lambda keys: ", ".join(roles[k] for k in keys),
        "status_label": statuses.__getitem__,
        "points_text": lambda points: format(points.normalize(), "f"),
    }
