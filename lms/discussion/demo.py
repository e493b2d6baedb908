"""Demo discussions: announcements and a few threads the widyaiswara prepare before distance learning.

The demo angkatan are still in their MOOC phase, so participants cannot post yet (their spaces
open with the distance-learning phase): everything here is written by the staff, as it would be.
"""

from datetime import datetime, timedelta

from sqlalchemy import select

from lms.auth.models import User
from lms.content.models import Module
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.discussion import posting
from lms.discussion.access import Member, ThreadContext
from lms.discussion.models import Thread
from lms.discussion.spaces import ANNOUNCEMENTS, GENERAL, GROUP, Space, topics
from lms.people.models import Angkatan

WELCOME = """Selamat datang di ruang diskusi **{name}**.

Ruang ini dipakai selama fase Pembelajaran Jarak Jauh (PJJ):

- **Pengumuman**: jadwal sesi sinkron, tugas, dan perubahan jadwal.
- **Diskusi angkatan**: satu topik untuk setiap modul Agenda I sampai III.
- **Kelompok tutor**: pembahasan rancangan aktualisasi bersama coach Anda.

Gunakan bahasa yang santun, sebut rekan dengan `@Nama`, dan tandai pertanyaan Anda dengan jelas.
Sampai jumpa di sesi sinkron pertama."""

SYNC = """Sesi sinkron pertama PJJ dilaksanakan pada hari pertama fase, pukul **09.00-11.30 WIB** melalui tautan
yang akan dibagikan di sini sehari sebelumnya.

Mohon siapkan:
1. Ringkasan satu paragraf tentang isu di unit kerja Anda.
2. Kamera dan mikrofon yang berfungsi; hadir 10 menit lebih awal.

Kehadiran dan keaktifan dicatat sebagai bagian penilaian PJJ."""

PROMPTS = [
    (
        "berorientasi-pelayanan",
        "Pertanyaan pemantik: pelayanan yang Anda terima minggu ini",
        "Ceritakan satu pengalaman menerima pelayanan publik minggu ini. Nilai BerAKHLAK mana yang "
        "terasa, dan mana yang belum? Apa satu perbaikan kecil yang bisa dilakukan petugasnya?",
    ),
    (
        "akuntabel",
        "Akuntabel tanpa menunggu diperiksa",
        "Akuntabilitas bukan hanya laporan. Berikan contoh keputusan sehari-hari di unit kerja Anda yang "
        "dapat dipertanggungjawabkan, dan jelaskan **buktinya** bila diminta atasan atau masyarakat.",
    ),
    (
        None,
        "Tanya jawab umum PJJ",
        "Utas ini untuk pertanyaan umum tentang PJJ: jadwal, tugas, akses LMS. Periksa dulu apakah "
        "pertanyaan yang sama sudah dijawab.",
    ),
]

STAFF_REPLY = (
    "Terima kasih, Pak. Untuk Agenda II saya siapkan juga studi kasus antrean puskesmas dari angkatan lalu; "
    "@{other} mohon dicek apakah masih relevan."
)

GROUP_INTRO = """Selamat bergabung di {group}. Saya coach kelompok ini.

Minggu pertama PJJ, tuliskan di utas ini:
- nama, unit kerja, dan jabatan Anda;
- satu isu di unit kerja yang ingin Anda angkat dalam rancangan aktualisasi.

Kita bahas bersama pada sesi kelompok."""


def _staff_member(user: User, angkatan_id: int) -> Member:
    return Member(user.id, angkatan_id, False, True, frozenset())


def _reply(thread: Thread, space: Space, user: User, body: str, at: datetime) -> None:
    context = ThreadContext(thread, space, _staff_member(user, thread.angkatan_id), "", 0)
    posting.reply(context, posting.NewReply(body, seen_seq=thread.last_seq), now=at)


def seed_discussions(angkatan: list[Angkatan], instructors: list[User], coordinator: User) -> int:
    """Announcements, prepared threads and a group welcome in each angkatan; returns threads made."""
    now = utcnow()
    by_slug = {t.module_id: t for t in topics()}
    slugs = _module_slugs()
    made = 0
    for index, item in enumerate(angkatan):
        lead, other = instructors[index % 2], instructors[(index + 1) % 2]
        at = now - timedelta(days=3, hours=index)
        news = Space(item.id, ANNOUNCEMENTS)
        posting.start_thread(
            news,
            _staff_member(lead, item.id),
            posting.NewThread(f"Selamat datang di PJJ {item.name}", WELCOME.format(name=item.name)),
            now=at,
        )
        posting.start_thread(
            news,
            _staff_member(coordinator, item.id),
            posting.NewThread("Jadwal sesi sinkron pertama", SYNC),
            now=at + timedelta(hours=2),
        )
        general = Space(item.id, GENERAL)
        for n, (slug, title, body) in enumerate(PROMPTS):
            module_id = slugs.get(slug) if slug else None
            if slug and module_id not in by_slug:
                module_id = None  # the content was not imported: the thread goes to "Umum"
            opening = posting.start_thread(
                general,
                _staff_member(lead, item.id),
                posting.NewThread(title, body, module_id),
                now=at + timedelta(hours=3 + n),
            )
            if n == 0:
                _reply(opening.thread, general, other, STAFF_REPLY.format(other=lead.name), at + timedelta(hours=5))
        for group in item.tutor_groups:
            tutor = group.tutor or lead
            space = Space(item.id, GROUP, group.id, group.name)
            posting.start_thread(
                space,
                _staff_member(tutor, item.id),
                posting.NewThread(f"Perkenalan {group.name}", GROUP_INTRO.format(group=group.name)),
                now=at + timedelta(hours=8),
            )
        made += 2 + len(PROMPTS) + len(item.tutor_groups)
    return made


def _module_slugs() -> dict[str, int]:
    return {slug: mid for slug, mid in db.session.execute(select(Module.slug, Module.id))}
