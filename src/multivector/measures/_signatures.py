"""Organization signatures and categories; a state's engagements by category; own initiatives.

The *signature* of an organization in a year is the set of pillars that are
members of it that year (a group pillar by the membership ``rule``). Its
*category* follows from the pillars' sides (``docs/methodology.md``,
"Organization signatures and categories"):

===============  ==========================================================
pillar-free      no pillar is a member
universal        every pillar that exists that year is a member
bridging         a western pillar and a Russian or Chinese one (not all)
russia+china     Russian and Chinese pillars, no western one
russia-centred   a Russian pillar, no Chinese or western one
china-centred    a Chinese pillar, no Russian or western one
western          a western pillar (US and/or EU), no Russian or Chinese one
other            only pillars without a side (with the defaults: Turkey alone)
===============  ==========================================================

Pillars without a side (Turkey) never change a category except in
``other``. When a pillar's membership is unknown (missing cells, -9) the
signature is incomplete and the category is missing (``<NA>``), never
guessed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from multivector._errors import InvalidArgumentError
from multivector.measures._pillars import MEMBER, UNKNOWN, PillarSet, as_pillar_set, cache_get, cache_put, check_rule
from multivector.data._store import ABSENT, Cube, get_store
from multivector._years import YearsArg, parse_years

__all__ = ["CATEGORIES", "engagements_by_category", "organization_signatures", "own_initiatives"]

#: Organization categories, in display order (codes 0..7 in the kernels).
CATEGORIES = ("western", "russia-centred", "china-centred", "russia+china", "bridging", "universal", "pillar-free", "other")
#: Column names of the categories in state-level tables.
CATEGORY_COLUMNS = tuple(c.replace("-", "_").replace("+", "_") for c in CATEGORIES)
NO_CATEGORY = np.int8(-1)  # organization not alive, or signature unknown


def data_cube(extended: bool = False, records=None) -> Cube:
    """The membership cube the analysis runs on: published COW data, or the extended panel.

    Raises:
        InvalidArgumentError: ``extended=True`` but the extended panel is not available.
    """
    if not extended:
        if records is not None:
            raise InvalidArgumentError("records: extra records need extended=True", "records")
        return get_store().cube
    try:
        from multivector.engine._extended import extended_cube
    except ImportError:
        raise InvalidArgumentError("extended: extended panel not available in this installation", "extended") from None
    return extended_cube(records)


def year_coverage(cube: Cube) -> tuple[int, int]:
    return int(cube.years[0]), int(cube.years[-1])


def signature_kernel(ps: PillarSet, cube: Cube, rule: str = "majority") -> dict[str, np.ndarray]:
    """Whole-cube signatures: ``member`` bool [P, O, Y], ``unknown`` bool [O, Y] (some pillar's
    membership unknown), ``alive`` bool [O, Y], ``category`` int8 [O, Y] (index into
    :data:`CATEGORIES`, -1 when not alive or unknown), ``exists`` bool [P, Y]."""
    key = ("signature", id(cube), rule)
    hit = cache_get(ps._cache, key, cube)
    if hit is not None:
        return hit
    st = ps.org_status(cube, rule)  # [P, O, Y]
    exists = ps.exists(cube)  # [P, Y]
    alive = ((cube.status >= 0) | (cube.status == -9)).any(axis=0)  # [O, Y]
    member = st == MEMBER
    unknown = (st == UNKNOWN).any(axis=0)
    sides = ps.side_masks()
    w = member[sides["west"]].any(axis=0)
    r = member[sides["russia"]].any(axis=0)
    c = member[sides["china"]].any(axis=0)
    n_sig = member.sum(axis=0)
    n_ex = exists.sum(axis=0)[None, :]
    cat = np.select(
        [n_sig == 0, n_sig == n_ex, w & (r | c), r & c, r, c, w],
        [6, 5, 4, 3, 1, 2, 0],
        default=7,
    ).astype(np.int8)
    cat[~alive | unknown] = NO_CATEGORY
    out = {"member": member, "unknown": unknown & alive, "alive": alive, "category": cat, "exists": exists}
    cache_put(ps._cache, key, cube, out)
    return out


def organization_signatures(year: YearsArg, pillars=None, rule: str = "majority", extended: bool = False,
                            category: str | None = None) -> pd.DataFrame:
    """The signature (member pillars) and category of every organization alive in a year.

    Parameters:
        year: a year, or a range/list of years (one row per organization-year).
        pillars: pillar definitions (default Russia, China, United States,
            European Union, Turkey; see :mod:`multivector.measures._pillars`).
        rule: group-pillar membership rule, ``"majority"``, ``"any"`` or ``"all"``.
        extended: use the provisional extended panel (years after 2014).
        category: keep only organizations of this category (one of
            :data:`CATEGORIES`, or comma-separated several).

    Returns:
        DataFrame ``ioname, orgname, year, n_full, signature, n_pillars,
        n_pillars_existing, category, unknown_pillars`` sorted by year and
        ioname: ``signature`` is the member pillars' keys joined by ``+`` in
        pillar order (empty string for none); ``n_full`` the number of full
        member states; ``category`` one of :data:`CATEGORIES`, missing when
        a pillar's membership is unknown (listed in ``unknown_pillars``).

    Example:
        >>> import multivector as mv
        >>> s = mv.organization_signatures(2014).set_index("ioname")
        >>> s.loc["sco", ["signature", "category"]].tolist()
        ['russia+china', 'russia+china']
        >>> s.loc["nato", "category"], s.loc["un", "category"]
        ('western', 'universal')
    """
    check_rule(rule)
    cats = None
    if category is not None:
        cats = [c.strip().lower() for c in str(category).split(",") if c.strip()]
        bad = [c for c in cats if c not in CATEGORIES]
        if bad or not cats:
            raise InvalidArgumentError(f"category: unknown category {bad[0] if bad else category!r}; valid: {', '.join(CATEGORIES)}", "category")
    ps = as_pillar_set(pillars)
    cube = data_cube(extended)
    ys = parse_years(year, year_coverage(cube), argument="year")
    k = signature_kernel(ps, cube, rule)
    yi = np.asarray(ys) - cube.year0
    alive = k["alive"][:, yi]
    o_idx, y_idx = np.nonzero(alive)
    order = np.lexsort((o_idx, y_idx))
    o_idx, y_idx = o_idx[order], y_idx[order]
    member = k["member"][:, o_idx, yi[y_idx]]  # [P, N]
    unknown_p = ps.org_status(cube, rule)[:, o_idx, yi[y_idx]] == UNKNOWN
    keys = np.asarray(ps.keys, dtype=object)
    sig = _join(member, keys)
    unk = _join(unknown_p, keys)
    cat_codes = k["category"][o_idx, yi[y_idx]]
    full = (cube.status[:, o_idx, yi[y_idx]] == 1).sum(axis=0)
    names = _org_names(cube)
    df = pd.DataFrame({
        "ioname": cube.ionames[o_idx].astype(object),
        "orgname": names[o_idx],
        "year": np.asarray(ys, dtype=np.int16)[y_idx],
        "n_full": full.astype(np.int64),
        "signature": sig,
        "n_pillars": member.sum(axis=0).astype(np.int64),
        "n_pillars_existing": k["exists"][:, yi[y_idx]].sum(axis=0).astype(np.int64),
        "category": _category_labels(cat_codes),
        "unknown_pillars": unk,
    })
    df["unknown_pillars"] = df["unknown_pillars"].replace("", pd.NA)
    if cats is not None:
        df = df[df["category"].isin(cats).fillna(False).to_numpy(dtype=bool)]
    return df.astype({"ioname": "string", "orgname": "string", "signature": "string", "category": "string",
                      "unknown_pillars": "string"}).reset_index(drop=True)


def _join(mask: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Join the keys where ``mask[p, n]`` is true with '+', per column n (vectorised over patterns)."""
    if mask.shape[1] == 0:
        return np.array([], dtype=object)
    codes = (mask.astype(np.int64) << np.arange(mask.shape[0])[:, None]).sum(axis=0)
    uniq, inv = np.unique(codes, return_inverse=True)
    labels = np.array(["+".join(keys[[(u >> i) & 1 == 1 for i in range(len(keys))]]) for u in uniq], dtype=object)
    return labels[inv]


