"""The seminar rancangan's transitions (schedule_seminar, score, ask_revisions, submit_revision, approve_plan):
through the database with the real rules, and with real requests (CSRF on): the plan page refuses scheduling and
scoring (the seminar's pages do them, tested here with real requests too), after the seminar only its own penguji
decides, the penguji's view of the plan and its buttons, the participant's revision."""

import pytest
from sqlalchemy import select

from lms.aktualisasi import editing
from lms.aktualisasi.models import Plan, PlanComment, PlanVersion
from lms.aktualisasi.transitions import transition
from lms.aktualisasi.workflow import WorkflowError
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from tests.helpers.aktualisasi import EDITOR, act, causes_data, plan_approved_by_mentor
from tests.helpers.web import post

# Every criterion of the seminar rancangan's rubric at its top level.
TOP_LEVELS = {"kriteria-0": "4", "kriteria-1": "4", "kriteria-2": "4", "kriteria-3": "4"}


@pytest.fixture
def approved(plan_world):
    """p1's plan approved by their mentor, waiting for the seminar rancangan."""
    with plan_world.app.app_context():
        ids = plan_world.ids
        plan_approved_by_mentor(ids["p1"], ids["coach_a"], ids["mentor_m"])
        db.session.commit()
    return plan_world


def _state(world) -> str:
    with world.app.app_context():
        return db.session.scalar(select(Plan.state).where(Plan.user_id == world.ids["p1"]))


def _audited(world, since: int = 0) -> list[tuple]:
    with world.app.app_context():
        rows = db.session.execute(
            select(AuditEntry.action, AuditEntry.actor_id, AuditEntry.details["new"].as_string())
            .where(AuditEntry.object_type == "aktualisasi_plan", AuditEntry.id > since)
            .order_by(AuditEntry.id)
        ).all()
        return [tuple(r) for r in rows]


def _last_audit_id(world) -> int:
    with world.app.app_context():
        return db.session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)) or 0


def test_the_seminar_path_through_the_database(approved):
    ids = approved.ids
    examiner = ids["examiner"]
    with approved.app.app_context():
        plan = editing.plan_of(ids["p1"])
        transition(plan, "schedule_seminar", {"coordinator"}, actor_id=ids["coordinator"])
        with pytest.raises(WorkflowError) as early:  # the penguji decides only after scoring
            transition(plan, "approve_plan", {"penguji"}, actor_id=examiner, role="penguji")
        assert early.value.kind == "state"
        transition(plan, "score", {"penguji"}, actor_id=examiner, role="penguji")
        with pytest.raises(WorkflowError) as silent:
            transition(plan, "ask_revisions", {"penguji"}, actor_id=examiner, role="penguji", comments={"umum": " "})
        assert silent.value.kind == "input"
        with pytest.raises(WorkflowError) as not_theirs:
            transition(plan, "ask_revisions", {"coach", "mentor", "coordinator"}, actor_id=ids["coach_a"])
        assert not_theirs.value.kind == "role"
        transition(
            plan,
            "ask_revisions",
            {"penguji"},
            actor_id=examiner,
            role="penguji",
            comments={"gagasan": "Tambahkan target waktu layanan."},
        )
        assert plan.state == "revisions_asked" and editing.can_edit(plan.state)
        editing.save_section(plan, "gagasan", {"title": "Antrean daring", "description": "Target 15 menit."}, 1)
        with pytest.raises(WorkflowError) as by_penguji:
            transition(plan, "submit_revision", {"penguji"}, actor_id=examiner)
        assert by_penguji.value.kind == "role"
        revised = transition(plan, "submit_revision", {"participant"}, actor_id=ids["p1"])
        assert not editing.can_edit(plan.state)
        final = transition(plan, "approve_plan", {"penguji"}, actor_id=examiner, role="penguji")
        db.session.commit()

        assert plan.state == "approved"
        assert revised.snapshot["gagasan"]["description"] == "Target 15 menit."
        assert final.snapshot == revised.snapshot
        versions = db.session.execute(
            select(PlanVersion.number, PlanVersion.action, PlanVersion.state)
            .where(PlanVersion.plan_id == plan.id)
            .order_by(PlanVersion.number)
        ).all()
        assert [tuple(v) for v in versions][-2:] == [
            (4, "submit_revision", "revision_submitted"),
            (5, "approve_plan", "approved"),
        ]
        comment = db.session.scalar(select(PlanComment).where(PlanComment.role == "penguji"))
        # The comment is kept with the version the penguji read: the one the mentor approved (3).
        assert (comment.section, comment.author_id) == ("gagasan", examiner)
        assert db.session.get(PlanVersion, comment.version_id).number == 3
    assert _audited(approved)[-5:] == [
        ("aktualisasi.schedule_seminar", ids["coordinator"], "seminar_scheduled"),
        ("aktualisasi.score", examiner, "scored"),
        ("aktualisasi.ask_revisions", examiner, "revisions_asked"),
        ("aktualisasi.submit_revision", ids["p1"], "revision_submitted"),
        ("aktualisasi.approve_plan", examiner, "approved"),
    ]


