"""Membership queries: states, organizations, memberships, members, portfolio."""

from __future__ import annotations

import threading
from collections.abc import Iterable

import numpy as np
import pandas as pd

from multivector.data._cite import with_sources
from multivector._errors import InvalidArgumentError
from multivector.engine._resolve import (
    org_index, require_in_system, require_org_in_years, resolve_organization, resolve_state,
)
from multivector.data._store import ABSENT, STATUS_CODES, STATUS_LABELS, get_store
from multivector._years import YearsArg, parse_years

KINDS = ("political", "social", "economic")


def parse_status(status: str | int | Iterable[str | int] | None) -> list[int]:
    """Turn a status argument (labels, codes, ``"all"``) into a list of codes.

    Example:
        >>> parse_status(("full", "associate"))
        [1, 2]
        >>> parse_status("all")
        [1, 2, 3, 0, -9, -1]
    """
    if status is None or status == "all":
        return list(STATUS_LABELS)
    if isinstance(status, (str, int)):
        status = [status]
    out = []
    for s in status:
        if isinstance(s, str) and "," in s:
            out.extend(parse_status(s.split(",")))
            continue
        key = s.strip().lower() if isinstance(s, str) else s
        if isinstance(key, str) and key.lstrip("-").isdigit():
            key = int(key)
        if isinstance(key, int) and key in STATUS_LABELS:
            code = key
        elif key in STATUS_CODES:
            code = STATUS_CODES[key]
        else:
            valid = ", ".join(list(STATUS_CODES) + ["all"])
            raise InvalidArgumentError(f"status: unknown status {s!r}; valid: {valid} (or codes 1, 2, 3, 0, -9, -1)", "status")
        if code not in out:
            out.append(code)
    return out


def _spells_summary(states: pd.DataFrame) -> pd.DataFrame:
    g = states.sort_values(["ccode", "spell"]).groupby("ccode", sort=True)
    out = g.agg(
        stateabb=("stateabb", "first"), statenme=("statenme", "first"), iso2=("iso2", "first"), iso3=("iso3", "first"),
        first_year=("styear", "min"), last_year=("endyear", "max"), n_spells=("spell", "size"),
    )
    out["spells"] = g.apply(lambda d: "; ".join(f"{a}-{b}" for a, b in zip(d.start, d.end)), include_groups=False)
    return out.reset_index()


def states(year: int | None = None) -> pd.DataFrame:
    """States of the COW state system, one row per state.

    Parameters:
        year: if given, only states in the system during that year.

    Returns:
        DataFrame with columns ``ccode, stateabb, statenme, iso2, iso3,
        first_year, last_year, n_spells, spells`` (spells as
        ``"YYYY-MM-DD-YYYY-MM-DD; ..."``).

    Example:
        >>> import multivector as mv
        >>> s = mv.states(1992)
        >>> bool((s.ccode == 705).any()), bool((s.ccode == 265).any())
        (True, False)
    """
    st = get_store().table("states")
    if year is not None:
        (y,) = parse_years(year, (1816, 2016), what="the COW state system", argument="year")
        ccodes = st[(st.styear <= y) & (st.endyear >= y)].ccode.unique()
        st = st[st.ccode.isin(ccodes)]
    return with_sources(_spells_summary(st), "cow_states")


def organizations(search: str | None = None, year: int | None = None, kind: str | None = None) -> pd.DataFrame:
    """Organizations of the COW IGO data.

    Parameters:
        search: words that must all start words of the abbreviation or names
            (case-insensitive), e.g. ``"shanghai"``.
        year: only organizations alive that year.
        kind: ``"political"``, ``"social"`` or ``"economic"``.

    Returns:
        DataFrame with columns ``ioname, orgname, longorgname, sdate,
        deaddate, political, social, economic, accuracy_pre1965, first_year,
        last_year`` and, with ``year``, ``n_full`` (full members that year).

    Example:
        >>> import multivector as mv
        >>> mv.organizations("shanghai").ioname.tolist()
        ['sco']
    """
    store = get_store()
    orgs = store.table("organizations")
    cols = ["ioname", "orgname", "longorgname", "sdate", "deaddate", "political", "social", "economic",
            "accuracy_pre1965", "first_year", "last_year"]
    out = orgs[cols].copy()
    if search:
        out = out[out.ioname.isin(org_index().search(search))]
    if kind is not None:
        if kind not in KINDS:
            raise InvalidArgumentError(f"kind: unknown functional type {kind!r}; valid: {', '.join(KINDS)}", "kind")
        out = out[out[kind] == 1]
    if year is not None:
        (y,) = parse_years(year, store.igo_years, argument="year")
        cube = store.cube
        yi = y - cube.year0
        alive = (cube.status[:, :, yi] >= 0) | (cube.status[:, :, yi] == -9)
        alive_orgs = cube.ionames[alive.any(axis=0)]
        n_full = pd.Series((cube.status[:, :, yi] == 1).sum(axis=0), index=cube.ionames)
        out = out[out.ioname.isin(alive_orgs)].copy()
        out["n_full"] = out.ioname.map(n_full).astype("int64")
    return with_sources(out.reset_index(drop=True), "cow_igo")


