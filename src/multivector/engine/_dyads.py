"""The dyad-year engine: joint IGO memberships and portfolio similarity.

For every year the kernel takes the membership codes of the states in the
system (a dense ``state x organization`` slice of the store's cube, over
the organizations alive that year), turns them into 0/1 indicator matrices
(full; full or associate; comparable = neither -9 nor -1; alive = not -1)
and gets every pair's counts from a handful of matrix products (float32
BLAS, exact for counts below 2**24). No loop over pairs or rows: the only
Python loop is over years. Labelling, filtering and the DataFrame come
after the kernel (:func:`_year_counts` is the kernel, testable alone).

Definitions (docs/methodology.md, "Joint membership" and "Portfolio
similarity"):

- joint, ``joint="published"`` (default): both states full (1) or
  associate (2) members. This reproduces the publisher's dyad-year file
  (COW ``dyadic_formatv3``), whose joint totals count associates too.
- joint, ``joint="full"``: both states full members (the codebook's text).
  The two rules differ in 34,937 of the 917,695 dyad-years 1816-2014.
- observers (3) never count.
- 2x2 table (``n11, n10, n01, n00``) of full / not full over the
  organizations where neither state is coded -9 (missing) or -1 (not
  alive) that year; associate and observer count as "not full".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd

from multivector.data._cite import with_sources
from multivector._errors import InvalidArgumentError
from multivector.engine._similarity import similarity_2x2
from multivector.data._store import ABSENT, STATUS_LABELS, get_store
from multivector._years import YearsArg, parse_years

JOINT_RULES = ("published", "full")
KINDS = ("political", "social", "economic")
MEASURES = ("joint", "types", "table", "s", "kappa", "pi", "jaccard", "rules")
DEFAULT_MEASURES = ("joint", "types", "table", "s", "kappa", "pi", "jaccard")
DYAD_STATUS = ("joint", "not_joint", "missing", "not_alive")

__all__ = ["dyad_members", "dyads"]


def _blas_limit(threads: int = 1):
    """Context limiting BLAS threads: the per-year products are small, and
    threads only add synchronisation cost there (more so on a busy machine)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=threads, user_api="blas")


def _parse_joint(joint: str) -> str:
    key = str(joint).strip().lower()
    aliases = {"published": "published", "full_or_associate": "published", "full-or-associate": "published",
               "associate": "published", "full": "full", "full_only": "full", "codebook": "full"}
    if key not in aliases:
        raise InvalidArgumentError(f"joint: unknown rule {joint!r}; valid: published (full or associate, default), full (full members only)", "joint")
    return aliases[key]


def _parse_measures(measures) -> list[str]:
    if measures is None or measures == "all":
        return list(MEASURES)
    if isinstance(measures, str):
        measures = [m for m in measures.replace(" ", "").split(",") if m]
    out = []
    for m in measures:
        key = str(m).strip().lower()
        if key == "all":
            return list(MEASURES)
        if key not in MEASURES:
            raise InvalidArgumentError(f"measures: unknown measure {m!r}; valid: {', '.join(MEASURES)}, all", "measures")
        if key not in out:
            out.append(key)
    if not out:
        raise InvalidArgumentError(f"measures: none given; valid: {', '.join(MEASURES)}, all", "measures")
    return out


def _parse_pairs(pairs: str) -> str:
    key = str(pairs).strip().lower()
    if key not in ("among", "any"):
        raise InvalidArgumentError(f"pairs: unknown value {pairs!r}; valid: among (both states listed), any (at least one)", "pairs")
    return key


def _chosen_states(states, pairs: str) -> tuple[list[int] | None, str]:
    """Resolve a ``states`` argument and the ``pairs`` rule of a dyad panel.

    One state alone means its pairs with every other state (``pairs="any"``);
    an empty list is an error rather than an empty panel.
    """
    from multivector.engine._resolve import resolve_states

    pairs = _parse_pairs(pairs)
    chosen = resolve_states(states)
    if chosen is not None and not chosen:
        raise InvalidArgumentError("states: no state given (leave states out for every state)", "states")
    if chosen is not None and len(chosen) == 1:
        pairs = "any"
    return chosen, pairs


