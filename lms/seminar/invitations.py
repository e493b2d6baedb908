"""The invitation to a seminar, put in the outbox for the participant's coach and mentor (and the participant)
when they are placed in it and again when its time, place or penguji changes."""

import hashlib

from lms.core.i18n import local_time_span
from lms.core.outbox import enqueue

KIND_TITLES = {"rancangan": "Seminar rancangan aktualisasi", "aktualisasi": "Seminar aktualisasi"}
SUBJECTS = {False: "Undangan", True: "Perubahan undangan"}


def invite(seminar, enrolment, *, changed: bool = False) -> None:
    """One message per person and arrangement (time, room, link, penguji): a repeated call for the same arrangement
    adds nothing (outbox key); `changed` says the seminar was rearranged since an earlier invitation."""
    participant = enrolment.user
    when = local_time_span(seminar.starts_at, seminar.ends_at, seminar.angkatan.tz_name)
    where = "\n".join(x for x in (seminar.room, seminar.link) if x)
    arrangement = "|".join(
        (
            seminar.starts_at.isoformat(),
            seminar.ends_at.isoformat(),
            seminar.room or "",
            seminar.link or "",
            str(seminar.examiner_id),
        )
    )
    stamp = hashlib.sha256(arrangement.encode()).hexdigest()[:16]
    # Written in Indonesian whatever the coordinator's language, like every outbox message to staff.
    for role, person in (("coach", enrolment.coach), ("mentor", enrolment.mentor), ("peserta", participant)):
        if person is None:
            continue
        body = (
            f"Yth. {person.name},\n\n"
            + (
                "Jadwal, tempat atau penguji seminar ini berubah; undangan ini menggantikan yang sebelumnya.\n\n"
                if changed
                else ""
            )
            + f"{KIND_TITLES[seminar.kind]} {participant.name} ({seminar.angkatan.name}) dijadwalkan:\n"
            f"{when}\n{where}\n"
            f"Penguji: {seminar.examiner.name}\n\n"
            + (
                "Anda diundang hadir sebagai " + role + " peserta.\n"
                if role != "peserta"
                else "Siapkan paparan Anda. Jadwal ini juga tampil di beranda LMS Latsar.\n"
            )
        )
        enqueue(
            f"seminar-invite:{seminar.id}:{enrolment.id}:{person.id}:{stamp}",
            f"{SUBJECTS[changed]} {KIND_TITLES[seminar.kind].lower()}: {participant.name}",
            body,
            to_address=person.email,
            recipient_id=person.id,
        )
