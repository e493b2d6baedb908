"""Page weight: a first visit (the HTML and its own CSS and JS, compressed) and a re-visit with a browser's cache."""

from __future__ import annotations

import gzip
import re
import urllib.parse

from webclient import Line, Response, cookie_header, http_request, scan_html, send_line, update_jar

GZIP_LEVEL = 6  # what a reverse proxy typically uses
LONG_CACHE = 30 * 24 * 3600  # a static file cached at least this long costs nothing on a re-visit


def compressed_size(resp: Response) -> int:
    if (resp.header("Content-Encoding") or "").lower() in ("gzip", "br", "deflate"):
        return len(resp.body)
    return len(gzip.compress(resp.body, GZIP_LEVEL)) if resp.body else 0


def long_cached(url: str, resp: Response) -> bool:
    cc = (resp.header("Cache-Control") or "").lower()
    m = re.search(r"max-age=(\d+)", cc)
    return (
        "v=" in urllib.parse.urlsplit(url).query and bool(m) and int(m.group(1)) >= LONG_CACHE and "no-cache" not in cc
    )


def revisit_cost(port: int, path: str, first: Response, jar: dict[str, str]) -> tuple[int, int]:
    """(compressed body bytes, status) of a conditional re-request with the validators given."""
    headers = {"Accept-Encoding": "gzip"}
    if jar:
        headers["Cookie"] = cookie_header(jar)
    if first.header("ETag"):
        headers["If-None-Match"] = first.header("ETag")
    if first.header("Last-Modified"):
        headers["If-Modified-Since"] = first.header("Last-Modified")
    again = http_request(port, "GET", path, headers)
    return (0 if again.status == 304 else compressed_size(again)), again.status


def page_weight(port: int, line: Line) -> dict:
    """A first visit (HTML + its CSS and JS) and a re-visit, with a browser's cookie jar and cache."""
    jar = dict(line.cookies)
    html = send_line(port, Line(line.method, line.path, jar, headers=dict(line.headers)), {"Accept-Encoding": "gzip"})
    update_jar(jar, html)
    parts = [
        {
            "url": line.path,
            "status": html.status,
            "raw_bytes": len(html.body),
            "gzip_bytes": compressed_size(html),
            "server_compressed": bool(html.header("Content-Encoding")),
            "cache_control": html.header("Cache-Control"),
            "etag": bool(html.header("ETag")),
            "last_modified": bool(html.header("Last-Modified")),
        }
    ]
    body = gzip.decompress(html.body) if (html.header("Content-Encoding") or "") == "gzip" else html.body
    seen = set()
    assets = []
    for url in scan_html(body).assets:
        split = urllib.parse.urlsplit(url)
        if split.netloc or url in seen:
            continue  # only the app's own files
        seen.add(url)
        resp = http_request(port, "GET", url, {"Accept-Encoding": "gzip", "Cookie": cookie_header(jar)})
        assets.append((url, resp))
        parts.append(
            {
                "url": url,
                "status": resp.status,
                "raw_bytes": len(resp.body),
                "gzip_bytes": compressed_size(resp),
                "server_compressed": bool(resp.header("Content-Encoding")),
                "cache_control": resp.header("Cache-Control"),
                "etag": bool(resp.header("ETag")),
                "last_modified": bool(resp.header("Last-Modified")),
            }
        )
    # re-visit
    revisit = 0
    html_again, html_status = revisit_cost(port, line.path, html, jar)
    parts[0]["revisit_bytes"], parts[0]["revisit_status"] = html_again, html_status
    revisit += html_again
    for (url, resp), part in zip(assets, parts[1:], strict=True):
        if long_cached(url, resp):
            part["revisit_bytes"], part["revisit_status"] = 0, "cached"
        else:
            part["revisit_bytes"], part["revisit_status"] = revisit_cost(port, url, resp, jar)
        revisit += part["revisit_bytes"]
    return {
        "weight_first_bytes": sum(p["gzip_bytes"] for p in parts),
        "weight_first_raw_bytes": sum(p["raw_bytes"] for p in parts),
        "weight_revisit_bytes": revisit,
        "weight_parts": parts,
    }
