"""The posting flow and the page rules as plain functions: values in, values out, no request."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.discussion import editing, posting
from lms.discussion.access import Member, ThreadContext
from lms.discussion.models import Post, Thread
from lms.discussion.posting import NewReply, NewThread, Submitted
from lms.discussion.spaces import GENERAL, Space

TOKEN = "0123456789abcdef0123456789abcdef"


def _posts() -> int:
    return db.session.scalar(select(func.count()).select_from(Post))


def _member(world, who: str, participant: bool = True) -> Member:
    return Member(world.id(who), world.a, participant, not participant, frozenset())


class Claims:
    """A posting rate that answers `wait` and counts how often a place was claimed."""

    def __init__(self, wait: float = 0.0):
        self.wait, self.calls = wait, 0

    def __call__(self) -> float:
        self.calls += 1
        return self.wait


def _context(world, thread: Thread, who: str, participant: bool = True) -> ThreadContext:
    return ThreadContext(thread, Space(world.a, GENERAL), _member(world, who, participant), "", 0)


def test_a_thread_is_saved_once_whatever_the_number_of_sendings(app, world, ctx):
    space, member, claims = Space(world.a, GENERAL), _member(world, "siti"), Claims()
    data = NewThread("Isu pelayanan", "Antrean panjang.", None, TOKEN)
    first = posting.submit_thread(space, member, data, claims)
    again = posting.submit_thread(space, member, data, claims)
    assert first.post is not None and not first.repeated and first.status == 200
    assert again.post.id == first.post.id and again.repeated
    assert claims.calls == 1 and _posts() == 1


def test_a_refused_text_writes_nothing_and_claims_no_place(app, world, ctx):
    claims = Claims()
    outcome = posting.submit_thread(Space(world.a, GENERAL), _member(world, "siti"), NewThread("Judul", " \n "), claims)
    assert outcome.post is None and outcome.refused.field == "body" and outcome.status == 200
    assert claims.calls == 0 and _posts() == 0


def test_too_fast_answers_the_seconds_to_wait_and_writes_nothing(app, world, ctx):
    outcome = posting.submit_thread(
        Space(world.a, GENERAL), _member(world, "siti"), NewThread("Judul", "Isi"), Claims(wait=7.5)
    )
    assert outcome == Submitted(wait=7.5) and outcome.status == 429 and _posts() == 0


def test_a_reply_to_a_locked_thread_comes_back_but_a_moderator_may_still_write(app, world, ctx):
    opening = posting.start_thread(Space(world.a, GENERAL), _member(world, "siti"), NewThread("Judul", "Isi"))
    opening.thread.locked = True
    db.session.commit()
    refused = posting.submit_reply(_context(world, opening.thread, "budi"), NewReply("Balasan"), Claims())
    assert refused.post is None and refused.status == 200 and "dikunci" in refused.refused.message
    written = posting.submit_reply(_context(world, opening.thread, "instructor", False), NewReply("Catatan"), Claims())
    assert written.post is not None and written.post.seq == 2


def test_quoting_a_post_of_another_thread_is_a_404(app, world, ctx):
    space, siti = Space(world.a, GENERAL), _member(world, "siti")
    one = posting.start_thread(space, siti, NewThread("Satu", "Isi satu"))
    other = posting.start_thread(space, siti, NewThread("Dua", "Isi dua"))
    db.session.commit()
    outcome = posting.submit_reply(_context(world, one.thread, "budi"), NewReply("Balasan", other.id), Claims())
    assert outcome.status == 404 and _posts() == 2


def test_an_edit_after_the_window_is_a_403_that_keeps_the_post(app, world, ctx):
    opening = posting.start_thread(Space(world.a, GENERAL), _member(world, "siti"), NewThread("Judul", "Teks awal"))
    db.session.commit()
    context = _context(world, opening.thread, "siti")
    saved = editing.submit_edit(opening, context, world.id("siti"), "Teks kedua", "Judul")
    assert saved.post is opening and opening.body_md == "Teks kedua"
    opening.created_at -= editing.EDIT_WINDOW + timedelta(minutes=1)
    db.session.commit()
    late = editing.submit_edit(opening, context, world.id("siti"), "Teks ketiga", "Judul")
    assert late.post is None and late.status == 403 and "30 menit" in late.refused.message
    assert db.session.get(Post, opening.id).body_md == "Teks kedua"


def _row(post_id, author_id, age_minutes=1, deleted=False, hidden=False):
    return SimpleNamespace(
        id=post_id, author_id=author_id, deleted=deleted, hidden=hidden, created_at=NOW - timedelta(minutes=age_minutes)
    )


NOW = utcnow()


def test_the_page_offers_edit_only_where_the_edit_rule_allows_it():
    rows = [_row(1, 7), _row(2, 8), _row(3, 7, age_minutes=31), _row(4, 7, deleted=True), _row(5, 7, hidden=True)]
    open_thread, locked = SimpleNamespace(locked=False), SimpleNamespace(locked=True)
    assert editing.editable(rows, open_thread, 7, NOW) == {1}
    assert editing.editable(rows, locked, 7, NOW) == set()


@pytest.mark.parametrize(
    "deleted, hidden, moderator, shown, status",
    [
        (False, False, False, True, None),
        (True, False, False, False, 409),  # deleted: dropped from the form, refused if sent
        (False, True, False, False, 404),  # hidden: not there for a participant
        (False, True, True, True, 409),  # a moderator's quote of a hidden post stays, to be removed
    ],
)
def test_what_may_be_quoted(deleted, hidden, moderator, shown, status):
    quoted = SimpleNamespace(id=3, deleted_at=NOW if deleted else None, hidden_at=NOW if hidden else None)
    assert (posting.quote_in_form(quoted, moderator) is quoted) is shown
    refused = posting.quote_refusal(quoted, moderator)
    assert (refused.status if refused else None) == status
    assert posting.quote_in_form(None, moderator) is None and posting.quote_refusal(None, moderator).status == 404


def test_who_may_reply():
    thread = SimpleNamespace(locked=False, hidden=False, last_seq=61)
    assert posting.reply_refusal(thread, False) is None and posting.last_page(thread) == 3
    thread.hidden = True
    assert posting.reply_refusal(thread, False) and posting.reply_refusal(thread, True) is None
    assert posting.last_page(SimpleNamespace(last_seq=0)) == 1
