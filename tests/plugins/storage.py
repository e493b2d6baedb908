"""Fixtures for file storage: an S3 server of our own (moto's standalone server, a subprocess on a free
loopback port, stopped afterwards; never any real network), and each storage backend on it or on disk."""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from lms.core.storage import LocalStorage, S3Storage

FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto_server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("moto_server did not start listening")


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint URL of a moto S3 server started for this session (skipped if moto is not installed)."""
    moto = shutil.which("moto_server") or str(Path(sys.executable).with_name("moto_server"))
    if not Path(moto).exists():
        pytest.skip("moto_server is not installed (pip install 'moto[server]')")
    port = _free_port()
    process = subprocess.Popen(
        [moto, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **FAKE_CREDENTIALS},
    )
    try:
        _wait_for(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def s3_env(monkeypatch):
    """Fake AWS credentials for boto3 in this process (moto accepts any)."""
    for name, value in FAKE_CREDENTIALS.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def s3_bucket(s3_server, s3_env):
    """A fresh bucket on the moto server: (endpoint, bucket name)."""
    import boto3  # noqa: PLC0415  (only the S3 tests load boto3)

    name = f"lms-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1").create_bucket(Bucket=name)
    return s3_server, name


@pytest.fixture(params=["local", "s3"])
def storage(request, tmp_path):
    """Each backend in turn, so one suite checks both."""
    if request.param == "local":
        return LocalStorage(tmp_path / "berkas")
    endpoint, bucket = request.getfixturevalue("s3_bucket")
    return S3Storage(bucket, endpoint=endpoint, region="us-east-1", prefix="uji/")
