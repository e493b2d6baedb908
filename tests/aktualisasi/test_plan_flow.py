"""The plan's whole first path with real requests (CSRF on): write, submit, return with comments, fix,
resubmit, accept, approve; each transition audited, versions kept, comments kept with their version."""

import re

import pytest
from sqlalchemy import select

from lms.aktualisasi.models import Plan, PlanComment, PlanVersion
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from tests.helpers.aktualisasi import EDITOR, act, activity_data, causes_data, issues_data, write_complete_plan
from tests.helpers.web import post


def _plan(app, user_id) -> Plan:
    with app.app_context():
        plan = db.session.scalar(select(Plan).where(Plan.user_id == user_id))
        db.session.expunge_all()
        return plan


def test_the_first_path_from_draft_to_approved_by_mentor(plan_world):
    app, ids = plan_world.app, plan_world.ids
    participant, coach, mentor = plan_world.client("p1"), plan_world.client("coach_a"), plan_world.client("mentor_m")
    page = participant.get(EDITOR)
    assert page.status_code == 200 and "Draf" in page.get_data(as_text=True)
    write_complete_plan(participant)
    html = participant.get(EDITOR).get_data(as_text=True)
    assert "Semua bagian sudah terisi" in html and "Antrean pendaftaran pasien" in html
    assert act(participant, f"{EDITOR}/ajukan", "submit", "draft").status_code == 302
    assert _plan(app, ids["p1"]).state == "submitted"

    review = f"/aktualisasi/peserta/{ids['p1']}"
    queue = coach.get("/aktualisasi/antrean").get_data(as_text=True)
    assert "Siti Rahmawati" in queue and review in queue
    returned = act(coach, f"{review}/tindakan", "return", "submitted", penyebab="Penyebab kedua belum didukung data.")
    assert returned.status_code == 302
    assert _plan(app, ids["p1"]).state == "returned_by_coach"
    html = participant.get(EDITOR).get_data(as_text=True)
    assert "Penyebab kedua belum didukung data." in html and "Dikembalikan coach" in html

    fixed = post(
        participant,
        f"{EDITOR}/bagian/penyebab",
        causes_data(1, ("Pendaftaran manual: 120 pasien/hari",)),
        token_from=EDITOR,
    )
    assert fixed.status_code == 302
    assert act(participant, f"{EDITOR}/ajukan", "submit", "returned_by_coach").status_code == 302
    assert act(coach, f"{review}/tindakan", "accept", "submitted").status_code == 302
    assert _plan(app, ids["p1"]).state == "accepted_by_coach"
    assert "Siti Rahmawati" in mentor.get("/aktualisasi/antrean").get_data(as_text=True)
    assert act(mentor, f"{review}/tindakan", "approve", "accepted_by_coach").status_code == 302
    assert _plan(app, ids["p1"]).state == "approved_by_mentor"
    assert "Penyelenggara akan menjadwalkan" in participant.get(EDITOR).get_data(as_text=True)

    with app.app_context():
        plan = db.session.scalar(select(Plan).where(Plan.user_id == ids["p1"]))
        versions = db.session.execute(
            select(PlanVersion.number, PlanVersion.action)
            .where(PlanVersion.plan_id == plan.id)
            .order_by(PlanVersion.number)
        ).all()
        assert [tuple(v) for v in versions] == [(1, "submit"), (2, "submit"), (3, "approve")]
        first, second = (
            db.session.scalar(select(PlanVersion).where(PlanVersion.plan_id == plan.id, PlanVersion.number == n))
            for n in (1, 2)
        )
        assert first.snapshot["penyebab"]["causes"] == ["Pendaftaran masih manual", "Belum ada nomor antrean"]
        assert second.snapshot["penyebab"]["causes"] == ["Pendaftaran manual: 120 pasien/hari"]
        comment = db.session.scalar(select(PlanComment).where(PlanComment.plan_id == plan.id))
        assert (comment.version_id, comment.section, comment.role, comment.author_id) == (
            first.id,
            "penyebab",
            "coach",
            ids["coach_a"],
        )
        audited = db.session.execute(
            select(
                AuditEntry.action,
                AuditEntry.actor_id,
                AuditEntry.details["old"].as_string(),
                AuditEntry.details["new"].as_string(),
            )
            .where(AuditEntry.object_type == "aktualisasi_plan", AuditEntry.subject_user_id == ids["p1"])
            .order_by(AuditEntry.id)
        ).all()
    assert [tuple(a) for a in audited] == [
        ("aktualisasi.submit", ids["p1"], "draft", "submitted"),
        ("aktualisasi.return", ids["coach_a"], "submitted", "returned_by_coach"),
        ("aktualisasi.submit", ids["p1"], "returned_by_coach", "submitted"),
        ("aktualisasi.accept", ids["coach_a"], "submitted", "accepted_by_coach"),
        ("aktualisasi.approve", ids["mentor_m"], "accepted_by_coach", "approved_by_mentor"),
    ]
    # Participant, coach and mentor each read and compare the versions.
    for client in (participant, coach, mentor):
        assert "Pendaftaran manual: 120 pasien/hari" in client.get(f"{review}/versi/2").get_data(as_text=True)
        diff = client.get(f"{review}/banding?dari=1&ke=2").get_data(as_text=True)
        assert "Belum ada nomor antrean" in diff and "diff-del" in diff and "diff-add" in diff


