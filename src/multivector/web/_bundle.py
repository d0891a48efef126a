"""The Vega, Vega-Lite and Vega-Embed JavaScript bundle, served from the package (no CDN).

The bundle comes from :func:`vl_convert.javascript_bundle`, which packs the
three libraries and their dependencies into one script that assigns
``vegaEmbed``, ``vegaLite`` and ``vega`` to ``window``. Building it takes
about two seconds, so the app builds it once per process, in the
background at start-up, and keeps it in memory. Its URL carries the
vl-convert version, so browsers may cache it for good.
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache

_lock = threading.Lock()


def version() -> str:
    """The vl-convert version the bundle is made with (part of its URL)."""
    import vl_convert

    return getattr(vl_convert, "__version__", "0")


@lru_cache(maxsize=1)
def _cached() -> tuple[bytes, str]:
    import vl_convert

    js = vl_convert.javascript_bundle().encode()
    return js, 'W/"' + hashlib.sha256(js).hexdigest()[:24] + '"'


def bundle() -> tuple[bytes, str]:
    """The bundle's bytes and ETag (built on first use, then cached).

    Example:
        >>> js, etag = bundle()
        >>> b"vegaEmbed" in js
        True
    """
    with _lock:
        return _cached()


def url() -> str:
    """The path the pages load the bundle from."""
    return f"/static/vendor/vega-{version()}.js"


def warm_up_in_background() -> threading.Thread:
    """Start building the bundle in a daemon thread."""
    t = threading.Thread(target=bundle, name="vega-bundle", daemon=True)
    t.start()
    return t
