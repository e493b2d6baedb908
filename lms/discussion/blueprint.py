"""The members' discussion blueprint ("discussion") and what its views share: ids in URLs, the locked
page, the way to a post, and a submitted form's answer.

The three forms that carry a writer's text (new thread, reply, edit) check their CSRF token in the
form itself instead of in the app-wide guard, so that an expired token brings the form back with
the text in it (and a message) rather than an error page. The check is the same one; nothing is
written unless it passes. Its views live in space_routes, thread_routes and post_routes.
"""

from flask import Blueprint, flash, redirect, render_template, url_for

from lms.discussion import drafts
from lms.discussion.access import SpaceLocked
from lms.discussion.forms import MAX_ID
from lms.discussion.models import Post
from lms.discussion.posting import Submitted, page_of

# Ids in URLs stop at the database integer limit: a larger number is a 404, never a 500.
ID = f"int(max={MAX_ID})"
bp = Blueprint("discussion", __name__)
bp.app_context_processor(drafts.context)


@bp.errorhandler(SpaceLocked)
def locked(error: SpaceLocked):
    return render_template("discussion/locked.html", state=error.state), 403


def to_post(post: Post):
    """To the post, on its page of the thread."""
    return redirect(url_for("discussion.thread", thread_id=post.thread_id, hal=page_of(post.seq)) + f"#pos-{post.id}")


def posted(outcome: Submitted, draft: str, message: str | None = None):
    """A saved text: the browser forgets its draft and the writer sees the post (a form sent twice
    just goes to the post its first sending made)."""
    if not outcome.repeated:
        drafts.clear_later(draft)
        if message:
            flash(message, "success")
    return to_post(outcome.post)


def not_posted(outcome: Submitted, form) -> str | None:
    """A text that comes back: the refusal goes next to its field; returns the message above the form."""
    if outcome.wait:
        return drafts.wait_message(outcome.wait)
    drafts.attach(form, outcome.refused)
    return None
