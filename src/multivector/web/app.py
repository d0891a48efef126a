"""The web explorer and REST API of multivector: ``create_app()``.

One FastAPI application serves

* the REST API under ``/api`` (read-only GET routes over the library, an
  OpenAPI document at ``/api/openapi.json``, its reference at ``/api``), and
* server-rendered pages (``/``, ``/search``, ``/state/{state}``,
  ``/organization/{org}``, ``/compare``, ``/dyad``) with charts drawn by
  Vega-Lite from a bundle served by the package itself (no CDN).

Every error, whatever its cause, is answered in one shape: JSON
``{"error": {"type", "status", "message", "argument", "suggestions"}}`` under
``/api``, an HTML page with the same content elsewhere. Successful answers
carry an ``ETag`` derived from the data manifest's checksums and a
``Cache-Control`` header, since they change only with a data release.

Example:
    >>> from fastapi.testclient import TestClient
    >>> from multivector.web import create_app
    >>> client = TestClient(create_app(warm_up=False))
    >>> client.get("/api/states/Kazakhstan").json()["ccode"]
    705
"""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from multivector import __version__
from multivector._errors import MultivectorError
from multivector.web import _bundle, _http

log = logging.getLogger("multivector.web")

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

_HTTP_TYPES = {404: "NotFound", 405: "MethodNotAllowed", 400: "BadRequest"}


def _warm_up() -> None:
    """Load the data, indexes and chart bundle so that first requests are fast."""
    from multivector.engine._resolve import org_index, state_index
    from multivector.data._store import get_store

    try:
        store = get_store()
        store.cube  # noqa: B018 - builds the membership cube
        state_index()
        org_index()
        _http.data_etag()
        # first calls build the pillar and signature structures (seconds); do it before users ask
        from multivector.measures._evenness import evenness
        from multivector.measures._hedging import hedging

        lo, hi = store.igo_years
        evenness(705, (hi - 1, hi))  # also draws the default bootstrap weights, kept for every request
        evenness(705, store.un_years[1], channel="diplomatic")
        hedging(705, hi)  # loads ATOP and the ideal points, draws the alignment bootstrap weights
        from multivector import engagements

        engagements(705)  # builds the extended panel from the shipped records
        from multivector.engine._idealpoints import load_cached_fit

        load_cached_fit()  # the UN ideal points of an earlier run, if kept; a fit (seconds of CPU) waits for a request
    except MultivectorError as exc:  # reported again, per request, by the error handler
        log.error("Data could not be loaded: %s", exc)
    _bundle.bundle()


