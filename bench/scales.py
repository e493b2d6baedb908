"""The benchmark's data scales: `Scale` (the sizes) and `SCALES`, the named ones (bench/README.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    instansi: int = 3
    angkatan: int = 25  # in total, spread round-robin over the instansi
    per_angkatan: int = 40  # participants in each angkatan
    coordinators: int = 4  # each sees every instansi of the scale, like the demo coordinator
    big_angkatan: int = 0  # one more angkatan of this size (capacity raised), for the angkatan page at 400
    open_angkatan: int = 2  # the first new angkatan: MOOC opened 3 days ago, nobody has taken a quiz yet
    extra_quizzes: int = 0  # more required MOOC quizzes on top of the curriculum's three (max 10 attempts)
    attempts_per_quiz: float = 2.9  # mean graded attempts on each quiz a participant has reached (<= max_attempts)
    detail_participants: int = 40  # participants whose attempts also get attempt_questions (participant record)
    # Discussion (a later issue): posts per angkatan, replies per thread, ...

    @property
    def participants(self) -> int:
        return self.angkatan * self.per_angkatan + self.big_angkatan


SCALES = {
    # 3 instansi, 25 angkatan of 40 (1,000 participants) plus one angkatan of 400: 1,400 participants and
    # about 10,000 graded attempts (the curriculum's 3 quizzes allow 3 attempts each).
    "default": Scale(big_angkatan=400),
    # The overview of one instansi with 10,000 participants, 12 required quizzes each, 5 attempts on average
    # on each (3 at most on the curriculum's three): about 450,000 attempts.
    "instansi10k": Scale(instansi=1, angkatan=250, extra_quizzes=9, attempts_per_quiz=5.0),
    # The admin overview, and the lesson page, over 100,000 participants in 50 instansi with the same 12
    # quizzes, one attempt on each reached quiz: about 1,000,000 attempts.
    "national100k": Scale(instansi=50, angkatan=2500, extra_quizzes=9, attempts_per_quiz=1.0),
}
