"""A coach's and a mentor's home counts what waits for their word (plans, log entries, reports), each count a link
to its part of /aktualisasi/antrean, with an empty state; a widyaiswara who coaches no one gets no card."""

from datetime import date

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.habituation.models import LogEntry, PlanChange
from lms.report.models import AktualisasiReport
from tests.helpers.aktualisasi import EDITOR, act, write_complete_plan


def test_the_mentor_sees_entries_and_reports_waiting_with_links(app, log_world):
    with app.app_context():
        for n in range(3):
            db.session.add(
                LogEntry(user_id=log_world.ids["p1"], activity_id=log_world.activity_id, day=log_world.day, done=f"{n}")
            )
        db.session.add(AktualisasiReport(user_id=log_world.ids["p1"], state="checked_by_coach"))
        db.session.commit()
    home = log_world.client("mentor_m").get("/").get_data(as_text=True)
    assert "Menunggu Anda" in home
    assert '<a href="/aktualisasi/antrean#entri">3 entri menunggu konfirmasi</a>' in home
    assert '<a href="/aktualisasi/antrean#laporan">1 laporan menunggu persetujuan Anda</a>' in home
    queue = log_world.client("mentor_m").get("/aktualisasi/antrean").get_data(as_text=True)
    assert 'id="entri"' in queue and 'id="laporan"' in queue and "3 entri menunggu konfirmasi" in queue
    coach = log_world.client("coach_a").get("/").get_data(as_text=True)
    assert '<a href="/aktualisasi/antrean#entri">3 entri menunggu komentar Anda</a>' in coach
    assert "laporan menunggu" not in coach  # checked already: the mentor's turn


def test_a_proposed_change_counts_for_whoever_has_not_agreed_yet(app, log_world):
    with app.app_context():
        for coach_agreed in (None, utcnow()):
            db.session.add(
                PlanChange(
                    user_id=log_world.ids["p1"],
                    activity_id=log_world.activity_id,
                    proposed={"title": "Baru"},
                    before={"title": "Lama"},
                    coach_agreed_at=coach_agreed,
                )
            )
        db.session.add(PlanChange(user_id=log_world.ids["p1"], activity_id=log_world.activity_id, state="refused"))
        db.session.commit()
    link = '<a href="/aktualisasi/antrean#perubahan">{} usulan perubahan rancangan menunggu keputusan Anda</a>'
    assert link.format(2) in log_world.client("mentor_m").get("/").get_data(as_text=True)
    assert link.format(1) in log_world.client("coach_a").get("/").get_data(as_text=True)
    queue = log_world.client("coach_a").get("/aktualisasi/antrean").get_data(as_text=True)
    assert 'id="perubahan"' in queue


def test_the_coach_sees_plans_to_review_and_an_empty_state_otherwise(plan_world):
    coach_b = plan_world.client("coach_b").get("/").get_data(as_text=True)
    assert "Tidak ada rancangan, entri log, atau laporan yang menunggu Anda." in coach_b
    participant = plan_world.client("p2")
    write_complete_plan(participant)
    act(participant, f"{EDITOR}/ajukan", "submit", "draft")
    coach_b = plan_world.client("coach_b").get("/").get_data(as_text=True)
    assert '<a href="/aktualisasi/antrean#rancangan">1 rancangan menunggu tinjauan Anda</a>' in coach_b
    queue = plan_world.client("coach_b").get("/aktualisasi/antrean").get_data(as_text=True)
    assert 'id="rancangan"' in queue and f"/aktualisasi/peserta/{plan_world.ids['p2']}" in queue
    mentor_n = plan_world.client("mentor_n").get("/").get_data(as_text=True)
    assert "Tidak ada rancangan, entri log, atau laporan yang menunggu Anda." in mentor_n


def test_no_card_for_a_teacher_who_coaches_no_one_nor_for_a_coordinator(plan_world):
    for who in ("teacher", "coordinator"):
        assert "Menunggu Anda" not in plan_world.client(who).get("/").get_data(as_text=True)


def test_the_counts_are_a_fixed_number_of_statements(app, log_world, count_queries):
    from lms.auth.models import User
    from lms.home.waiting import waiting_today

    counts = []
    for extra in (1, 30):
        with app.app_context():
            for n in range(extra):
                db.session.add(
                    LogEntry(
                        user_id=log_world.ids["p1"], activity_id=log_world.activity_id, day=date.today(), done=f"{n}"
                    )
                )
            db.session.commit()
            mentor = db.session.get(User, log_world.ids["mentor_m"])
            with count_queries() as counted:
                waiting = waiting_today(mentor)
            counts.append(counted.count)
    assert waiting.entries == 31 and counts[0] == counts[1]
