"""Trajectories of a measure (pillar evenness, tilt or hedging): period summaries,
change points, mean reversion.

These answer questions like "was 2001-2011 a golden era of multi-vector
policy?" and "does it revert to a mean?" with the honesty that 20-odd
annual observations allow (``docs/methodology.md``, "Trajectories"):

- :func:`period_summary`: the mean of the measure per period, with
  bootstrap intervals for each period mean and for the difference from the
  previous period (the replicates resample organizations or roll calls
  once for all years, so the intervals respect that a portfolio changes
  slowly);
- :func:`change_points`: exact least-squares binary segmentation of the
  series into segments with different means, a split kept only when it
  improves the BIC, with a permutation p-value for each break;
- :func:`mean_reversion`: an AR(1) fit with the coefficient's interval and
  the implied half-life of a deviation.

Each result carries a ``note`` about what it cannot show.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from multivector._errors import InvalidArgumentError
from multivector._random import DEFAULT_REPLICATES, check_seed

__all__ = ["DEFAULT_PERIODS", "change_points", "mean_reversion", "parse_periods", "period_summary"]

#: Measures a trajectory can follow.
MEASURES = ("evenness", "tilt", "hedging")

#: Default periods (the last one runs to the last year of the data).
DEFAULT_PERIODS = ((1992, 2000), (2001, 2011), (2012, None))


def _check_count(name: str, value, lo: int, hi: int) -> None:
    """An integer argument within ``[lo, hi]`` (bools and floats are not counts)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not lo <= value <= hi:
        raise InvalidArgumentError(f"{name}: must be an integer from {lo} to {hi:,d}, got {value!r}", name)


def _check_level(level) -> None:
    if isinstance(level, bool) or not isinstance(level, (int, float, np.number)) or not 0 < level < 1:
        raise InvalidArgumentError(f"level: confidence level must be between 0 and 1, got {level!r}", "level")


def parse_periods(periods, last_year: int) -> list[tuple[int, int]]:
    """Periods as ``[(start, end), ...]`` from None (the defaults), a list of pairs, or ``"1992-2000,2001-2011,2012-"``.

    Example:
        >>> parse_periods("1992-2000, 2001-2011, 2012-", 2014)
        [(1992, 2000), (2001, 2011), (2012, 2014)]
    """
    if periods is None:
        periods = DEFAULT_PERIODS
    if isinstance(periods, str):
        out = []
        for part in [p.strip() for p in periods.split(",") if p.strip()]:
            m = re.fullmatch(r"(\d{4})\s*-\s*(\d{4})?", part)
            if not m:
                raise InvalidArgumentError(f"periods: cannot read {part!r}; use e.g. '1992-2000,2001-2011,2012-'", "periods")
            out.append((int(m.group(1)), int(m.group(2)) if m.group(2) else None))
        periods = out
    if not isinstance(periods, (list, tuple)):
        raise InvalidArgumentError(f"periods: expected [(start, end), ...] or a string like '1992-2000,2001-2011,2012-', "
                                   f"got {periods!r}", "periods")
    res = []
    for p in periods:
        try:
            a, b = p
        except (TypeError, ValueError):
            raise InvalidArgumentError(f"periods: each period is a (start, end) pair, got {p!r}", "periods") from None
        try:
            b = last_year if b is None else int(b)
            a = int(a)
        except (TypeError, ValueError):
            raise InvalidArgumentError(f"periods: each period is a (start, end) pair of years, got {p!r}", "periods") from None
        if a > b:
            raise InvalidArgumentError(f"periods: {a}-{b} starts after it ends", "periods")
        res.append((a, b))
    if not res:
        raise InvalidArgumentError("periods: no period given", "periods")
    for (a1, b1), (a2, b2) in zip(res, res[1:]):
        if a2 <= b1:
            raise InvalidArgumentError(f"periods: {a1}-{b1} and {a2}-{b2} overlap", "periods")
    return res


def _check_measure(measure: str) -> str:
    if measure not in MEASURES:
        raise InvalidArgumentError(f"measure: unknown measure {measure!r}; valid: {', '.join(MEASURES)}", "measure")
    return measure


