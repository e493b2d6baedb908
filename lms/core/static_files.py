"""Static files served from memory, compressed once per process (gzip and Brotli), with or without nginx."""

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import brotli
from flask import Flask, Response, abort, request, send_from_directory
from werkzeug.http import parse_accept_header
from werkzeug.security import safe_join

# Text compresses to a quarter; images and fonts are compressed already.
COMPRESSIBLE = {"text/css", "text/javascript", "application/javascript", "image/svg+xml", "image/x-icon"}
# Larger files (none today) go out as Flask sends them: not worth holding in every worker's memory.
MAX_CACHED_BYTES = 512 * 1024
# A compressed copy smaller than this saves less than its headers cost.
MIN_COMPRESS_BYTES = 512
# /favicon.ico has no fingerprint to change when the icon does, so a month rather than a year.
FAVICON_MAX_AGE = 30 * 24 * 3600
# Preferred first when the browser accepts both: Brotli is ~15% smaller for CSS and JS.
ENCODINGS = ("br", "gzip")


@dataclass(frozen=True)
class StaticFile:
    mimetype: str
    etag: str
    bodies: dict[str, bytes]  # "identity", and "br"/"gzip" when compressing pays


def load_static_file(path: Path) -> StaticFile:
    """Read a file and make its compressed copies; done once per file and version in each process."""
    data = path.read_bytes()
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    bodies = {"identity": data}
    if mimetype in COMPRESSIBLE and len(data) >= MIN_COMPRESS_BYTES:
        for encoding, body in (
            ("br", brotli.compress(data, quality=11)),
            ("gzip", gzip.compress(data, compresslevel=9, mtime=0)),
        ):
            if len(body) < len(data):
                bodies[encoding] = body
    return StaticFile(mimetype, hashlib.sha256(data).hexdigest()[:20], bodies)


def choose_encoding(accept_encoding: str, available) -> str:
    """The best encoding an Accept-Encoding header accepts among those made (q-values count), else 'identity'."""
    offered = [e for e in ENCODINGS if e in available]
    return (parse_accept_header(accept_encoding).best_match(offered) if offered else None) or "identity"


@lru_cache(maxsize=64)
def _cached(path: str, mtime_ns: int, size: int) -> StaticFile:
    # Keyed by modification time and size: a file edited while the server runs is read again.
    return load_static_file(Path(path))


def static_response(directory: str, filename: str, max_age: int | None) -> Response:
    """The static file for this request, compressed as the browser accepts; 304 when it has it already."""
    path = safe_join(directory, filename)
    if path is None:
        abort(404)
    try:
        stat = Path(path).stat()
    except OSError:
        abort(404)
    if not Path(path).is_file():
        abort(404)
    if stat.st_size > MAX_CACHED_BYTES:
        return send_from_directory(directory, filename, max_age=max_age)
    static = _cached(path, stat.st_mtime_ns, stat.st_size)
    encoding = choose_encoding(request.headers.get("Accept-Encoding", ""), static.bodies)
    response = Response(static.bodies[encoding], mimetype=static.mimetype)
    if encoding != "identity":
        response.headers["Content-Encoding"] = encoding
    if len(static.bodies) > 1:
        response.vary.add("Accept-Encoding")
    # Each encoding is a different byte sequence, so a strong ETag of its own.
    response.set_etag(f"{static.etag}-{encoding}")
    response.last_modified = int(stat.st_mtime)
    response.cache_control.public = True
    if max_age is None:
        response.cache_control.no_cache = True
    else:
        response.cache_control.max_age = max_age
    return response.make_conditional(request)


def register(app: Flask) -> None:
    """Serve /static/ through static_response instead of Flask's file streaming, which Flask-Compress
    leaves uncompressed (a streamed file is passed through untouched)."""

    def static(filename: str) -> Response:
        return static_response(app.static_folder, filename, app.get_send_file_max_age(filename))

    app.view_functions["static"] = static

    def favicon() -> Response:
        # Browsers ask for /favicon.ico on their own, before and besides the <link rel="icon">.
        return static_response(app.static_folder, "favicon.ico", FAVICON_MAX_AGE)

    app.add_url_rule("/favicon.ico", "favicon", favicon)
