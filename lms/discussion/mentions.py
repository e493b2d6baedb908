"""Mentions: `@` followed by the name of a member of the space, as in "@Siti Rahayu".

Names have spaces, so a mention is matched against the members' names (the longest that fits),
not cut at the first space. Text inside code (`...` and fenced blocks) mentions nobody.
"""

import re

_CODE = re.compile(r"```.*?(?:```|\Z)|~~~.*?(?:~~~|\Z)|`[^`\n]*`", re.DOTALL)
_SPACES = re.compile(r"\s+")


def mention_names(name: str) -> list[str]:
    """The ways a member can be mentioned: the full name, and the name before a comma (degrees)."""
    names = [_SPACES.sub(" ", name.strip())]
    short = names[0].split(",")[0].strip()
    if short and short != names[0]:
        names.append(short)
    return [n for n in names if len(n) >= 2]


def find_mentions(text: str, members: dict[int, str]) -> set[int]:
    """The ids of the members (id -> name) that the text mentions. Two members with the same name are
    both mentioned: the writer cannot tell them apart either."""
    plain = _SPACES.sub(" ", _CODE.sub(" ", text or "")).casefold()
    if "@" not in plain:
        return set()
    by_name: dict[str, set[int]] = {}
    for user_id, name in members.items():
        for variant in mention_names(name):
            by_name.setdefault(variant.casefold(), set()).add(user_id)
    names = sorted(by_name, key=len, reverse=True)
    found: set[int] = set()
    for match in re.finditer("@", plain):
        start = match.end()
        if match.start() > 0 and (plain[match.start() - 1].isalnum()):
            continue  # an e-mail address, not a mention
        for name in names:
            end = start + len(name)
            if plain.startswith(name, start) and (end == len(plain) or not plain[end].isalnum()):
                found |= by_name[name]
                break
    return found