def _alignment_summary(state, ps, measure, channel, bootstrap, seed, level, extended, poles, pillars):
    """Period means of tilt or hedging, from replicates that resample the same units every year."""
    from multivector.measures._alignment import blas_limit, channel_need, frame_index, state_series
    from multivector.measures._poles import as_pole_set

    pls = as_pole_set(poles, pillars)
    years = sorted({y for a, b in ps for y in range(a, b + 1)})
    si, ys = frame_index([state], years, extended, need="security" if measure == "hedging" else channel_need(channel))
    if channel == "institutional" and measure == "hedging":
        channel = "combined"
    with blas_limit():
        pts, reps = state_series(pls, int(si[0]), ys, measure, channel if measure == "tilt" else "combined",
                                 extended=extended, n_rep=bootstrap, seed=seed)
    return ys, pts, reps


def period_summary(state, periods=None, channel: str | None = None, pillars=None, bootstrap: int = DEFAULT_REPLICATES,
                   seed: int | None = None, *, measure: str = "evenness", method: str | None = None, rule: str = "majority",
                   group_vote: str = "plurality", exclude_own: bool = True, level: float = 0.95,
                   extended: bool = False, poles=None) -> pd.DataFrame:
    """The mean of a measure for one state per period, with bootstrap intervals for each
    period and for the change from the previous one.

    Parameters:
        state: name, COW code or ISO code.
        periods: ``[(start, end), ...]`` or ``"1992-2000,2001-2011,2012-"``
            (default 1992-2000, 2001-2011, 2012 to the last year in which
            every part of the measure has data: 2014 for evenness, combined
            tilt and hedging on the published data, 2024 with ``extended``).
        measure: ``"evenness"`` (default; pillar evenness, with mean shares),
            ``"tilt"`` or ``"hedging"``.
        channel: evenness: ``"institutional"`` (default) or ``"diplomatic"``;
            tilt: ``"combined"`` (default) or one channel; hedging: ignored.
        pillars, bootstrap, seed, method, rule, group_vote, exclude_own,
        level, extended: as in :func:`multivector.evenness`; ``poles`` as in
        :func:`multivector.tilt`.

    Returns:
        DataFrame, one row per period: ``period, start, end, n_years``
        (years with a figure), ``mean`` (of the measure over those years),
        ``mean_lo, mean_hi``, ``diff_prev`` (this period's mean minus the
        previous period's), ``diff_prev_lo, diff_prev_hi``; for evenness
        also ``hhi``, ``dominant`` (the pillar dominant in most years) and
        ``share_<pillar>`` (mean shares). ``attrs``: measure, channel, seed,
        bootstrap.

    Example:
        >>> import multivector as mv
        >>> p = mv.period_summary("Kazakhstan", bootstrap=0)
        >>> p.period.tolist()
        ['1992-2000', '2001-2011', '2012-2014']
    """
    from multivector.engine._resolve import require_in_system, resolve_state

    measure = _check_measure(measure)
    channel = channel or ("combined" if measure == "tilt" else "institutional")
    _check_level(level)
    if measure == "evenness":
        if channel == "diplomatic" and not extended:
            from multivector.data._store import get_store

            last = get_store().un_years[1]
        else:
            from multivector.measures._signatures import data_cube

            last = int(data_cube(extended).years[-1])
    else:
        from multivector.measures._alignment import COW_LAST, inputs

        # the last year in which every part of the measure has data, so that a period mean never mixes
        # years with and without a channel: 2014 for the published data; with the extended panel the
        # last year of the UN ideal points (2024)
        if channel == "diplomatic":
            last = inputs().ip_years[1]
        elif channel == "security":
            last = inputs().atop_years[1] if not extended else inputs().ip_years[1]
        else:
            last = inputs().ip_years[1] if extended else COW_LAST
    ps = parse_periods(periods, last)
    years = sorted({y for a, b in ps for y in range(a, b + 1)})
    require_in_system([resolve_state(state)], years, "periods")  # periods all outside the state's life: an error
    seed = check_seed(seed)
    df = None
    if measure == "evenness":
        from multivector.measures._evenness import _frame, evenness_replicates

        ys, res, reps, prov = evenness_replicates(resolve_state(state), years, channel, pillars, bootstrap, seed,
                                                  method=method, rule=rule, group_vote=group_vote,
                                                  exclude_own=exclude_own, extended=extended)
        df = _frame(prov, res, np.array([0]), ys, channel, method or "", bootstrap)
        ent = res["entropy"][0]  # [Y]
    else:
        ys, ent, reps = _alignment_summary(state, ps, measure, channel, bootstrap, seed, level, extended, poles, pillars)
    ys_arr = np.asarray(ys)
    alpha = (1 - level) / 2 * 100
    rows = []
    prev_rep = prev_mean = None
    for a, b in ps:
        m = (ys_arr >= a) & (ys_arr <= b) & np.isfinite(ent)
        row = {"period": f"{a}-{b}", "start": a, "end": b, "n_years": int(m.sum())}
        mean = float(ent[m].mean()) if m.any() else np.nan
        row["mean"] = mean
        rep = None
        if bootstrap and m.any():
            with np.errstate(invalid="ignore"):
                rep = np.nanmean(np.where(np.isfinite(reps[:, m]), reps[:, m], np.nan), axis=1)
            row["mean_lo"], row["mean_hi"] = np.nanpercentile(rep, [alpha, 100 - alpha])
        else:
            row["mean_lo"] = row["mean_hi"] = np.nan
        if prev_mean is not None and np.isfinite(mean) and np.isfinite(prev_mean):
            row["diff_prev"] = mean - prev_mean
            if rep is not None and prev_rep is not None:
                row["diff_prev_lo"], row["diff_prev_hi"] = np.nanpercentile(rep - prev_rep, [alpha, 100 - alpha])
            else:
                row["diff_prev_lo"] = row["diff_prev_hi"] = np.nan
        else:
            row["diff_prev"] = row["diff_prev_lo"] = row["diff_prev_hi"] = np.nan
        if df is not None:
            sub = df[(df.year >= a) & (df.year <= b) & df.evenness.notna()]
            row["hhi"] = float(sub.hhi.mean()) if len(sub) else np.nan
            row["dominant"] = sub.dominant.mode().iloc[0] if len(sub) and sub.dominant.notna().any() else None
            for k in prov.ps.keys:
                row[f"share_{k}"] = float(sub[f"share_{k}"].mean()) if len(sub) else np.nan
        rows.append(row)
        prev_rep, prev_mean = rep, mean
    out = pd.DataFrame(rows)
    out["period"] = out["period"].astype("string")
    if "dominant" in out:
        out["dominant"] = out["dominant"].astype("string")
    out.attrs.update(measure=measure, channel=channel, seed=seed, bootstrap=int(bootstrap))
    return out


