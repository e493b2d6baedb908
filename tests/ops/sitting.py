"""A participant sitting the quiz over HTTP while the drills break things, and the ledger of what the
servers acknowledged, checked against the database afterwards.

The participant behaves like the quiz page: a request that got no answer (a dropped connection, a
503) is sent again, as a participant taps the button again; the server treats the same answer saved
twice as one save. Nothing here trusts a save the server did not acknowledge, and an acknowledged
save missing from the database fails the test.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from tests.ops.visitor import CONNECTION_ERRORS, CSRF_RE, Page, Visitor, attempt_id_from, question_state
from tests.ops.world import QUIZ

SERVER_ERROR_MARKERS = ("Traceback", 'File "/')
OUTAGE_TITLE = "Layanan sementara tidak tersedia"
OUTAGE_MESSAGE = "Jawaban dan nilai yang sudah tersimpan tidak hilang"


def is_outage_answer(page: Page) -> bool:
    """The app's 503 while the database is away: the Indonesian page, or its JSON for the quiz script."""
    if page.status != 503 or any(m in page.text for m in SERVER_ERROR_MARKERS):
        return False
    if page.content_type.startswith("application/json"):
        return OUTAGE_MESSAGE in json.loads(page.text).get("message", "")
    return page.content_type.startswith("text/html") and OUTAGE_TITLE in page.text and OUTAGE_MESSAGE in page.text


@dataclass
class Ledger:
    """Shared by every participant thread of a drill."""

    acknowledged: dict[tuple[int, int], list[int]] = field(default_factory=dict)  # last acknowledged save
    unanswered: dict[tuple[int, int], list[list[int]]] = field(default_factory=dict)  # sent since, no answer
    statuses: Counter = field(default_factory=Counter)
    dropped: Counter = field(default_factory=Counter)  # what: requests whose connection died (a killed worker)
    unexpected: list[str] = field(default_factory=list)  # every answer no participant should ever get
    attempts: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, page: Page, allowed: tuple[int, ...]) -> None:
        with self.lock:
            self.statuses[page.status] += 1
            wrong_503 = page.status == 503 and not is_outage_answer(page)
            if page.status not in allowed or wrong_503 or any(m in page.text for m in SERVER_ERROR_MARKERS):
                self.unexpected.append(f"{page.status} {page.content_type}: {page.text[:300]!r}")

    def check_saved(self, saved: dict[tuple[int, int], list[int]]) -> list[str]:
        """Every acknowledged answer is in the database, unless a later save of the same question
        (sent, its answer lost) replaced it; a saved answer nobody sent is a defect too."""
        problems = []
        for key, ack in self.acknowledged.items():
            allowed = [sorted(ack)] + [sorted(c) for c in self.unanswered.get(key, [])]
            if sorted(saved.get(key, [])) not in allowed:
                problems.append(f"attempt {key[0]} question {key[1]}: saved {saved.get(key)}, acknowledged {ack}")
        return problems


@dataclass(frozen=True)
class PendingSave:
    path: str
    key: tuple[int, int]  # (attempt, position)
    choices: list[int]
    rev: int


class Participant:
    """One logged-in participant on one or more instances (ports), taking turns between them."""

    # Any other answer is a defect: a 500, or a 409 for a save retried after its answer was lost.
    ALLOWED = (200, 302)

    def __init__(self, nip: str, password: str, ports: list[int], ledger: Ledger, allowed=ALLOWED, address=None):
        self.nip, self.password, self.ports, self.ledger = nip, password, ports, ledger
        self.allowed = allowed
        self.visitor = Visitor(address or "203.0.113.10")
        self._turn = 0
        self.deadline = time.monotonic() + 120
        self.token = ""  # the session's CSRF token, read once after login as a page would carry it

    @property
    def port(self) -> int:
        self._turn += 1
        return self.ports[self._turn % len(self.ports)]

    def _call(self, what: str, action) -> Page:
        """Send until the server answers with something other than a 503, within the drill's time."""
        while True:
            if time.monotonic() > self.deadline:
                raise AssertionError(f"participant {self.nip}: no answer within the drill's time")
            try:
                page = action(self.port)
            except CONNECTION_ERRORS:
                with self.ledger.lock:
                    self.ledger.dropped[what] += 1
                time.sleep(0.1)
                continue
            self.ledger.note(page, self.allowed)
            if page.status == 503:
                time.sleep(0.2)
                continue
            return page

    def login(self) -> None:
        page = self._call("login", lambda port: self.visitor.login(port, self.nip, self.password))
        assert page.status == 302, (page.status, page.text[:300])
        home = self._call("page", lambda port: self.visitor.get(port, "/"))
        assert home.status == 200, (home.status, home.location)
        self.token = self._token(home.text)

    def _post(self, what: str, path: str, form: dict | None = None, json: bool = False) -> Page:
        form = {"csrf_token": self.token, **(form or {})}
        return self._call(what, lambda port: self.visitor.request(port, "POST", path, form=form, json=json))

    def start(self) -> int:
        page = self._post("start", f"/evaluasi/{QUIZ}/mulai")
        assert page.status == 302, (page.status, page.text[:300])
        attempt_id = attempt_id_from(page.location)
        with self.ledger.lock:
            self.ledger.attempts.add(attempt_id)
        return attempt_id

    def question_path(self, attempt_id: int, position: int) -> str:
        return f"/evaluasi/{QUIZ}/percobaan/{attempt_id}/soal/{position}"

    def save(self, attempt_id: int, position: int, choices: list[int]) -> None:
        """Save an answer as the question page does, until the server acknowledges it."""
        self.send_save(self.open_question(attempt_id, position, choices))

    def open_question(self, attempt_id: int, position: int, choices: list[int]) -> PendingSave | None:
        """The question page, read as the participant opens it: the save to send, or None when the page
        shows the answer saved already (an earlier save landed, its acknowledgement lost)."""
        path, key = self.question_path(attempt_id, position), (attempt_id, position)
        page = self._call("page", lambda port: self.visitor.get(port, path))
        assert page.status == 200, (page.status, page.location)
        rev, shown = question_state(page.text)
        if shown == sorted(choices):
            self._acknowledge(key, choices)
            return None
        return PendingSave(path, key, list(choices), rev)

    def send_save(self, pending: PendingSave | None) -> None:
        if pending is None:
            return
        with self.ledger.lock:
            self.ledger.unanswered.setdefault(pending.key, []).append(pending.choices)
        form = {"jawaban": [str(c) for c in pending.choices], "rev": str(pending.rev), "aksi": "simpan"}
        answer = self._post("save", pending.path, form, json=True)  # resent as it is when the connection drops
        assert answer.status == 200, (answer.status, answer.text[:300])
        self._acknowledge(pending.key, pending.choices)

    def _acknowledge(self, key, choices) -> None:
        with self.ledger.lock:
            self.ledger.acknowledged[key] = list(choices)
            self.ledger.unanswered.pop(key, None)

    @staticmethod
    def _token(html: str) -> str:
        match = CSRF_RE.search(html)
        assert match, "no CSRF token on the page"
        return match.group(1) or match.group(2)

    def submit(self, attempt_id: int) -> None:
        page = self._post("submit", f"/evaluasi/{QUIZ}/percobaan/{attempt_id}/kirim")
        assert page.status == 302 and page.location.endswith(f"/percobaan/{attempt_id}/hasil"), (
            page.status,
            page.location,
        )
