"""Plain HTTP against the benchmark's servers: responses, cookie jars, the forms' CSRF token and linked
assets, and `Line`, one request as wrk sends it."""

from __future__ import annotations

import http.client
from dataclasses import dataclass, field
from html.parser import HTMLParser

HTTP_TIMEOUT = 30
FORM = "application/x-www-form-urlencoded"
# A body kept in a file (a multipart upload of a photo: binary, too big for a line of the request list).
FILE_BODY = "@file:"


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    def set_cookies(self) -> list[str]:
        return [v for k, v in self.headers if k.lower() == "set-cookie"]


def http_request(port: int, method: str, path: str, headers: dict | None = None, body: bytes | None = None) -> Response:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return Response(resp.status, resp.getheaders(), resp.read())
    finally:
        conn.close()


def update_jar(jar: dict[str, str], response: Response) -> None:
    """Keep name=value of each Set-Cookie (the Secure flag is ignored: this is loopback HTTP)."""
    for raw in response.set_cookies():
        first, _, attrs = raw.partition(";")
        name, _, value = first.strip().partition("=")
        attrs = attrs.lower()
        if not value or "max-age=0" in attrs or "expires=thu, 01 jan 1970" in attrs:
            jar.pop(name, None)
        else:
            jar[name] = value


def cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


class _FormScan(HTMLParser):
    def __init__(self):
        super().__init__()
        self.csrf = None
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") == "csrf_token" and self.csrf is None:
            self.csrf = a.get("value")
        elif tag == "link" and "stylesheet" in (a.get("rel") or "").lower().split() and a.get("href"):
            self.assets.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"])


def scan_html(body: bytes) -> _FormScan:
    scan = _FormScan()
    scan.feed(body.decode("utf-8", "replace"))
    return scan


@dataclass
class Line:
    method: str
    path: str
    cookies: dict[str, str]
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    def all_headers(self) -> dict[str, str]:
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = cookie_header(self.cookies)
        if self.body:
            headers.setdefault("Content-Type", FORM)
        return headers

    def body_bytes(self) -> bytes | None:
        if self.body.startswith(FILE_BODY):
            with open(self.body[len(FILE_BODY) :], "rb") as stream:
                return stream.read()
        return self.body.encode() if self.body else None

    def tsv(self) -> str:
        headers = "\x1f".join(f"{k}: {v}" for k, v in self.all_headers().items())
        return "\t".join([self.method, self.path, headers, self.body])


def set_validators(port: int, line: Line) -> None:
    """The validators a browser got on its first visit."""
    for send in ("If-None-Match", "If-Modified-Since"):
        line.headers.pop(send, None)
    first = send_line(port, line)
    for got, send in (("ETag", "If-None-Match"), ("Last-Modified", "If-Modified-Since")):
        if first.header(got):
            line.headers[send] = first.header(got)


def send_line(port: int, line: Line, extra: dict | None = None) -> Response:
    headers = {**line.all_headers(), **(extra or {})}
    return http_request(port, line.method, line.path, headers, line.body_bytes())
