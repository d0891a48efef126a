"""UN General Assembly ideal points: estimated from the roll calls, or as published.

``ideal_points(states, years, source="estimate")`` fits a one-dimensional
dynamic ordinal item-response model (yes / abstain / no, a random walk per
state) to the shipped roll calls by variational EM (the kernel is
:mod:`multivector.engine._irt`), optionally on one topic, on important votes
only, on a range of sessions, among some states, or with roll calls a user
brings in the UN Digital Library layout. ``source="published"`` returns the
estimates of Bailey, Strezhnev and Voeten (2017) as the publisher distributes
them (July 2025 release, 1946-2024), with the publisher's column names.
Definitions: docs/methodology.md, "UN ideal points".

This module prepares the votes (filters, unanimous roll calls, bridges,
indices), calls the kernel once per distinct set of votes (cached) and
labels the result; the kernel never sees a DataFrame.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from multivector._errors import InvalidArgumentError, InvalidYearError
from multivector._years import YearsArg, parse_years
from multivector.data._store import get_store

__all__ = ["ESTIMATE_COLUMNS", "MODEL", "SOURCES", "ideal_points", "merge_votes"]

#: Where the figures come from; the message of a wrong ``source`` lists these.
SOURCES = {
    "estimate": "fitted here on the UN roll calls (dynamic ordinal model, variational EM)",
    "published": "the publisher's estimates, Bailey, Strezhnev and Voeten, July 2025 release, 1946-2024",
}

#: Columns of ``source="estimate"``.
ESTIMATE_COLUMNS = ["ccode", "year", "ideal_point", "ideal_point_lo", "ideal_point_hi", "n_votes", "source"]

#: The model's settings (docs/methodology.md, "UN ideal points": the choices and why).
MODEL = {
    "omega2": 0.02,      # variance of a state's yearly random-walk step (chosen by held-out votes)
    "level_var": 1.0,    # variance of the weak N(0, level_var) prior on every position
    "sigma0": 1.0,       # prior sd of a state's position in its first year with votes
    "prior_ab": 25.0,    # prior variance of item intercepts and slopes (latent scale)
    "tol": 1e-3,         # stop when no position moves by more than this in an iteration
    "max_iter": 600,     # EM steps at most
}

#: COW code of the state whose positions are made positive (identification of the sign).
ANCHOR = 2


def _source(source) -> str:
    key = str(source).strip().lower() if isinstance(source, str) else source
    if key not in SOURCES:
        valid = "; ".join(f"{k}: {v}" for k, v in SOURCES.items())
        raise InvalidArgumentError(f"source: unknown source {source!r}; valid: {valid}", "source")
    return key


def ideal_points(
    states: str | int | Iterable[str | int] | None = None,
    years: YearsArg = None,
    source: str = "estimate",
    issues: str | Iterable[str] | None = None,
    important_only: bool = False,
    votes: str | Path | pd.DataFrame | None = None,
    *,
    fit_years: YearsArg = None,
    among: str | int | Iterable[str | int] | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """UN General Assembly ideal points per state-year: estimated from the roll calls, or as published.

    ``source="estimate"`` (default) fits a one-dimensional dynamic ordinal
    item-response model to the UN General Assembly roll calls (yes, abstain
    and no ordered; each state's position follows a random walk from year
    to year; resolutions repeated word for word across sessions bridge the
    years) by variational EM, in seconds. Higher is closer to the United
    States (its positions are positive). One row per state and year in
    which the state voted on at least one informative roll call of the fit
    (year = session + 1945, like the publisher's legacy series). Roll calls
    on which every voting state voted alike carry no information and are
    left out. The fit is cached per set of votes, so asking again (other
    states or years) is instant.

    ``source="published"`` returns the estimates of Bailey, Strezhnev and
    Voeten (2017), July 2025 release, as distributed: three series side by
    side with their vote counts and (for ``fp`` and ``all``) posterior
    quantiles: ``idealpointfp`` (final-passage votes, 1946-2024),
    ``idealpointall`` (all votes, 1946-2023; missing in 2024) and
    ``idealpointlegacy`` (session-based, year = session + 1945, 1946-2023).
    Missing stays missing (NaN), never 0.

    Parameters:
        states: rows for one state, a list, or a comma-separated string of
            names, COW codes or ISO codes; default every state. (The fit
            always uses every state's votes, so a state's figures do not
            depend on which others are asked for; see ``among``.)
        years: rows for a year, ``(start, end)``, ``"1991-2019"`` or a list;
            default every year of the fit (of the source).
        source: ``"estimate"`` or ``"published"``.
        issues: estimate: fit on roll calls of these topics only (codes
            ``me, nu, di, co, hr, ec`` or their names; a roll call with
            several topics counts if any matches).
        important_only: estimate: fit on the US State Department's
            important votes only (coded for sessions 38-72, 1983-2017).
        votes: estimate: roll calls the user brings, a path to a UN Digital
            Library voting CSV or the frame :func:`read_undl_votes` returns;
            merged with the shipped votes (:func:`merge_votes`; its report of
            duplicates and conflicts is in ``attrs["votes_merge"]``).
        fit_years: estimate: fit on the sessions of these years only
            (default all, 1946-2019 and the years of ``votes``).
        among: estimate: fit on the votes of these states only (e.g. the
            members of one group); default every state.
        level: estimate: coverage of the interval (default 0.95).

    Returns:
        ``source="estimate"``: DataFrame sorted by ``ccode, year`` with
        ``ccode`` (int16), ``year`` (int16), ``ideal_point``,
        ``ideal_point_lo``, ``ideal_point_hi`` (the posterior mean and a
        ``level`` interval from the observed information; float64), ``n_votes`` (votes of the
        state in the fit that year, int32) and ``source`` (``"estimate"``).
        ``attrs``: ``sources``, ``model`` (settings and diagnostics:
        iterations, converged, seconds, roll calls, bridges).
        ``source="published"``: the publisher's 24 columns (``ccode,
        iso3c, countryname, year, idealpointfp, idealpointall,
        idealpointlegacy, nvotesfp, qofp ... q100fp, nvotesall, qoall ...
        q100all, nvotesLegacy``; ``qo`` is the publisher's name of the 0%
        quantile).

    Raises:
        UnknownStateError: a state that cannot be resolved (with suggestions).
        InvalidYearError: years outside the source, or a state given
            explicitly without a figure in any of the years (the message
            says in which years it has one).
        InvalidArgumentError: an unknown ``source`` or issue, options of the
            estimator with ``source="published"``, too few votes to fit.
        VotesFileError: a ``votes`` file that fails validation (file and line).

    Example:
        >>> import multivector as mv
        >>> ip = mv.ideal_points("Kazakhstan, Russia", 2022, source="published")
        >>> ip[["countryname", "idealpointall"]].round(2).values.tolist()
        [['Russia', -1.41], ['Kazakhstan', -0.99]]
        >>> est = mv.ideal_points("USA, Iran", 2019)
        >>> est.ccode.tolist(), bool(est.ideal_point.iloc[0] > 0 > est.ideal_point.iloc[1])
        ([2, 630], True)
    """
    from multivector.data._cite import with_sources
    from multivector.engine._resolve import resolve_states

    src = _source(source)
    if src == "published":
        extra = [n for n, v in (("issues", issues), ("important_only", important_only or None), ("votes", votes),
                                ("fit_years", fit_years), ("among", among)) if v is not None]
        if extra:
            raise InvalidArgumentError(
                f"{extra[0]}: applies to source='estimate' only (the published series is one fit on all votes)", extra[0])
        return _published(states, years)
    if not (isinstance(level, (int, float)) and not isinstance(level, bool) and 0 < float(level) < 1):
        raise InvalidArgumentError(f"level: the interval's coverage must be between 0 and 1, not {level!r}", "level")
    chosen = resolve_states(states)
    # the years are checked before the fit (seconds) is run
    ys = parse_years(years, _fit_coverage(votes, fit_years), what="the UN votes of the fit")
    fit = _fit(issues, important_only, votes, fit_years, among)
    table = fit.table(float(level))
    keep = table["year"].isin(ys).to_numpy().copy()
    if chosen is not None:
        keep &= table["ccode"].isin(chosen).to_numpy()
    out = table[keep].reset_index(drop=True)
    if chosen is not None:
        _require_rows(table, out, chosen, ys, what="UN ideal point estimated from the votes of the fit")
    elif out.empty:
        from multivector.engine._unvotes import _spans

        span = str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}-{ys[-1]}"
        raise InvalidYearError(f"years: the fit has no votes in {span} (it has votes in "
                               f"{_spans(sorted(set(table['year'].astype(int))))})", "years")
    out.attrs["source"] = "estimate"
    out.attrs["model"] = dict(fit.info)
    if fit.merge_report is not None:
        out.attrs["votes_merge"] = fit.merge_report
    return with_sources(out, "unga")


def _published(states, years) -> pd.DataFrame:
    from multivector.data._cite import with_sources
    from multivector.engine._resolve import resolve_states

    store = get_store()
    ys = parse_years(years, store.idealpoint_years, what="the published UN ideal points")
    chosen = resolve_states(states)
    table = store.table("ideal_points")
    keep = table["year"].isin(ys).to_numpy().copy()
    if chosen is not None:
        keep &= table["ccode"].isin(chosen).to_numpy()
    out = table[keep].sort_values(["ccode", "year"], kind="stable").reset_index(drop=True)
    if chosen is not None:
        _require_rows(table, out, chosen, ys, what="published UN ideal point")
    out.attrs["source"] = "published"
    return with_sources(out, "unga_idealpoints")


def _require_rows(table: pd.DataFrame, out: pd.DataFrame, chosen: list[int], ys: list[int], *, what: str) -> None:
    """A state asked for by name with no figure in the years is a question the data cannot answer."""
    from multivector.engine._resolve import state_label
    from multivector.engine._unvotes import _spans

    have = set(out["ccode"].astype(int))
    for c in chosen:
        if c in have:
            continue
        its = sorted({int(y) for y in table.loc[table["ccode"].to_numpy() == c, "year"]})
        span = str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}-{ys[-1]}"
        when = f"it has one for {_spans(its)}" if its else "it has none in any year"
        raise InvalidYearError(f"years: {state_label(c)} has no {what} in {span} ({when})", "years")


# --------------------------------------------------------------------------- the votes of a fit

def _title_key(title) -> str | None:
    """A roll call's title reduced for matching across sessions: lower case, letters only,
    without the catalogue's trailing ": resolution / adopted by the General Assembly"."""
    if not isinstance(title, str) or not title.strip():
        return None
    t = title.lower()
    t = re.sub(r"\s*:\s*resolution\s*/\s*adopted by the general assembly.*$", "", t)
    t = re.sub(r"[^a-z ]+", " ", t)
    t = " ".join(t.split())
    return t or None


