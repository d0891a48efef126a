"""Which states are in the state system in a year, 1816-2024.

The COW state list shipped with the data (v2016) ends on 31 December 2016.
COW's 2024 list records no state entering or leaving after South Sudan
(2011), so every spell still running at the end of 2016 runs to the end of
2024 (``../shared/data/README.md``, "The COW state system after 2016"). This
module applies that rule, once, for every source whose years run past 2016
(ATOP to 2018, the UN ideal points to 2024, IIGO to 2017). Years before
1816 (the first year of the COW list) and after 2024 are outside what the
list can answer: no state counts as in the system then.

Documented in ``docs/data.md`` ("The state system, 1816-2024"); pinned by
``tests/test_sources_new.py``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

#: First year of the COW state list.
SYSTEM_FIRST_YEAR = 1816
#: Last year of the published COW state list (v2016).
COW_LIST_LAST_YEAR = 2016
#: Last year the state system is known: spells running at the end of 2016 run to here.
SYSTEM_LAST_YEAR = 2024


def system_spells(states: pd.DataFrame) -> pd.DataFrame:
    """Spells of statehood with the end-2016 rule applied.

    ``states`` is the COW list (the ``states`` table, or the raw file as
    read by :func:`multivector.data.sources.read_states`): one row per
    spell with ``ccode, styear, endyear`` (and ``endmonth, endday``). A
    spell that ends on 31 December 2016, the day the list closes (195
    spells), was still running then and gets ``endyear`` 2024. Returns
    ``ccode, styear, endyear`` (int64).

    Example:
        >>> from multivector.data._store import get_store
        >>> sp = system_spells(get_store().table("states"))
        >>> sp[sp.ccode == 705].values.tolist()
        [[705, 1991, 2024]]
    """
    sp = states[["ccode", "styear", "endyear"]].astype("int64").copy()
    running = sp.endyear >= COW_LIST_LAST_YEAR
    if "endmonth" in states.columns and "endday" in states.columns:
        running &= (states.endmonth.to_numpy() == 12) & (states.endday.to_numpy() == 31)
    sp.loc[running, "endyear"] = SYSTEM_LAST_YEAR
    return sp.reset_index(drop=True)


def system_matrix(states: pd.DataFrame) -> np.ndarray:
    """Boolean lookup ``[ccode, year - 1816]`` for ccodes 0-999 and years 1816-2024.

    Example:
        >>> from multivector.data._store import get_store
        >>> m = system_matrix(get_store().table("states"))
        >>> bool(m[705, 2020 - 1816]), bool(m[705, 1990 - 1816])
        (True, False)
    """
    n_years = SYSTEM_LAST_YEAR - SYSTEM_FIRST_YEAR + 1
    out = np.zeros((1000, n_years), dtype=bool)
    for c, a, b in system_spells(states).itertuples(index=False):  # 243 spells
        lo, hi = max(a, SYSTEM_FIRST_YEAR), min(b, SYSTEM_LAST_YEAR)
        if lo <= hi:
            out[c, lo - SYSTEM_FIRST_YEAR: hi - SYSTEM_FIRST_YEAR + 1] = True
    return out


def in_system_mask(states: pd.DataFrame, ccode, year) -> np.ndarray:
    """Vectorised test on a given state list: is ``ccode[i]`` in the system in ``year[i]``?

    Codes outside 0-999 and years outside 1816-2024 give False.

    Example:
        >>> from multivector.data._store import get_store
        >>> in_system_mask(get_store().table("states"), [705, 705, 2], [1990, 2024, 1815]).tolist()
        [False, True, False]
    """
    return _lookup(system_matrix(states), ccode, year)


def _lookup(matrix: np.ndarray, ccode, year) -> np.ndarray:
    c = np.asarray(ccode, dtype=np.int64)
    y = np.asarray(year, dtype=np.int64)
    c, y = np.broadcast_arrays(c, y)
    ok = (c >= 0) & (c < matrix.shape[0]) & (y >= SYSTEM_FIRST_YEAR) & (y <= SYSTEM_LAST_YEAR)
    out = np.zeros(c.shape, dtype=bool)
    out[ok] = matrix[c[ok], y[ok] - SYSTEM_FIRST_YEAR]
    return out


@lru_cache(maxsize=4)
def _store_matrix(data_dir: str) -> np.ndarray:
    from multivector.data._store import get_store

    return system_matrix(get_store().table("states"))


def in_system(ccode, year):
    """Is a state (COW code) in the state system in a year (1816-2024)?

    Uses the COW list of the data in use, with the end-2016 rule: a state
    in the system at the end of 2016 stays in it to 2024. Scalars give a
    ``bool``; arrays (of equal or broadcastable shape) a boolean array.
    Years before 1816 or after 2024 give False: the list does not cover
    them.

    Example:
        >>> from multivector.data._system import in_system
        >>> in_system(705, 1991), in_system(705, 1990), in_system(705, 2024), in_system(2, 1815)
        (True, False, True, False)
        >>> in_system([365, 260, 255], [2018, 1991, 1991]).tolist()
        [True, False, True]
    """
    from multivector.data._store import get_store

    out = _lookup(_store_matrix(str(get_store().data_dir)), ccode, year)
    return bool(out) if out.ndim == 0 else out


def system_years(states: pd.DataFrame | None = None, first: int = SYSTEM_FIRST_YEAR,
                 last: int = SYSTEM_LAST_YEAR) -> pd.DataFrame:
    """Every state-year of the system within ``[first, last]`` (clipped to 1816-2024).

    Returns ``ccode, year`` (int16), sorted. ``states`` defaults to the
    ``states`` table of the data in use.

    Example:
        >>> from multivector.data._system import system_years
        >>> sy = system_years(first=2017, last=2024)
        >>> len(sy) == 8 * sy[sy.year == 2017].shape[0], int((sy.year == 2024).sum())
        (True, 195)
    """
    if states is None:
        from multivector.data._store import get_store

        states = get_store().table("states")
    m = system_matrix(states)
    lo, hi = max(first, SYSTEM_FIRST_YEAR), min(last, SYSTEM_LAST_YEAR)
    if lo > hi:
        return pd.DataFrame({"ccode": pd.Series([], dtype="int16"), "year": pd.Series([], dtype="int16")})
    sub = m[:, lo - SYSTEM_FIRST_YEAR: hi - SYSTEM_FIRST_YEAR + 1]
    c, yi = np.nonzero(sub)
    return pd.DataFrame({"ccode": c.astype(np.int16), "year": (yi + lo).astype(np.int16)})
