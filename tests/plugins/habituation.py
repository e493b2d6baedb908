"""Fixtures for the habituation log: the plan world with p1's plan approved and its angkatan in aktualisasi."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from lms.aktualisasi.editing import plan_of
from lms.core.extensions import db
from lms.people.models import Enrolment
from tests.helpers.habituation import approve_plan, last_workday, schedule_aktualisasi


@dataclass
class LogWorld:
    plan_world: object
    activity_id: int
    day: date  # a workday inside the period, not after today
    opens: date
    closes: date

    @property
    def ids(self):
        return self.plan_world.ids

    def client(self, who: str):
        return self.plan_world.client(who)


@pytest.fixture
def log_world(app, plan_world) -> LogWorld:
    """p1 (coach A, mentor M) with an approved plan (one activity, two steps); p2 (coach B, mentor N) still in
    draft; their angkatan's aktualisasi phase opened 20 days ago and closes in 30."""
    with app.app_context():
        ids = plan_world.ids
        approve_plan(ids["p1"], ids["coach_a"], ids["mentor_m"], ids["examiner"])
        angkatan_id = db.session.scalar(db.select(Enrolment.angkatan_id).where(Enrolment.user_id == ids["p1"]))
        opens, closes = date.today() - timedelta(days=20), date.today() + timedelta(days=30)
        schedule_aktualisasi(angkatan_id, opens, closes)
        activity_id = plan_of(ids["p1"]).activities[0].id
        db.session.commit()
    return LogWorld(plan_world, activity_id, last_workday(date.today()), opens, closes)