def _symbol_key(symbol) -> str | None:
    """Resolution number within a session, from the shipped (``R/70/5``, ``A/RES/74/112``,
    ``R/26/2758A``) and the UN Digital Library (``A/RES/70/5``, ``A/RES/2758(XXVI)``) forms."""
    if not isinstance(symbol, str) or not symbol.strip():
        return None
    t = re.sub(r"\([^)]*\)", "", symbol.upper())
    parts = [p for p in re.split(r"[/\s]+", t) if p and p not in ("A", "RES", "R", "GOAR")]
    if len(parts) >= 2 and parts[0].isdigit():
        parts = parts[1:]  # the session
    key = "".join(parts)
    return key or None


def _shipped_votes() -> pd.DataFrame:
    """Every shipped vote with its roll call's facts (cached per store)."""
    store = get_store()
    key = ("shipped", id(store))
    with _LOCK:
        hit = _CACHE.get(key)
    if hit is not None:
        return hit
    v = store.table("un_votes")
    rc = store.table("un_roll_calls")
    final = ((rc["amend"].fillna(0) == 0) & (rc["para"].fillna(0) == 0)).to_numpy()
    title = rc["descr"].where(rc["descr"].notna(), rc["short"])
    facts = pd.DataFrame({
        "roll_call": rc["rcid"].astype("int64"),
        "rcid": rc["rcid"].astype("int64"),
        "session": rc["session"].astype("int16"),
        "date": rc["date"],
        "important": (rc["importantvote"] == 1).fillna(False).to_numpy(dtype=bool),
        "final": final,
        "title_key": [(_title_key(t) if f else None) for t, f in zip(title, final)],
        "symbol_key": rc["unres"].map(_symbol_key),
    })
    rcid = rc["rcid"].to_numpy().astype(np.int64)
    lut = np.full(int(rcid.max()) + 1, -1, dtype=np.int64)  # roll-call ids are small integers: one gather
    lut[rcid] = np.arange(len(rc))
    pos = lut[v["rcid"].to_numpy().astype(np.int64)]
    out = pd.DataFrame({
        "roll_call": rcid[pos],
        "ccode": v["ccode"].to_numpy().astype("int16"),
        "vote": v["vote"].to_numpy().astype("int8"),
        "session": facts["session"].to_numpy()[pos],
    })
    res = (out, facts)
    with _LOCK:
        _CACHE[key] = res
    return res


