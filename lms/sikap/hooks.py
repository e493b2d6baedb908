"""What sikap asks of the features above it."""

from lms.core.hooks import Hook

# Whether an angkatan's results are sealed (ratified): from then on no sikap score of it changes through these pages
# (a sealed result is corrected only by kelulusan's two-person correction). f(angkatan_id) -> bool; the kelulusan
# feature connects it when it seals results. No receiver: nothing is sealed.
RESULTS_SEALED = Hook("sikap.results_sealed", "f(angkatan_id) -> bool: the angkatan's results are sealed")


def results_sealed(angkatan_id: int) -> bool:
    return any(RESULTS_SEALED.call(angkatan_id))
