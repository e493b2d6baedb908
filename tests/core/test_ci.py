"""The CI scripts: package installs wait for another apt/dpkg instead of failing on its lock."""

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APT_INSTALL = ROOT / ".ci" / "apt-install"
LISTS_LOCKED = "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)"

# A stand-in for apt-get: logs its arguments; `update` fails with FAKE_UPDATE_ERROR while the
# count of calls so far is below FAKE_UPDATE_FAILURES.
FAKE_APT_GET = """#!/usr/bin/env bash
echo "$*" >> "$FAKE_LOG"
if [[ " $* " == *" update "* ]]; then
  calls=$(grep -c " update" "$FAKE_LOG")
  if (( calls <= FAKE_UPDATE_FAILURES )); then echo "$FAKE_UPDATE_ERROR" >&2; exit 100; fi
fi
exit 0
"""


@pytest.fixture
def fake_apt(tmp_path):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "apt-get").write_text(FAKE_APT_GET)
    (bindir / "apt-get").chmod(0o755)
    log = tmp_path / "apt.log"

    def run(failures: int, error: str = LISTS_LOCKED, wait: int = 600) -> tuple[subprocess.CompletedProcess, list]:
        env = {
            **os.environ,
            "PATH": f"{bindir}:{os.environ['PATH']}",
            "FAKE_LOG": str(log),
            "FAKE_UPDATE_FAILURES": str(failures),
            "FAKE_UPDATE_ERROR": error,
            "APT_LOCK_WAIT_SECONDS": str(wait),
            "APT_LOCK_RETRY_SECONDS": "0",
        }
        result = subprocess.run(
            [str(APT_INSTALL), "chromium"], env=env, capture_output=True, text=True, timeout=60, check=False
        )
        calls = log.read_text().splitlines() if log.exists() else []
        return result, calls

    return run


def test_update_waits_while_another_apt_holds_the_lists_lock(fake_apt):
    result, calls = fake_apt(failures=2)
    assert result.returncode == 0, result.stderr
    assert [c.split()[-2:] for c in calls] == [["update", "-qq"]] * 3 + [["-qq", "chromium"]]
    install = calls[-1]
    # The install itself waits for the dpkg lock (apt does it: DPkg::Lock::Timeout).
    assert re.search(r"-o DPkg::Lock::Timeout=600 install -y -qq chromium$", install), install


def test_another_update_failure_is_not_retried(fake_apt):
    result, calls = fake_apt(failures=5, error="E: Failed to fetch http://deb.debian.org/ 404 Not Found")
    assert result.returncode == 1 and "Failed to fetch" in result.stderr
    assert len(calls) == 1


def test_the_wait_for_the_lock_is_bounded(fake_apt):
    result, calls = fake_apt(failures=1000, wait=0)
    assert result.returncode == 1 and "Could not get lock" in result.stderr
    assert not any("install" in c for c in calls)


def _shell_sources():
    """Every file of ours that runs shell commands: CI scripts, the Makefile, deployment files."""
    files = [ROOT / "Makefile", *(ROOT / ".ci").iterdir(), *(ROOT / "deploy").iterdir()]
    files += [p for p in ROOT.rglob("*.sh") if ".venv" not in p.parts]
    return [p for p in files if p.is_file() and p != APT_INSTALL]


def test_every_package_install_goes_through_apt_install():
    """A bare `apt-get update/install` fails at once when another apt holds its lock (issue 13)."""
    bare = re.compile(r"\bapt-get\b[^\n#]*\b(update|install)\b")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in _shell_sources()
        for n, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if bare.search(line.split("#", 1)[0])
    ]
    assert offenders == [], "use .ci/apt-install PACKAGE instead:\n" + "\n".join(offenders)


TESTS = ROOT / "tests"
CONFTEST_IMPORT = re.compile(r"^\s*(?:from\s+[\w.]*\bconftest\b[\w.]*\s+import\b|import\s+[\w.]*\bconftest\b)", re.M)


def test_no_test_module_imports_from_a_conftest():
    """Helpers live in tests/helpers/ and tests/factories.py, fixtures in tests/plugins/ (registered by the
    root conftest's pytest_plugins): importing a conftest runs it twice and hides where a fixture comes from."""
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for path in sorted(TESTS.rglob("*.py"))
        for match in CONFTEST_IMPORT.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "import from tests/helpers/ or use a fixture of tests/plugins/:\n" + "\n".join(offenders)


def test_the_conftest_import_check_sees_both_spellings():
    assert CONFTEST_IMPORT.search("from tests.quiz.conftest import quiz_content")
    assert CONFTEST_IMPORT.search("    from tests.conftest import post")
    assert CONFTEST_IMPORT.search("import tests.conftest as c")
    assert not CONFTEST_IMPORT.search("from tests.helpers.web import post  # was tests.conftest")
