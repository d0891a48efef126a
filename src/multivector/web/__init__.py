"""Web explorer and REST API (``multivector serve``); needs the ``web`` extra.

Example:
    >>> from multivector.web import create_app
    >>> app = create_app(warm_up=False)
"""

from __future__ import annotations

from multivector._errors import MissingExtraError

#: Import name -> distribution name of the ``web`` extra's packages.
REQUIRED = {"fastapi": "fastapi", "uvicorn": "uvicorn", "jinja2": "jinja2", "vl_convert": "vl-convert-python"}

__all__ = ["create_app", "require_web_extra"]


def require_web_extra() -> None:
    """Raise :class:`MissingExtraError` with the install line if a package of the ``web`` extra is missing."""
    import importlib.util

    for module, dist in REQUIRED.items():
        if importlib.util.find_spec(module) is None:
            raise MissingExtraError(dist, "web")


def create_app(**kwargs):
    """Build the FastAPI app of the web explorer and REST API (needs the ``web`` extra).

    Keyword arguments are those of :func:`multivector.web.app.create_app`
    (``cors_origins``, ``max_age``, ``cache_entries``, ``warm_up``).

    Raises:
        MissingExtraError: fastapi, uvicorn, jinja2 or vl-convert-python is
            not installed; the message gives the install line.

    Example:
        >>> import multivector as mv
        >>> from fastapi.testclient import TestClient
        >>> client = TestClient(mv.create_app(warm_up=False))
        >>> client.get("/api/organizations/sco/members", params={"year": 2014}).json()["total"]
        6
    """
    require_web_extra()
    from multivector.web.app import create_app as _create_app

    return _create_app(**kwargs)
