"""Coding gaps of the COW IGO data: organizations coded missing (-9) for every state in a year.

Some years the publisher codes an organization -9 ("missing data") for every
state, though it was alive and had members the year before. In 2014 eight
more organizations than in 2013 are coded so (ACP, ARPU, CMHASG, ICAO,
ICMMP, RIOPPAH, TURKSOY, UASC), so almost every state's count of full
memberships falls in the last year of the data (Kazakhstan 57 to 55, the
United States 91 to 89): an artefact of the coding, not exits. The faces
mark such years on charts, in text and in ``portfolio`` tables so a reader
never takes them for exits. Missing stays missing: nothing is filled in.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from multivector._years import YearsArg, parse_years

__all__ = ["coding_gaps"]


_CACHE: dict = {}


def _new_gaps(store) -> np.ndarray:
    """Boolean ``[organization, year]`` of newly wholly-missing organizations, computed once per store."""
    key = id(store)
    if key not in _CACHE:
        cube = store.cube
        wm = _wholly_missing(cube)
        new = np.zeros_like(wm)
        # in y - 1 some state had a known status (0-3): neither missing (-9), nor not alive (-1), nor
        # outside the system (ABSENT); an organization coded wholly missing in its first year lost nothing
        known_before = (cube.status[:, :, :-1] >= 0).any(axis=0)
        new[:, 1:] = wm[:, 1:] & known_before
        _CACHE.clear()
        _CACHE[key] = new
    return _CACHE[key]


def _wholly_missing(cube) -> np.ndarray:
    """Boolean ``[organization, year]``: alive (some state coded other than -1) and -9 for every coded state."""
    st = cube.status
    coded = (st != -1) & cube.in_system()[:, None, :]
    any_coded = coded.any(axis=0)
    all_missing = ~((st != -9) & coded).any(axis=0)
    return any_coded & all_missing


def coding_gaps(state: str | int | None = None, years: YearsArg = None) -> pd.DataFrame:
    """Organizations newly coded missing (-9) for every state in a year, as the source codes them.

    An organization counts in year *y* when it is alive in *y*, every state
    in the system is coded -9 for it in *y*, and in *y - 1* it was not so
    (at least one state had a known status). With ``state``, only the
    organizations in which that state was a full member in *y - 1*: the
    memberships its count loses in *y* through the gap, not through exits.

    Parameters:
        state: a state (name, COW code, ISO code) or None for all organizations.
        years: years of the IGO data (default: all).

    Returns:
        One row per year and organization: ``year, ioname, orgname`` (and
        ``ccode`` with a state). Empty when no year has such a gap.

    Example:
        >>> import multivector as mv
        >>> mv.coding_gaps("Kazakhstan", 2014).ioname.tolist()
        ['icao', 'turksoy']
        >>> len(mv.coding_gaps(years=2014))
        8
    """
    from multivector.data._store import get_store
    from multivector.engine._resolve import resolve_state

    store = get_store()
    ys = parse_years(years, store.igo_years)
    cube = store.cube
    new = _new_gaps(store).copy()
    ccode = None
    if state is not None:
        ccode = resolve_state(state)
        si = cube.state_index.get(ccode)
        if si is None:
            new[:] = False
        else:
            was_full = np.zeros_like(new)
            was_full[:, 1:] = cube.status[si, :, :-1] == 1
            new &= was_full
    yi = np.asarray(ys, dtype=np.int64) - cube.year0
    yi = yi[(yi >= 0) & (yi < len(cube.years))]
    org, year = np.nonzero(new[:, yi])
    out = pd.DataFrame({"year": (cube.years[yi][year]).astype("int64"), "ioname": cube.ionames[org].astype(str)})
    names = store.table("organizations").set_index("ioname")
    name_col = "longorgname" if "longorgname" in names.columns else "orgname"
    full_names = names[name_col].where(names[name_col].notna(), names["orgname"]) if name_col != "orgname" else names["orgname"]
    out["orgname"] = out["ioname"].map(full_names.astype(str).to_dict())
    out = out.sort_values(["year", "ioname"], ignore_index=True)
    if ccode is not None:
        out.insert(0, "ccode", ccode)
    return out


def records_in_published_years(state: str | int, years: YearsArg = None) -> pd.DataFrame:
    """Full memberships the extended panel adds in the published COW years (to 2014) from sourced records.

    The extended panel is not only "after 2014": organizations the COW data do
    not list (the Eurasian Development Bank, the Organization of Turkic
    States, ...) enter from their sourced founding or joining dates, so
    ticking it changes earlier years too (Kazakhstan 2009: 54 published full
    memberships, 56 in the extended panel). The faces name these additions.

    Returns:
        ``ioname, orgname, first_year, last_year`` per organization, within
        ``years`` and the COW years (empty when nothing is added).

    Example:
        >>> records_in_published_years("Kazakhstan", (2008, 2014)).ioname.tolist()
        ['edb', 'ots']
    """
    from multivector.data._store import get_store
    from multivector.engine._extended import extended_memberships

    from multivector.engine._extended import extended_coverage

    lo, hi = get_store().igo_years
    ys = [y for y in parse_years(years, (lo, max(hi, extended_coverage()[1]))) if y <= hi]  # later years: not published
    if not ys:
        return pd.DataFrame(columns=["ioname", "orgname", "first_year", "last_year"])
    e = extended_memberships(state, (min(ys), max(ys)), status="full")
    e = e[(e.provenance == "record") & e.year.isin(ys)]
    out = e.groupby(["ioname", "orgname"], as_index=False, dropna=False).year.agg(first_year="min", last_year="max")
    return out.sort_values(["first_year", "ioname"], ignore_index=True)


def extended_note(state: str | int, years: YearsArg = None) -> str:
    """One sentence naming what the extended panel changes in published years ("" when nothing).

    Example:
        >>> extended_note("Kazakhstan", (2008, 2014))[:60]
        'The extended panel also changes years before 2015: sourced r'
    """
    add = records_in_published_years(state, years)
    if add.empty:
        return ""
    parts = [f"{str(r.ioname).upper()} (full member from {int(r.first_year)})" for r in add.itertuples()]
    return ("The extended panel also changes years before 2015: sourced records add organizations the COW data do "
            f"not list, {', '.join(parts)}, so those years count more full memberships than the published data.")
