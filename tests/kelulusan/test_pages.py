"""The result through its pages, with real requests and CSRF: prepare, ratify (the statement ticked, once, even
with two heads pressing at the same moment), the two-person correction with forged fields ignored, and a sealed
result that no other request changes."""

import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lms.auth.models import User
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.kelulusan import ratification
from lms.kelulusan.models import Correction, ResultRow
from lms.kelulusan.ratification import prepare_result, result_of
from lms.people.models import Angkatan
from tests.helpers.kelulusan import graduating, make_head, prepared_and_ratified, score
from tests.helpers.web import client_for, csrf_token


@pytest.fixture
def world(kelulusan_app):
    with kelulusan_app.app_context():
        angkatan, people, coordinator, other, head = graduating(names=["Ayu Lestari", "Budi Santoso", "Citra Dewi"])
        second_head = make_head(angkatan.lembaga, name="Wakil Kepala")
        db.session.commit()
        return {
            "angkatan": angkatan.id,
            "people": [p.id for p in people],
            "nips": [p.nip for p in people],
            "coordinator": coordinator.nip,
            "coordinator_id": coordinator.id,
            "other": other.nip,
            "head": head.nip,
            "head_id": head.id,
            "second_head": second_head.nip,
        }


def _count(action):
    return db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action))


def test_prepare_then_ratify_through_the_pages(kelulusan_app, world):
    a = world["angkatan"]
    coordinator = client_for(kelulusan_app, world["coordinator"])
    page = coordinator.get(f"/kelulusan/angkatan/{a}/persiapan")
    text = page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert "Peserta yang tidak lulus" in text and "Citra Dewi" in text and "Siapkan hasil" in text
    token = csrf_token(coordinator, f"/kelulusan/angkatan/{a}/persiapan")
    assert coordinator.post(f"/kelulusan/angkatan/{a}/persiapan", data={}).status_code == 400  # no CSRF token
    done = coordinator.post(f"/kelulusan/angkatan/{a}/persiapan", data={"csrf_token": token}, follow_redirects=True)
    assert "Hasil disiapkan" in done.get_data(as_text=True)

    head = client_for(kelulusan_app, world["head"])
    review = head.get(f"/kelulusan/angkatan/{a}/pengesahan").get_data(as_text=True)
    assert "3 peserta: 2 lulus, 1 tidak lulus." in review and "87,00" in review
    token = csrf_token(head, f"/kelulusan/angkatan/{a}/pengesahan")
    unticked = head.post(
        f"/kelulusan/angkatan/{a}/pengesahan", data={"csrf_token": token, "preparation": 1}, follow_redirects=True
    )
    assert "Centang pernyataan pengesahan" in unticked.get_data(as_text=True)
    with kelulusan_app.app_context():
        assert not result_of(a).sealed
    ratified = head.post(
        f"/kelulusan/angkatan/{a}/pengesahan",
        data={"csrf_token": token, "preparation": 1, "confirm": "y"},
        follow_redirects=True,
    )
    assert "disahkan dan disegel" in ratified.get_data(as_text=True)
    again = head.post(
        f"/kelulusan/angkatan/{a}/pengesahan",
        data={"csrf_token": token, "preparation": 1, "confirm": "y"},
        follow_redirects=True,
    )
    assert "sudah disahkan" in again.get_data(as_text=True)
    # Preparing, or a program recompute, is refused once sealed.
    token = csrf_token(coordinator, f"/kelulusan/angkatan/{a}/persiapan")
    refused = coordinator.post(f"/kelulusan/angkatan/{a}/persiapan", data={"csrf_token": token}, follow_redirects=True)
    assert "perubahan hanya melalui koreksi" in refused.get_data(as_text=True)
    with kelulusan_app.app_context():
        assert _count("kelulusan.ratify") == 1 and _count("kelulusan.prepare") == 1


