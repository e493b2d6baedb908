"""Scoring through the sheet's real requests: drafts, one submission that locks, a reasoned and audited correction,
forged levels, scores and fields refused with nothing saved, stale pages, two submits at once, sealed results."""

import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.sikap.hooks import RESULTS_SEALED
from lms.sikap.models import SikapScore
from tests.helpers.sikap import levels, post_sheet, sheet_url
from tests.helpers.web import csrf_token


def _rows(app):
    with app.app_context():
        return db.session.scalars(select(SikapScore).order_by(SikapScore.id)).all()


def _audits(app, action):
    with app.app_context():
        return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).all()


def test_draft_then_submit_locks_the_score_from_the_rubric(sikap_world):
    w, coach = sikap_world, sikap_world.client("c")
    p1 = w.ids["p1"]
    partial = {"kriteria-0": "3", "kriteria-1": "4"}
    saved = post_sheet(coach, p1, "3C", action="draf", chosen=partial, notes="Aktif di kelas daring.")
    assert saved.status_code == 302
    [draft] = _rows(w.app)
    assert draft.submitted_at is None and draft.score is None and draft.levels == {"0": "3", "1": "4"}
    page = coach.get(sheet_url(p1, "3C")).get_data(as_text=True)
    assert (
        "Draf tersimpan" in page and 'name="kriteria-0" value="3" checked' in page and "Aktif di kelas daring." in page
    )
    sent = post_sheet(coach, p1, "3C", action="kirim", revision=1, chosen=levels("3C", k0="3", k1="2"))
    assert sent.status_code == 302
    [row] = _rows(w.app)
    assert row.submitted_at is not None and row.revision == 2
    assert row.score == Decimal("89.29")  # (4 x 5 + 3 + 2) / 28, by lms.core.rubric.rubric_score
    assert row.role == "coach" and row.scorer_id == w.ids["c"] and row.angkatan_id == w.ids["a"]
    assert "Nilai 89,29 dikirim dan dikunci." in coach.get(sheet_url(p1, "3C")).get_data(as_text=True)
    # Once submitted: a draft or a second submit is refused, nothing changes.
    again = post_sheet(coach, p1, "3C", action="kirim", revision=2, chosen=levels("3C", "1"))
    assert again.status_code == 409 and "sudah dikirim dan terkunci" in again.get_data(as_text=True)
    assert _rows(w.app)[0].score == Decimal("89.29")
    assert [a.details["score"] for a in _audits(w.app, "sikap.submit")] == ["89.29"]
    assert len(_audits(w.app, "sikap.draft")) == 1


def test_a_submit_needs_every_criterion_and_keeps_what_was_typed(sikap_world):
    w, coach = sikap_world, sikap_world.client("c")
    response = post_sheet(coach, w.ids["p1"], "3C", chosen={"kriteria-0": "4"}, notes="Catatan yang diketik.")
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "Pilih level untuk kriteria" in body
    assert "Catatan yang diketik." in body and 'name="kriteria-0" value="4" checked' in body
    assert _rows(w.app) == []


@pytest.mark.parametrize(
    "forged",
    [
        {"kriteria-0": "5"},  # above the top level
        {"kriteria-0": "2.5"},  # between levels
        {"kriteria-0": "NaN"},
        {"kriteria-7": "4"},  # a criterion the rubric does not have
        {"kriteria-x": "4"},
        {"score": "100"},  # a score: it comes from the levels only
        {"nilai": "100"},
        {"role": "mentor"},
        {"scorer_id": "1"},
    ],
)
def test_a_forged_level_score_or_field_is_refused_and_nothing_is_saved(sikap_world, forged):
    w, coach = sikap_world, sikap_world.client("c")
    response = post_sheet(coach, w.ids["p1"], "3C", **forged)
    assert response.status_code == 422
    assert "Tidak ada yang disimpan" in response.get_data(as_text=True) or "tidak sah" in response.get_data(
        as_text=True
    )
    assert _rows(w.app) == [] and _audits(w.app, "sikap.submit") == []