def _category_labels(codes: np.ndarray) -> pd.Series:
    lab = np.asarray(CATEGORIES + (None,), dtype=object)
    return pd.Series(lab[np.where(codes < 0, len(CATEGORIES), codes)], dtype="string")


def _org_names(cube: Cube) -> np.ndarray:
    if hasattr(cube, "organizations"):
        return cube.organizations.set_index("ioname").orgname.reindex(cube.ionames).to_numpy(dtype=object)
    names = get_store().table("organizations").set_index("ioname").orgname
    return names.reindex(cube.ionames).to_numpy(dtype=object)


def category_counts(ps: PillarSet, cube: Cube, rule: str, state_idx: np.ndarray, year_idx: np.ndarray) -> np.ndarray:
    """int64 ``[state, year, category + 1]``: full memberships per category (last slot: unknown category)."""
    k = signature_kernel(ps, cube, rule)
    full = cube.status[np.ix_(state_idx, np.arange(cube.status.shape[1]), year_idx)] == 1  # [S, O, Y]
    cat = k["category"][:, year_idx]  # [O, Y]
    out = np.empty((len(state_idx), len(year_idx), len(CATEGORIES) + 1), dtype=np.int64)
    for c in range(len(CATEGORIES)):
        out[:, :, c] = (full & (cat == c)[None]).sum(axis=1)
    out[:, :, -1] = (full & (cat == NO_CATEGORY)[None]).sum(axis=1)
    return out


