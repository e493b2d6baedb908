"""The homes of a mentor, a widyaiswara who coaches or examines, and an instansi viewer: what each must look at
today, only their own people (the scope rules of lms.people.access), with real requests."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.people.models import SeminarExaminer
from lms.phases.models import Phase, PhaseCompletion
from tests.factories import (
    make_angkatan,
    make_instansi,
    make_instansi_viewer,
    make_instructor,
    make_mentor,
    make_participant,
    wib_today,
)
from tests.helpers.web import client_for, csrf_token


def _days(first: int, last: int):
    today = wib_today()
    return today + timedelta(days=first), today + timedelta(days=last)


@pytest.fixture
def world(app):
    """Angkatan 72: the MOOC closed ten days ago, PJJ open since nine days. Dina has not completed the MOOC
    (PJJ is locked although open: attention), Eko has. Angkatan 73: the MOOC closed yesterday and Fajar has
    not completed it (late: attention). Angkatan 74: the MOOC is open; Gita is fine.
    Mentor M guides Dina, Eko and Fajar; mentor N Gita; mentor K nobody. Widyaiswara T coaches Dina and Eko,
    examines Gita's rancangan since now and Fajar's aktualisasi only from tomorrow; widyaiswara U teaches 72
    and has no relation. Viewer V follows Pemkot Tangerang (Dina, Eko, Fajar), viewer W Pemkot Cilegon (Gita)."""
    with app.app_context():
        db.session.scalar(select(Phase).where(Phase.code == "mooc")).requires_completion = True
        tangerang, cilegon = make_instansi("Pemerintah Kota Tangerang"), make_instansi("Pemerintah Kota Cilegon")
        a72 = make_angkatan(tangerang, 72, schedule=[_days(-30, -10), _days(-9, 10), _days(11, 40), _days(41, 47)])
        a73 = make_angkatan(tangerang, 73, schedule=[_days(-20, -1), _days(5, 20)])
        a74 = make_angkatan(tangerang, 74, schedule=[_days(-3, 12), _days(13, 30)])
        dina, eko = make_participant(a72, name="Dina Marlina"), make_participant(a72, name="Eko Prasetyo")
        fajar = make_participant(a73, name="Fajar Nugroho")
        gita = make_participant(a74, instansi=cilegon, name="Gita Savitri")
        mooc = db.session.scalar(select(Phase.id).where(Phase.code == "mooc"))
        db.session.add(PhaseCompletion(user_id=eko.id, phase_id=mooc, source="quiz"))
        mentor_m, mentor_n, mentor_k = make_mentor(dina, eko, fajar), make_mentor(gita), make_mentor()
        coach, teacher = make_instructor(name="Teguh Widyaiswara"), make_instructor(a72)
        dina.enrolment.coach_id = eko.enrolment.coach_id = coach.id
        db.session.add_all(
            [
                SeminarExaminer(enrolment_id=gita.enrolment.id, examiner_id=coach.id, kind="rancangan"),
                SeminarExaminer(
                    enrolment_id=fajar.enrolment.id,
                    examiner_id=coach.id,
                    kind="aktualisasi",
                    assigned_at=utcnow() + timedelta(days=1),
                ),
            ]
        )
        viewer_v, viewer_w = make_instansi_viewer(tangerang), make_instansi_viewer(cilegon)
        db.session.commit()
        people = dict(dina=dina, eko=eko, fajar=fajar, gita=gita)
        logins = dict(m=mentor_m, n=mentor_n, k=mentor_k, coach=coach, teacher=teacher, v=viewer_v, w=viewer_w)
        return {**{k: v.id for k, v in people.items()}, **{k: v.nip for k, v in logins.items()}}


def _home(app, nip: str) -> str:
    response = client_for(app, nip).get("/")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_data(as_text=True)


def _record(user_id: int) -> str:
    return f'href="/orang/peserta/{user_id}"'


def test_a_mentor_sees_their_mentees_those_needing_attention_first(app, world):
    page = _home(app, world["m"])
    assert "Peserta bimbingan Anda hari ini" in page
    assert _record(world["dina"]) in page and _record(world["eko"]) in page and _record(world["fajar"]) in page
    assert _record(world["gita"]) not in page
    # Dina (PJJ locked since it opened) and Fajar (MOOC closed, not completed) come before Eko (PJJ open)
    assert page.index(_record(world["dina"])) < page.index(_record(world["eko"]))
    assert page.index(_record(world["fajar"])) < page.index(_record(world["eko"]))
    assert "Fase Pembelajaran Jarak Jauh sudah dibuka" in page and "tetapi masih terkunci" in page
    assert "Lulus semua evaluasi wajib fase MOOC." in page  # the lock reason, by the gating rule
    assert "Fase MOOC ditutup" in page and "terlambat" in page and "terbuka" in page
    assert "2 peserta perlu perhatian" in page


def test_each_mentor_sees_only_their_own_and_an_empty_home_says_what_comes(app, world):
    page = _home(app, world["n"])
    assert _record(world["gita"]) in page
    assert all(_record(world[p]) not in page for p in ("dina", "eko", "fajar"))
    assert "Semua peserta bimbingan Anda sesuai jadwal." in page
    empty = _home(app, world["k"])
    assert "Belum ada peserta yang ditugaskan kepada Anda sebagai mentor" in empty
    assert "/orang/peserta/" not in empty


def test_a_mentor_home_takes_the_same_queries_for_three_mentees_as_for_thirteen(app, world, count_queries):
    client = client_for(app, world["m"])
    client.get("/")
    with count_queries() as few:
        assert client.get("/").status_code == 200
    with app.app_context():
        from lms.auth.models import User

        mentor = db.session.scalar(select(User).where(User.nip == world["m"]))
        angkatan = db.session.get(User, world["dina"]).enrolment.angkatan
        for _ in range(10):
            person = make_participant(angkatan)
            person.enrolment.mentor_id = mentor.id
        db.session.commit()
    with count_queries() as many:
        page = client.get("/").get_data(as_text=True)
    assert page.count('href="/orang/peserta/') == 13
    assert many.count == few.count


def test_a_coach_and_penguji_gets_bimbingan_hari_ini_above_the_staff_home(app, world):
    page = _home(app, world["coach"])
    part = page[page.index("Bimbingan hari ini") : page.index("Angkatan yang Anda ajar")]
    assert "Peserta coaching yang perlu perhatian" in part
    assert _record(world["dina"]) in part  # locked past its opening
    assert _record(world["eko"]) not in part  # on schedule
    assert "Seminar yang Anda uji" in part and _record(world["gita"]) in part and "rancangan aktualisasi" in part
    assert _record(world["fajar"]) not in part  # examiner only from tomorrow
    assert "laporan aktualisasi" not in part


def test_an_instructor_without_relations_gets_the_plain_staff_home(app, world):
    page = _home(app, world["teacher"])
    assert "Bimbingan hari ini" not in page and "Angkatan 72" in page


def test_the_viewer_home_summarises_their_employees_only(app, world):
    page = _home(app, world["v"])
    assert "3 pegawai sedang mengikuti Latsar." in page and "2 perlu perhatian" in page
    assert "Angkatan 72" in page and "Angkatan 73" in page and "Angkatan 74" not in page
    assert "Pembelajaran Jarak Jauh: 2" in page and "MOOC: 1" in page
    angkatan_72 = page[page.index("Angkatan 72") : page.index("Angkatan 73")]
    assert "2 pegawai" in angkatan_72 and "1 perlu perhatian" in angkatan_72  # Dina, not Eko
    assert 'href="/dasbor/pegawai"' in page and 'action="/dasbor/pegawai/ekspor.xlsx"' in page
    assert "Dina Marlina" not in page  # a summary: names are on /dasbor/pegawai
    other = _home(app, world["w"])
    assert "1 pegawai sedang mengikuti Latsar." in other and "Angkatan 74" in other and "Angkatan 72" not in other
    assert "Tidak ada yang perlu perhatian hari ini." in other


def test_the_export_on_the_viewer_home_posts_with_its_csrf_token(app, world):
    client = client_for(app, world["v"])
    assert client.post("/dasbor/pegawai/ekspor.csv").status_code == 400
    response = client.post("/dasbor/pegawai/ekspor.csv", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 200 and "Dina Marlina" in response.get_data(as_text=True)
    assert "Gita Savitri" not in response.get_data(as_text=True)


def test_a_viewer_without_employees_gets_an_empty_state(app):
    with app.app_context():
        nip = make_instansi_viewer(make_instansi("Pemerintah Kabupaten Serang")).nip
        db.session.commit()
    assert "Belum ada pegawai instansi Anda yang terdaftar" in _home(app, nip)


def test_the_homes_read_in_english_once_chosen(app, world):
    client = client_for(app, world["m"])
    client.post("/bahasa", data={"language": "en", "next": "/", "csrf_token": csrf_token(client, "/")})
    page = client.get("/").get_data(as_text=True)
    assert "Your mentees today" in page and "2 participants need attention; they are at the top." in page
    assert "opened on" in page and "but is still locked." in page and "late" in page
    viewer = client_for(app, world["v"])
    viewer.post("/bahasa", data={"language": "en", "next": "/", "csrf_token": csrf_token(viewer, "/")})
    page = viewer.get("/").get_data(as_text=True)
    assert "3 employees are taking Latsar." in page and "2 need attention" in page
