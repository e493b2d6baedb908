"""Real processes for the deployment tests: gunicorn instances of wsgi:app and a throwaway PostgreSQL.

Every process is started in its own session, so clean-up can end exactly the processes a test
started (by their process group id) and nothing else on the machine.
"""

from __future__ import annotations

import glob
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 40  # seconds for gunicorn to answer /healthz; a worker imports the whole app
# Variables of the test run that must not leak into the servers (they configure the suite, not the app).
_SUITE_VARIABLES = ("LMS_", "DATABASE_URL", "SECRET_KEY", "RATELIMIT_", "FLASK_")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(**settings: str) -> dict[str, str]:
    """The process environment of a deployed instance: the machine's basics plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_SUITE_VARIABLES)}
    env.update(settings)
    return env


def run_flask(args: list[str], env: dict[str, str]) -> str:
    """`flask --app wsgi ARGS` as an operator would run it; fails the test with its output."""
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise AssertionError(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _die_with_parent() -> None:
    """In the child before exec: if the test process itself is killed (a CI timeout), the gunicorn
    master gets SIGTERM instead of living on in its own session, holding a port."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux/glibc: the fixtures still end every process on a normal exit


def _end_group(proc: subprocess.Popen, grace: float) -> None:
    """SIGTERM the process group we started, then SIGKILL what is left after `grace` seconds."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    try:  # workers that outlived their master (or a master that ignored SIGTERM)
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=10)


class Gunicorn:
    """One app instance: `gunicorn --workers N wsgi:app` on a free loopback port."""

    def __init__(self, env: dict[str, str], log_path: Path, workers: int = 2, name: str = "app"):
        self.env, self.log_path, self.workers, self.name = env, log_path, workers, name
        self.port = 0
        self.proc: subprocess.Popen | None = None

    def launch(self) -> Gunicorn:
        """Start the master; wait_ready() waits for its workers (instances boot in parallel)."""
        self.port = free_port()
        self._log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop())
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                # The production command of the deployment notes, with short timeouts so a drill stays bounded.
                "--timeout",
                "20",
                "--graceful-timeout",
                "3",
                # Several instances run on one machine here: gunicorn 27's control socket is one fixed
                # path per user, which they would fight over (and tests never use it).
                "--no-control-socket",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        return self

    def wait_ready(self) -> Gunicorn:
        self.wait_until(lambda: self.healthz() == 200 and len(self.worker_pids()) == self.workers, START_TIMEOUT)
        return self

    def healthz(self) -> int | None:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            conn.request("GET", "/healthz")
            status = conn.getresponse().status
            conn.close()
            return status
        except OSError:
            return None

    def wait_until(self, condition, timeout: float, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"gunicorn {self.name} exited ({self.proc.returncode}):\n{self.log_tail()}")
            if condition():
                return
            time.sleep(0.1)
        raise AssertionError(f"gunicorn {self.name}: {what or 'not ready'} after {timeout} s:\n{self.log_tail()}")

    def worker_pids(self) -> list[int]:
        """The live worker processes of this master (its children), read from /proc."""
        pids = []
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                fields = Path(stat).read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the process ended while we looked
            state, ppid = fields[0], int(fields[1])
            if ppid == self.proc.pid and state != "Z":
                pids.append(int(Path(stat).parent.name))
        return sorted(pids)

    def busy_worker(self, timeout: float = 3.0) -> int | None:
        """A worker that is serving a request right now (it holds an accepted client connection).

        Only a request that cannot finish (one waiting for a lock the test holds, tests/ops/locks.py)
        keeps the worker busy until the caller acts on the answer; a quick one may be over by then."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            accepted = _established_inodes(self.port)
            for pid in self.worker_pids():
                if accepted & _socket_inodes(pid):
                    return pid
            time.sleep(0.01)
        return None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is not None:
            _end_group(self.proc, grace=8)
            self.proc = None
        if getattr(self, "_log", None):
            self._log.close()


def _established_inodes(local_port: int) -> set[str]:
    """Socket inodes of ESTABLISHED TCP connections whose local port is `local_port` (server side)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == local_port and fields[3] == "01":
                inodes.add(fields[9])
    return inodes


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    try:
        for fd in os.scandir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(fd.path)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except OSError:
        pass  # the worker ended
    return inodes


class Fleet:
    """The app instances of one test (or module); stop_all() ends every one of them."""

    def __init__(self, log_dir: Path):
        self.log_dir, self.servers = log_dir, []

    def start(self, env: dict[str, str], workers: int = 2, names: tuple[str, ...] = ("app",)) -> list[Gunicorn]:
        started = [Gunicorn(env, self.log_dir / f"gunicorn-{n}.log", workers=workers, name=n) for n in names]
        self.servers.extend(started)
        for server in started:
            server.launch()
        return [server.wait_ready() for server in started]

    def stop_all(self) -> None:
        for server in self.servers:
            tail = server.log_tail(15)
            server.stop()
            print(f"--- gunicorn {server.name} log (tail) ---\n{tail}")  # pytest shows it when a test failed
        self.servers = []


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def as_postgres_user() -> list[str] | None:
    """The prefix that runs a command as the `postgres` OS user (initdb refuses to run as root)."""
    import pwd

    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return None
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"] if shutil.which("runuser") else None
    return [] if pwd.getpwuid(os.geteuid()).pw_name == "postgres" else None


class ThrowawayPostgres:
    """A PostgreSQL server of our own: initdb into a temporary directory, its own port, loopback only.

    The drills stop and start it at will; the shared server on 5432 is never touched."""

    def __init__(self, bindir: Path, run_as: list[str]):
        self.bindir, self.run_as = bindir, run_as
        # Not under pytest's tmp_path: the postgres user must be able to reach the directory.
        self.base = Path(tempfile.mkdtemp(prefix="lms-drill-pg-"))
        self.data = self.base / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")

    def _run(self, *args: str, timeout: float = 60) -> None:
        result = subprocess.run(
            [*self.run_as, str(self.bindir / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.base,
        )
        if result.returncode != 0:
            raise AssertionError(f"{args[0]} failed:\n{result.stdout}\n{result.stderr}\n{self.log_tail()}")

    def init(self) -> ThrowawayPostgres:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        # Only loopback; the socket in our directory, so nothing clashes with the shared server's.
        # fsync off: a process crash (what the drill causes) loses nothing; only an OS crash would.
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.base}'\nfsync = off\nmax_connections = 40\n"
            )
        return self

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.base / "server.log"), "-w", "-t", "30", "start")

    def stop(self, mode: str = "immediate") -> None:
        """`immediate` drops every connection at once, as a crash or a pulled cable would."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join((self.base / "server.log").read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def destroy(self) -> None:
        if self.running():
            try:
                self.stop("immediate")
            except Exception:
                self._kill_postmaster()
        shutil.rmtree(self.base, ignore_errors=True)

    def _kill_postmaster(self) -> None:
        try:
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
            os.kill(pid, signal.SIGKILL)  # the postmaster we started; its children exit with it
        except (OSError, ValueError, IndexError):
            pass