def engagements_by_category(states, years: YearsArg = None, pillars=None, rule: str = "majority", extended: bool = False) -> pd.DataFrame:
    """A state's full memberships per year, split by organization category.

    Parameters:
        states: one state (name, COW code, ISO code) or several
            (``"Kazakhstan, Uzbekistan"`` or a list).
        years: a year, ``(start, end)``, ``"1992-2014"`` or a list (default: all).
        pillars, rule: as in :func:`organization_signatures`.
        extended: use the provisional extended panel.

    Returns:
        DataFrame ``ccode, year, full, western, russia_centred,
        china_centred, russia_china, bridging, universal, pillar_free,
        other, unknown, own_initiatives`` (one row per state-year in the
        state system; ``unknown`` counts organizations whose category is
        missing; ``own_initiatives`` counts full memberships in the state's
        own initiatives, see :func:`own_initiatives`). The category columns
        sum to ``full``.

    Example:
        >>> import multivector as mv
        >>> e = mv.engagements_by_category("Kazakhstan", 2014).iloc[0]
        >>> int(e.full), int(e.russia_centred), int(e.russia_china), int(e.western)
        (55, 8, 4, 1)
    """
    from multivector.engine._resolve import require_in_system, resolve_states

    check_rule(rule)
    ps = as_pillar_set(pillars)
    cube = data_cube(extended)
    ccodes = resolve_states(states)
    ys = parse_years(years, year_coverage(cube))
    require_in_system(ccodes, ys)
    si = np.array([cube.state_index[c] for c in ccodes if c in cube.state_index], dtype=np.int64)
    yi = np.asarray(ys) - cube.year0
    counts = category_counts(ps, cube, rule, si, yi)  # [S, Y, K+1]
    init = initiative_matrix(cube)[si]  # [S, O]
    full = cube.status[si][:, :, yi] == 1  # [S, O, Y]
    own = (full & init[:, :, None]).sum(axis=1)
    present = cube.status[si, 0][:, yi] != ABSENT  # [S, Y]
    s_i, y_i = np.nonzero(present)
    df = pd.DataFrame({"ccode": cube.ccodes[si][s_i].astype(np.int16), "year": np.asarray(ys, dtype=np.int16)[y_i],
                       "full": full.sum(axis=1)[s_i, y_i].astype(np.int64)})
    for j, c in enumerate(CATEGORY_COLUMNS):
        df[c] = counts[s_i, y_i, j]
    df["unknown"] = counts[s_i, y_i, -1]
    df["own_initiatives"] = own[s_i, y_i].astype(np.int64)
    return df.reset_index(drop=True)


