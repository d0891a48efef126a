"""The ``add_*`` functions: add measured columns to any state-year or dyad-year frame.

Each function finds and resolves the frame's keys (:mod:`._keys`), asks the
engine for the measure over just the years the frame needs (one call, whole
arrays), and gathers the values by key lookup: the frame comes back with
the same rows, in the same order, with the same index, and the new columns
(nullable ``Int64`` / ``Float64``: missing where the data say nothing,
never 0). ``lag=1`` takes each value from the year before the row's year
(column names get ``_lag1``).

Definitions are in docs/panels.md and docs/methodology.md; the codebook
(:func:`multivector.codebook`) carries them with every frame.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from multivector._errors import InvalidArgumentError
from multivector.data._store import ABSENT, get_store
from multivector.panels._keys import (
    Keys, SESSION_OFFSET, _entry, check_lag, check_on_unmatched, finish, frame_keys, gather, lookup, pack, suffix,
)


def _start(df, fn, keys, unit, lag, on_unmatched, allow_sessions=False) -> tuple[Keys, int]:
    lag = check_lag(lag)
    check_on_unmatched(on_unmatched)
    return frame_keys(df, fn, keys, unit=unit, allow_sessions=allow_sessions), lag


def _source_years(k: Keys, lag: int, coverage: tuple[int, int], what: str, fn: str) -> tuple[np.ndarray, np.ndarray, list[dict]]:
    """Source year per row (row's year minus lag), rows inside coverage, and a report entry for the others."""
    t = np.where(k.known, k.year - lag, -1)
    inside = k.known & (t >= coverage[0]) & (t <= coverage[1])
    out = k.known & ~inside
    report = [_entry(fn, what, f"{coverage[0]}-{coverage[1]}" + (f", lag {lag}" if lag else ""), out.sum(),
                     "outside the data's years")] if out.any() else []
    return t, inside, report


def _absent(k: Keys, t: np.ndarray, inside: np.ndarray, found: np.ndarray, what: str, fn: str) -> list[dict]:
    """Report rows of the state system, inside the data's years, that the source has no row for
    (COW's IGO file leaves out the two Germanys and the two Yemens in 1990): missing, and said so."""
    from multivector.panels._keys import _spans, label as state_label

    gap = inside & ~found & _in_system_at(k, t)
    if not gap.any():
        return []
    c2 = k.c2 if k.c2 is not None else np.zeros(len(k.c1), dtype=np.int64)
    units, inv = np.unique(np.stack([k.c1[gap], c2[gap]], axis=1), axis=0, return_inverse=True)
    inv = inv.ravel()
    years = t[gap]
    shown = []
    for u in range(min(len(units), 3)):
        lab = state_label(int(units[u][0])) + (f" and {state_label(int(units[u][1]))}" if k.c2 is not None else "")
        shown.append(f"{lab} in {_spans(sorted({int(y) for y in years[inv == u]}))}")
    more = f"; and {len(units) - 3} more" if len(units) > 3 else ""
    return [_entry(fn, what, "; ".join(shown) + more, int(gap.sum()), "not in the source data")]


def _pair(k: Keys) -> tuple[np.ndarray, np.ndarray]:
    """Lower and higher code of each row's pair (symmetric measures ignore the order)."""
    return np.minimum(k.c1, k.c2), np.maximum(k.c1, k.c2)


def _in_system_at(k: Keys, years: np.ndarray) -> np.ndarray:
    """Per row: every state of the row in the system in ``years`` (the row's year minus the lag)."""
    from multivector.data._system import in_system

    if k.in_system is not None and np.array_equal(years[k.known], k.year[k.known]):
        return k.in_system  # no lag: computed once when the keys were read
    ok = k.known & in_system(k.c1, years)
    if k.c2 is not None:
        ok &= in_system(k.c2, years)
    return ok


JOINT_CHOICES = ("published", "full", "both")


def _parse_joint(joint: str) -> str:
    key = str(joint).strip().lower()
    if key not in JOINT_CHOICES:
        raise InvalidArgumentError(f"joint: unknown rule {joint!r}; valid: published (full or associate: dyadigos, "
                                   "as COW's dyad file and peacesciencer), full (both full members: dyadigos_full), "
                                   "both", "joint")
    return key


def add_igos(df: pd.DataFrame, *, joint: str = "published", missing: bool = True, lag: int = 0, keys=None,
             on_unmatched: str = "warn") -> pd.DataFrame:
    """Add IGO membership counts (COW IGO v3), like peacesciencer's ``add_igos()``.

    On state-years: ``sum_igo_full``, ``sum_igo_associate``,
    ``sum_igo_observer``, ``sum_igo_anytype`` (peacesciencer's
    ``cow_igo_sy``: IGOs where the state's code is 1, 2, 3, or any of
    them; -9 and -1 not counted) and ``sum_igo_missing`` (IGOs alive that
    year coded -9 for the state).

    On dyad-years: ``dyadigos`` (IGOs where both are full or associate
    members: COW's distributed dyad-year file and peacesciencer's
    ``cow_igo_ndy``), and/or ``dyadigos_full`` (both full members: the
    codebook's wording), and ``dyadigos_missing`` (IGOs alive for both with
    a -9 for either). Directed frames get the same values in both orders.

    State-years (or dyad-years) without a row in the COW IGO state-year
    file (before 1816, after 2014, outside the state system, and four
    states of 1990: the two Germanys and the two Yemens) get missing values.

    Parameters:
        df: a frame with ``ccode, year`` or ``ccode1, ccode2, year`` (or ISO
            codes or names: see ``keys``).
        joint: dyad-years only: ``"published"`` (default, ``dyadigos``),
            ``"full"`` (``dyadigos_full``) or ``"both"``.
        missing: add the ``*_missing`` count (default True).
        lag: take the values of ``lag`` years before the row's year
            (columns get the suffix ``_lag1`` etc.).
        keys: the key columns when they are not ``ccode``/``ccode1,
            ccode2`` and ``year``, e.g. ``("iso3c", "year")``; states given
            as ISO2/ISO3 codes or names are resolved and ``ccode`` added.
        on_unmatched: ``"warn"`` (default: one warning naming keys that
            matched no state, rows outside the state system or the data's
            years; details in :func:`merge_report`), ``"raise"`` (an error
            for unknown or missing keys) or ``"ignore"``.

    Returns:
        ``df`` (a new frame, same rows, order and index) with the columns added.

    Example:
        >>> import multivector as mv
        >>> sy = mv.add_igos(mv.state_years(2014))
        >>> sy.loc[sy.ccode == 705, ["sum_igo_full", "sum_igo_anytype"]].values.tolist()
        [[55, 56]]
    """
    fn = "add_igos"
    k, lag = _start(df, fn, keys, None, lag, on_unmatched)
    rule = _parse_joint(joint)
    store = get_store()
    t, inside, rep = _source_years(k, lag, store.igo_years, "the COW IGO data", fn)
    years = np.unique(t[inside])
    sfx = suffix(lag)
    cols: dict[str, object] = {}
    if k.unit == "state-year":
        src_keys, values = _igo_state_counts(years)
        pos, found = lookup(src_keys, pack(t, k.c1), inside)
        names = ["sum_igo_full", "sum_igo_associate", "sum_igo_observer", "sum_igo_anytype"] + (["sum_igo_missing"] if missing else [])
        for name in names:
            cols[name + sfx] = gather(values[name], pos, found)
        rep += _absent(k, t, inside, found, "the COW IGO data", fn)
        params = {"lag": lag}
    else:
        from multivector.engine._dyads import dyads

        ms = ["rules"] + (["table"] if missing else [])
        d = dyads([int(y) for y in years], measures=ms) if len(years) else None
        lo, hi = _pair(k)
        if d is not None:
            pos, found = lookup(pack(d["year"].to_numpy(), d["ccode1"].to_numpy(), d["ccode2"].to_numpy()),
                                pack(t, lo, hi), inside)
        else:
            pos, found = np.zeros(len(t), dtype=np.int64), np.zeros(len(t), dtype=bool)

        def col(name):
            return d[name].to_numpy() if d is not None else np.zeros(0)

        if rule in ("published", "both"):
            cols["dyadigos" + sfx] = gather(col("joint_published"), pos, found)
        if rule in ("full", "both"):
            cols["dyadigos_full" + sfx] = gather(col("joint_full"), pos, found)
        if missing:
            cols["dyadigos_missing" + sfx] = gather(col("n_missing"), pos, found)
        rep += _absent(k, t, inside, found, "the COW IGO data", fn)
        params = {"joint": rule, "lag": lag}
    return finish(df, k, cols, fn, ("cow_igo", "cow_states"), params, on_unmatched, rep)


def _igo_state_counts(years: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Per state-year present in the COW IGO state-year file: packed keys and counts by code."""
    cube = get_store().cube
    if not len(years):
        return np.zeros(0, dtype=np.int64), {n: np.zeros(0) for n in
                                            ("sum_igo_full", "sum_igo_associate", "sum_igo_observer",
                                             "sum_igo_anytype", "sum_igo_missing")}
    yi = np.asarray(years, dtype=np.int64) - cube.year0
    contiguous = len(yi) == yi[-1] - yi[0] + 1
    st = cube.status[:, :, yi[0]:yi[-1] + 1] if contiguous else cube.status[:, :, yi]  # (state, org, year)
    present = st[:, 0, :] != ABSENT  # the state-year has a row in the file

    def count(code):  # int16 accumulators: at most 534 organizations, and 3x faster than int64
        return (st == code).sum(axis=1, dtype=np.int16).astype(np.int64)

    counts = {"sum_igo_full": count(1), "sum_igo_associate": count(2), "sum_igo_observer": count(3),
              "sum_igo_missing": count(-9)}
    counts["sum_igo_anytype"] = counts["sum_igo_full"] + counts["sum_igo_associate"] + counts["sum_igo_observer"]
    s_idx, y_idx = np.nonzero(present)
    src = pack(np.asarray(years)[y_idx], cube.ccodes[s_idx])
    return src, {n: v[s_idx, y_idx] for n, v in counts.items()}


def add_igo_similarity(df: pd.DataFrame, *, lag: int = 0, keys=None, on_unmatched: str = "warn") -> pd.DataFrame:
    """Add the similarity of two states' IGO portfolios to a dyad-year frame.

    Columns ``igo_s`` (Signorino-Ritter S), ``igo_kappa`` (Cohen),
    ``igo_pi`` (Scott), ``igo_jaccard`` and ``igo_n`` (IGOs compared), all
    from the 2x2 table of full / not full membership over the IGOs alive
    that year where neither state is coded -9 or -1 (docs/methodology.md,
    "Portfolio similarity"). No peacesciencer equivalent (its
    ``add_fpsim()`` measures alliance portfolios and UN votes).

    Parameters:
        df: a dyad-year frame (``ccode1, ccode2, year``, or see ``keys``).
        lag, keys, on_unmatched: as in :func:`add_igos`.

    Returns:
        ``df`` with the columns added (nullable Float64; ``igo_n`` Int64).

    Example:
        >>> import multivector as mv
        >>> d = mv.add_igo_similarity(mv.dyad_years(2014))
        >>> row = d[(d.ccode1 == 365) & (d.ccode2 == 705)]
        >>> int(row.igo_n.iloc[0]), round(float(row.igo_jaccard.iloc[0]), 3)
        (309, 0.49)
    """
    from multivector.engine._dyads import dyads

    fn = "add_igo_similarity"
    k, lag = _start(df, fn, keys, "dyad-year", lag, on_unmatched)
    store = get_store()
    t, inside, rep = _source_years(k, lag, store.igo_years, "the COW IGO data", fn)
    years = [int(y) for y in np.unique(t[inside])]
    d = dyads(years, measures=["table", "s", "kappa", "pi", "jaccard"]) if years else None
    lo, hi = _pair(k)
    sfx = suffix(lag)
    cols: dict[str, object] = {}
    if d is None:
        pos, found = np.zeros(len(t), dtype=np.int64), np.zeros(len(t), dtype=bool)
    else:
        pos, found = lookup(pack(d["year"].to_numpy(), d["ccode1"].to_numpy(), d["ccode2"].to_numpy()),
                            pack(t, lo, hi), inside)
    for m in ("s", "kappa", "pi", "jaccard"):
        vals = d[m].to_numpy(dtype="float64", na_value=np.nan) if d is not None else np.zeros(0)
        cols[f"igo_{m}{sfx}"] = gather(vals, pos, found, "Float64")
    cols["igo_n" + sfx] = gather(d["n_orgs"].to_numpy() if d is not None else np.zeros(0), pos, found)
    rep += _absent(k, t, inside, found, "the COW IGO data", fn)
    return finish(df, k, cols, fn, ("cow_igo", "cow_states"), {"lag": lag}, on_unmatched, rep)


def add_un_agreement(df: pd.DataFrame, *, issues=None, important_only: bool = False, drop_unanimous: bool = True,
                     lag: int = 0, keys=None, on_unmatched: str = "warn") -> pd.DataFrame:
    """Add UN General Assembly voting agreement to a dyad-year (or dyad-session) frame.

    Columns ``un_agree`` (Bailey, Strezhnev and Voeten's agree: 1 same
    vote, 0.5 one abstained, 0 yes against no, over the roll calls both
    voted on), ``un_s``, ``un_kappa``, ``un_pi`` and ``un_votes`` (the
    number of roll calls behind them) from :func:`multivector.un_agreement`.
    A frame with a ``session`` column (and no ``year``) is merged by
    session; a year is the session of that year (session = year - 1945),
    as in the voting data. ``un_votes`` is 0 for pairs of the state system
    in which either state cast no vote that session (the figures are then
    missing), and missing outside 1946-2019.

    Parameters:
        df: a dyad-year or dyad-session frame.
        issues, important_only, drop_unanimous: as in
            :func:`multivector.un_agreement` (recorded in the codebook).
        lag: values of ``lag`` years (sessions) before the row's.
        keys, on_unmatched: as in :func:`add_igos`.

    Returns:
        ``df`` with the columns added.

    Example:
        >>> import multivector as mv
        >>> d = mv.add_un_agreement(mv.dyad_years(2014, directed=True))
        >>> row = d[(d.ccode1 == 705) & (d.ccode2 == 365)]
        >>> int(row.un_votes.iloc[0]), round(float(row.un_agree.iloc[0]), 3)
        (77, 0.792)
    """
    from multivector.engine._unvotes import parse_issues, un_agreement

    fn = "add_un_agreement"
    k, lag = _start(df, fn, keys, "dyad-year", lag, on_unmatched, allow_sessions=True)
    codes = parse_issues(issues)
    for name, v in (("important_only", important_only), ("drop_unanimous", drop_unanimous)):
        if not isinstance(v, (bool, np.bool_)):
            raise InvalidArgumentError(f"{name}: expected True or False, got {v!r}", name)
    store = get_store()
    y0, y1 = store.un_years
    t, inside, rep = _source_years(k, lag, (y0, y1), "the UN voting data", fn)
    sessions = [int(y) - SESSION_OFFSET for y in np.unique(t[inside])]
    a = un_agreement(sessions=sessions, issues=codes, important_only=important_only,
                     drop_unanimous=drop_unanimous) if sessions else None
    lo, hi = _pair(k)
    if a is None:
        pos, found = np.zeros(len(t), dtype=np.int64), np.zeros(len(t), dtype=bool)
    else:
        pos, found = lookup(pack(a["year"].to_numpy(), a["ccode1"].to_numpy(), a["ccode2"].to_numpy()),
                            pack(t, lo, hi), inside)
    sfx = suffix(lag)
    cols: dict[str, object] = {}
    for m in ("agree", "s", "kappa", "pi"):
        vals = a[m].to_numpy(dtype="float64", na_value=np.nan) if a is not None else np.zeros(0)
        cols[f"un_{m}{sfx}"] = gather(vals, pos, found, "Float64")
    votes = gather(a["n_votes"].to_numpy() if a is not None else np.zeros(0), pos, found)
    # a pair of the system without a joint vote that session: 0 roll calls, not unknown
    zero = inside & ~found & _in_system_at(k, t)
    votes[zero] = 0
    cols["un_votes" + sfx] = votes
    params = {"issues": ",".join(codes) if codes else "all", "important_only": important_only,
              "drop_unanimous": drop_unanimous, "lag": lag}
    return finish(df, k, cols, fn, ("unga", "cow_states"), params, on_unmatched, rep)


ATOP_FLAGS = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")


def add_alliances(df: pd.DataFrame, *, directed: bool | None = None, lag: int = 0, keys=None,
                  on_unmatched: str = "warn") -> pd.DataFrame:
    """Add ATOP 5.1 alliance flags to a dyad-year frame, like peacesciencer's ``add_atop_alliance()``.

    Columns ``atop_alliance`` (the pair shares an alliance in force that
    year: it has a row in the ATOP dyad-year data), ``atop_defense``,
    ``atop_offense``, ``atop_neutral``, ``atop_nonagg``, ``atop_consul``
    (0/1 flags as published). The published rows are directed and 650
    pairs' flags differ by direction (e.g. a defense promise one way): on a
    directed frame each row gets its own direction; on a non-directed frame
    (every ``ccode1 < ccode2``) each flag is the larger of the two
    directions (peacesciencer's ``ndir = TRUE``). A pair without a row is 0
    when both states are in the state system that year, within 1815-2018;
    missing otherwise.

    Parameters:
        df: a dyad-year frame (``ccode1, ccode2, year``, or see ``keys``).
        directed: ``None`` (default: directed when any row has
            ``ccode1 > ccode2``, as peacesciencer decides), ``True`` or
            ``False``.
        lag, keys, on_unmatched: as in :func:`add_igos`.

    Returns:
        ``df`` with the columns added (nullable Int64).

    Example:
        >>> import multivector as mv
        >>> d = mv.add_alliances(mv.dyad_years(2014))
        >>> d.loc[(d.ccode1 == 2) & (d.ccode2 == 640), ["atop_defense"]].values.tolist()
        [[1]]
    """
    fn = "add_alliances"
    k, lag = _start(df, fn, keys, "dyad-year", lag, on_unmatched)
    if directed is None:
        directed = bool(((k.c1 > k.c2) & k.known).any())
    elif not isinstance(directed, (bool, np.bool_)):
        raise InvalidArgumentError(f"directed: expected True, False or None, got {directed!r}", "directed")
    store = get_store()
    atop = store.table("alliances")
    t, inside, rep = _source_years(k, lag, store.alliance_years, "the ATOP data", fn)
    src = pack(atop["year"].to_numpy(), atop["ccode1"].to_numpy(), atop["ccode2"].to_numpy())
    pos, found = lookup(src, pack(t, k.c1, k.c2), inside)
    values = {f: atop[f].to_numpy().astype(np.int64) for f in ATOP_FLAGS}
    flags = {f: np.where(found, values[f][pos], 0) for f in ATOP_FLAGS}
    if not directed:  # the larger of the two directions
        pos2, found2 = lookup(src, pack(t, k.c2, k.c1), inside)
        for f in ATOP_FLAGS:
            flags[f] = np.maximum(flags[f], np.where(found2, values[f][pos2], 0))
        found = found | found2
    known = found | (inside & _in_system_at(k, t))  # no row: no alliance, for states of the system
    sfx = suffix(lag)
    cols = {"atop_alliance" + sfx: pd.arrays.IntegerArray(found.astype(np.int64), ~known)}
    for f in ATOP_FLAGS:
        cols[f + sfx] = pd.arrays.IntegerArray(flags[f], ~known)
    return finish(df, k, cols, fn, ("atop", "cow_states"), {"directed": directed, "lag": lag}, on_unmatched, rep)


IDEAL_ESTIMATES = {"all": "idealpointall", "fp": "idealpointfp", "legacy": "idealpointlegacy"}


def _parse_estimates(estimates) -> list[str]:
    items = estimates.split(",") if isinstance(estimates, str) else list(estimates)
    out = []
    for it in items:
        key = str(it).strip().lower().removeprefix("idealpoint")
        if not key:
            continue
        if key not in IDEAL_ESTIMATES:
            raise InvalidArgumentError(f"estimates: unknown estimate {it!r}; valid: all (idealpointall, all votes, "
                                       "1946-2023), fp (idealpointfp, final-passage votes, 1946-2024), legacy "
                                       "(idealpointlegacy, by session)", "estimates")
        if IDEAL_ESTIMATES[key] not in out:
            out.append(IDEAL_ESTIMATES[key])
    if not out:
        raise InvalidArgumentError("estimates: none given; valid: all, fp, legacy", "estimates")
    return out


def add_ideal_points(df: pd.DataFrame, *, estimates="fp", intervals: bool = False, lag: int = 0, keys=None,
                     on_unmatched: str = "warn") -> pd.DataFrame:
    """Add UN General Assembly ideal points (Bailey, Strezhnev and Voeten, July 2025 release).

    Column names are the publisher's. On state-years: ``idealpointfp``
    (default; final-passage votes, 1946-2024), ``idealpointall``
    (estimated from all votes, 1946-2023, missing for 2024 in this
    release) or ``idealpointlegacy`` (the older session-based series), as
    chosen by ``estimates``; with ``intervals=True`` also the 5 % and 95 %
    posterior quantiles (``q5fp``, ``q95fp``, ...). On dyad-years: each
    state's position with the suffix ``1``/``2`` (``idealpointfp1``,
    ``idealpointfp2``) and their distance ``idealpointfp_dist`` =
    |position 1 - position 2| (larger: further apart). Higher positions are
    closer to the United States-led liberal order. States without a
    published position that year (not UN members: Switzerland before 2002)
    get missing values, reported.

    The default is the final-passage series because it is the one that
    reaches 2024 in this release and the one :func:`multivector.tilt` and
    :func:`multivector.hedging` read, so a panel with ideal points and tilt
    rests on the same estimates; ``estimates="all"`` gives the all-votes
    series under its own name.

    Parameters:
        df: a state-year or dyad-year frame (by calendar year: the
            estimates are per year, not per session).
        estimates: ``"fp"`` (default), ``"all"``, ``"legacy"``, or several
            (list or ``"all,fp"``).
        intervals: add the 5 % and 95 % quantiles (state-years only).
        lag, keys, on_unmatched: as in :func:`add_igos`.

    Returns:
        ``df`` with the columns added (nullable Float64).

    Example:
        >>> import multivector as mv
        >>> d = mv.add_ideal_points(mv.dyad_years(2022), estimates="all", on_unmatched="ignore")
        >>> r = d[(d.ccode1 == 2) & (d.ccode2 == 365)].iloc[0]
        >>> [round(float(r[c]), 2) for c in ("idealpointall1", "idealpointall2", "idealpointall_dist")]
        [2.11, -1.41, 3.53]
    """
    fn = "add_ideal_points"
    k, lag = _start(df, fn, keys, None, lag, on_unmatched)
    cols_src = _parse_estimates(estimates)
    if not isinstance(intervals, (bool, np.bool_)):
        raise InvalidArgumentError(f"intervals: expected True or False, got {intervals!r}", "intervals")
    if intervals and k.unit == "dyad-year":
        raise InvalidArgumentError("intervals: the posterior quantiles are added on state-years only; add them to "
                                   "mv.state_years() and merge, or leave intervals out", "intervals")
    ip = _ideal_table()
    t, inside, rep = _source_years(k, lag, get_store().idealpoint_years, "the UN ideal points", fn)
    src = pack(ip["year"].to_numpy(), ip["ccode"].to_numpy())
    sfx = suffix(lag)
    cols: dict[str, object] = {}
    if k.unit == "state-year":
        pos, found = lookup(src, pack(t, k.c1), inside)
        for c in cols_src:
            cols[c + sfx] = gather(ip[c].to_numpy(dtype="float64"), pos, found, "Float64")
            if intervals:
                tail = c.removeprefix("idealpoint")
                if tail == "legacy":
                    continue  # the legacy series has no published quantiles
                for q in ("q5", "q95"):
                    cols[f"{q}{tail}{sfx}"] = gather(ip[f"{q}{tail}"].to_numpy(dtype="float64"), pos, found, "Float64")
        rep += _absent(k, t, inside, found, "the UN ideal points", fn)
        rep += _empty(ip, cols_src, [(pos, found)], t, fn)
    else:
        pos1, f1 = lookup(src, pack(t, k.c1), inside)
        pos2, f2 = lookup(src, pack(t, k.c2), inside)
        for c in cols_src:
            v = ip[c].to_numpy(dtype="float64")
            a, b = gather(v, pos1, f1, "Float64"), gather(v, pos2, f2, "Float64")
            cols[f"{c}1{sfx}"], cols[f"{c}2{sfx}"] = a, b
            cols[f"{c}_dist{sfx}"] = abs(a - b)
        rep += _absent(k, t, inside, f1 & f2, "the UN ideal points", fn)
        rep += _empty(ip, cols_src, [(pos1, f1), (pos2, f2)], t, fn)
    params = {"estimates": ",".join(cols_src), "lag": lag}
    return finish(df, k, cols, fn, ("unga_idealpoints", "cow_states"), params, on_unmatched, rep)


def _empty(ip: pd.DataFrame, cols: list[str], sides: list[tuple[np.ndarray, np.ndarray]], t: np.ndarray,
           fn: str) -> list[dict]:
    """Rows whose source row has no published value (``idealpointall`` in 2024): reported, not silent."""
    from multivector.panels._keys import _spans

    out = []
    for c in cols:
        v = ip[c].to_numpy(dtype="float64")
        empty = np.zeros(len(t), dtype=bool)
        for pos, found in sides:
            empty |= found & np.isnan(v[pos] if len(v) else np.zeros(len(pos)))
        if empty.any():
            out.append(_entry(fn, c, f"years {_spans(sorted({int(y) for y in t[empty]}))}", int(empty.sum()),
                              "empty in the source"))
    return out


def _ideal_table() -> pd.DataFrame:
    """The published ideal points, read through the library's one call for them."""
    from multivector.engine._idealpoints import ideal_points

    return ideal_points(source="published")
