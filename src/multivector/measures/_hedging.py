"""Hedging: engaging both poles while committed to neither.

``docs/methodology.md``, "Hedging". For state ``s`` in year ``t``::

    hedging = (1 - commitment) * (1 - |diplomatic tilt|) * engagement balance

- ``commitment`` = the larger of the state's security commitments to the
  two poles (Lim and Cooper 2015: a treaty ally is not a hedger; the
  security channel is the core);
- ``1 - |diplomatic tilt|``: not taking a side in its UN votes, measured
  against the median state (Kuik 2008, 2016: hedging avoids clear
  alignment; most of the world votes with Russia and China, so the middle
  is the average state, not the half-way point between the poles);
- ``engagement balance`` = min / max of its memberships in organizations
  where each pole is present (Kuik's returns-maximising engagement: a
  hedger keeps ties with both sides).

A factor without data that year (no ideal point; no membership data after
2014 without the extended panel) is left out of the product, and the row
says which factors it rests on; with no security data (after 2018, unless
``extended``) or neither other factor, hedging is missing, never 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from multivector._random import check_replicates, check_seed
from multivector.data._cite import with_sources
from multivector.measures._alignment import (
    COW_LAST, as_frame_dtypes, blas_limit, check_ideal, frame_index, require_figures, state_axis, year_result,
)
from multivector.measures._poles import as_pole_set
from multivector.measures._tilt import check_level

__all__ = ["hedging"]


def hedging(states=None, years=None, poles=None, bootstrap: int = 1000, seed: int | None = None, *, level: float = 0.95,
            extended: bool = False, ideal_point: str = "fp", pillars=None) -> pd.DataFrame:
    """Hedging, from 0 (committed to a pole, or clearly on one side) to 1 (engages both
    poles evenly, votes like the average state, committed to neither), per state-year.

    ``hedging = (1 - commitment) * (1 - |diplomatic tilt|) * engagement balance``
    (``docs/methodology.md``, "Hedging", with the literature behind each factor).

    Parameters:
        states: one state or several, or None for every state.
        years: a year, ``(start, end)``, ``"1992-2014"`` or a list (default:
            every year with security data, 1816-2018; to 2025 with ``extended``).
        poles: the two poles (default West = United States + EU, East =
            Russia + China).
        bootstrap: replicates for the intervals (0: none).
        seed: seed of the bootstrap (default :data:`multivector._random.DEFAULT_SEED`).
        level: confidence level (default 0.95).
        extended: the provisional extended panel after 2014 (engagement) and
            ATOP's 2018 ties carried forward (commitment, 2019-2025).
        ideal_point: ``"fp"`` (default), ``"all"`` or ``"legacy"``.
        pillars: pillar definitions the poles refer to.

    Returns:
        DataFrame, one row per state-year with a figure: ``ccode, year,
        hedging, hedging_lo, hedging_hi``; the components
        ``commitment_<pole>`` for both poles, ``commitment`` (the larger),
        ``committed_to`` (the pole, when the commitment is positive),
        ``commitment_via`` (alliance organizations, "bilateral treaty" or
        "member of the pole"), ``diplomatic_tilt`` (with ``_lo``/``_hi``),
        ``engagement_<pole>`` (memberships where the pole is present),
        ``engagement_balance`` (with ``_lo``/``_hi``), the combined
        ``tilt`` (with ``_lo``/``_hi``); ``rests_on`` (the factors used) and
        ``provisional``.

    Example:
        >>> import multivector as mv
        >>> h = mv.hedging(["Poland", "Singapore"], 2014, bootstrap=0).set_index("ccode")
        >>> float(h.loc[290, "hedging"]), h.loc[290, "commitment_via"]
        (0.0, 'member of the pole')
    """
    n_rep = check_replicates(bootstrap)
    seed = check_seed(seed)
    level = check_level(level)
    check_ideal(ideal_point)
    ps = as_pole_set(poles, pillars)
    ka, kb = ps.keys
    si, ys = frame_index(states, years, extended, need="security")  # hedging needs the security channel
    axis = state_axis()
    cols = ["ccode", "year", "hedging", "hedging_lo", "hedging_hi", f"commitment_{ka}", f"commitment_{kb}", "commitment",
            "committed_to", "commitment_via", "diplomatic_tilt", "diplomatic_tilt_lo", "diplomatic_tilt_hi",
            f"engagement_{ka}", f"engagement_{kb}", "engagement_balance", "engagement_balance_lo", "engagement_balance_hi",
            "tilt", "tilt_lo", "tilt_hi", "rests_on", "provisional"]
    acc = {c: [] for c in cols}
    with blas_limit():
        for y in ys:
            res = year_result(ps, y, extended=extended, ideal_point=ideal_point, n_rep=n_rep, seed=seed, level=level,
                              cols=None if states is None else si)
            h = res.hedging
            if not h:
                continue
            k = np.flatnonzero(res.present[si] & np.isfinite(h["value"][si]))
            if not len(k):
                continue
            sk = si[k]
            nan = np.full(len(k), np.nan)
            c2 = res.security.commitment[sk]
            to = np.where(h["commitment"][sk] > 0, np.where(c2[:, 0] >= c2[:, 1], ps.names[0], ps.names[1]), None)
            via = np.where(to == ps.names[0], res.security.via[0][sk], np.where(to == ps.names[1], res.security.via[1][sk], None)).astype(object)
            via[np.array([v == "" for v in via], dtype=bool)] = None  # not committed: missing, not an empty label
            d = res.tilt.get("diplomatic")
            comb = res.tilt["combined"]
            ins = res.institutional
            bal = res.intervals.get("balance")
            # what each figure rests on: four patterns at most in a year
            base = f"security (ATOP {res.security.atop_year}{', carried' if res.security.carried else ''})"
            labels = np.array([base, base + f"; diplomatic (UN ideal points {y})",
                               base + f"; engagement ({'extended panel' if (extended or y > COW_LAST) else 'COW IGO'} {y})",
                               base + f"; diplomatic (UN ideal points {y}); engagement "
                                      f"({'extended panel' if (extended or y > COW_LAST) else 'COW IGO'} {y})"], dtype=object)
            pattern = h["have_d"][sk].astype(int) + 2 * h["have_e"][sk].astype(int)
            block = {
                "ccode": axis[sk], "year": np.full(len(k), y),
                "hedging": h["value"][sk], "hedging_lo": h["lo"][sk], "hedging_hi": h["hi"][sk],
                f"commitment_{ka}": c2[:, 0], f"commitment_{kb}": c2[:, 1], "commitment": h["commitment"][sk],
                "committed_to": to, "commitment_via": via,
                "diplomatic_tilt": d[0][sk] if d else nan, "diplomatic_tilt_lo": d[1][sk] if d else nan,
                "diplomatic_tilt_hi": d[2][sk] if d else nan,
                f"engagement_{ka}": ins.engage[sk, 0] if ins else nan, f"engagement_{kb}": ins.engage[sk, 1] if ins else nan,
                "engagement_balance": ins.balance[sk] if ins else nan,
                "engagement_balance_lo": bal[0][sk] if bal else nan, "engagement_balance_hi": bal[1][sk] if bal else nan,
                "tilt": comb[0][sk], "tilt_lo": comb[1][sk], "tilt_hi": comb[2][sk],
                "rests_on": labels[pattern], "provisional": np.full(len(k), (y > COW_LAST) or extended),
            }
            for c in cols:
                acc[c].append(block[c])
    df = pd.DataFrame({c: np.concatenate(v) if v else [] for c, v in acc.items()})
    df = as_frame_dtypes(df[cols])
    for c in ("committed_to", "commitment_via", "rests_on"):
        df[c] = df[c].astype("category")
    df["provisional"] = df["provisional"].astype(bool)
    df = df.sort_values(["ccode", "year"], kind="stable").reset_index(drop=True)
    if states is not None:  # a named state without any figure: say why, never an empty table
        require_figures("hedging", si, df["ccode"], ys)
    df.attrs.update(poles=ps.describe(), seed=seed, bootstrap=n_rep, level=level)
    return with_sources(df, "atop", "cow_igo", "cow_states", "unga_idealpoints")
