"""Where uploaded files live: one small interface, a local disk backend (default) and an S3-compatible one.

Keys are always made here (`new_key`), never from a person's filename, so a name cannot climb out of the
storage folder or overwrite another file. Files stay outside `static/`: they are served only by views that
check who may read them.

Chosen by configuration (app config or environment):
- `LMS_STORAGE_URL` unset: a folder on this host, `LMS_STORAGE_PATH` (default `<instance>/berkas`).
- `LMS_STORAGE_URL=s3://bucket?endpoint=https://s3.example.go.id&region=ap-southeast-3&prefix=lms/`: any
  S3-compatible server (AWS, MinIO, Ceph), with the usual AWS credentials from the environment
  (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`) or an instance role; every app instance sees the same files.
"""

import io
import os
import re
import secrets
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import parse_qs, urlsplit

from flask import Flask, current_app

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,40}(/[a-z0-9_-]{1,64}){1,4}$")
_EXTENSION_KEY = "lms.storage"
CHUNK = 1024 * 1024


class StorageError(RuntimeError):
    """A key that does not exist, or a storage that cannot be reached."""


def new_key(prefix: str) -> str:
    """A fresh key under `prefix` ('tugas'): prefix/yyyy/mm/<random>; never derived from user input."""
    now = datetime.now(UTC)
    return f"{prefix}/{now:%Y}/{now:%m}/{secrets.token_hex(16)}"


def check_key(key: str) -> str:
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValueError(f"not a storage key: {key!r}")
    return key


class Storage(Protocol):
    def put(self, key: str, data: bytes | BinaryIO) -> int:
        """Store bytes or a readable binary stream under key (replacing it); the number of bytes written."""

    def open(self, key: str) -> BinaryIO:
        """A readable binary stream of the stored file (close it); StorageError if there is none."""

    def read(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None:
        """Remove the file; a missing key is not an error."""

    def exists(self, key: str) -> bool: ...

    def size(self, key: str) -> int: ...


def _stream(data: bytes | BinaryIO) -> BinaryIO:
    return io.BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data


class LocalStorage:
    """Files under one folder; a write goes to a temporary file beside its target, then is renamed into
    place, so a reader never sees half a file and a crash leaves no truncated one."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).resolve()

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes | BinaryIO) -> int:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                source = _stream(data)
                while chunk := source.read(CHUNK):
                    out.write(chunk)
                    written += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o640)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return written

    def open(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError:
            raise StorageError(f"no stored file {key}") from None

    def read(self, key: str) -> bytes:
        with self.open(key) as stream:
            return stream.read()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def size(self, key: str) -> int:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError:
            raise StorageError(f"no stored file {key}") from None


class S3Storage:
    """An S3 bucket (AWS or any S3-compatible server), for several app instances sharing the files."""

    def __init__(self, bucket: str, *, endpoint: str | None = None, region: str | None = None, prefix: str = ""):
        # Imported here: only an instance configured for S3 loads boto3 (about 30 MB and 0.5 s per worker).
        import boto3
        from botocore.config import Config

        self.bucket, self.prefix = bucket, prefix
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name=region,
            config=Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=30),
        )

    def _name(self, key: str) -> str:
        return self.prefix + check_key(key)

    def _missing(self, error) -> bool:
        return error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound")

    def put(self, key: str, data: bytes | BinaryIO) -> int:
        # upload_fileobj streams a large file in parts; the object appears only once complete.
        counter = _CountingReader(_stream(data))
        self.client.upload_fileobj(counter, self.bucket, self._name(key))
        return counter.count

    def open(self, key: str) -> BinaryIO:
        from botocore.exceptions import ClientError  # boto3 is loaded only for S3 (see __init__)

        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._name(key))["Body"]
        except ClientError as error:
            if self._missing(error):
                raise StorageError(f"no stored file {key}") from None
            raise

    def read(self, key: str) -> bytes:
        body = self.open(key)
        try:
            return body.read()
        finally:
            body.close()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def _head(self, key: str):
        from botocore.exceptions import ClientError  # boto3 is loaded only for S3 (see __init__)

        try:
            return self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if self._missing(error):
                return None
            raise

    def exists(self, key: str) -> bool:
        return self._head(key) is not None

    def size(self, key: str) -> int:
        head = self._head(key)
        if head is None:
            raise StorageError(f"no stored file {key}")
        return int(head["ContentLength"])


class _CountingReader(io.RawIOBase):
    def __init__(self, source: BinaryIO):
        self.source, self.count = source, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.source.read(size)
        self.count += len(chunk)
        return chunk


def parse_storage_url(url: str) -> dict:
    """What a LMS_STORAGE_URL names, without connecting: {"path": ...} or {"bucket", "endpoint", "region",
    "prefix"}; ValueError for anything else (the app then refuses to start)."""
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.path:
        return {"path": parts.path}
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError("LMS_STORAGE_URL must be s3://bucket?endpoint=...&region=... or file:///folder")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    unknown = set(query) - {"endpoint", "region", "prefix"}
    if unknown:
        raise ValueError(f"LMS_STORAGE_URL: unknown option(s) {', '.join(sorted(unknown))}")
    return {
        "bucket": parts.netloc,
        "endpoint": query.get("endpoint"),
        "region": query.get("region"),
        "prefix": query.get("prefix", ""),
    }


def storage_from_url(url: str | None, local_path: str | os.PathLike) -> Storage:
    """The backend a configuration names: a local folder without a URL, S3 for s3://bucket?endpoint=..."""
    if not url:
        return LocalStorage(local_path)
    options = parse_storage_url(url)
    if "path" in options:
        return LocalStorage(options["path"])
    bucket = options.pop("bucket")
    return S3Storage(bucket, **options)


def init_storage(app: Flask) -> None:
    """Make the app's storage once, from its config or the environment; a bad URL stops the start."""
    url = app.config.get("LMS_STORAGE_URL") or os.environ.get("LMS_STORAGE_URL")
    path = app.config.get("LMS_STORAGE_PATH") or os.environ.get("LMS_STORAGE_PATH")
    app.extensions[_EXTENSION_KEY] = _Lazy(url, path, app)


class _Lazy:
    """The backend is made on first use: instance_path may still change after create_app (the tests do)."""

    def __init__(self, url, path, app):
        self.url, self.path, self.app, self.backend = url, path, app, None
        if url:
            parse_storage_url(url)  # refuse a bad URL at start, not at the first upload

    def get(self) -> Storage:
        if self.backend is None:
            self.backend = storage_from_url(self.url, self.path or Path(self.app.instance_path) / "berkas")
        return self.backend


def get_storage() -> Storage:
    """The current app's storage."""
    return current_app.extensions[_EXTENSION_KEY].get()
