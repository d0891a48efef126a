"""The frames of the state system: state-years and dyad-years (COW).

A state is in the system in a year when one of its spells in the COW state
list (v2016) covers at least one day of that year, as in peacesciencer's
``create_stateyears()``. The list ends on 2016-12-31; no state entered or
left the system between then and the end of 2024 (COW's 2024 list; see
../shared/data/README.md), so a spell running at the end of 2016 runs on to
2024 (:data:`SYSTEM_YEARS`; the rule is the data layer's, ``mv.in_system``;
this module applies it to the spells' days as well, for the dyads).

A dyad-year is a pair of states in the system *together* that year: their
spells overlap on at least one day of the year. Pairs whose spells only
touch the same year at different times (Austria-Hungary, dissolved on 12
November 1918, and Hungary, from 16 November) are left out, as
peacesciencer's ``create_dyadyears()`` leaves out its ``false_cow_dyads``.
Both frames are whole-array work over the spells (one vectorised overlap
test per year), with nullable ``Int64`` keys that merge with users' data.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from multivector._errors import InvalidArgumentError
from multivector._years import YearsArg, parse_years
from multivector.data._cite import with_sources
from multivector.data._store import get_store
from multivector.data._system import COW_LIST_LAST_YEAR, SYSTEM_FIRST_YEAR, SYSTEM_LAST_YEAR, system_matrix

#: Years of the state-system frames: the COW list (1816-2016) and, by the
#: end-2016 rule, on to 2024 (``multivector.data._system``).
SYSTEM_YEARS = (SYSTEM_FIRST_YEAR, SYSTEM_LAST_YEAR)
#: Last day of the COW state list v2016; spells ending on it run on.
_LIST_END = np.datetime64(f"{COW_LIST_LAST_YEAR}-12-31")
_RUN_ON_TO = np.datetime64(f"{SYSTEM_LAST_YEAR}-12-31")

SYSTEMS = ("cow",)

__all__ = ["SYSTEM_YEARS", "dyad_years", "state_years"]


def _check_system(system: str) -> str:
    key = str(system).strip().lower()
    if key in ("gw", "gleditsch-ward", "gleditsch_ward"):
        raise InvalidArgumentError(
            "system: the Gleditsch-Ward system is not shipped (every multivector source uses COW codes); "
            "valid: cow", "system")
    if key not in SYSTEMS:
        raise InvalidArgumentError(f"system: unknown state system {system!r}; valid: cow", "system")
    return key


@lru_cache(maxsize=4)
def _spells(store_id: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(ccode, start, end)`` of every spell, days as datetime64[D], the end-2016 rule applied."""
    st = get_store().table("states")
    start = pd.to_datetime(st["start"]).to_numpy().astype("datetime64[D]")
    end = pd.to_datetime(st["end"]).to_numpy().astype("datetime64[D]")
    end = np.where(end == _LIST_END, _RUN_ON_TO, end)
    return st["ccode"].to_numpy().astype(np.int64), start, end


def spells() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The state list's spells as arrays ``(ccode, start, end)`` (end-2016 rule applied)."""
    return _spells(id(get_store()))


def _labels() -> pd.DataFrame:
    return get_store().table("states").drop_duplicates("ccode").set_index("ccode")[["stateabb", "statenme"]]


def state_years(years: YearsArg = None, system: str = "cow") -> pd.DataFrame:
    """The state-year frame of the state system, like peacesciencer's ``create_stateyears()``.

    One row per state and year in which one of the state's spells in the
    COW state list covers at least one day of the year. The list ends in
    2016; spells running then run on to 2024 (no state entered or left
    the system from 2017 to 2024).

    Parameters:
        years: a year, ``(start, end)``, ``"1950-2014"`` or a list (default
            1816-2024).
        system: ``"cow"`` (Correlates of War; the only system shipped).

    Returns:
        DataFrame sorted by ``ccode, year`` with columns ``ccode``,
        ``year`` (nullable ``Int64``, so they merge with int64 keys),
        ``stateabb`` (COW abbreviation) and ``statenme`` (COW name).
        ``attrs["panel_unit"]`` is ``"state-year"``.

    Example:
        >>> import multivector as mv
        >>> sy = mv.state_years((1816, 2014))
        >>> len(sy), len(mv.state_years(2014)), str(sy.ccode.dtype)
        (15561, 195, 'Int64')
    """
    _check_system(system)
    ys = np.asarray(parse_years(years, SYSTEM_YEARS, what="the COW state system (with the end-2016 rule)"))
    table = system_matrix(get_store().table("states"))[:, ys - SYSTEM_YEARS[0]]
    c_idx, y_idx = np.nonzero(table)  # row-major: sorted by ccode, then year
    ccode = c_idx.astype(np.int64)
    labels = _labels()
    out = pd.DataFrame({
        "ccode": pd.array(ccode, dtype="Int64"),
        "year": pd.array(ys[y_idx].astype(np.int64), dtype="Int64"),
        "stateabb": pd.array(labels["stateabb"].reindex(ccode).to_numpy(), dtype="string"),
        "statenme": pd.array(labels["statenme"].reindex(ccode).to_numpy(), dtype="string"),
    })
    out.attrs["panel_unit"] = "state-year"
    return with_sources(out, "cow_states")