def test_the_plan_page_cannot_schedule_or_score_a_seminar(approved):
    """Scheduling and scoring belong to the seminar's pages (lms.seminar: the seminar's participants, the rubric
    scores of every scorer); the plan page shows no button for them and refuses a crafted request."""
    coordinator, examiner, p1 = approved.client("coordinator"), approved.client("examiner"), approved.ids["p1"]
    page = f"/aktualisasi/peserta/{p1}"
    html = coordinator.get(page).get_data(as_text=True)
    assert "Disetujui mentor" in html and 'value="schedule_seminar"' not in html
    assert "daftarkan peserta di halaman seminar angkatan" in html  # where the coordinator goes instead
    before = _last_audit_id(approved)
    assert act(coordinator, f"{page}/tindakan", "schedule_seminar", "approved_by_mentor").status_code == 403
    assert _state(approved) == "approved_by_mentor" and _audited(approved, before) == []
    with approved.app.app_context():
        transition(editing.plan_of(p1), "schedule_seminar", {"coordinator"}, actor_id=approved.ids["coordinator"])
        db.session.commit()
    before = _last_audit_id(approved)
    html = examiner.get(page).get_data(as_text=True)
    assert 'value="score"' not in html and "Nilai seminar rancangan dengan rubrik di halaman seminar" in html
    for who in ("examiner", "coordinator"):
        assert act(approved.client(who), f"{page}/tindakan", "score", "seminar_scheduled").status_code == 403
        assert (
            act(approved.client(who), f"{page}/tindakan", "unschedule_seminar", "seminar_scheduled").status_code == 403
        )
    assert _state(approved) == "seminar_scheduled" and _audited(approved, before) == []


@pytest.mark.parametrize("who", ["coach_a", "mentor_m", "coordinator"])
def test_only_the_penguji_decides_after_the_seminar(approved, who):
    p1 = approved.ids["p1"]
    with approved.app.app_context():
        plan = editing.plan_of(p1)
        transition(plan, "schedule_seminar", {"coordinator"}, actor_id=approved.ids["coordinator"])
        transition(plan, "score", {"penguji"}, actor_id=approved.ids["examiner"], role="penguji")
        db.session.commit()
    refused = act(approved.client(who), f"/aktualisasi/peserta/{p1}/tindakan", "approve_plan", "scored")
    assert refused.status_code == 403
    assert _state(approved) == "scored"


def test_the_penguji_reads_the_plan_then_scores_asks_revisions_and_approves(approved):
    examiner, p1 = approved.client("examiner"), approved.ids["p1"]
    page = f"/aktualisasi/peserta/{p1}"
    read_only = examiner.get(page)
    html = read_only.get_data(as_text=True)
    assert read_only.status_code == 200 and read_only.headers["Cache-Control"] == "no-store"
    assert "Antrean daring" in html and "Disetujui mentor" in html
    assert 'name="action"' not in html  # nothing for the penguji to do before the seminar
    with approved.app.app_context():
        transition(editing.plan_of(p1), "schedule_seminar", {"coordinator"}, actor_id=approved.ids["coordinator"])
        db.session.commit()
    assert 'name="action"' not in examiner.get(page).get_data(as_text=True)  # the seminar's scoring page scores
    with approved.app.app_context():  # as lms.seminar.scoring does once every scorer has submitted
        transition(editing.plan_of(p1), "score", {"penguji"}, actor_id=approved.ids["examiner"], role="penguji")
        db.session.commit()
    html = examiner.get(page).get_data(as_text=True)
    assert "Minta revisi" in html and "Sahkan rancangan" in html and 'name="komentar_umum"' in html

    silent = act(examiner, f"{page}/tindakan", "ask_revisions", "scored")
    assert silent.status_code == 422
    assert "Tulis sedikitnya satu komentar" in silent.get_data(as_text=True)
    assert _state(approved) == "scored"
    asked = act(examiner, f"{page}/tindakan", "ask_revisions", "scored", umum="Pertajam output kegiatan 1.")
    assert asked.status_code == 302 and _state(approved) == "revisions_asked"

    participant = approved.client("p1")
    html = participant.get(EDITOR).get_data(as_text=True)
    assert "Pertajam output kegiatan 1." in html and "Penguji meminta revisi" in html
    saved = post(
        participant, f"{EDITOR}/bagian/penyebab", causes_data(2, ("Antrean 120 pasien/pagi",)), token_from=EDITOR
    )
    assert saved.status_code == 302
    assert act(participant, f"{EDITOR}/ajukan", "submit_revision", "revisions_asked").status_code == 302
    assert _state(approved) == "revision_submitted"

    assert act(examiner, f"{page}/tindakan", "approve_plan", "revision_submitted").status_code == 302
    assert _state(approved) == "approved"
    assert "Rancangan aktualisasi Anda disahkan" in participant.get(EDITOR).get_data(as_text=True)
    ids = approved.ids
    assert [a for a, _who, _new in _audited(approved)][-4:] == [
        "aktualisasi.score",
        "aktualisasi.ask_revisions",
        "aktualisasi.submit_revision",
        "aktualisasi.approve_plan",
    ]
    with approved.app.app_context():
        comment = db.session.scalar(select(PlanComment).where(PlanComment.role == "penguji"))
        assert (comment.section, comment.author_id) == ("umum", ids["examiner"])


