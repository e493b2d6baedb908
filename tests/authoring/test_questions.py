"""Questions by form and by file (preview with per-line errors before anything is saved), quiz
settings under the regrade rule, and per-question statistics."""

import io
from decimal import Decimal

from sqlalchemy import func, select

from lms.authoring.stats import question_stats
from lms.content.models import Agenda
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.quiz.gift_answers import ESSAY_HELP
from lms.quiz.models import Attempt, AttemptQuestion, Question, Quiz
from tests.helpers.authoring import form_values, login, token
from tests.helpers.quiz import answer_all, answer_key, start, wrong_key
from tests.helpers.quiz import submit as submit_attempt

BANK = "/kelola/modul/modul-uji/soal"


def _question(app, module_id, key, active=True):
    with app.app_context():
        question = db.session.scalar(
            select(Question)
            .where(Question.module_id == module_id, Question.key == key, Question.active.is_(active))
            .order_by(Question.version.desc())
        )
        db.session.expunge(question)
        return question


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _post_question(client, url, **fields):
    data = {"csrf_token": token(client), "kind": "single", "truth": ""}
    data.update(fields)
    return client.post(url, data=data)


def test_a_question_written_in_the_form_joins_the_bank(app, world):
    editor = login(app, world["instructor"])
    response = _post_question(
        editor,
        f"{BANK}/baru",
        key="U-06 Pelayanan",
        text="Warga datang **lima menit** sebelum loket tutup. Tindakan yang tepat?",
        **{
            "options-0-text": "Tetap dilayani sampai selesai",
            "options-0-percent": "100",
            "options-0-feedback": "Tepat: berorientasi pelayanan.",
            "options-1-text": "Diminta datang besok",
            "options-1-percent": "0",
            "options-1-feedback": "Kurang tepat.",
        },
    )
    assert response.status_code == 302
    question = _question(app, world["module_id"], "U-06 Pelayanan")
    assert question.version == 1 and question.kind == "single" and "<strong>lima menit</strong>" in question.text_html
    assert "U-06 Pelayanan" in editor.get(BANK).get_data(as_text=True)


def test_form_mistakes_get_clear_messages_and_nothing_is_saved(app, world):
    editor = login(app, world["instructor"])
    before = _count(app, Question)
    html = _post_question(
        editor,
        f"{BANK}/baru",
        key="U-07",
        kind="multiple",
        text="Pilih dua.",
        **{"options-0-text": "a", "options-0-percent": "50", "options-1-text": "b", "options-1-percent": "30"},
    ).get_data(as_text=True)
    assert "jumlah nilai positif harus 100, sekarang 80" in html
    html = _post_question(
        editor, f"{BANK}/baru", key="U-01 Satu", text="Teks.", **{"options-0-text": "a", "options-1-text": "b"}
    ).get_data(as_text=True)
    assert "beri nilai 100 pada jawaban yang benar" in html and "sudah dipakai" not in html
    html = _post_question(
        editor,
        f"{BANK}/baru",
        key="U-01 Satu",
        text="Teks.",
        **{"options-0-text": "a", "options-0-percent": "100", "options-1-text": "b"},
    ).get_data(as_text=True)
    assert "Kode soal &#34;U-01 Satu&#34; sudah dipakai" in html or 'Kode soal "U-01 Satu" sudah dipakai' in html
    assert _count(app, Question) == before


def test_editing_adds_a_version_and_past_attempts_keep_theirs(app, world):
    reader = login(app, world["participant"])
    attempt_id = start(reader)
    old = _question(app, world["module_id"], "U-05 Benar salah")
    editor = login(app, world["instructor"])
    url = f"{BANK}/{old.id}"
    values = form_values(editor.get(url).get_data(as_text=True))
    assert values["right_feedback"].startswith("Benar, ASN harus netral")
    response = editor.post(
        url,
        data={**values, "kind": "truefalse", "truth": "salah", "text": "ASN boleh menjadi **anggota** partai politik."},
    )
    assert response.status_code == 302
    new = _question(app, world["module_id"], "U-05 Benar salah")
    assert new.version == 2 and new.id != old.id and "<strong>anggota</strong>" in new.text_html
    with app.app_context():
        assert not db.session.get(Question, old.id).active
        used = db.session.scalars(select(AttemptQuestion.question_id).where(AttemptQuestion.attempt_id == attempt_id))
        assert old.id in set(used)  # the open attempt still shows what the participant saw
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "question.save")) is not None
    # Once answered, the number of options is fixed (a regrade matches answers by position).
    values = form_values(
        editor.get(f"{BANK}/{_question(app, world['module_id'], 'U-01 Satu').id}").get_data(as_text=True)
    )
    values.update({"kind": "single", "truth": "", "options-3-text": "pilihan keempat", "options-3-percent": "0"})
    html = editor.post(f"{BANK}/{_question(app, world['module_id'], 'U-01 Satu').id}", data=values).get_data(
        as_text=True
    )
    assert "jumlah pilihan harus tetap 3" in html