def _series(series, column: str | None = None, years=None, channel: str | None = None, pillars=None,
            measure: str = "evenness") -> pd.Series:
    """A numeric series indexed by year from a Series, a DataFrame, or a state (its evenness,
    tilt or hedging in ``years``)."""
    _check_measure(measure)
    column = column or measure
    if isinstance(series, pd.Series):
        s = series
    elif isinstance(series, pd.DataFrame):
        if column not in series or "year" not in series:
            raise InvalidArgumentError(f"series: a DataFrame needs 'year' and {column!r} columns", "series")
        s = series.set_index("year")[column]
    elif measure == "evenness":
        from multivector.measures._evenness import evenness

        s = evenness(series, years, channel=channel or "institutional", pillars=pillars, bootstrap=0,
                     chance=0).set_index("year")["evenness"]
    elif measure == "tilt":
        from multivector.measures._tilt import tilt

        s = tilt(series, years, channel=channel or "combined", bootstrap=0, pillars=pillars).set_index("year")["tilt"]
    else:
        from multivector.measures._hedging import hedging

        s = hedging(series, years, bootstrap=0, pillars=pillars).set_index("year")["hedging"]
    s = pd.to_numeric(s, errors="coerce").astype("float64").dropna().sort_index()
    s.index = s.index.astype(int)
    return s


def _best_split(x: np.ndarray, min_size: int) -> tuple[int | None, float]:
    """Exact least-squares single split of x (index of the first point of the second part, SSE)."""
    n = len(x)
    if n < 2 * min_size:
        return None, np.nan
    c1, c2 = np.cumsum(x), np.cumsum(x**2)
    k = np.arange(min_size, n - min_size + 1)
    s_left = c2[k - 1] - c1[k - 1] ** 2 / k
    s_right = (c2[-1] - c2[k - 1]) - (c1[-1] - c1[k - 1]) ** 2 / (n - k)
    sse = s_left + s_right
    j = int(np.argmin(sse))
    return int(k[j]), float(sse[j])


