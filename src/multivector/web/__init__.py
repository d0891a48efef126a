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
    """Build the web app; see :func:`multivector.web.app.create_app` for the parameters."""
    require_web_extra()
    from multivector.web.app import create_app as _create_app

    return _create_app(**kwargs)
