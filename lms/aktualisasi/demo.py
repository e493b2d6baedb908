"""Demo plans: in the demo angkatan whose PJJ ends first, participants coached by the demo widyaiswara login
(mentored by the demo mentor login where possible) at each state of the plan's first path, written and moved
through the real rules (section saves, transitions: versions, comments and audit entries included)."""

import io

from PIL import Image, ImageDraw
from sqlalchemy import case, select

from lms.aktualisasi import editing
from lms.aktualisasi.attachments import add_attachment, check_attachment
from lms.aktualisasi.transitions import transition
from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.people.models import Angkatan, Enrolment

WORKPLACES = [
    {
        "issues": [
            ("Antrean pendaftaran pasien di Puskesmas menumpuk pada pagi hari", (5, 5, 5, 4, 5, 4, 4)),
            ("Rekam medis kertas sering terselip antar-ruang layanan", (4, 4, 3, 4, 3, 4, 3)),
            ("Warga belum mengetahui jadwal layanan poli", (4, 3, 4, 5, 3, 3, 3)),
        ],
        "causes": [
            "Pendaftaran masih manual di satu loket",
            "Belum ada sistem nomor antrean",
            "Jadwal poli tidak diumumkan",
        ],
        "idea": (
            "Optimalisasi antrean pendaftaran pasien melalui nomor antrean daring di Puskesmas Cipondoh",
            "Pasien mengambil nomor antrean lewat WhatsApp dan melihat perkiraan waktu layanan di papan informasi.",
        ),
        "activities": [
            (
                "Menyusun SOP antrean daring",
                ["Konsultasi dengan kepala puskesmas", "Menyusun draf SOP", "Pengesahan SOP"],
                "SOP antrean daring yang disahkan",
                1,
                6,
            ),
            (
                "Membuat papan informasi jadwal poli",
                ["Mengumpulkan jadwal poli", "Merancang papan informasi", "Memasang papan"],
                "Papan informasi jadwal poli di ruang tunggu",
                7,
                14,
            ),
        ],
    },
    {
        "issues": [
            (
                "Persyaratan layanan administrasi kependudukan di kecamatan belum jelas bagi warga",
                (5, 4, 5, 5, 4, 4, 4),
            ),
            ("Arsip surat masuk belum tertata", (3, 4, 2, 5, 3, 3, 3)),
        ],
        "causes": ["Informasi persyaratan hanya disampaikan lisan", "Tidak ada media informasi tertulis"],
        "idea": (
            "Leaflet dan kanal informasi persyaratan layanan di Kantor Kecamatan Karawaci",
            "Menyusun leaflet persyaratan dan membagikannya lewat media sosial kecamatan.",
        ),
        "activities": [
            (
                "Menyusun daftar persyaratan setiap layanan",
                ["Inventarisasi layanan", "Konfirmasi dengan kasi pelayanan"],
                "Daftar persyaratan layanan yang sudah diperiksa",
                1,
                8,
            ),
        ],
    },
    {
        "issues": [
            ("Pengajuan izin usaha mikro di dinas memakan waktu lama", (4, 5, 4, 4, 4, 5, 4)),
            ("Data pelaku UMKM tersebar di beberapa berkas", (4, 4, 3, 4, 4, 3, 4)),
        ],
        "causes": ["Berkas diperiksa berulang", "Belum ada daftar periksa kelengkapan berkas"],
        "idea": (
            "Daftar periksa kelengkapan berkas izin usaha mikro di Dinas Koperasi dan UKM",
            "Daftar periksa yang dipakai petugas dan pemohon agar berkas lengkap sejak awal.",
        ),
        "activities": [
            (
                "Menyusun daftar periksa berkas",
                ["Menelaah regulasi", "Menyusun daftar periksa", "Uji coba pada 10 pemohon"],
                "Daftar periksa kelengkapan berkas",
                1,
                10,
            ),
        ],
    },
]
VALUES = {
    "berorientasi_pelayanan": "Layanan lebih cepat dan jelas bagi warga.",
    "akuntabel": "Prosedur tertulis yang dapat diperiksa atasan.",
    "kolaboratif": "Disusun bersama rekan kerja di unit.",
}
# The first path's states, in the order the demo participants get them.
STATES = ["accepted_by_coach", "submitted", "returned_by_coach", "approved_by_mentor", "draft"]
CRITERIA = ("aktual", "problematik", "kekhalayakan", "layak", "urgency", "seriousness", "growth")


