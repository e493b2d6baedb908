"""The login throttle while Redis is away: logins keep working and failures keep being counted (by
each instance in its own memory) until Redis answers again. Before, every login answered 500."""

import pytest

from lms.core.extensions import db, limiter
from lms.phases.models import install_default_phases
from tests.factories import make_user
from tests.helpers.web import AuthActions
from tests.ops.servers import free_port


@pytest.fixture
def app_without_redis(make_app):
    # A port nobody listens on: Redis refuses every connection, as when it is stopped.
    app = make_app(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0")
    with app.app_context():
        install_default_phases()
        db.session.commit()
    yield app
    # The extension object is shared by every app of this test process: forget the dead storage.
    limiter._storage_dead = False


def test_logins_work_and_stay_throttled_while_redis_is_down(app_without_redis):
    app = app_without_redis
    with app.app_context():
        nip = make_user(name="Ayu Lestari").nip
        db.session.commit()
    auth = AuthActions(app.test_client())

    assert auth.login(nip).status_code == 302
    assert auth.logout().status_code == 302
    for _ in range(5):
        failed = auth.login(nip, "bukan-kata-sandinya")
        assert failed.status_code == 200
        assert "NIP/email atau kata sandi salah" in failed.get_data(as_text=True)
    blocked = auth.login(nip)
    assert blocked.status_code == 429
    assert "Terlalu banyak percobaan" in blocked.get_data(as_text=True)
