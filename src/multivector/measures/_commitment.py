"""Security commitments to the poles, from ATOP alliances (``docs/methodology.md``,
"Security commitment")."""

from __future__ import annotations

import numpy as np
import pandas as pd

from multivector.data._cite import with_sources
from multivector.measures._alignment import COW_LAST, SECURITY_FLAGS, as_frame_dtypes, frame_index, security, state_axis
from multivector.measures._poles import as_pole_set

__all__ = ["alliances"]


def alliances(states=None, years=None, poles=None, *, extended: bool = False, pillars=None) -> pd.DataFrame:
    """Alliance obligations with each pole's states and the security commitment to each pole.

    For each pillar of the poles, the share of its member states (the
    other members, for a state that belongs to it) with which the state
    has each ATOP obligation in force, in either direction (for a
    single-state pillar, 0 or 1): ``defense_<pillar>``, ``offense_``,
    ``neutral_``, ``nonagg_``, ``consul_``. Per pole, ``treaty_<pole>``
    (any defence or offence obligation, as ATOP codes it) and
    ``commitment_<pole>``: the obligations that count as commitment — a
    bilateral treaty (no third state allied to both) or one between fellow
    members of an alliance organization (NATO, the CSTO, ...; ``data/poles.toml``);
    1 for a member of the pole. ``via_<pole>`` names what the commitment
    rests on. A multilateral treaty without an alliance organization (ATOP
    codes the OAS Charter and the CIS Charter as defence pacts) shows in
    ``treaty_<pole>`` but not in the commitment.

    Parameters:
        states: one state or several, or None for every state.
        years: a year, ``(start, end)``, ``"1992-2014"`` or a list (ATOP:
            1816-2018; to 2025 with ``extended``, carrying 2018 forward).
        poles: the two poles (default West = United States + EU, East = Russia + China).
        extended: carry ATOP's last year (2018) forward to 2025 (provisional).
        pillars: pillar definitions the poles refer to.

    Returns:
        DataFrame, one row per state-year in the system: ``ccode, year``,
        the obligation shares per pillar, ``treaty_<pole>``,
        ``commitment_<pole>``, ``via_<pole>`` for both poles,
        ``atop_year`` (the ATOP year used) and ``provisional``.

    Example:
        >>> import multivector as mv
        >>> a = mv.alliances("Venezuela", 2014).iloc[0]
        >>> float(a.defense_usa), float(a.treaty_west), float(a.commitment_west)
        (1.0, 1.0, 0.0)
    """
    ps = as_pole_set(poles, pillars)
    si, ys = frame_index(states, years, extended, need="security")
    axis = state_axis()
    pkeys = [p.key for p in ps.pillar_set]
    parts = []
    for y in ys:
        sec = security(ps, y, extended, details=True)
        if sec is None:
            continue
        from multivector.measures._alignment import inputs

        present = inputs().in_system(y)[si]
        k = np.flatnonzero(present)
        if not len(k):
            continue
        d = {"ccode": axis[si[k]], "year": np.full(len(k), y)}
        for f in SECURITY_FLAGS:
            short = f.replace("atop_", "")
            for j, pk in enumerate(pkeys):
                d[f"{short}_{pk}"] = sec.by_pillar[f][si[k], j]
        for i, pk in enumerate(ps.keys):
            d[f"treaty_{pk}"] = sec.treaty[si[k], i]
            d[f"commitment_{pk}"] = sec.commitment[si[k], i]
            d[f"via_{pk}"] = sec.via[i][si[k]]
        d["atop_year"] = np.full(len(k), sec.atop_year)
        d["provisional"] = np.full(len(k), sec.carried or y > COW_LAST)
        parts.append(pd.DataFrame(d))
    if parts:
        df = pd.concat(parts, ignore_index=True)
    else:
        cols = ["ccode", "year"] + [f"{f.replace('atop_', '')}_{p}" for f in SECURITY_FLAGS for p in pkeys] + \
               [f"{c}_{k}" for k in ps.keys for c in ("treaty", "commitment", "via")] + ["atop_year", "provisional"]
        df = pd.DataFrame({c: [] for c in cols})
    df = as_frame_dtypes(df)
    for k in ps.keys:
        df[f"via_{k}"] = df[f"via_{k}"].astype("string")
    df["atop_year"] = df["atop_year"].astype("Int64")
    df["provisional"] = df["provisional"].astype(bool)
    df.attrs.update(poles=ps.describe(), pole_keys=ps.keys)
    return with_sources(df, "atop", "cow_igo", "cow_states")
