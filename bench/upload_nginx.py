"""A 5 MB task upload from a slow phone does not hold a gunicorn worker behind nginx (issue 16, item 7).

One gunicorn sync worker serves the app; a slow client trickles a 5 MB PDF to /tugas/<id>/kirim (about 20 s)
while another client asks for a page every 100 ms. Run twice: straight to gunicorn (the worker reads the
trickle itself, the other client waits) and through nginx with the sample's buffering settings
(deploy/nginx-latsar.conf: client_max_body_size, client_body_buffer_size, proxy_request_buffering on).
Reports the other client's response times during the trickle and the upload's answer. A report, not a test.

    .venv/bin/python bench/upload_nginx.py [--seconds 20] [--size-mb 5]

Needs nginx (apt-get install nginx); the run starts its own nginx on a free port with a config written
under .bench/upload-nginx/, and its own SQLite database there.
"""

import argparse
import json
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / ".bench" / "upload-nginx"
VENV_BIN = ROOT / ".venv" / "bin"
PASSWORD = "bench-upload-2026"

NGINX_CONF = """
daemon off;
user root;
worker_processes 1;
pid {out}/nginx.pid;
error_log {out}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {out}/body;
    proxy_temp_path {out}/proxy;
    fastcgi_temp_path {out}/fastcgi;
    uwsgi_temp_path {out}/uwsgi;
    scgi_temp_path {out}/scgi;
    upstream latsar_app {{ server 127.0.0.1:{app_port}; }}
    server {{
        listen 127.0.0.1:{port};
        # As in deploy/nginx-latsar.conf:
        client_max_body_size 8m;
        client_body_buffer_size 1m;
        client_body_timeout 60s;
        error_page 413 /tugas/terlalu-besar;
        location / {{
            proxy_pass http://latsar_app;
            proxy_set_header Host $http_host;
            proxy_request_buffering on;
            proxy_buffering on;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def make_world(db_url: str, max_bytes: int) -> tuple[str, int]:
    """A migrated database with one participant and one open task: (participant NIP, task id)."""
    from flask_migrate import upgrade

    from lms.app import create_app
    from lms.core.extensions import db
    from lms.phases.models import install_default_phases
    from tests.factories import make_angkatan, make_instansi, make_instructor, make_participant, make_task

    app = create_app({"SQLALCHEMY_DATABASE_URI": db_url})
    with app.app_context():
        upgrade()
        install_default_phases()
        angkatan = make_angkatan(make_instansi())
        task = make_task(angkatan, make_instructor(angkatan), max_bytes=max_bytes, file_types="pdf")
        participant = make_participant(angkatan, password=PASSWORD)
        db.session.commit()
        result = participant.nip, task.id
        db.engine.dispose()
    return result


def request(port: int, method: str, path: str, cookie: str = "", body: bytes = b"", ctype: str = "") -> tuple:
    """(status, headers dict, body) of one HTTP/1.1 request over a fresh connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=120) as sock:
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
        if cookie:
            head += f"Cookie: {cookie}\r\n"
        if body or method == "POST":
            head += f"Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
        sock.sendall(head.encode() + b"\r\n" + body)
        return _read_response(sock)


def _read_response(sock) -> tuple:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    head, _sep, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, list[str]] = {}
    for line in lines[1:]:
        name, _c, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return int(lines[0].split()[1]), headers, body


def sign_in(port: int, nip: str) -> str:
    status, headers, body = request(port, "GET", "/masuk")
    cookie = "; ".join(c.split(";")[0] for c in headers.get("set-cookie", []))
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"csrf_token": token, "identifier": nip, "password": PASSWORD}).encode()
    status, headers, _ = request(port, "POST", "/masuk", cookie, form, "application/x-www-form-urlencoded")
    assert status == 302, f"sign-in answered {status}"
    return "; ".join(c.split(";")[0] for c in headers.get("set-cookie", [])) or cookie


def csrf_of(port: int, cookie: str, path: str) -> str:
    _status, _headers, body = request(port, "GET", path, cookie)
    return re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body).group(1).decode()


