"""The sikap pages as their users read them: the scorer's list (states, several instruments, angkatan not yet in
aktualisasi, empty states), the home's count, form 3G of an angkatan, each in a fixed number of statements."""

from datetime import timedelta

from sqlalchemy import delete, select

from lms.auth.models import User
from lms.core.extensions import db
from lms.people.models import AngkatanInstructor
from lms.phases.models import Phase, PhaseSchedule
from lms.program.models import ProgramVersion
from lms.sikap.listing import scorer_index, waiting_count
from tests.factories import make_instructor, make_participant, wib_today
from tests.helpers.sikap import levels, post_sheet


def _schedule_aktualisasi(angkatan_id: int, opens_in_days: int) -> None:
    phase_id = db.session.scalar(select(Phase.id).where(Phase.code == "aktualisasi"))
    opens = wib_today() + timedelta(days=opens_in_days)
    db.session.add(
        PhaseSchedule(angkatan_id=angkatan_id, phase_id=phase_id, opens_on=opens, closes_on=opens + timedelta(30))
    )
    db.session.commit()


def test_the_list_shows_each_state_and_score(sikap_world):
    w, coach = sikap_world, sikap_world.client("c")
    assert post_sheet(coach, w.ids["p1"], "3C", chosen=levels("3C", k0="3")).status_code == 302
    assert post_sheet(coach, w.ids["p2"], "3C", action="draf", chosen={"kriteria-0": "2"}).status_code == 302
    page = coach.get(f"/sikap/penilaian/{w.ids['a']}").get_data(as_text=True)
    assert "3C · Sikap perilaku selama pembelajaran jarak jauh dan aktualisasi (coach)" in page
    assert "Anda menilai sebagai coach." in page
    assert "terkirim" in page and "96,43" in page and "draf" in page
    assert "1 penilaian belum dikirim" in page
    assert "3A ·" not in page and "3D ·" not in page


def test_a_widyaiswara_who_also_coaches_scores_both_instruments(sikap_world):
    w = sikap_world
    with w.app.app_context():
        db.session.add(AngkatanInstructor(angkatan_id=w.ids["a"], user_id=w.ids["c"]))
        db.session.commit()
    index = w.client("c").get("/sikap/").get_data(as_text=True)
    assert "3 belum dikirim" in index and "2 belum dikirim" in index  # 3A for p1, p2, p3; 3C for p1, p2
    page = w.client("c").get(f"/sikap/penilaian/{w.ids['a']}").get_data(as_text=True)
    assert "3A · Sikap perilaku di kelas (widyaiswara)" in page and "3C ·" in page


def test_angkatan_not_yet_in_aktualisasi_are_listed_but_not_counted_on_the_home(sikap_world):
    w = sikap_world
    with w.app.app_context():
        _schedule_aktualisasi(w.ids["a"], opens_in_days=10)
        coach = db.session.get(User, w.ids["c"])
        [listed] = scorer_index(coach)
        assert not listed.due and listed.waiting == 2
        assert waiting_count(coach) == 0
    page = w.client("c").get("/sikap/").get_data(as_text=True)
    assert "Belum sampai fase aktualisasi; Anda tetap dapat menilai." in page
    with w.app.app_context():
        db.session.execute(delete(PhaseSchedule))
        _schedule_aktualisasi(w.ids["a"], opens_in_days=0)
        assert waiting_count(db.session.get(User, w.ids["c"])) == 2


def test_the_home_counts_what_waits_for_each_scorer(sikap_world):
    w = sikap_world
    home = w.client("k").get("/").get_data(as_text=True)
    assert "Menunggu Anda" in home and "3 penilaian sikap perilaku belum Anda kirim" in home
    mentor = w.client("m")
    assert "1 penilaian sikap perilaku belum Anda kirim" in mentor.get("/").get_data(as_text=True)
    assert post_sheet(mentor, w.ids["p1"], "3D").status_code == 302
    assert "penilaian sikap perilaku belum Anda kirim" not in mentor.get("/").get_data(as_text=True)
    assert "penilaian sikap" not in w.client("coordinator").get("/").get_data(as_text=True)
    with w.app.app_context():
        assert waiting_count(db.session.get(User, w.ids["coordinator"])) is None
        assert waiting_count(db.session.get(User, w.ids["m"])) == 0


def test_empty_states(sikap_world):
    w = sikap_world
    with w.app.app_context():
        nobody = make_instructor(name="Widyaiswara Baru")
        db.session.commit()
        nip = nobody.nip
    w.nips["nobody"] = nip
    page = w.client("nobody").get("/sikap/").get_data(as_text=True)
    assert "Belum ada peserta yang Anda nilai." in page
    with w.app.app_context():
        db.session.execute(delete(ProgramVersion))
        db.session.commit()
    page = w.client("c").get("/sikap/").get_data(as_text=True)
    assert "Program Latsar belum diimpor" in page
    recap = w.client("coordinator").get(f"/sikap/angkatan/{w.ids['a']}").get_data(as_text=True)
    assert "Program Latsar belum diimpor" in recap
    record = w.client("coordinator").get(f"/orang/peserta/{w.ids['p1']}").get_data(as_text=True)
    assert "Program Latsar belum diimpor; instrumen sikap perilaku belum ada." in record


def test_form_3g_shows_each_instrument_the_sikap_score_and_what_is_missing(sikap_world):
    w = sikap_world
    for scorer, participant, code in [("w", "p3", "3A"), ("k", "p3", "3B"), ("w", "p2", "3A")]:
        assert post_sheet(w.client(scorer), w.ids[participant], code, chosen=levels(code, "3")).status_code == 302
    page = w.client("coordinator").get(f"/sikap/angkatan/{w.ids['a']}").get_data(as_text=True)
    assert "Nilai sikap lengkap: 1 dari 3 peserta." in page
    row = page[page.index("Citra Dewi") :].split("</tr>")[0]  # p3: no coach, no mentor
    assert row.count("75") == 3 and row.count("tidak dinilai") == 2
    assert "belum lengkap" in page[page.index("Budi Santoso") :].split("</tr>")[0]


def test_the_lists_and_form_3g_take_the_same_statements_for_3_or_43_participants(sikap_world, count_queries):
    w = sikap_world
    committee, coordinator = w.client("k"), w.client("coordinator")
    pages = [(committee, "/sikap/"), (committee, f"/sikap/penilaian/{w.ids['a']}")]
    pages.append((coordinator, f"/sikap/angkatan/{w.ids['a']}"))

    def counts():
        found = []
        for client, url in pages:
            client.get(url)
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            found.append(counter.count)
        return found

    small = counts()
    with w.app.app_context():
        angkatan = db.session.get(User, w.ids["p1"]).enrolment.angkatan
        for _ in range(40):
            make_participant(angkatan)
        db.session.commit()
    for participant in ("p1", "p2"):
        assert post_sheet(committee, w.ids[participant], "3B").status_code == 302
    assert counts() == small
    assert "41 penilaian belum dikirim" in committee.get(f"/sikap/penilaian/{w.ids['a']}").get_data(as_text=True)
    assert "dari 43 peserta" in coordinator.get(f"/sikap/angkatan/{w.ids['a']}").get_data(as_text=True)