def test_a_crafted_scheduling_with_a_comment_is_refused_not_a_server_error(approved):
    coordinator, p1 = approved.client("coordinator"), approved.ids["p1"]
    done = act(coordinator, f"/aktualisasi/peserta/{p1}/tindakan", "schedule_seminar", "approved_by_mentor", umum="x")
    assert done.status_code == 403 and _state(approved) == "approved_by_mentor"
    with approved.app.app_context():
        assert db.session.scalar(select(PlanComment).where(PlanComment.body == "x")) is None


def _place(world):
    """The coordinator places p1 in seminar S from the seminar's page (a real request)."""
    url = f"/seminar/{world.ids['seminar']}"
    return post(world.client("coordinator"), f"{url}/peserta", {"enrolment_id": world.ids["e1"]}, token_from=url)


def _score(world, who: str = "penguji"):
    """`who` submits a complete rubric score for p1 on seminar S's scoring page (a real request)."""
    url = f"/seminar/{world.ids['seminar']}/penilaian/{world.ids['e1']}"
    data = {**TOP_LEVELS, "notes": "Paparan jelas.", "action": "kirim"}
    return post(world.client(who), url, data, token_from=f"/seminar/{world.ids['seminar']}/penilaian")


def test_scheduled_and_scored_only_through_the_seminar_pages(seminar_world):
    """Placing p1 in seminar S moves the plan to seminar_scheduled; nobody but S's penguji reaches the scoring
    page (the coach, the mentor, another seminar's penguji: 404; the coordinator: not a scorer's page); the
    penguji's locked rubric score moves it to 'scored'. Each transition audited once, by who did it."""
    ids, before = seminar_world.ids, _last_audit_id(seminar_world)
    assert _place(seminar_world).status_code == 302
    assert _state(seminar_world) == "seminar_scheduled"
    for who in ("coach_a", "mentor_m", "other_penguji"):
        assert _score(seminar_world, who).status_code == 404, who
    assert _score(seminar_world, "coordinator").status_code == 403
    assert _state(seminar_world) == "seminar_scheduled"
    assert _score(seminar_world).status_code == 302
    assert _state(seminar_world) == "scored"
    assert _audited(seminar_world, before) == [
        ("aktualisasi.schedule_seminar", ids["coordinator"], "seminar_scheduled"),
        ("aktualisasi.score", ids["penguji"], "scored"),
    ]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coach_a", 403),  # reads the plan, decides nothing after the seminar
        ("mentor_m", 403),
        ("coordinator", 403),
        ("examiner", 404),  # examined p1 before; replaced by S's penguji when the coordinator placed p1 in S
        ("other_penguji", 404),  # examines another seminar rancangan of the same angkatan
    ],
)
@pytest.mark.parametrize("action", ["ask_revisions", "approve_plan"])
def test_after_the_seminar_only_its_own_penguji_decides(seminar_world, who, status, action):
    assert _place(seminar_world).status_code == 302 and _score(seminar_world).status_code == 302
    url = f"/aktualisasi/peserta/{seminar_world.ids['p1']}/tindakan"
    before = _last_audit_id(seminar_world)
    refused = act(seminar_world.client(who), url, action, "scored", umum="Perjelas target waktu layanan.")
    assert refused.status_code == status
    assert _state(seminar_world) == "scored" and _audited(seminar_world, before) == []
    done = act(seminar_world.client("penguji"), url, action, "scored", umum="Perjelas target waktu layanan.")
    assert done.status_code == 302
    expected = "revisions_asked" if action == "ask_revisions" else "approved"
    assert _audited(seminar_world, before) == [(f"aktualisasi.{action}", seminar_world.ids["penguji"], expected)]
