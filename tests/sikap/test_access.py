"""Who sees which sikap page: every scorer their own participants on the instruments their role scores (anyone
else's sheet a recorded 404), other roles 403; an angkatan's form 3G for its coordinators and widyaiswara; the
participant record's form 3G for whoever may read the record."""

import pytest
from sqlalchemy import select

from lms.core.extensions import db
from lms.core.security_events import SecurityEvent
from tests.helpers.sikap import post_sheet, sheet_url

# scorer -> the (participant, instrument) sheets they open; every other pair of the world answers 404.
OWN_SHEETS = {
    "w": {("p1", "3A"), ("p2", "3A"), ("p3", "3A")},  # assigned to angkatan A
    "t": {("p1", "3A"), ("p2", "3A"), ("p3", "3A")},  # tutor of one of A's tutor groups
    "k": {("p1", "3B"), ("p2", "3B"), ("p3", "3B")},  # A's committee
    "c": {("p1", "3C"), ("p2", "3C")},  # coach of p1 and p2
    "m": {("p1", "3D")},  # mentor of p1
    "w2": {("q1", "3A")},
    "k2": {("q1", "3B")},
    "c2": {("q1", "3C")},
    "m2": {("q1", "3D")},
}
PARTICIPANTS = ("p1", "p2", "p3", "q1")
CODES = ("3A", "3B", "3C", "3D")


def _refusals(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(SecurityEvent.id).where(SecurityEvent.kind == "access.hidden")).all())


@pytest.mark.parametrize("scorer", sorted(OWN_SHEETS))
def test_every_scorer_opens_only_their_participants_sheets(sikap_world, scorer):
    w = sikap_world
    client = w.client(scorer)
    opened, refused = set(), 0
    for participant in PARTICIPANTS:
        for code in CODES:
            status = client.get(sheet_url(w.ids[participant], code)).status_code
            if status == 200:
                opened.add((participant, code))
            else:
                assert status == 404, (participant, code, status)
                refused += 1
    assert opened == OWN_SHEETS[scorer]
    assert _refusals(w.app) == refused  # each a participant outside their scope: recorded
    index = client.get("/sikap/").get_data(as_text=True)
    for angkatan in ("a", "b"):
        scores_here = any(w.ids[p] in _members(w, angkatan) for p, _code in OWN_SHEETS[scorer])
        page = client.get(f"/sikap/penilaian/{w.ids[angkatan]}")
        assert page.status_code == (200 if scores_here else 404), angkatan
        assert (f"/sikap/penilaian/{w.ids[angkatan]}" in index) is scores_here
        if scores_here:
            listed = {
                (p, code)
                for p in PARTICIPANTS
                for code in CODES
                if f"/sikap/peserta/{w.ids[p]}/{code}" in page.get_data(as_text=True)
            }
            assert listed == {(p, code) for p, code in OWN_SHEETS[scorer] if w.ids[p] in _members(w, angkatan)}


def _members(w, angkatan: str) -> set[int]:
    return {w.ids[p] for p in (("p1", "p2", "p3") if angkatan == "a" else ("q1",))}


def test_someone_elses_sheet_cannot_be_posted_to(sikap_world):
    w = sikap_world
    for scorer, participant, code in [("m2", "p1", "3D"), ("c", "p3", "3C"), ("k2", "p1", "3B"), ("m", "p1", "3C")]:
        response = post_sheet(w.client(scorer), w.ids[participant], code)
        assert response.status_code == 404, (scorer, participant, code)
    with w.app.app_context():
        from lms.sikap.models import SikapScore

        assert db.session.scalar(select(SikapScore.id)) is None


def test_an_unknown_participant_or_instrument_is_a_plain_404(sikap_world):
    w = sikap_world
    coach = w.client("c")
    assert coach.get(sheet_url(999999, "3C")).status_code == 404
    assert coach.get(sheet_url(w.ids["p1"], "9Z")).status_code == 404
    assert coach.get(sheet_url(w.ids["c2"], "3C")).status_code == 404  # a user who is no participant
    assert _refusals(w.app) == 0


@pytest.mark.parametrize("who", ["coordinator", "admin", "viewer", "p1"])
def test_other_roles_get_403_on_the_scorers_pages(sikap_world, who):
    w = sikap_world
    client = w.client(who)
    assert client.get("/sikap/").status_code == 403
    assert client.get(f"/sikap/penilaian/{w.ids['a']}").status_code == 403
    assert client.get(sheet_url(w.ids["p1"], "3C")).status_code == 403
    assert post_sheet(client, w.ids["p1"], "3C").status_code == 403


def test_the_angkatan_form_3g_is_for_its_coordinators_and_widyaiswara(sikap_world):
    w = sikap_world
    recap_a, recap_b = f"/sikap/angkatan/{w.ids['a']}", f"/sikap/angkatan/{w.ids['b']}"
    for who in ("coordinator", "w", "t", "admin"):
        assert w.client(who).get(recap_a).status_code == 200, who
    assert w.client("coordinator").get(recap_b).status_code == 404  # another lembaga's
    assert w.client("w").get(recap_b).status_code == 404
    assert w.client("c").get(recap_a).status_code == 404  # a coach alone: their coachees' records, not the angkatan
    for who in ("m", "k", "viewer", "p1"):
        assert w.client(who).get(recap_a).status_code == 403, who


def test_the_record_shows_form_3g_to_those_who_may_read_the_record(sikap_world):
    w = sikap_world
    assert post_sheet(w.client("c"), w.ids["p1"], "3C").status_code == 302
    record = f"/orang/peserta/{w.ids['p1']}"
    for who in ("coordinator", "w", "c", "m", "viewer"):
        page = w.client(who).get(record)
        assert page.status_code == 200, who
        body = page.get_data(as_text=True)
        assert "Sikap perilaku" in body and "menunggu mentor" in body, who
    assert w.client("m2").get(record).status_code == 404  # another participant's mentor


def test_the_angkatan_page_links_form_3g_for_its_readers_only(sikap_world):
    w = sikap_world
    page = w.client("coordinator").get(f"/orang/angkatan/{w.ids['a']}").get_data(as_text=True)
    assert "Nilai sikap lengkap: 0 dari 3 peserta." in page and f"/sikap/angkatan/{w.ids['a']}" in page
