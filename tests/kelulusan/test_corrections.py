"""The two-person correction of a sealed result: proposed by one, confirmed or rejected by a second (never the
proposer), withdrawn by the proposer; each confirmation a new version beside the old, composed by the program's
rule; every step audited."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.kelulusan import corrections
from lms.kelulusan.models import Correction, ResultRow
from lms.kelulusan.ratification import Refused, prepare_result
from lms.kelulusan.sealed import participant_result, sealed_results
from lms.people.models import Angkatan
from tests.factories import make_coordinator, make_instansi
from tests.helpers.kelulusan import graduating, prepared_and_ratified


@pytest.fixture
def sealed(kctx):
    angkatan, people, coordinator, other, head = graduating()
    prepared_and_ratified(angkatan, coordinator, head)
    db.session.commit()
    return angkatan, people, coordinator, other, head


def _actions(user_id):
    return [
        (e.action, e.actor_id)
        for e in db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.subject_user_id == user_id, AuditEntry.action.like("kelulusan.correction.%"))
            .order_by(AuditEntry.id)
        )
    ]


def test_a_correction_confirmed_by_a_second_person_is_a_new_version_beside_the_old(sealed):
    angkatan, (_first, _second, failing), coordinator, other, head = sealed
    proposal = corrections.propose(
        angkatan.id,
        failing.id,
        {"seminar": Decimal("72.5")},
        "Nilai penguji salah ketik di berita acara",
        coordinator.id,
    )
    db.session.commit()
    assert proposal.scores == {"seminar": "72.5"} and proposal.base_version == 1
    with pytest.raises(Refused, match="pengusul tidak dapat memutuskan"):
        corrections.confirm(proposal, coordinator, angkatan)
    row = corrections.confirm(proposal, head, angkatan)
    db.session.commit()
    assert row.version == 2 and row.correction_id == proposal.id and row.created_by_id == head.id
    # 0.4 * 88 + 0.6 * 72.5 = 78.70: composed by the rule, Cukup memuaskan, passes now.
    assert row.final == Decimal("78.70") and row.band == "Cukup memuaskan" and row.passes is True
    assert row.score("akademik") == Decimal(88) and row.rank == 3
    versions = db.session.scalars(select(ResultRow).where(ResultRow.user_id == failing.id).order_by(ResultRow.version))
    assert [(v.version, v.final, v.passes) for v in versions] == [(1, Decimal("68.20"), False), (2, row.final, True)]
    assert participant_result(failing).row.version == 2
    current = next(r for r in sealed_results(angkatan.id).rows if r.user_id == failing.id)
    assert current.corrected and current.row.final == Decimal("78.70")
    assert _actions(failing.id) == [
        ("kelulusan.correction.propose", coordinator.id),
        ("kelulusan.correction.confirm", head.id),
    ]
    with pytest.raises(Refused, match="sudah diputuskan"):
        corrections.confirm(db.session.get(Correction, proposal.id), other, angkatan)


def test_another_coordinator_confirms_and_a_coordinator_elsewhere_cannot(sealed):
    angkatan, (first, _second, _failing), coordinator, other, _head = sealed
    elsewhere = make_coordinator(make_instansi(), name="Koordinator Lain")
    proposal = corrections.propose(angkatan.id, first.id, {"akademik": 95}, "Nilai evaluasi ulang disetujui", other.id)
    with pytest.raises(Refused, match="Hanya penyelenggara lain"):
        corrections.confirm(proposal, elsewhere, angkatan)
    row = corrections.confirm(proposal, coordinator, angkatan)
    assert row.final == Decimal("89.00")


def test_rejected_and_withdrawn_proposals_change_nothing(sealed):
    angkatan, (first, _second, _failing), coordinator, other, head = sealed
    proposal = corrections.propose(angkatan.id, first.id, {"akademik": 50}, "Nilai akademik keliru", coordinator.id)
    with pytest.raises(Refused, match="Sudah ada usulan koreksi"):
        corrections.propose(angkatan.id, first.id, {"akademik": 40}, "Usulan kedua sekaligus", other.id)
    with pytest.raises(Refused, match="Hanya pengusul"):
        corrections.withdraw(proposal, other)
    with pytest.raises(Refused, match="alasan penolakan"):
        corrections.reject(proposal, head, angkatan, "")
    corrections.reject(proposal, head, angkatan, "Berita acara tidak mendukung perubahan")
    db.session.commit()
    assert db.session.get(Correction, proposal.id).state == "rejected"
    again = corrections.propose(angkatan.id, first.id, {"akademik": 60}, "Usulan baru dengan bukti", coordinator.id)
    corrections.withdraw(again, coordinator)
    db.session.commit()
    assert db.session.get(Correction, again.id).decision_reason is None
    assert participant_result(first).row.version == 1
    assert [a for a, _actor in _actions(first.id)] == [
        "kelulusan.correction.propose",
        "kelulusan.correction.reject",
        "kelulusan.correction.propose",
        "kelulusan.correction.withdraw",
    ]


def test_bad_proposals_are_refused_with_a_reason(sealed):
    angkatan, (first, _second, _failing), coordinator, _other, _head = sealed
    with pytest.raises(Refused, match="Tidak ada nilai komponen yang berubah"):
        corrections.propose(angkatan.id, first.id, {"akademik": "90.00", "final": 100}, "Alasan cukup panjang", 1)
    with pytest.raises(Refused, match="harus 0 sampai 100"):
        corrections.propose(angkatan.id, first.id, {"seminar": "101"}, "Alasan cukup panjang", coordinator.id)
    with pytest.raises(Refused, match="harus 0 sampai 100"):
        corrections.propose(angkatan.id, first.id, {"seminar": "85.555"}, "Alasan cukup panjang", coordinator.id)
    with pytest.raises(Refused, match="alasan koreksi"):
        corrections.propose(angkatan.id, first.id, {"seminar": 90}, "singkat", coordinator.id)


def test_only_a_sealed_result_is_corrected(kctx):
    angkatan, (first, *_rest), coordinator, _other, _head = graduating()
    prepare_result(angkatan.id, coordinator.id)
    with pytest.raises(Refused, match="sudah disahkan kepala lembaga"):
        corrections.propose(angkatan.id, first.id, {"seminar": 90}, "Alasan cukup panjang", coordinator.id)


def test_the_head_may_decide_only_in_their_own_lembaga(sealed):
    angkatan, _people, coordinator, _other, head = sealed
    assert corrections.may_decide(head, angkatan) and corrections.may_decide(coordinator, angkatan)
    other_angkatan, *_rest = graduating(1)
    assert not corrections.may_decide(head, db.session.get(Angkatan, other_angkatan.id))