def test_a_correction_needs_a_reason_and_is_audited_with_the_old_score(sikap_world):
    w, coach = sikap_world, sikap_world.client("c")
    p1 = w.ids["p1"]
    assert post_sheet(coach, p1, "3C").status_code == 302
    no_reason = post_sheet(coach, p1, "3C", action="koreksi", revision=1, chosen=levels("3C", "3"))
    assert no_reason.status_code == 422 and "Tulis alasan koreksi" in no_reason.get_data(as_text=True)
    unchanged = post_sheet(coach, p1, "3C", action="koreksi", revision=1, reason="Salah klik kriteria.")
    assert unchanged.status_code == 422 and "Tidak ada yang berubah" in unchanged.get_data(as_text=True)
    assert _rows(w.app)[0].score == Decimal("100.00")
    fixed = post_sheet(
        coach, p1, "3C", action="koreksi", revision=1, chosen=levels("3C", "3"), reason="Salah klik kriteria."
    )
    assert fixed.status_code == 302
    [row] = _rows(w.app)
    assert row.score == Decimal("75.00") and row.revision == 2 and row.submitted_at is not None
    [audit] = _audits(w.app, "sikap.correct")
    assert audit.reason == "Salah klik kriteria." and audit.actor_id == w.ids["c"]
    assert audit.subject_user_id == p1
    assert audit.details["old_score"] == "100.00" and audit.details["score"] == "75.00"
    assert audit.details["old_levels"] == {str(i): "4" for i in range(7)}
    # the page the correction was typed on is now stale: a second correction from it is refused
    stale = post_sheet(
        coach, p1, "3C", action="koreksi", revision=1, chosen=levels("3C", "2"), reason="Salah klik lagi."
    )
    assert stale.status_code == 409 and "berubah sejak halaman dibuka" in stale.get_data(as_text=True)
    assert _rows(w.app)[0].score == Decimal("75.00")


def test_a_correction_of_a_score_never_submitted_is_refused(sikap_world):
    w, coach = sikap_world, sikap_world.client("c")
    response = post_sheet(coach, w.ids["p1"], "3C", action="koreksi", reason="Tidak ada yang dikirim.")
    assert response.status_code == 422 and "belum dikirim" in response.get_data(as_text=True)
    assert _rows(w.app) == []


def test_a_page_from_a_stale_tab_is_refused_with_the_typed_levels_kept(sikap_world):
    w, coach = sikap_world, sikap_world.client("c")
    assert post_sheet(coach, w.ids["p1"], "3C", action="draf", chosen={"kriteria-0": "2"}).status_code == 302
    stale = post_sheet(coach, w.ids["p1"], "3C", action="draf", revision=0, chosen={"kriteria-0": "3"})
    body = stale.get_data(as_text=True)
    assert stale.status_code == 409 and 'name="kriteria-0" value="3" checked' in body
    assert 'name="revision" type="hidden" value="1"' in body  # the page now names the stored revision
    assert _rows(w.app)[0].levels == {"0": "2"}


def test_two_submits_at_once_make_one_score(sikap_world):
    """Two tabs of the same coach press Kirim at the same moment: one score, one audit entry."""
    w = sikap_world
    tabs = [w.client("c"), w.client("c")]
    tokens = [csrf_token(c, "/") for c in tabs]
    barrier, statuses = threading.Barrier(2), []

    def run(client, token, points):
        data = {"csrf_token": token, "action": "kirim", "revision": "0", "notes": "", **levels("3C", points)}
        barrier.wait()
        statuses.append(client.post(sheet_url(w.ids["p1"], "3C"), data=data).status_code)

    threads = [threading.Thread(target=run, args=(c, t, p)) for c, t, p in zip(tabs, tokens, ("4", "2"), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [302, 409]
    assert len(_rows(w.app)) == 1
    assert len(_audits(w.app, "sikap.submit")) == 1


def test_the_database_keeps_one_score_per_scorer_role_and_instrument(sikap_world):
    from sqlalchemy.exc import IntegrityError

    w = sikap_world
    coach = w.client("c")
    assert post_sheet(coach, w.ids["p1"], "3C").status_code == 302
    with w.app.app_context():
        first = db.session.scalar(select(SikapScore))
        fields = {c: getattr(first, c) for c in ("user_id", "angkatan_id", "instrument", "role", "scorer_id")}
        db.session.add(SikapScore(**fields, version_id=first.version_id, levels={}, revision=1))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_nothing_changes_once_the_results_are_sealed(sikap_world):
    w = sikap_world
    coach = w.client("c")
    assert post_sheet(coach, w.ids["p1"], "3C").status_code == 302
    RESULTS_SEALED.connect(w.app, lambda angkatan_id: angkatan_id == w.ids["a"])
    page = coach.get(sheet_url(w.ids["p1"], "3C")).get_data(as_text=True)
    assert "sudah disahkan dan disegel" in page and "Simpan koreksi" not in page
    correction = post_sheet(
        coach, w.ids["p1"], "3C", action="koreksi", revision=1, chosen=levels("3C", "1"), reason="Terlambat."
    )
    assert correction.status_code == 409 and "disegel" in correction.get_data(as_text=True)
    fresh = post_sheet(coach, w.ids["p2"], "3C")
    assert fresh.status_code == 409
    assert [r.score for r in _rows(w.app)] == [Decimal("100.00")]
    assert _audits(w.app, "sikap.correct") == []
    # another angkatan's sheets are not sealed by it
    assert post_sheet(w.client("c2"), w.ids["q1"], "3C").status_code == 302


def test_post_without_the_csrf_token_is_refused(sikap_world):
    w, coach = sikap_world, sikap_world.client("c")
    response = coach.post(sheet_url(w.ids["p1"], "3C"), data={"action": "kirim", "revision": "0", **levels("3C")})
    assert response.status_code == 400
    with w.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SikapScore)) == 0
