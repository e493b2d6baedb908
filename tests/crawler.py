"""An HTTP crawl with the Flask test client: breadth first over a signed-in visitor's same-site links,
at most a few URLs per route, recording every response and the page that led to it."""

from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

SITE = "http://localhost"
# Posts that only read (downloads): the crawl submits their forms as a browser would, with the page's token.
READ_ONLY_POSTS = frozenset({"dashboard.export_angkatan", "dashboard.export_overview", "tasks.export_grades"})
# Files served as they are; they show nothing of anyone and cannot fail like a page.
NOT_FOLLOWED = frozenset({"static"})


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    data: tuple[tuple[str, str], ...] = ()


@dataclass
class Visit:
    request: Request
    endpoint: str
    status: int
    mimetype: str
    cache_control: str
    came_from: str

    def describe(self) -> str:
        return f"{self.status} {self.request.method} {self.request.url} ({self.endpoint}), linked from {self.came_from}"


@dataclass
class Crawl:
    visits: list[Visit] = field(default_factory=list)
    broken_links: list[str] = field(default_factory=list)

    @property
    def endpoints(self) -> set[str]:
        return {v.endpoint for v in self.visits}

    def server_errors(self) -> list[Visit]:
        return [v for v in self.visits if v.status >= 500]


class _Links(HTMLParser):
    """The `<a href>`s and the forms of a page; a GET form is sent with the values it shows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: int | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "img" and attrs.get("src"):
            self.links.append(attrs["src"])
        elif tag == "form":
            method = (attrs.get("method") or "get").upper()
            self._form = {"method": method, "action": attrs.get("action") or "", "fields": []}
            self.forms.append(self._form)
        elif self._form is None or not attrs.get("name") and tag != "option":
            return
        elif tag == "input" and attrs.get("type") not in ("submit", "button", "checkbox", "radio", "file"):
            self._form["fields"].append((attrs["name"], attrs.get("value") or ""))
        elif tag == "textarea":
            self._textarea = len(self._form["fields"])
            self._form["fields"].append((attrs["name"], ""))
        elif tag == "select":
            self._select = attrs["name"]
            self._form["fields"].append((self._select, None))
        elif tag == "option" and self._select is not None:
            name, value = self._form["fields"][-1]
            if value is None or "selected" in attrs:
                self._form["fields"][-1] = (name, attrs.get("value", ""))

    def handle_data(self, data):
        if self._form is not None and self._textarea is not None:
            name, value = self._form["fields"][self._textarea]
            self._form["fields"][self._textarea] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def requests_on(page_url: str, html: str) -> list[Request]:
    parser = _Links()
    parser.feed(html)
    found = [Request("GET", urljoin(page_url, href)) for href in parser.links]
    for form in parser.forms:
        target = urljoin(page_url, form["action"] or page_url)
        fields = tuple((name, value or "") for name, value in form["fields"])
        if form["method"] == "GET":
            query = urlencode([(n, v) for n, v in fields if n != "csrf_token"])
            found.append(Request("GET", target.split("?")[0] + (f"?{query}" if query else "")))
        else:
            found.append(Request("POST", target, fields))
    return found


def submit_form(client, page: str, action_ends: str, **changes):
    """Send the POST form of `page` whose action ends so, with its own fields (token included) and `changes`."""
    html = client.get(page).get_data(as_text=True)
    forms = [r for r in requests_on(SITE + page, html) if r.method == "POST" and r.url.endswith(action_ends)]
    assert forms, f"no form posting to ...{action_ends} on {page}"
    return client.post(forms[0].url, data={**dict(forms[0].data), **changes})


def same_site_path(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "") or (parts.netloc and f"{parts.scheme}://{parts.netloc}" != SITE):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(app, client, start: list[str], per_endpoint: int = 3) -> Crawl:
    """Visit every same-site GET link (and the read-only POST forms) reachable from `start`, at most
    `per_endpoint` URLs per route; a redirect's target is queued like a link."""
    adapter = app.url_map.bind("localhost")
    result, seen, taken = Crawl(), set(), Counter()
    queue = deque((Request("GET", url), "(start)") for url in start)
    while queue:
        req, came_from = queue.popleft()
        path = same_site_path(req.url)
        if path is None or (req.method, path, req.data) in seen:
            continue
        seen.add((req.method, path, req.data))
        try:
            endpoint, _args = adapter.match(urlsplit(path).path, method=req.method)
        except RequestRedirect:
            endpoint = "(redirect)"
        except (NotFound, MethodNotAllowed):
            result.broken_links.append(f"{req.method} {path}, linked from {came_from}")
            continue
        if endpoint in NOT_FOLLOWED or (req.method == "POST" and endpoint not in READ_ONLY_POSTS):
            continue
        if taken[endpoint] >= per_endpoint:
            continue
        taken[endpoint] += 1
        response = client.open(path, method=req.method, data=dict(req.data) if req.data else None)
        result.visits.append(
            Visit(
                req,
                endpoint,
                response.status_code,
                response.mimetype or "",
                response.headers.get("Cache-Control", ""),
                came_from,
            )
        )
        if response.location:
            queue.append((Request("GET", urljoin(SITE + path, response.location)), path))
        elif response.mimetype == "text/html":
            for found in requests_on(SITE + path, response.get_data(as_text=True)):
                queue.append((found, path))
    return result
