"""What-if scenarios: a state's pillar shares, balance and dominant pillar
before and after joining or leaving organizations in a given year.

The scenario changes one state's portfolio in one year (joins become full
memberships, leaves become non-memberships; joins are applied before
leaves, so joining and leaving the same organization returns the original
portfolio) and recomputes the institutional alignment of the method in
``docs/methodology.md``: organization signatures (the pillars that are full
members; a group pillar such as the EU when at least half its members are),
shares over the organizations whose signature is neither empty nor all
pillars (each gives 1/|signature| to each of its pillars), the balance index
(normalised Shannon entropy over the pillars that exist that year) and the
dominant pillar. Years after 2014 (or ``extended=True``) use the
provisional extended panel.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from multivector._errors import InvalidArgumentError, UnknownOrganizationError
from multivector._store import ABSENT, get_store


def _cube_for(year: int, extended: bool | None, records):
    store = get_store()
    last = store.igo_years[1]
    if extended is None:
        extended = year > last or records is not None
    if extended:
        from multivector._extended import extended_cube

        cube = extended_cube(records)
        lo, hi = int(cube.years[0]), int(cube.years[-1])
        what = "the extended panel"
    else:
        cube = store.cube
        lo, hi = store.igo_years
        what = "the IGO data (use extended=True for later years)"
    from multivector._years import parse_years

    (y,) = parse_years(year, (lo, hi), what=what, argument="year")
    return cube, y, bool(extended)


def _resolve_orgs(orgs: Iterable[str], cube, argument: str) -> list[int]:
    """Organization names -> column indices of the cube (COW names or records abbreviations)."""
    from multivector._records import _OrgResolver, load_record_set
    from multivector._resolve import resolve_organization

    extended = hasattr(cube, "records")
    rec = None

    def by_records(o):
        nonlocal rec
        if rec is None:
            rs = load_record_set()
            rec = _OrgResolver(get_store().table("organizations"), rs.organizations, rs.aliases)
        try:
            return rec.resolve(o)
        except LookupError:
            return None

    out = []
    for o in orgs:
        if not isinstance(o, str) or not o.strip():
            raise InvalidArgumentError(f"{argument}: expected organization names, got {o!r}", argument)
        key = o.strip().lower()
        io = key if key in cube.org_index else (by_records(o) if extended else None)
        if io is None:
            try:
                io = resolve_organization(o)
            except UnknownOrganizationError as exc:
                io = None if extended else by_records(o)
                if io is None:
                    raise UnknownOrganizationError(o, exc.suggestions, argument) from None
        if io not in cube.org_index:
            raise InvalidArgumentError(f"{argument}: {o!r} is defined in the records, not in the COW data; it is not in the panel "
                                       "without extended=True (CLI: a year after 2014 or --records)", argument)
        oi = cube.org_index[io]
        if oi not in out:
            out.append(oi)
    return out


def _default_pillars() -> dict[str, object]:
    return {"Russia": [365], "China": [710], "United States": [2], "European Union": "eu", "Turkey": [640]}


def _pillar_masks(pillars, cube, yi: int, status_y: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Pillar names and a boolean ``[pillar, state]`` membership mask for one year."""
    from multivector._resolve import resolve_states

    if pillars is None:
        pillars = _default_pillars()
    if not isinstance(pillars, dict) or not pillars:
        raise InvalidArgumentError("pillars: expected a mapping of pillar name -> states (or None for the defaults)", "pillars")
    names, masks = [], []
    n_states = len(cube.ccodes)
    for name, members in pillars.items():
        mask = np.zeros(n_states, dtype=bool)
        if isinstance(members, str) and members in ("eu", "eec", "eu/eec"):
            year = yi + cube.year0
            io = "eu" if year >= 1993 else "eec"
            if io in cube.org_index:
                mask = status_y[:, cube.org_index[io]] == 1
        else:
            for c in resolve_states(members):
                si = cube.state_index.get(c)
                if si is not None:
                    mask[si] = True
        names.append(str(name))
        masks.append(mask)
    return names, np.vstack(masks)


def _measure(status_y: np.ndarray, si: int, names: list[str], masks: np.ndarray) -> dict:
    """Shares, balance and dominant pillar of state ``si`` given the year's ``status[state, org]``."""
    present = status_y[:, 0] != ABSENT
    masks = masks & present[None, :]
    exists = masks.any(axis=1)
    full = (status_y == 1).astype(np.int64)  # [state, org]
    size = masks.sum(axis=1)
    n_full = masks.astype(np.int64) @ full  # [pillar, org]
    with np.errstate(invalid="ignore", divide="ignore"):
        sig = (n_full * 2 >= size[:, None]) & (size[:, None] > 0) & (n_full > 0)
    sig = sig & exists[:, None]
    k = sig.sum(axis=0)
    n_exist = int(exists.sum())
    own = status_y[si] == 1
    counted = own & (k > 0) & (k < n_exist)
    weights = np.where(counted, 1.0 / np.maximum(k, 1), 0.0)
    raw = sig.astype(float) @ weights
    total = raw.sum()
    shares = np.where(exists, raw / total if total > 0 else np.nan, np.nan)
    if total > 0 and n_exist > 1:
        p = shares[exists]
        nz = p[p > 0]
        balance = float(-(nz * np.log(nz)).sum() / np.log(n_exist))
        dom = int(np.nanargmax(shares))
        dominant, dominant_share = names[dom], float(shares[dom])
    else:
        balance, dominant, dominant_share = np.nan, None, np.nan
    return {"shares": shares, "balance": balance, "dominant": dominant, "dominant_share": dominant_share,
            "n_full": int(own.sum()), "n_counted": int(counted.sum())}