GIFT_WITH_ERRORS = """\
::B-01 Baik::Soal yang benar. {
=ya #tepat
~tidak
}

::B-02 Rusak::Jawaban tidak ditutup {
=ya
~tidak

::B-03 Esai::Tulis pendapat Anda. {}
"""

GIFT_GOOD = """\
$CATEGORY: unggahan

::B-01 Baik::Soal yang benar. {
=ya #tepat
~tidak
}

::U-02 Dua::Nilai dasar ASN disingkat... {
=BerAKHLAK #Tepat sekali.
~PANCASILA #Itu dasar negara.
~KORPRI #Itu korps pegawai.
}
"""


def _upload(client, name, text, replace=False):
    page = client.get(f"{BANK}/unggah").get_data(as_text=True)
    data = {"csrf_token": form_values(page)["csrf_token"], "file": (io.BytesIO(text.encode()), name)}
    if replace:
        data["replace"] = "y"
    return client.post(f"{BANK}/unggah", data=data, content_type="multipart/form-data")


def test_a_gift_upload_is_previewed_with_line_errors_and_nothing_is_saved(app, world):
    editor = login(app, world["instructor"])
    before = _count(app, Question)
    html = _upload(editor, "bank.gift", GIFT_WITH_ERRORS).get_data(as_text=True)
    assert "B-01 Baik" in html and "Soal yang benar." in html  # the parsed question, rendered
    assert '<td class="num">6</td><td>tanda { tidak ditutup dengan }</td>' in html
    assert f'<td class="num">10</td><td>{ESSAY_HELP}</td>' in html
    assert "Tidak ada yang disimpan" in html and "Simpan 1 soal" not in html
    # Posting the confirmation anyway (a forged form) is refused too.
    response = editor.post(
        f"{BANK}/unggah/simpan",
        data={"csrf_token": token(editor), "filename": "bank.gift", "text": GIFT_WITH_ERRORS, "replace": ""},
    )
    assert response.status_code == 302 and _count(app, Question) == before


def test_a_valid_upload_is_previewed_then_saved_as_versions(app, world):
    editor = login(app, world["instructor"])
    before = _count(app, Question)
    html = _upload(editor, "bank.gift", GIFT_GOOD, replace=True).get_data(as_text=True)
    assert "<strong>1</strong> baru" in html and "<strong>1</strong> berubah (versi baru)" in html
    assert "Dinonaktifkan karena tidak ada di berkas: U-01 Satu, U-03 Tiga, U-04 Pilih dua, U-05 Benar salah" in html
    assert _count(app, Question) == before  # the preview wrote nothing
    values = form_values(html)
    assert editor.post(f"{BANK}/unggah/simpan", data=values).status_code == 302
    assert _count(app, Question) == before + 2
    with app.app_context():
        active = db.session.scalars(
            select(Question.key).where(Question.module_id == world["module_id"], Question.active.is_(True))
        ).all()
        assert sorted(active) == ["B-01 Baik", "U-02 Dua"]
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "bank.upload"))
        assert entry.details["baru"] == 1 and entry.details["berubah"] == 1 and entry.details["nonaktif"] == 4


def test_an_aiken_upload(app, world):
    editor = login(app, world["instructor"])
    text = "Ibu kota Banten adalah ...\nA. Serang\nB. Cilegon\nANSWER: A\n"
    html = _upload(editor, "soal.txt", text).get_data(as_text=True)
    assert "aiken-1" in html and "Simpan 1 soal" in html
    editor.post(f"{BANK}/unggah/simpan", data=form_values(html))
    assert _question(app, world["module_id"], "aiken-1").kind == "single"


def _graded_attempt(app, client, right: bool) -> int:
    attempt_id = start(client)
    key = answer_key(app, attempt_id) if right else wrong_key(app, attempt_id)
    answer_all(client, app, attempt_id, key)
    submit_attempt(client, attempt_id)
    return attempt_id


