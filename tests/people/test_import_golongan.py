"""The participant import's instansi (the participant's employer, any instansi in an angkatan), golongan and
NDH: validated per row, applied, and a re-import changes nothing."""

from sqlalchemy import select

from lms.core.extensions import db
from lms.people import importer
from lms.people.models import Enrolment
from tests.factories import enrol, make_angkatan, make_instansi, make_user, valid_nip

HEADER = "nip,nama,email,instansi,angkatan,golongan,ndh"


def _world():
    home, other = make_instansi("Pemkot Uji"), make_instansi("Pemkab Tetangga")
    angkatan = make_angkatan(home, 72)
    holder = make_user(name="Pemegang NDH 7")
    enrol(holder, angkatan, ndh=7)
    return home, other, angkatan


def _plan(*rows: str):
    return importer.plan_import("\n".join([HEADER, *rows]) + "\n", None)


def test_one_angkatan_takes_employees_of_several_instansi_with_golongan_and_ndh(ctx):
    home, other, angkatan = _world()
    plan = _plan(
        f"{valid_nip(301)},Ayu Lestari,,Pemkot Uji,72,III/a,1",
        f"{valid_nip(302)},Budi Santoso,,pemkab tetangga,72,ii / c,2",
        f"{valid_nip(303)},Citra Dewi,,Pemkab Tetangga,72,,",
    )
    assert plan.errors == [] and plan.can_apply
    importer.apply_plan(plan, None)
    db.session.flush()
    rows = db.session.execute(
        select(Enrolment.instansi_id, Enrolment.golongan, Enrolment.ndh)
        .where(Enrolment.angkatan_id == angkatan.id, Enrolment.ndh.is_distinct_from(7))
        .order_by(Enrolment.id)
    ).all()
    assert [tuple(r) for r in rows] == [(home.id, "III/a", 1), (other.id, "II/c", 2), (other.id, None, None)]
    again = _plan(
        f"{valid_nip(301)},Ayu Lestari,,Pemkot Uji,72,III/a,1",
        f"{valid_nip(302)},Budi Santoso,,Pemkab Tetangga,72,II/c,2",
    )
    assert again.errors == [] and not again.new_rows  # unchanged: nothing to apply
    changed = _plan(f"{valid_nip(301)},Ayu Lestari,,Pemkot Uji,72,III/b,1")
    assert "sudah terdaftar dengan data lain" in changed.errors[0].reasons[0]


def test_bad_golongan_ndh_and_instansi_are_reported_per_row_in_indonesian(ctx):
    _world()
    cases = {
        f"{valid_nip(311)},Satu,,Pemkot Uji,72,IV/a,": "Golongan harus II atau III",
        f"{valid_nip(312)},Dua,,Pemkot Uji,72,III/e,": "Golongan harus II atau III",
        f"{valid_nip(313)},Tiga,,Pemkot Uji,72,3/a,": "Golongan harus II atau III",
        f"{valid_nip(314)},Empat,,Pemkot Uji,72,III/a,0": "NDH harus bilangan bulat",
        f"{valid_nip(315)},Lima,,Pemkot Uji,72,III/a,dua": "NDH harus bilangan bulat",
        f"{valid_nip(316)},Enam,,Pemkot Uji,72,III/a,7": "sudah dipakai peserta lain",
        f"{valid_nip(317)},Tujuh,,Pemkot Entah,72,III/a,": "Instansi tidak dikenal",
        f"{valid_nip(318)},Delapan,,Pemkot Uji,72,III/a,9": None,
        f"{valid_nip(319)},Sembilan,,Pemkot Uji,72,III/a,9": "NDH 9 sama dengan baris 9",
    }
    plan = _plan(*cases)
    by_line = {row.line: row for row in plan.rows}
    for line, expected in enumerate(cases.values(), start=2):
        reasons = " ".join(by_line[line].reasons)
        if expected is None:
            assert reasons == "", reasons
        else:
            assert expected in reasons, (line, reasons)
    assert not plan.can_apply


def test_the_optional_columns_may_be_left_out(ctx):
    _world()
    plan = importer.plan_import(f"nip,nama,email,instansi,angkatan\n{valid_nip(321)},Satu,,Pemkot Uji,72\n", None)
    assert plan.errors == [] and plan.new_rows[0].golongan == "" and plan.new_rows[0].ndh is None


def test_golongan_is_normalised():
    assert importer.normalise_golongan("iii/B") == "III/b"
    assert importer.normalise_golongan(" II / a ") == "II/a"
    for bad in ("I/a", "III", "III/b/c", "IIIb", "II/e"):
        assert importer.normalise_golongan(bad) is None, bad