def org_first_years(cube: Cube) -> np.ndarray:
    """First year each organization is alive in the cube (-1 when never; organizations alive in the
    cube's first year get -1 too: their founding is not observed)."""
    alive = ((cube.status >= 0) | (cube.status == -9)).any(axis=0)  # [O, Y]
    has = alive.any(axis=1)
    first = np.argmax(alive, axis=1)
    out = np.where(has & (first > 0), cube.year0 + first, -1)
    return out


def initiative_matrix(cube: Cube) -> np.ndarray:
    """Boolean ``[state, org]``: the organization is one of the state's own initiatives (a full
    member in the organization's first year, founded no earlier than the state's entry)."""
    key = ("initiatives", id(cube))
    hit = cache_get(_CACHE, key, cube)
    if hit is not None:
        return hit
    first = org_first_years(cube)
    ok = first >= 0
    fi = np.where(ok, first - cube.year0, 0)
    founding = cube.status[:, np.arange(len(first)), fi] == 1  # [S, O]
    present = cube.status[:, 0, :] != ABSENT
    entry = cube.year0 + np.argmax(present, axis=1)  # first year in the system
    m = founding & ok[None, :] & (first[None, :] >= entry[:, None])
    cache_put(_CACHE, key, cube, m)
    return m


_CACHE: dict = {}


def own_initiatives(state, pillars=None, rule: str = "majority", extended: bool = False) -> pd.DataFrame:
    """Organizations a state belonged to (as a full member) in their first year, founded after it entered the state system.

    This is the data's closest proxy for a state's *own initiatives*:
    founding memberships. It cannot tell the initiator among the founders
    (``n_founders`` says how many shared the founding); organizations
    founded before the state entered the system are left out, as are those
    already alive in 1816, whose founding the data do not observe.

    Parameters:
        state: name, COW code or ISO code.
        pillars, rule: for the category at founding.
        extended: use the provisional extended panel.

    Returns:
        DataFrame ``ccode, ioname, orgname, founded, n_founders, signature,
        category`` (signature and category in the founding year), sorted by
        ``founded``.

    Example:
        >>> import multivector as mv
        >>> o = mv.own_initiatives("Kazakhstan")
        >>> o[o.ioname == "cica"][["founded", "category"]].values.tolist()
        [[2006, 'russia+china']]
    """
    from multivector.engine._resolve import resolve_state

    check_rule(rule)
    ps = as_pillar_set(pillars)
    cube = data_cube(extended)
    c = resolve_state(state)
    si = cube.state_index.get(c)
    if si is None:
        return pd.DataFrame({k: pd.Series(dtype=t) for k, t in [("ccode", "int16"), ("ioname", "string"), ("orgname", "string"),
                             ("founded", "int64"), ("n_founders", "int64"), ("signature", "string"), ("category", "string")]})
    init = initiative_matrix(cube)[si]
    oi = np.nonzero(init)[0]
    first = org_first_years(cube)[oi]
    fi = first - cube.year0
    k = signature_kernel(ps, cube, rule)
    keys = np.asarray(ps.keys, dtype=object)
    df = pd.DataFrame({
        "ccode": np.full(len(oi), c, dtype=np.int16),
        "ioname": cube.ionames[oi].astype(object),
        "orgname": _org_names(cube)[oi],
        "founded": first.astype(np.int64),
        "n_founders": (cube.status[:, oi, fi] == 1).sum(axis=0).astype(np.int64),
        "signature": _join(k["member"][:, oi, fi], keys),
        "category": _category_labels(k["category"][oi, fi]),
    })
    df = df.sort_values(["founded", "ioname"], kind="stable")
    return df.astype({"ioname": "string", "orgname": "string", "signature": "string", "category": "string"}).reset_index(drop=True)
