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
    COW_LAST, as_frame_dtypes, blas_limit, channel_need, check_ideal, frame_index, require_figures, state_axis,
    year_result,
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
    si, ys = frame_index(states, years, extended, need=channel_need(chans[0] if len(chans) == 1 else None))
    axis = state_axis()
    cols = {k: [] for k in ("ccode", "year", "channel", "tilt", "tilt_lo", "tilt_hi", "n", "channels", "provisional", "source")}
    with blas_limit():
        for y in ys:
            res = year_result(ps, y, extended=extended, ideal_point=ideal_point, n_rep=n_rep, seed=seed, level=level,
                              cols=None if states is None else si)
            pres = res.present[si]
            for ch in chans:
                if ch not in res.tilt:
                    continue
                v, lo, hi, n = (a[si] for a in res.tilt[ch])
                k = np.flatnonzero(pres & np.isfinite(v))
                if not len(k):
                    continue
                cols["ccode"].append(axis[si[k]])
                cols["year"].append(np.full(len(k), y))
                cols["channel"].append(np.full(len(k), ch, dtype=object))
                cols["tilt"].append(v[k])
                cols["tilt_lo"].append(lo[k])
                cols["tilt_hi"].append(hi[k])
                cols["n"].append(n[k])
                cols["channels"].append(res.channels_used[si[k]] if ch == "combined" else np.full(len(k), ch, dtype=object))
                prov = (y > COW_LAST) or (extended and ch in ("institutional", "combined"))
                if ch in ("security", "combined") and res.security is not None and res.security.carried:
                    prov = True
                cols["provisional"].append(np.full(len(k), prov))
                src = "; ".join(SOURCES[c] for c in ("security", "diplomatic", "institutional")
                                if c in res.tilt and (ch == "combined" or c == ch))
                cols["source"].append(np.full(len(k), src, dtype=object))
    if cols["ccode"]:
        data = {k: np.concatenate(v) for k, v in cols.items()}
    else:
        data = {k: [] for k in cols}
    df = pd.DataFrame(data)
    df = as_frame_dtypes(df)
    df["n"] = pd.array(df["n"], dtype="Float64").round().astype("Int64") if len(df) else pd.array([], dtype="Int64")
    df["channel"] = pd.Categorical(df["channel"], categories=list(CHANNELS))
    for c in ("channels", "source"):
        df[c] = df[c].astype("category")
    df["provisional"] = df["provisional"].astype(bool)
    df = df.sort_values(["ccode", "year", "channel"], kind="stable").reset_index(drop=True)
    if states is not None:  # a named state without any figure: say why, never an empty table
        if len(chans) == 1:
            require_figures(chans[0], si, df["ccode"], ys)
        else:  # several channels: a state needs a figure on one of them
            require_figures("combined", si, df["ccode"], ys)
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
