"""The user's cache folder, shared by everything multivector keeps between runs.

``MULTIVECTOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/multivector``, else
``~/.cache/multivector``. Whatever is kept there can be rebuilt: an
unwritable or damaged cache is simply not used.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """The folder (not created here).

    Example:
        >>> import os
        >>> os.environ["MULTIVECTOR_CACHE_DIR"] = "/tmp/mv-cache"; str(cache_dir())
        '/tmp/mv-cache'
        >>> del os.environ["MULTIVECTOR_CACHE_DIR"]
    """
    base = os.environ.get("MULTIVECTOR_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "multivector")
    return Path(base)
