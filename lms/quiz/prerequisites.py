"""What must be done before a quiz opens: with `requires_reading`, every module of its agenda read."""

from flask_babel import gettext as _

from lms.content.progress import ALL_AGENDAS, unread_modules
from lms.content.reading import ModuleSummary
from lms.quiz.attempts import QuizRefused
from lms.quiz.models import Quiz


def unread_before(quiz: Quiz, user_id: int) -> list[ModuleSummary]:
    """The modules still to read before this participant may start the quiz (empty: it is open).
    A quiz outside any agenda waits for every module of its phase."""
    if not quiz.requires_reading:
        return []
    return unread_modules(user_id, quiz.phase_id, ALL_AGENDAS if quiz.agenda is None else quiz.agenda)


def require_reading_done(quiz: Quiz, user_id: int) -> None:
    """Refuse to start the quiz while modules are unread; the message names them."""
    unread = unread_before(quiz, user_id)
    if unread:
        raise QuizRefused(
            _(
                "Evaluasi ini terbuka setelah semua modul agendanya selesai dibaca. Modul yang belum selesai: "
                "%(modules)s.",
                modules=", ".join(m.title for m in unread),
            ),
            403,
        )