def _labels(df: pd.DataFrame) -> pd.DataFrame:
    df["status_label"] = df["status"].map(STATUS_LABELS).astype("string")
    return df


def state_memberships(state: str | int, years: YearsArg = None, status=("full",)) -> pd.DataFrame:
    """The organizations a state belongs to, per year, with the published status code.

    Parameters:
        state: name, COW code/abbreviation or ISO code.
        years: a year, ``(start, end)``, ``"1991-2014"`` or a list (default: all).
        status: labels or codes to keep (``"full"``, ``"associate"``,
            ``"observer"``, ``"none"``, ``"missing"``, ``"not_alive"``, or ``"all"``).

    Returns:
        DataFrame ``ccode, year, ioname, orgname, status, status_label``,
        sorted by year and ioname. Years in which the state was not in the
        state system have no rows.

    Raises:
        InvalidYearError: the state was in the state system in none of the
            years (a question outside its life, not an empty answer).

    Example:
        >>> import multivector as mv
        >>> m = mv.state_memberships("Kazakhstan", 2014)
        >>> "sco" in set(m.ioname), "nato" in set(m.ioname)
        (True, False)
    """
    store = get_store()
    ccode = resolve_state(state)
    ys = parse_years(years, store.igo_years)
    codes = parse_status(status)
    require_in_system([ccode], ys)
    df = store.query(
        "select ccode, year, ioname::varchar as ioname, status from memberships "
        "where ccode = ? and year between ? and ? and list_contains(?, status) order by year, ioname",
        [ccode, ys[0], ys[-1], codes],
    )
    df = df[df.year.isin(ys)]
    names = store.table("organizations").set_index("ioname").orgname
    df.insert(3, "orgname", df.ioname.map(names).astype("string"))
    df = df.astype({"ccode": "int16", "year": "int16", "status": "int8"})
    return with_sources(_labels(df).reset_index(drop=True), "cow_igo", "cow_states")


def organization_members(org: str, years: YearsArg = None, status=("full",)) -> pd.DataFrame:
    """The states that belong to an organization, per year.

    Parameters:
        org: COW abbreviation (``"sco"``) or words of its name.
        years: a year, ``(start, end)``, ``"2001-2014"`` or a list (default: all).
        status: labels or codes to keep (default full members only).

    Returns:
        DataFrame ``ioname, year, ccode, stateabb, statenme, status,
        status_label``, sorted by year and ccode.

    Raises:
        InvalidYearError: the organization existed in none of the years.

    Example:
        >>> import multivector as mv
        >>> sorted(mv.organization_members("SCO", 2014).stateabb)
        ['CHN', 'KYR', 'KZK', 'RUS', 'TAJ', 'UZB']
    """
    store = get_store()
    io = resolve_organization(org)
    ys = parse_years(years, store.igo_years)
    codes = parse_status(status)
    require_org_in_years(io, ys)
    df = store.query(
        "select ioname::varchar as ioname, year, ccode, status from memberships "
        "where ioname = ? and year between ? and ? and list_contains(?, status) order by year, ccode",
        [io, ys[0], ys[-1], codes],
    )
    df = df[df.year.isin(ys)]
    info = store.table("states").drop_duplicates("ccode").set_index("ccode")
    df.insert(3, "stateabb", df.ccode.map(info.stateabb).astype("string"))
    df.insert(4, "statenme", df.ccode.map(info.statenme).astype("string"))
    df = df.astype({"ccode": "int16", "year": "int16", "status": "int8"})
    return with_sources(_labels(df).reset_index(drop=True), "cow_igo", "cow_states")


