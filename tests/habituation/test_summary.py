"""The interface the report reads (lms.habituation.summary): confirmed entries only, in order, with their
evidence, in a fixed number of statements."""

from datetime import date, timedelta

from lms.aktualisasi.editing import add_activity, plan_of
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.photos import Evidence
from lms.habituation.models import LogEntry, LogEvidence
from lms.habituation.summary import LogEvidence as SummaryEvidence
from lms.habituation.summary import LogItem, confirmed_log


def _entry(user_id, activity_id, step, day, state="confirmed", files=0):
    entry = LogEntry(
        user_id=user_id,
        activity_id=activity_id,
        step=step,
        day=day,
        done=f"kerja {day} {step}",
        values={"akuntabel": "tercatat"},
        obstacles="",
        state=state,
        confirmed_at=utcnow() if state == "confirmed" else None,
    )
    for n in range(files):
        entry.evidence.append(
            LogEvidence(
                key=f"habituasi/2026/12/k{day:%d}{n}", filename=f"f{n}.jpg", content_type="image/jpeg", caption="c"
            )
        )
    db.session.add(entry)
    return entry


def test_confirmed_log_in_order_with_evidence_and_bounded_statements(app, log_world, count_queries):
    p1 = log_world.ids["p1"]
    with app.app_context():
        plan = plan_of(p1)
        second = add_activity(
            plan, {"title": "Kedua", "steps": ["a"], "output": "", "start_day": 6, "end_day": 9, "values": {}}
        )
        first_id = log_world.activity_id
        day = date(2026, 11, 16)
        _entry(p1, second.id, None, day, files=1)
        _entry(p1, first_id, 2, day + timedelta(days=1), files=2)
        _entry(p1, first_id, 1, day + timedelta(days=2))
        _entry(p1, first_id, None, day + timedelta(days=3))
        _entry(p1, first_id, 1, day, state="waiting")
        _entry(p1, first_id, 1, day, state="questioned")
        db.session.commit()
        with count_queries() as few:
            items = confirmed_log(p1)
        assert [(i.activity_id, i.step) for i in items] == [
            (first_id, None),
            (first_id, 1),
            (first_id, 2),
            (second.id, None),
        ]
        assert isinstance(items[0], LogItem) and items[0].confirmed_at.tzinfo is not None
        assert items[2].evidence == (
            SummaryEvidence("habituasi/2026/12/k170", "f0.jpg", "image/jpeg", "c"),
            SummaryEvidence("habituasi/2026/12/k171", "f1.jpg", "image/jpeg", "c"),
        )
        for n in range(20):
            _entry(p1, first_id, 1, day + timedelta(days=n), files=2)
        db.session.commit()
        with count_queries() as many:
            assert len(confirmed_log(p1)) == 24
        assert many.count == few.count <= 2
        assert confirmed_log(log_world.ids["p2"]) == []
    assert Evidence  # the evidence type the summary's keys come from
