"""Anomaly flags per participant per session, each from one named rule over plain values.

A flag is shown on the recap beside the check-in: it never refuses or removes a check-in (an internet room
of honest participants shares one address; the coordinator decides)."""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask import current_app

SHARED_ADDRESS = "alamat_sama"
SHARED_DEVICE = "perangkat_sama"
SAME_TIMING = "waktu_sama"
OUTSIDE_WINDOW = "di_luar_waktu"

DEFAULTS = {
    "LMS_ANOMALY_ADDRESS_ACCOUNTS": 5,  # this many accounts from one address within a minute
    "LMS_ANOMALY_DEVICE_ACCOUNTS": 2,  # this many accounts from one device cookie within a minute
    "LMS_ANOMALY_TIMING_SESSIONS": 3,  # the same delay after the code opened in this many sessions
}
TIMING_TOLERANCE_SECONDS = 1.0
TIMING_SHARE = 0.5
SAME_MINUTE_SECONDS = 60


@dataclass(frozen=True)
class CheckinFact:
    user_id: int
    session_id: int
    at: datetime
    opened_at: datetime  # when the code entered was opened
    ip: str
    device: str


@dataclass(frozen=True)
class Flag:
    kind: str
    count: int  # accounts sharing the source, sessions with the same timing, attempts outside the window


Key = tuple[int, int]  # (user_id, session_id)


def _crowded(facts: list[CheckinFact], source, min_accounts: int) -> dict[Key, int]:
    """(user, session) -> accounts seen from the same source within a minute of that check-in, when at least
    min_accounts (the user included)."""
    by_source: dict[tuple[int, str], list[CheckinFact]] = defaultdict(list)
    for fact in facts:
        if source(fact):
            by_source[(fact.session_id, source(fact))].append(fact)
    found: dict[Key, int] = {}
    for group in by_source.values():
        if len({f.user_id for f in group}) < min_accounts:
            continue
        for fact in group:
            near = {
                other.user_id for other in group if abs((other.at - fact.at).total_seconds()) <= SAME_MINUTE_SECONDS
            }
            if len(near) >= min_accounts:
                key = (fact.user_id, fact.session_id)
                found[key] = max(found.get(key, 0), len(near))
    return found


def shared_address(facts: list[CheckinFact], min_accounts: int) -> dict[Key, Flag]:
    """Many accounts checking in from one address within the same minute."""
    return {k: Flag(SHARED_ADDRESS, n) for k, n in _crowded(facts, lambda f: f.ip, min_accounts).items()}


def shared_device(facts: list[CheckinFact], min_accounts: int) -> dict[Key, Flag]:
    """Several accounts checking in from one browser (the same device cookie) within the same minute."""
    return {k: Flag(SHARED_DEVICE, n) for k, n in _crowded(facts, lambda f: f.device, min_accounts).items()}


def identical_timing(facts: list[CheckinFact], min_sessions: int) -> dict[Key, Flag]:
    """A participant whose check-ins come the same number of seconds (within a second) after the code opened in
    at least min_sessions sessions and in at least half of the sessions they checked in to: what a script with a
    fixed delay does. A person's delays coincide now and then over 20 sessions, never in most of them."""
    delays: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for fact in facts:
        delays[fact.user_id].append(((fact.at - fact.opened_at).total_seconds(), fact.session_id))
    found: dict[Key, Flag] = {}
    for user_id, items in delays.items():
        items.sort()
        needed = max(min_sessions, math.ceil(TIMING_SHARE * len({s for _d, s in items})))
        for i, (delay, _session) in enumerate(items):
            cluster = [s for d, s in items[i:] if d - delay <= TIMING_TOLERANCE_SECONDS]
            sessions = set(cluster)
            if len(sessions) >= needed:
                for session_id in sessions:
                    found[(user_id, session_id)] = Flag(SAME_TIMING, len(sessions))
    return found


def outside_window(attempts: list[Key]) -> dict[Key, Flag]:
    """Attempts to check in while the session's window was closed: (user, session) per refused attempt."""
    counts: dict[Key, int] = defaultdict(int)
    for key in attempts:
        counts[key] += 1
    return {key: Flag(OUTSIDE_WINDOW, n) for key, n in counts.items()}


def thresholds() -> dict[str, int]:
    return {name: int(current_app.config.get(name, default)) for name, default in DEFAULTS.items()}


def all_flags(facts: list[CheckinFact], attempts_outside: list[Key], limits: dict[str, int]) -> dict[Key, list[Flag]]:
    """Every rule's flags, per (user, session)."""
    flags: dict[Key, list[Flag]] = defaultdict(list)
    for found in (
        shared_address(facts, limits["LMS_ANOMALY_ADDRESS_ACCOUNTS"]),
        shared_device(facts, limits["LMS_ANOMALY_DEVICE_ACCOUNTS"]),
        identical_timing(facts, limits["LMS_ANOMALY_TIMING_SESSIONS"]),
        outside_window(attempts_outside),
    ):
        for key, flag in found.items():
            flags[key].append(flag)
    return dict(flags)
