"""``multivector serve``: run the web explorer and REST API with uvicorn."""

from __future__ import annotations

import typer

from multivector.cli._app import app


def _check_port_free(host: str, port: int) -> None:
    """Bind the address as uvicorn will (SO_REUSEADDR) and let it go: a busy port is a one-line error before the
    banner (uvicorn printed the banner, then its own 'Errno 98' lines, and exited 3)."""
    import errno
    import socket

    from multivector._errors import InvalidArgumentError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise InvalidArgumentError(f"--port: {host}:{port} is already in use (is another server running there?); "
                                           f"choose another port with --port", "port") from None
            if exc.errno == errno.EACCES:
                raise InvalidArgumentError(f"--port: no permission to listen on {host}:{port} (ports below 1024 need "
                                           "administrator rights); choose another port with --port", "port") from None
            raise InvalidArgumentError(f"--host/--port: cannot listen on {host}:{port} ({exc.strerror or exc})",
                                       "host") from None


@app.command("serve")
def serve_cmd(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (0.0.0.0 for every interface; put a reverse proxy in front)."),
    port: int = typer.Option(8000, "--port", "-p", min=1, max=65535, help="TCP port."),
    reload: bool = typer.Option(False, "--reload", help="Restart when the code changes (development only)."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, max=64, help="Worker processes (each loads the data once: about 300 MB, 450 MB at peak; see docs/web.md)."),
    log_level: str = typer.Option("info", "--log-level", help="critical, error, warning, info, debug or trace."),
    cors: list[str] = typer.Option(None, "--cors-origin", help="Allow pages of this origin to call the API (repeatable; CORS is off by default)."),
    max_age: int = typer.Option(3600, "--max-age", min=0, help="Seconds browsers and proxies may cache answers (Cache-Control max-age)."),
):
    """Serve the web explorer and the REST API (pages at /, API reference at /api)."""
    import os

    from multivector._errors import InvalidArgumentError
    from multivector.web import require_web_extra

    require_web_extra()
    import uvicorn

    levels = ("critical", "error", "warning", "info", "debug", "trace")
    if log_level.lower() not in levels:
        raise InvalidArgumentError(f"--log-level: unknown level {log_level!r}; valid: {', '.join(levels)}", "log_level")
    if reload and workers > 1:
        raise InvalidArgumentError("--reload and --workers cannot be combined; use one for development, the other for production", "workers")
    import socket

    if not host.strip():
        raise InvalidArgumentError("--host: give an address to listen on, e.g. 127.0.0.1 (this machine) or 0.0.0.0 (every interface)", "host")
    try:
        socket.getaddrinfo(host, port)
    except (socket.gaierror, UnicodeError, OverflowError) as exc:
        raise InvalidArgumentError(f"--host/--port: cannot listen on {host}:{port} ({exc})", "host") from None
    if not reload:
        _check_port_free(host, port)
    # The factory reads its options from the environment so that every worker (and a reload) builds the same app,
    # including the data folder chosen with --data-dir.
    from multivector.data._store import PACKAGE_DATA, get_store

    data_dir = get_store().data_dir
    if data_dir != PACKAGE_DATA:
        os.environ["MULTIVECTOR_DATA_DIR"] = str(data_dir)
    os.environ["MULTIVECTOR_WEB_MAX_AGE"] = str(max_age)
    if cors:
        os.environ["MULTIVECTOR_WEB_CORS"] = ",".join(cors)
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    typer.echo(f"multivector explorer on http://{shown}:{port}/  (API reference: http://{shown}:{port}/api; Ctrl+C to stop)", err=True)
    uvicorn.run(
        "multivector.web.app:app_from_env", factory=True, host=host, port=port, reload=reload,
        workers=None if reload else workers, log_level=log_level.lower(), proxy_headers=True,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    )
