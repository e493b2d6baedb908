"""Who may have a certificate: the participants whose sealed (ratified) result passes, in its current version (a
confirmed correction counts), with what the certificate states of it. The one place certificates read kelulusan."""

from dataclasses import dataclass

from lms.certificates.issuing import Passed
from lms.kelulusan.sealed import sealed_results
from lms.people.models import Angkatan


@dataclass(frozen=True)
class AngkatanStatus:
    sealed: bool
    total: int
    passed: list[Passed]


def angkatan_status(angkatan: Angkatan) -> AngkatanStatus:
    """Sealed or not, how many participants the result has, and those who pass, in attendance-list order. The JP
    are the program's total: passing means every phase was completed."""
    sealed = sealed_results(angkatan.id)
    if sealed is None:
        return AngkatanStatus(False, 0, [])
    passed = [
        Passed(item.user_id, item.row.final, item.row.band, sealed.program.total_jp)
        for item in sealed.rows
        if item.row.passes is True
    ]
    return AngkatanStatus(True, len(sealed.rows), passed)
