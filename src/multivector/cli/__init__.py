"""The ``multivector`` command line: thin commands over the library.

Each command parses its arguments, calls one library function and formats
the result with :func:`multivector.cli._output.emit`. Errors of the library
(:class:`multivector.MultivectorError`) are printed as one line and exit with
status 1 (2 for usage errors, as click does); ``--debug`` shows the traceback.
An interrupt (Ctrl-C) exits with status 130 and no traceback, at any moment,
the start-up imports included, and leaves no half-written output file.

The command modules are imported on first use of :data:`app` (or by
:func:`main`), so that an interrupt during those imports is handled too.
"""

from __future__ import annotations

__all__ = ["app", "main"]


def _load():
    from multivector.cli._app import app

    # Command modules register themselves on ``app`` when imported.
    from multivector.cli import _members  # noqa: F401
    from multivector.cli import _analysis  # noqa: F401
    from multivector.cli import _alignment  # noqa: F401
    from multivector.cli import _dyads  # noqa: F401
    from multivector.cli import _panel  # noqa: F401
    from multivector.cli import _records  # noqa: F401
    from multivector.cli import _report  # noqa: F401
    from multivector.cli import _serve  # noqa: F401
    from multivector.cli import _idealpoints  # noqa: F401

    return app


def __getattr__(name: str):
    if name == "app":
        return _load()
    raise AttributeError(f"module 'multivector.cli' has no attribute {name!r}")


def main() -> None:
    """Entry point of the ``multivector`` console script."""
    try:
        _load()(standalone_mode=True)
    except KeyboardInterrupt:
        interrupted()


def interrupted() -> None:
    """Exit quietly with status 130 (128 + SIGINT, as shells report an interrupted command), no traceback."""
    raise SystemExit(130)