def test_two_heads_ratifying_at_once_ratify_once(kelulusan_app, world, database_url, monkeypatch):
    a = world["angkatan"]
    with kelulusan_app.app_context():
        prepare_result(a, world["coordinator_id"])
        db.session.commit()
    heads = [client_for(kelulusan_app, world[who]) for who in ("head", "second_head")]
    tokens = [csrf_token(client, "/") for client in heads]
    if database_url.startswith("postgresql"):
        # Both requests pass every check before either updates: the conditional update alone decides. (SQLite
        # serialises writing requests from their first statement, BEGIN IMMEDIATE, so they never overlap.)
        checked, original = threading.Barrier(2, timeout=30), ratification.stale_changes

        def both_checked(result, recap=None):
            found = original(result, recap)
            checked.wait()
            return found

        monkeypatch.setattr(ratification, "stale_changes", both_checked)
    start, answers = threading.Barrier(2), []

    def run(client, token):
        start.wait()
        response = client.post(
            f"/kelulusan/angkatan/{a}/pengesahan",
            data={"csrf_token": token, "preparation": 1, "confirm": "y"},
            follow_redirects=True,
        )
        answers.append(response.get_data(as_text=True))

    threads = [threading.Thread(target=run, args=pair) for pair in zip(heads, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum("disahkan dan disegel" in answer for answer in answers) == 1
    refusals = ("baru saja disahkan atau disiapkan ulang", "Hasil angkatan ini sudah disahkan.")
    assert sum(any(refusal in answer for refusal in refusals) for answer in answers) == 1
    with kelulusan_app.app_context():
        assert _count("kelulusan.ratify") == 1 and result_of(a).sealed


def test_a_correction_ignores_forged_fields_and_needs_a_second_person(kelulusan_app, world):
    a, failing = world["angkatan"], world["people"][2]
    with kelulusan_app.app_context():
        prepare_result(a, world["coordinator_id"])
        ratification.ratify(a, 1, world["head_id"])
        db.session.commit()
    url = f"/kelulusan/angkatan/{a}/peserta/{failing}"
    coordinator = client_for(kelulusan_app, world["coordinator"])
    token = csrf_token(coordinator, url)
    bad = coordinator.post(
        f"{url}/koreksi", data={"csrf_token": token, "komponen_1": "72,555", "reason": "Salah ketik nilai penguji"}
    )
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "paling banyak dua angka di belakang koma" in text
    assert "Salah ketik nilai penguji" in text  # what was typed stays on the page
    forged = {
        "csrf_token": token,
        "komponen_0": "88",
        "komponen_1": "72,5",
        "reason": "Salah ketik nilai penguji pada berita acara",
        "final": "100",
        "band": "Sangat memuaskan",
        "passes": "1",
        "rank": "1",
        "version": "9",
        "scores": '{"akademik": "100"}',
    }
    assert coordinator.post(f"{url}/koreksi", data=forged).status_code == 302
    with kelulusan_app.app_context():
        correction = db.session.scalar(select(Correction))
        assert correction.scores == {"seminar": "72.5"} and correction.state == "proposed"
    own = coordinator.post(
        f"{url}/koreksi/{correction.id}/konfirmasi", data={"csrf_token": token}, follow_redirects=True
    )
    assert "pengusul tidak dapat memutuskan" in own.get_data(as_text=True)
    other = client_for(kelulusan_app, world["other"])
    other_token = csrf_token(other, url)
    page = other.get(url).get_data(as_text=True)
    assert "Konfirmasi koreksi" in page and "Tolak koreksi" in page
    confirmed = other.post(
        f"{url}/koreksi/{correction.id}/konfirmasi",
        data={"csrf_token": other_token, "final": "100"},
        follow_redirects=True,
    )
    assert "hasil versi 2 berlaku" in confirmed.get_data(as_text=True)
    with kelulusan_app.app_context():
        rows = db.session.scalars(select(ResultRow).where(ResultRow.user_id == failing).order_by(ResultRow.version))
        assert [(r.version, r.final, r.band, r.passes) for r in rows] == [
            (1, Decimal("68.20"), "Kurang memuaskan", False),
            (2, Decimal("78.70"), "Cukup memuaskan", True),
        ]
    history = other.get(url).get_data(as_text=True)
    assert "Versi 2 (berlaku)" in history and "Versi 1 (diganti)" in history and "68,20" in history
    participant = client_for(kelulusan_app, world["nips"][2])
    assert "78,70" in participant.get("/kelulusan/hasil-saya").get_data(as_text=True)


def test_reject_and_withdraw_through_the_pages(kelulusan_app, world):
    a, first = world["angkatan"], world["people"][0]
    with kelulusan_app.app_context():
        prepare_result(a, world["coordinator_id"])
        ratification.ratify(a, 1, world["head_id"])
        db.session.commit()
    url = f"/kelulusan/angkatan/{a}/peserta/{first}"
    coordinator = client_for(kelulusan_app, world["coordinator"])
    token = csrf_token(coordinator, url)
    data = {"csrf_token": token, "komponen_0": "95", "reason": "Nilai remedial disetujui panitia"}
    assert coordinator.post(f"{url}/koreksi", data=data).status_code == 302
    with kelulusan_app.app_context():
        first_id = db.session.scalar(select(Correction.id))
    head = client_for(kelulusan_app, world["head"])
    head_token = csrf_token(head, url)
    short = head.post(f"{url}/koreksi/{first_id}/tolak", data={"csrf_token": head_token, "reason": "tidak"})
    assert short.status_code == 400 and "tidak" in short.get_data(as_text=True)
    rejected = head.post(
        f"{url}/koreksi/{first_id}/tolak",
        data={"csrf_token": head_token, "reason": "Tidak ada berita acara remedial"},
        follow_redirects=True,
    )
    assert "Usulan koreksi ditolak." in rejected.get_data(as_text=True)
    assert coordinator.post(f"{url}/koreksi", data=data).status_code == 302
    with kelulusan_app.app_context():
        second_id = db.session.scalar(select(Correction.id).where(Correction.state == "proposed"))
    not_theirs = head.post(f"{url}/koreksi/{second_id}/tarik", data={"csrf_token": head_token})
    assert not_theirs.status_code == 403  # withdrawing is the proposer's (a coordinator's) alone
    withdrawn = coordinator.post(f"{url}/koreksi/{second_id}/tarik", data={"csrf_token": token}, follow_redirects=True)
    assert "Usulan koreksi ditarik." in withdrawn.get_data(as_text=True)
    with kelulusan_app.app_context():
        assert [c.state for c in db.session.scalars(select(Correction).order_by(Correction.id))] == [
            "rejected",
            "withdrawn",
        ]
        assert db.session.scalar(select(func.count()).select_from(ResultRow)) == 3
    # A correction of another angkatan's participant through this URL is not found.
    assert (
        head.post(
            f"/kelulusan/angkatan/{a}/peserta/{world['people'][1]}/koreksi/{second_id}/konfirmasi",
            data={"csrf_token": head_token},
        ).status_code
        == 404
    )


def test_sources_changed_after_ratification_are_shown_never_applied(kelulusan_app, world):
    a, first = world["angkatan"], world["people"][0]
    with kelulusan_app.app_context():
        prepared_and_ratified(
            db.session.get(Angkatan, a),
            db.session.get(User, world["coordinator_id"]),
            db.session.get(User, world["head_id"]),
        )
        db.session.commit()
        score(db.session.get(User, first), seminar=40)
    head = client_for(kelulusan_app, world["head"])
    page = head.get(f"/kelulusan/angkatan/{a}/pengesahan").get_data(as_text=True)
    assert "Sumber berubah setelah pengesahan" in page and "85,00 → 40,00" in page
    assert "87,00" in page


def test_the_pages_send_as_many_statements_for_40_participants_as_for_4(kelulusan_app, count_queries):
    counts = {}
    for size in (4, 40):
        with kelulusan_app.app_context():
            angkatan, people, coordinator, _other, head = graduating(size)
            prepare_result(angkatan.id, coordinator.id)
            db.session.commit()
            ids, nips = angkatan.id, (coordinator.nip, head.nip)
        pages = [(nips[0], f"/kelulusan/angkatan/{ids}/persiapan"), (nips[1], f"/kelulusan/angkatan/{ids}/pengesahan")]
        for nip, url in pages:
            client = client_for(kelulusan_app, nip)
            client.get(url)  # warm: the session's first request loads more
            with count_queries() as counted:
                assert client.get(url).status_code == 200
            counts.setdefault(url.rsplit("/", 1)[1], []).append(counted.count)
    assert counts["persiapan"][0] == counts["persiapan"][1] and counts["pengesahan"][0] == counts["pengesahan"][1]
