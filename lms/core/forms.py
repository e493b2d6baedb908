"""Small helpers shared by the forms of every feature."""


def error_summary(form) -> str:
    """All of a form's errors as one sentence, for a flash message after a redirect."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)
