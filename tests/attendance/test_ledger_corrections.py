"""An attendance correction in the ledger, through the widyaiswara's correction page: one entry per correction with
the status set, by whom; a refused correction writes none; verify-ledger passes, and names a status edited in the
database."""

from tests.helpers.ledger import edit_database, entries, verify
from tests.helpers.web import client_for, post


def test_each_correction_is_chained_and_an_edited_status_is_named(app, pjj):
    client = client_for(app, pjj["widyaiswara"])
    participant, session = pjj["participant_ids"][0], pjj["session_id"]
    url = f"/presensi/sesi/{session}/peserta/{participant}"
    assert post(client, url, {"status": "sakit", "note": ""}, token_from=url).status_code == 400
    assert entries(app) == []
    assert post(client, url, {"status": "sakit", "note": "Surat dokter 3 Maret"}, token_from=url).status_code == 302
    assert post(client, url, {"status": "izin", "note": "Surat izin atasan"}, token_from=url).status_code == 302
    chain = entries(app)
    assert [(e.kind, e.object_type, e.participant_id, e.actor_id) for e in chain] == [
        ("attendance.correct", "attendance_correction", participant, pjj["widyaiswara_id"])
    ] * 2
    assert [e.values_json for e in chain] == [
        f'{{"session":{session},"status":"sakit"}}',
        f'{{"session":{session},"status":"izin"}}',
    ]
    assert chain[0].object_id == chain[1].object_id  # one correction row, changed twice
    assert verify(app)[0] == 0
    edit_database(app, "UPDATE attendance_corrections SET status = 'hadir'")
    code, output = verify(app)
    assert code == 1
    assert f"attendance_correction {chain[1].object_id} (peserta {participant}): ledger #2 mencatat" in output
