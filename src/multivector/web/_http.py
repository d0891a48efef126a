"""HTTP plumbing of the web face: JSON tables, pagination, work caps, caching.

Nothing here computes a result: it turns the library's DataFrames into JSON
pages, refuses requests that would do unbounded work, and adds caching
headers for data that only changes with a data release.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from urllib.parse import urlencode

import pandas as pd
from starlette.datastructures import Headers
from starlette.responses import Response

from multivector._errors import InvalidYearError, TooMuchWorkError

#: Rows per page when the client gives no ``limit``, and the largest ``limit`` accepted.
DEFAULT_LIMIT = 1000
MAX_LIMIT = 5000

#: Largest ``years x states x measures`` one request may ask for.
MAX_WORK = 20_000

#: Longest name of a state or an organization accepted anywhere (API paths and queries, page paths and forms):
#: the longest real name is far shorter, and an error never echoes more than this.
MAX_NAME_LENGTH = 100


def years_arg(year: int | None, start: int | None, end: int | None):
    """``year`` or ``from``/``to`` query parameters as the library's years argument.

    Example:
        >>> years_arg(None, 1991, 2014), years_arg(2014, None, None), years_arg(None, None, None)
        ((1991, 2014), 2014, None)
    """
    if year is not None:
        if start is not None or end is not None:
            raise InvalidYearError("year: give either year or from/to, not both", "year")
        return year
    if start is None and end is None:
        return None
    return (start, end)


def n_years(years, coverage: tuple[int, int]) -> int:
    """How many years a years argument spans (for work caps), without validating it."""
    lo, hi = coverage
    if years is None:
        return hi - lo + 1
    if isinstance(years, int):
        return 1
    a, b = years
    a = lo if a is None else a
    b = hi if b is None else b
    return max(1, b - a + 1)


def check_work(*, years: int, states: int = 1, measures: int = 1, cap: int = MAX_WORK, unit: str = "states",
               measure_unit: str = "measures") -> None:
    """Raise :class:`TooMuchWorkError` when ``years x states x measures`` exceeds ``cap``.

    Example:
        >>> check_work(years=24, states=5, measures=3)
        >>> check_work(years=199, states=200, measures=1)
        Traceback (most recent call last):
        ...
        multivector._errors.TooMuchWorkError: This request asks for 199 years x 200 states x 1 measures = 39800 cells; the web API answers at most 20000 per request. Narrow the years or the states, or use the Python library for whole panels.
    """
    work = years * states * measures
    if work > cap:
        raise TooMuchWorkError(
            f"This request asks for {years} years x {states} {unit} x {measures} {measure_unit} = {work} cells; "
            f"the web API answers at most {cap} per request. Narrow the years or the {unit}, "
            f"or use the Python library for whole panels."
        )


def records_json(df: pd.DataFrame) -> str:
    """A DataFrame as a JSON array of records; missing values become ``null``, never 0."""
    if df.empty:
        return "[]"
    return df.to_json(orient="records", date_format="iso", double_precision=10, force_ascii=False)


def json_response(obj) -> Response:
    """Serialise plain Python data (already JSON-safe) quickly."""
    return Response(json.dumps(obj, ensure_ascii=False, separators=(",", ":")), media_type="application/json")


def page_response(df: pd.DataFrame, *, limit: int, offset: int, request, meta: dict | None = None) -> Response:
    """One page of a table: ``{"data": [...], "total", "limit", "offset", "next", "meta"}``.

    ``next`` is the URL of the following page, or ``null`` on the last page.
    With ``?format=csv`` the page is CSV instead (missing values as empty
    cells), with ``X-Total-Count`` and a ``Link: <...>; rel="next"`` header.
    Answers whose ``meta`` says ``provisional`` (the extended panel) carry
    ``X-Provisional: true``.
    """
    total = len(df)
    part = df.iloc[offset: offset + limit]
    nxt = None
    if offset + limit < total:
        params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("offset", "limit")]
        params += [("limit", str(limit)), ("offset", str(offset + limit))]
        nxt = f"{request.url.path}?{urlencode(params)}"
    # answers from the provisional extended panel say so in a header too (CSV has no meta)
    extra = {"X-Provisional": "true"} if (meta or {}).get("provisional") else {}
    if request.query_params.get("format") == "csv":
        headers = {"X-Total-Count": str(total), **extra}
        if nxt:
            headers["Link"] = f'<{nxt}>; rel="next"'
        return Response(part.to_csv(index=False), media_type="text/csv; charset=utf-8", headers=headers)
    head = json.dumps({"total": total, "limit": limit, "offset": offset, "next": nxt, "meta": meta or {}},
                      ensure_ascii=False, separators=(",", ":"))
    body = '{"data":' + records_json(part) + "," + head[1:]
    return Response(body, media_type="application/json", headers=extra)


# --------------------------------------------------------------------------- caching

_states_lock = threading.Lock()
_states_tables: dict[int, pd.DataFrame] = {}


def states_table() -> pd.DataFrame:
    """``multivector.states()`` once per data directory (it takes ~30 ms and never changes while serving)."""
    from multivector import states
    from multivector.data._store import get_store

    key = id(get_store())
    df = _states_tables.get(key)
    if df is None:
        with _states_lock:
            df = _states_tables.setdefault(key, states())
    return df


_records_lock = threading.Lock()
_state_records: dict[int, dict] = {}


def state_record(ccode: int) -> dict:
    """One row of :func:`states_table` as plain JSON values (missing -> None), prepared once for every state."""
    import json

    from multivector.data._store import get_store

    key = id(get_store())
    table = _state_records.get(key)
    if table is None:
        df = states_table()
        with _records_lock:
            table = _state_records.setdefault(key, {int(r["ccode"]): r for r in json.loads(records_json(df))})
    return dict(table[int(ccode)])


_etag_lock = threading.Lock()
_etags: dict[int, str] = {}


def data_etag() -> str:
    """A weak ETag from the package version and the data manifest's checksums.

    It changes only with a new release of the code or of the data, so every
    page and API answer can be revalidated cheaply.
    """
    from multivector import __version__
    from multivector.data._store import get_store

    store = get_store()
    key = id(store)
    tag = _etags.get(key)
    if tag is None:
        with _etag_lock:
            tables = store.manifest.get("tables", {})
            h = hashlib.sha256(__version__.encode())
            for name in sorted(tables):
                h.update(f"{name}:{tables[name].get('sha256', '')}".encode())
            tag = f'W/"{h.hexdigest()[:24]}"'
            _etags[key] = tag
    return tag


class CacheMiddleware:
    """ASGI middleware: ETag / Cache-Control on successful GETs, 304 on a match,
    and a small in-memory cache of answers (the data never changes while the
    process runs).

    A request whose ``If-None-Match`` matches is answered 304 only when its
    answer is known to be a success: from the cache, from the set of
    requests already answered 200, or by running it (an unknown state, a
    year outside the data or any other error is answered as such, never
    304). The cache holds at most ``entries`` answers and ``max_bytes``
    bytes, least recently used first out.

    Paths under ``skip`` (static files, which carry their own validators) are
    passed through untouched.
    """

    #: Requests remembered as answered 200 (for 304s without recomputing), at most this many.
    KNOWN_OK = 20_000

    def __init__(self, app, *, max_age: int = 3600, entries: int = 512, max_body: int = 2_000_000,
                 max_bytes: int = 64_000_000, skip: tuple[str, ...] = ("/static/",)):
        self.app = app
        self.max_age = max_age
        self.entries = entries
        self.max_body = max_body
        self.max_bytes = max_bytes
        self.skip = skip
        self._cache: OrderedDict[tuple, tuple[int, list, bytes]] = OrderedDict()
        self._bytes = 0
        self._ok: OrderedDict[tuple, None] = OrderedDict()
        self._lock = threading.Lock()

    def _remember(self, key: tuple, headers: list, body: bytes) -> None:
        with self._lock:
            self._ok[key] = None
            while len(self._ok) > self.KNOWN_OK:
                self._ok.popitem(last=False)
            if self.entries <= 0 or len(body) > min(self.max_body, self.max_bytes):
                return
            old = self._cache.pop(key, None)
            if old is not None:
                self._bytes -= len(old[2])
            self._cache[key] = (200, headers, body)
            self._bytes += len(body)
            while len(self._cache) > self.entries or self._bytes > self.max_bytes:
                _, (_, _, dropped) = self._cache.popitem(last=False)
                self._bytes -= len(dropped)

    def _headers(self, etag: str) -> list[tuple[bytes, bytes]]:
        return [(b"etag", etag.encode()), (b"cache-control", f"public, max-age={self.max_age}".encode()),
                (b"vary", b"Accept-Encoding")]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or scope["path"].startswith(self.skip):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "HEAD":  # answer HEAD like GET, without the body
            scope = dict(scope, method="GET", head=True)
            inner_send = send

            async def send(message):  # noqa: F811
                if message["type"] == "http.response.body":
                    message = {"type": "http.response.body", "body": b"", "more_body": message.get("more_body", False)}
                await inner_send(message)
        etag = data_etag()
        req = Headers(scope=scope)
        inm = req.get("if-none-match")
        matches = bool(inm) and (inm.strip() == "*" or etag in [t.strip() for t in inm.split(",")])
        # the answer differs by compression (this middleware sits outside GZip) and, with CORS, by origin
        gzip = "gzip" in req.get("accept-encoding", "")
        key = (scope["path"], scope.get("query_string", b""), etag, gzip, req.get("origin"))
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
            known_ok = hit is not None or key in self._ok
        if matches and known_ok:  # the client holds this very answer, and it is a success
            await self._not_modified(send, etag)
            return
        if hit is not None:
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": list(headers)})
            await send({"type": "http.response.body", "body": body})
            return

        start: dict = {}
        chunks: list[bytes] = []

        async def capture(message):
            if message["type"] == "http.response.start":
                start.update(message)
                if message["status"] == 200:
                    names = {b"etag", b"cache-control", b"vary"}
                    headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                    start["headers"] = headers + self._headers(etag)
                start["cached_headers"] = list(start.get("headers", []))  # outer middleware edits the list it gets
                if matches and message["status"] == 200:  # validated by running it: now a 304 is true
                    return
                await send({"type": message["type"], "status": message["status"], "headers": list(start.get("headers", []))})
                return
            if message["type"] == "http.response.body" and start.get("status") == 200:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._remember(key, start["cached_headers"], b"".join(chunks))
                    if matches:
                        await self._not_modified(send, etag)
                        return
                elif matches:
                    return
            await send(message)

        await self.app(scope, receive, capture)

    async def _not_modified(self, send, etag: str) -> None:
        await send({"type": "http.response.start", "status": 304, "headers": self._headers(etag)})
        await send({"type": "http.response.body", "body": b""})


#: Pages load scripts, styles and data from this server only (Vega compiles chart expressions, hence 'unsafe-eval';
#: vega-embed injects its own styles, hence 'unsafe-inline' for styles).
CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'")


def document_csp(html: str) -> str:
    """The pages' Content-Security-Policy, extended for a self-contained document with inline scripts
    (a country brief): each inline script is allowed by its sha256 hash, nothing else inline runs.

    Example:
        >>> "'sha256-" in document_csp("<p>x</p><script>alert(1)</script>")
        True
    """
    import base64
    import re

    hashes = []
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S | re.I):
        if "src=" in attrs.lower() or ("type=" in attrs.lower() and "javascript" not in attrs.lower()
                                       and "module" not in attrs.lower()):
            continue  # external scripts are 'self'; data blocks (application/json) never run
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    return CSP.replace("script-src 'self' 'unsafe-eval'", " ".join(["script-src 'self' 'unsafe-eval'", *hashes]), 1)


class SecurityHeadersMiddleware:
    """ASGI middleware adding ``X-Content-Type-Options``, ``Referrer-Policy`` and, on every HTML answer, a
    Content-Security-Policy: the pages' :data:`CSP`, unless the route sets its own (a country brief allows
    its inline scripts by hash, :func:`document_csp`)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def add(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if ctype.startswith(b"text/html"):  # every HTML answer, pages, errors and briefs alike
                    extra.append((b"content-security-policy", CSP.encode()))
                message = {**message, "headers": headers + [(k, v) for k, v in extra if k not in names]}
            await send(message)

        await self.app(scope, receive, add)
