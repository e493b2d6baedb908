"""Helpers of the deployment tests: skip (or, in CI, fail) when a service is missing, the Redis index
the tests may write in, and a client address of a test's own."""

import os
import secrets

import pytest

PG_URL = os.environ.get("LMS_TEST_DATABASE_URL")
REQUIRED = os.environ.get("LMS_REQUIRE_POSTGRES") == "1"


def unavailable(reason: str):
    if REQUIRED:
        pytest.fail(f"LMS_REQUIRE_POSTGRES=1 but {reason}")
    pytest.skip(reason)


class RedisIndex:
    """Our Redis database index; `forget(token)` marks keys (an NIP, an address) to delete afterwards."""

    def __init__(self, url: str, client):
        self.url, self.client, self.tokens = url, client, []

    def forget(self, token: str) -> str:
        self.tokens.append(token)
        return token

    def keys_about(self, token: str) -> list[bytes]:
        return list(self.client.scan_iter(match=f"*{token}*"))

    def clean(self) -> None:
        for token in self.tokens:
            keys = self.keys_about(token)
            if keys:
                self.client.delete(*keys)


def random_address() -> str:
    """A client address of our own, so the per-address login throttle is this test's alone."""
    return "10.{}.{}.{}".format(*(secrets.randbelow(250) + 1 for _ in range(3)))