def _write(plan, content: dict) -> None:
    issues = [
        {
            "title": t,
            "description": "Diamati di unit kerja tiga bulan terakhir.",
            "scores": dict(zip(CRITERIA, s, strict=True)),
        }
        for t, s in content["issues"]
    ]
    editing.save_section(plan, "isu", {"candidates": issues, "chosen": 0}, 0)
    editing.save_section(plan, "penyebab", {"causes": content["causes"]}, 0)
    editing.save_section(plan, "gagasan", {"title": content["idea"][0], "description": content["idea"][1]}, 0)
    for title, steps, output, start, end in content["activities"]:
        editing.add_activity(
            plan,
            {
                "title": title,
                "steps": steps,
                "output": output,
                "start_day": start,
                "end_day": end,
                "values": VALUES,
                "vision_mission": "Mendukung misi meningkatkan kualitas pelayanan publik.",
                "organisation_values": "Memperkuat budaya kerja melayani dan tertib administrasi.",
            },
        )


def write_demo_plan(plan, n: int) -> None:
    """The n-th demo workplace's plan (for the features above that need a written plan: the habituation log)."""
    _write(plan, WORKPLACES[n % len(WORKPLACES)])


def _path(plan, state: str, e: Enrolment) -> None:
    if state == "draft":
        return
    transition(plan, "submit", {"participant"}, actor_id=e.user_id)
    if state == "returned_by_coach":
        comment = {"penyebab": "Dukung penyebabnya dengan data: berapa pasien per hari, berapa lama menunggu?"}
        transition(plan, "return", {"coach"}, actor_id=e.coach_id, role="coach", comments=comment)
    elif state in ("accepted_by_coach", "approved_by_mentor"):
        transition(
            plan, "accept", {"coach"}, actor_id=e.coach_id, role="coach", comments={"umum": "Rancangan sudah runtut."}
        )
        if state == "approved_by_mentor":
            transition(plan, "approve", {"mentor"}, actor_id=e.mentor_id, role="mentor")


def _organisation_chart() -> bytes:
    """A small drawn organisation chart (PNG), as a participant would photograph or export one."""
    image = Image.new("RGB", (900, 420), "white")
    draw = ImageDraw.Draw(image)
    boxes = [
        ((330, 30), "Kepala Unit"),
        ((60, 220), "Subbag Tata Usaha"),
        ((330, 220), "Pelayanan"),
        ((600, 220), "Program"),
    ]
    for (x, y), label in boxes:
        draw.rectangle((x, y, x + 240, y + 80), outline=(40, 60, 120), width=3)
        draw.text((x + 20, y + 30), label, fill=(20, 20, 20))
    draw.line((450, 110, 450, 170), fill=(40, 60, 120), width=3)
    draw.line((180, 170, 720, 170), fill=(40, 60, 120), width=3)
    for x in (180, 450, 720):
        draw.line((x, 170, x, 220), fill=(40, 60, 120), width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def seed_plans(angkatan: Angkatan, skip_user_ids=frozenset()) -> None:
    """angkatan: the demo angkatan whose PJJ ends first (none is in aktualisasi on the demo's first day)."""
    coach_id = db.session.scalar(select(User.id).where(User.role == Role.INSTRUCTOR.value).order_by(User.id))
    mentor_id = db.session.scalar(select(User.id).where(User.role == Role.MENTOR.value).order_by(User.id))
    enrolments = list(
        db.session.scalars(
            select(Enrolment)
            .join(User, User.id == Enrolment.user_id)
            .where(
                Enrolment.angkatan_id == angkatan.id, Enrolment.coach_id == coach_id, Enrolment.mentor_id.is_not(None)
            )
            .order_by(case((Enrolment.mentor_id == mentor_id, 0), else_=1), User.name, User.id)
        )
    )
    chosen = [e for e in enrolments if e.user_id not in skip_user_ids][: len(STATES)]
    for n, (enrolment, state) in enumerate(zip(chosen, STATES, strict=False)):
        plan = editing.open_plan_for_writing(enrolment.user_id)
        _write(plan, WORKPLACES[n % len(WORKPLACES)])
        if n == 0:  # the plan waiting for the mentor shows an attachment
            chart = check_attachment("bagan-organisasi.png", _organisation_chart())
            add_attachment(enrolment.user_id, chart, "Bagan organisasi unit kerja")
        _path(plan, state, enrolment)
    db.session.flush()


def write_approved_plan(enrolment: Enrolment, n: int) -> None:
    """A plan written and approved by the mentor through the real rules: the demo seminar's participants."""
    plan = editing.open_plan_for_writing(enrolment.user_id)
    _write(plan, WORKPLACES[n % len(WORKPLACES)])
    _path(plan, "approved_by_mentor", enrolment)
