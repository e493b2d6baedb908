"""Only administrators reach the admin pages: staff of every other role are refused (403), the refusal is
recorded, and a refused POST changes nothing. (Participants: tests/core/test_access.py.)"""

import re

import pytest
from sqlalchemy import func, select

from lms.auth.models import User
from lms.core.extensions import db
from lms.core.security_events import SecurityEvent
from lms.people.models import Instansi
from tests.factories import valid_nip
from tests.helpers.web import client_for, csrf_token


def _admin_requests(app, user_id: int) -> list[tuple[str, str]]:
    requests = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin."):
            url = re.sub(r"<int:user_id>", str(user_id), rule.rule)
            requests += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return requests


@pytest.mark.parametrize("role", ["coordinator", "instructor"])
def test_staff_who_are_not_admins_are_refused_everywhere_and_the_refusals_recorded(app, staff, role):
    client = client_for(app, staff[role])
    token = csrf_token(client, "/")
    requests = _admin_requests(app, staff["participant_id"])
    assert len(requests) >= 11
    for method, url in requests:
        response = client.open(url, method=method, data={"csrf_token": token, "role": "admin", "reason": "x"})
        assert response.status_code == 403, f"{method} {url} answered {response.status_code} to a {role}"
    with app.app_context():
        refused = db.session.execute(
            select(SecurityEvent.method, SecurityEvent.path, SecurityEvent.user_id).where(
                SecurityEvent.kind == "access.denied"
            )
        ).all()
        assert sorted((m, p) for m, p, _u in refused) == sorted(requests)
        assert {u for _m, _p, u in refused} == {staff[f"{role}_id"]}
        assert db.session.get(User, staff["participant_id"]).role == "participant"


def test_a_coordinator_cannot_create_an_account_or_an_instansi(app, staff):
    client = client_for(app, staff["coordinator"])
    token = csrf_token(client, "/")
    nip = valid_nip(901)
    data = {"csrf_token": token, "nip": nip, "name": "Akun Siluman", "role": "admin"}
    assert client.post("/admin/pengguna", data=data).status_code == 403
    assert client.post("/admin/instansi", data={"csrf_token": token, "name": "Instansi Siluman"}).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(User).where(User.nip == nip)) is None
        assert db.session.scalar(select(func.count()).select_from(Instansi)) == 1
