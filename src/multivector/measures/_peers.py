"""Peer groups, comparisons and rankings of states.

Named groups (``docs/methodology.md``, "Peers and rankings"):

- ``post-soviet``: the 15 former Soviet republics;
- ``central-asia``: Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan;
- ``south-caucasus``: Armenia, Azerbaijan, Georgia;
- ``eu-members``: each year, the members of the European Union pillar
  (EEC 1958-1992, EU from 1993; from the data);
- ``all``: every state in the system that year.

Users add groups with :func:`register_peer_group`, or pass a list of states
wherever a group is accepted.
"""

from __future__ import annotations

import threading

import numpy as np
import pandas as pd

from multivector._errors import InvalidArgumentError, InvalidYearError, UnknownNameError
from multivector.measures._pillars import as_pillar_set, check_rule
from multivector.measures._signatures import data_cube, initiative_matrix, org_first_years, year_coverage
from multivector.data._store import ABSENT, get_store
from multivector._years import YearsArg, parse_years

__all__ = ["MEASURES", "compare", "peer_group", "peer_groups", "rank", "register_peer_group"]

_FIXED = {
    "post-soviet": ("The 15 former Soviet republics", (365, 369, 370, 359, 366, 367, 368, 371, 372, 373, 701, 702, 703, 704, 705)),
    "central-asia": ("Central Asia", (705, 703, 702, 701, 704)),
    "south-caucasus": ("South Caucasus", (371, 373, 372)),
}
_DYNAMIC = {
    "eu-members": "Members of the European Union pillar each year (EEC 1958-1992, EU from 1993)",
    "all": "Every state in the state system that year",
}
_USER: dict[str, tuple[str, tuple[int, ...]]] = {}
_LOCK = threading.Lock()

#: Measures of :func:`rank` (plus ``share_<pillar>`` for each pillar).
MEASURES = {
    "joins": "organizations joined (as full member) per year since independence or the first year",
    "joins_total": "organizations joined in the years",
    "initiatives": "own initiatives founded in the years (full member in an organization's first year)",
    "portfolio": "mean number of full memberships per year",
    "portfolio_last": "full memberships in the last year",
    "evenness": "mean pillar evenness (normalised entropy of the pillar shares; higher is more even)",
    "dominant_share": "mean share of the dominant pillar",
    "tilt": "mean tilt between the poles (+1 with the West, -1 with the East; combined channels)",
    "hedging": "mean hedging (0 committed or clearly on one side, 1 engages both poles committed to neither)",
}


def _norm(name: str) -> str:
    return str(name).strip().lower().replace("_", "-").replace(" ", "-")


def register_peer_group(name: str, states, description: str | None = None) -> list[int]:
    """Define (or redefine) a named peer group for this session.

    Parameters:
        name: the group's name (case-insensitive; spaces become hyphens).
        states: names or codes (list or ``"A, B"``).
        description: a line for :func:`peer_groups`.

    Returns:
        The group's COW codes.

    Example:
        >>> import multivector as mv
        >>> mv.register_peer_group("caspian", "Russia, Kazakhstan, Turkmenistan, Azerbaijan, Iran")
        [365, 705, 701, 373, 630]
    """
    from multivector.engine._resolve import resolve_states

    if not isinstance(name, str) or not _norm(name) or "," in name:
        raise InvalidArgumentError(f"name: a peer group needs a name without commas, got {name!r}", "name")
    key = _norm(name)
    if key in _FIXED or key in _DYNAMIC:
        raise InvalidArgumentError(f"group: {name!r} is a built-in group and cannot be redefined", "group")
    codes = resolve_states(states)
    if not codes:
        raise InvalidArgumentError("states: a peer group needs at least one state", "states")
    with _LOCK:
        _USER[key] = (description or name, tuple(codes))
    return list(codes)


def peer_groups() -> pd.DataFrame:
    """The named peer groups.

    Returns:
        DataFrame ``group, description, n_states, members`` (COW
        abbreviations; ``per year`` for groups that change by year).

    Example:
        >>> import multivector as mv
        >>> mv.peer_groups().set_index("group").loc["central-asia", "n_states"]
        np.int64(5)
    """
    from multivector.engine._resolve import state_index

    info = state_index().info
    rows = []
    for g, (d, cs) in list(_FIXED.items()) + list(_USER.items()):
        rows.append({"group": g, "description": d, "n_states": len(cs), "members": ", ".join(info.stateabb.get(c, str(c)) for c in cs)})
    for g, d in _DYNAMIC.items():
        rows.append({"group": g, "description": d, "n_states": None, "members": "per year"})
    df = pd.DataFrame(rows)
    df["n_states"] = df["n_states"].astype("Int64")
    return df.astype({"group": "string", "description": "string", "members": "string"})


