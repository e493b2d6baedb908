"""The gunicorn servers under test (the app and the hello-world ceiling): start, worker memory, log, stop."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from harness import OUT, SERVER_CORE, VENV_BIN
from webclient import http_request

SERVER_START_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen
    log_path: Path

    def worker_pids(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.proc.pid:
                pids.append(int(entry.name))
        return sorted(pids)

    def rss_mb(self) -> dict:
        workers = {}
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            m = re.search(r"VmRSS:\s+(\d+) kB", status)
            if m:
                workers[pid] = round(int(m.group(1)) / 1024, 1)
        return {"workers_mb": list(workers.values()), "max_mb": max(workers.values(), default=None)}

    def stop(self) -> None:
        if self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)  # gunicorn: graceful stop of master and workers
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # its own process group, made by us
            self.proc.wait(timeout=5)


WORKERS = 2
GUNICORN_ARGS = ["--workers", str(WORKERS), "--worker-class", "sync"]


def start_gunicorn(name: str, app: str, chdir: Path, env: dict, pin: bool) -> Server:
    port = free_port()
    log_path = OUT / f"gunicorn-{name}.log"
    cmd = [str(VENV_BIN / "gunicorn"), *GUNICORN_ARGS, "--bind", f"127.0.0.1:{port}", "--chdir", str(chdir), app]
    if pin:
        cmd = ["taskset", "-c", str(SERVER_CORE), *cmd]
    with open(log_path, "wb") as logf:
        proc = subprocess.Popen(cmd, env=env, stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603 (fixed argv)
    server = Server(name, port, proc, log_path)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn {name} exited with {proc.returncode}; see {log_path}")
        try:
            if http_request(port, "GET", "/").status < 500 and len(server.worker_pids()) >= 2:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn {name} did not answer within {SERVER_START_TIMEOUT}s; see {log_path}")


def log_counts(path: Path) -> dict:
    """What the app's gunicorn log says went wrong (the log holds only this server's run)."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return {}
    return {"database_is_locked": text.count("database is locked"), "tracebacks": text.count("Traceback")}
