"""The storage interface, the same suite on the local disk backend and on S3 (moto's server, started by the
tests themselves)."""

import io
import os

import pytest

from lms.core.storage import LocalStorage, StorageError, check_key, new_key, parse_storage_url, storage_from_url


def test_put_read_size_exists_delete(storage):
    key = new_key("tugas")
    assert not storage.exists(key)
    assert storage.put(key, b"isi berkas") == len(b"isi berkas")
    assert storage.exists(key)
    assert storage.size(key) == 10
    assert storage.read(key) == b"isi berkas"
    storage.delete(key)
    assert not storage.exists(key)
    storage.delete(key)  # a missing key is no error


def test_a_stream_is_stored_whole(storage):
    data = os.urandom(3 * 1024 * 1024 + 17)  # more than one chunk (and one S3 part)
    key = new_key("tugas")
    assert storage.put(key, io.BytesIO(data)) == len(data)
    stream = storage.open(key)
    try:
        assert stream.read() == data
    finally:
        stream.close()
    assert storage.size(key) == len(data)


def test_put_replaces(storage):
    key = new_key("tugas")
    storage.put(key, b"versi satu")
    storage.put(key, b"dua")
    assert storage.read(key) == b"dua"


def test_missing_key_is_a_storage_error(storage):
    key = new_key("tugas")
    with pytest.raises(StorageError):
        storage.open(key)
    with pytest.raises(StorageError):
        storage.size(key)


@pytest.mark.parametrize("bad", ["../etc/passwd", "tugas/../../x", "/abs/path", "Tugas/X", "tugas", "tugas//x", ""])
def test_keys_we_did_not_make_are_refused(storage, bad):
    with pytest.raises(ValueError):
        storage.put(bad, b"x")


def test_new_keys_are_fresh_and_valid():
    keys = {new_key("tugas") for _ in range(100)}
    assert len(keys) == 100
    assert all(check_key(k) == k and k.startswith("tugas/") for k in keys)


def test_local_write_is_atomic_and_leaves_no_temporary_file(tmp_path):
    storage = LocalStorage(tmp_path)
    key = new_key("tugas")

    class Broken(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):
            raise OSError("koneksi putus")

    storage.put(key, b"lama")
    with pytest.raises(OSError):
        storage.put(key, io.BufferedReader(Broken()))
    assert storage.read(key) == b"lama"  # the old file is intact, not half-replaced
    assert [p.name for p in (tmp_path / key).parent.iterdir()] == [key.rsplit("/", 1)[1]]


def test_configuration_chooses_the_backend(tmp_path, s3_bucket):
    assert isinstance(storage_from_url(None, tmp_path), LocalStorage)
    endpoint, bucket = s3_bucket
    s3 = storage_from_url(f"s3://{bucket}?endpoint={endpoint}&region=us-east-1&prefix=a/", tmp_path)
    key = new_key("tugas")
    s3.put(key, b"x")
    assert s3.exists(key)


@pytest.mark.parametrize("url", ["http://bucket", "s3://", "s3://b?endpoint=x&kunci=rahasia", "ftp://x"])
def test_bad_urls_are_refused(url):
    with pytest.raises(ValueError):
        parse_storage_url(url)


def test_an_app_with_a_bad_storage_url_does_not_start(make_app):
    with pytest.raises(ValueError):
        make_app(LMS_STORAGE_URL="s3://")