def _group_matrix(group, cube, yi: np.ndarray) -> tuple[str, np.ndarray]:
    """(label, bool [state, year]) membership of the group on the cube's state axis."""
    from multivector.engine._resolve import resolve_states

    present = cube.status[:, 0, :][:, yi] != ABSENT
    if isinstance(group, str) and _norm(group) in _DYNAMIC:
        key = _norm(group)
        if key == "all":
            return key, present
        eu = as_pillar_set("eu").membership(get_store().cube)  # [1, S, Y] on the published cube
        m = np.zeros_like(present)
        base = get_store().cube
        for i, c in enumerate(cube.ccodes):
            j = base.state_index.get(int(c))
            if j is not None:
                cols = np.minimum(yi + cube.year0 - base.year0, len(base.years) - 1)
                m[i] = eu[0, j, cols]
        return key, m & present
    if isinstance(group, str) and (_norm(group) in _FIXED or _norm(group) in _USER):
        key = _norm(group)
        codes = (_FIXED.get(key) or _USER[key])[1]
        label = key
    elif isinstance(group, str) and "," not in group:
        from multivector._errors import UnknownStateError

        try:
            codes = resolve_states(group)
        except UnknownStateError:
            valid = list(_FIXED) + list(_DYNAMIC) + list(_USER)
            from rapidfuzz import process

            sugg = [k for k, sc, _ in process.extract(_norm(group), valid, limit=3) if sc >= 50]
            err = UnknownNameError(group, sugg or valid, "group")
            err.args = (f"Unknown peer group or state {group!r}; groups: {', '.join(valid)} (or states, comma-separated).",)
            raise err from None
        label = "custom"
    else:
        parts = [p.strip() for p in group.split(",")] if isinstance(group, str) else list(group)
        named = [p for p in parts if isinstance(p, str) and (_norm(p) in _FIXED or _norm(p) in _DYNAMIC or _norm(p) in _USER)]
        if named:
            raise InvalidArgumentError(f"group: {named[0]!r} is a peer group; give one group alone, or states only", "group")
        codes = resolve_states(group)
        label = "custom"
    m = np.zeros_like(present)
    for c in codes:
        i = cube.state_index.get(int(c))
        if i is not None:
            m[i] = present[i]
    return label, m


def peer_group(group, year: int | None = None) -> list[int]:
    """The COW codes of a peer group (in ``year`` for groups that change by year; default the last IGO year).

    Example:
        >>> import multivector as mv
        >>> mv.peer_group("south-caucasus")
        [371, 372, 373]
        >>> len(mv.peer_group("eu-members", 1995))
        15
    """
    cube = get_store().cube
    y = year if year is not None else int(cube.years[-1])
    (y,) = parse_years(y, year_coverage(cube), argument="year")
    _, m = _group_matrix(group, cube, np.array([y - cube.year0]))
    return [int(c) for c in cube.ccodes[m[:, 0]]]


def _panel(cube, si: np.ndarray, ys: list[int], ps, rule: str, channel: str, bootstrap: int, seed, method, exclude_own, extended):
    """State-year panel: full, joins (NaN in a state's first year), initiatives founded, evenness,
    tilt and hedging columns."""
    from multivector.measures._evenness import evenness
    from multivector.measures._hedging import hedging

    yi = np.asarray(ys) - cube.year0
    st = cube.status[si]  # [S, O, Y_all]
    cur = st[:, :, yi]
    prev = st[:, :, np.maximum(yi - 1, 0)]
    present = cur[:, 0, :] != ABSENT
    prev_present = (prev[:, 0, :] != ABSENT) & (yi > 0)[None, :]
    full = (cur == 1).sum(axis=1)
    joins = ((cur == 1) & np.isin(prev, (0, 2, 3, -1))).sum(axis=1).astype(float)
    joins[~prev_present] = np.nan
    first = org_first_years(cube)
    init = initiative_matrix(cube)[si]  # [S, O]
    founded = (init[:, :, None] & (first[None, :, None] == np.asarray(ys)[None, None, :])).sum(axis=1)
    s_i, t_i = np.nonzero(present)
    df = pd.DataFrame({"ccode": cube.ccodes[si][s_i].astype(np.int16), "year": np.asarray(ys, dtype=np.int16)[t_i],
                       "full": full[s_i, t_i], "joins": joins[s_i, t_i], "initiatives": founded[s_i, t_i]})
    # only the states in the system in some of the years: the measures refuse a state outside its life
    codes = [int(c) for c, alive in zip(cube.ccodes[si], present.any(axis=1)) if alive]
    bal = evenness(codes, ys, channel=channel, pillars=ps, bootstrap=0, chance=0, method=method, rule=rule,
                   exclude_own=exclude_own, extended=extended) if codes else None
    keep = ["ccode", "year", "evenness", "hhi", "dominant", "dominant_share"] + [f"share_{k}" for k in ps.keys]
    if bal is not None and len(bal):
        df = df.merge(bal[keep].astype({"ccode": "int16", "year": "int16"}), on=["ccode", "year"], how="left")
    else:
        for k in keep[2:]:
            df[k] = np.nan
    # tilt and hedging between the default poles (hedging needs security data: to 2018, or 2025 extended)
    hy = [y for y in ys if y <= (2025 if extended else 2018)]
    if hy:
        in_hy = present[:, [t for t, y in enumerate(ys) if y in set(hy)]].any(axis=1)
        codes = [int(c) for c, alive in zip(cube.ccodes[si], in_hy) if alive]
    try:
        h = hedging(codes, hy, bootstrap=0, extended=extended) if codes and hy else None
    except InvalidYearError:  # none of these states has a hedging figure in these years: the columns stay missing
        h = None
    if h is not None and len(h):
        df = df.merge(h[["ccode", "year", "tilt", "hedging"]].astype({"ccode": "int16", "year": "int16"}),
                      on=["ccode", "year"], how="left")
    else:
        df["tilt"] = np.nan
        df["hedging"] = np.nan
    return df


