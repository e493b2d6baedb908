"""A small world with demo-like data for the crawl: one visitor per role and per phase state of a
participant, each with the pages only a real history shows (attempts, posts, reports, an import)."""

import base64
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from lms.aktualisasi.attachments import add_attachment, check_attachment
from lms.attendance.klasikal_pass import pass_token
from lms.attendance.models import SessionImportBatch
from lms.auth.accounts import issue_reset
from lms.auth.models import Role
from lms.content.importer import import_content
from lms.content.models import Module, ModuleAssignment
from lms.content.progress import mark_done
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.outbox import enqueue
from lms.discussion.demo import seed_discussions
from lms.discussion.models import Post
from lms.people.models import (
    AssignmentBatch,
    CoordinatorLembaga,
    Enrolment,
    ImportBatch,
    SeminarExaminer,
    TutorGroup,
)
from lms.phases.models import Phase
from lms.quiz import attempts
from lms.quiz.models import AttemptQuestion, QuestionOption, Quiz
from lms.report.demo import TEXTS as REPORT_TEXTS
from lms.report.editing import save_section as save_report_section
from lms.report.editing import start_report
from lms.report.transitions import transition as report_transition
from lms.seminar.models import Seminar, SeminarPlace
from lms.seminar.program import load_rubric
from lms.tasks.grading import GradeInput, grade_version
from lms.tasks.submitting import Upload, submit
from tests.crawler import submit_form
from tests.factories import (
    lembaga_for,
    make_angkatan,
    make_committee,
    make_coordinator,
    make_instansi,
    make_instansi_viewer,
    make_instructor,
    make_mentor,
    make_participant,
    make_session,
    make_task,
    make_user,
    read_all_lessons,
    wib_today,
)
from tests.helpers.aktualisasi import plan_with_versions
from tests.helpers.content import write, write_module
from tests.helpers.habituation import approve_plan, log_entry_with_photo
from tests.helpers.kelulusan import crawl_results, make_head
from tests.helpers.quiz import quiz_content
from tests.helpers.sikap import SHIPPED as SHIPPED_PROGRAM
from tests.helpers.web import AuthActions, csrf_token


@dataclass
class Visitor:
    """Who crawls: a login (None: not signed in), the role it has, and pages only a POST leads to."""

    name: str
    role: str | None
    login: str | None = None
    start: list[str] = field(default_factory=lambda: ["/"])


def _schedule(first_opened_days_ago: int):
    """Four phases of 20 days back to back, the first opened that many days ago."""
    today, spans = wib_today(), []
    opens = today - timedelta(days=first_opened_days_ago)
    for _phase in range(4):
        spans.append((opens, opens + timedelta(days=19)))
        opens += timedelta(days=20)
    return spans


def _take_quiz(quiz: Quiz, user_id: int, right: bool, grade: bool = True) -> int:
    attempt = attempts.start_attempt(quiz, user_id)
    db.session.flush()
    fractions = dict(db.session.execute(select(QuestionOption.id, QuestionOption.fraction)).all())
    for item in db.session.scalars(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)):
        good = [o for o in item.option_order if fractions[o] > 0]
        bad = [o for o in item.option_order if fractions[o] <= 0]
        item.selected = (good if item.question.kind == "multiple" else good[:1]) if right else bad[:1]
        item.answered_at = attempt.started_at
    if grade:
        attempts.grade_attempt(attempt.id)
    return attempt.id


PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def build_world(app, root) -> list[Visitor]:
    quiz_content(root)
    folder = write_module(root, "modul-dua", lessons=2, order=2)
    (folder / "peta.png").write_bytes(PIXEL)
    write(folder / "01-pelajaran-1.md", "---\ntitle: Peta\nminutes: 10\n---\n![Peta unit kerja](peta.png)\n")
    # The shipped program: its attitude instruments give the scorers their sheets and the angkatan its form 3G.
    (root / "program.yaml").write_text(SHIPPED_PROGRAM.read_text(encoding="utf-8"), encoding="utf-8")
    with app.app_context():
        assert import_content(root).problems == []
        instansi = make_instansi("Pemerintah Kota Serang")
        in_mooc = make_angkatan(instansi, 72, schedule=_schedule(5))
        in_pjj = make_angkatan(instansi, 73, schedule=_schedule(25))
        finished = make_angkatan(instansi, 74, schedule=_schedule(90))
        instructor = make_instructor(in_mooc, in_pjj, finished, name="Dr. Bambang Sutrisno")
        coordinator = make_coordinator(instansi, name="Sri Wahyuningsih")
        admin = make_user(Role.ADMIN, name="Ahmad Fauzi")
        # The personnel office of Serang follows its CPNS; a Cilegon CPNS shares their angkatan.
        viewer = make_instansi_viewer(instansi, name="Dewi Lestari")
        # The head of the lembaga (the finished angkatan's committee member is made with its klasikal session).
        head = make_user(Role.HEAD, name="Dr. H. Mulyadi")
        db.session.add(CoordinatorLembaga(user_id=head.id, lembaga_id=finished.lembaga_id))
        for angkatan in (in_pjj, finished):
            db.session.add(TutorGroup(angkatan_id=angkatan.id, name="Kelompok 1", tutor_id=instructor.id))
        for module_id in db.session.scalars(select(Module.id)):
            db.session.add(ModuleAssignment(module_id=module_id, user_id=instructor.id))
        db.session.flush()
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "evaluasi-uji"))
        module_id = db.session.scalar(select(Module.id).where(Module.slug == "modul-uji"))

        fresh = make_participant(in_mooc, name="Ayu Lestari")
        trying = make_participant(in_mooc, name="Budi Santoso")
        mark_done(trying.id, module_id, "pelajaran-1")
        _take_quiz(quiz, trying.id, right=False)
        open_attempt = _take_quiz(quiz, trying.id, right=False, grade=False)
        in_distance = make_participant(in_pjj, name="Citra Dewi")
        eka = make_participant(in_pjj, name="Eka Putri", instansi=make_instansi("Pemerintah Kota Cilegon"))
        done = make_participant(finished, name="Dedi Kurniawan")
        for person in (in_distance, done):
            read_all_lessons(person.id)  # the MOOC completes on the material read and the evaluation passed
            _take_quiz(quiz, person.id, right=True)
            enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == person.id))
            enrolment.tutor_group_id = db.session.scalar(
                select(TutorGroup.id).where(TutorGroup.angkatan_id == enrolment.angkatan_id)
            )
        db.session.flush()
        seed_discussions([in_pjj, finished], [instructor, instructor], coordinator)
        batch = ImportBatch(
            created_by_id=coordinator.id,
            filename="peserta.csv",
            content="nip,nama,email,instansi,angkatan\n199001012019031001,Eko Saputra,,Pemerintah Kota Serang,72\n",
        )
        db.session.add(batch)
        reset_token = issue_reset(fresh, coordinator)
        # Relations: a widyaiswara who teaches no angkatan coaches two participants and examines a third's
        # seminar; a mentor has two mentees.
        coach = make_instructor(name="Rina Marlina")
        fresh.enrolment.coach_id = trying.enrolment.coach_id = coach.id
        db.session.add(SeminarExaminer(enrolment_id=done.enrolment.id, examiner_id=coach.id, kind="rancangan"))
        mentor = make_mentor(fresh, in_distance, name="Hendra Gunawan")
        assignments = AssignmentBatch(
            created_by_id=coordinator.id,
            filename="pembimbing.csv",
            content="nip_peserta,nip_coach,nip_mentor,nama_mentor,email_mentor,unit_kerja_mentor\n"
            f"{done.nip},{coach.nip},,,,\n",
        )
        db.session.add(assignments)
        # A PJJ session under way (its check-in open: the participant's home links to it) and a schedule CSV
        # awaiting its review.
        make_session(in_pjj, widyaiswara=instructor, topic="Wawasan Kebangsaan")
        schedule_batch = SessionImportBatch(
            created_by_id=coordinator.id,
            angkatan_id=in_pjj.id,
            phase_id=db.session.scalar(select(Phase.id).where(Phase.code == "pjj")),
            filename="jadwal.csv",
            content="tanggal,mulai,selesai,topik,jp,mode,tautan\n2026-03-02,08:00,10:00,Akuntabel,2,asinkron,\n",
        )
        db.session.add(schedule_batch)
        # A klasikal session under way in the finished angkatan, its committee member, and the QR address of its
        # participant (a QR, not a link: the committee visitor starts there).
        make_session(finished, topic="Apel pagi", phase_code="klasikal", mode="tatap_muka", room="Aula Utama")
        committee = make_committee(finished, name="Yusuf Hidayat")
        scanned = f"/klasikal/pindai/{pass_token(done.id, app.secret_key)}"
        # A seminar rancangan the coach examines, with the finished angkatan's participant in it (placed as rows:
        # the placing rules are tests/seminar's): the coordinator's pages and the penguji's scoring pages.
        program = load_rubric("rancangan")
        seminar = Seminar(
            angkatan_id=finished.id,
            kind="rancangan",
            starts_at=utcnow() + timedelta(days=1),
            ends_at=utcnow() + timedelta(days=1, hours=2),
            room="Ruang Garuda",
            examiner_id=coach.id,
            rubric=program.rubric.as_dict(),
            scorers=list(program.scorers),
        )
        db.session.add(seminar)
        db.session.flush()
        place = SeminarPlace(seminar_id=seminar.id, enrolment_id=done.enrolment.id, kind="rancangan", position=1)
        db.session.add(place)
        # An attachment on the plan (the plan page links it), then the plan written and submitted twice: the coach's
        # queue, the plan page, its versions and their comparison.
        add_attachment(fresh.id, check_attachment("sop.pdf", b"%PDF-1.4\n%%EOF\n"), "Draf SOP")
        plan_with_versions(fresh.id, coach.id)
        # An approved plan with a log entry (a photo, a comment): the log, entry and evidence pages, the queues.
        in_distance.enrolment.coach_id = coach.id
        approve_plan(in_distance.id, coach.id, mentor.id)
        log_entry_with_photo(in_distance.id, coach.id)
        # The report submitted once and returned by the coach: a version to list and open, and the pen (with the
        # refresh from the log) back with the participant.
        report = start_report(in_distance.id)
        for key, text in REPORT_TEXTS.items():
            save_report_section(report, key, text, 1)
        report_transition(report, "submit", {"participant"}, actor_id=in_distance.id)
        report_transition(
            report, "return", {"coach"}, actor_id=coach.id, role="coach", comments={"umum": "Lengkapi datanya."}
        )
        # The outbox page with a message to hand over (in the coordinator's scope) and one to no account.
        enqueue("crawl:fresh", "Tautan atur ulang", "Tautan: http://x/1", to_address=None, recipient_id=fresh.id)
        enqueue("crawl:nobody", "Undangan", "Tautan: http://x/2", to_address="someone@contoh.go.id")
        # A PJJ task: one participant's file graded, the other's text waiting in the widyaiswara's queue.
        graded_task = make_task(in_pjj, instructor, title="Analisis isu kontemporer")
        db.session.commit()
        sent = submit(graded_task, in_distance.enrolment, text="Analisis", upload=Upload("analisis.pdf", b"%PDF-1.4\n"))
        grade_version(sent, instructor.id, GradeInput({0: "4", 1: "3"}, "Baik sekali"))
        submit(graded_task, eka.enrolment, text="Jawaban teks", upload=None)
        # Angkatan 74's result sealed by the head of its lembaga, a correction waiting; a newer program for 73.
        head = make_head(lembaga_for(instansi), name="Dr. Kepala Lembaga")
        crawl_results(finished, in_pjj, coordinator, head, done)
        db.session.commit()
        visitors = [
            Visitor("anonymous", None, None, ["/", "/healthz", f"/akun/atur-ulang/{reset_token}", "/verifikasi"]),
            Visitor(
                "participant_fresh_in_mooc",
                Role.PARTICIPANT.value,
                fresh.nip,
            ),
            Visitor(
                "participant_mid_attempt",
                Role.PARTICIPANT.value,
                trying.nip,
                # reached by the attempt's POST forms (start, save and go to the summary)
                ["/", f"/evaluasi/evaluasi-uji/percobaan/{open_attempt}/soal/1"]
                + [f"/evaluasi/evaluasi-uji/percobaan/{open_attempt}/ringkasan"],
            ),
            # the @ suggestions: fetched by the editor's script, named in a data- attribute
            Visitor(
                "participant_in_pjj",
                Role.PARTICIPANT.value,
                in_distance.nip,
                ["/", f"/diskusi/angkatan/{in_pjj.id}/umum/anggota"],
            ),
            Visitor("participant_all_done", Role.PARTICIPANT.value, done.nip),
            Visitor("instructor", Role.INSTRUCTOR.value, instructor.nip),
            Visitor(
                "coordinator",
                Role.COORDINATOR.value,
                coordinator.nip,
                [
                    "/",
                    f"/orang/impor/{batch.id}",
                    f"/orang/impor-pembimbing/{assignments.id}",
                    f"/pjj/impor/{schedule_batch.id}",
                ],
            ),
            Visitor("coach_and_penguji", Role.INSTRUCTOR.value, coach.nip),
            Visitor("mentor", Role.MENTOR.value, mentor.nip),
            Visitor("admin", Role.ADMIN.value, admin.nip),
            Visitor("instansi_viewer", Role.INSTANSI_VIEWER.value, viewer.nip),
            Visitor("committee", Role.COMMITTEE.value, committee.nip, ["/", scanned]),
            Visitor("head", Role.HEAD.value, head.nip),
        ]
        first_post = db.session.scalar(select(Post.id).order_by(Post.id))
        instructor_name, writer, staff = instructor.name, in_distance.nip, instructor.nip
    _write_as_participant(app, writer, first_post, instructor_name)
    _draft_a_lesson(app, staff)
    return visitors