def _parse_dyad_status(status) -> list[str] | None:
    if status is None:
        return None
    items = status.split(",") if isinstance(status, str) else list(status)
    out = []
    for it in items:
        key = str(it).strip().lower().replace("-", "_").replace(" ", "_")
        if not key:
            continue
        if key not in DYAD_STATUS:
            raise InvalidArgumentError(f"status: unknown dyad status {it!r}; valid: {', '.join(DYAD_STATUS)}", "status")
        out.append(key)
    if not out:  # "" or "," is not "no filter" (None is)
        raise InvalidArgumentError(f"status: no dyad status in {status!r}; valid: {', '.join(DYAD_STATUS)}", "status")
    return out


def _org_types(ionames: np.ndarray) -> np.ndarray:
    """``(n_orgs, 3)`` float32 0/1 flags political, social, economic in cube order."""
    o = get_store().table("organizations").set_index("ioname")[list(KINDS)]
    return o.reindex(pd.Index(ionames)).fillna(0).to_numpy(dtype=np.float32)


def _year_counts(st: np.ndarray, types: np.ndarray, rule: str, need: set[str],
                 bounds: Sequence[int] | None = None) -> dict[str, np.ndarray]:
    """The kernel: all pair counts of one year from a ``state x org`` code matrix.

    Parameters:
        st: int8 ``(n_states, n_orgs)`` published codes of the states in the
            system (no :data:`ABSENT` cells).
        types: float32 ``(n_orgs, 3)`` functional-type flags.
        rule: ``"published"`` or ``"full"``.
        need: column groups wanted (``"joint"``, ``"types"``, ``"table"``,
            ``"rules"``).
        bounds: if given, the columns are sorted by type and
            ``bounds[t]:bounds[t+1]`` are those of type ``t`` (faster).

    Returns:
        dict of ``(n_states, n_states)`` float32 count matrices, entry
        ``[a, b]`` for the pair (a, b): ``joint``, ``joint_political``,
        ``joint_social``, ``joint_economic``, ``joint_published``,
        ``joint_full``, ``n11`` (both full), ``n1v`` (a full, b neither -9
        nor -1; not symmetric), ``n_orgs`` (both neither -9 nor -1),
        ``n_alive`` (both not -1). Only the groups in ``need``.
    """
    k, n_cols = st.shape
    f32 = np.float32
    full = st == 1
    assoc = st == 2
    r = (full | assoc) if rule == "published" else full
    out: dict[str, np.ndarray] = {}

    def gram(x: np.ndarray, cols: np.ndarray | None = None) -> np.ndarray:
        """x x' over the given columns (float32 BLAS; counts stay exact)."""
        x = x if cols is None else x[:, cols]
        x = x.astype(f32)
        return x @ x.T

    # Joint counts under the chosen rule. With ``bounds`` the columns come
    # sorted by functional type (each organization has exactly one in the COW
    # data): the per-type products over the column blocks cost one product in
    # all and sum to the total.
    if "types" in need and bounds is not None:
        rf = r.astype(f32)
        per_type = [rf[:, a:b] @ rf[:, a:b].T for a, b in zip(bounds[:-1], bounds[1:])]
        for kind, m in zip(KINDS, per_type):
            out[f"joint_{kind}"] = m
        joint = per_type[0] + per_type[1] + per_type[2]
    elif "types" in need:
        for t, kind in enumerate(KINDS):
            out[f"joint_{kind}"] = gram(r, types[:, t] > 0)
        joint = gram(r)
    else:
        joint = gram(r)
    # The other rule differs only on organizations with an associate member that year.
    acols = assoc.any(axis=0)
    if acols.any():
        extra = gram(full | assoc, acols) - gram(full, acols)  # joint_published - joint_full
    else:
        extra = np.zeros((k, k), dtype=f32)
    if rule == "published":
        out["joint_published"] = joint
        out["joint_full"] = joint - extra
    else:
        out["joint_full"] = joint
        out["joint_published"] = joint + extra
    out["joint"] = joint
    out["n11"] = out["joint_full"]
    if "table" in need:
        # Comparable = neither -9 nor -1. Organizations where nobody is -9/-1
        # are comparable for every pair, so only the other columns need a product.
        invalid = (st == -9) | (st == -1)
        icols = invalid.any(axis=0)
        n_inv = invalid.sum(axis=1).astype(f32)
        n_full = full.sum(axis=1).astype(f32)
        if icols.any():
            inv = invalid[:, icols].astype(f32)
            both_inv = inv @ inv.T
            full_inv = full[:, icols].astype(f32) @ inv.T  # a full member, b not comparable
        else:
            both_inv = full_inv = np.zeros((k, k), dtype=f32)
        out["n_orgs"] = n_cols - n_inv[:, None] - n_inv[None, :] + both_inv
        out["n1v"] = n_full[:, None] - full_inv
        dead = st == -1
        dcols = dead.any(axis=0)
        n_dead = dead.sum(axis=1).astype(f32)
        both_dead = gram(dead, dcols) if dcols.any() else 0
        out["n_alive"] = n_cols - n_dead[:, None] - n_dead[None, :] + both_dead
    return out