def _one_blas_thread() -> None:
    """A server computes many small requests at once: one BLAS thread per request. Left to its defaults,
    OpenBLAS starts a thread per core for each small matrix product, and on a busy machine a bootstrap of 1000
    replicates took 1.06 s instead of 0.20 s (measured, load average 10 on two cores)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a dependency
        return
    threadpool_limits(limits=1, user_api="blas")


def create_app(*, cors_origins: list[str] | None = None, max_age: int = 3600, cache_entries: int = 512,
               cache_mb: float = 64, warm_up: bool = True) -> FastAPI:
    """Build the FastAPI application of the explorer and API.

    Parameters:
        cors_origins: origins allowed to call the API from other sites'
            pages (CORS is off when ``None``, the default); GET only.
        max_age: seconds in the ``Cache-Control: public, max-age=...``
            header of successful answers.
        cache_entries: answers kept in memory (the data never changes
            while the process runs); 0 turns the cache off.
        cache_mb: most megabytes the kept answers may take (a brief is
            about 1 MB; the least recently used answers go first).
        warm_up: load data, indexes and the chart bundle in a background
            thread at start-up.

    Returns:
        A FastAPI app; run it with ``multivector serve`` or any ASGI server.

    Example:
        >>> from multivector.web import create_app
        >>> app = create_app(warm_up=False)
        >>> app.openapi()["info"]["title"]
        'multivector'
    """
    from multivector.web._api import router as api_router
    from multivector.web._pages import router as pages_router

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        _one_blas_thread()
        if warm_up:
            threading.Thread(target=_warm_up, name="multivector-warm-up", daemon=True).start()
        yield

    app = FastAPI(
        title="multivector",
        version=__version__,
        summary="IGO memberships, dyads, UN agreement, alliances, and tilt, hedging and evenness between great powers, from Correlates of War, ATOP and UNGA data.",
        description=(
            "Read-only API over the multivector library. Every error has one shape: "
            '`{"error": {"type", "status", "message", "argument", "suggestions"}}`. '
            f"Tables are paginated (`limit` up to {_http.MAX_LIMIT}, `offset`); a request may ask for at most "
            f"{_http.MAX_WORK} years x states x measures. Answers carry an ETag from the data's checksums."
        ),
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    templates = Jinja2Templates(directory=str(TEMPLATES))
    from multivector.web._pages import footer

    from multivector.web._pages import code_spans, spells_text

    templates.env.globals.update(version=__version__, bundle_url=_bundle.url, footer=footer)
    templates.env.filters["spells"] = spells_text
    templates.env.filters["code"] = code_spans
    app.state.templates = templates

    @app.get(_bundle.url(), include_in_schema=False)
    def vega_bundle(request: Request):
        js, etag = _bundle.bundle()
        headers = {"ETag": etag, "Cache-Control": "public, max-age=31536000, immutable"}
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return Response(js, media_type="text/javascript; charset=utf-8", headers=headers)

    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    def render(request: Request, status: int, type_: str, message: str, argument=None, suggestions=()):
        body = {"type": type_, "status": status, "message": message, "argument": argument,
                "suggestions": list(suggestions)}
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": body}, status_code=status)
        from multivector.web._pages import error_links

        return templates.TemplateResponse(request, "error.html", {"error": body, "links": error_links(body)},
                                          status_code=status)

    @app.exception_handler(MultivectorError)
    async def on_library_error(request: Request, exc: MultivectorError):
        status = getattr(exc, "http_status", 400)
        message = str(exc)
        if status >= 500:  # the server's fault: details (paths, files) go to the log, not to the client
            log.error("%s on %s: %s", type(exc).__name__, request.url.path, exc)
            message = {501: "This server lacks an optional component for this request; the administrator can see which in the log."}.get(
                status, "The server cannot read its data; the administrator can see why in the log.")
        return render(request, status, type(exc).__name__, message, getattr(exc, "argument", None),
                      getattr(exc, "suggestions", ()))

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        parts, argument = [], None
        for e in errors:
            loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body")]
            name = ".".join(loc) or "request"
            argument = argument or name
            parts.append(f"{name}: {e.get('msg', 'invalid value')}")
        return render(request, 422, "ValidationError", "; ".join(parts) or "Invalid request.", argument)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException):
        msg = {404: f"No page or endpoint at {request.url.path}. The API reference is at /api.",
               405: f"{request.method} is not allowed here: the API is read-only (GET)."}.get(exc.status_code, str(exc.detail))
        resp = render(request, exc.status_code, _HTTP_TYPES.get(exc.status_code, "HTTPError"), msg)
        if exc.headers:
            resp.headers.update(exc.headers)
        return resp

    @app.exception_handler(Exception)
    async def on_bug(request: Request, exc: Exception):
        log.exception("Unhandled error on %s", request.url.path)
        return render(request, 500, "InternalError", "Something went wrong on our side; it has been logged.")

    # outermost last: a cached answer (already compressed) skips routing, CORS and compression
    if cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET"], allow_headers=["*"])
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.add_middleware(_http.CacheMiddleware, max_age=max_age, entries=cache_entries, max_bytes=int(cache_mb * 1e6))
    app.add_middleware(_http.SecurityHeadersMiddleware)
    return app


def app_from_env() -> FastAPI:
    """The app with options from the environment (used by ``multivector serve`` and its workers).

    ``MULTIVECTOR_WEB_CORS``: comma-separated allowed origins (default: CORS off);
    ``MULTIVECTOR_WEB_MAX_AGE``: Cache-Control max-age in seconds (default 3600);
    ``MULTIVECTOR_WEB_CACHE_ENTRIES``: answers kept in memory per process (default 512; 0 = off);
    ``MULTIVECTOR_WEB_CACHE_MB``: most megabytes they may take (default 64).
    """
    import os

    cors = [o.strip() for o in os.environ.get("MULTIVECTOR_WEB_CORS", "").split(",") if o.strip()]
    return create_app(cors_origins=cors or None, max_age=int(os.environ.get("MULTIVECTOR_WEB_MAX_AGE", "3600")),
                      cache_entries=int(os.environ.get("MULTIVECTOR_WEB_CACHE_ENTRIES", "512")),
                      cache_mb=float(os.environ.get("MULTIVECTOR_WEB_CACHE_MB", "64")))
