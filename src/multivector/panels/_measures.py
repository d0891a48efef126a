"""Tilt, hedging, pillar evenness and pillar shares on any state-year or dyad-year frame.

Each step asks the library function once (:func:`multivector.tilt`,
:func:`multivector.hedging`, :func:`multivector.evenness`) for every state
and the years the frame needs, then gathers the values by key lookup, as
the other ``add_*`` steps do: same rows, order and index; nullable
columns, missing where the measure says nothing. On dyad-years each
state's value gets the suffix ``1``/``2``; tilt also gets ``_dist``, the
absolute difference of the two positions.

The measures are computed here by the library, never re-implemented, so
every value equals the library's for the same state-year and options.
Point estimates are the default (``bootstrap=0``): a regression wants the
figures; intervals come on request and then equal the library's call with
the same seed, whatever else the frame holds.

Definitions: docs/methodology.md ("Tilt", "Hedging", "Alignment with the
pillars", "Pillar evenness"); docs/panels.md for the columns.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import pandas as pd

from multivector._errors import InvalidArgumentError, InvalidYearError
from multivector.panels._add import _source_years, _start
from multivector.panels._keys import Keys, _entry, _spans, finish, gather, label, lookup, pack, suffix

__all__ = ["add_evenness", "add_hedging", "add_pillar_alignment", "add_tilt"]


# --------------------------------------------------------------------------
# Merging state-year results onto a frame


@dataclass
class _Col:
    """One added column (state-year name) and where its values come from."""

    name: str  # column name on state-years (dyads add 1/2)
    src: np.ndarray  # packed (year, ccode) keys of the library's rows
    values: np.ndarray  # per library row (float, int, or object for text)
    kind: str  # "Float64", "Int64" or "string"
    coverage: tuple[int, int]  # years the measure's data cover
    what: str  # the data, as named in the merge report
    report: str = ""  # why a state of the system may have no figure: such rows are reported
    dist: bool = False  # dyads: add |value1 - value2| as <name>_dist
    provisional: np.ndarray | None = None  # per library row: figure rests on provisional data


def _bool(a) -> np.ndarray:
    return np.asarray(a, dtype=bool)


def _state_table(frame: pd.DataFrame) -> np.ndarray:
    """Packed (year, ccode) keys of a library result (one row per state-year)."""
    return pack(frame["year"].to_numpy(dtype="int64"), frame["ccode"].to_numpy(dtype="int64"))


def _values(frame: pd.DataFrame, col: str, kind: str) -> np.ndarray:
    s = frame[col]
    if kind == "string":
        return s.astype(object).where(s.notna(), None).to_numpy(dtype=object)
    if kind == "Int64":
        return s.to_numpy(dtype="float64", na_value=np.nan)  # gathered as Int64 below
    return s.to_numpy(dtype="float64", na_value=np.nan)


def _gather(col: _Col, pos: np.ndarray, found: np.ndarray):
    v = col.values
    if col.kind == "string":
        data = np.full(len(pos), None, dtype=object)
        if len(v):
            data[found] = v[pos[found]]
        return pd.array(data, dtype="string")
    f = gather(v, pos, found, "Float64")
    if col.kind == "Int64":
        vals = f.to_numpy(dtype="float64", na_value=np.nan)
        na = np.isnan(vals)
        return pd.arrays.IntegerArray(np.where(na, 0, vals).astype(np.int64), na)
    return f


def _empty(columns: list[str]) -> pd.DataFrame:
    """A library result without rows (no year of the frame lies in the data's years)."""
    return pd.DataFrame({"ccode": pd.array([], dtype="Int64"), "year": pd.array([], dtype="Int64"),
                         "provisional": np.zeros(0, bool), **{c: np.zeros(0) for c in columns}})


def _has(arr) -> np.ndarray:
    return ~np.asarray(pd.isna(arr), dtype=bool)


def _units_label(codes: np.ndarray, years: np.ndarray, limit: int = 3) -> str:
    """``"Kazakhstan (KZK, 705) in 1992-1993; Russia (RUS, 365) in 1992; and 12 more"``."""
    key = pack(years, codes)
    uniq = np.unique(key)
    by_state: dict[int, list[int]] = {}
    for k_ in uniq:
        by_state.setdefault(int(k_ // 10_000), []).append(int(k_ % 10_000))
    states = sorted(by_state, key=lambda c: (-len(by_state[c]), c))
    shown = [f"{label(c)} in {_spans(by_state[c])}" for c in states[:limit]]
    more = f"; and {len(states) - limit} more states" if len(states) > limit else ""
    return "; ".join(shown) + more


#: Why figures are provisional, for the report.
PROVISIONAL_POLES = "after 2014 the pillars' members (the European Union's) come from the extended panel"
PROVISIONAL_EXTENDED = "computed on the extended panel (extended=True), which adds records to the COW data"


def merge_columns(k: Keys, lag: int, cols: list[_Col], fn: str, provisional: str = PROVISIONAL_POLES
                  ) -> tuple[dict, list[dict]]:
    """Gather every column onto the frame's rows; report rows outside each column's years, rows of
    the state system a measure has no figure for (with the column's ``report``: why that happens)
    and, once for the step, rows with a provisional figure.

    State-years get ``name``; dyad-years ``name1``, ``name2`` (and ``name_dist`` for positions).
    """
    from multivector.data._system import in_system

    sfx = suffix(lag)
    sides = [(k.c1, "")] if k.c2 is None else [(k.c1, "1"), (k.c2, "2")]
    out: dict[str, object] = {}
    report: list[dict] = []
    seen_cov: set = set()
    lookups: dict = {}
    prov_rows = np.zeros(len(k.t), dtype=bool)
    prov_years: set = set()
    prov_cols: list[str] = []
    for col in cols:
        t, inside, rep = _source_years(k, lag, col.coverage, col.what, fn)
        if (col.coverage, col.what) not in seen_cov:
            seen_cov.add((col.coverage, col.what))
            report += rep
        got = []
        for codes, tail in sides:
            key = (id(col.src), tail)
            if key not in lookups:
                lookups[key] = lookup(col.src, pack(t, codes))
            pos, found = lookups[key]
            found = found & inside
            arr = _gather(col, pos, found)
            out[f"{col.name}{tail}{sfx}"] = arr
            got.append((codes, pos, found, arr))
        if col.dist and len(got) == 2:
            out[f"{col.name}_dist{sfx}"] = abs(got[0][3] - got[1][3])
        if col.report:
            miss_codes, miss_years, rows = [], [], np.zeros(len(t), dtype=bool)
            for codes, pos, found, arr in got:
                miss = inside & in_system(codes, t) & ~_has(arr)
                rows |= miss
                miss_codes.append(codes[miss])
                miss_years.append(t[miss])
            if rows.any():
                report.append(_entry(fn, col.name, _units_label(np.concatenate(miss_codes), np.concatenate(miss_years)),
                                     int(rows.sum()), "no figure", [col.report]))
        if col.provisional is not None and len(col.provisional):
            rows = np.zeros(len(t), dtype=bool)
            for codes, pos, found, arr in got:
                rows |= found & col.provisional[pos] & _has(arr)
            if rows.any():
                prov_rows |= rows
                prov_years.update(int(y) for y in np.unique(t[rows]))
                prov_cols.append(col.name)
    if prov_rows.any():
        report.append(_entry(fn, ", ".join(prov_cols), f"years {_spans(sorted(prov_years))}", int(prov_rows.sum()),
                             "provisional", [provisional]))
    return out, report


def _years_needed(k: Keys, lag: int, coverage: tuple[int, int]) -> list[int]:
    t = np.where(k.known, k.year - lag, -1)
    ok = k.known & (t >= coverage[0]) & (t <= coverage[1])
    return [int(y) for y in np.unique(t[ok])]


def _states_for_bootstrap(k: Keys, n_rep: int):
    """The frame's states when intervals are asked for (the library then draws replicates for those
    only; their intervals equal a run over every state), else None (every state, no replicates)."""
    if not n_rep:
        return None
    codes = k.c1[k.known] if k.c2 is None else np.concatenate([k.c1[k.known], k.c2[k.known]])
    codes = np.unique(codes)
    return [int(c) for c in codes] or None


def _check_bool(name: str, value) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidArgumentError(f"{name}: expected True or False, got {value!r}", name)
    return bool(value)


def _poles_option(ps) -> str:
    return ",".join("+".join(p.key for p in pole.pillars) for pole in ps.poles)


# --------------------------------------------------------------------------
# Tilt


def _alignment_years(extended: bool) -> dict[str, tuple[int, int]]:
    """Years each channel's data cover (the kernel's own inputs, as the library checks them)."""
    from multivector.measures._alignment import channel_coverage

    return {ch: channel_coverage("any" if ch == "combined" else ch, extended)
            for ch in ("security", "diplomatic", "institutional", "combined")}


_TILT_WHAT = {"security": "ATOP alliances (security tilt)", "diplomatic": "the UN ideal points (diplomatic tilt)",
              "institutional": "the COW IGO data (institutional tilt)", "combined": "the alignment data (tilt)"}
_TILT_WHY = {
    "security": "the state sees a pole without other members (a single-state pillar that is the state itself and "
                "no other pillar of the pole that year)",
    "diplomatic": "no published ideal point for the state that year (not a UN member, or no recorded vote), or a "
                  "pole without a position",
    "institutional": "fewer than 3 full memberships in organizations that discriminate between the poles",
    "combined": "no channel has a figure that year",
}
_TILT_NAME = {"combined": "tilt", "security": "tilt_security", "diplomatic": "tilt_diplomatic",
              "institutional": "tilt_institutional"}


def add_tilt(df: pd.DataFrame, *, channel="combined", poles=None, bootstrap: int = 0, seed: int | None = None,
             level: float = 0.95, extended: bool = False, ideal_point: str = "fp", pillars=None, lag: int = 0,
             keys=None, on_unmatched: str = "warn") -> pd.DataFrame:
    """Add each state's tilt between the poles (:func:`multivector.tilt`): -1 wholly East, +1 wholly West.

    Columns: ``tilt`` (the combined tilt: the mean of the channels with a
    figure that year) and ``tilt_channels`` (the channels in that mean);
    with ``channel="all"`` (or a list) also ``tilt_security``,
    ``tilt_diplomatic``, ``tilt_institutional``. With ``bootstrap`` > 0
    each gets ``_lo`` and ``_hi``, the library's interval with the same
    seed (security has no sampling error: its interval is the point).
    On dyad-years each state's value gets the suffix ``1``/``2`` and
    ``tilt_dist`` (``tilt_security_dist``, ...) is ``|tilt1 - tilt2|``: how
    far apart the two states stand between the poles.

    Point estimates by default (``bootstrap=0``): what a regression needs,
    and fast. The channels cover different years (security 1816-2018,
    diplomatic 1946-2024, institutional 1816-2014), so the combined tilt
    rests on different channels in different years: ``tilt_channels`` says
    which. Figures after 2014 are provisional (the pillars' members come
    from the extended panel) and listed in :func:`merge_report`; so are
    rows of the state system without a figure (e.g. an institutional tilt
    needs at least three discriminating memberships).

    Parameters:
        df: a state-year or dyad-year frame (``ccode, year``; ``ccode1,
            ccode2, year``; or ISO codes or names, see ``keys``).
        channel: ``"combined"`` (default), ``"security"``, ``"diplomatic"``,
            ``"institutional"``, several (list or ``"security,diplomatic"``)
            or ``"all"``.
        poles: the two poles (default West = United States + EU, East =
            Russia + China; e.g. ``"usa,china"``).
        bootstrap: replicates for the intervals (default 0: none).
        seed, level, extended, ideal_point, pillars: as in :func:`multivector.tilt`.
        lag, keys, on_unmatched: as in :func:`multivector.add_igos`.

    Returns:
        ``df`` with the columns added (nullable Float64; ``tilt_channels`` text).

    Example:
        >>> import multivector as mv
        >>> sy = mv.add_tilt(mv.state_years(2014), channel="all")
        >>> sy.loc[sy.ccode == 290, ["tilt_security", "tilt"]].round(3).values.tolist()
        [[1.0, 0.883]]
    """
    from multivector._random import check_replicates, check_seed
    from multivector.measures._alignment import check_ideal
    from multivector.measures._poles import as_pole_set
    from multivector.measures._tilt import CHANNELS, check_channels, check_level, tilt

    fn = "add_tilt"
    k, lag = _start(df, fn, keys, None, lag, on_unmatched)
    chans = check_channels(channel)
    n_rep = check_replicates(bootstrap)
    seed = check_seed(seed)
    level = check_level(level)
    check_ideal(ideal_point)
    extended = _check_bool("extended", extended)
    ps = as_pole_set(poles, pillars)
    cover = _alignment_years(extended)
    # one channel: the years it covers (the library refuses others); several: any channel's
    years = _years_needed(k, lag, cover[chans[0]] if len(chans) == 1 else cover["combined"])
    try:
        res = tilt(_states_for_bootstrap(k, n_rep), years, channel=list(chans), poles=ps, bootstrap=n_rep, seed=seed,
                   level=level, extended=extended, ideal_point=ideal_point, pillars=pillars) if years else None
    except InvalidYearError:  # none of the frame's states has a figure: every row is reported as without one
        res = None
    order = [c for c in CHANNELS if c in chans]  # security, diplomatic, institutional, combined
    cols: list[_Col] = []
    for ch in order:
        part = res[res["channel"] == ch] if res is not None else _empty(["tilt", "tilt_lo", "tilt_hi", "channels"])
        src = _state_table(part)
        prov = _bool(part["provisional"].to_numpy()) if len(part) else np.zeros(0, bool)
        name = _TILT_NAME[ch]
        what = _TILT_WHAT[ch]
        cols.append(_Col(name, src, _values(part, "tilt", "Float64"), "Float64", cover[ch], what, report=_TILT_WHY[ch],
                         dist=True, provisional=prov))
        if n_rep:
            for end in ("lo", "hi"):
                cols.append(_Col(f"{name}_{end}", src, _values(part, f"tilt_{end}", "Float64"), "Float64", cover[ch],
                                 what))
        if ch == "combined":
            cols.append(_Col("tilt_channels", src, _values(part, "channels", "string"), "string", cover[ch], what))
    out, rep = merge_columns(k, lag, cols, fn)
    params = {"channel": ",".join(order), "poles": _poles_option(ps), "ideal_point": ideal_point, "lag": lag}
    params.update(_interval_params(n_rep, seed, level))
    if extended:
        params["extended"] = True
    sources = list(res.attrs.get("sources", [])) if res is not None else ["cow_states"]
    _register_poles(ps)
    return finish(df, k, out, fn, _records(sources or ["cow_states"], years, extended), params, on_unmatched, rep)


def _records(sources, years, extended: bool) -> tuple[str, ...]:
    """Add the engagement records to the sources when a figure rests on the extended panel: with
    ``extended``, or for tilt and hedging after 2014 (the pillars' members)."""
    from multivector.measures._alignment import COW_LAST

    out = list(sources)
    if (extended or any(y > COW_LAST for y in years)) and "records" not in out:
        out.append("records")
    return tuple(out)


def _interval_params(n_rep: int, seed: int, level: float) -> dict:
    return {"bootstrap": n_rep, "seed": seed, "level": level} if n_rep else {"bootstrap": 0}


# --------------------------------------------------------------------------
# Hedging


def add_hedging(df: pd.DataFrame, *, poles=None, bootstrap: int = 0, components: bool = False, seed: int | None = None,
                level: float = 0.95, extended: bool = False, ideal_point: str = "fp", pillars=None, lag: int = 0,
                keys=None, on_unmatched: str = "warn") -> pd.DataFrame:
    """Add each state's hedging (:func:`multivector.hedging`): 0 committed to a pole or clearly on one side,
    1 engaging both poles evenly while committed to neither.

    ``hedging = (1 - commitment) x (1 - |diplomatic tilt|) x engagement
    balance`` (docs/methodology.md, "Hedging"); a factor without data that
    year is left out of the product. Column ``hedging`` (with
    ``hedging_lo``, ``hedging_hi`` when ``bootstrap`` > 0). With
    ``components=True`` also the factors: ``commitment`` (the larger of the
    two), ``commitment_west``, ``commitment_east`` (named by the poles'
    keys), ``committed_to`` and ``commitment_via`` (text),
    ``diplomatic_tilt``, ``engagement_west``, ``engagement_east`` and
    ``engagement_balance`` (and the intervals of ``diplomatic_tilt`` and
    ``engagement_balance`` with ``bootstrap``). A missing
    ``diplomatic_tilt`` or ``engagement_balance`` beside a hedging figure is
    a factor left out of the product. On dyad-years every column gets the
    suffix ``1``/``2`` (no difference column: hedging is not a position).

    Security data (ATOP) end in 2018: later rows are missing and reported
    (``extended=True`` carries ATOP's 2018 ties forward, provisional).
    Point estimates by default (``bootstrap=0``).

    Parameters:
        df: a state-year or dyad-year frame.
        poles: the two poles (default West and East).
        bootstrap: replicates for the intervals (default 0: none).
        components: add the factors of the product (default False).
        seed, level, extended, ideal_point, pillars: as in :func:`multivector.hedging`.
        lag, keys, on_unmatched: as in :func:`multivector.add_igos`.

    Returns:
        ``df`` with the columns added (nullable Float64; text for ``committed_to``, ``commitment_via``).

    Example:
        >>> import multivector as mv
        >>> sy = mv.add_hedging(mv.state_years(2014), components=True)
        >>> r = sy[sy.ccode == 830].iloc[0]
        >>> round(float(r.hedging), 3), float(r.commitment), round(float(r.engagement_balance), 3)
        (0.906, 0.0, 0.923)
    """
    from multivector._random import check_replicates, check_seed
    from multivector.measures._alignment import check_ideal
    from multivector.measures._hedging import hedging
    from multivector.measures._poles import as_pole_set
    from multivector.measures._tilt import check_level

    fn = "add_hedging"
    k, lag = _start(df, fn, keys, None, lag, on_unmatched)
    n_rep = check_replicates(bootstrap)
    components = _check_bool("components", components)
    seed = check_seed(seed)
    level = check_level(level)
    check_ideal(ideal_point)
    extended = _check_bool("extended", extended)
    ps = as_pole_set(poles, pillars)
    ka, kb = ps.keys
    cover = _alignment_years(extended)["security"]
    years = _years_needed(k, lag, cover)
    try:
        res = hedging(_states_for_bootstrap(k, n_rep), years, poles=ps, bootstrap=n_rep, seed=seed, level=level,
                      extended=extended, ideal_point=ideal_point, pillars=pillars) if years else None
    except InvalidYearError:  # none of the frame's states has a figure: every row is reported as without one
        res = None
    if res is None:
        res = _empty(["hedging", "hedging_lo", "hedging_hi", "commitment", f"commitment_{ka}", f"commitment_{kb}",
                      "committed_to", "commitment_via", "diplomatic_tilt", "diplomatic_tilt_lo", "diplomatic_tilt_hi",
                      f"engagement_{ka}", f"engagement_{kb}", "engagement_balance", "engagement_balance_lo",
                      "engagement_balance_hi"])
    src = _state_table(res)
    prov = _bool(res["provisional"].to_numpy()) if len(res) else np.zeros(0, bool)
    what = "ATOP alliances (hedging needs the security commitment)"
    names = ["hedging"] + (["hedging_lo", "hedging_hi"] if n_rep else [])
    if components:
        names += ["commitment", f"commitment_{ka}", f"commitment_{kb}", "committed_to", "commitment_via",
                  "diplomatic_tilt"] + (["diplomatic_tilt_lo", "diplomatic_tilt_hi"] if n_rep else []) + \
                 [f"engagement_{ka}", f"engagement_{kb}", "engagement_balance"] + \
                 (["engagement_balance_lo", "engagement_balance_hi"] if n_rep else [])
    cols = []
    for name in names:
        kind = "string" if name in ("committed_to", "commitment_via") else "Float64"
        why = ("hedging needs the security commitment and a diplomatic tilt (an ideal point) or an engagement "
               "balance (memberships in organizations where a pole takes part)") if name == "hedging" else ""
        cols.append(_Col(name, src, _values(res, name, kind), kind, cover, what, report=why,
                         provisional=prov if name == "hedging" else None))
    out, rep = merge_columns(k, lag, cols, fn)
    params = {"poles": _poles_option(ps), "ideal_point": ideal_point, "lag": lag}
    params.update(_interval_params(n_rep, seed, level))
    if extended:
        params["extended"] = True
    _register_poles(ps)
    return finish(df, k, out, fn, _records(res.attrs.get("sources", ["atop", "cow_igo", "cow_states", "unga_idealpoints"]),
                                          years, extended), params, on_unmatched, rep)


# --------------------------------------------------------------------------
# Evenness and pillar shares (one library call serves both steps)


_CACHE: list = []  # [(key, options, frame)]: the last evenness results
_CLOCK = threading.Lock()
_CACHE_SIZE = 2


def clear_cache() -> None:
    """Forget the evenness results kept for the next step (benchmarks time each run afresh)."""
    with _CLOCK:
        _CACHE.clear()


def _evenness_table(states, years, *, channel, pillars, method, rule, group_vote, exclude_own, extended,
                    bootstrap, chance, seed, level, any_intervals: bool = False) -> pd.DataFrame:
    """:func:`multivector.evenness` for ``states`` and ``years``, kept for the next step with the same
    question: ``add_evenness`` and ``add_pillar_alignment`` on one frame compute it once.
    ``any_intervals``: the caller reads only the point figures (shares), so a result with any
    bootstrap or chance band serves."""
    from multivector.data._store import get_store
    from multivector.measures._evenness import evenness
    from multivector.measures._pillars import as_pillar_set

    if not years:  # nothing to compute: the columns, no rows
        return _empty(["evenness", "evenness_lo", "evenness_hi", "chance_mean", "chance_lo", "chance_hi", "hhi",
                       "n_pillars", "n", "dominant"] + [f"share_{p}" for p in as_pillar_set(pillars).keys])
    pk = pillars if pillars is None or isinstance(pillars, str) else id(pillars)
    key = (id(get_store()), channel, pk, method, rule, group_vote, exclude_own, extended, tuple(years),
           None if states is None else tuple(states))
    opts = (bootstrap, chance, seed, level)
    with _CLOCK:
        for k_, o_, ref, frame in _CACHE:
            same = ref is pillars or (isinstance(pillars, str) and ref == pillars)
            if k_ == key and same and (any_intervals or o_ == opts):
                return frame
    frame = evenness(states, years, channel=channel, pillars=pillars, bootstrap=bootstrap, seed=seed, chance=chance,
                     method=method, rule=rule, group_vote=group_vote, exclude_own=exclude_own, level=level,
                     extended=extended)
    with _CLOCK:
        _CACHE.append((key, opts, pillars, frame))
        del _CACHE[:-_CACHE_SIZE]
    return frame


def _pillar_channel(channel) -> str:
    from multivector.measures._evenness import CHANNELS

    if channel not in CHANNELS:
        raise InvalidArgumentError(f"channel: unknown channel {channel!r}; valid: {', '.join(CHANNELS)} (pillar "
                                   "shares from IGO memberships or from UN votes)", "channel")
    return channel


def _pillar_years(channel: str, extended: bool) -> tuple[tuple[int, int], str]:
    from multivector.data._store import get_store
    from multivector.measures._signatures import data_cube, year_coverage

    if channel == "institutional":
        return year_coverage(data_cube(extended)), "the COW IGO data" + (" and the extended panel" if extended else "")
    if extended:
        raise InvalidArgumentError("extended: the extended panel has no UN votes; use channel='institutional'", "extended")
    return tuple(get_store().un_years), "the UN voting data"


def _prefix(channel: str) -> str:
    """Column prefix: none for the institutional channel, ``un_`` for UN votes (as add_un_agreement's)."""
    return "" if channel == "institutional" else "un_"


def _check_pillar_options(channel, method, rule, group_vote, exclude_own, extended):
    from multivector.measures._evenness import _check
    from multivector.measures._pillars import check_rule

    channel = _pillar_channel(channel)
    check_rule(rule)
    method = _check(channel, method, group_vote, 0, 0.95)
    return channel, method, _check_bool("exclude_own", exclude_own), _check_bool("extended", extended)


def _pillar_params(channel, method, rule, group_vote, exclude_own, extended, pillars, lag) -> dict:
    from multivector.measures._pillars import as_pillar_set

    p = {"channel": channel, "method": method, "pillars": ",".join(as_pillar_set(pillars).keys), "lag": lag}
    if channel == "institutional":
        p["rule"] = rule
    else:
        p["group_vote"] = group_vote
    if not exclude_own:
        p["exclude_own"] = False
    if extended:
        p["extended"] = True
    return p


def add_evenness(df: pd.DataFrame, *, channel: str = "institutional", pillars=None, bootstrap: int = 0, chance: int = 0,
                 seed: int | None = None, level: float = 0.95, method: str | None = None, rule: str = "majority",
                 group_vote: str = "plurality", exclude_own: bool = True, extended: bool = False, lag: int = 0,
                 keys=None, on_unmatched: str = "warn") -> pd.DataFrame:
    """Add how evenly each state's engagement is spread over the pillars (:func:`multivector.evenness`).

    Columns (institutional channel): ``evenness`` (normalised Shannon
    entropy of the pillar shares: 1 even, 0 one pillar), ``evenness_hhi``
    (Herfindahl index of the shares), ``evenness_pillars`` (pillars
    considered, K) and ``evenness_n`` (organizations behind the shares);
    with ``bootstrap`` > 0, ``evenness_lo`` and ``evenness_hi``; with
    ``chance`` > 0, the chance band ``evenness_chance`` (mean of
    ``chance`` random portfolios of the same size), ``evenness_chance_lo``
    and ``evenness_chance_hi``. The diplomatic channel (UN votes,
    1946-2019) gives the same columns prefixed ``un_`` (``un_evenness``,
    ...). On dyad-years each state's value gets the suffix ``1``/``2``.

    Evenness describes a spread; it does not measure hedging (see
    :func:`add_hedging`), and random portfolios are very even: read it
    against its chance band. Defaults ``bootstrap=0`` and ``chance=0``
    (the library's are 1,000 each): point estimates for regressions,
    intervals and band on request, equal to the library's with the same seed.

    Parameters:
        df: a state-year or dyad-year frame.
        channel: ``"institutional"`` (IGO memberships, 1816-2014; to 2025
            with ``extended``) or ``"diplomatic"`` (UN votes, 1946-2019).
        pillars: pillar definitions (default Russia, China, United States,
            European Union, Turkey).
        bootstrap: replicates for the intervals (default 0: none).
        chance: random portfolios behind the chance band (default 0: none).
        seed, level, method, rule, group_vote, exclude_own, extended: as in
            :func:`multivector.evenness`.
        lag, keys, on_unmatched: as in :func:`multivector.add_igos`.

    Returns:
        ``df`` with the columns added (nullable Float64; counts Int64).

    Example:
        >>> import multivector as mv
        >>> sy = mv.add_evenness(mv.state_years(2014))
        >>> sy.loc[sy.ccode == 705, ["evenness", "evenness_pillars", "evenness_n"]].round(3).values.tolist()
        [[0.829, 5, 24]]
    """
    from multivector._random import check_replicates, check_seed
    from multivector.measures._evenness import _check_chance
    from multivector.measures._tilt import check_level

    fn = "add_evenness"
    k, lag = _start(df, fn, keys, None, lag, on_unmatched)
    channel, method, exclude_own, extended = _check_pillar_options(channel, method, rule, group_vote, exclude_own,
                                                                   extended)
    n_rep = check_replicates(bootstrap)
    chance = _check_chance(chance)
    seed = check_seed(seed)
    level = check_level(level)
    cover, what = _pillar_years(channel, extended)
    years = _years_needed(k, lag, cover)
    res = _evenness_table(_states_for_bootstrap(k, n_rep), years, channel=channel, pillars=pillars,
                          method=method, rule=rule, group_vote=group_vote, exclude_own=exclude_own, extended=extended,
                          bootstrap=n_rep, chance=chance, seed=seed, level=level)
    src = _state_table(res)
    pre = _prefix(channel)
    prov = np.full(len(res), extended)
    spec = [("evenness", "evenness", "Float64", True)]
    if n_rep:
        spec += [("evenness_lo", "evenness_lo", "Float64", False), ("evenness_hi", "evenness_hi", "Float64", False)]
    if chance:
        spec += [("evenness_chance", "chance_mean", "Float64", False),
                 ("evenness_chance_lo", "chance_lo", "Float64", False),
                 ("evenness_chance_hi", "chance_hi", "Float64", False)]
    spec += [("evenness_hhi", "hhi", "Float64", False), ("evenness_pillars", "n_pillars", "Int64", False),
             ("evenness_n", "n", "Int64", False)]
    why = ("evenness needs at least two pillars considered and an organization (institutional: a full membership "
           "outside world bodies whose signature is neither empty nor every pillar) or a roll call (diplomatic) "
           "to share out")
    cols = [_Col(pre + name, src, _values(res, lib, kind), kind, cover, what, report=why if rep else "",
                 provisional=prov if rep else None) for name, lib, kind, rep in spec]
    out, rep = merge_columns(k, lag, cols, fn, PROVISIONAL_EXTENDED)
    params = _pillar_params(channel, method, rule, group_vote, exclude_own, extended, pillars, lag)
    params.update(_interval_params(n_rep, seed, level))
    if chance:
        params.update({"chance": chance, "seed": seed, "level": level})
    return finish(df, k, out, fn, _records(_pillar_sources(res, pillars), [], extended), params, on_unmatched, rep)


def _pillar_sources(res: pd.DataFrame, pillars) -> tuple[str, ...]:
    """The library's sources, and the COW IGO data whenever a pillar is an organization's members (the
    European Union): the diplomatic channel reads its members there too."""
    from multivector.measures._pillars import as_pillar_set

    out = list(res.attrs.get("sources", [])) or ["cow_igo", "cow_states"]
    if "cow_igo" not in out and any(p.members_of for p in as_pillar_set(pillars).pillars):
        out.insert(0, "cow_igo")
    return tuple(out)


def add_pillar_alignment(df: pd.DataFrame, *, channel: str = "institutional", pillars=None, method: str | None = None,
                         rule: str = "majority", group_vote: str = "plurality", exclude_own: bool = True,
                         extended: bool = False, lag: int = 0, keys=None, on_unmatched: str = "warn") -> pd.DataFrame:
    """Add each state's share of engagement with each pillar (the ``share`` of :func:`multivector.alignment`).

    Columns (institutional channel): ``share_<pillar>`` for each pillar
    (default ``share_russia``, ``share_china``, ``share_usa``,
    ``share_eu``, ``share_turkey``; they sum to 1 over the pillars
    considered) and ``dominant_pillar`` (the largest share; ties joined by
    ``=``). Signature method: over the state's full memberships in
    organizations that are not world bodies and whose pillar signature is
    neither empty nor every pillar, each organization gives
    ``1/|signature|`` to each of its pillars. A pillar not considered for
    the state (not existing that year, or the state's own single-state
    pillar: Russia gets no ``share_russia``) is missing, never 0. The
    diplomatic channel (agreement with each pillar's UN votes, 1946-2019)
    gives ``un_share_<pillar>`` and ``un_dominant_pillar``. On dyad-years
    each state's value gets the suffix ``1``/``2``.

    Parameters:
        df: a state-year or dyad-year frame.
        channel: ``"institutional"`` (default) or ``"diplomatic"``.
        pillars: pillar definitions (default Russia, China, United States,
            European Union, Turkey).
        method, rule, group_vote, exclude_own, extended: as in :func:`multivector.evenness`.
        lag, keys, on_unmatched: as in :func:`multivector.add_igos`.

    Returns:
        ``df`` with the columns added (nullable Float64; ``dominant_pillar`` text).

    Example:
        >>> import multivector as mv
        >>> sy = mv.add_pillar_alignment(mv.state_years(2014))
        >>> r = sy[sy.ccode == 705].iloc[0]
        >>> round(float(r.share_russia), 3), round(float(r.share_eu), 3), r.dominant_pillar
        (0.493, 0.066, 'russia')
    """
    from multivector.measures._pillars import as_pillar_set

    fn = "add_pillar_alignment"
    k, lag = _start(df, fn, keys, None, lag, on_unmatched)
    channel, method, exclude_own, extended = _check_pillar_options(channel, method, rule, group_vote, exclude_own,
                                                                   extended)
    cover, what = _pillar_years(channel, extended)
    years = _years_needed(k, lag, cover)
    res = _evenness_table(None, years, channel=channel, pillars=pillars, method=method, rule=rule,
                          group_vote=group_vote, exclude_own=exclude_own, extended=extended, bootstrap=0, chance=0,
                          seed=None, level=0.95, any_intervals=True)
    src = _state_table(res)
    pre = _prefix(channel)
    prov = np.full(len(res), extended)
    pkeys = list(as_pillar_set(pillars).keys)
    cols = [_Col(f"{pre}share_{p}", src, _values(res, f"share_{p}", "Float64"), "Float64", cover, what)
            for p in pkeys]
    why = ("no organization (institutional: a full membership outside world bodies whose signature is neither empty "
           "nor every pillar) or roll call (diplomatic) to share out")
    cols.append(_Col(f"{pre}dominant_pillar", src, _values(res, "dominant", "string"), "string", cover, what,
                     report=why, provisional=prov))
    out, rep = merge_columns(k, lag, cols, fn, PROVISIONAL_EXTENDED)
    params = _pillar_params(channel, method, rule, group_vote, exclude_own, extended, pillars, lag)
    _register_pillars(pkeys, pre)
    return finish(df, k, out, fn, _records(_pillar_sources(res, pillars), [], extended), params, on_unmatched, rep)


def _register_poles(ps) -> None:
    from multivector.panels._codebook import register_pole_columns

    for key, name in zip(ps.keys, ps.names):
        register_pole_columns(key, name)


def _register_pillars(keys: list[str], prefix: str) -> None:
    from multivector.panels._codebook import register_pillar_columns

    for key in keys:
        register_pillar_columns(key, prefix)
