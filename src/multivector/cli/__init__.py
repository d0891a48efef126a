"""The ``multivector`` command line: thin commands over the library.

Each command parses its arguments, calls one library function and formats
the result with :func:`multivector.cli._output.emit`. Errors of the library
(:class:`multivector.MultivectorError`) are printed as one line and exit with
status 1 (2 for usage errors, as click does); ``--debug`` shows the traceback.
"""

from __future__ import annotations

from multivector.cli._app import app

# Command modules register themselves on ``app`` when imported.
from multivector.cli import _members  # noqa: E402,F401
from multivector.cli import _analysis  # noqa: E402,F401
from multivector.cli import _dyads  # noqa: E402,F401
from multivector.cli import _panel  # noqa: E402,F401
from multivector.cli import _records  # noqa: E402,F401
from multivector.cli import _report  # noqa: E402,F401
from multivector.cli import _serve  # noqa: E402,F401

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``multivector`` console script."""
    app()
