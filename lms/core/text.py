"""Which characters a stored text may hold: the one rule every input (forms, CSV, CLI, files) applies."""

import re

# C0 controls and DEL, and the Unicode line and paragraph separators: invisible, they break exports
# (openpyxl refuses them), CSV readers and single-line displays.
_SINGLE_LINE = re.compile("[\x00-\x1f\x7f\u2028\u2029]")
# A multi-line text may also hold tabs and line ends (browsers send a textarea's newlines as CRLF).
_MULTI_LINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")


def control_character(value: str | None, *, multiline: bool = False) -> tuple[int, str] | None:
    """The first character the field may not hold, as (1-based position, "U+0000"), or None if clean."""
    match = (_MULTI_LINE if multiline else _SINGLE_LINE).search(value or "")
    if match is None:
        return None
    return match.start() + 1, f"U+{ord(match.group()):04X}"


def control_character_problem(value: str | None, *, multiline: bool = False) -> str | None:
    """The Indonesian reason for files and the CLI (`file:line: reason`), or None if the text is clean."""
    found = control_character(value, multiline=multiline)
    if found is None:
        return None
    position, code = found
    if code in ("U+000A", "U+000D"):
        return f"baris baru pada karakter ke-{position}; isian ini harus satu baris"
    return f"karakter kendali tak terlihat {code} pada karakter ke-{position}; hapus karakter itu"


def without_control_characters(value: str, *, multiline: bool = True, replacement: str = "\ufffd") -> str:
    """The text with every forbidden character replaced, for output of what was stored before the rule."""
    return (_MULTI_LINE if multiline else _SINGLE_LINE).sub(replacement, value)


def line_problems(text: str) -> list[tuple[int, str]]:
    """(line number, reason) for every line of a file that holds a forbidden character."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if problem := control_character_problem(line, multiline=True):
            found.append((number, problem))
    return found