def _summarise(df: pd.DataFrame, ps, entry: dict) -> pd.DataFrame:
    from multivector.engine._resolve import state_index

    info = state_index().info
    g = df.groupby("ccode", sort=False)
    out = pd.DataFrame({
        "first_year": g.year.min(), "last_year": g.year.max(), "n_years": g.year.size(),
        "full_first": g.full.first(), "full_last": g.full.last(), "full_mean": g.full.mean(),
        "joins_total": g.joins.sum(min_count=1), "joins_years": g.joins.count(),
        "initiatives": g.initiatives.sum(), "evenness_mean": g.evenness.mean(), "dominant_share_mean": g.dominant_share.mean(),
        "tilt_mean": g.tilt.mean(), "hedging_mean": g.hedging.mean(),
        "dominant": g.dominant.agg(lambda s: s.mode().iloc[0] if s.notna().any() else None),
    })
    out["joins_per_year"] = out.joins_total / out.joins_years.where(out.joins_years > 0)
    for k in ps.keys:
        out[f"share_{k}"] = g[f"share_{k}"].mean()
    out = out.reset_index()
    out.insert(1, "stateabb", out.ccode.map(info.stateabb).astype("string"))
    out.insert(2, "statenme", out.ccode.map(info.statenme).astype("string"))
    out.insert(3, "entered", out.ccode.map(entry).astype("Int64"))
    out["dominant"] = out["dominant"].astype("string")
    cols = ["ccode", "stateabb", "statenme", "entered", "first_year", "last_year", "n_years", "full_first", "full_last", "full_mean",
            "joins_total", "joins_per_year", "initiatives", "tilt_mean", "hedging_mean", "evenness_mean", "dominant",
            "dominant_share_mean"] + [f"share_{k}" for k in ps.keys]
    out["joins_total"] = out["joins_total"].astype("Int64")
    return out[cols]


def _entry_years(cube) -> dict:
    present = cube.status[:, 0, :] != ABSENT
    first = cube.year0 + np.argmax(present, axis=1)
    return {int(c): int(f) for c, f in zip(cube.ccodes, first)}


