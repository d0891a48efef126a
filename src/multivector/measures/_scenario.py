"""What-if scenarios: a state's pillar shares, pillar evenness and dominant pillar
before and after joining or leaving organizations in a given year.

The scenario changes one state's portfolio in one year (joins become full
memberships, leaves become non-memberships; joins are applied before
leaves, so joining and leaving the same organization returns the original
portfolio) and recomputes the institutional pillar shares with the
definition of :func:`multivector.evenness` (signature method; see
``docs/methodology.md``, "What-if scenarios"): the signatures are
recomputed with the changed portfolio, so the scenario is exactly the
evenness a state would have with that portfolio. Years after 2014 (or
``extended=True``) use the provisional extended panel.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from multivector._errors import InvalidArgumentError, InvalidYearError, UnknownOrganizationError
from multivector.data._store import ABSENT, Cube, get_store


def _cube_for(year: int, extended: bool | None, records):
    from multivector._years import parse_years

    store = get_store()
    last = store.igo_years[1]
    ys = parse_years(year, (1, 9999), argument="year")  # a malformed year fails here, with its own message
    if len(ys) != 1:
        raise InvalidYearError(f"year: a scenario changes one year, got {year!r}", "year")
    year = ys[0]
    if extended is None:
        extended = year > last or records is not None
    if extended:
        from multivector.engine._extended import extended_cube

        cube = extended_cube(records)
        lo, hi = int(cube.years[0]), int(cube.years[-1])
        what = "the extended panel"
    else:
        cube = store.cube
        lo, hi = store.igo_years
        what = "the IGO data (use extended=True for later years)" if year > hi else "the IGO data"
    (y,) = parse_years(year, (lo, hi), what=what, argument="year")
    return cube, y, bool(extended)


def _resolve_orgs(orgs: Iterable[str], cube, argument: str, records=None) -> list[int]:
    """Organization names -> column indices of the cube (COW names or records abbreviations)."""
    from multivector.engine._records import _OrgResolver, load_record_set
    from multivector.engine._resolve import resolve_organization

    extended = hasattr(cube, "records")
    rec = None

    def by_records(o):
        nonlocal rec
        if rec is None:
            rs = load_record_set(records)
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


def _measure(cube, status_y: np.ndarray, y: int, si: int, ps, rule: str, exclude_own: bool) -> pd.DataFrame:
    """The institutional pillar shares and evenness (signature method) of state ``si`` on a one-year cube."""
    from multivector.measures._evenness import _frame, _Institutional, _run
    from multivector.measures._pillars import PillarSet

    one = Cube(status_y[:, :, None], cube.ccodes, cube.ionames, np.array([y]))
    fresh = PillarSet(ps.pillars)  # the pillar kernels cache by id(cube): a fresh set for a throw-away cube
    prov = _Institutional(fresh, one, rule, "signature", exclude_own)
    sidx = np.array([si], dtype=np.int64)
    res = _run(prov, sidx, [y], 0, None, 0.95)
    return _frame(prov, res, sidx, [y], "institutional", "signature", 0)


def scenario(state, year: int, join: Iterable[str] = (), leave: Iterable[str] = (), pillars=None,
             records=None, extended: bool | None = None, *, rule: str = "majority", exclude_own: bool = True) -> pd.DataFrame:
    """Pillar shares, pillar evenness and dominant pillar before and after joining or leaving organizations.

    Parameters:
        state: name, COW code or ISO code.
        year: the year whose portfolio is changed.
        join: organizations the state joins as a full member (COW
            abbreviations, names, or record abbreviations such as ``EAEU``).
        leave: organizations the state leaves.
        pillars: pillar definitions as for :func:`multivector.evenness`
            (default Russia, China, United States, European Union, Turkey).
        records: extra records files for the extended panel.
        extended: use the extended panel (default: when ``year`` is after
            2014 or ``records`` are given).
        rule: group-pillar membership rule (``"majority"``, ``"any"``, ``"all"``).
        exclude_own: leave out a single-state pillar that is the state itself (as in ``evenness``).

    Returns:
        DataFrame, one row per pillar: ``ccode, year, pillar`` (key),
        ``pillar_name, share_before, share_after, share_change,
        evenness_before, evenness_after, evenness_change`` (normalised
        entropy), ``hhi_before, hhi_after, dominant_before, dominant_after``
        (pillar keys), ``n_before, n_after`` (organizations behind the
        shares), ``n_full_before, n_full_after`` (all full memberships),
        ``extended``. Shares are missing for pillars not considered.
        ``attrs["summary"]`` is a one-line description.

    Raises:
        InvalidArgumentError: joining an organization the state already
            belongs to (or that is not alive), leaving one it is not a full
            member of.

    Example:
        >>> import multivector as mv
        >>> s = mv.scenario("Kazakhstan", 2014, join=["OECD"], leave=["CSTO"])
        >>> r = s.set_index("pillar")
        >>> bool(r.loc["russia", "share_change"] < 0), bool(r.loc["usa", "share_change"] > 0)
        (True, True)
    """
    from multivector.engine._resolve import resolve_state, state_label

    ccode = resolve_state(state)
    cube, y, ext = _cube_for(year, extended, records)
    si = cube.state_index.get(ccode)
    yi = y - cube.year0
    if si is None or cube.status[si, 0, yi] == ABSENT:
        raise InvalidArgumentError(f"state: {state_label(ccode)} is not in the state system in {y}", "state")
    join = [join] if isinstance(join, str) else list(join or [])
    leave = [leave] if isinstance(leave, str) else list(leave or [])
    ji = _resolve_orgs(join, cube, "join", records)
    li = _resolve_orgs(leave, cube, "leave", records)
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
    from multivector.measures._pillars import as_pillar_set, check_rule

    rule = check_rule(rule)
    ps = as_pillar_set(pillars)
    mb = _measure(cube, before, y, si, ps, rule, exclude_own)
    ma = _measure(cube, after, y, si, ps, rule, exclude_own)
    b, a = mb.iloc[0], ma.iloc[0]
    names = dict(zip(ps.keys, ps.names))
    share_b = np.array([b[f"share_{k}"] for k in ps.keys], dtype=float)
    share_a = np.array([a[f"share_{k}"] for k in ps.keys], dtype=float)
    n_full_b, n_full_a = int((before[si] == 1).sum()), int((after[si] == 1).sum())
    dom = lambda r: None if pd.isna(r["dominant"]) else str(r["dominant"])  # noqa: E731
    df = pd.DataFrame({
        "ccode": np.int16(ccode), "year": np.int16(y),
        "pillar": pd.array(list(ps.keys), dtype="string"), "pillar_name": pd.array(list(ps.names), dtype="string"),
        "share_before": share_b, "share_after": share_a, "share_change": share_a - share_b,
        "evenness_before": float(b["evenness"]), "evenness_after": float(a["evenness"]),
        "evenness_change": float(a["evenness"]) - float(b["evenness"]),
        "hhi_before": float(b["hhi"]), "hhi_after": float(a["hhi"]),
        "dominant_before": pd.array([dom(b)] * len(ps), dtype="string"),
        "dominant_after": pd.array([dom(a)] * len(ps), dtype="string"),
        "n_before": np.int64(b["n"]), "n_after": np.int64(a["n"]),
        "n_full_before": np.int64(n_full_b), "n_full_after": np.int64(n_full_a),
        "extended": ext,
    })
    fmt = lambda v: "—" if pd.isna(v) else f"{v:.3f}"  # noqa: E731
    name = lambda r: names.get(dom(r), "none") if dom(r) in names else (dom(r) or "none")  # noqa: E731
    df.attrs["summary"] = (f"Pillar evenness {fmt(b['evenness'])} -> {fmt(a['evenness'])}; dominant pillar {name(b)} -> {name(a)}; "
                           f"organizations counted {int(b['n'])} -> {int(a['n'])}; full memberships {n_full_b} -> {n_full_a}.")
    df.attrs["extended"] = ext
    from multivector.data._cite import with_sources

    return with_sources(df, "cow_igo", "cow_states", *(["records"] if ext else []))
