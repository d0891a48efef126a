"""Membership changes: the organizations a state joined and left, year by year.

The counts of :func:`multivector.portfolio` (``joins``, ``exits``,
``dissolved``, ``changes_unknown``, ``initial``) summarise these events;
:func:`membership_changes` lists them one organization at a time, with the
same definitions, so every count can be traced to its organizations.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from multivector.engine._resolve import require_in_system, resolve_state
from multivector.data._store import ABSENT, STATUS_LABELS, get_store
from multivector._years import YearsArg, parse_years

#: Kinds of change, in the order they are listed.
CHANGES = ("initial", "join", "exit", "dissolved", "unknown")

_COLUMNS = ["ccode", "year", "ioname", "orgname", "change", "from_status", "to_status", "from_label", "to_label"]


def membership_changes(state: str | int, years: YearsArg = None, changes=CHANGES) -> pd.DataFrame:
    """Every change of a state's full memberships, one row per organization and year.

    Definitions (identical to :func:`multivector.portfolio`, whose counts
    these rows add up to):

    - ``join``: full member this year, and last year none (0), associate
      (2), observer (3), or the organization did not exist yet (-1, a
      founding membership);
    - ``exit``: full member last year, none/associate/observer this year,
      with the organization still alive;
    - ``dissolved``: full member last year, the organization no longer
      alive this year;
    - ``unknown``: a change to or from missing (-9) between living
      organizations: whether the state joined or left is not known;
    - ``initial``: full memberships in the state's first year in the
      system (or first year after a gap), where there is no previous year.

    Parameters:
        state: name, COW code/abbreviation or ISO code.
        years: years of the changes (a change in year ``t`` compares
            ``t - 1`` with ``t``); a year, ``(start, end)``, ``"1991-2014"``
            or a list (default: all years of the IGO data).
        changes: kinds to keep (default all of :data:`CHANGES`).

    Returns:
        DataFrame ``ccode, year, ioname, orgname, change, from_status,
        to_status, from_label, to_label``, sorted by year, change and
        ioname. ``from_status`` is missing (<NA>) for ``initial`` rows.

    Example:
        >>> import multivector as mv
        >>> c = mv.membership_changes("Kazakhstan", (1992, 2014))
        >>> j = c[c.change == "join"]
        >>> int(j.year.min()), bool(((j.ioname == "sco") & (j.year == 1996)).any())
        (1992, True)
    """
    store = get_store()
    ccode = resolve_state(state)
    ys = np.asarray(parse_years(years, store.igo_years), dtype=np.int64)
    require_in_system([ccode], ys)
    kinds = [changes] if isinstance(changes, str) else list(changes)
    cube = store.cube
    si = cube.state_index.get(ccode)
    if si is None:
        return _empty()
    st = cube.status[si]  # [org, year]
    present = st[0] != ABSENT
    prev_present = np.concatenate([[False], present[:-1]])
    prev = np.concatenate([np.full((st.shape[0], 1), ABSENT, dtype=st.dtype), st[:, :-1]], axis=1)

    full, pfull = st == 1, prev == 1
    both = present & prev_present  # [year]
    kind = np.full(st.shape, -1, dtype=np.int8)
    kind[full & np.isin(prev, (0, 2, 3, -1)) & both] = 1  # join
    kind[pfull & np.isin(st, (0, 2, 3)) & both] = 2  # exit
    kind[pfull & (st == -1) & both] = 3  # dissolved
    unknown = ((prev == -9) & (st != -9) & (st != -1)) | ((st == -9) & (prev != -9) & (prev != -1))
    kind[unknown & both] = 4
    kind[full & (present & ~prev_present)] = 0  # initial

    in_years = np.isin(cube.years.astype(np.int64), ys) & present
    oi, yi = np.nonzero((kind >= 0) & in_years[None, :])
    if oi.size == 0:
        return _empty()
    names = store.table("organizations").set_index("ioname").orgname
    df = pd.DataFrame({
        "ccode": np.full(oi.size, ccode, dtype=np.int16),
        "year": cube.years[yi].astype(np.int16),
        "ioname": pd.array(cube.ionames[oi].astype(str), dtype="string"),
        "change": pd.Categorical.from_codes(kind[oi, yi], categories=list(CHANGES)),
        "from_status": pd.array(np.where(kind[oi, yi] == 0, 0, prev[oi, yi]), dtype="Int8"),
        "to_status": st[oi, yi].astype(np.int8),
    })
    df.loc[df.change == "initial", "from_status"] = pd.NA
    df.insert(3, "orgname", df.ioname.map(names).astype("string"))
    df["from_label"] = df.from_status.map(STATUS_LABELS).astype("string")
    df["to_label"] = df.to_status.map(STATUS_LABELS).astype("string")
    df = df[df.change.isin(kinds)]
    return df.sort_values(["year", "change", "ioname"]).reset_index(drop=True)[_COLUMNS]


def _empty() -> pd.DataFrame:
    return pd.DataFrame({
        "ccode": pd.Series(dtype="int16"), "year": pd.Series(dtype="int16"),
        "ioname": pd.Series(dtype="string"), "orgname": pd.Series(dtype="string"),
        "change": pd.Categorical([], categories=list(CHANGES)),
        "from_status": pd.Series(dtype="Int8"), "to_status": pd.Series(dtype="int8"),
        "from_label": pd.Series(dtype="string"), "to_label": pd.Series(dtype="string"),
    })