def test_a_stale_tab_cannot_overwrite_a_newer_section_and_keeps_what_was_typed(plan_world):
    participant = plan_world.client("p1")
    url = f"{EDITOR}/bagian/penyebab"
    assert post(participant, url, causes_data(0, ("Dari ponsel",)), token_from=EDITOR).status_code == 302
    stale = post(participant, url, causes_data(0, ("Dari laptop yang lama terbuka",)), token_from=EDITOR)
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "sudah diubah di tab atau perangkat lain" in html
    assert "Dari ponsel" in html and "Dari laptop yang lama terbuka" in html  # both texts
    assert re.search(
        r'id="revision" name="revision" type="hidden" value="1"', html
    )  # a new save replaces it, knowingly
    with plan_world.app.app_context():
        plan = db.session.scalar(select(Plan).where(Plan.user_id == plan_world.ids["p1"]))
        assert {s.key: s.data for s in plan.sections}["penyebab"] == {"causes": ["Dari ponsel"]}
    again = post(participant, url, causes_data(1, ("Dari laptop yang lama terbuka",)), token_from=EDITOR)
    assert again.status_code == 302


def test_a_stale_activity_save_is_refused_too(plan_world):
    participant = plan_world.client("p1")
    assert post(participant, f"{EDITOR}/kegiatan", activity_data(), token_from=EDITOR).status_code == 302
    with plan_world.app.app_context():
        activity_id = db.session.scalar(select(Plan).where(Plan.user_id == plan_world.ids["p1"])).activities[0].id
    url = f"{EDITOR}/kegiatan/{activity_id}"
    assert post(participant, url, activity_data(1, "Versi baru"), token_from=EDITOR).status_code == 302
    stale = post(participant, url, activity_data(1, "Versi tab lama"), token_from=EDITOR)
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "Versi baru" in html and "Versi tab lama" in html


def test_bad_input_gets_an_indonesian_message_and_keeps_what_was_typed(plan_world):
    participant = plan_world.client("p1")
    data = activity_data(title="Sosialisasi antrean daring", start=12, end=4)
    refused = post(participant, f"{EDITOR}/kegiatan", data, token_from=EDITOR)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Hari selesai tidak boleh sebelum hari mulai." in html and "Sosialisasi antrean daring" in html
    out_of_range = post(participant, f"{EDITOR}/kegiatan", activity_data(start=1, end=31), token_from=EDITOR)
    assert out_of_range.status_code == 422 and "Hari ke-1 sampai ke-30." in out_of_range.get_data(as_text=True)
    bad_score = issues_data()
    bad_score["candidates-0-score_aktual"] = "9"
    assert post(participant, f"{EDITOR}/bagian/isu", bad_score, token_from=EDITOR).status_code == 422
    with plan_world.app.app_context():
        assert db.session.scalar(select(Plan).where(Plan.user_id == plan_world.ids["p1"])) is None


def test_an_incomplete_plan_is_not_submitted_and_says_what_is_missing(plan_world):
    participant = plan_world.client("p1")
    post(participant, f"{EDITOR}/bagian/isu", issues_data(issues=[]), token_from=EDITOR)
    post(
        participant,
        f"{EDITOR}/bagian/gagasan",
        {"revision": "0", "title": "Judul saja", "description": ""},
        token_from=EDITOR,
    )
    refused = act(participant, f"{EDITOR}/ajukan", "submit", "draft")
    html = participant.get(refused.headers["Location"]).get_data(as_text=True)
    assert "sedikitnya 2 calon isu" in html and "Kegiatan: tambahkan sedikitnya satu kegiatan." in html
    assert _plan(plan_world.app, plan_world.ids["p1"]).state == "draft"


def test_the_pen_is_the_participants_only_while_drafting_or_returned(plan_world):
    participant = plan_world.client("p1")
    write_complete_plan(participant)
    act(participant, f"{EDITOR}/ajukan", "submit", "draft")
    refused = post(participant, f"{EDITOR}/bagian/penyebab", causes_data(1, ("Diubah diam-diam",)), token_from=EDITOR)
    assert refused.status_code == 302
    html = participant.get(refused.headers["Location"]).get_data(as_text=True)
    assert "tidak dapat diubah sekarang" in html and "Diubah diam-diam" not in html
    assert 'action="/aktualisasi/rancangan/bagian/penyebab"' not in html  # read-only view, no forms


def test_a_double_submit_lands_once(plan_world):
    participant = plan_world.client("p1")
    write_complete_plan(participant)
    assert act(participant, f"{EDITOR}/ajukan", "submit", "draft").status_code == 302
    second = act(participant, f"{EDITOR}/ajukan", "submit", "draft")  # the same button, pressed again
    assert "tindakan itu tidak dijalankan" in participant.get(second.headers["Location"]).get_data(as_text=True)
    with plan_world.app.app_context():
        assert db.session.scalar(select(PlanVersion.number).order_by(PlanVersion.number.desc()).limit(1)) == 1
        assert len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "aktualisasi.submit")).all()) == 1


@pytest.fixture
def before_aktualisasi(app):
    """The revision before 0018_aktualisasi; the database is brought back to the head afterwards."""
    from alembic.script import ScriptDirectory
    from flask_migrate import upgrade

    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        previous = ScriptDirectory.from_config(config).get_revision("0018_aktualisasi").down_revision
    yield previous
    with app.app_context():
        db.session.remove()
        upgrade()


def test_the_migration_goes_down_and_up_again(app, before_aktualisasi):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import inspect

    tables = {
        "aktualisasi_plans",
        "aktualisasi_sections",
        "aktualisasi_activities",
        "aktualisasi_versions",
        "aktualisasi_comments",
    }
    with app.app_context():
        db.session.remove()
        downgrade(revision=before_aktualisasi)
        assert tables.isdisjoint(inspect(db.engine).get_table_names())
        upgrade(revision="0018_aktualisasi")
        assert tables <= set(inspect(db.engine).get_table_names())