def _perm_pvalue(x: np.ndarray, min_size: int, permutations: int, rng) -> float:
    """Permutation p-value of the best split's SSE reduction (vectorised over permutations)."""
    n = len(x)
    sse0 = ((x - x.mean()) ** 2).sum()
    _, sse1 = _best_split(x, min_size)
    if not np.isfinite(sse1) or sse0 <= 0:
        return np.nan
    stat = 1 - sse1 / sse0
    perm = rng.permuted(np.broadcast_to(x, (permutations, n)), axis=1)
    c1, c2 = np.cumsum(perm, axis=1), np.cumsum(perm**2, axis=1)
    k = np.arange(min_size, n - min_size + 1)
    s_left = c2[:, k - 1] - c1[:, k - 1] ** 2 / k
    s_right = (c2[:, -1:] - c2[:, k - 1]) - (c1[:, -1:] - c1[:, k - 1]) ** 2 / (n - k)
    pstat = 1 - (s_left + s_right).min(axis=1) / sse0
    return float((1 + (pstat >= stat - 1e-12).sum()) / (permutations + 1))


def change_points(series, max_changes: int = 2, min_size: int = 3, permutations: int = 999, seed: int | None = None,
                  column: str | None = None, *, years=None, channel: str | None = None, pillars=None,
                  measure: str = "evenness") -> pd.DataFrame:
    """Segments of a yearly series with different means (exact least-squares binary segmentation).

    The best single split of a segment (least total squared error, each
    part at least ``min_size`` years) is kept when it lowers the BIC
    ``n ln(SSE/n) + p ln(n)`` (p counts one mean per segment and one
    location per break), up to ``max_changes`` breaks. Each break gets a
    permutation p-value: how often the best split of a randomly reordered
    segment reduces the squared error at least as much. Years missing from
    the series are skipped (the series is treated as consecutive).

    Parameters:
        series: a ``pd.Series`` indexed by year, a DataFrame with ``year``
            and ``column`` (e.g. the output of :func:`multivector.evenness`),
            or a state (its ``measure`` in ``years`` by ``channel`` and
            ``pillars``, as :func:`multivector.evenness`,
            :func:`multivector.tilt` or :func:`multivector.hedging` computes it).
        max_changes: most breaks to report.
        min_size: fewest years per segment.
        permutations: permutations for the p-values (0: none).
        seed: seed of the permutations (default: the package's one seed,
            ``multivector.DEFAULT_SEED``; recorded in ``attrs["seed"]``).
        column: the column of a DataFrame to use (default: the measure's name).
        measure: for a state: ``"evenness"`` (default), ``"tilt"`` or ``"hedging"``.
        years, channel, pillars: when ``series`` is a state.

    Returns:
        DataFrame, one row per segment: ``segment, start, end, n_years,
        mean, break_p`` (p-value of the break that starts the segment;
        missing for the first), sorted by ``start``.

    Example:
        >>> import pandas as pd
        >>> s = pd.Series([0.2] * 6 + [0.8] * 6, index=range(2000, 2012))
        >>> cp = change_points(s, seed=1)
        >>> cp.start.tolist(), cp.end.tolist(), cp["mean"].round(3).tolist()
        ([2000, 2006], [2005, 2011], [0.2, 0.8])
    """
    for name, value, lo, hi in (("min_size", min_size, 1, 10_000), ("max_changes", max_changes, 0, 10_000),
                                ("permutations", permutations, 0, 100_000)):
        _check_count(name, value, lo, hi)
    seed = check_seed(seed)
    s = _series(series, column, years, channel, pillars, measure)
    if len(s) < 2:
        raise InvalidArgumentError(f"series: change points need at least 2 years with data, got {len(s)}", "series")
    x = s.to_numpy()
    n = len(x)
    rng = np.random.default_rng(seed)
    bounds = [0, n]
    pvals: dict[int, float] = {}

    def bic(bs):
        sse = sum(((x[a:b] - x[a:b].mean()) ** 2).sum() for a, b in zip(bs, bs[1:]))
        p = (len(bs) - 1) + (len(bs) - 2)
        return n * np.log(max(sse, 1e-12) / n) + p * np.log(n)

    while len(bounds) - 2 < max_changes:
        best = None
        for a, b in zip(bounds, bounds[1:]):
            k, _ = _best_split(x[a:b], min_size)
            if k is None:
                continue
            cand = sorted(bounds + [a + k])
            score = bic(cand)
            if best is None or score < best[0]:
                best = (score, a + k, a, b)
        if best is None or best[0] >= bic(bounds):
            break
        _, k, a, b = best
        pvals[k] = _perm_pvalue(x[a:b], min_size, permutations, rng) if permutations else np.nan
        bounds = sorted(bounds + [k])
    years = s.index.to_numpy()
    rows = []
    for i, (a, b) in enumerate(zip(bounds, bounds[1:])):
        rows.append({"segment": i + 1, "start": int(years[a]), "end": int(years[b - 1]), "n_years": b - a,
                     "mean": float(x[a:b].mean()), "break_p": pvals.get(a, np.nan)})
    out = pd.DataFrame(rows)
    out.attrs.update(seed=seed, permutations=int(permutations))
    return out