def trickle_upload(port: int, cookie: str, task_id: int, token: str, size: int, seconds: float, result: dict) -> None:
    """POST a `size`-byte PDF, sending it evenly over `seconds` (a phone on weak mobile data)."""
    boundary = "latsarbench"
    pdf = b"%PDF-1.4\n" + b"0" * (size - 9)
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="laporan.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + pdf
        + f"\r\n--{boundary}--\r\n".encode()
    )
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=120) as sock:
        sock.sendall(
            (
                f"POST /tugas/{task_id}/kirim HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
                f"Cookie: {cookie}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode()
        )
        pieces = 100
        step = -(-len(body) // pieces)
        for n in range(pieces):
            sock.sendall(body[n * step : (n + 1) * step])
            time.sleep(seconds / pieces)
        result["sent_s"] = time.monotonic() - started
        status, headers, _ = _read_response(sock)
    result.update(status=status, location=headers.get("location", [""])[0], total_s=time.monotonic() - started)


def other_client(port: int, cookie: str, stop: threading.Event, times: list) -> None:
    """A page every 100 ms, each timed (a timeout counts as 60 s)."""
    while not stop.is_set():
        started = time.monotonic()
        try:
            status, _h, _b = request(port, "GET", "/tugas/", cookie)
            times.append((time.monotonic() - started, status))
        except OSError:
            times.append((60.0, 0))
        time.sleep(0.1)


def scenario(name: str, port: int, nip: str, task_id: int, size: int, seconds: float) -> dict:
    uploader, other = sign_in(port, nip), sign_in(port, nip)
    token = csrf_of(port, uploader, f"/tugas/{task_id}")
    result: dict = {}
    times: list = []
    stop = threading.Event()
    watcher = threading.Thread(target=other_client, args=(port, other, stop, times))
    upload = threading.Thread(target=trickle_upload, args=(port, uploader, task_id, token, size, seconds, result))
    upload.start()
    time.sleep(0.5)
    watcher.start()
    upload.join()
    stop.set()
    watcher.join()
    durations = sorted(t for t, _s in times)
    return {
        "scenario": name,
        "upload_status": result.get("status"),
        "upload_sent_s": round(result.get("sent_s", 0), 1),
        "upload_answered_s": round(result.get("total_s", 0), 1),
        "other_requests": len(times),
        "other_ok": sum(1 for _t, s in times if s == 200),
        "other_p50_ms": round(statistics.median(durations) * 1000, 1) if durations else None,
        "other_p95_ms": round(durations[int(len(durations) * 0.95) - 1] * 1000, 1) if durations else None,
        "other_max_ms": round(durations[-1] * 1000, 1) if durations else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="how long the slow client takes to send (20)")
    parser.add_argument("--size-mb", type=float, default=5, help="the upload's size in MB (5)")
    args = parser.parse_args()
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        print("nginx is not installed (apt-get install nginx)", file=sys.stderr)
        return 2
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    size = int(args.size_mb * 1024 * 1024)
    db_url = f"sqlite:///{OUT / 'lms.sqlite3'}"
    nip, task_id = make_world(db_url, max_bytes=size + 1024 * 1024)
    app_port, nginx_port = free_port(), free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": db_url,
        "SECRET_KEY": "bench-upload-secret-key-0123456789abcdef",
        "LMS_STORAGE_PATH": str(OUT / "berkas"),
    }
    command = [str(VENV_BIN / "gunicorn"), "--workers", "1", "--timeout", "120"]
    command += ["--bind", f"127.0.0.1:{app_port}", "--chdir", str(ROOT), "wsgi:app"]
    log = (OUT / "gunicorn.log").open("wb")
    gunicorn = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603  (our own command)
    (OUT / "nginx.conf").write_text(NGINX_CONF.format(out=OUT, app_port=app_port, port=nginx_port))
    proxy = subprocess.Popen([nginx, "-c", str(OUT / "nginx.conf"), "-p", str(OUT)], stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        wait_port(app_port)
        wait_port(nginx_port)
        reports = [
            scenario("direct to gunicorn (1 worker)", app_port, nip, task_id, size, args.seconds),
            scenario("through nginx (1 worker)", nginx_port, nip, task_id, size, args.seconds),
        ]
    finally:
        proxy.send_signal(signal.SIGQUIT)
        gunicorn.send_signal(signal.SIGTERM)
        proxy.wait(timeout=10)
        gunicorn.wait(timeout=30)
        log.close()
    for report in reports:
        print(json.dumps(report))
    (OUT / "results.json").write_text(json.dumps(reports, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
