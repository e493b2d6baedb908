"""People: instansi, angkatan, schedules, tutor groups, enrolment and participant import."""
