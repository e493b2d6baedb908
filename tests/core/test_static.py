"""Static files: compressed once per process, cached a year when fingerprinted, the favicon, nginx's share."""

import gzip
import re
from pathlib import Path

import brotli
import pytest

from lms.core.static_files import choose_encoding, load_static_file

ROOT = Path(__file__).resolve().parents[2]
BROWSER = "gzip, deflate, br, zstd"


def fingerprinted(client, name: str) -> str:
    html = client.get("/masuk").get_data(as_text=True)
    return re.search(rf'"(/static/{re.escape(name)}\?v=[0-9a-f]+)"', html).group(1)


@pytest.mark.parametrize("accept", ["gzip", "gzip, deflate", BROWSER, "br"])
@pytest.mark.parametrize("name", ["app.css", "quiz.js"])
def test_stylesheet_and_scripts_go_out_compressed_with_a_years_cache(client, name, accept):
    url = f"/static/{name}?v=x" if name.endswith(".js") else fingerprinted(client, name)
    response = client.get(url, headers={"Accept-Encoding": accept})
    original = (ROOT / "static" / name).read_bytes()
    encoding = response.headers.get("Content-Encoding")
    assert encoding == ("gzip" if accept.startswith("gzip") and "br" not in accept else "br")
    body = response.get_data()
    assert (gzip.decompress(body) if encoding == "gzip" else brotli.decompress(body)) == original
    assert len(body) < len(original) / 2
    assert int(response.headers["Content-Length"]) == len(body)
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_client_that_asks_for_no_compression_gets_the_plain_file(client):
    response = client.get(fingerprinted(client, "app.css"), headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert response.get_data() == (ROOT / "static" / "app.css").read_bytes()
    assert response.mimetype == "text/css"


def test_an_unfingerprinted_url_is_revalidated_and_answers_304_per_encoding(client):
    first = client.get("/static/app.css", headers={"Accept-Encoding": "gzip"})
    assert "no-cache" in first.headers["Cache-Control"] and "immutable" not in first.headers["Cache-Control"]
    etag = first.headers["ETag"]
    again = client.get("/static/app.css", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304
    # The Brotli body is other bytes: the gzip ETag must not validate it.
    other = client.get("/static/app.css", headers={"Accept-Encoding": "br", "If-None-Match": etag})
    assert other.status_code == 200 and other.headers["Content-Encoding"] == "br"


@pytest.mark.parametrize("path", ["/static/nope.css", "/static/../lms/config.py", "/static/%2e%2e/wsgi.py"])
def test_missing_and_outside_files_are_404(client, path):
    assert client.get(path).status_code == 404


def test_compression_happens_once_per_file_not_per_request(client, monkeypatch):
    import lms.core.static_files as static_files

    calls = []
    real = static_files.load_static_file
    monkeypatch.setattr(static_files, "load_static_file", lambda path: calls.append(path) or real(path))
    static_files._cached.cache_clear()
    for _ in range(3):
        assert client.get("/static/editor.js", headers={"Accept-Encoding": "gzip"}).status_code == 200
    assert len(calls) == 1


def test_load_static_file_keeps_only_copies_that_are_smaller(tmp_path):
    (tmp_path / "tiny.css").write_text("a{}")
    assert set(load_static_file(tmp_path / "tiny.css").bodies) == {"identity"}
    (tmp_path / "big.css").write_text("a { color: red; }\n" * 200)
    assert set(load_static_file(tmp_path / "big.css").bodies) == {"identity", "br", "gzip"}
    (tmp_path / "photo.png").write_bytes(b"\x89PNG" + bytes(range(256)) * 8)
    assert set(load_static_file(tmp_path / "photo.png").bodies) == {"identity"}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip", "gzip"),
        ("br, gzip", "br"),
        ("gzip;q=1, br;q=0.5", "gzip"),
        ("br;q=0, gzip;q=0", "identity"),
        ("", "identity"),
    ],
)
def test_choose_encoding_follows_the_browsers_preferences(header, expected):
    assert choose_encoding(header, {"identity", "br", "gzip"}) == expected
    assert choose_encoding(header, {"identity"}) == "identity"


def test_favicon_is_served_with_a_long_cache_and_linked_from_every_page(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype in ("image/x-icon", "image/vnd.microsoft.icon")
    assert response.get_data() == (ROOT / "static" / "favicon.ico").read_bytes()
    assert "max-age=2592000" in response.headers["Cache-Control"]
    html = client.get("/masuk").get_data(as_text=True)
    assert 'rel="icon" href="/favicon.ico"' in html
    svg = re.search(r'rel="icon" href="(/static/favicon\.svg\?v=[0-9a-f]+)"', html).group(1)
    assert client.get(svg).mimetype == "image/svg+xml"


def test_nginx_serves_static_files_compressed_and_with_the_apps_cache():
    conf = (ROOT / "deploy" / "nginx-latsar.conf").read_text()
    directives = {}
    for line in conf.splitlines():
        words = line.split("#")[0].strip().rstrip(";").split()
        if words:
            directives[words[0]] = words[1:]
    assert directives["gzip"] == ["on"] and directives["gzip_vary"] == ["on"]
    for mimetype in ("text/css", "application/javascript", "text/javascript", "image/svg+xml", "image/x-icon"):
        assert mimetype in directives["gzip_types"]
    static_block = conf[conf.index("location /static/") :]
    static_block = static_block[: static_block.index("}")]
    assert "$latsar_static_cache" in static_block
    assert 'default "public, max-age=31536000, immutable"' in conf
    assert "location = /favicon.ico" in conf
