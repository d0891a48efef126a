"""UN General Assembly voting agreement for every pair of states, per session.

For each session the kernel builds one 0/1 indicator matrix ``Z`` of shape
``(3 k, R)``: rows ``0..k-1`` say which of the ``k`` states voted yes on
each of the ``R`` roll calls, the next ``k`` rows abstain, the last ``k``
no. The Gram matrix ``G = Z Z'`` (one float32 BLAS product, exact for these
counts) holds every pair's 3 x 3 table of votes at once:
``G[i*k + a, j*k + b]`` = roll calls on which state ``a`` voted category
``i`` and state ``b`` category ``j``. The tables go to
:func:`multivector.engine._similarity.similarity_votes`. No self-merge of votes,
no loop over pairs: the only Python loop is over sessions.

Definitions (docs/methodology.md, "UN General Assembly agreement"):
agreement is Bailey, Strezhnev and Voeten's ``agree``: per roll call 1 when
both states cast the same vote, 0.5 when exactly one abstained, 0 for yes
against no, averaged over the roll calls on which both voted (absence and
non-membership are not votes). By default roll calls on which every voting
state voted alike are left out (``drop_unanimous``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from multivector._errors import InvalidArgumentError
from multivector.engine._dyads import nullable
from multivector.engine._similarity import VOTE_DISTANCE, _from_cells
from multivector.data._store import get_store
from multivector._years import YearsArg, parse_years
from multivector.data.sources.unga import ISSUES  # the six topic codes and their names

_ISSUE_ALIASES = {
    "middle east": "me", "palestine": "me", "palestinian": "me", "israel": "me",
    "nuclear": "nu", "nuclear weapons": "nu",
    "disarmament": "di", "arms control": "di",
    "colonial": "co", "colonialism": "co", "decolonization": "co", "decolonisation": "co",
    "human rights": "hr", "rights": "hr",
    "economic": "ec", "development": "ec", "economic development": "ec",
}

__all__ = ["ISSUES", "parse_issues", "un_agreement"]


def parse_issues(issues: str | Iterable[str] | None) -> list[str] | None:
    """Turn issue codes or names into a list of the six codes (``None`` stays ``None``).

    Accepts the codes (``me, nu, di, co, hr, ec``), the full names as in the
    data (``"Human rights"``) and a few plain words (``"nuclear"``,
    ``"disarmament"``), case-insensitively, as a list or ``"hr,ec"``.

    Example:
        >>> parse_issues("hr, Nuclear weapons and nuclear material")
        ['hr', 'nu']
    """
    if issues is None:
        return None
    items = [p for p in issues.split(",")] if isinstance(issues, str) else list(issues)
    by_name = {v.lower(): k for k, v in ISSUES.items()}
    out: list[str] = []
    for it in items:
        key = " ".join(str(it).strip().lower().replace("_", " ").replace("-", " ").split())
        if not key:
            continue
        code = key if key in ISSUES else by_name.get(key) or _ISSUE_ALIASES.get(key)
        if code is None:
            valid = "; ".join(f"{k} ({v})" for k, v in ISSUES.items())
            raise InvalidArgumentError(f"issues: unknown issue {it!r}; valid: {valid}", "issues")
        if code not in out:
            out.append(code)
    if not out:
        raise InvalidArgumentError("issues: no issue given; valid: " + ", ".join(ISSUES), "issues")
    return out


def _sessions(years: YearsArg, sessions: YearsArg) -> list[int]:
    store = get_store()
    y0, y1 = store.un_years
    first = y0 - 1945
    last = y1 - 1945
    if years is not None and sessions is not None:
        raise InvalidArgumentError("give either years or sessions, not both (session = year - 1945)", "sessions")
    if sessions is not None:
        return parse_years(sessions, (first, last), what="the UN sessions", argument="sessions")
    ys = parse_years(years, (y0, y1), what="the UN voting data", argument="years")
    return [y - 1945 for y in ys]


def un_agreement(
    years: YearsArg = None,
    sessions: YearsArg = None,
    states: str | int | Iterable[str | int] | None = None,
    issues: str | Iterable[str] | None = None,
    important_only: bool = False,
    drop_unanimous: bool = True,
    *,
    pairs: str = "among",
    labels: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """UN General Assembly voting agreement per dyad-session.

    One row per pair of states (``ccode1 < ccode2``) that both cast at
    least one vote in the session (any roll call of the session, so the
    panel does not change shape with the filters); ``n_votes`` counts the
    roll calls behind the figures, and the figures are null when it is 0.
    States are those in the voting data, whether or not the COW state system
    lists them that year (e.g. the Byelorussian and Ukrainian SSRs, and
    2017-2019, after the COW list ends).

    Parameters:
        years: calendar years of the sessions (session = year - 1945; a
            year, ``(start, end)``, ``"1992-2019"`` or a list; default all,
            1946-2019).
        sessions: session numbers instead of years (1-74).
        states: restrict to dyads of these states; with ``pairs="among"``
            (default) both listed, with ``pairs="any"`` at least one. A single
            state means that state with every other state.
        issues: keep roll calls on these topics (codes ``me, nu, di, co, hr,
            ec`` or their names; a roll call with several topics counts if
            any matches).
        important_only: keep only roll calls flagged ``importantvote == 1``
            (US State Department's important votes; this release codes them
            for sessions 38-72, 1983-2017, so other sessions give
            ``n_votes`` 0 and null figures).
        drop_unanimous: leave out roll calls on which every voting state
            cast the same vote (default ``True``, as Bailey, Strezhnev and
            Voeten do); decided over all voting states, before ``states``.
        pairs: ``"among"`` or ``"any"`` (see ``states``).
        labels: add ``stateabb1, stateabb2`` (COW abbreviations) after the codes.
        progress: optional callback ``progress(done, total)`` per session.

    Returns:
        DataFrame sorted by ``session, ccode1, ccode2`` with columns
        ``session, year, ccode1, ccode2`` (int16) [, ``stateabb1,
        stateabb2``], ``n_votes`` (roll calls
        both voted on, after the filters), ``agree`` (mean agreement, 1 same
        vote, 0.5 one abstained, 0 yes vs no), ``s`` (Signorino-Ritter S
        over the three ordered categories, = 2 agree - 1), ``kappa``
        (Cohen) and ``pi`` (Scott), linearly weighted; the four figures are
        nullable Float64 (null when undefined).

    Example:
        >>> import multivector as mv
        >>> a = mv.un_agreement(2019, states="Russia,China")
        >>> a[["year", "ccode1", "ccode2", "n_votes"]].values.tolist()
        [[2019, 365, 710, 87]]
    """
    from multivector.data._cite import with_sources
    from multivector.engine._dyads import _blas_limit, _chosen_states, add_state_labels

    store = get_store()
    sess = _sessions(years, sessions)
    codes = parse_issues(issues)
    chosen, pairs = _chosen_states(states, pairs)
    if chosen is not None:  # a named state that cast no vote in the sessions: an error, not an empty panel
        require_votes(chosen, [s + 1945 for s in sess])

    votes = store.table("un_votes")
    rc = store.table("un_roll_calls")
    keep_rc = np.array(rc["session"].isin(sess).to_numpy(), dtype=bool)
    if important_only:
        keep_rc &= (rc["importantvote"] == 1).fillna(False).to_numpy(dtype=bool)
    if codes is not None:
        iss = store.table("un_issues")
        keep_rc &= rc["rcid"].isin(iss.loc[iss["short_name"].isin(codes), "rcid"]).to_numpy()

    v_rcid = votes["rcid"].to_numpy()
    v_ccode = votes["ccode"].to_numpy()
    v_vote = votes["vote"].to_numpy()
    rc_rcid = rc["rcid"].to_numpy()
    rc_session = rc["session"].to_numpy()
    # roll-call position of each vote, and its session
    # roll-call ids are small integers: a lookup table is one gather (no search)
    lut = np.full(int(rc_rcid.max()) + 1, -1, dtype=np.int64)
    lut[rc_rcid] = np.arange(len(rc_rcid))
    pos = lut[v_rcid]
    v_session = rc_session[pos]
    want = np.zeros(int(rc_session.max()) + 1, dtype=bool)
    want[sess] = True
    in_sessions = want[v_session]
    use_rc = keep_rc.copy()
    if drop_unanimous:
        lo = np.full(len(rc), 9, dtype=np.int8)
        hi = np.zeros(len(rc), dtype=np.int8)
        np.minimum.at(lo, pos[in_sessions], v_vote[in_sessions])
        np.maximum.at(hi, pos[in_sessions], v_vote[in_sessions])
        use_rc &= lo != hi  # a roll call with no votes has lo 9 > hi 0, so stays; it adds nothing

    # sort the votes of the requested sessions by session
    sel = np.flatnonzero(in_sessions)
    sel = sel[np.argsort(v_session[sel], kind="stable")]
    s_sorted = v_session[sel]
    bounds = np.searchsorted(s_sorted, np.asarray(sess + [10**6]))
    sel_set = None if chosen is None else np.asarray(sorted(chosen), dtype=np.int16)

    parts: dict[str, list[np.ndarray]] = {}
    with _blas_limit():
        for n, s in enumerate(sess):
            rows = sel[bounds[n]:bounds[n + 1]]
            if len(rows):
                _session(parts, s, pos[rows], v_ccode[rows], v_vote[rows], use_rc, sel_set, pairs)
            if progress is not None:
                progress(n + 1, len(sess))
    out = _frame(parts)
    if labels:
        out = add_state_labels(out)
    return with_sources(out, "unga", "cow_states")


def _session(parts, session, rc_pos, ccode, vote, use_rc, sel_set, pairs) -> None:
    """The kernel for one session: Gram matrix of vote indicators, gathered per pair."""
    states = np.unique(ccode)  # sorted: ccode1 < ccode2 follows from i < j
    if sel_set is not None and pairs == "among":
        states = states[np.isin(states, sel_set)]
    k = len(states)
    if k < 2:
        return
    keep = use_rc[rc_pos] & np.isin(ccode, states)
    rcs, r_idx = np.unique(rc_pos[keep], return_inverse=True)
    a_idx = np.searchsorted(states, ccode[keep])
    i, j = np.triu_indices(k, 1)
    if sel_set is not None and pairs == "any":
        sel = np.isin(states, sel_set)
        m = sel[i] | sel[j]
        i, j = i[m], j[m]
    cells = np.zeros((3, 3, len(i)), dtype=np.float32)  # cells[vote_a, vote_b, pair]
    if len(rcs):
        z = np.zeros((3 * k, len(rcs)), dtype=np.float32)
        z[(vote[keep].astype(np.int64) - 1) * k + a_idx, r_idx] = 1.0
        g = z @ z.T
        flat = i * (3 * k) + j
        for ci in range(3):
            for cj in range(3):
                cells[ci, cj] = np.take(g, flat + (ci * k) * (3 * k) + cj * k)
    parts.setdefault("session", []).append(np.full(len(i), session, dtype=np.int16))
    parts.setdefault("ccode1", []).append(states[i].astype(np.int16))
    parts.setdefault("ccode2", []).append(states[j].astype(np.int16))
    parts.setdefault("cells", []).append(cells)


def _frame(parts) -> pd.DataFrame:
    if not parts:
        cells = np.zeros((3, 3, 0), dtype=np.float32)
        session = ccode1 = ccode2 = np.zeros(0, dtype=np.int16)
    else:
        cells = np.concatenate(parts["cells"], axis=2)
        session = np.concatenate(parts["session"])
        ccode1 = np.concatenate(parts["ccode1"])
        ccode2 = np.concatenate(parts["ccode2"])
    sim = _from_cells(cells, VOTE_DISTANCE)
    return pd.DataFrame({
        "session": session,
        "year": (session + 1945).astype(np.int16),
        "ccode1": ccode1,
        "ccode2": ccode2,
        "n_votes": sim["n"].astype(np.int32),
        "agree": nullable(sim["agree"]),
        "s": nullable(sim["s"]),
        "kappa": nullable(sim["kappa"]),
        "pi": nullable(sim["pi"]),
    }, copy=False)


def voting_years(ccode: int) -> list[int]:
    """The years in which a state cast at least one vote (yes, abstain, no) in the UN General Assembly.

    Example:
        >>> from multivector.engine._unvotes import voting_years
        >>> ys = voting_years(713)  # Taiwan held China's seat until 1971
        >>> ys[0], ys[-1]
        (1946, 1971)
    """
    df = get_store().query(
        "select distinct r.year from un_votes v join un_roll_calls r using (rcid) where v.ccode = ? order by 1", [int(ccode)]
    )
    return [int(y) for y in df.iloc[:, 0]]


def require_votes(states, years, argument: str = "years") -> None:
    """Raise :class:`InvalidYearError` for the first state that cast no UN vote in any of ``years``.

    Used where an empty table would otherwise answer a question about a
    state outside the UN (Taiwan after 1971, Switzerland before 2002).

    Example:
        >>> from multivector.engine._unvotes import require_votes
        >>> require_votes([713], [2000])
        Traceback (most recent call last):
        ...
        multivector._errors.InvalidYearError: years: Taiwan (TAW, 713) cast no UN General Assembly vote in 2000 (it voted in 1946-1971)
    """
    from multivector._errors import InvalidYearError
    from multivector.engine._resolve import state_label

    ys = sorted({int(y) for y in years})
    for c in states:
        voted = voting_years(c)
        if ys and not set(voted) & set(ys):
            span = str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}-{ys[-1]}"
            when = f"it voted in {_spans(voted)}" if voted else "it never voted in the data"
            raise InvalidYearError(f"{argument}: {state_label(c)} cast no UN General Assembly vote in {span} ({when})", argument)


def _spans(years: list[int]) -> str:
    """``[1946, 1947, 1948, 1990]`` -> ``"1946-1948, 1990"``."""
    out, start = [], years[0]
    for a, b in zip(years, years[1:] + [None]):
        if b != a + 1:
            out.append(str(start) if start == a else f"{start}-{a}")
            start = b
    return ", ".join(out)