def scenario(state, year: int, join: Iterable[str] = (), leave: Iterable[str] = (), pillars=None,
             records=None, extended: bool | None = None) -> pd.DataFrame:
    """Pillar shares, balance and dominant pillar before and after joining or leaving organizations.

    Parameters:
        state: name, COW code or ISO code.
        year: the year whose portfolio is changed.
        join: organizations the state joins as a full member (COW
            abbreviations, names, or record abbreviations such as ``EAEU``).
        leave: organizations the state leaves.
        pillars: a mapping pillar name -> states (``"eu"`` for the European
            Union's members that year), or None for the defaults (Russia,
            China, United States, European Union, Turkey).
        records: extra records files for the extended panel.
        extended: use the extended panel (default: when ``year`` is after
            2014 or ``records`` are given).

    Returns:
        DataFrame, one row per pillar: ``ccode, year, pillar, share_before,
        share_after, share_change, balance_before, balance_after,
        balance_change, dominant_before, dominant_after, n_full_before,
        n_full_after, extended``. Shares are missing for pillars that do not
        exist that year. ``attrs["summary"]`` is a one-line description.

    Raises:
        InvalidArgumentError: joining an organization the state already
            belongs to (or that is not alive), leaving one it is not a full
            member of.

    Example:
        >>> import multivector as mv
        >>> s = mv.scenario("Kazakhstan", 2014, join=["OECD"], leave=["CSTO"])
        >>> r = s.set_index("pillar")
        >>> bool(r.loc["Russia", "share_change"] < 0), bool(r.loc["United States", "share_change"] > 0)
        (True, True)
    """
    from multivector._resolve import resolve_state, state_label

    ccode = resolve_state(state)
    cube, y, ext = _cube_for(year, extended, records)
    si = cube.state_index.get(ccode)
    yi = y - cube.year0
    if si is None or cube.status[si, 0, yi] == ABSENT:
        raise InvalidArgumentError(f"state: {state_label(ccode)} is not in the state system in {y}", "state")
    join = [join] if isinstance(join, str) else list(join or [])
    leave = [leave] if isinstance(leave, str) else list(leave or [])
    ji = _resolve_orgs(join, cube, "join")
    li = _resolve_orgs(leave, cube, "leave")
    before = cube.status[:, :, yi]
    after = before.copy()
    label = lambda oi: str(cube.ionames[oi]).upper()  # noqa: E731
    for oi in ji:
        s = int(before[si, oi])
        if s == -1:
            raise InvalidArgumentError(f"join: {label(oi)} does not exist in {y}", "join")
        if s == 1:
            raise InvalidArgumentError(f"join: {state_label(ccode)} is already a full member of {label(oi)} in {y}", "join")
        after[si, oi] = 1
    for oi in li:
        if int(after[si, oi]) != 1:
            raise InvalidArgumentError(f"leave: {state_label(ccode)} is not a full member of {label(oi)} in {y}", "leave")
        after[si, oi] = before[si, oi] if oi in ji else 0
    names, masks_b = _pillar_masks(pillars, cube, yi, before)
    _, masks_a = _pillar_masks(pillars, cube, yi, after)
    mb = _measure(before, si, names, masks_b)
    ma = _measure(after, si, names, masks_a)
    df = pd.DataFrame({
        "ccode": np.int16(ccode), "year": np.int16(y), "pillar": pd.array(names, dtype="string"),
        "share_before": mb["shares"], "share_after": ma["shares"], "share_change": ma["shares"] - mb["shares"],
        "balance_before": mb["balance"], "balance_after": ma["balance"], "balance_change": ma["balance"] - mb["balance"],
        "dominant_before": pd.array([mb["dominant"]] * len(names), dtype="string"),
        "dominant_after": pd.array([ma["dominant"]] * len(names), dtype="string"),
        "n_full_before": np.int64(mb["n_full"]), "n_full_after": np.int64(ma["n_full"]),
        "extended": ext,
    })
    df.attrs["summary"] = (f"Balance {mb['balance']:.3f} -> {ma['balance']:.3f}; dominant pillar "
                           f"{mb['dominant']} -> {ma['dominant']}; full memberships {mb['n_full']} -> {ma['n_full']}.")
    df.attrs["extended"] = ext
    from multivector._cite import with_sources

    return with_sources(df, "cow_igo", "cow_states", *(["records"] if ext else []))
