"""Tilt: a state's signed position between two poles, per channel and combined.

``docs/methodology.md``, "Tilt". The kernel is :mod:`multivector.measures._alignment`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from multivector._errors import InvalidArgumentError
from multivector._random import check_replicates, check_seed
from multivector.data._cite import with_sources
from multivector.measures._alignment import (
    COW_LAST, as_frame_dtypes, check_ideal, frame_index, quantiles, state_axis, year_result,
)
from multivector.measures._poles import as_pole_set

__all__ = ["CHANNELS", "tilt"]

#: Channels of the tilt, in the order they are reported.
CHANNELS = ("security", "diplomatic", "institutional", "combined")

SOURCES = {
    "security": "ATOP 5.1 alliances; COW IGO v3 (alliance organizations)",
    "diplomatic": "UN General Assembly ideal points (Bailey, Strezhnev and Voeten, July 2025 release)",
    "institutional": "COW IGO v3",
}


def check_level(level) -> float:
    if isinstance(level, bool) or not isinstance(level, (int, float, np.number)) or not 0 < level < 1:
        raise InvalidArgumentError(f"level: confidence level must be between 0 and 1, got {level!r}", "level")
    return float(level)


def check_channels(channel) -> tuple:
    if channel is None or channel == "combined":
        return ("combined",)
    if channel == "all":
        return CHANNELS
    chans = [c.strip() for c in channel.split(",")] if isinstance(channel, str) else list(channel)
    bad = [c for c in chans if c not in CHANNELS]
    if bad or not chans:
        raise InvalidArgumentError(f"channel: unknown channel {bad[0] if bad else channel!r}; valid: {', '.join(CHANNELS)}, all",
                                   "channel")
    return tuple(c for c in CHANNELS if c in chans)


def channel_arrays(res, si: np.ndarray, n_rep: int) -> dict:
    """Point tilts, replicates and unit counts of each channel for states ``si`` in one year."""
    out = {}
    sec, dip, ins = res.security, res.diplomatic, res.institutional
    if sec is not None:
        c = sec.commitment[si]
        v = c[:, 0] - c[:, 1]
        out["security"] = (v, np.broadcast_to(v, (n_rep, len(si))) if n_rep else None,
                           np.nansum(np.nan_to_num(sec.counted_by_pillar[si]) > 0, axis=1))
    if dip is not None:
        out["diplomatic"] = (dip.tilt[si], dip.reps[:, si] if dip.reps is not None else None, dip.n_votes[si])
    if ins is not None:
        out["institutional"] = (ins.tilt[si], ins.reps["tilt"][:, si] if ins.reps is not None else None,
                                ins.n_informative[si])
    parts = [out[c] for c in ("security", "diplomatic", "institutional") if c in out]
    if parts:
        vals = np.stack([p[0] for p in parts])
        ok = np.isfinite(vals)
        with np.errstate(invalid="ignore", divide="ignore"):
            comb = np.where(ok.any(axis=0), np.where(ok, vals, 0).sum(axis=0) / np.maximum(ok.sum(axis=0), 1), np.nan)
        reps = None
        if n_rep:
            rv = np.stack([p[1] if p[1] is not None else np.full((n_rep, len(si)), np.nan) for p in parts])  # [C, B, S]
            rok = np.isfinite(rv) & ok[:, None, :]
            with np.errstate(invalid="ignore", divide="ignore"):
                reps = np.where(rok.any(axis=0), np.where(rok, rv, 0).sum(axis=0) / np.maximum(rok.sum(axis=0), 1), np.nan)
        names = np.array([c for c in ("security", "diplomatic", "institutional") if c in out], dtype=object)
        used = np.array([", ".join(names[ok[:, j]]) for j in range(len(si))], dtype=object)
        out["combined"] = (comb, reps, ok.sum(axis=0), used)
    return out


def tilt(states=None, years=None, channel: str = "combined", poles=None, bootstrap: int = 1000, seed: int | None = None,
         *, level: float = 0.95, extended: bool = False, ideal_point: str = "fp", pillars=None) -> pd.DataFrame:
    """A state's signed position between two poles, per year: -1 wholly with the second pole
    (East by default), +1 wholly with the first (West), 0 where the average state stands.

    Three channels (``docs/methodology.md``, "Tilt") and their mean:

    - ``security``: security commitment to the first pole minus that to the
      second (ATOP defence and offence obligations with the poles' states
      that are bilateral or set in an alliance organization such as NATO or
      the CSTO; 1 for members of a pole). No chance correction: a treaty is
      not drawn at random, and 0 (no commitment) is the natural middle.
    - ``diplomatic``: the state's UN ideal point against the median state,
      in units of the median's distance to the farther pole (to 2024).
    - ``institutional``: its memberships in organizations that
      discriminate between the poles (one present, the other absent though
      it could have joined), against the median state (COW data to 2014;
      the provisional extended panel with ``extended=True``).
    - ``combined``: the mean of the channels with a figure that year.

    Parameters:
        states: one state or several (names, COW or ISO codes; list or
            ``"A, B"``); None for every state.
        years: a year, ``(start, end)``, ``"1992-2014"`` or a list (default:
            every year with data, 1816-2024).
        channel: ``"combined"`` (default), one channel, several
            (``"security,diplomatic"``) or ``"all"``.
        poles: the two poles (default ``"usa+eu,russia+china"``; see
            :mod:`multivector.measures._poles`).
        bootstrap: replicates for the intervals (0: none): organizations
            resampled (institutional), ideal points drawn from the
            publisher's posterior (diplomatic); security commitments are
            treaty facts with no sampling error.
        seed: seed of the bootstrap (default :data:`multivector._random.DEFAULT_SEED`).
        level: confidence level (default 0.95).
        extended: use the provisional extended panel after 2014
            (institutional channel) and carry ATOP's 2018 ties forward
            (security, 2019-2025).
        ideal_point: the publisher's series, ``"fp"`` (final-passage votes,
            1946-2024; default), ``"all"`` (all votes, to 2023) or
            ``"legacy"`` (session-based, no posterior: no interval).
        pillars: pillar definitions the poles refer to (default: shipped).

    Returns:
        DataFrame, one row per state-year and channel with a figure:
        ``ccode, year, channel, tilt, tilt_lo, tilt_hi, n`` (units behind
        the figure: counted commitments, UN votes, discriminating
        memberships, or channels in the combined mean), ``channels`` (the
        channels in a combined figure), ``provisional`` (rests on the
        extended panel or carried data) and ``source``. Attributes
        ``poles``, ``seed``, ``bootstrap``.

    Example:
        >>> import multivector as mv
        >>> t = mv.tilt("Poland", 2014, channel="all", bootstrap=0)
        >>> t.set_index("channel").tilt.round(2).to_dict()["security"]
        1.0
    """
    chans = check_channels(channel)
    n_rep = check_replicates(bootstrap)
    seed = check_seed(seed)
    level = check_level(level)
    check_ideal(ideal_point)
    ps = as_pole_set(poles, pillars)
    si, ys = frame_index(states, years, extended)
    axis = state_axis()
    cols = {k: [] for k in ("ccode", "year", "channel", "tilt", "tilt_lo", "tilt_hi", "n", "channels", "provisional", "source")}
    for y in ys:
        res = year_result(ps, y, extended=extended, ideal_point=ideal_point, n_rep=n_rep, seed=seed)
        arrs = channel_arrays(res, si, n_rep)
        pres = res.present[si]
        for ch in chans:
            if ch not in arrs:
                continue
            v, reps, n = arrs[ch][:3]
            keep = pres & np.isfinite(v)
            if not keep.any():
                continue
            lo = hi = np.full(len(si), np.nan)
            if reps is not None:
                lo, hi = quantiles(np.asarray(reps, dtype=np.float64), level)
            if ch == "security":
                lo = hi = v  # treaty facts: no sampling interval
            k = np.flatnonzero(keep)
            cols["ccode"].append(axis[si[k]])
            cols["year"].append(np.full(len(k), y))
            cols["channel"].append(np.full(len(k), ch, dtype=object))
            cols["tilt"].append(v[k])
            cols["tilt_lo"].append(lo[k] if reps is not None or ch == "security" else np.full(len(k), np.nan))
            cols["tilt_hi"].append(hi[k] if reps is not None or ch == "security" else np.full(len(k), np.nan))
            cols["n"].append(np.asarray(n, dtype=float)[k])
            used = arrs[ch][3][k] if ch == "combined" else np.full(len(k), ch, dtype=object)
            cols["channels"].append(used)
            prov = (y > COW_LAST) or (extended and ch in ("institutional", "combined"))
            if ch == "security" and res.security is not None and res.security.carried:
                prov = True
            cols["provisional"].append(np.full(len(k), prov))
            src = "; ".join(SOURCES[c] for c in ("security", "diplomatic", "institutional") if c in arrs
                            and (ch == "combined" or c == ch))
            cols["source"].append(np.full(len(k), src, dtype=object))
    if cols["ccode"]:
        data = {k: np.concatenate(v) for k, v in cols.items()}
    else:
        data = {k: [] for k in cols}
    df = pd.DataFrame(data)
    df = as_frame_dtypes(df)
    df["n"] = pd.array(df["n"], dtype="Float64").round().astype("Int64") if len(df) else pd.array([], dtype="Int64")
    for c in ("channel", "channels", "source"):
        df[c] = df[c].astype("string")
    df["provisional"] = df["provisional"].astype(bool)
    df = df.sort_values(["ccode", "year", "channel"], key=lambda s: s.map({c: i for i, c in enumerate(CHANNELS)})
                        if s.name == "channel" else s, kind="stable").reset_index(drop=True)
    df.attrs.update(poles=ps.describe(), seed=seed, bootstrap=n_rep, level=level)
    return with_sources(df, *_sources(chans))


def _sources(chans) -> list[str]:
    out = ["cow_states"]
    if any(c in chans for c in ("security", "combined")):
        out += ["atop", "cow_igo"]
    if any(c in chans for c in ("diplomatic", "combined")):
        out.append("unga_idealpoints")
    if any(c in chans for c in ("institutional", "combined")):
        out.append("cow_igo")
    return sorted(set(out))
