"""The aktualisasi plan on the homes: the participant's state and next step, the coach's and mentor's queue."""

from tests.helpers.aktualisasi import EDITOR, act, write_complete_plan


def test_each_home_shows_the_plan_and_what_to_do(plan_world):
    participant = plan_world.client("p1")
    write_complete_plan(participant)
    assert "Lengkapi setiap bagian rancangan" in participant.get("/").get_data(as_text=True)
    act(participant, f"{EDITOR}/ajukan", "submit", "draft")
    home = participant.get("/").get_data(as_text=True)
    assert "Diajukan ke coach" in home and "Coach sedang meninjau rancangan Anda" in home
    assert "1 rancangan menunggu tinjauan Anda" in plan_world.client("coach_a").get("/").get_data(as_text=True)
    assert "rancangan menunggu" not in plan_world.client("coach_b").get("/").get_data(as_text=True)
    mentor = plan_world.client("mentor_m")
    assert "rancangan menunggu" not in mentor.get("/").get_data(as_text=True)
    act(plan_world.client("coach_a"), f"/aktualisasi/peserta/{plan_world.ids['p1']}/tindakan", "accept", "submitted")
    assert "1 rancangan menunggu persetujuan Anda" in mentor.get("/").get_data(as_text=True)


def test_a_participant_in_the_mooc_without_a_plan_sees_no_plan_card(plan_world):
    assert "Rancangan aktualisasi" not in plan_world.client("p2").get("/").get_data(as_text=True)