def compare(states, years: YearsArg = None, pillars=None, channel: str = "institutional", *, rule: str = "majority",
            method: str | None = None, exclude_own: bool = True, extended: bool = False) -> pd.DataFrame:
    """Side-by-side summary of several states over a range of years.

    Parameters:
        states: states (list or ``"Kazakhstan, Uzbekistan"``) or a peer group name.
        years: years (default: all IGO years; a state counts only in years it is in the system).
        pillars, channel, rule, method, exclude_own, extended: as in :func:`multivector.evenness`
            (the evenness columns use the given channel; membership columns always come from the IGO
            data; tilt and hedging use the default poles).

    Returns:
        DataFrame, one row per state in input order: ``ccode, stateabb,
        statenme, entered`` (first year in the state system), ``first_year,
        last_year, n_years`` (years with data in the range), ``full_first,
        full_last, full_mean`` (full memberships), ``joins_total,
        joins_per_year`` (joins over the years with a previous year in the
        system: per year since independence for new states),
        ``initiatives`` (own initiatives founded in the range),
        ``tilt_mean``, ``hedging_mean`` (between the default poles; hedging
        to 2018 unless extended), ``evenness_mean``, ``dominant`` (the pillar dominant in most years),
        ``dominant_share_mean``, ``share_<pillar>`` (mean shares).

    Example:
        >>> import multivector as mv
        >>> c = mv.compare("Kazakhstan, Uzbekistan", (1992, 2014)).set_index("stateabb")
        >>> int(c.loc["KZK", "joins_total"]), int(c.loc["KZK", "full_last"])
        (55, 55)
    """
    check_rule(rule)
    ps = as_pillar_set(pillars)
    cube = data_cube(extended)
    ys = parse_years(years, year_coverage(cube))
    yi = np.asarray(ys) - cube.year0
    _, m = _group_matrix(states, cube, yi)
    if isinstance(states, str) and (_norm(states) in _FIXED or _norm(states) in _USER or _norm(states) in _DYNAMIC):
        order = [int(c) for c in cube.ccodes[m.any(axis=1)]]
    else:
        from multivector.engine._resolve import resolve_states

        order = resolve_states(states)
        if not order:
            raise InvalidArgumentError("states: no state given; give states or a peer group name", "states")
    si = np.array([cube.state_index[c] for c in order if c in cube.state_index], dtype=np.int64)
    df = _panel(cube, si, ys, ps, rule, channel, 0, None, method, exclude_own, extended)
    out = _summarise(df, ps, _entry_years(cube))
    pos = {c: i for i, c in enumerate(order)}
    return out.sort_values("ccode", key=lambda s: s.map(pos)).reset_index(drop=True)


def rank(group="post-soviet", measure: str = "joins", years: YearsArg = None, pillars=None, channel: str = "institutional", *,
         rule: str = "majority", method: str | None = None, exclude_own: bool = True, extended: bool = False,
         ascending: bool = False) -> pd.DataFrame:
    """Rank the states of a peer group by a measure over a range of years.

    Parameters:
        group: a peer group name (``post-soviet``, ``central-asia``,
            ``south-caucasus``, ``eu-members``, ``all`` or one registered
            with :func:`register_peer_group`) or a list of states. For
            groups that change by year a state counts in the years it
            belongs to the group.
        measure: one of :data:`MEASURES` or ``share_<pillar>``.
        years: years (default: all IGO years).
        pillars, channel, rule, method, exclude_own, extended: as in :func:`multivector.evenness`.
        ascending: rank 1 for the lowest value instead (e.g. the smallest Russia share).

    Returns:
        DataFrame sorted by rank: ``rank`` (1 = highest value, or lowest with ``ascending``; ties share
        the lowest rank), ``ccode, stateabb, statenme, value, n_years``,
        and the columns of :func:`compare`. States without a value for the
        measure come last, unranked.

    Example:
        >>> import multivector as mv
        >>> r = mv.rank("central-asia", "joins", (1992, 2014))
        >>> r.stateabb.tolist()[0]
        'KZK'
    """
    check_rule(rule)
    ps = as_pillar_set(pillars)
    valid = list(MEASURES) + [f"share_{k}" for k in ps.keys]
    if measure not in valid:
        raise InvalidArgumentError(f"measure: unknown measure {measure!r}; valid: {', '.join(valid)}", "measure")
    cube = data_cube(extended)
    ys = parse_years(years, year_coverage(cube))
    yi = np.asarray(ys) - cube.year0
    label, m = _group_matrix(group, cube, yi)
    si = np.flatnonzero(m.any(axis=1))
    df = _panel(cube, si, ys, ps, rule, channel, 0, None, method, exclude_own, extended)
    # keep the state-years in the group
    pos = {int(c): i for i, c in enumerate(cube.ccodes)}
    yidx = {y: t for t, y in enumerate(ys)}
    inside = m[df.ccode.map(pos).to_numpy(), df.year.map(yidx).to_numpy()]
    df = df[inside]
    out = _summarise(df, ps, _entry_years(cube))
    col = {"joins": "joins_per_year", "portfolio": "full_mean", "portfolio_last": "full_last", "evenness": "evenness_mean",
           "dominant_share": "dominant_share_mean", "tilt": "tilt_mean", "hedging": "hedging_mean"}.get(measure, measure)
    out.insert(3, "value", pd.to_numeric(out[col], errors="coerce").astype("float64"))
    out.insert(0, "rank", out["value"].rank(ascending=ascending, method="min").astype("Int64"))
    out = out.sort_values(["rank", "ccode"], na_position="last", kind="stable").reset_index(drop=True)
    return out