def organization_summary(org: str, years: YearsArg = None) -> pd.DataFrame:
    """An organization's membership per year: how many states hold each status.

    Counts are over the states in the system that year; years in which the
    organization did not exist have no rows, and asking only for such
    years raises :class:`~multivector.InvalidYearError`.

    Parameters:
        org: COW abbreviation (``"sco"``) or words of its name.
        years: a year, ``(start, end)``, ``"1991-2014"`` or a list (default: all).

    Returns:
        DataFrame ``ioname, year, full, associate, observer, none, missing,
        states`` (states in the system that year).

    Example:
        >>> import multivector as mv
        >>> mv.organization_summary("SCO", 2014)[["year", "full", "observer"]].values.tolist()
        [[2014, 6, 0]]
    """
    store = get_store()
    io = resolve_organization(org)
    ys = parse_years(years, store.igo_years)
    require_org_in_years(io, ys)
    cube = store.cube
    st = cube.status[:, cube.org_index[io], :]  # [state, year]
    in_system = st != ABSENT
    alive = ((st != -1) & in_system).any(axis=0)
    keep = alive & np.isin(cube.years, ys)
    data = {"ioname": np.full(int(keep.sum()), io, dtype=object), "year": cube.years[keep].astype(np.int16)}
    for label, code in (("full", 1), ("associate", 2), ("observer", 3), ("none", 0), ("missing", -9)):
        data[label] = (st == code).sum(axis=0)[keep].astype(np.int64)
    data["states"] = in_system.sum(axis=0)[keep].astype(np.int64)
    return with_sources(pd.DataFrame(data), "cow_igo", "cow_states")


def portfolio(state: str | int, years: YearsArg = None, extended: bool = False) -> pd.DataFrame:
    """A state's organizational portfolio per year: counts by status and type, joins and exits.

    Counts are over the organizations alive that year. ``joins`` counts
    organizations where the state became a full member since the previous
    year (from none, associate, observer, or from the organization not yet
    existing: a founding membership); ``exits`` counts full memberships that
    ended with the organization still alive; ``dissolved`` full memberships
    that ended because the organization died. A change to or from missing
    (-9) is unknown and counted in ``changes_unknown``, not as a join or
    exit. In the state's first year in the system there is no previous
    year: ``joins``/``exits`` are missing and ``initial`` holds its full
    memberships. When every cell of a year is missing, the counts are
    missing, never 0.

    With ``extended=True`` the counts come from the provisional extended
    panel (:func:`multivector.extended_cube`): years run on to the last
    record year, organizations defined in the records count too, and a
    ``provenance`` column says where each row's cells come from (``cow``,
    ``carried``, ``record``, or ``mixed``).

    Returns:
        DataFrame ``ccode, year, full, associate, observer, none, missing,
        alive, political, social, economic, joins, exits, dissolved,
        changes_unknown, initial, complete`` (and ``provenance`` when
        extended). ``political`` etc. count full
        memberships in organizations of that functional type (an
        organization may have several types). Years outside the state's
        life have no rows.

    Raises:
        InvalidYearError: the state was in the state system in none of the
            years (a question outside its life, not an empty answer).

    Example:
        >>> import multivector as mv
        >>> p = mv.portfolio("Kazakhstan", (2013, 2014))
        >>> p[["year", "full"]].values.tolist()
        [[2013, 57], [2014, 55]]
    """
    store = get_store()
    ccode = resolve_state(state)
    if extended:
        return _extended_portfolio(ccode, years)
    ys = parse_years(years, store.igo_years)
    require_in_system([ccode], ys)
    full = _portfolio_all_years(store, ccode)
    if full.empty:
        return full.copy()
    fy = full["year"].to_numpy()
    rows = np.flatnonzero((fy >= ys[0]) & (fy <= ys[-1]) & np.isin(fy, ys))
    return with_sources(full.take(rows).reset_index(drop=True), "cow_igo", "cow_states")


_PORTFOLIO_LOCK = threading.Lock()


def _portfolio_all_years(store, ccode: int) -> pd.DataFrame:
    """A state's portfolio rows for every year of the IGO data, computed once per state and data folder.

    A year's row depends only on that year and the one before, never on the years asked for, so
    :func:`portfolio` slices this panel (a web server answers a country profile in a millisecond, not
    ten). About 200 rows per state."""
    cache = store.__dict__.setdefault("_portfolio_panel", {})
    df = cache.get(ccode)
    if df is None:
        st, ionames, years = store.state_matrix(ccode)  # [org, year]
        df = _portfolio_rows(ccode, [int(y) for y in years], st, ionames, years, _org_types(store, ionames))
        with _PORTFOLIO_LOCK:
            df = cache.setdefault(ccode, df)
    return df


