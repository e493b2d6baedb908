"""Who may have a certificate: the participants whose sealed (ratified) result passes, with what it states. The
one place certificates read kelulusan's sealed results."""

from dataclasses import dataclass

from lms.certificates.issuing import Passed
from lms.people.models import Angkatan


@dataclass(frozen=True)
class AngkatanStatus:
    sealed: bool
    total: int
    passed: list[Passed]


def angkatan_status(angkatan: Angkatan) -> AngkatanStatus:
    raise NotImplementedError  # wired to lms.kelulusan's sealed results when #18 lands
