"""Fixtures for the laporan aktualisasi: the plan world's p1 with a plan approved at its seminar, a penguji of
the seminar aktualisasi, and the habituation log (another feature's) fed through `confirmed_log`."""

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from lms.aktualisasi.models import Plan, PlanActivity
from lms.core.extensions import db
from lms.habituation import summary
from lms.people.models import Enrolment, SeminarExaminer
from tests.factories import make_instructor
from tests.helpers.report import log_items, plan_fully_approved, store_photo


@dataclass
class FakeLog:
    """The confirmed log the report reads, per participant; tests change `items` to add entries."""

    items: dict

    def __call__(self, user_id: int) -> list:
        return list(self.items.get(user_id, []))


@pytest.fixture
def fake_log(monkeypatch) -> FakeLog:
    log = FakeLog({})
    # Where lms.report looks it up (lms.report.editing reads `summary.confirmed_log` at call time).
    monkeypatch.setattr(summary, "confirmed_log", log)
    return log


@pytest.fixture
def report_world(plan_world, fake_log):
    """plan_world, with p1's plan approved (seminar rancangan passed), penguji Y assigned to p1's seminar
    aktualisasi, and p1's confirmed log: two entries of the first activity, one with a stored photo."""
    app, ids = plan_world.app, plan_world.ids
    with app.app_context():
        plan_fully_approved(ids["p1"], ids["coach_a"], ids["mentor_m"], ids["examiner"])
        akt_examiner = make_instructor(name="Yusuf Penguji")
        enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == ids["p1"]))
        db.session.add(SeminarExaminer(enrolment_id=enrolment.id, examiner_id=akt_examiner.id, kind="aktualisasi"))
        plan = db.session.scalar(select(Plan).where(Plan.user_id == ids["p1"]))
        activity_id = db.session.scalar(select(PlanActivity.id).where(PlanActivity.plan_id == plan.id))
        photo = store_photo()
        db.session.commit()
        ids.update(akt_examiner=akt_examiner.id, activity=activity_id)
        plan_world.nips["akt_examiner"] = akt_examiner.nip
    fake_log.items[ids["p1"]] = log_items(activity_id, photo)
    plan_world.photo_key = photo
    plan_world.log = fake_log
    return plan_world
