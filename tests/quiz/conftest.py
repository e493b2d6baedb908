"""A small quiz: one module with a five-question GIFT bank, required for the MOOC phase."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.authoring.models import ModuleAssignment
from lms.content.importer import import_content
from lms.content.models import Module
from lms.core.extensions import db
from lms.quiz.models import Attempt, AttemptQuestion, QuestionOption
from tests.conftest import AuthActions, csrf_token
from tests.content.conftest import write, write_module
from tests.factories import make_angkatan, make_coordinator, make_instansi, make_participant, make_user, wib_today

BANK = """
$CATEGORY: uji

::U-01 Satu::Pelayanan yang **akuntabel** berarti... {
=dapat dipertanggungjawabkan #Benar, itu inti akuntabilitas.
~cepat saja #Cepat belum tentu akuntabel.
~murah #Biaya bukan ukurannya.
}

::U-02 Dua::Nilai dasar ASN disingkat... {
=BerAKHLAK #Tepat.
~PANCASILA #Itu dasar negara.
~KORPRI #Itu korps pegawai.
}

::U-03 Tiga::Ibu kota provinsi Banten adalah... {
=Serang #Benar.
~Cilegon #Kota industri.
~Tangerang #Kota lain.
}

::U-04 Pilih dua::Pilih **dua** perilaku kolaboratif. {
~%50%Berbagi data antarunit #Ya.
~%50%Membuka ruang kontribusi #Ya.
~%-50%Menyimpan informasi sendiri #Tidak.
~%-50%Menolak masukan #Tidak.
}

::U-05 Benar salah::ASN boleh menjadi anggota partai politik. {FALSE#Keliru, ASN harus netral.#Benar, ASN harus netral.}
"""


def quiz_content(root, threshold=60, max_attempts=2, wait=0, time_limit=30, review="after_attempt"):
    folder = write_module(root, "modul-uji", lessons=1, extra_front="quiz: evaluasi-uji")
    write(folder / "questions.gift", BANK)
    write(
        root / "mooc" / "agenda-1" / "agenda.md",
        f"""
        ---
        title: "Agenda I: Uji"
        agenda: 1
        quiz:
          slug: evaluasi-uji
          title: Evaluasi Uji
          pass_threshold: {threshold}
          max_attempts: {max_attempts}
          time_limit_minutes: {time_limit}
          wait_minutes: {wait}
          score_policy: highest
          review: {review}
        ---
        Agenda uji.
        """,
    )
    write(
        root / "mooc" / "phase.md",
        """
        ---
        title: MOOC
        phase: mooc
        jp: 48
        required_quizzes:
          - quiz: evaluasi-uji
            weight: 1
        ---
        Belajar mandiri.
        """,
    )
    write(root / "pjj" / "phase.md", "---\ntitle: PJJ\nphase: pjj\njp: 217\n---\nDiskusi.\n")
    return root


@pytest.fixture
def quiz_world(app, tmp_path):
    root = quiz_content(tmp_path / "content")
    with app.app_context():
        report = import_content(root)
        assert report.problems == [], report.problems
        instansi = make_instansi("Pemkot Uji")
        # The MOOC closes today and distance learning opens today: passing the MOOC opens it at once.
        today = wib_today()
        angkatan = make_angkatan(
            instansi, 1, schedule=[(today - timedelta(days=10), today), (today, today + timedelta(days=20))]
        )
        later = make_angkatan(instansi, 2, schedule_start=wib_today() + timedelta(days=5))
        instructor = make_user("instructor")
        # The instructor of modul-uji: may change its bank and its quiz, and regrade it.
        module_id = db.session.scalar(select(Module.id).where(Module.slug == "modul-uji"))
        db.session.add(ModuleAssignment(module_id=module_id, user_id=instructor.id))
        world = {
            "participant": make_participant(angkatan, name="Ayu Lestari").nip,
            "other": make_participant(angkatan).nip,
            "early": make_participant(later).nip,
            "coordinator": make_coordinator(instansi).nip,
            "instructor": instructor.nip,
            "root": root,
        }
        db.session.commit()
    return world


def client_for(app, nip):
    client = app.test_client()
    AuthActions(client).login(nip)
    return client


def start(client, slug="evaluasi-uji") -> int:
    response = client.post(f"/evaluasi/{slug}/mulai", data={"csrf_token": csrf_token(client, "/")})
    match = re.search(r"/percobaan/(\d+)/", response.location or "")
    assert match, (response.status_code, response.location)
    return int(match.group(1))


def answer_key(app, attempt_id) -> dict[int, list[int]]:
    """position -> the display positions (1-based) of the options that earn credit."""
    with app.app_context():
        items = db.session.scalars(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id)).all()
        fractions = dict(db.session.execute(select(QuestionOption.id, QuestionOption.fraction)).all())
        return {i.position: [n for n, oid in enumerate(i.option_order, 1) if fractions[oid] > 0] for i in items}


def wrong_key(app, attempt_id) -> dict[int, list[int]]:
    with app.app_context():
        items = db.session.scalars(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id)).all()
        fractions = dict(db.session.execute(select(QuestionOption.id, QuestionOption.fraction)).all())
        return {i.position: [next(n for n, oid in enumerate(i.option_order, 1) if fractions[oid] <= 0)] for i in items}


def rev_of(app, attempt_id, position) -> int:
    with app.app_context():
        return db.session.scalar(
            select(AttemptQuestion.answer_rev).where(
                AttemptQuestion.attempt_id == attempt_id, AttemptQuestion.position == position
            )
        )


def save(client, app, attempt_id, position, choices, rev=None, slug="evaluasi-uji", json=True, **extra):
    data = {
        "csrf_token": csrf_token(client, "/"),
        "jawaban": [str(c) for c in choices],
        "rev": str(rev_of(app, attempt_id, position) if rev is None else rev),
        **extra,
    }
    headers = {"Accept": "application/json"} if json else {}
    return client.post(f"/evaluasi/{slug}/percobaan/{attempt_id}/soal/{position}", data=data, headers=headers)


def answer_all(client, app, attempt_id, key):
    for position, choices in key.items():
        assert save(client, app, attempt_id, position, choices).status_code == 200


def submit(client, attempt_id, slug="evaluasi-uji", **extra):
    return client.post(
        f"/evaluasi/{slug}/percobaan/{attempt_id}/kirim", data={"csrf_token": csrf_token(client, "/"), **extra}
    )


def attempt_row(app, attempt_id) -> Attempt:
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        db.session.expunge(attempt)
        return attempt


def rewind(app, attempt_id, delta, deadline_ago):
    """Pretend the attempt happened `delta` ago and its deadline passed `deadline_ago` ago."""
    from datetime import timedelta  # noqa: F401

    from lms.core.database import utcnow

    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        attempt.started_at -= delta
        attempt.deadline_at = utcnow() - deadline_ago
        for item in db.session.scalars(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id)):
            if item.answered_at is not None:
                item.answered_at -= delta
        db.session.commit()
