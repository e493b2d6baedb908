"""SQL statements per page: each request run through `app.test_client()` with a SQLAlchemy counter.

bench/run.py (measure.py) starts this as its own process for each database (so the app is imported fresh, with the
environment of that run): `python bench/sqlcount.py REQUESTS.json SQL_DIR`, where REQUESTS.json is a list of
{"name", "method", "path", "cookies", "body", "content_type", "headers", "warm"}: `warm` is a first request
of the same shape (the same one for most pages; another one for pages whose request changes what it
requests, e.g. submitting an attempt), sent first to warm the caches; the request itself is counted.
It prints one line "BENCH_JSON {name: {...}}"
and writes the statements of each page to SQL_DIR/<name>.sql.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

TX_STATEMENT = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.IGNORECASE)


def count_queries(requests: list[dict], sql_dir: Path) -> dict[str, dict]:
    from sqlalchemy import event

    from lms.app import create_app
    from lms.core.extensions import db

    app = create_app()  # configured from the environment: LMS_ENV, SECRET_KEY, DATABASE_URL
    statements: list[str] = []

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    # No app context is held while requesting: each request gets its own (g, db.session), or
    # Flask-Login's cached user and the session's identity map would hide queries.
    event.listen(engine, "before_cursor_execute", on_execute)
    out: dict[str, dict] = {}
    sql_dir.mkdir(parents=True, exist_ok=True)
    try:
        for req in requests:
            status = None
            for one in (req.get("warm") or req, req):  # the second is counted: caches warm, as under load
                # Each request with exactly its own cookies, as wrk sends them. In production the test client
                # speaks https (PREFERRED_URL_SCHEME), where the CSRF check wants a same-origin Referer.
                client = app.test_client()
                for key, value in one["cookies"].items():
                    client.set_cookie(key, value)
                statements.clear()
                try:
                    resp = client.open(
                        one["path"],
                        method=one["method"],
                        data=_body(one.get("body")),
                        content_type=one.get("content_type") or None,
                        headers={"Referer": "https://localhost/", **(one.get("headers") or {})},
                    )
                    status = resp.status_code
                except Exception as error:  # a report, not a test: say what went wrong
                    status = f"exception: {error!r}"[:300]
            counted = [s for s in statements if not TX_STATEMENT.match(s)]
            (sql_dir / f"{req['name']}.sql").write_text(";\n\n".join(counted) + (";\n" if counted else ""))
            out[req["name"]] = {"sql_queries": len(counted), "sql_status": status}
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
        engine.dispose()
    return out


def _body(body: str | None):
    """A body kept in a file (webclient.FILE_BODY: a multipart upload) is sent as its bytes."""
    if body and body.startswith("@file:"):
        return Path(body[len("@file:") :]).read_bytes()
    return body or None


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the app's package
    requests = json.loads(Path(argv[0]).read_text())
    result = count_queries(requests, Path(argv[1]))
    print("BENCH_JSON " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
