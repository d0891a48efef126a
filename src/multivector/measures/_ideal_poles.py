"""A state's UN ideal point over time beside the poles' ideal points.

The poles are the default West (United States + European Union) and East
(Russia + China) of docs/methodology.md. A pole's ideal point in a year is
the mean of its pillars' ideal points, and a group pillar's (the European
Union's) is the mean over its member states that year with an estimate.
The EU's members come from the COW IGO data (to 2014); after 2014 the 2014
members are used (no state joined the EU after Croatia in 2013), without the
United Kingdom from 2020 (it left on 31 January 2020): the only change to the
EU's membership after the IGO data, which the shipped records do not hold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from multivector._years import YearsArg

__all__ = ["POLES", "ideal_points_with_poles"]

#: The default poles and their pillars (keys of the shipped pillar set).
POLES = {"West": ("usa", "eu"), "East": ("russia", "china")}

#: The United Kingdom (COW 200) left the European Union on 31 January 2020.
UK, BREXIT_YEAR = 200, 2020


def _pillar_members(years: list[int]) -> pd.DataFrame:
    """``pillar, year, ccode`` for the pillars of :data:`POLES`, carrying the last IGO year forward."""
    from multivector.data._store import get_store
    from multivector.measures._pillars import pillar_members

    lo, hi = get_store().igo_years
    inside = [y for y in years if lo <= y <= hi]
    after = [y for y in years if y > hi]
    parts = []
    if inside:
        parts.append(pillar_members(inside)[["pillar", "year", "ccode"]])
    if after:
        last = pillar_members(hi)[["pillar", "ccode"]]
        for y in after:
            m = last.assign(year=y)
            if y >= BREXIT_YEAR:
                m = m[~((m.pillar == "eu") & (m.ccode == UK))]
            parts.append(m)
    if not parts:
        return pd.DataFrame({"pillar": [], "year": [], "ccode": []})
    m = pd.concat(parts, ignore_index=True)
    keys = {k for ks in POLES.values() for k in ks}
    return m[m.pillar.isin(keys)].astype({"year": "int64", "ccode": "int64"})


def ideal_points_with_poles(state: str | int, years: YearsArg = None, source: str = "estimate",
                            **fit_options) -> pd.DataFrame:
    """A state's UN ideal point per year, with the ideal points of the West and East poles.

    Parameters:
        state: name, COW code or ISO code.
        years: the years (default every year the state has an ideal point).
        source: ``"estimate"`` (the model fitted on the roll calls, default)
            or ``"published"`` (the publisher's ``idealpointlegacy`` series,
            year = session + 1945, so both sources line up).
        fit_options: passed to :func:`ideal_points` (``issues``,
            ``important_only``, ...) for ``source="estimate"``.

    Returns:
        Long DataFrame ``series, role, year, ideal_point, ideal_point_lo,
        ideal_point_hi, n_states``: ``role`` is ``"state"`` (the state, with
        its interval when the source has one) or ``"pole"`` (``West`` and
        ``East``: the mean of the pillars' ideal points; ``n_states`` is the
        number of states behind the figure).

    Example:
        >>> import multivector as mv
        >>> d = mv.ideal_points_with_poles("Kazakhstan", (2018, 2019))
        >>> d.series.unique().tolist(), bool((d[d.series == "West"].ideal_point > d[d.series == "East"].ideal_point.to_numpy()).all())
        (['Kazakhstan', 'West', 'East'], True)
    """
    from multivector.engine._idealpoints import ideal_points
    from multivector.engine._resolve import resolve_state, state_index

    ccode = resolve_state(state)
    mine = ideal_points(ccode, years, source=source, **fit_options)
    if source == "published":
        mine = mine.rename(columns={"idealpointlegacy": "ideal_point"}).dropna(subset=["ideal_point"])
        mine = mine.assign(ideal_point_lo=np.nan, ideal_point_hi=np.nan)
    ys = sorted(int(y) for y in mine["year"].unique())
    everyone = ideal_points(None, ys, source=source, **fit_options)
    if source == "published":
        everyone = everyone.rename(columns={"idealpointlegacy": "ideal_point"})
    pos = everyone[["ccode", "year", "ideal_point"]].dropna().astype({"ccode": "int64", "year": "int64"})
    members = _pillar_members(ys).merge(pos, on=["ccode", "year"])
    pillar = members.groupby(["pillar", "year"]).agg(ideal_point=("ideal_point", "mean"), n=("ccode", "size")).reset_index()
    rows = []
    for pole, keys in POLES.items():
        p = pillar[pillar.pillar.isin(keys)]
        g = p.groupby("year").agg(ideal_point=("ideal_point", "mean"), n_states=("n", "sum"),
                                  n_pillars=("pillar", "nunique")).reset_index()
        g = g[g.n_pillars == len(keys)]  # a pole's figure needs every pillar of it
        rows.append(g.assign(series=pole, role="pole"))
    label = state_index().info.loc[ccode, "statenme"]
    me = pd.DataFrame({"series": label, "role": "state", "year": mine["year"].astype("int64"),
                       "ideal_point": mine["ideal_point"], "ideal_point_lo": mine["ideal_point_lo"],
                       "ideal_point_hi": mine["ideal_point_hi"], "n_states": 1})
    out = pd.concat([me, *[r.assign(ideal_point_lo=np.nan, ideal_point_hi=np.nan) for r in rows]], ignore_index=True)
    out = out[["series", "role", "year", "ideal_point", "ideal_point_lo", "ideal_point_hi", "n_states"]]
    out.attrs.update(mine.attrs)
    out.attrs["poles"] = {k: list(v) for k, v in POLES.items()}
    return out.reset_index(drop=True)