def _org_types(store, ionames) -> pd.DataFrame:
    """Functional-type flags aligned with ``ionames`` (cached per store)."""
    key = "_org_types_cache"
    cached = store.__dict__.get(key)
    if cached is None or len(cached) != len(ionames) or not (cached.index == ionames).all():
        cached = store.table("organizations").set_index("ioname").loc[ionames, list(KINDS)]
        store.__dict__[key] = cached
    return cached


def _extended_portfolio(ccode: int, years: YearsArg) -> pd.DataFrame:
    from multivector.engine._extended import PROVENANCE_LABELS, extended_cube

    cube = extended_cube()
    ys = parse_years(years, (int(cube.years[0]), int(cube.years[-1])), what="the extended panel")
    require_in_system([ccode], ys)
    si = cube.state_index.get(ccode)
    if si is None:
        return _empty_portfolio(extended=True)
    st, pv = cube.status[si], cube.provenance[si]
    df = _portfolio_rows(ccode, ys, st, cube.ionames, cube.years, cube.organizations.set_index("ioname"))
    if df.empty:
        return _empty_portfolio(extended=True)
    labels = []
    for y in df.year.to_numpy():
        yi = int(y) - cube.year0
        codes = np.unique(pv[st[:, yi] != -1, yi])
        labels.append(PROVENANCE_LABELS[int(codes[0])] if len(codes) == 1 else "mixed")
    df["provenance"] = pd.array(labels, dtype="string")
    return with_sources(df, "records")


def _portfolio_rows(ccode, ys, st, ionames, years, orgs) -> pd.DataFrame:
    """Whole-array portfolio counts over the year axis of ``st[org, year]``."""
    years = np.asarray(years)
    present = st[0] != ABSENT
    keep = present & np.isin(years, ys)
    if not keep.any():
        return _empty_portfolio()
    prev = np.full_like(st, ABSENT)
    prev[:, 1:] = st[:, :-1]
    has_prev = np.r_[False, present[:-1]] & present
    full = st == 1

    def count(mask):
        return mask.sum(axis=0)

    cols = {
        "full": count(full), "associate": count(st == 2), "observer": count(st == 3),
        "none": count(st == 0), "missing": count(st == -9), "alive": count(st != -1),
    }
    for k in KINDS:
        cols[k] = count(full & (orgs[k].to_numpy() == 1)[:, None])
    cols["joins"] = count(full & np.isin(prev, (0, 2, 3, -1)))
    cols["exits"] = count((prev == 1) & np.isin(st, (0, 2, 3)))
    cols["dissolved"] = count((prev == 1) & (st == -1))
    cols["changes_unknown"] = count(((prev == -9) & (st != -9) & (st != -1)) | ((st == -9) & (prev != -9) & (prev != -1)))
    cols["initial"] = cols["full"].copy()
    all_missing = (cols["alive"] > 0) & (cols["missing"] == cols["alive"])
    na = {c: np.zeros(len(years), dtype=bool) for c in cols}
    for c in ("joins", "exits", "dissolved", "changes_unknown"):
        na[c] |= ~has_prev
    na["initial"] |= has_prev
    for c in ("full", "associate", "observer", "none", *KINDS, "joins", "exits"):
        na[c] |= all_missing
    data = {"ccode": np.full(int(keep.sum()), ccode, dtype=np.int16), "year": years[keep].astype(np.int16)}
    for c, v in cols.items():
        data[c] = pd.arrays.IntegerArray(v[keep].astype(np.int64), na[c][keep])
    data["complete"] = cols["missing"][keep] == 0
    return with_sources(pd.DataFrame(data), "cow_igo", "cow_states")


def _empty_portfolio(extended: bool = False) -> pd.DataFrame:
    cols = ["ccode", "year", "full", "associate", "observer", "none", "missing", "alive", *KINDS,
            "joins", "exits", "dissolved", "changes_unknown", "initial", "complete"]
    df = pd.DataFrame({c: pd.Series(dtype="Int64") for c in cols})
    if extended:
        df["provenance"] = pd.Series(dtype="string")
    return df
