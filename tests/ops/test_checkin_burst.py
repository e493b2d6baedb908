"""The check-in burst of `make bench` (bench/checkin_burst.py) at its tiny size, 2 angkatan of 5, on SQLite and
PostgreSQL: every participant's check-in lands exactly once, without an error. Timings are the bench's report,
never asserted here."""

import secrets
import sys
from pathlib import Path

import pytest

from tests.ops.servers import server_environment

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import checkin_burst  # noqa: E402  (bench/ is a folder of scripts, not a package)

pytestmark = pytest.mark.ops


def run_tiny(kind: str, tmp_path: Path, **options) -> dict:
    env = server_environment(LMS_ENV="production", SECRET_KEY=secrets.token_hex(32))
    return checkin_burst.run_checkin_burst(kind, checkin_burst.TINY, env, None, False, work=tmp_path, **options)


def assert_every_checkin_landed_once(result: dict) -> None:
    size = checkin_burst.TINY
    assert result["angkatan"] == size.angkatan
    assert result["participants"] == size.angkatan * size.per_angkatan
    for name, expected in (("one_angkatan", size.per_angkatan), ("all_angkatan", result["participants"])):
        burst = result[name]
        assert burst["requests"] == expected
        assert burst["statuses"] == {"200": expected}
        assert burst["errors"] == 0
        assert burst["records"] == {
            "expected": expected,
            "landed": expected,
            "missing": 0,
            "duplicates": 0,
            "extra": 0,
            "refusals": 0,
        }
        # Each participant behind the proxy with an address of their own: no flag. From one address, five
        # accounts of a session within a minute meet the rule's threshold, and all of them are flagged.
        assert burst["flags"]["participants_flagged"] == 0
        assert burst["flags"]["addresses"] == expected
        assert burst["flags"]["if_one_address"] == expected
    assert result["sql_status"] == 200 and result["sql_queries"] > 0
    assert result["log"] == {"database_is_locked": 0, "tracebacks": 0}


def test_the_tiny_burst_on_sqlite(tmp_path):
    assert_every_checkin_landed_once(run_tiny("sqlite", tmp_path))


def test_the_tiny_burst_on_postgresql(ops_database, tmp_path):
    assert_every_checkin_landed_once(run_tiny("postgresql", tmp_path, pg_url=ops_database))