def dyads(
    years: YearsArg = None,
    states: str | int | Iterable[str | int] | None = None,
    directed: bool = False,
    joint: str = "published",
    measures: str | Sequence[str] | None = DEFAULT_MEASURES,
    *,
    pairs: str = "among",
    labels: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Dyad-year panel of joint IGO memberships and portfolio similarity.

    One row per dyad-year of states both in the COW state system that year
    (both have a row in the IGO state-year file), including pairs that
    share nothing.

    Parameters:
        years: a year, ``(start, end)``, ``"1991-2014"`` or a list (default
            1816-2014).
        states: restrict to dyads of these states (names, COW codes, ISO
            codes; a list or ``"A,B,C"``). With ``pairs="among"`` (default)
            both states must be listed; with ``pairs="any"`` at least one. A
            single state means that state with every other state.
        directed: ``False``: one row per pair with ``ccode1 < ccode2``;
            ``True``: both orders (``n10``/``n01`` swap accordingly).
        joint: ``"published"`` (default): an organization is joint when both
            states are full or associate members, which reproduces the
            publisher's dyad-year file; ``"full"``: both full members (the
            codebook's wording). Observers never count.
        measures: which column groups to return (default all but
            ``"rules"``): ``"joint"``, ``"types"``, ``"table"``, ``"s"``,
            ``"kappa"``, ``"pi"``, ``"jaccard"``, ``"rules"``, or ``"all"``.
        pairs: ``"among"`` or ``"any"`` (see ``states``).
        labels: add ``stateabb1`` and ``stateabb2`` (COW abbreviations)
            after the codes.
        progress: optional callback ``progress(done, total)`` called after
            each year.

    Returns:
        DataFrame sorted by ``year, ccode1, ccode2`` with columns

        - ``year``, ``ccode1``, ``ccode2`` (int16) [, ``stateabb1``,
          ``stateabb2``];
        - ``joint``: number of joint memberships under ``joint``'s rule;
        - ``joint_political``, ``joint_social``, ``joint_economic``: the same
          by the organization's functional type (``"types"``);
        - ``n11`` both full members, ``n10`` only state 1, ``n01`` only
          state 2, ``n00`` neither, ``n_orgs`` = their sum, over the
          organizations where neither state is coded -9 or -1 that year;
          ``n_missing``: organizations alive for both where at least one is
          coded -9 (``"table"``);
        - ``s`` (Signorino-Ritter S), ``kappa`` (Cohen), ``pi`` (Scott),
          ``jaccard``: from the 2x2 table (nullable Float64, null when
          undefined, e.g. ``n_orgs == 0``);
        - ``joint_published``, ``joint_full``: both rules side by side
          (``"rules"``).

    Raises:
        InvalidYearError, InvalidArgumentError, UnknownStateError.

    Example:
        >>> import multivector as mv
        >>> d = mv.dyads(2014, states="Kazakhstan,Russia")
        >>> d[["year", "ccode1", "ccode2", "joint", "n11", "n_orgs"]].values.tolist()
        [[2014, 365, 705, 47, 47, 309]]
    """
    store = get_store()
    ys = parse_years(years, store.igo_years)
    rule = _parse_joint(joint)
    ms = _parse_measures(measures)
    chosen, pairs = _chosen_states(states, pairs)
    if chosen is not None:
        from multivector.engine._resolve import require_in_system

        require_in_system(chosen, ys)  # a named state outside its life is an error, not an empty panel
    need = set(ms)
    if {"s", "kappa", "pi", "jaccard"} & need:
        need.add("table")

    cube = store.cube
    types = _org_types(cube.ionames)
    ccodes_all = cube.ccodes.astype(np.int16)
    sel_mask = None if chosen is None else np.isin(ccodes_all, np.asarray(chosen, dtype=np.int16))

    parts: dict[str, list[np.ndarray]] = {}
    in_system = cube.status[:, 0, :] != ABSENT  # (state, year)
    with _blas_limit():
        _dyad_loop(parts, cube, ys, in_system, chosen, sel_mask, pairs, directed, types, rule, need, ccodes_all, progress)
    out = _frame(parts, ms)
    if labels:
        out = add_state_labels(out)
    out.attrs["joint_rule"] = rule
    return with_sources(out, "cow_igo", "cow_states")


def add_state_labels(df: pd.DataFrame) -> pd.DataFrame:
    """Insert ``stateabb1, stateabb2`` (COW abbreviations) right after ``ccode2``."""
    info = get_store().table("states").drop_duplicates("ccode").set_index("ccode")["stateabb"]
    cats = sorted(info.unique())
    at = int(df.columns.get_loc("ccode2")) + 1
    df.insert(at, "stateabb1", pd.Categorical(df["ccode1"].map(info), categories=cats))
    df.insert(at + 1, "stateabb2", pd.Categorical(df["ccode2"].map(info), categories=cats))
    return df


def _dyad_loop(parts, cube, ys, in_system, chosen, sel_mask, pairs, directed, types, rule, need, ccodes_all, progress) -> None:
    """Run the kernel year by year and gather each pair's counts into ``parts``."""
    # every organization has exactly one functional type: sort columns by it once
    one_type = bool((types.sum(axis=1) == 1).all())
    type_id = types.argmax(axis=1) if one_type else None
    type_order = np.argsort(type_id, kind="stable") if one_type else None
    for done, y in enumerate(ys, start=1):
        yi = y - cube.year0
        in_sys = in_system[:, yi]
        if chosen is not None and pairs == "among":
            in_sys = in_sys & sel_mask
        idx = np.flatnonzero(in_sys)
        k = len(idx)
        if k >= 2:
            st = cube.status[idx, :, yi]
            alive = (st != -1).any(axis=0)
            if type_order is not None:  # alive organizations, sorted by functional type
                cols = type_order[alive[type_order]]
                bounds = np.concatenate(([0], np.cumsum(np.bincount(type_id[cols], minlength=len(KINDS)))))
            else:
                cols, bounds = np.flatnonzero(alive), None
            counts = _year_counts(st[:, cols], types[cols], rule, need, bounds)
            if directed:
                i, j = np.nonzero(~np.eye(k, dtype=bool))
            else:
                i, j = np.triu_indices(k, 1)
            if chosen is not None and pairs == "any":
                keep = sel_mask[idx[i]] | sel_mask[idx[j]]
                i, j = i[keep], j[keep]
            flat, flat_t = i * k + j, j * k + i
            parts.setdefault("year", []).append(np.full(len(i), y, dtype=np.int16))
            parts.setdefault("ccode1", []).append(ccodes_all[idx[i]])
            parts.setdefault("ccode2", []).append(ccodes_all[idx[j]])
            taken: dict[int, np.ndarray] = {}  # aliases (joint is n11 or joint_published) gathered once
            for name, mat in counts.items():
                if id(mat) not in taken:
                    taken[id(mat)] = np.take(mat, flat)
                parts.setdefault(name, []).append(taken[id(mat)])
            if "n1v" in counts:
                parts.setdefault("nv1", []).append(np.take(counts["n1v"], flat_t))
        if progress is not None:
            progress(done, len(ys))


def _frame(parts: dict[str, list[np.ndarray]], ms: list[str]) -> pd.DataFrame:
    """Label the kernel's counts as the documented DataFrame."""
    def col(name, dtype=np.int16):
        arrs = parts.get(name)
        return np.concatenate(arrs).astype(dtype) if arrs else np.zeros(0, dtype=dtype)

    data: dict[str, object] = {"year": col("year"), "ccode1": col("ccode1"), "ccode2": col("ccode2")}
    if "joint" in ms:
        data["joint"] = col("joint")
    if "types" in ms:
        for kind in KINDS:
            data[f"joint_{kind}"] = col(f"joint_{kind}")
    if "table" in ms or {"s", "kappa", "pi", "jaccard"} & set(ms):
        n11 = col("n11")
        n10 = col("n1v") - n11
        n01 = col("nv1") - n11
        n_orgs = col("n_orgs")
        n00 = n_orgs - n11 - n10 - n01
        if "table" in ms:
            data.update(n11=n11, n10=n10, n01=n01, n00=n00, n_orgs=n_orgs, n_missing=col("n_alive") - n_orgs)
        sim = similarity_2x2(n11, n10, n01, n00)
        for m in ("s", "kappa", "pi", "jaccard"):
            if m in ms:
                data[m] = nullable(sim[m])
    if "rules" in ms:
        data["joint_published"] = col("joint_published")
        data["joint_full"] = col("joint_full")
    return pd.DataFrame(data, copy=False)  # fresh arrays: no need to copy them into blocks


def nullable(values: np.ndarray) -> pd.arrays.FloatingArray:
    """Float64 with NaN as null (no copy): undefined measures are missing in every output."""
    return pd.arrays.FloatingArray(values, np.isnan(values))


def dyad_members(
    state_a: str | int | Iterable[str | int],
    state_b: str | int | Iterable[str | int],
    years: YearsArg = None,
    orgs: str | Iterable[str] | None = None,
    *,
    joint: str = "published",
    include_not_alive: bool = False,
    status: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Organization-level detail for pairs of states, like the publisher's dyadic file.

    Parameters:
        state_a, state_b: a state or several (list or ``"A,B"``); every pair
            of a state from ``state_a`` with a different state from
            ``state_b`` is returned, as given (not reordered).
        years: a year, ``(start, end)``, ``"1991-2014"`` or a list (default all).
        orgs: restrict to these organizations (abbreviations or names).
        joint: ``"published"`` (full or associate, default) or ``"full"``.
        include_not_alive: also return rows of organizations that did not
            exist that year (default: only organizations alive for both).
        status: keep only rows with these ``dyad_status`` values
            (``joint``, ``not_joint``, ``missing``, ``not_alive``; list or
            ``"joint,missing"``).

    Returns:
        DataFrame sorted by ``ccode1, ccode2, year, ioname`` with columns
        ``ccode1, ccode2, year, ioname, status1, status2`` (published codes
        1, 2, 3, 0, -9, -1), ``label1, label2`` (``full``, ``associate``,
        ...), and ``dyad_status``: ``not_alive`` if either state is coded
        -1, else ``missing`` if either is -9, else ``joint`` if both meet the
        rule, else ``not_joint`` (this precedence: existence, then missing,
        then the rule). Only years when both states are in the system.

    Raises:
        InvalidYearError: a state was in the state system in none of the
            years, no pair was in it together in any of them, or (unless
            ``include_not_alive``) a named organization existed in none.

    Example:
        >>> import multivector as mv
        >>> d = mv.dyad_members("Kazakhstan", "Russia", 2014, orgs="SCO,CIS,NATO")
        >>> d[["ioname", "dyad_status"]].values.tolist()
        [['cis', 'joint'], ['nato', 'not_joint'], ['sco', 'joint']]
    """
    from multivector.engine._resolve import resolve_organization, resolve_states

    store = get_store()
    rule = _parse_joint(joint)
    keep_status = _parse_dyad_status(status)
    if keep_status is not None and "not_alive" in keep_status:
        include_not_alive = True
    a = resolve_states(state_a)
    b = resolve_states(state_b)
    if not a or not b:
        raise InvalidArgumentError("dyad_members: give at least one state on each side", "state_a" if not a else "state_b")
    ys = np.asarray(parse_years(years, store.igo_years))
    _require_pairs_in_system(a, b, ys)
    cube = store.cube
    if orgs is None:
        oi = np.arange(len(cube.ionames))
    else:
        items = [p.strip() for p in orgs.split(",") if p.strip()] if isinstance(orgs, str) else list(orgs)
        if not items:
            raise InvalidArgumentError(f"orgs: no organization in {orgs!r}; give abbreviations or names, comma-separated "
                                       "(or leave orgs out for all)", "orgs")
        names = list(dict.fromkeys(resolve_organization(o) for o in items))
        if not include_not_alive:
            from multivector.engine._resolve import require_org_in_years

            for n in names:
                require_org_in_years(n, ys, "orgs", "; include organizations not alive to list it anyway")
        oi = np.asarray([cube.org_index[n] for n in names], dtype=np.intp)
    pairs = [(x, y) for x in a for y in b if x != y]
    if not pairs:
        raise InvalidArgumentError("dyad_members: a state paired with itself is not a dyad", "state_b")
    frames = []
    yi = ys - cube.year0
    for x, y in pairs:
        if x not in cube.state_index or y not in cube.state_index:
            continue
        s1 = cube.status[cube.state_index[x]][np.ix_(oi, yi)]  # (orgs, years)
        s2 = cube.status[cube.state_index[y]][np.ix_(oi, yi)]
        frames.append(_member_rows(x, y, s1, s2, cube.ionames[oi], ys, rule, include_not_alive))
    cols = ["ccode1", "ccode2", "year", "ioname", "status1", "status2", "label1", "label2", "dyad_status"]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="int16" if c.startswith(("ccode", "year")) else "object") for c in cols})
    out = pd.concat(frames, ignore_index=True)
    if keep_status is not None:
        out = out[out["dyad_status"].isin(keep_status)]
    out = out.sort_values(["ccode1", "ccode2", "year", "ioname"], kind="stable").reset_index(drop=True)
    return with_sources(out, "cow_igo", "cow_states")


def _require_pairs_in_system(a: list[int], b: list[int], ys) -> None:
    """Each state in the system in some year, and some pair of them together in some year (else an
    empty table would answer a question outside their lives)."""
    from multivector._errors import InvalidYearError
    from multivector.engine._resolve import require_in_system, state_label, years_in_system

    ys = [int(y) for y in ys]
    require_in_system(list(dict.fromkeys(a + b)), ys)
    if any(set(years_in_system(x, ys)) & set(years_in_system(y, ys)) for x in a for y in b if x != y):
        return
    span = str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}-{ys[-1]}"
    names = " and ".join(state_label(c) for c in list(dict.fromkeys(a + b))[:2])
    raise InvalidYearError(f"years: {names} were never in the state system together in {span}", "years")


def _member_rows(x, y, s1, s2, ionames, ys, rule, include_not_alive) -> pd.DataFrame:
    both_in = (s1[0] != ABSENT) & (s2[0] != ABSENT)  # per year
    keep = np.broadcast_to(both_in, s1.shape).copy()
    not_alive = (s1 == -1) | (s2 == -1)
    if not include_not_alive:
        keep &= ~not_alive
    missing = (s1 == -9) | (s2 == -9)
    ok = (1, 2) if rule == "published" else (1,)
    is_joint = np.isin(s1, ok) & np.isin(s2, ok)
    code = np.select([not_alive, missing, is_joint], [3, 2, 0], default=1)
    o_idx, y_idx = np.nonzero(keep)
    labels = pd.Categorical.from_codes(code[o_idx, y_idx], categories=list(DYAD_STATUS))
    lab_cat = [STATUS_LABELS[c] for c in (1, 2, 3, 0, -9, -1)]
    v1, v2 = s1[o_idx, y_idx], s2[o_idx, y_idx]
    return pd.DataFrame({
        "ccode1": np.full(len(o_idx), x, dtype=np.int16),
        "ccode2": np.full(len(o_idx), y, dtype=np.int16),
        "year": ys[y_idx].astype(np.int16),
        "ioname": pd.array(ionames[o_idx].astype(str), dtype="string"),
        "status1": v1.astype(np.int8),
        "status2": v2.astype(np.int8),
        "label1": pd.Categorical(pd.Series(v1).map(STATUS_LABELS), categories=lab_cat),
        "label2": pd.Categorical(pd.Series(v2).map(STATUS_LABELS), categories=lab_cat),
        "dyad_status": labels,
    })