def test_a_threshold_change_after_attempts_changes_no_score_until_an_explicit_regrade(app, world):
    reader = login(app, world["participant"])
    attempt_id = start(reader)
    key, wrong = answer_key(app, attempt_id), wrong_key(app, attempt_id)
    answer_all(reader, app, attempt_id, {1: key[1], 2: key[2], 3: key[3], 4: wrong[4], 5: wrong[5]})
    submit_attempt(reader, attempt_id)  # 60: passes 60
    editor = login(app, world["instructor"])
    page = editor.get("/kelola/evaluasi/evaluasi-uji/pengaturan").get_data(as_text=True)
    assert "Sudah ada 1 percobaan yang dinilai" in page
    values = {**form_values(page), "pass_threshold": "70", "score_policy": "highest"}
    values.pop("shuffle_questions", None)  # unticked
    response = editor.post("/kelola/evaluasi/evaluasi-uji/pengaturan", data=values, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Penilaian ulang" in html and "1 percobaan berubah nilai; 1 berubah status lulus" in html
    with app.app_context():
        quiz = db.session.scalar(select(Quiz))
        attempt = db.session.get(Attempt, attempt_id)
        assert quiz.pass_threshold == Decimal(70) and quiz.shuffle_questions is False
        assert attempt.passed and attempt.threshold_used == Decimal(60)  # nothing changed silently
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "quiz.settings"))
        assert entry.details["changed"]["pass_threshold"] == ["60.00", "70"] and entry.details["graded_attempts"] == 1
        agenda = db.session.scalar(select(Agenda))
        assert "pass_threshold: 70" in agenda.source_md and "shuffle_questions: false" in agenda.source_md
        assert "Agenda uji." in agenda.source_md  # only the quiz block was rewritten
    editor.post(
        "/evaluasi/evaluasi-uji/penilaian-ulang",
        data={"csrf_token": token(editor), "reason": "Nilai minimal dinaikkan sesuai keputusan panitia."},
    )
    with app.app_context():
        assert not db.session.get(Attempt, attempt_id).passed
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "quiz.regrade")) is not None


def test_settings_mistakes_are_refused_with_messages(app, world):
    editor = login(app, world["instructor"])
    page = editor.get("/kelola/evaluasi/evaluasi-uji/pengaturan").get_data(as_text=True)
    values = {
        **form_values(page),
        "pass_threshold": "120",
        "max_attempts": "0",
        "score_policy": "highest",
    }
    html = editor.post("/kelola/evaluasi/evaluasi-uji/pengaturan", data=values).get_data(as_text=True)
    assert "Nilai minimal 0 sampai 100." in html and "Kesempatan 1 sampai 100." in html
    with app.app_context():
        assert db.session.scalar(select(Quiz.pass_threshold)) == Decimal(60)


def test_question_statistics_and_their_bounded_queries(app, world, count_queries):
    from tests.factories import make_participant

    right_reader = login(app, world["participant"])
    _graded_attempt(app, right_reader, right=True)
    with app.app_context():
        from lms.people.models import Enrolment

        angkatan = db.session.scalar(select(Enrolment)).angkatan
        others = [make_participant(angkatan).nip for _ in range(3)]
        db.session.commit()
    _graded_attempt(app, login(app, others[0]), right=False)
    with app.app_context():
        with count_queries() as few:
            stats = {s.key: s for s in question_stats(world["module_id"])}
    first = stats["U-01 Satu"]
    assert first.shown == 2 and first.right == 1 and first.right_share == 0.5
    assert sum(o.chosen for o in first.options) == 2
    assert [o.chosen for o in first.options if o.fraction > 0] == [1]
    for nip in others[1:]:
        _graded_attempt(app, login(app, nip), right=False)
    with app.app_context():
        with count_queries() as more:
            stats = {s.key: s for s in question_stats(world["module_id"])}
    assert stats["U-01 Satu"].shown == 4 and stats["U-01 Satu"].right_share == 0.25
    assert more.count == few.count == 3
    editor = login(app, world["instructor"])
    html = editor.get(f"{BANK}/statistik").get_data(as_text=True)
    assert "25%</strong> benar dari 4 jawaban" in html and "sulit: periksa kunci" in html


CUED_BANK = "\n\n".join(
    f"::C-{n:02d} Soal {n}::Pertanyaan {n}? {{\n=jawaban benar yang paling panjang {n}\n~salah satu\n~salah dua\n"
    + ("~Semua benar\n}" if n == 1 else "~salah tiga\n}")
    for n in range(1, 9)
)


def test_item_writing_warnings_show_in_the_preview_and_the_bank_without_blocking(app, world):
    editor = login(app, world["instructor"])
    html = _upload(editor, "cued.gift", CUED_BANK, replace=True).get_data(as_text=True)
    assert "Peringatan penulisan soal" in html
    assert "Pada 8 dari 8 soal pilihan tunggal (100%) jawaban benar adalah pilihan terpanjang" in html
    assert "Jawaban benar berada di posisi A pada 8 dari 8 soal" in html
    assert "Soal C-01 Soal 1 memakai pilihan &#34;Semua benar&#34;" in html
    assert "Simpan 8 soal" in html  # warnings never block saving
    assert editor.post(f"{BANK}/unggah/simpan", data=form_values(html)).status_code == 302
    page = editor.get(BANK).get_data(as_text=True)
    assert "Peringatan penulisan soal" in page and "posisi A pada 8 dari 8 soal" in page
