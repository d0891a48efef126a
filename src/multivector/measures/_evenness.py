"""Alignment with each pillar and pillar evenness, with bootstrap intervals and a chance band.

Two channels (``docs/methodology.md``, "Alignment with the pillars" and
"Pillar evenness"):

- **institutional** (IGO data, per state-year). Method ``"signature"``
  (default): over the organizations the state is a full member of whose
  signature (restricted to the pillars considered) is neither empty nor
  complete, each organization gives weight ``1/|signature|`` to each of its
  pillars. Method ``"kappa"``: Cohen's kappa between the state's
  full-membership vector and the pillar's over the organizations alive that
  year where both are known; negative kappas count as 0 in the shares.
  World bodies (organizations of which more than half of the states in the
  system are full members) are left out by both methods: joining one is no
  choice among pillars.
- **diplomatic** (UN General Assembly votes, per state-session). Method
  ``"agree"`` (default): mean agreement (1 same vote, 0.5 one abstained, 0
  yes against no) with the pillar's position; method ``"kappa"``: the
  linearly weighted kappa. A group pillar's position on a roll call is the
  plurality vote of its members who voted, any tie counting as an
  abstention (``group_vote="plurality"``), or the distribution of its
  members' votes (``group_vote="mean"``: agreement = the mean of the
  state's agreement with each member). Roll calls on which every voting
  state voted alike are left out, as in :func:`multivector.un_agreement`.

Pillars considered for a state in a year: those that exist that year
(institutional: at least one member state in the system; diplomatic: at
least one member voted), minus, by default, a single-state pillar that is
the state itself (``exclude_own``: Russia is not balanced against itself).
A group pillar the state belongs to stays in (France keeps the European
Union: its weight comes from the organizations the EU's members share).

Shares ``s_p`` are the scores normalised over the pillars considered.
Evenness is the normalised Shannon entropy ``H = -sum s_p ln s_p / ln K``
(K pillars considered; 1 = perfectly even, 0 = one pillar only), with the
Herfindahl index ``sum s_p^2`` and the dominant pillar. It is a
description of the paper's "pillars harmonious in size", not a measure of
hedging, and it is always reported against its **chance band**: the
evenness of random portfolios of the same size (institutional) or of the
state's own votes shuffled over the same roll calls (diplomatic).

Uncertainty: a Poisson bootstrap over the units (organizations or roll
calls): replicate ``b`` gives unit ``u`` the weight ``w_bu ~ Poisson(1)``,
the same for every state and (for organizations) every year, so an
organization is resampled as a whole. The weights come from
:mod:`multivector._random` over a fixed universe (every organization of
the cube in its order, every roll call in rcid order) under one default
seed, so an interval depends only on the question, never on the years or
states asked for. All replicates are one matrix product
per year (``W @ contributions``); there is no loop over replicates.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import pandas as pd

from multivector._errors import InvalidArgumentError
from multivector._random import DEFAULT_REPLICATES, check_replicates, check_seed, poisson_weights, stream
from multivector.measures._pillars import MEMBER, NOT_MEMBER, PillarSet, as_pillar_set, check_rule
from multivector.measures._signatures import data_cube, signature_kernel, year_coverage
from multivector.engine._similarity import similarity_2x2, similarity_votes
from multivector.data._store import ABSENT, get_store
from multivector._years import YearsArg, parse_years

__all__ = ["CHANNELS", "alignment", "evenness"]

CHANNELS = ("institutional", "diplomatic")
METHODS = {"institutional": ("signature", "kappa"), "diplomatic": ("agree", "kappa")}
GROUP_VOTES = ("plurality", "mean")
AGREE = 1.0 - np.array([[0.0, 0.5, 1.0], [0.5, 0.0, 0.5], [1.0, 0.5, 0.0]])


def _check(channel: str, method: str | None, group_vote: str, bootstrap: int, level: float) -> str:
    if channel not in CHANNELS:
        raise InvalidArgumentError(f"channel: unknown channel {channel!r}; valid: {', '.join(CHANNELS)}", "channel")
    method = method or METHODS[channel][0]
    if method not in METHODS[channel]:
        raise InvalidArgumentError(f"method: {method!r} is not a method of the {channel} channel; valid: {', '.join(METHODS[channel])}", "method")
    if group_vote not in GROUP_VOTES:
        raise InvalidArgumentError(f"group_vote: unknown rule {group_vote!r}; valid: {', '.join(GROUP_VOTES)}", "group_vote")
    check_replicates(bootstrap)
    if isinstance(level, bool) or not isinstance(level, (int, float, np.number)) or not 0 < level < 1:
        raise InvalidArgumentError(f"level: confidence level must be between 0 and 1, got {level!r}", "level")
    return method


_WEIGHTS: dict = {}
_WLOCK = threading.Lock()


def _weights(seed: int, universe: str, n_units: int, bootstrap: int) -> np.ndarray:
    """Poisson weights ``[B, units]`` (float32) of a unit universe, from :mod:`multivector._random`;
    the last few are kept, since every face asks for the same default seed and count."""
    key = (seed, universe, n_units, bootstrap)
    with _WLOCK:
        w = _WEIGHTS.get(key)
    if w is None:
        w = poisson_weights(seed, universe, n_units, bootstrap).astype(np.float32)
        w.setflags(write=False)
        with _WLOCK:
            while len(_WEIGHTS) >= 4:
                _WEIGHTS.pop(next(iter(_WEIGHTS)))
            _WEIGHTS[key] = w
    return w


#: Organizations of which more than this share of the states in the system are
#: full members are world bodies, left out of the pillar shares.
WORLD_SHARE = 0.5

#: Labels of the comparison with the chance band.
VERSUS = ("less even than chance", "as even as chance", "more even than chance")


def single_state_pillars(ps: PillarSet) -> np.ndarray:
    """Boolean ``[P]``: the pillar is one state (not a group of states or an organization's members)."""
    return np.array([len(p.states) == 1 and not p.members_of for p in ps.pillars])


def world_bodies(cube) -> np.ndarray:
    """Boolean ``[O, Y]``: more than :data:`WORLD_SHARE` of the states in the system are full members."""
    key = ("world", id(cube))
    hit = _WORLD.get(key)
    if hit is not None and hit[0] is cube:
        return hit[1]
    present = (cube.status[:, 0, :] != ABSENT).sum(axis=0)  # [Y]
    full = (cube.status == 1).sum(axis=0)  # [O, Y]
    out = full > WORLD_SHARE * present[None, :]
    _WORLD[key] = (cube, out)
    return out


_WORLD: dict = {}


# --------------------------------------------------------------------------
# Channel providers: per year, the contributions of each unit to each
# (state, pillar) score, as components ``comps[C, U, S, P]`` whose weighted
# sums give the score through ``score(sums[..., C, S, P])``.


@dataclass
class _Year:
    units: np.ndarray  # global unit indices (for the bootstrap weights)
    comps: np.ndarray  # float64 [C, U, S, P]
    cons: np.ndarray  # bool [S, P]: pillar considered
    present: np.ndarray  # bool [S]: the state has data this year
    n: np.ndarray  # int [S]: units behind the figure


class _Institutional:
    universe = "organizations"  # bootstrap units: every organization of the cube, in its order

    def __init__(self, ps: PillarSet, cube, rule: str, method: str, exclude_own: bool):
        self.ps, self.cube, self.rule, self.method, self.exclude_own = ps, cube, rule, method, exclude_own
        self.kernel = signature_kernel(ps, cube, rule)
        self.membership = ps.membership(cube)
        self.single = single_state_pillars(ps)
        self.world = world_bodies(cube)
        self.n_units = cube.status.shape[1]
        self.ccodes = cube.ccodes
        self.state_index = cube.state_index
        self.coverage = year_coverage(cube)

    def own_pillars(self, si: np.ndarray, years) -> np.ndarray:
        """Boolean ``[S, Y, P]``: the state belongs to the pillar that year."""
        yi = np.asarray(years) - self.cube.year0
        return np.moveaxis(self.membership[:, si][:, :, yi], 0, -1)

    def _cons(self, y: int, si: np.ndarray):
        cube, k = self.cube, self.kernel
        yi = y - cube.year0
        present = cube.status[si, 0, yi] != ABSENT
        exists = k["exists"][:, yi]
        own = (self.membership[:, si, yi].T & self.single[None, :]) if self.exclude_own \
            else np.zeros((len(si), len(exists)), bool)
        return yi, present, exists[None, :] & ~own & present[:, None]

    def year(self, y: int, si: np.ndarray) -> _Year:
        cube, k = self.cube, self.kernel
        yi, present, cons = self._cons(y, si)
        units = np.flatnonzero(k["alive"][:, yi] & ~self.world[:, yi])
        st = cube.status[si, :, yi][:, units]  # [S, U]
        if self.method == "signature":
            member = k["member"][:, units, yi].T  # [U, P]
            full = (st == 1) & ~k["unknown"][units, yi][None, :]
            sig = member[None, :, :] & cons[:, None, :]  # [S, U, P]
            ks = sig.sum(axis=-1)
            use = full & (ks > 0) & (ks < cons.sum(axis=-1)[:, None])
            w = np.where(use[..., None], sig / np.maximum(ks, 1)[..., None], 0.0)
            comps = w.transpose(1, 0, 2)[None]  # [1, U, S, P]
            n = use.sum(axis=1)
        else:
            pst = self.ps.org_status(cube, self.rule)[:, units, yi].T  # [U, P]
            known = (st >= 0)[:, :, None] & ((pst == MEMBER) | (pst == NOT_MEMBER))[None, :, :]  # [S, U, P]
            x = (st == 1)[:, :, None]
            yv = (pst == MEMBER)[None, :, :]
            comps = np.stack([known & x & yv, known & x & ~yv, known & ~x & yv, known & ~x & ~yv]).astype(np.float64)
            comps = comps.transpose(0, 2, 1, 3)  # [4, U, S, P]
            n = known.any(axis=-1).sum(axis=1)
        return _Year(units, comps, cons, present, n)

    def chance(self, y: int, si: np.ndarray, draws: int, seed: int, level: float):
        """Evenness of random portfolios: for each state, ``draws`` portfolios of as many
        organizations as it is a full member of, drawn without replacement from the
        organizations alive that year (world bodies included: they are there to be joined and
        count for no pillar). Returns (mean, lo, hi) ``[S]``."""
        cube, k = self.cube, self.kernel
        yi, present, cons = self._cons(y, si)
        alive = np.flatnonzero(k["alive"][:, yi])
        st = cube.status[si, :, yi][:, alive]
        size = (st == 1).sum(axis=1)  # [S]
        out = [np.full(len(si), np.nan) for _ in range(3)]
        if not len(alive) or not draws:
            return out
        # one random order of the organizations per draw; the first n of an order are a portfolio of size n
        keys = _chance_keys(seed, self.n_units, draws)[:, alive]
        world = self.world[alive, yi]
        unknown = k["unknown"][alive, yi]
        sizes = np.unique(size[present & (size > 0) & (size <= len(alive))])
        if not len(sizes):
            return out
        # a few sizes (one state, a handful of peers): the n smallest keys of each draw, found by
        # partition; many sizes: one full order and running sums give every size at once
        by_size = len(sizes) <= 8
        order = None if by_size else np.argsort(keys, axis=1, kind="stable")  # [R, U]
        parts = {int(n): np.argpartition(keys, n - 1, axis=1)[:, :n] for n in sizes} if by_size else None
        a = (1 - level) / 2
        patterns, inverse = np.unique(cons, axis=0, return_inverse=True)
        for j, pat in enumerate(patterns):
            rows = np.flatnonzero(inverse.ravel() == j)
            if self.method == "signature":
                member = k["member"][:, alive, yi].T & pat[None, :]  # [U, P]
                ks = member.sum(axis=1)
                use = (ks > 0) & (ks < pat.sum()) & ~world & ~unknown
                contrib = np.where(use[:, None], member / np.maximum(ks, 1)[:, None], 0.0)  # [U, P]
                if by_size:  # [R, n_sizes, P]: weights of the n first organizations of each draw
                    score = np.stack([contrib[parts[int(n)]].sum(axis=1) for n in sizes], axis=1)
                else:
                    score = np.cumsum(contrib[order], axis=1)  # [R, U, P]
            else:
                pst = self.ps.org_status(cube, self.rule)[:, alive, yi].T  # [U, P]
                known = ((pst == MEMBER) | (pst == NOT_MEMBER)) & ~world[:, None]
                yv = (pst == MEMBER) & known
                if by_size:
                    n11 = np.stack([yv[parts[int(n)]].sum(axis=1) for n in sizes], axis=1).astype(np.float64)
                    n1 = np.stack([known[parts[int(n)]].sum(axis=1) for n in sizes], axis=1).astype(np.float64)
                else:
                    n11 = np.cumsum(yv[order], axis=1).astype(np.float64)  # [R, U, P]
                    n1 = np.cumsum(known[order], axis=1).astype(np.float64)  # known cells among the first n
                tot_y = yv.sum(axis=0)[None, None, :]
                tot_k = known.sum(axis=0)[None, None, :]
                n10 = n1 - n11
                n01 = tot_y - n11
                n00 = tot_k - n1 - n01
                score = similarity_2x2(n11, n10, n01, n00)["kappa"]
            ent = _metrics(score, np.broadcast_to(pat, score.shape))["entropy"]  # [R, sizes]
            lo, hi = _quantiles(ent, [a, 1 - a])
            fin = np.isfinite(ent)
            with np.errstate(invalid="ignore"):
                mean = np.where(fin.any(axis=0), np.nansum(np.where(fin, ent, 0.0), axis=0) / np.maximum(fin.sum(axis=0), 1), np.nan)
            for r in rows:
                n_r = size[r]
                if present[r] and 0 < n_r <= len(alive):
                    c = int(np.searchsorted(sizes, n_r)) if by_size else n_r - 1
                    out[0][r], out[1][r], out[2][r] = mean[c], lo[c], hi[c]
        return out

    def score(self, sums: np.ndarray) -> np.ndarray:
        if self.method == "signature":
            return sums[..., 0, :, :]
        return similarity_2x2(sums[..., 0, :, :], sums[..., 1, :, :], sums[..., 2, :, :], sums[..., 3, :, :])["kappa"]


_KEYS: dict = {}


def _chance_keys(seed: int, n_units: int, draws: int) -> np.ndarray:
    """Random sort keys ``[draws, units]`` for the chance portfolios (prefix-stable per unit)."""
    key = (seed, n_units, draws)
    hit = _KEYS.get(key)
    if hit is None:
        if len(_KEYS) > 4:
            _KEYS.clear()
        hit = _KEYS[key] = np.ascontiguousarray(stream(seed, "chance_portfolios").random((n_units, draws)).T)
    return hit


class _VoteData:
    """All UN votes as a dense matrix ``vote[state, roll call]`` (0 yes, 1 abstain, 2 no, -1 none)."""

    def __init__(self):
        store = get_store()
        v = store.table("un_votes")
        rc = store.table("un_roll_calls")
        self.rcids = np.sort(rc["rcid"].to_numpy())
        year_of = pd.Series(rc["year"].to_numpy(), index=rc["rcid"].to_numpy())
        self.rc_year = year_of.reindex(self.rcids).to_numpy().astype(np.int64)
        self.ccodes = np.unique(v["ccode"].to_numpy())
        self.state_index = {int(c): i for i, c in enumerate(self.ccodes)}
        vote = np.full((len(self.ccodes), len(self.rcids)), -1, dtype=np.int8)
        vote[np.searchsorted(self.ccodes, v["ccode"].to_numpy()), np.searchsorted(self.rcids, v["rcid"].to_numpy())] = v["vote"].to_numpy() - 1
        self.vote = vote
        voted = vote >= 0
        lo = np.where(voted, vote, 9).min(axis=0)
        hi = np.where(voted, vote, -1).max(axis=0)
        self.divided = lo != hi  # roll calls with at least two different votes
        self.coverage = store.un_years


_VOTES: dict = {}
_VLOCK = threading.Lock()


def _votes() -> _VoteData:
    key = id(get_store())
    with _VLOCK:
        if key not in _VOTES:
            _VOTES.clear()
            _VOTES[key] = _VoteData()
        return _VOTES[key]


class _Diplomatic:
    universe = "roll_calls"  # bootstrap units: every roll call, in rcid order

    def __init__(self, ps: PillarSet, method: str, group_vote: str, exclude_own: bool, drop_unanimous: bool = True):
        self.ps, self.method, self.group_vote, self.exclude_own = ps, method, group_vote, exclude_own
        self.single = single_state_pillars(ps)
        self.v = _votes()
        self.drop_unanimous = drop_unanimous
        cube = get_store().cube
        m = ps.membership(cube)  # [P, S_cube, Y]
        # pillar membership on the vote data's state axis; years after the cube carry its last year
        self.member = np.zeros((len(ps), len(self.v.ccodes), len(cube.years)), dtype=bool)
        for j, c in enumerate(self.v.ccodes):
            i = cube.state_index.get(int(c))
            if i is not None:
                self.member[:, j, :] = m[:, i, :]
        self.year0, self.last = cube.year0, int(cube.years[-1])
        self.n_units = len(self.v.rcids)
        self.ccodes = self.v.ccodes
        self.state_index = self.v.state_index
        self.coverage = self.v.coverage

    def _positions(self, y: int):
        """Roll calls of the year, all states' votes on them, and each pillar's position."""
        v = self.v
        keep = v.rc_year == y
        if self.drop_unanimous:
            keep &= v.divided
        units = np.flatnonzero(keep)
        vote = v.vote[:, units]  # [S_all, U]
        x_all = np.stack([vote == 0, vote == 1, vote == 2], axis=-1).astype(np.float64)  # [S_all, U, 3]
        mem = self.member[:, :, min(y, self.last) - self.year0].astype(np.float64)  # [P, S_all]
        cnt = np.einsum("ps,suj->puj", mem, x_all)  # member votes per category
        tot = cnt.sum(axis=-1)
        if self.group_vote == "plurality":
            top = cnt.max(axis=-1, keepdims=True)
            ties = (cnt == top).sum(axis=-1)
            pos = np.where(ties > 1, 1, cnt.argmax(axis=-1))
            yv = np.zeros_like(cnt)
            np.put_along_axis(yv, pos[..., None], 1.0, axis=-1)
            yv[tot == 0] = 0.0
        else:
            with np.errstate(invalid="ignore", divide="ignore"):
                yv = np.where(tot[..., None] > 0, cnt / tot[..., None], 0.0)
        return units, vote, x_all, mem, yv, tot.sum(axis=1) > 0

    def _comps(self, x: np.ndarray, yv: np.ndarray) -> np.ndarray:
        """Score components ``[C, ..., U, S, P]`` from votes ``x`` [..., S, U, 3] and positions ``yv`` [P, U, 3]."""
        if self.method == "agree":
            a = np.einsum("...sui,ij,puj->...usp", x, AGREE, yv)
            both = np.einsum("...su,pu->...usp", x.sum(axis=-1), yv.sum(axis=-1))
            return np.stack([a, both])
        c = np.einsum("...sui,puj->ij...usp", x, yv)
        return c.reshape((9,) + c.shape[2:])

    def own_pillars(self, si: np.ndarray, years) -> np.ndarray:
        """Boolean ``[S, Y, P]``: the state belongs to the pillar that year (the cube's last year after it)."""
        yi = np.minimum(np.asarray(years), self.last) - self.year0
        return np.moveaxis(self.member[:, si][:, :, yi], 0, -1)

    def _cons(self, si, mem, exists, present):
        own = (mem[:, si].T.astype(bool) & self.single[None, :]) if self.exclude_own \
            else np.zeros((len(si), len(exists)), bool)
        return exists[None, :] & ~own & present[:, None]

    def year(self, y: int, si: np.ndarray) -> _Year:
        units, _, x_all, mem, yv, exists = self._positions(y)
        x = x_all[si]  # [S, U, 3]
        present = x.sum(axis=(1, 2)) > 0
        cons = self._cons(si, mem, exists, present)
        comps = self._comps(x, yv)
        n = x.sum(axis=(1, 2)).astype(np.int64)
        return _Year(units, comps.astype(np.float64), cons, present, n)

    def chance(self, y: int, si: np.ndarray, draws: int, seed: int, level: float):
        """Evenness of the state's own votes shuffled over the roll calls it voted on (its numbers
        of yes, abstain and no kept), ``draws`` times. Returns (mean, lo, hi) ``[S]``."""
        units, vote, _, mem, yv, exists = self._positions(y)
        out = [np.full(len(si), np.nan) for _ in range(3)]
        if not len(units) or not draws:
            return out
        v = vote[si]  # [S, U]
        voted = v >= 0
        present = voted.any(axis=1)
        cons = self._cons(si, mem, exists, present)
        S, U = v.shape
        # keys of the rcids (prefix-stable); missing votes sort last, so the first n positions of an
        # order are a random permutation of the roll calls the state voted on
        keys = _chance_keys(seed, self.n_units, draws)[:, units]  # [R, U]
        a = (1 - level) / 2
        for lo_s in range(0, S, 16):  # states in blocks: [R, s, U, 3] stays small
            blk = slice(lo_s, min(lo_s + 16, S))
            vb, mb = v[blk], voted[blk]
            k = np.where(mb[None, :, :], keys[:, None, :], np.inf)
            order = np.argsort(k, axis=2, kind="stable")  # [R, s, U]
            src = np.argsort(~mb, axis=1, kind="stable")  # voted positions first, in order
            vals = np.take_along_axis(vb, src, axis=1)  # [s, U]: the state's votes, then -1
            shuffled = np.full(order.shape, -1, dtype=np.int8)
            np.put_along_axis(shuffled, order, np.broadcast_to(vals[None], order.shape), axis=2)
            xs = np.stack([shuffled == 0, shuffled == 1, shuffled == 2], axis=-1).astype(np.float64)  # [R, s, U, 3]
            comps = self._comps(xs, yv)  # [C, R, U, s, P]
            sums = comps.sum(axis=2)  # [C, R, s, P]
            score = self.score(np.moveaxis(sums, 0, 1))  # [R, s, P]
            m = _metrics(score, np.broadcast_to(cons[blk], score.shape))
            ent = m["entropy"]  # [R, s]
            lo, hi = _quantiles(ent, [a, 1 - a])
            fin = np.isfinite(ent)
            with np.errstate(invalid="ignore"):
                mean = np.where(fin.any(axis=0), np.where(fin, ent, 0).sum(axis=0) / np.maximum(fin.sum(axis=0), 1), np.nan)
            ok = present[blk]
            out[0][blk] = np.where(ok, mean, np.nan)
            out[1][blk] = np.where(ok, lo, np.nan)
            out[2][blk] = np.where(ok, hi, np.nan)
        return out

    def score(self, sums: np.ndarray) -> np.ndarray:
        if self.method == "agree":
            with np.errstate(invalid="ignore", divide="ignore"):
                return np.where(sums[..., 1, :, :] > 0, sums[..., 0, :, :] / sums[..., 1, :, :], np.nan)
        t = np.moveaxis(sums, -3, -1)  # [..., S, P, 9]
        t = t.reshape(t.shape[:-1] + (3, 3))
        return similarity_votes(t)["kappa"]


# --------------------------------------------------------------------------
# The engine


def _metrics(score: np.ndarray, cons: np.ndarray) -> dict[str, np.ndarray]:
    """Shares, normalised entropy, Herfindahl from scores [..., S, P] (whole-array operations).

    ``shares`` is missing for pillars not considered; ``raw`` holds the shares
    with 0 there (for arg-max without NaN handling).
    """
    ok = cons & np.isfinite(score)
    sc = np.where(ok, score, 0.0)
    np.maximum(sc, 0.0, out=sc)
    tot = sc.sum(axis=-1)
    k = ok.sum(axis=-1)
    pos = tot > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        sh = sc / np.where(pos, tot, 1.0)[..., None]
        logs = np.log(sh, out=np.zeros_like(sh), where=sh > 0)
        ent = np.where(pos & (k >= 2), -(sh * logs).sum(axis=-1) / np.log(np.maximum(k, 2)), np.nan)
        np.clip(ent, 0.0, 1.0, out=ent)  # an even split can round to 1 + 1e-16
        hhi = np.where(pos, (sh * sh).sum(axis=-1), np.nan)
    shares = np.where(ok & pos[..., None], sh, np.nan)
    return {"shares": shares, "raw": sh, "entropy": ent, "hhi": hhi, "k": k, "ok": ok}


def _quantiles(x: np.ndarray, qs: list[float]) -> list[np.ndarray]:
    """Linear-interpolation quantiles along axis 0 ignoring NaN, for all columns at once
    (``np.nanpercentile`` loops over columns in Python)."""
    xs = np.sort(x, axis=0)  # NaN sort last
    n = np.isfinite(xs).sum(axis=0)
    out = []
    for q in qs:
        h = (n - 1) * q
        lo = np.floor(h).astype(np.int64)
        hi = np.minimum(lo + 1, np.maximum(n - 1, 0))
        lo = np.maximum(lo, 0)
        a = np.take_along_axis(xs, lo[None], axis=0)[0]
        b = np.take_along_axis(xs, hi[None], axis=0)[0]
        v = a + (b - a) * (h - np.floor(h))
        out.append(np.where(n > 0, v, np.nan))
    return out


def _run(prov, si: np.ndarray, years: list[int], bootstrap: int, seed, level: float, keep_replicates: bool = False,
         chance: int = 0) -> dict:
    """:func:`_run_years` with BLAS held to one thread: the per-year products are small, and on a busy
    machine a thread per core made a 1,000-replicate run five times slower."""
    from multivector.engine._dyads import _blas_limit

    with _blas_limit():
        return _run_years(prov, si, years, bootstrap, seed, level, keep_replicates, chance)


def _run_years(prov, si: np.ndarray, years: list[int], bootstrap: int, seed, level: float, keep_replicates: bool = False,
               chance: int = 0) -> dict:
    """Compute point estimates and bootstrap intervals for states ``si`` over ``years``.

    The weights belong to the provider's whole unit universe (every organization of the cube in its
    order, or every roll call in rcid order), so a year's interval does not depend on the other years
    or states asked for."""
    seed = check_seed(seed)
    n_s, n_p = len(si), len(prov.ps)
    out = {k: np.full((n_s, len(years)), np.nan) for k in ("entropy", "hhi", "dom_share", "entropy_lo", "entropy_hi", "hhi_lo",
                                                            "hhi_hi", "dom_share_lo", "dom_share_hi", "dom_prob",
                                                            "chance_mean", "chance_lo", "chance_hi")}
    out["shares"] = np.full((n_s, len(years), n_p), np.nan)
    out["score"] = np.full((n_s, len(years), n_p), np.nan)
    out["dominant"] = np.full((n_s, len(years)), -1, dtype=np.int64)
    out["tied"] = np.zeros((n_s, len(years), n_p), dtype=bool)
    out["present"] = np.zeros((n_s, len(years)), dtype=bool)
    out["n"] = np.zeros((n_s, len(years)), dtype=np.int64)
    out["k"] = np.zeros((n_s, len(years)), dtype=np.int64)
    reps = np.full((bootstrap, n_s, len(years)), np.nan) if keep_replicates and bootstrap else None
    if bootstrap:
        weights = _weights(seed, prov.universe, prov.n_units, bootstrap)
    alpha = (1 - level) / 2
    for t, y in enumerate(years):  # one matrix product per year; no loop over states, units or replicates
        yr = prov.year(y, si)
        if chance:
            out["chance_mean"][:, t], out["chance_lo"][:, t], out["chance_hi"][:, t] = prov.chance(y, si, chance, seed, level)
        out["present"][:, t] = yr.present
        out["n"][:, t] = yr.n
        c, u = yr.comps.shape[:2]
        flat = yr.comps.transpose(1, 0, 2, 3).reshape(u, -1)
        sums = flat.sum(axis=0, dtype=np.float64).reshape(c, n_s, n_p)
        score = prov.score(sums)
        m = _metrics(score, yr.cons)
        out["score"][:, t] = np.where(yr.cons, score, np.nan)
        out["shares"][:, t] = m["shares"]
        out["entropy"][:, t] = m["entropy"]
        out["hhi"][:, t] = m["hhi"]
        out["k"][:, t] = m["k"]
        sh0 = np.nan_to_num(m["shares"], nan=-1.0)
        top = sh0.max(axis=-1)
        has = top > 0
        dom = np.where(has, sh0.argmax(axis=-1), -1)
        out["dominant"][:, t] = dom
        out["tied"][:, t] = has[:, None] & (np.abs(sh0 - top[:, None]) < 1e-9)
        out["dom_share"][:, t] = np.where(has, top, np.nan)
        if bootstrap and u:
            # float32 product: exact for the integer weights, ~1e-7 relative for the fractions
            bsum = (weights[:, yr.units] @ flat.astype(np.float32)).astype(np.float64).reshape(bootstrap, c, n_s, n_p)
            bm = _metrics(prov.score(bsum), yr.cons)
            be = bm["entropy"]  # [B, S]
            bh = bm["hhi"]
            bdom = np.take_along_axis(bm["shares"], np.maximum(dom, 0)[None, :, None], axis=-1)[..., 0]
            bdom = np.where(has[None, :], bdom, np.nan)
            q = [alpha, 1 - alpha]
            out["entropy_lo"][:, t], out["entropy_hi"][:, t] = _quantiles(be, q)
            out["hhi_lo"][:, t], out["hhi_hi"][:, t] = _quantiles(bh, q)
            out["dom_share_lo"][:, t], out["dom_share_hi"][:, t] = _quantiles(bdom, q)
            bmax = bm["raw"].argmax(axis=-1)  # [B, S]
            valid = np.isfinite(bh)
            out["dom_prob"][:, t] = np.where(has, ((bmax == dom[None, :]) & valid).sum(axis=0) / np.maximum(valid.sum(axis=0), 1), np.nan)
            if reps is not None:
                reps[:, :, t] = be
    out["replicates"] = reps
    return out


def _provider(channel, method, ps, rule, group_vote, exclude_own, extended, drop_unanimous=True):
    if channel == "institutional":
        return _Institutional(ps, data_cube(extended), rule, method, exclude_own)
    if extended:
        raise InvalidArgumentError("extended: the extended panel has no UN votes; use channel='institutional'", "extended")
    return _Diplomatic(ps, method, group_vote, exclude_own, drop_unanimous)


def _frame(prov, res, si, years, channel, method, bootstrap, seed=None, chance: int = 0) -> pd.DataFrame:
    keys = np.asarray(prov.ps.keys, dtype=object)
    s_i, t_i = np.nonzero(res["present"])
    dom = res["dominant"][s_i, t_i]
    tied = res["tied"][s_i, t_i]  # [N, P]
    n_tied = tied.sum(axis=1)
    dom_lab = np.where(dom >= 0, keys[np.maximum(dom, 0)], None).astype(object)
    if (n_tied > 1).any():
        from multivector.measures._signatures import _join

        joined = np.char.replace(_join(tied.T, keys).astype(str), "+", "=").astype(object)
        dom_lab = np.where(n_tied > 1, joined, dom_lab)
    ev = res["entropy"][s_i, t_i]
    clo, chi = res["chance_lo"][s_i, t_i], res["chance_hi"][s_i, t_i]
    versus = np.where(np.isfinite(ev) & np.isfinite(clo),
                      np.where(ev > chi, VERSUS[2], np.where(ev < clo, VERSUS[0], VERSUS[1])), None).astype(object)
    single = single_state_pillars(prov.ps)
    own = np.full(len(s_i), None, dtype=object)
    if prov.exclude_own and single.any():
        mem = prov.own_pillars(si, years)  # [S, Y, P]
        hit = mem[s_i, t_i] & single[None, :]
        for j in np.flatnonzero(single):
            own[hit[:, j]] = keys[j]
    df = pd.DataFrame({
        "ccode": prov.ccodes[si][s_i].astype(np.int16),
        "year": np.asarray(years, dtype=np.int16)[t_i],
        "channel": channel,
        "method": method,
        "n": res["n"][s_i, t_i],
        "n_pillars": res["k"][s_i, t_i],
        "evenness": ev,
        "evenness_lo": res["entropy_lo"][s_i, t_i],
        "evenness_hi": res["entropy_hi"][s_i, t_i],
        "chance_mean": res["chance_mean"][s_i, t_i],
        "chance_lo": clo,
        "chance_hi": chi,
        "versus_chance": pd.array(versus, dtype="string"),
        "hhi": res["hhi"][s_i, t_i],
        "hhi_lo": res["hhi_lo"][s_i, t_i],
        "hhi_hi": res["hhi_hi"][s_i, t_i],
        "dominant": pd.array(dom_lab, dtype="string"),
        "dominant_share": res["dom_share"][s_i, t_i],
        "dominant_share_lo": res["dom_share_lo"][s_i, t_i],
        "dominant_share_hi": res["dom_share_hi"][s_i, t_i],
        "dominant_prob": res["dom_prob"][s_i, t_i],
    })
    for j, k in enumerate(prov.ps.keys):
        df[f"share_{k}"] = res["shares"][s_i, t_i, j]
    df["own_pillar"] = pd.array(own, dtype="string")
    df["channel"] = df["channel"].astype("string")
    df["method"] = df["method"].astype("string")
    for c in ("ccode", "year"):
        df[c] = df[c].astype("Int64")
    df = df.reset_index(drop=True)
    df.attrs.update(seed=check_seed(seed), bootstrap=int(bootstrap), chance_draws=int(chance))
    return df


def _states_years(prov, states, years, argument="states"):
    from multivector.engine._resolve import require_in_system, resolve_states

    what = "the IGO data" if isinstance(prov, _Institutional) else "the UN voting data"
    ys = parse_years(years, prov.coverage, what=what)
    if states is None:
        si = np.arange(len(prov.ccodes))
    else:
        cs = resolve_states(states)
        if not cs:
            raise InvalidArgumentError("states: no state given (leave states out for every state)", "states")
        require_in_system(cs, ys)  # a state outside its life in every year asked: an error, not an empty table
        if not isinstance(prov, _Institutional):
            from multivector.engine._unvotes import require_votes

            require_votes(cs, ys)  # in the system but outside the UN (Taiwan after 1971): an error too
        si = np.array([prov.state_index[c] for c in cs if c in prov.state_index], dtype=np.int64)
    return si, ys


#: Default number of chance portfolios (or vote shuffles) behind the chance band.
DEFAULT_CHANCE_DRAWS = 1000


def _check_chance(chance) -> int:
    if isinstance(chance, bool) or not isinstance(chance, (int, np.integer)) or not 0 <= chance <= 100_000:
        raise InvalidArgumentError(f"chance: number of chance draws must be a whole number from 0 to 100000, got {chance!r}",
                                   "chance")
    return int(chance)


def evenness(states=None, years: YearsArg = None, channel: str = "institutional", pillars=None,
             bootstrap: int = DEFAULT_REPLICATES, seed: int | None = None, *, chance: int = DEFAULT_CHANCE_DRAWS,
             method: str | None = None, rule: str = "majority", group_vote: str = "plurality", exclude_own: bool = True,
             level: float = 0.95, extended: bool = False) -> pd.DataFrame:
    """How evenly a state's engagement is spread over the pillars, per year, against chance.

    The normalised Shannon entropy of the state's pillar shares (1: every
    pillar the same share; 0: one pillar takes all), the paper's "pillars
    harmonious in size". It describes the spread, it does not measure
    hedging (see :func:`multivector.hedging`), and every figure comes with
    its **chance band**: the evenness of ``chance`` random portfolios of the
    same size drawn from the organizations alive that year (institutional),
    or of the state's own votes shuffled over the same roll calls
    (diplomatic); ``versus_chance`` says whether the state is more even,
    as even, or less even than chance (``docs/methodology.md``, "Pillar
    evenness").

    Parameters:
        states: one state or several (names, COW or ISO codes; list or
            ``"A, B"``), or None for every state with data.
        years: a year, ``(start, end)``, ``"1992-2014"`` or a list
            (default: every year of the channel's data).
        channel: ``"institutional"`` (IGO memberships, 1816-2014; to 2025
            with ``extended``) or ``"diplomatic"`` (UN votes, 1946-2019).
        pillars: pillar definitions (default Russia, China, United States,
            European Union, Turkey; see :mod:`multivector.measures._pillars`).
        bootstrap: Poisson-bootstrap replicates over organizations or roll
            calls (default 1000; 0: no intervals).
        seed: seed of the bootstrap and the chance draws (default: the one
            package seed, ``multivector.DEFAULT_SEED``).
        chance: random portfolios (vote shuffles) behind the chance band
            (default 1000; 0: no band).
        method: ``"signature"`` (default) or ``"kappa"`` (institutional);
            ``"agree"`` (default) or ``"kappa"`` (diplomatic).
        rule: group-pillar membership rule (``"majority"``, ``"any"``, ``"all"``).
        group_vote: a group pillar's UN position, ``"plurality"`` or ``"mean"``.
        exclude_own: leave out a single-state pillar that is the state itself
            (default True: Russia is not balanced against Russia). A group
            pillar the state belongs to always stays in.
        level: confidence level of the intervals and the band (default 0.95).
        extended: institutional channel on the provisional extended panel.

    Returns:
        DataFrame, one row per state-year with data: ``ccode, year, channel,
        method, n`` (organizations or roll calls behind the figure),
        ``n_pillars`` (K), ``evenness`` (missing when K < 2 or no unit),
        ``evenness_lo, evenness_hi``, ``chance_mean, chance_lo, chance_hi``,
        ``versus_chance``, ``hhi`` (Herfindahl) with interval, ``dominant``
        (pillar key; ties joined by ``=``), ``dominant_share`` with
        interval, ``dominant_prob`` (share of replicates with the same
        dominant pillar), ``share_<pillar>`` for each pillar (missing when
        not considered) and ``own_pillar`` (the state's own pillar left
        out, if any). ``attrs``: seed, bootstrap, chance_draws.

    Example:
        >>> import multivector as mv
        >>> e = mv.evenness("Estonia", 2014, bootstrap=0, chance=200)
        >>> e.dominant.iloc[0], e.versus_chance.iloc[0] in ("less even than chance", "as even as chance", "more even than chance")
        ('eu', True)
    """
    check_rule(rule)
    method = _check(channel, method, group_vote, bootstrap, level)
    chance = _check_chance(chance)
    ps = as_pillar_set(pillars)
    prov = _provider(channel, method, ps, rule, group_vote, exclude_own, extended)
    si, ys = _states_years(prov, states, years)
    seed = check_seed(seed)
    res = _run(prov, si, ys, bootstrap, seed, level, chance=chance)
    df = _frame(prov, res, si, ys, channel, method, bootstrap, seed, chance)
    from multivector.data._cite import with_sources

    return with_sources(df, "cow_igo", "cow_states") if channel == "institutional" else with_sources(df, "unga", "cow_states")


def evenness_replicates(state, years, channel="institutional", pillars=None, bootstrap=DEFAULT_REPLICATES, seed=None, *,
                        method=None, rule="majority", group_vote="plurality", exclude_own=True, extended=False):
    """Point evenness ``[Y]`` and bootstrap replicates ``[B, Y]`` for one state (for period summaries)."""
    check_rule(rule)
    method = _check(channel, method, group_vote, bootstrap, 0.95)
    ps = as_pillar_set(pillars)
    prov = _provider(channel, method, ps, rule, group_vote, exclude_own, extended)
    from multivector.engine._resolve import resolve_state

    si, ys = _states_years(prov, [resolve_state(state)], years)
    res = _run(prov, si, ys, bootstrap, seed, 0.95, keep_replicates=True)
    reps = res["replicates"][:, 0, :] if res["replicates"] is not None else np.zeros((0, len(ys)))
    return ys, res, reps, prov


def alignment(states, years: YearsArg = None, channel: str = "institutional", pillars=None, *, rule: str = "majority",
              group_vote: str = "plurality", exclude_own: bool = True, extended: bool = False) -> pd.DataFrame:
    """Alignment of states with each pillar per year, by both methods of the channel.

    Parameters:
        states: one state or several (list or ``"A, B"``); None for all.
        years: years (default: all of the channel's data).
        channel: ``"institutional"`` or ``"diplomatic"``.
        pillars, rule, group_vote, exclude_own, extended: as in :func:`evenness`.

    Returns:
        Long DataFrame, one row per state-year-pillar where the state has data:

        - institutional: ``ccode, year, pillar, considered`` (the pillar
          exists and is not the state's own), ``n_orgs`` (organizations
          behind the signature shares), ``n_with_pillar`` (those of them
          whose signature includes the pillar), ``weight`` (sum of ``1/|signature|``),
          ``share`` (weight over the sum of weights), ``kappa`` (Cohen's
          kappa of the two membership vectors) and ``n_compared``
          (organizations where both are known);
        - diplomatic: ``ccode, year, session, pillar, considered, n_votes`` (roll
          calls the state voted on), ``agree``, ``kappa``, ``share``
          (agreement over the sum of agreements).

        Figures for pillars not considered are missing.

    Example:
        >>> import multivector as mv
        >>> a = mv.alignment("Kazakhstan", 2014).set_index("pillar")
        >>> round(float(a.loc["russia", "weight"]), 3), int(a.loc["russia", "n_orgs"])
        (11.833, 24)
    """
    check_rule(rule)
    _check(channel, None, group_vote, 0, 0.95)
    ps = as_pillar_set(pillars)
    m1, m2 = METHODS[channel]
    p1 = _provider(channel, m1, ps, rule, group_vote, exclude_own, extended)
    p2 = _provider(channel, m2, ps, rule, group_vote, exclude_own, extended)
    si, ys = _states_years(p1, states, years)
    r1 = _run(p1, si, ys, 0, None, 0.95)
    n_p = len(ps)
    # second method: raw scores and the units behind them
    n2 = np.zeros((len(si), len(ys)), dtype=np.int64)
    s2 = np.full((len(si), len(ys), n_p), np.nan)
    counts = np.zeros((len(si), len(ys), n_p), dtype=np.int64)
    for t, y in enumerate(ys):
        if channel == "institutional":
            counts[:, t] = (p1.year(y, si).comps[0] > 0).sum(axis=0)
        yr = p2.year(y, si)
        sums = yr.comps.sum(axis=1, dtype=np.float64)
        s2[:, t] = np.where(yr.cons, p2.score(sums), np.nan)
        n2[:, t] = sums.sum(axis=0).max(axis=-1) if channel == "institutional" else yr.n
    s_i, t_i = np.nonzero(r1["present"])
    rows = len(s_i)
    rep = lambda a: np.repeat(a, n_p)  # noqa: E731
    cons = np.isfinite(r1["score"][s_i, t_i]) | np.isfinite(s2[s_i, t_i])
    df = pd.DataFrame({
        "ccode": rep(p1.ccodes[si][s_i].astype(np.int16)),
        "year": rep(np.asarray(ys, dtype=np.int16)[t_i]),
        "pillar": np.tile(np.asarray(ps.keys, dtype=object), rows),
        "considered": cons.reshape(-1),
    })
    if channel == "institutional":
        df["n_orgs"] = rep(r1["n"][s_i, t_i])
        df["n_with_pillar"] = counts[s_i, t_i].reshape(-1)
        df["weight"] = r1["score"][s_i, t_i].reshape(-1)
        df["share"] = r1["shares"][s_i, t_i].reshape(-1)
        df["kappa"] = s2[s_i, t_i].reshape(-1)
        df["n_compared"] = rep(n2[s_i, t_i])
    else:
        df.insert(2, "session", (df["year"] - 1945).astype(np.int16))
        df["n_votes"] = rep(r1["n"][s_i, t_i])
        df["agree"] = r1["score"][s_i, t_i].reshape(-1)
        df["kappa"] = s2[s_i, t_i].reshape(-1)
        df["share"] = r1["shares"][s_i, t_i].reshape(-1)
    df["pillar"] = df["pillar"].astype("string")
    return df
