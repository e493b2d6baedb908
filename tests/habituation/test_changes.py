"""Changes of plan during habituation: both coach and mentor must agree; either may refuse with a reason; the
applied change keeps the plan's history as a version, and entries on a removed step stay valid."""

from sqlalchemy import select

from lms.aktualisasi.models import PlanActivity, PlanVersion
from lms.core.extensions import db
from lms.habituation.models import LogEntry, PlanChange
from tests.helpers.web import post


def change_data(**extra):
    data = {
        "title": "Menyusun dan menyosialisasikan SOP",
        "steps": "Draf\nSosialisasi",
        "output": "SOP dan daftar hadir sosialisasi",
        "start_day": "1",
        "end_day": "8",
        "reason": "Kepala puskesmas meminta sosialisasi ke seluruh petugas.",
    }
    data.update(extra)
    return data


def propose(world):
    url = f"/habituasi/perubahan/{world.activity_id}"
    return post(world.client("p1"), url, change_data(), token_from=url)


def the_change(app) -> PlanChange:
    with app.app_context():
        return db.session.scalars(select(PlanChange)).one()


def decide(world, who, agree, reason=""):
    change_id = world._change_id
    url = f"/habituasi/peserta/{world.ids['p1']}"
    return post(
        world.client(who),
        f"/habituasi/perubahan/{change_id}/keputusan",
        {"agree": agree, "reason": reason},
        token_from=url,
    )


def test_change_applies_only_when_coach_and_mentor_both_agree(app, log_world):
    with app.app_context():
        db.session.add(
            LogEntry(
                user_id=log_world.ids["p1"], activity_id=log_world.activity_id, step=2, day=log_world.day, done="x"
            )
        )
        db.session.commit()
    assert propose(log_world).status_code == 302
    log_world._change_id = the_change(app).id
    assert decide(log_world, "coach_a", "ya").status_code == 302
    with app.app_context():
        assert db.session.get(PlanActivity, log_world.activity_id).title == "Menyusun SOP"  # not yet
    assert decide(log_world, "mentor_n", "ya").status_code == 404  # not their mentee
    assert decide(log_world, "mentor_m", "ya").status_code == 302
    change = the_change(app)
    assert change.state == "applied"
    with app.app_context():
        activity = db.session.get(PlanActivity, log_world.activity_id)
        assert activity.title == "Menyusun dan menyosialisasikan SOP" and activity.end_day == 8
        version = db.session.scalars(select(PlanVersion).order_by(PlanVersion.number.desc())).first()
        assert version.action == "change" and version.snapshot["kegiatan"][0]["title"] == activity.title
        assert db.session.scalars(select(LogEntry)).one().step == 2  # the logged entry stays as it was
    html = log_world.client("p1").get("/habituasi/").get_data(as_text=True)
    assert "berlaku" in html


def test_either_may_refuse_with_a_reason(app, log_world):
    propose(log_world)
    log_world._change_id = the_change(app).id
    without = decide(log_world, "mentor_m", "tidak")
    assert without.status_code == 302 and the_change(app).state == "proposed"
    assert decide(log_world, "mentor_m", "tidak", "Fokus pada SOP dulu.").status_code == 302
    assert the_change(app).state == "refused" and the_change(app).refusal == "Fokus pada SOP dulu."
    assert "Fokus pada SOP dulu." in log_world.client("p1").get("/habituasi/").get_data(as_text=True)


def test_bad_proposals_refused_with_the_text_kept(app, log_world):
    url = f"/habituasi/perubahan/{log_world.activity_id}"
    p1 = log_world.client("p1")
    days = post(p1, url, change_data(start_day="9", end_day="3", title="Judul yang diketik"), token_from=url)
    assert days.status_code == 422 and "Judul yang diketik" in days.get_data(as_text=True)
    assert post(log_world.client("p2"), url, change_data(), token_from="/").status_code == 404