def mean_reversion(series, level: float = 0.95, column: str | None = None, *, years=None, channel: str | None = None,
                   pillars=None, measure: str = "evenness") -> pd.DataFrame:
    """AR(1) fit of a yearly series: persistence, its interval, and the half-life of a deviation.

    Fits ``x_t = a + phi x_{t-1} + e_t`` by least squares over consecutive
    years. ``phi`` near 1 means deviations persist (no reversion visible);
    ``0 < phi < 1`` implies reversion to the long-run mean ``a / (1 - phi)``
    with half-life ``ln 0.5 / ln phi`` years. With n around 20 the OLS
    ``phi`` is biased downwards by about ``(1 + 3 phi) / n`` (Kendall
    1954); ``phi_bc`` adds that correction. A unit root cannot be told
    apart from slow reversion with so few years: read the interval, not the
    point.

    Parameters:
        series: as in :func:`change_points`.
        level: confidence level of the intervals (t distribution, n - 2 df).
        column: the column of a DataFrame to use (default: the measure's name).
        measure: for a state: ``"evenness"`` (default), ``"tilt"`` or ``"hedging"``.
        years, channel, pillars: when ``series`` is a state.

    Returns:
        One-row DataFrame ``n_pairs, phi, phi_se, phi_lo, phi_hi, phi_bc,
        long_run_mean, half_life, half_life_lo, half_life_hi, note``;
        half-lives are missing when phi is not in (0, 1) (infinite at or
        above 1).

    Example:
        >>> import numpy as np, pandas as pd
        >>> x = [1.0]
        >>> for _ in range(30): x.append(0.5 * x[-1])
        >>> r = mean_reversion(pd.Series(x, index=range(1990, 2021)))
        >>> round(float(r.phi.iloc[0]), 3), round(float(r.half_life.iloc[0]), 3)
        (0.5, 1.0)
    """
    from scipy import stats

    _check_level(level)
    s = _series(series, column, years, channel, pillars, measure)
    yrs = s.index.to_numpy()
    x = s.to_numpy()
    consecutive = np.flatnonzero(np.diff(yrs) == 1)
    y1, y0 = x[consecutive + 1], x[consecutive]
    n = len(y1)
    if n < 4:
        raise InvalidArgumentError(f"series: AR(1) needs at least 4 pairs of consecutive years, got {n}", "series")
    X = np.column_stack([np.ones(n), y0])
    beta, *_ = np.linalg.lstsq(X, y1, rcond=None)
    resid = y1 - X @ beta
    sigma2 = (resid**2).sum() / (n - 2)
    cov = sigma2 * np.linalg.pinv(X.T @ X)
    phi, se = float(beta[1]), float(np.sqrt(cov[1, 1]))
    t = stats.t.ppf(1 - (1 - level) / 2, n - 2)
    lo, hi = phi - t * se, phi + t * se

    def hl(p):
        return float(np.log(0.5) / np.log(p)) if 0 < p < 1 else np.nan

    note = ("n < 30: the interval is wide and OLS phi is biased towards 0; a unit root (phi = 1) "
            "cannot be excluded unless phi_hi < 1.") if n < 30 else "phi_hi < 1 is evidence of reversion."
    return pd.DataFrame([{
        "n_pairs": n, "phi": phi, "phi_se": se, "phi_lo": lo, "phi_hi": hi, "phi_bc": phi + (1 + 3 * phi) / n,
        "long_run_mean": float(beta[0] / (1 - phi)) if phi != 1 else np.nan,
        "half_life": hl(phi), "half_life_lo": hl(lo) if lo > 0 else 0.0 if lo <= 0 else np.nan,
        "half_life_hi": hl(hi) if hi < 1 else np.inf, "note": note,
    }]).astype({"note": "string"})