def _write_as_participant(app, nip: str, post_id: int, mention: str) -> None:
    """Through the real forms: a reply that mentions the instructor (a notification), edited once (a
    history), and a report."""
    client = app.test_client()
    AuthActions(client).login(nip)
    thread = client.get(f"/diskusi/pos/{post_id}").location
    token = csrf_token(client, thread)
    reply = client.post(thread.split("#")[0], data={"csrf_token": token, "body": f"Setuju, @{mention.split()[1]}."})
    assert reply.status_code == 302, reply.status_code
    own = reply.location.split("#pos-")[1]
    edited = submit_form(client, f"/diskusi/pos/{own}/ubah", f"/diskusi/pos/{own}/ubah", body="Setuju sekali.")
    assert edited.status_code == 302, edited.status_code
    report = client.post(
        f"/diskusi/pos/{post_id}/laporkan", data={"csrf_token": token, "reason": "Mohon diperiksa, kurang jelas."}
    )
    assert report.status_code == 302, report.status_code


def _draft_a_lesson(app, nip: str) -> None:
    """An unpublished revision: the module then links its publish review, and its history a comparison."""
    client = app.test_client()
    AuthActions(client).login(nip)
    page = "/kelola/modul/modul-dua/pelajaran/pelajaran-2"
    saved = submit_form(client, page, page, body="## Bagian baru\n\nIsi yang diperbarui.", aksi="simpan")
    assert saved.status_code == 302, saved.status_code