def _year_pairs(year: int, c: np.ndarray, s: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Sorted unique ``c1 * 1000 + c2`` (``c1 < c2``) of the states together in ``year``."""
    a, b = np.datetime64(f"{year}-01-01"), np.datetime64(f"{year}-12-31")
    m = (s <= b) & (e >= a)
    cc, ss, ee = c[m], np.maximum(s[m], a), np.minimum(e[m], b)
    order = np.argsort(cc, kind="stable")
    cc, ss, ee = cc[order], ss[order], ee[order]
    i, j = np.triu_indices(len(cc), 1)  # row-major: (i, j) pairs in the order of the sorted codes
    keep = (cc[i] < cc[j]) & (ss[i] <= ee[j]) & (ss[j] <= ee[i])  # two states whose spells share a day
    key = cc[i][keep] * 1000 + cc[j][keep]
    if len(cc) > 1 and (cc[1:] == cc[:-1]).any():  # a state with two spells that year: pairs may repeat
        key = np.unique(key)
    return key


def dyad_years(years: YearsArg = None, directed: bool = False, system: str = "cow", *,
               labels: bool = False) -> pd.DataFrame:
    """The dyad-year frame of the state system, like peacesciencer's ``create_dyadyears()``.

    One row per pair of states in the system together in a year: spells
    (COW state list, run on to 2024 as in :func:`state_years`) that share
    at least one day of the year. Pairs in the system the same year but
    never on the same day are left out (peacesciencer's "false dyads";
    30 dyad-years in 1816-2014, e.g. Austria-Hungary and Hungary in 1918).

    Parameters:
        years: a year, ``(start, end)``, ``"1950-2014"`` or a list (default
            1816-2024).
        directed: ``False`` (default; peacesciencer's default is directed):
            one row per pair with ``ccode1 < ccode2``; ``True``: both orders.
        system: ``"cow"`` (the only system shipped).
        labels: add ``stateabb1, stateabb2`` (COW abbreviations).

    Returns:
        DataFrame sorted by ``ccode1, ccode2, year`` with nullable
        ``Int64`` columns ``ccode1, ccode2, year`` [, ``stateabb1,
        stateabb2``]. ``attrs["panel_unit"]`` is ``"dyad-year"``.

    Example:
        >>> import multivector as mv
        >>> d = mv.dyad_years((1816, 2014))
        >>> len(d), len(mv.dyad_years(2014, directed=True))
        (918315, 37830)
    """
    _check_system(system)
    if not isinstance(directed, (bool, np.bool_)):
        raise InvalidArgumentError(f"directed: expected True or False, got {directed!r}", "directed")
    ys = parse_years(years, SYSTEM_YEARS, what="the COW state system (with the end-2016 rule)")
    c, s, e = spells()
    keys, yrs = [], []
    for y in ys:  # one vectorised overlap test per year
        k = _year_pairs(y, c, s, e)
        keys.append(k)
        yrs.append(np.full(len(k), y, dtype=np.int64))
    key = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
    year = np.concatenate(yrs) if yrs else np.zeros(0, dtype=np.int64)
    c1, c2 = key // 1000, key % 1000
    if directed:
        c1, c2, year = np.concatenate([c1, c2]), np.concatenate([c2, c1]), np.concatenate([year, year])
    order = np.argsort((c1 * 1000 + c2) * 10_000 + year, kind="stable")  # by ccode1, ccode2, year
    c1, c2, year = c1[order], c2[order], year[order]
    out = pd.DataFrame({
        "ccode1": pd.array(c1, dtype="Int64"),
        "ccode2": pd.array(c2, dtype="Int64"),
        "year": pd.array(year, dtype="Int64"),
    })
    if labels:
        abb = _labels()["stateabb"]
        out["stateabb1"] = pd.array(abb.reindex(c1).to_numpy(), dtype="string")
        out["stateabb2"] = pd.array(abb.reindex(c2).to_numpy(), dtype="string")
    out.attrs["panel_unit"] = "dyad-year"
    out.attrs["directed"] = bool(directed)
    return with_sources(out, "cow_states")
