"""A seminar score in the ledger, with real requests: nothing for a draft, an entry when the scorer submits (locks)
it, one when the coordinator reopens it and one at the corrected submission; verify-ledger passes, and names a
submitted score edited in the database or a draft marked submitted behind the app's back."""

import pytest

from lms.core.extensions import db
from lms.people.models import Enrolment
from lms.seminar import scheduling
from tests.helpers.ledger import edit_database, entries, verify
from tests.helpers.web import post

ALL_TOP = {"kriteria-0": "4", "kriteria-1": "4", "kriteria-2": "4", "kriteria-3": "4"}


@pytest.fixture
def placed(seminar_world):
    """p1 placed in the seminar rancangan S (penguji P)."""
    with seminar_world.app.app_context():
        scheduling.add_participant(
            seminar_world.seminar(),
            db.session.get(Enrolment, seminar_world.ids["e1"]),
            actor_id=seminar_world.ids["coordinator"],
        )
        db.session.commit()
    return seminar_world


def _score(client, url, data, action):
    return post(client, url, {**data, "notes": "Paparan jelas.", "action": action}, token_from=url)


def test_a_submitted_score_its_reopening_and_its_correction_are_chained(placed):
    app, ids = placed.app, placed.ids
    penguji, url = placed.client("penguji"), f"/seminar/{ids['seminar']}/penilaian/{ids['e1']}"
    assert _score(penguji, url, {"kriteria-0": "3"}, "draf").status_code == 302
    assert entries(app, object_type="seminar_score") == []  # a draft is no score
    assert _score(penguji, url, ALL_TOP, "kirim").status_code == 302
    [submitted] = entries(app, object_type="seminar_score")
    assert (submitted.kind, submitted.participant_id, submitted.actor_id) == (
        "seminar.submit",
        ids["p1"],
        ids["penguji"],
    )
    assert submitted.values_json == '{"levels":{"0":"4","1":"4","2":"4","3":"4"},"score":"100","submitted":true}'
    assert verify(app)[0] == 0

    manage = f"/seminar/{ids['seminar']}"
    reopen = {"role": "penguji", "reason": "Salah pilih level"}
    assert (
        post(placed.client("coordinator"), f"{manage}/peserta/{ids['e1']}/buka", reopen, token_from=manage).status_code
        == 302
    )
    assert _score(penguji, url, {**ALL_TOP, "kriteria-3": "3"}, "draf").status_code == 302
    assert verify(app)[0] == 0  # a reopened score's drafts are the scorer's pen, not a score
    assert _score(penguji, url, {**ALL_TOP, "kriteria-3": "3"}, "kirim").status_code == 302
    chain = entries(app, object_type="seminar_score")
    assert [(e.kind, e.actor_id, e.values_json) for e in chain[1:]] == [
        ("seminar.reopen", ids["coordinator"], '{"submitted":false}'),
        (
            "seminar.submit",
            ids["penguji"],
            '{"levels":{"0":"4","1":"4","2":"4","3":"3"},"score":"97.5","submitted":true}',
        ),
    ]
    assert verify(app)[0] == 0

    edit_database(app, "UPDATE seminar_scores SET score = 100")
    code, output = verify(app)
    assert code == 1
    assert f"seminar_score {submitted.object_id} (peserta {ids['p1']}): ledger #{chain[-1].seq} mencatat" in output
    assert (
        '"score":"97.5","submitted":true}, sekarang {"levels":{"0":"4","1":"4","2":"4","3":"3"},"score":"100"' in output
    )


def test_a_draft_marked_submitted_behind_the_app_is_named(placed):
    app, ids = placed.app, placed.ids
    penguji, url = placed.client("penguji"), f"/seminar/{ids['seminar']}/penilaian/{ids['e1']}"
    assert _score(penguji, url, ALL_TOP, "draf").status_code == 302
    assert verify(app)[0] == 0
    edit_database(app, "UPDATE seminar_scores SET submitted_at = updated_at")
    code, output = verify(app)
    assert code == 1 and "nilai tanpa entri ledger" in output and '"score":"100","submitted":true}' in output
