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
    COW_LAST, as_frame_dtypes, check_ideal, frame_index, quantiles, state_axis, year_result,
)
from multivector.measures._poles import as_pole_set
from multivector.measures._tilt import channel_arrays, check_level

__all__ = ["hedging", "hedging_arrays"]


def hedging_arrays(res, si: np.ndarray, n_rep: int) -> dict | None:
    """Hedging, its factors and replicates for states ``si`` in one year."""
    sec, dip, ins = res.security, res.diplomatic, res.institutional
    if sec is None:
        return None
    S = len(si)
    c2 = sec.commitment[si]  # [S, 2]
    commit = np.fmax(c2[:, 0], c2[:, 1])
    f_dip = 1 - np.abs(dip.tilt[si]) if dip is not None else np.full(S, np.nan)
    f_eng = ins.balance[si] if ins is not None else np.full(S, np.nan)
    have_d, have_e = np.isfinite(f_dip), np.isfinite(f_eng)
    ok = np.isfinite(commit) & (have_d | have_e)
    h = (1 - commit) * np.where(have_d, f_dip, 1.0) * np.where(have_e, f_eng, 1.0)
    h = np.where(ok, h, np.nan)
    reps = None
    if n_rep:
        rd = 1 - np.abs(dip.reps[:, si]) if dip is not None and dip.reps is not None else np.full((n_rep, S), np.nan)
        re = ins.reps["balance"][:, si] if ins is not None and ins.reps is not None else np.full((n_rep, S), np.nan)
        # a factor the point estimate uses must be defined in the replicate; one it does not use is left out
        reps = (1 - commit)[None, :] * np.where(have_d[None, :], rd, 1.0) * np.where(have_e[None, :], re, 1.0)
        reps = np.where(ok[None, :], reps, np.nan)
    return {"hedging": h, "reps": reps, "commit": commit, "c2": c2, "have_d": have_d, "have_e": have_e}


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
    si, ys = frame_index(states, years, extended)
    axis = state_axis()
    parts = []
    for y in ys:
        res = year_result(ps, y, extended=extended, ideal_point=ideal_point, n_rep=n_rep, seed=seed)
        h = hedging_arrays(res, si, n_rep)
        if h is None:
            continue
        keep = res.present[si] & np.isfinite(h["hedging"])
        if not keep.any():
            continue
        k = np.flatnonzero(keep)
        nan = np.full(len(si), np.nan)
        lo, hi = quantiles(h["reps"], level) if h["reps"] is not None else (nan, nan)
        ch = channel_arrays(res, si, n_rep)
        d = ch.get("diplomatic")
        dlo, dhi = quantiles(d[1], level) if d is not None and d[1] is not None else (nan, nan)
        comb = ch["combined"]
        clo, chi = quantiles(comb[1], level) if comb[1] is not None else (nan, nan)
        ins = res.institutional
        eb_lo, eb_hi = quantiles(ins.reps["balance"][:, si], level) if ins is not None and ins.reps is not None else (nan, nan)
        c2 = h["c2"]
        to = np.where(h["commit"] > 0, np.where(c2[:, 0] >= c2[:, 1], ps.names[0], ps.names[1]), None)
        via_a, via_b = res.security.via[0][si], res.security.via[1][si]
        via = np.where(to == ps.names[0], via_a, np.where(to == ps.names[1], via_b, ""))
        rests = []
        for j in range(len(si)):
            f = ["security (ATOP %d%s)" % (res.security.atop_year, ", carried" if res.security.carried else "")]
            if h["have_d"][j]:
                f.append(f"diplomatic (UN ideal points {y})")
            if h["have_e"][j]:
                f.append(f"engagement ({'extended panel' if (extended or y > COW_LAST) else 'COW IGO'} {y})")
            rests.append("; ".join(f))
        eng = ins.engage[si] if ins is not None else np.full((len(si), 2), np.nan)
        part = pd.DataFrame({
            "ccode": axis[si[k]], "year": y,
            "hedging": h["hedging"][k], "hedging_lo": lo[k], "hedging_hi": hi[k],
            f"commitment_{ka}": c2[k, 0], f"commitment_{kb}": c2[k, 1], "commitment": h["commit"][k],
            "committed_to": to[k], "commitment_via": via[k],
            "diplomatic_tilt": d[0][k] if d is not None else nan[k],
            "diplomatic_tilt_lo": dlo[k], "diplomatic_tilt_hi": dhi[k],
            f"engagement_{ka}": eng[k, 0], f"engagement_{kb}": eng[k, 1],
            "engagement_balance": ins.balance[si][k] if ins is not None else nan[k],
            "engagement_balance_lo": eb_lo[k], "engagement_balance_hi": eb_hi[k],
            "tilt": comb[0][k], "tilt_lo": clo[k], "tilt_hi": chi[k],
            "rests_on": np.asarray(rests, dtype=object)[k],
            "provisional": (y > COW_LAST) or extended,
        })
        parts.append(part)
    cols = ["ccode", "year", "hedging", "hedging_lo", "hedging_hi", f"commitment_{ka}", f"commitment_{kb}", "commitment",
            "committed_to", "commitment_via", "diplomatic_tilt", "diplomatic_tilt_lo", "diplomatic_tilt_hi",
            f"engagement_{ka}", f"engagement_{kb}", "engagement_balance", "engagement_balance_lo", "engagement_balance_hi",
            "tilt", "tilt_lo", "tilt_hi", "rests_on", "provisional"]
    df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame({c: [] for c in cols})
    df = as_frame_dtypes(df[cols])
    for c in ("committed_to", "commitment_via", "rests_on"):
        df[c] = df[c].astype("string")
    df["provisional"] = df["provisional"].astype(bool)
    df = df.sort_values(["ccode", "year"], kind="stable").reset_index(drop=True)
    df.attrs.update(poles=ps.describe(), seed=seed, bootstrap=n_rep, level=level)
    return with_sources(df, "atop", "cow_igo", "cow_states", "unga_idealpoints")
