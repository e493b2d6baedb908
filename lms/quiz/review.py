"""When a participant may see the answer key and feedback of a graded attempt."""


def review_allowed(mode: str, *, graded: bool, quiz_passed: bool, phase_closed: bool) -> bool:
    if not graded or mode == "never":
        return False
    if mode == "after_attempt":
        return True
    if mode == "after_pass":
        return quiz_passed
    if mode == "after_close":
        return phase_closed
    return False
