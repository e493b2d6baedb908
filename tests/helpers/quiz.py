"""A small quiz (one module with a five-question GIFT bank, required for the MOOC phase) and the
requests of a participant taking it: start, save an answer, submit; its answer keys read from the database."""

import re

from sqlalchemy import select

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.quiz.models import Attempt, AttemptQuestion, QuestionOption
from tests.helpers.content import write, write_module
from tests.helpers.web import csrf_token

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
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        attempt.started_at -= delta
        attempt.deadline_at = utcnow() - deadline_ago
        for item in db.session.scalars(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id)):
            if item.answered_at is not None:
                item.answered_at -= delta
        db.session.commit()


def attempt_page(client, user_id: int) -> str:
    """The address of the newest attempt's page, as the participant record links it."""
    record = client.get(f"/orang/peserta/{user_id}").get_data(as_text=True)
    match = re.search(rf'href="(/orang/peserta/{user_id}/percobaan/\d+)"', record)
    assert match, "the record links no attempt"
    return match.group(1)