def merge_votes(user: str | Path | pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Merge roll calls a user brings (UN Digital Library layout) with the shipped votes.

    A user's roll call is the *same* as a shipped one when the session and
    the resolution number agree (``A/RES/70/5`` and the shipped ``R/70/5``)
    and the shipped roll call is a vote on the whole resolution (not an
    amendment or a paragraph); when several shipped roll calls match, the
    one on the same date. For a matched roll call each state's vote is a
    *duplicate* (same vote in both: kept once) or a *conflict* (different
    votes: the shipped vote is kept, since the estimates and the published
    series rest on it, and the conflict is listed). A state that voted only
    in the user's record of a matched roll call is added. A user's roll call
    that matches several shipped ones, none on its date, is left out and
    counted as ``ambiguous``. Unmatched roll calls are new and added whole
    (sessions after 74 are the usual case).

    Returns ``(votes, roll_calls, report)``: the added votes (``roll_call,
    ccode, vote, session``), the added roll calls (facts as for the shipped
    ones, ``roll_call`` negative: -1, -2, ... in the file's order), and a report dict with
    ``file``, ``rows``, ``not_voting``, ``roll_calls``, ``matched``,
    ``new``, ``ambiguous``, ``duplicates``, ``conflicts``, ``added_votes`` and
    ``conflict_list`` (a DataFrame: ``undl_id, rcid, ccode, vote_file,
    vote_shipped, line``).

    Example:
        >>> import tempfile, os
        >>> rows = ("undl_id,ms_code,ms_vote,date,resolution,title\\n"
        ...         "9,USA,N,2019-11-07,A/RES/74/7,Embargo against Cuba\\n"
        ...         "9,CUB,N,2019-11-07,A/RES/74/7,Embargo against Cuba\\n")
        >>> f = os.path.join(tempfile.mkdtemp(), "v.csv"); _ = open(f, "w").write(rows)
        >>> _, _, rep = merge_votes(f)
        >>> rep["matched"], rep["duplicates"], rep["conflicts"]
        (1, 1, 1)
    """
    from multivector.data.sources.undl import read_undl_votes

    if isinstance(user, (str, Path)):
        u = read_undl_votes(user)
    elif isinstance(user, pd.DataFrame):
        need = {"undl_id", "ccode", "vote", "date", "session", "resolution"}
        if not need <= set(user.columns):
            raise InvalidArgumentError(
                "votes: a DataFrame needs the columns read_undl_votes returns (" + ", ".join(sorted(need)) + ")", "votes")
        u = user.copy()
        if "line" not in u.columns:
            u["line"] = np.arange(2, len(u) + 2)
        if "title" not in u.columns:
            u["title"] = ""
    else:
        raise InvalidArgumentError(f"votes: expected a file path or a DataFrame, got {type(user).__name__}", "votes")
    shipped, facts = _shipped_votes()
    rolls = u.drop_duplicates("undl_id")[["undl_id", "session", "date", "resolution", "title"]].copy()
    rolls["symbol_key"] = rolls["resolution"].map(_symbol_key)
    cand = facts[facts["final"]][["rcid", "roll_call", "session", "date", "symbol_key"]]
    m = rolls.merge(cand, on=["session", "symbol_key"], how="left", suffixes=("", "_s"))
    n_cand = m.groupby("undl_id")["rcid"].transform("count")
    same_day = m["date"].astype(str) == m["date_s"].astype(str)
    ok = m[m["rcid"].notna() & ((n_cand == 1) | same_day)].drop_duplicates("undl_id", keep="first")
    match = dict(zip(ok["undl_id"], ok["roll_call"]))
    # several shipped roll calls on the resolution and none on the user's date: left out, reported
    ambiguous = set(m.loc[m["rcid"].notna(), "undl_id"]) - set(match)
    u = u[~u["undl_id"].isin(ambiguous)]
    rolls = rolls[~rolls["undl_id"].isin(ambiguous)]
    u = u.assign(roll_call=u["undl_id"].map(match))
    matched = u[u["roll_call"].notna()]
    j = matched.merge(shipped[["roll_call", "ccode", "vote"]], on=["roll_call", "ccode"], how="left",
                      suffixes=("", "_shipped"))
    dup = j["vote_shipped"].notna() & (j["vote"] == j["vote_shipped"])
    con = j["vote_shipped"].notna() & (j["vote"] != j["vote_shipped"])
    only_user = j[j["vote_shipped"].isna()]
    # a new roll call gets a negative id (-1, -2, ... in the file's order); shipped ids are positive
    new_ids = {k: -(i + 1) for i, k in enumerate(rolls.loc[~rolls["undl_id"].isin(match), "undl_id"])}
    new = u[u["roll_call"].isna()].copy()
    new["roll_call"] = new["undl_id"].map(new_ids)
    added = pd.concat([only_user[["roll_call", "ccode", "vote", "session"]], new[["roll_call", "ccode", "vote", "session"]]],
                      ignore_index=True)
    added = added.astype({"roll_call": "int64", "ccode": "int16", "vote": "int8", "session": "int16"})
    new_rolls = rolls[~rolls["undl_id"].isin(match)].copy()
    new_facts = pd.DataFrame({
        "roll_call": new_rolls["undl_id"].map(new_ids).astype("int64").to_numpy(),
        "rcid": -1,
        "session": new_rolls["session"].astype("int16").to_numpy(),
        "date": new_rolls["date"].to_numpy(),
        "important": False,
        "final": True,
        "title_key": new_rolls["title"].map(_title_key).to_numpy(),
        "symbol_key": new_rolls["symbol_key"].to_numpy(),
    })
    conflicts = j[con]
    conflict_list = pd.DataFrame({
        "undl_id": conflicts["undl_id"].astype(str).to_numpy(),
        "rcid": conflicts["roll_call"].astype("int64").to_numpy(),
        "ccode": conflicts["ccode"].astype("int16").to_numpy(),
        "vote_file": conflicts["vote"].astype("int8").to_numpy(),
        "vote_shipped": conflicts["vote_shipped"].astype("int8").to_numpy(),
        "line": conflicts["line"].astype("int64").to_numpy(),
    })
    report = {
        "file": u.attrs.get("file", "DataFrame"),
        "rows": int(len(u)),
        "not_voting": int(u.attrs.get("not_voting", 0)),
        "roll_calls": int(len(rolls)),
        "matched": int(len(match)),
        "new": int(len(new_rolls)),
        "ambiguous": len(ambiguous),
        "duplicates": int(dup.sum()),
        "conflicts": int(con.sum()),
        "added_votes": int(len(added)),
        "conflict_list": conflict_list,
    }
    return added, new_facts, report


def _user_votes(votes) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """``merge_votes(votes)``, cached per file content."""
    key = ("merge", id(get_store()), _votes_digest(votes))
    with _LOCK:
        hit = _CACHE.get(key)
    if hit is None:
        hit = merge_votes(votes)
        with _LOCK:
            _CACHE[key] = hit
    return hit


def _fit_coverage(votes, fit_years) -> tuple[int, int]:
    """First and last year a fit with these votes and ``fit_years`` covers (without fitting)."""
    _, facts = _shipped_votes()
    sessions = facts["session"]
    if votes is not None:
        sessions = pd.concat([sessions, _user_votes(votes)[1]["session"]])
    coverage = (int(sessions.min()) + 1945, int(sessions.max()) + 1945)
    if fit_years is None:
        return coverage
    fy = parse_years(fit_years, coverage, what="the UN votes", argument="fit_years")
    return fy[0], fy[-1]


def _votes_digest(votes) -> str:
    if not isinstance(votes, (str, Path, pd.DataFrame)):
        raise InvalidArgumentError(f"votes: expected a file path or a DataFrame, got {type(votes).__name__}", "votes")
    if isinstance(votes, (str, Path)):
        p = Path(votes)
        if not p.exists():
            from multivector._errors import VotesFileError

            raise VotesFileError("file not found", str(p))
        h = hashlib.sha256(p.read_bytes()).hexdigest()
    else:
        h = hashlib.sha256(pd.util.hash_pandas_object(votes.reset_index(drop=True), index=False).to_numpy().tobytes()).hexdigest()
    return h[:16]


@dataclass
class _FitResult:
    years: np.ndarray
    frame: pd.DataFrame        # ccode, year, mean, sd, n_votes (cells with votes)
    info: dict
    merge_report: dict | None

    def table(self, level: float) -> pd.DataFrame:
        from scipy.special import ndtri

        z = float(ndtri(0.5 + level / 2))
        f = self.frame
        return pd.DataFrame({
            "ccode": f["ccode"].to_numpy(),
            "year": f["year"].to_numpy(),
            "ideal_point": f["mean"].to_numpy(),
            "ideal_point_lo": f["mean"].to_numpy() - z * f["sd"].to_numpy(),
            "ideal_point_hi": f["mean"].to_numpy() + z * f["sd"].to_numpy(),
            "n_votes": f["n_votes"].to_numpy(),
            "source": "estimate",
        })


_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 8
_LOCK = threading.RLock()
_FIT_LOCK = threading.Lock()


def _fit(issues, important_only, votes, fit_years, among) -> _FitResult:
    """The fit for one set of votes, from the cache when it was computed before."""
    from multivector.engine._resolve import resolve_states
    from multivector.engine._unvotes import parse_issues

    codes = parse_issues(issues)
    if not isinstance(important_only, (bool, np.bool_)):
        raise InvalidArgumentError(f"important_only must be True or False, not {important_only!r}", "important_only")
    chosen = resolve_states(among)
    if chosen is not None and len(chosen) < 3:
        raise InvalidArgumentError("among: a fit needs the votes of at least 3 states", "among")
    digest = _votes_digest(votes) if votes is not None else None
    if votes is not None and (codes is not None or important_only):
        raise InvalidArgumentError(
            "votes: roll calls from a voting file carry no topic codes or important-vote flags; "
            "leave out issues and important_only when you bring votes", "votes")
    store = get_store()
    key = (id(store), tuple(codes or ()), bool(important_only), digest,
           None if fit_years is None else repr(fit_years), tuple(chosen) if chosen else None)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    with _FIT_LOCK:  # one fit at a time: a second caller of the same fit waits and reads the cache
        with _LOCK:
            hit = _CACHE.get(key)
        if hit is not None:
            return hit
        disk = _disk_key(codes, bool(important_only), fit_years, chosen) if votes is None else None
        res = _disk_load(disk) if disk else None
        if res is None:
            res = _fit_uncached(codes, bool(important_only), votes, fit_years, chosen)
            if disk:
                _disk_save(disk, res)
        with _LOCK:
            _CACHE[key] = res
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return res


#: Bump when the kernel or the vote preparation changes what a fit returns (invalidates the disk cache).
FIT_VERSION = "2"  # 2: intervals from the observed information


def _disk_key(codes, important_only, fit_years, among) -> str | None:
    """Name of the cache file of a fit on the shipped votes: the data's checksums, the model,
    the options and :data:`FIT_VERSION` decide it."""
    import json

    tables = get_store().manifest.get("tables", {})
    try:
        data = [tables[t]["sha256"] for t in ("un_votes", "un_roll_calls", "un_issues")]
    except KeyError:
        return None
    fy = None if fit_years is None else parse_years(fit_years, (1900, 2100), argument="fit_years")
    doc = json.dumps([FIT_VERSION, MODEL, data, codes, important_only, fy, among], sort_keys=True, default=str)
    return "ideal-points-" + hashlib.sha256(doc.encode()).hexdigest()[:20] + ".npz"


def _disk_load(name: str) -> _FitResult | None:
    """A fit kept in the user's cache folder by an earlier run (None when absent or unreadable)."""
    import json

    from multivector._cache import cache_dir

    try:
        with np.load(cache_dir() / name, allow_pickle=False) as z:
            frame = pd.DataFrame({"ccode": z["ccode"], "year": z["year"], "mean": z["mean"], "sd": z["sd"],
                                  "n_votes": z["n_votes"]})
            info = json.loads(str(z["info"]))
            years = z["years"]
    except (OSError, KeyError, ValueError):
        return None
    info["cached"] = True
    return _FitResult(years, frame, info, None)


def _disk_save(name: str, res: _FitResult) -> None:
    import json
    import os

    from multivector._cache import cache_dir

    f = res.frame
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"{name}.{os.getpid()}.tmp.npz"
        np.savez(tmp, ccode=f["ccode"].to_numpy(), year=f["year"].to_numpy(), mean=f["mean"].to_numpy(),
                 sd=f["sd"].to_numpy(), n_votes=f["n_votes"].to_numpy(), years=res.years, info=json.dumps(res.info))
        os.replace(tmp, folder / name)
    except OSError:
        pass


def load_cached_fit() -> bool:
    """Put the default fit into memory when an earlier run kept it in the user's cache folder
    (for the web server's start: cheap, never fits). True when it was there.

    Example:
        >>> isinstance(load_cached_fit(), bool)
        True
    """
    key = (id(get_store()), (), False, None, None, None)
    with _LOCK:
        if key in _CACHE:
            return True
    disk = _disk_key(None, False, None, None)
    res = _disk_load(disk) if disk else None
    if res is None:
        return False
    with _LOCK:
        _CACHE[key] = res
    return True


def fit_input(codes=None, important_only=False, votes=None, fit_years=None, among=None):
    """The votes of a fit in the kernel's index form (exposed for the benchmark and the tests).

    Returns ``(data, ccodes, years, info, merge_report)``: a
    :class:`multivector.engine._irt.RollCalls`, the COW code of each state
    index, the year of each period index, counts for ``attrs["model"]`` and
    the merge report of ``votes`` (or None).

    Example:
        >>> d, ccodes, years, info, _ = fit_input(fit_years=2019)
        >>> int(years[0]), info["roll_calls"], d.n_states
        (2019, 91, 193)
    """
    from multivector.engine._irt import RollCalls

    store = get_store()
    shipped, facts = _shipped_votes()
    report = None
    votes_df, facts_all = shipped, facts
    if votes is not None:
        added, new_facts, report = _user_votes(votes)
        votes_df = pd.concat([shipped, added], ignore_index=True)
        facts_all = pd.concat([facts, new_facts], ignore_index=True)
    last_session = int(facts_all["session"].max())
    coverage = (int(facts_all["session"].min()) + 1945, last_session + 1945)
    fy = parse_years(fit_years, coverage, what="the UN votes", argument="fit_years")
    rolls = facts_all[facts_all["session"].isin([y - 1945 for y in fy])]
    if important_only:
        rolls = rolls[rolls["important"]]
    if codes is not None:
        iss = store.table("un_issues")
        rolls = rolls[rolls["rcid"].isin(iss.loc[iss["short_name"].isin(codes), "rcid"])]
    v = votes_df[votes_df["roll_call"].isin(rolls["roll_call"])]
    if among is not None:
        v = v[v["ccode"].isin(among)]
    # roll calls on which every voting state cast the same vote carry no information
    spread = v.groupby("roll_call", sort=False)["vote"].agg(["min", "max"])
    informative = spread.index[spread["min"] != spread["max"]]
    v = v[v["roll_call"].isin(informative)]
    rolls = rolls[rolls["roll_call"].isin(informative)]
    if len(rolls) < 2 or v["ccode"].nunique() < 3:
        raise InvalidArgumentError(
            f"too few votes to fit: {len(rolls)} informative roll call(s) among {v['ccode'].nunique()} state(s) "
            "with these options (issues, important_only, fit_years, among)", "issues")
    # bridges: a final vote whose title recurs word for word in other sessions, once per session
    tk = rolls[["roll_call", "session", "title_key"]].dropna(subset=["title_key"])
    per_session = tk.groupby(["title_key", "session"])["roll_call"].transform("size")
    tk = tk[per_session == 1]
    n_sessions = tk.groupby("title_key")["session"].transform("nunique")
    tk = tk[n_sessions >= 2]
    # item of each roll call: its own, or its bridge's (one item for all sessions of a title)
    rc_ids = rolls["roll_call"].to_numpy()
    rc_item = np.arange(len(rc_ids))
    bridge_no = pd.factorize(tk["title_key"])[0]
    rc_item[pd.Index(rc_ids).get_indexer(tk["roll_call"].to_numpy())] = len(rc_ids) + bridge_no
    _, rc_item = np.unique(rc_item, return_inverse=True)
    item_idx = rc_item[pd.Index(rc_ids).get_indexer(v["roll_call"].to_numpy())]
    n_items = int(rc_item.max()) + 1
    ccodes, state_idx = np.unique(v["ccode"].to_numpy(), return_inverse=True)
    y0 = int(v["session"].min()) + 1945
    y1 = int(v["session"].max()) + 1945
    period = v["session"].to_numpy().astype(np.int64) + 1945 - y0
    yes_abstain_no = (3 - v["vote"].to_numpy()).astype(np.int8)  # 1 yes -> 2, 2 abstain -> 1, 3 no -> 0
    data = RollCalls(state_idx, period, item_idx, yes_abstain_no, len(ccodes), y1 - y0 + 1, n_items)
    info = {
        "roll_calls": int(len(rolls)),
        "items": n_items,
        "bridged_roll_calls": int(len(tk)),
        "bridges": int(tk["title_key"].nunique()),
        "votes": int(len(v)),
        "states": int(len(ccodes)),
        "issues": None if codes is None else list(codes),
        "important_only": bool(important_only),
    }
    return data, ccodes.astype(np.int64), np.arange(y0, y1 + 1), info, report


def _fit_uncached(codes, important_only, votes, fit_years, among) -> _FitResult:
    from multivector.engine._irt import fit_dynamic

    data, ccodes, years, info, report = fit_input(codes, important_only, votes, fit_years, among)
    # the sign: the United States positive; in a fit among states without it, the first state named
    present = set(ccodes.tolist())
    anchor_ccode = ANCHOR if ANCHOR in present else next(c for c in among if c in present)
    anchor = int(np.searchsorted(ccodes, anchor_ccode))
    settings = {k: MODEL[k] for k in ("omega2", "level_var", "sigma0", "prior_ab", "tol", "max_iter")}
    fit = fit_dynamic(data, anchor=anchor, **settings)
    S, T = np.nonzero(fit.n_votes)
    frame = pd.DataFrame({
        "ccode": ccodes[S].astype(np.int16),
        "year": years[T].astype(np.int16),
        "mean": fit.mean[S, T],
        "sd": np.sqrt(fit.var_obs[S, T]),
        "n_votes": fit.n_votes[S, T].astype(np.int32),
    }).sort_values(["ccode", "year"], kind="stable").reset_index(drop=True)
    info = {**info, **settings, "iterations": int(fit.iterations), "converged": bool(fit.converged),
            "seconds": round(float(fit.seconds), 2), "anchor": int(anchor_ccode), "cached": False}
    return _FitResult(years, frame, info, report)


# --------------------------------------------------------------------------- agreement with the published series

def agreement_with_published(estimates: pd.DataFrame, column: str = "idealpointlegacy") -> pd.DataFrame:
    """Per year, how estimated ideal points agree with the publisher's (for validation).

    ``estimates`` has ``ccode, year, ideal_point`` (e.g. ``ideal_points()``);
    it is joined with the published ``column`` (default the session-based
    legacy series, whose years are sessions + 1945 like the estimates') on
    state and year. Returns one row per year: ``year, states`` (in both),
    ``pearson``, ``spearman`` (rank correlation), and ``off`` naming the
    three states furthest from the straight line that maps the estimates on
    the published values (the states that lower the year's correlation most).

    Example:
        >>> t = agreement_with_published(ideal_points(fit_years=(2018, 2019)))
        >>> t.year.tolist(), bool((t.pearson > 0.9).all())
        ([2018, 2019], True)
    """
    from multivector.engine._resolve import state_index

    pub = get_store().table("ideal_points")[["ccode", "year", column]].dropna()
    j = estimates[["ccode", "year", "ideal_point"]].astype({"ccode": "int64", "year": "int64"}).merge(
        pub.astype({"ccode": "int64", "year": "int64"}), on=["ccode", "year"])
    abb = state_index().info["stateabb"]
    rows = []
    for y, g in j.groupby("year", sort=True):
        x, p = g["ideal_point"].to_numpy(), g[column].to_numpy()
        if len(g) < 3:
            continue
        r = float(np.corrcoef(x, p)[0, 1])
        rho = float(pd.Series(x).rank().corr(pd.Series(p).rank()))
        slope, icpt = np.polyfit(x, p, 1)
        resid = np.abs(p - (slope * x + icpt))
        worst = g["ccode"].to_numpy()[np.argsort(-resid)[:3]]
        rows.append({"year": int(y), "states": int(len(g)), "pearson": r, "spearman": rho,
                     "off": ", ".join(str(abb.get(int(c), c)) for c in worst)})
    return pd.DataFrame(rows, columns=["year", "states", "pearson", "spearman", "off"])
