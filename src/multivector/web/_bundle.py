"""The Vega, Vega-Lite and Vega-Embed JavaScript bundle, served from the package (no CDN).

The bundle comes from :func:`vl_convert.javascript_bundle`, which packs the
three libraries and their dependencies into one script that assigns
``vegaEmbed``, ``vegaLite`` and ``vega`` to ``window``. Building it takes
about two seconds, so the app takes it from the country brief's cache
(memory, then the user's cache folder keyed by the vl-convert version; see
``multivector.report._render.vega_bundle``), in the background at start-up.
Its URL carries the vl-convert version, so browsers may cache it for good.
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
    # the country brief builds the same bundle and keeps it in the user's cache folder: share it
    from multivector.report._render import vega_bundle

    js = vega_bundle().encode()
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
