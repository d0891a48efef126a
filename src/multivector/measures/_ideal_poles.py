"""A state's UN ideal point over time beside the poles' ideal points.

The poles are those of the tilt (docs/methodology.md, "Poles"): by default
West (United States + European Union) and East (Russia + China), read from
``data/poles.toml`` by :func:`~multivector.measures._poles.default_poles`.
A pole's ideal point in a year is the mean of its pillars' ideal points, and
a group pillar's (the European Union's) is the mean over its member states
that year with an estimate. The pillars' members are the ones the tilt uses:
the COW IGO data to 2014, the extended panel after (which has the United
Kingdom leave the European Union in 2020).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from multivector._years import YearsArg

__all__ = ["ideal_points_with_poles"]


def _pillar_members(poles, years: list[int]) -> pd.DataFrame:
    """``pillar, year, ccode`` for the pillars of ``poles``, as the tilt sees them each year."""
    from multivector.measures._alignment import _membership_year, inputs

    axis = inputs().ccodes
    keys = list(poles.pillar_set.keys)
    parts = []
    for y in years:
        member = _membership_year(poles, int(y), axis, False)  # [P, S]
        for k, row in zip(keys, member):
            parts.append(pd.DataFrame({"pillar": k, "year": int(y), "ccode": axis[row]}))
    if not parts:
        return pd.DataFrame({"pillar": pd.Series(dtype=object), "year": pd.Series(dtype="int64"),
                             "ccode": pd.Series(dtype="int64")})
    return pd.concat(parts, ignore_index=True).astype({"year": "int64", "ccode": "int64"})


def ideal_points_with_poles(state: str | int, years: YearsArg = None, source: str = "estimate", *,
                            poles=None, **fit_options) -> pd.DataFrame:
    """A state's UN ideal point per year, with the ideal points of the West and East poles.

    Parameters:
        state: name, COW code or ISO code.
        years: the years (default every year the state has an ideal point).
        source: ``"estimate"`` (the model fitted on the roll calls, default)
            or ``"published"`` (the publisher's ``idealpointlegacy`` series,
            year = session + 1945, so both sources line up).
        poles: the two poles, in any form :func:`multivector.tilt` takes
            (default West = United States + European Union against
            East = Russia + China).
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
    from multivector.measures._poles import as_pole_set

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
    pole_set = as_pole_set(poles)
    members = _pillar_members(pole_set, ys).merge(pos, on=["ccode", "year"])
    pillar = members.groupby(["pillar", "year"]).agg(ideal_point=("ideal_point", "mean"), n=("ccode", "size")).reset_index()
    rows = []
    for pole in pole_set.poles:
        keys = [x.key for x in pole.pillars]
        p = pillar[pillar.pillar.isin(keys)]
        g = p.groupby("year").agg(ideal_point=("ideal_point", "mean"), n_states=("n", "sum"),
                                  n_pillars=("pillar", "nunique")).reset_index()
        g = g[g.n_pillars == len(keys)]  # a pole's figure needs every pillar of it
        rows.append(g.assign(series=pole.name, role="pole"))
    label = state_index().info.loc[ccode, "statenme"]
    me = pd.DataFrame({"series": label, "role": "state", "year": mine["year"].astype("int64"),
                       "ideal_point": mine["ideal_point"], "ideal_point_lo": mine["ideal_point_lo"],
                       "ideal_point_hi": mine["ideal_point_hi"], "n_states": 1})
    out = pd.concat([me, *[r.assign(ideal_point_lo=np.nan, ideal_point_hi=np.nan) for r in rows]], ignore_index=True)
    out = out[["series", "role", "year", "ideal_point", "ideal_point_lo", "ideal_point_hi", "n_states"]]
    out.attrs.update(mine.attrs)
    out.attrs["poles"] = {p.name: [x.key for x in p.pillars] for p in pole_set.poles}
    return out.reset_index(drop=True)
