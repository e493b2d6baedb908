"""plan_states and the queue counts: right per person, in a bounded number of queries."""

from lms.aktualisasi.models import Plan
from lms.aktualisasi.overview import coach_queue_counts, mentor_queue_counts, plan_states
from lms.core.extensions import db
from tests.factories import make_angkatan, make_instansi, make_instructor, make_mentor, make_participant


def test_states_and_queues(app, count_queries):
    with app.app_context():
        angkatan = make_angkatan(make_instansi(), 1)
        people = [make_participant(angkatan) for _ in range(5)]
        coach_a, coach_b = make_instructor(), make_instructor()
        mentor = make_mentor(*people[:3])
        for n, p in enumerate(people):
            p.enrolment.coach_id = (coach_a if n < 3 else coach_b).id
        states = ["submitted", "submitted", "accepted_by_coach", "submitted"]
        for p, state in zip(people, states, strict=False):
            db.session.add(Plan(user_id=p.id, state=state))
        db.session.commit()
        ids, a, b, m = [p.id for p in people], coach_a.id, coach_b.id, mentor.id
        counter = count_queries()
        with counter:
            found = plan_states(ids)
            coaches = coach_queue_counts([a, b])
            mentors = mentor_queue_counts([m])
        assert found == dict(zip(ids, [*states, "draft"], strict=True))
        assert coaches == {a: 2, b: 1}
        assert mentors == {m: 1}
        assert counter.count == 3
        assert plan_states([]) == {}
