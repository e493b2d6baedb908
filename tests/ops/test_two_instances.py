"""Two app instances behind a load balancer: one PostgreSQL, one Redis, any request to either.

Both run `gunicorn wsgi:app` with LMS_ENV=production and one shared SECRET_KEY, as deployed. Why
production rather than development with the same settings: production is what refuses a weak
secret, turns debug off and marks cookies Secure, and those are exactly what a load-balanced
deployment depends on. The HTTPS leg is played by the client (X-Forwarded-Proto: https with
LMS_TRUST_PROXY=1, cookies stored from Set-Cookie and sent back; see tests/ops/visitor.py).
"""

from types import SimpleNamespace

import pytest

from tests.helpers.ops import random_address
from tests.ops.servers import Fleet
from tests.ops.visitor import Visitor, attempt_id_from, question_state
from tests.ops.world import QUESTIONS, QUIZ, Records, prepare_database, production_settings

pytestmark = pytest.mark.ops


@pytest.fixture(scope="module")
def deployment(ops_database_for_module, redis_index, tmp_path_factory):
    """One deployment for the module's tests (each uses participants of its own): it takes seconds
    to boot, as the real one does."""
    url, tmp = ops_database_for_module, tmp_path_factory.mktemp("two-instances")
    env = production_settings(url, RATELIMIT_STORAGE_URI=redis_index.url)
    prepare_database(env, tmp / "content")
    records = Records(url)
    fleet = Fleet(tmp)
    try:
        people = records.make_people(3)
        a, b = fleet.start(env, workers=1, names=("a", "b"))
        yield SimpleNamespace(a=a.port, b=b.port, records=records, people=people, redis=redis_index)
    finally:
        fleet.stop_all()
        records.close()


def test_a_session_made_on_one_instance_is_valid_on_the_other(deployment):
    d = deployment
    visitor = Visitor(random_address())
    assert visitor.login(d.a, d.people.participants[0], d.people.password).status == 302

    home = visitor.get(d.b, "/")
    assert home.status == 200, home.location
    assert "Keluar" in home.text  # the logged-in layout, not the login page

    # A form rendered by instance A is accepted by instance B: the CSRF token rides in the shared session.
    token = visitor.csrf_token(d.a, "/")
    stolen_copy = dict(visitor.cookies)
    logout = visitor.request(d.b, "POST", "/keluar", form={"csrf_token": token})
    assert logout.status == 302 and logout.location.endswith("/masuk")

    # Logging out on B ends the session on the server, so a copy of the old cookie fails on A too.
    visitor.cookies = stolen_copy
    again = visitor.get(d.a, "/")
    assert again.status == 302 and "/masuk" in again.location


def test_an_attempt_started_on_one_instance_is_resumed_and_submitted_on_the_other(deployment):
    d = deployment
    visitor = Visitor(random_address())
    assert visitor.login(d.a, d.people.participants[1], d.people.password).status == 302

    started = visitor.post(d.a, f"/evaluasi/{QUIZ}/mulai")
    assert started.status == 302, started.text[:300]
    attempt_id = attempt_id_from(started.location)
    key = d.records.answer_key(attempt_id)
    assert len(key) == QUESTIONS

    def question(port, n):
        page = visitor.get(port, f"/evaluasi/{QUIZ}/percobaan/{attempt_id}/soal/{n}")
        assert page.status == 200, (page.status, page.location)
        return page

    def save(port, n):
        rev, _shown = question_state(question(port, n).text)
        answer = visitor.post(
            port,
            f"/evaluasi/{QUIZ}/percobaan/{attempt_id}/soal/{n}",
            {"jawaban": [str(c) for c in key[n]], "rev": str(rev), "aksi": "simpan"},
            json=True,
        )
        assert answer.status == 200, answer.text[:300]

    for n in (1, 2, 3):
        save(d.a, n)

    # On the other instance the attempt is the same one, with the answers saved on the first.
    for n in (1, 2, 3):
        assert question_state(question(d.b, n).text)[1] == key[n]
    assert question_state(question(d.b, 4).text)[1] == []
    resumed = visitor.post(d.b, f"/evaluasi/{QUIZ}/mulai")
    assert attempt_id_from(resumed.location) == attempt_id
    assert resumed.location.endswith("/soal/4")  # the first unanswered question

    for n in (4, 5):
        save(d.b, n)
    summary = visitor.get(d.a, f"/evaluasi/{QUIZ}/percobaan/{attempt_id}/ringkasan")
    assert summary.status == 200

    submitted = visitor.post(d.b, f"/evaluasi/{QUIZ}/percobaan/{attempt_id}/kirim")
    assert submitted.status == 302 and submitted.location.endswith(f"/percobaan/{attempt_id}/hasil")
    # A second click that the load balancer sends to the other instance lands on the same result.
    again = visitor.post(d.a, f"/evaluasi/{QUIZ}/percobaan/{attempt_id}/kirim")
    assert again.status == 302 and again.location.endswith(f"/percobaan/{attempt_id}/hasil")
    result = visitor.get(d.a, f"/evaluasi/{QUIZ}/percobaan/{attempt_id}/hasil")
    assert result.status == 200 and "100" in result.text

    (attempt,) = d.records.attempts([d.people.participants[1]])
    assert (attempt.id, attempt.status, attempt.score) == (attempt_id, "graded", 100)
    assert d.records.gradings() == {attempt_id: 1}
    saved = d.records.saved_choices([attempt_id])
    assert {n: saved[(attempt_id, n)] for n in key} == key


def test_the_login_throttle_is_shared_between_instances(deployment):
    """5 failures per account per 15 minutes, counted in Redis: failures on A count on B."""
    d = deployment
    nip = d.redis.forget(d.people.participants[2])
    visitor = Visitor(d.redis.forget(random_address()))

    for port in (d.a, d.b, d.a, d.b, d.a):
        failed = visitor.login(port, nip, "bukan-kata-sandinya")
        assert failed.status == 200 and "NIP/email atau kata sandi salah" in failed.text
    # With per-instance counters (memory://) each instance would have seen at most three failures.
    assert d.redis.keys_about(nip), "the account's failures are not counted in Redis"

    for port in (d.b, d.a):  # the sixth try is refused everywhere, even with the right password
        refused = visitor.login(port, nip, d.people.password)
        assert refused.status == 429, refused.status
        assert "Terlalu banyak percobaan" in refused.text
        assert "Keluar" not in refused.text

    # The limit is per account: another participant behind the same address still gets in.
    neighbour = Visitor(visitor.address)
    assert neighbour.login(d.b, d.people.participants[0], d.people.password).status == 302


def test_gunicorn_alone_sends_static_files_compressed_with_a_years_cache(deployment):
    """No nginx in front: the stylesheet and scripts still go out gzip-compressed and cached a year."""
    import gzip
    import http.client
    import re

    page = Visitor(random_address()).get(deployment.a, "/masuk").text
    for url in re.findall(r'"(/static/[a-z]+\.(?:css|js)\?v=[0-9a-f]+)"', page) + ["/static/quiz.js?v=1"]:
        conn = http.client.HTTPConnection("127.0.0.1", deployment.a, timeout=10)
        conn.request("GET", url, headers={"Accept-Encoding": "gzip"})
        response = conn.getresponse()
        body = response.read()
        conn.close()
        assert response.status == 200, url
        assert response.getheader("Content-Encoding") == "gzip", url
        assert len(gzip.decompress(body)) > 2 * len(body), url
        assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable", url
