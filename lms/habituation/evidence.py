"""Habituation evidence kept in lms.core.storage under a key made there, never from the file's name (the file is
checked by lms.core.photos first)."""

from lms.core.photos import Evidence
from lms.core.storage import get_storage, new_key

MAX_FILES = 5  # evidence files per entry


def store_evidence(evidence: Evidence) -> tuple[str, int]:
    """Keep the file; its storage key and size."""
    key = new_key("habituasi")
    size = get_storage().put(key, evidence.data)
    return key, size
