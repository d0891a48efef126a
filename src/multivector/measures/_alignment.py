"""The alignment kernel: security commitment, diplomatic and institutional
tilt, engagement with each pole, for every state in a year, with bootstrap
replicates (``docs/methodology.md``, "Poles" to "Hedging").

Everything here works on whole arrays per year over one fixed axis of
states (every COW state code, :func:`state_axis`); the public functions in
``_tilt.py``, ``_hedging.py`` and ``_commitment.py`` select states and years
and label the result. No loop runs over states, organizations, treaties or
replicates: a year costs a handful of matrix products.

Channels, for state ``s`` in year ``t`` (the first pole ``A`` is the
positive end, the second ``B`` the negative end):

- **security**: ``commitment_P`` in [0, 1], the share of the pole's pillar
  members with whom ``s`` has a *counted* ATOP defence or offence
  obligation (either direction), maximum over the pole's pillars; 1 for a
  state that belongs to one of the pole's pillars. A tie counts when it is
  bilateral (no third state is allied to both) or both states are full
  members of an alliance organization (``data/poles.toml``).
  ``tilt = commitment_A - commitment_B``.
- **diplomatic**: the state's UN ideal point ``x`` against the median
  state ``m`` in units of the distance from ``m`` to the farther pole:
  ``tilt = clip((x - m) / max(|x_A - m|, |x_B - m|), -1, 1)``, signed so
  that ``A`` is positive; a pole's position is the mean of its pillars'
  positions (a group pillar: the mean of its members).
- **institutional**: over the organizations that discriminate between the
  poles (one pole present, the other absent although it could have joined:
  its region is among the organization's; neither near-universal), the
  balance ``r = (W - E) / (W + E)`` of the state's full memberships with
  the first pole (``W``) and the second (``E``), against the median state
  ``m_r``: ``tilt = (r - m_r) / (1 - m_r)`` above it, ``(r - m_r) / (1 +
  m_r)`` below. Engagement with a pole: full memberships in organizations
  where the pole is present (near-universal ones left out).

A pillar the state itself belongs to is judged on its other members
(leave-one-out): France's European Union is the other members; a
single-state pillar is left out for that state (Russia's East is China).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd

from multivector._errors import InvalidArgumentError
from multivector._random import normal_draws, poisson_weights
from multivector.data._store import ABSENT, get_store
from multivector.engine._regions import REGIONS, region_index
from multivector.measures._poles import PoleSet

#: Organizations of which more than this share of the states in the system
#: are full members are world bodies: joining one is no choice between poles.
NEAR_UNIVERSAL = 0.5

#: An absent pole could have joined an organization when at least this share of the
#: organization's members (other than the poles' own states) are from its region.
ELIGIBLE_SHARE = 0.25

#: Fewest discriminating memberships behind an institutional tilt.
MIN_INFORMATIVE = 3

#: Last year of the published COW IGO data.
COW_LAST = 2014

#: z of the 5% and 95% posterior quantiles (the publisher's q5 and q95).
Z90 = 1.6448536269514722

#: Ideal-point series of the publisher: column of the estimate and prefix of its quantiles.
IDEAL_SERIES = {"fp": ("idealpointfp", "fp"), "all": ("idealpointall", "all"), "legacy": ("idealpointlegacy", None)}

SECURITY_FLAGS = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")


def check_ideal(ideal_point: str) -> str:
    if ideal_point not in IDEAL_SERIES:
        raise InvalidArgumentError(f"ideal_point: unknown series {ideal_point!r}; valid: {', '.join(IDEAL_SERIES)}",
                                   "ideal_point")
    return ideal_point


# --------------------------------------------------------------------------
# Fixed axes and cached inputs


class _Inputs:
    """Inputs that do not depend on the poles: the state axis, the system
    matrix, ATOP ties, ideal points. One per store."""

    def __init__(self):
        from multivector.data._system import system_matrix

        store = get_store()
        states = store.table("states")
        self.ccodes = np.unique(states["ccode"].to_numpy().astype(np.int64))
        self.index = {int(c): i for i, c in enumerate(self.ccodes)}
        self.system = system_matrix(states)[self.ccodes]  # [S, year - 1816]
        self.region = region_index(self.ccodes)
        al = store.table("alliances")
        self.atop = al
        self.atop_years = (int(al["year"].min()), int(al["year"].max()))
        ip = store.table("ideal_points")
        self.ip = ip.reset_index(drop=True)
        self.ip_years = (int(ip["year"].min()), int(ip["year"].max()))
        self._ties: dict = {}
        self._slices: dict = {}
        self._pillars: dict = {}
        self._lock = threading.Lock()

    def in_system(self, year: int) -> np.ndarray:
        from multivector.data._system import SYSTEM_FIRST_YEAR, SYSTEM_LAST_YEAR

        y = min(year, SYSTEM_LAST_YEAR)  # 2025 (extended panel): the states of 2024
        if y < SYSTEM_FIRST_YEAR:
            return np.zeros(len(self.ccodes), bool)
        return self.system[:, y - SYSTEM_FIRST_YEAR]

    def ties(self, year: int, flags: tuple = ("ally",)) -> dict[str, np.ndarray]:
        """Symmetric boolean matrices [S, S] of ATOP obligations in ``year`` (either direction): ``ally``
        (defence or offence), and any of :data:`SECURITY_FLAGS` asked for."""
        with self._lock:
            if not hasattr(self, "_atop_rows"):
                a = self.atop
                yrs = a["year"].to_numpy()
                order = np.argsort(yrs, kind="stable")
                fl = {f: a[f].to_numpy()[order] == 1 for f in SECURITY_FLAGS}
                fl["ally"] = fl["atop_defense"] | fl["atop_offense"]
                self._atop_rows = (yrs[order], np.searchsorted(self.ccodes, a["ccode1"].to_numpy()[order]),
                                   np.searchsorted(self.ccodes, a["ccode2"].to_numpy()[order]), fl)
            cached = self._ties.setdefault(year, {})
            missing = [f for f in flags if f not in cached]
        if missing:
            yrs, i_all, j_all, fl = self._atop_rows
            lo, hi = np.searchsorted(yrs, year, "left"), np.searchsorted(yrs, year, "right")
            i, j = i_all[lo:hi], j_all[lo:hi]
            n = len(self.ccodes)
            for f in missing:
                m = np.zeros((n, n), bool)
                v = fl[f][lo:hi]
                m[i[v], j[v]] = True
                m[j[v], i[v]] = True
                np.fill_diagonal(m, False)
                cached[f] = m
            with self._lock:
                if len(self._ties) > 256:
                    self._ties.clear()
                self._ties[year] = cached
        return {f: cached[f] for f in flags}

    def cube_slices(self, cube) -> np.ndarray:
        """The cube as contiguous year slices on the kernel's state axis: int8 ``[Y, S_axis, O]``
        (ABSENT where the state has no row). Cached per cube."""
        key = id(cube)
        with self._lock:
            hit = self._slices.get(key)
        if hit is not None and hit[0] is cube:
            return hit[1]
        axis = self.ccodes
        out = np.full((len(cube.years), len(axis), cube.status.shape[1]), ABSENT, dtype=np.int8)
        pos = np.searchsorted(axis, cube.ccodes)
        ok = (pos < len(axis)) & (axis[np.minimum(pos, len(axis) - 1)] == cube.ccodes)
        out[:, pos[ok], :] = np.moveaxis(cube.status[ok], 2, 0)
        out.setflags(write=False)
        with self._lock:
            if len(self._slices) > 4:
                self._slices.clear()
            self._slices[key] = (cube, out)
        return out

    def pillar_slices(self, poles: PoleSet, cube) -> np.ndarray:
        """Pillar membership per year on the kernel's state axis: bool ``[Y, P, S_axis]``."""
        key = (id(poles), id(cube))
        with self._lock:
            hit = self._pillars.get(key)
        if hit is not None and hit[0] is cube and hit[1] is poles:
            return hit[2]
        m = poles.pillar_set.membership(cube)  # [P, S_cube, Y]
        axis = self.ccodes
        out = np.zeros((m.shape[2], m.shape[0], len(axis)), bool)
        pos = np.searchsorted(axis, cube.ccodes)
        ok = (pos < len(axis)) & (axis[np.minimum(pos, len(axis) - 1)] == cube.ccodes)
        out[:, :, pos[ok]] = np.moveaxis(m[:, ok, :], 2, 0)
        out.setflags(write=False)
        with self._lock:
            if len(self._pillars) > 16:
                self._pillars.clear()
            self._pillars[key] = (cube, poles, out)
        return out


_INPUTS: dict = {}
_ILOCK = threading.Lock()


def inputs() -> _Inputs:
    key = id(get_store())
    with _ILOCK:
        if key not in _INPUTS:
            _INPUTS.clear()
            _INPUTS[key] = _Inputs()
        return _INPUTS[key]


def state_axis() -> np.ndarray:
    """Every COW state code, sorted: the state axis of the kernel."""
    return inputs().ccodes


_PIN = threading.local()


@contextmanager
def _pinned_cubes():
    """Within one computation, read the cubes once (finding the extended cube checks every records
    file; a hedging series asks for it once per year and channel)."""
    if getattr(_PIN, "cubes", None) is not None:
        yield
        return
    _PIN.cubes = {}
    try:
        yield
    finally:
        _PIN.cubes = None


def _cube(extended: bool):
    from multivector.measures._signatures import data_cube

    pins = getattr(_PIN, "cubes", None)
    if pins is None:
        return data_cube(extended)
    hit = pins.get(extended)
    if hit is None:
        hit = pins[extended] = data_cube(extended)
    return hit


def _cube_year(cube, year: int, axis: np.ndarray):
    """Statuses ``[S_axis, O]`` of ``year`` on the kernel's state axis (ABSENT where the state
    has no row), or None when the cube does not cover the year."""
    if year < int(cube.years[0]) or year > int(cube.years[-1]):
        return None
    return inputs().cube_slices(cube)[year - cube.year0]


def _membership_year(poles: PoleSet, year: int, axis: np.ndarray, extended: bool) -> np.ndarray:
    """Pillar membership ``[P, S_axis]`` in ``year``: the COW data to 2014, the extended panel after."""
    cube = _cube(extended or year > COW_LAST)
    if year > int(cube.years[-1]) or year < int(cube.years[0]):
        cube = _cube(True) if year > COW_LAST else _cube(False)
        if year > int(cube.years[-1]) or year < int(cube.years[0]):
            return np.zeros((len(poles.pillar_set), len(axis)), bool)
    return inputs().pillar_slices(poles, cube)[year - cube.year0]


def _leave_one_out(member: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For pillar membership ``[P, S]``: the number of *other* members each state sees ``[S, P]``
    and whether the pillar is usable for the state (has another member)."""
    n = member.sum(axis=1)[None, :]  # [1, P]
    others = n - member.T  # [S, P]
    return others, others > 0


# --------------------------------------------------------------------------
# Security


@dataclass
class Security:
    commitment: np.ndarray  # [S, 2] float (NaN: no data)
    treaty: np.ndarray  # [S, 2] any ATOP defence/offence obligation (share), before the counting rule
    own: np.ndarray  # [S, 2] bool: the state belongs to a pillar of the pole
    by_pillar: dict  # flag -> [S, P] share of the pillar's other members with that obligation
    counted_by_pillar: np.ndarray  # [S, P]
    via: list  # per pole: [S] object, alliance organizations / 'bilateral' behind the commitment
    carried: bool  # ATOP's last year carried forward
    atop_year: int


def security(poles: PoleSet, year: int, extended: bool = False, details: bool = False) -> Security | None:
    """Security commitments of every state of the axis to each pole in ``year`` (with ``details``,
    also the share of each pillar's states with each ATOP obligation, for :func:`multivector.alliances`).

    None when ATOP does not cover the year (after 2018 unless ``extended``,
    which carries ATOP's last year forward: provisional).
    """
    inp = inputs()
    a0, a1 = inp.atop_years
    carried = False
    atop_year = year
    if year > a1:
        if not extended:
            return None
        atop_year, carried = a1, True
    if atop_year < a0:
        return None
    axis = inp.ccodes
    S = len(axis)
    present = inp.in_system(year)
    t = inp.ties(atop_year, ("ally",) + (SECURITY_FLAGS if details else ()))
    member = _membership_year(poles, year, axis, extended)  # [P, S]
    g_idx = np.flatnonzero(member.any(axis=0))  # the poles' states
    memG = member[:, g_idx].astype(np.float32)  # [P, G]
    ally = t["ally"]
    ai = ally.astype(np.float32)
    not_self = np.ones((S, len(g_idx)), bool)
    not_self[g_idx, np.arange(len(g_idx))] = False
    allyG = ally[:, g_idx] & not_self  # [S, G]
    # alliance organizations: full members in the year (COW to 2014, extended panel after)
    cube = _cube(extended or year > COW_LAST)
    st = _cube_year(cube, year, axis)
    orgs = [o for o in poles.alliance_orgs if o in cube.org_index]
    if st is not None and orgs:
        ao = (st[:, [cube.org_index[o] for o in orgs]] == 1).astype(np.float32)  # [S, K]
    else:
        ao = np.zeros((S, 0), np.float32)
    # a tie counts when no third state is allied to both (bilateral) or both are in an alliance organization
    common = ai @ ai[:, g_idx]  # [S, G]: allies in common
    shared_ao = (ao @ ao[g_idx].T) > 0 if ao.shape[1] else np.zeros_like(allyG)
    countedG = allyG & ((common == 0) | shared_ao)
    others, usable = _leave_one_out(member)
    denom = np.where(usable, others, 1).astype(np.float32)

    def share(mG: np.ndarray) -> np.ndarray:
        x = mG.astype(np.float32) @ memG.T  # [S, P]: obligations with the other members of each pillar
        return np.where(usable, x / denom, np.nan)

    by_pillar = {f: share(t[f][:, g_idx] & not_self) for f in SECURITY_FLAGS} if details else {}
    counted_p = share(countedG)
    treaty_p = share(allyG)
    pole_of = np.asarray(poles.pillar_pole)
    own = np.stack([(member[pole_of == k].any(axis=0)) for k in (0, 1)], axis=1)  # [S, 2]
    commit = np.full((S, 2), np.nan)
    treaty = np.full((S, 2), np.nan)
    via = []
    names = [o.upper() if o != "wpact" else "Warsaw Pact" for o in orgs]
    for k in (0, 1):
        cols = np.flatnonzero(pole_of == k)
        c = np.fmax.reduce(np.where(usable[:, cols], counted_p[:, cols], np.nan), axis=1) if len(cols) else np.full(S, np.nan)
        tr = np.fmax.reduce(np.where(usable[:, cols], treaty_p[:, cols], np.nan), axis=1) if len(cols) else np.full(S, np.nan)
        c = np.where(own[:, k], 1.0, c)  # a member of the pole is committed to it; ``tr`` stays ATOP's fact
        commit[:, k] = np.where(present, c, np.nan)
        treaty[:, k] = np.where(present, tr, np.nan)
        # what the commitment rests on: alliance organizations shared with the pole's states, else a bilateral treaty
        labels = np.full(S, "", dtype=object)
        has_c = (np.nan_to_num(c) > 0) & present & ~own[:, k]
        if has_c.any():
            pole_states = member[cols].any(axis=0)
            tied = (countedG & (memG[cols].sum(axis=0) > 0)[None, :])  # [S, G] counted ties with this pole's states
            for s in np.flatnonzero(has_c):  # few states per year have a commitment
                via_orgs = [nm for j, nm in enumerate(names)
                            if ao.shape[1] and ao[s, j] > 0 and (ao[g_idx[tied[s]], j] > 0).any()]
                labels[s] = ", ".join(via_orgs) if via_orgs else "bilateral treaty"
            del pole_states
        labels[own[:, k] & present] = "member of the pole"
        via.append(labels)
    return Security(commit, treaty, own, by_pillar, counted_p, via, carried, atop_year)


# --------------------------------------------------------------------------
# Diplomatic


@dataclass
class Diplomatic:
    x: np.ndarray  # [S] ideal point (NaN: none)
    tilt: np.ndarray  # [S]
    reps: np.ndarray | None  # [B, S]
    median: float
    pole_pos: np.ndarray  # [S, 2]
    n_votes: np.ndarray  # [S]


def _ip_draws(seed: int, n_rep: int) -> np.ndarray:
    key = (id(get_store()), seed, n_rep)
    with _DLOCK:
        hit = _DRAWS.get(key)
        if hit is None:
            _DRAWS.clear()
            hit = _DRAWS[key] = normal_draws(seed, "ideal_points", len(inputs().ip), n_rep).astype(np.float32)
        return hit


_DRAWS: dict = {}
_DLOCK = threading.Lock()


def _pole_positions(x: np.ndarray, member: np.ndarray, pole_of: np.ndarray, cols: np.ndarray | None = None) -> np.ndarray:
    """Pole positions seen by each state, leave-one-out: ``x`` [..., S] -> [..., C, 2] for the
    states ``cols`` (default all).

    A state outside every pillar sees each pillar's mean position; a pillar's own member sees
    the mean of the other members (only those few columns are recomputed)."""
    has = np.isfinite(x)
    xv = np.where(has, x, 0.0)
    m = member.astype(x.dtype)  # [P, S]
    tot = xv @ m.T  # [..., P]
    cnt = has.astype(x.dtype) @ m.T  # [..., P]

    def poles_of(tot_s, cnt_s):
        with np.errstate(invalid="ignore", divide="ignore"):
            pill = np.where(cnt_s > 0, tot_s / np.where(cnt_s > 0, cnt_s, 1), np.nan)
        out = []
        for k in (0, 1):
            p = pill[..., pole_of == k]
            ok = np.isfinite(p)
            with np.errstate(invalid="ignore", divide="ignore"):
                out.append(np.where(ok.any(axis=-1), np.where(ok, p, 0).sum(axis=-1) / np.maximum(ok.sum(axis=-1), 1), np.nan))
        return np.stack(out, axis=-1)

    cols = np.arange(x.shape[-1]) if cols is None else cols
    res = np.repeat(poles_of(tot, cnt)[..., None, :], len(cols), axis=-2)  # [..., C, 2]
    mine = np.flatnonzero(member[:, cols].any(axis=0))  # pillar members among the columns
    if len(mine):
        mc = cols[mine]
        own = member[:, mc].T.astype(x.dtype)  # [M, P]
        tot_s = tot[..., None, :] - xv[..., mc, None] * own  # [..., M, P]
        cnt_s = cnt[..., None, :] - has[..., mc, None].astype(x.dtype) * own
        res[..., mine, :] = poles_of(tot_s, cnt_s)
    return res


def _median_state(x: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Median ideal point of the states in the system, ``[..., 1]``."""
    xs = np.where(present, x, np.nan)
    return np.nanmedian(xs, axis=-1, keepdims=True) if np.isfinite(xs).any() else np.full(x.shape[:-1] + (1,), np.nan)


def _diplomatic_tilt(x: np.ndarray, pos: np.ndarray, present: np.ndarray, med: np.ndarray | None = None
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Tilt from ideal points ``x`` [..., C] and pole positions [..., C, 2]; ``med`` the median
    state [..., 1] (default: the median of ``x`` itself)."""
    if med is None:
        med = _median_state(x, present)
    a, b = pos[..., 0], pos[..., 1]
    unit = np.fmax(np.abs(a - med), np.abs(b - med))
    sign = np.sign(a - b)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.clip(sign * (x - med) / unit, -1.0, 1.0)
    t = np.where(present & np.isfinite(x) & (unit > 0) & (sign != 0), t, np.nan)
    return t, med[..., 0]


def diplomatic(poles: PoleSet, year: int, ideal_point: str = "fp", n_rep: int = 0, seed: int = 0,
               extended: bool = False, cols: np.ndarray | None = None) -> Diplomatic | None:
    """Diplomatic tilt of every state from the published UN ideal points of ``year``; replicates
    ``[B, C]`` for the states ``cols`` (default all)."""
    inp = inputs()
    col, q = IDEAL_SERIES[check_ideal(ideal_point)]
    if not inp.ip_years[0] <= year <= inp.ip_years[1]:
        return None
    ip = inp.ip
    rows = np.flatnonzero(ip["year"].to_numpy() == year)
    axis = inp.ccodes
    x = np.full(len(axis), np.nan)
    sd = np.full(len(axis), np.nan)
    nv = np.full(len(axis), np.nan)
    pos = np.searchsorted(axis, ip["ccode"].to_numpy()[rows])
    ok = (pos < len(axis)) & (axis[np.minimum(pos, len(axis) - 1)] == ip["ccode"].to_numpy()[rows])
    rows, pos = rows[ok], pos[ok]
    x[pos] = ip[col].to_numpy(dtype=float)[rows]
    if q is not None:
        sd[pos] = (ip[f"q95{q}"].to_numpy(dtype=float)[rows] - ip[f"q5{q}"].to_numpy(dtype=float)[rows]) / (2 * Z90)
        nv[pos] = ip[f"nvotes{q}"].to_numpy(dtype=float)[rows]
    else:
        nv[pos] = ip["nvotesLegacy"].to_numpy(dtype=float)[rows]
    if not np.isfinite(x).any():
        return None
    present = inp.in_system(year)
    member = _membership_year(poles, year, axis, extended)
    pole_of = np.asarray(poles.pillar_pole)
    pp = _pole_positions(x, member, pole_of)
    t, med = _diplomatic_tilt(x, pp, present)
    reps = None
    if n_rep:
        z = np.zeros((n_rep, len(axis)), np.float32)
        z[:, pos] = _ip_draws(seed, n_rep)[:, rows]
        xr = (x[None, :] + np.nan_to_num(sd)[None, :] * z).astype(np.float64)
        xr[:, ~np.isfinite(x)] = np.nan
        c = np.arange(len(axis)) if cols is None else cols
        reps, _ = _diplomatic_tilt(xr[:, c], _pole_positions(xr, member, pole_of, c), present[None, c],
                                   _median_state(xr, present[None, :]))
        reps = reps.astype(np.float32)
        if q is None:  # the legacy series has no posterior quantiles: no interval
            reps = np.full_like(reps, np.nan)
    return Diplomatic(x, t, reps, float(med), pp, nv)


# --------------------------------------------------------------------------
# Institutional


@dataclass
class Institutional:
    W: np.ndarray  # [S] discriminating memberships with the first pole
    E: np.ndarray  # [S] ... with the second
    r: np.ndarray  # [S]
    tilt: np.ndarray  # [S]
    engage: np.ndarray  # [S, 2] memberships in organizations where the pole is present
    balance: np.ndarray  # [S] min/max of engage
    reps: dict | None  # tilt [B, S], balance [B, S] (float32)
    baseline: np.ndarray  # [S] r of a random portfolio from the discriminating organizations open to the state
    n_informative: np.ndarray  # [S] the state's memberships in organizations that discriminate


def _inst_stats(W, E, eW, eE, NA, NB, present, min_n: float = MIN_INFORMATIVE):
    """Tilt and engagement balance from sums (any leading axes): ``W``/``E`` the state's
    discriminating memberships with each pole, ``NA``/``NB`` the discriminating organizations
    open to it (the chance baseline), ``eW``/``eE`` engagement. Replicates pass ``min_n`` just
    above 0: whether the channel has a figure is decided by the point estimate, not by each draw."""
    tot = W + E
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(tot >= min_n, (W - E) / np.where(tot > 0, tot, 1), np.nan)
        r0 = np.where(NA + NB > 0, (NA - NB) / np.where(NA + NB > 0, NA + NB, 1), np.nan)
        up = np.where(1 - r0 > 0, (r - r0) / (1 - r0), 0.0)
        dn = np.where(1 + r0 > 0, (r - r0) / (1 + r0), 0.0)
    t = np.where(r >= r0, up, dn)
    t = np.where(present & np.isfinite(r) & np.isfinite(r0), np.clip(t, -1, 1), np.nan)
    hi = np.fmax(eW, eE)
    with np.errstate(invalid="ignore", divide="ignore"):  # like the tilt: a balance needs min_n memberships
        bal = np.where((hi >= min_n) & (hi > 0), np.fmin(eW, eE) / np.where(hi > 0, hi, 1), np.nan)
    bal = np.where(present, bal, np.nan)
    return np.where(present, r, np.nan), t, bal, np.where(present, r0, np.nan)


_WEIGHTS: dict = {}


def _org_weights(seed: int, n_orgs: int, n_rep: int) -> np.ndarray:
    """Poisson bootstrap weights of the organizations (float32 ``[B, O]``), cached."""
    key = (seed, n_orgs, n_rep)
    with _DLOCK:
        hit = _WEIGHTS.get(key)
        if hit is None:
            if len(_WEIGHTS) > 4:
                _WEIGHTS.clear()
            hit = _WEIGHTS[key] = np.ascontiguousarray(poisson_weights(seed, "organizations", n_orgs, n_rep), dtype=np.float32)
        return hit


def institutional_core(poles: PoleSet, year: int, extended: bool = False) -> dict | None:
    """The organization-level matrices of the institutional channel in ``year`` (all ``[S, O]``
    over the kernel's state axis and the cube's organizations): ``full`` memberships,
    ``to_first``/``to_second`` (organizations that discriminate for the first/second pole, as
    each state sees them), ``engage_first``/``engage_second`` (organizations both poles could
    join where the pole is present), with ``present`` [S], ``alive`` and ``world`` [O], ``cube``."""
    inp = inputs()
    cube = _cube(extended)
    axis = inp.ccodes
    st = _cube_year(cube, year, axis)
    if st is None:
        return None
    present = st[:, 0] != ABSENT
    full = st == 1  # [S, O]
    alive = ((st >= 0) | (st == -9)).any(axis=0)  # [O]
    n_sys = present.sum()
    world = full.sum(axis=0) > NEAR_UNIVERSAL * n_sys
    base = alive & ~world
    member = _membership_year(poles, year, axis, extended)  # [P, S]
    member = member & present[None, :]
    reg = np.zeros((len(axis), len(REGIONS)), np.float32)
    reg[np.arange(len(axis)), inp.region] = 1
    # regional make-up of each organization, over its members that belong to no pole
    # (over all its members when every member belongs to a pole)
    fm = full.astype(np.float32)
    others = fm * (~member.any(axis=0))[:, None].astype(np.float32)  # [S, O]
    by_region = others.T @ reg  # [O, R]
    by_region_all = fm.T @ reg
    tot = by_region.sum(axis=1, keepdims=True)
    share = np.where(tot > 0, by_region / np.maximum(tot, 1), by_region_all / np.maximum(by_region_all.sum(axis=1, keepdims=True), 1))
    org_regions = share >= ELIGIBLE_SHARE  # [O, R]
    f = member.astype(np.float32) @ fm  # [P, O] full members of each pillar
    n = member.sum(axis=1).astype(np.float32)[:, None]  # [P, 1]
    pill_regions = (member.astype(np.float32) @ reg) > 0  # [P, R]
    eligible_region = (pill_regions.astype(np.float32) @ org_regions.T.astype(np.float32)) > 0  # [P, O]
    pole_of = np.asarray(poles.pillar_pole)
    S, O = full.shape

    def view(f_s, n_s):
        """Flags of every organization for states seeing the pillars with ``f_s`` full members out of ``n_s``
        (``[..., P, O]`` and ``[..., P, 1]``)."""
        usable = n_s > 0
        pres = usable & (f_s > 0)  # a pole takes part when any of its states is a full member
        elig = usable & (pres | eligible_region)
        pA = (pres & elig)[..., pole_of == 0, :].any(axis=-2)
        pB = (pres & elig)[..., pole_of == 1, :].any(axis=-2)
        contested = base & elig[..., pole_of == 0, :].any(axis=-2) & elig[..., pole_of == 1, :].any(axis=-2)
        return contested, pA, pB

    # a state outside every pillar sees each pillar whole; a pillar member sees the other members (leave-one-out)
    contested = np.empty((S, O), bool)
    pA = np.empty((S, O), bool)
    pB = np.empty((S, O), bool)
    contested[:], pA[:], pB[:] = view(f, n)
    own = member.T  # [S, P]
    rows = np.flatnonzero(own.any(axis=1))
    if len(rows):
        f_m = f[None, :, :] - (own[rows][:, :, None] & full[rows][:, None, :]).astype(np.float32)
        n_m = n[None, :, :] - own[rows][:, :, None].astype(np.float32)
        contested[rows], pA[rows], pB[rows] = view(f_m, n_m)
    informative = contested & (pA != pB)
    return {"full": full, "to_first": informative & pA, "to_second": informative & pB,
            "engage_first": contested & pA, "engage_second": contested & pB,
            "present": present, "alive": alive, "world": world, "cube": cube}


def institutional(poles: PoleSet, year: int, extended: bool = False, n_rep: int = 0, seed: int = 0,
                  cols: np.ndarray | None = None) -> Institutional | None:
    """Institutional tilt and engagement of every state in ``year``; replicates ``[B, C]`` for
    the states ``cols`` (default all)."""
    core = institutional_core(poles, year, extended)
    if core is None:
        return None
    full, present, alive = core["full"], core["present"], core["alive"]
    S, O = full.shape
    parts = [full & core[k] for k in ("to_first", "to_second", "engage_first", "engage_second")]  # 4 x [S, O]
    W, E, eW, eE = (np.count_nonzero(p, axis=1).astype(np.float64) for p in parts)
    NA = core["to_first"].sum(axis=1).astype(np.float64)  # open discriminating organizations (chance baseline)
    NB = core["to_second"].sum(axis=1).astype(np.float64)
    r, t, bal, r0 = _inst_stats(W, E, eW, eE, NA, NB, present)
    reps = None
    if n_rep:
        c = np.arange(S) if cols is None else cols
        units = np.flatnonzero(alive)
        ps_pos = np.flatnonzero(present[c])  # positions among the columns of the states in the system
        ps_idx = c[ps_pos]
        # those states' rows of the four indicators over the living organizations: [4 S', U]
        stack = np.concatenate([p[np.ix_(ps_idx, units)] for p in parts], axis=0).astype(np.float32)
        wts = _org_weights(seed, O, n_rep)[:, units]
        bs = np.full((n_rep, 4, len(c)), np.nan)
        bs[:, :, ps_pos] = (wts @ stack.T).astype(np.float64).reshape(n_rep, 4, len(ps_idx))
        _, bt, bb, _ = _inst_stats(bs[:, 0], bs[:, 1], bs[:, 2], bs[:, 3], NA[None, c], NB[None, c], present[None, c],
                                   min_n=1e-9)
        bt = np.where(np.isfinite(t[c])[None, :], bt, np.nan)
        bb = np.where(np.isfinite(bal[c])[None, :], bb, np.nan)
        reps = {"tilt": bt.astype(np.float32), "balance": bb.astype(np.float32)}
    n_inf = (full & (core["to_first"] | core["to_second"])).sum(axis=1)
    engage = np.stack([np.where(present, eW, np.nan), np.where(present, eE, np.nan)], axis=1)
    return Institutional(np.where(present, W, np.nan), np.where(present, E, np.nan), r, t, engage, bal, reps,
                         r0, np.where(present, n_inf, 0))


# --------------------------------------------------------------------------
# One year, all channels


def fast_quantiles(reps: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval over replicates (axis 0) for every column, ignoring undefined
    (NaN) replicates; linear interpolation as ``numpy.quantile``. Columns without NaN use a
    partial sort (``np.partition``), the rest a full sort."""
    x = np.asarray(reps, dtype=np.float64)
    B = x.shape[0]
    a = (1 - level) / 2
    lo = np.full(x.shape[1:], np.nan)
    hi = np.full(x.shape[1:], np.nan)
    if B == 0:
        return lo, hi
    fin = np.isfinite(x)
    full = fin.all(axis=0)
    if full.any():
        xf = x[:, full]
        ks = sorted({int(np.floor((B - 1) * q)) for q in (a, 1 - a)} | {min(int(np.floor((B - 1) * q)) + 1, B - 1) for q in (a, 1 - a)})
        part = np.partition(xf, ks, axis=0)
        for q, out in ((a, lo), (1 - a, hi)):
            h = (B - 1) * q
            k0 = int(np.floor(h))
            k1 = min(k0 + 1, B - 1)
            out[full] = part[k0] + (part[k1] - part[k0]) * (h - k0)
    rest = ~full & fin.any(axis=0)
    if rest.any():
        from multivector.measures._evenness import _quantiles

        lo[rest], hi[rest] = _quantiles(x[:, rest], [a, 1 - a])
    return lo, hi


@dataclass
class YearResult:
    """Every figure of one year for every state of the axis, intervals already reduced."""

    year: int
    present: np.ndarray  # [S]
    security: Security | None
    diplomatic: Diplomatic | None  # replicates dropped
    institutional: Institutional | None  # replicates dropped
    tilt: dict  # channel -> (value [S], lo [S], hi [S], n [S])
    channels_used: np.ndarray  # [S] object: channels in the combined tilt
    hedging: dict  # value, lo, hi, commitment [S], have_d, have_e [S]
    intervals: dict  # diplomatic, balance -> (lo, hi)


_YCACHE: dict = {}
_YLOCK = threading.Lock()

CHANNEL_ORDER = ("security", "diplomatic", "institutional")


def _combine(vals: list, reps: list, n_rep: int, cols: np.ndarray):
    """Mean of the available channel tilts: points ``[S]``, replicates ``[B, C]`` of the states ``cols``."""
    v = np.stack(vals)
    ok = np.isfinite(v)
    with np.errstate(invalid="ignore", divide="ignore"):
        comb = np.where(ok.any(axis=0), np.where(ok, v, 0).sum(axis=0) / np.maximum(ok.sum(axis=0), 1), np.nan)
    crep = None
    if n_rep:
        rv = np.stack([r if r is not None else np.full((n_rep, len(cols)), np.nan, np.float32) for r in reps])  # [K, B, C]
        rok = np.isfinite(rv) & ok[:, None, cols]
        with np.errstate(invalid="ignore", divide="ignore"):
            crep = np.where(rok.any(axis=0), np.where(rok, rv, 0).sum(axis=0) / np.maximum(rok.sum(axis=0), 1), np.nan)
    return comb, crep, ok


def _summarise(year, present, sec, dip, ins, n_rep, level, cols: np.ndarray | None = None) -> YearResult:
    """Point figures for every state; intervals for the states ``cols`` whose replicates the
    channels drew (default all; missing for the others)."""
    S = len(present)
    c = np.arange(S) if cols is None else cols
    nan = np.full(S, np.nan)

    def interval(r):  # replicates [B, C] -> lo, hi [S]
        if r is None:
            return nan, nan
        lo, hi = np.full(S, np.nan), np.full(S, np.nan)
        lo[c], hi[c] = fast_quantiles(r, level)
        return lo, hi

    tilt, vals, reps, names = {}, [], [], []
    if sec is not None:
        v = sec.commitment[:, 0] - sec.commitment[:, 1]
        n = (np.nan_to_num(sec.counted_by_pillar) > 0).sum(axis=1) + sec.own.sum(axis=1)
        tilt["security"] = (v, v, v, n.astype(float))
        vals.append(v)
        reps.append(np.broadcast_to(v[c].astype(np.float32), (n_rep, len(c))) if n_rep else None)
        names.append("security")
    intervals = {}
    if dip is not None:
        lo, hi = interval(dip.reps)
        tilt["diplomatic"] = (dip.tilt, lo, hi, dip.n_votes)
        intervals["diplomatic"] = (lo, hi)
        vals.append(dip.tilt)
        reps.append(dip.reps)
        names.append("diplomatic")
    if ins is not None:
        lo, hi = interval(ins.reps["tilt"] if ins.reps is not None else None)
        tilt["institutional"] = (ins.tilt, lo, hi, ins.n_informative.astype(float))
        vals.append(ins.tilt)
        reps.append(ins.reps["tilt"] if ins.reps is not None else None)
        names.append("institutional")
        intervals["balance"] = interval(ins.reps["balance"] if ins.reps is not None else None)
    used = np.full(S, "", dtype=object)
    if vals:
        comb, crep, ok = _combine(vals, reps, n_rep, c)
        lo, hi = interval(crep)
        tilt["combined"] = (comb, lo, hi, ok.sum(axis=0).astype(float))
        labels = np.array(names, dtype=object)
        # the distinct patterns of available channels are few: label each pattern once
        code = (ok * (1 << np.arange(len(names)))[:, None]).sum(axis=0)
        for pat in np.unique(code):
            used[code == pat] = ", ".join(labels[[(pat >> i) & 1 == 1 for i in range(len(names))]])
    # hedging = (1 - commitment) * (1 - |diplomatic tilt|) * engagement balance
    hed = {}
    if sec is not None:
        commit = np.fmax(sec.commitment[:, 0], sec.commitment[:, 1])
        f_dip = 1 - np.abs(dip.tilt) if dip is not None else nan
        f_eng = ins.balance if ins is not None else nan
        have_d, have_e = np.isfinite(f_dip), np.isfinite(f_eng)
        okh = np.isfinite(commit) & (have_d | have_e) & present
        h = np.where(okh, (1 - commit) * np.where(have_d, f_dip, 1.0) * np.where(have_e, f_eng, 1.0), np.nan)
        lo = hi = nan
        if n_rep:
            C = len(c)
            rd = 1 - np.abs(dip.reps) if dip is not None and dip.reps is not None else np.full((n_rep, C), np.nan)
            re = ins.reps["balance"] if ins is not None and ins.reps is not None else np.full((n_rep, C), np.nan)
            hr = (1 - commit[c])[None, :] * np.where(have_d[c][None, :], rd, 1.0) * np.where(have_e[c][None, :], re, 1.0)
            lo, hi = interval(np.where(okh[c][None, :], hr, np.nan))
        hed = {"value": h, "lo": lo, "hi": hi, "commitment": commit, "have_d": have_d, "have_e": have_e}
    if dip is not None:
        dip.reps = None
    if ins is not None:
        ins.reps = None
    return YearResult(year, present, sec, dip, ins, tilt, used, hed, intervals)


def state_series(poles: PoleSet, s: int, years: list[int], measure: str, channel: str = "combined", *,
                 extended: bool = False, ideal_point: str = "fp", n_rep: int = 0, seed: int = 0):
    """One state's tilt (a channel or combined) or hedging over ``years``: points ``[Y]`` and
    bootstrap replicates ``[B, Y]`` that resample the same organizations in every year (for
    period means and their differences). ``s`` is a position on the state axis."""
    pts = np.full(len(years), np.nan)
    reps = np.full((n_rep, len(years)), np.nan)
    one = np.array([s])
    for t_, y in enumerate(years):
        sec = security(poles, y, extended)
        dip = diplomatic(poles, y, ideal_point, n_rep, seed, extended, cols=one)
        ins = institutional(poles, y, extended, n_rep, seed, cols=one)
        if measure == "hedging":
            if sec is None:
                continue
            commit = np.fmax(sec.commitment[s, 0], sec.commitment[s, 1])
            fd = 1 - abs(dip.tilt[s]) if dip is not None else np.nan
            fe = ins.balance[s] if ins is not None else np.nan
            if not np.isfinite(commit) or not (np.isfinite(fd) or np.isfinite(fe)):
                continue
            pts[t_] = (1 - commit) * (fd if np.isfinite(fd) else 1.0) * (fe if np.isfinite(fe) else 1.0)
            if n_rep:
                rd = 1 - np.abs(dip.reps[:, 0]) if np.isfinite(fd) else 1.0
                re = ins.reps["balance"][:, 0] if np.isfinite(fe) else 1.0
                reps[:, t_] = (1 - commit) * rd * re
            continue
        parts = {}
        if sec is not None:
            v = sec.commitment[s, 0] - sec.commitment[s, 1]
            parts["security"] = (v, np.full(n_rep, v))
        if dip is not None:
            parts["diplomatic"] = (dip.tilt[s], dip.reps[:, 0] if n_rep else None)
        if ins is not None:
            parts["institutional"] = (ins.tilt[s], ins.reps["tilt"][:, 0] if n_rep else None)
        use = [c for c in CHANNEL_ORDER if c in parts and np.isfinite(parts[c][0])] if channel == "combined" else \
            [channel] if channel in parts and np.isfinite(parts[channel][0]) else []
        if not use:
            continue
        pts[t_] = float(np.mean([parts[c][0] for c in use]))
        if n_rep:
            with np.errstate(invalid="ignore"):
                reps[:, t_] = np.nanmean(np.stack([parts[c][1] for c in use]), axis=0)
    return pts, reps


def year_result(poles: PoleSet, year: int, *, extended: bool, ideal_point: str, n_rep: int, seed: int,
                level: float = 0.95, cols: np.ndarray | None = None) -> YearResult:
    """All channels, the combined tilt and hedging for every state in ``year``, with intervals
    (cached: the web API asks the same years again and again).

    ``cols`` (positions on the state axis) limits the bootstrap to those states: their
    intervals are the same as in a run over every state (the replicates reweight the same
    organizations and draw the same ideal points), the other states get none. A cached run
    over every state serves any subset."""
    records = id(_cube(True)) if extended or year > COW_LAST else 0  # another records set, another answer
    base = (id(get_store()), id(poles), records, year, extended, ideal_point, n_rep, seed, level)
    n_states = len(state_axis())
    if cols is not None and (not n_rep or len(cols) * 2 >= n_states):
        cols = None  # without replicates, or for most states, one run over all serves everyone
    keys = [base + (None,)] if cols is None else [base + (None,), base + (tuple(int(c) for c in np.unique(cols)),)]
    with _YLOCK:
        for key in keys:
            hit = _YCACHE.get(key)
            if hit is not None:
                return hit
    c = None if cols is None else np.unique(np.asarray(cols, dtype=np.int64))
    inp = inputs()
    sec = security(poles, year, extended)
    dip = diplomatic(poles, year, ideal_point, n_rep, seed, extended, cols=c)
    ins = institutional(poles, year, extended, n_rep, seed, cols=c)
    res = _summarise(year, inp.in_system(year), sec, dip, ins, n_rep, level, cols=c)
    with _YLOCK:
        if len(_YCACHE) > 2048:
            _YCACHE.clear()
        _YCACHE[keys[-1]] = res
    return res


def coverage(extended: bool) -> tuple[int, int]:
    """Years in which at least one channel has data."""
    inp = inputs()
    cube = _cube(extended)
    last = max(inp.ip_years[1], int(cube.years[-1]), inp.atop_years[1] if not extended else int(cube.years[-1]))
    first = max(min(inp.atop_years[0], int(cube.years[0])), 1816)
    return first, last


def frame_index(states, years, extended: bool, need: str = "any") -> tuple[np.ndarray, list[int]]:
    """Positions on the state axis and the years asked for (errors name the argument).

    ``need`` is the data the measure cannot do without (:func:`channel_coverage`): a year
    outside it is an error naming the data and its years, never an empty table."""
    from multivector._years import parse_years
    from multivector.engine._resolve import require_in_system, resolve_states

    from multivector._errors import InvalidYearError

    lo, hi = channel_coverage(need, extended)
    try:
        ys = parse_years(years, (lo, hi), what=_COVERAGE_WHAT[need])
    except InvalidYearError as exc:
        last = channel_coverage(need, True)[1]
        if extended or last <= hi:
            raise
        try:  # the hint only when the extended panel covers the years asked for
            parse_years(years, (lo, last), what=_COVERAGE_WHAT[need])
        except InvalidYearError:
            raise exc from None
        raise InvalidYearError(f"{exc}; extended=True (--extended) gives provisional figures to {last}",
                               exc.argument) from None
    axis = state_axis()
    if states is None:
        return np.arange(len(axis)), ys
    cs = resolve_states(states)
    if not cs:
        raise InvalidArgumentError("states: no state given (leave states out for every state)", "states")
    require_in_system(cs, ys)  # Kazakhstan in 1850: an error naming its life, not an empty table
    idx = inputs().index
    return np.array([idx[c] for c in cs if c in idx], dtype=np.int64), ys


def channel_need(channel) -> str:
    """The data a tilt channel argument needs: one of the three channels, else ``any``.

    Example:
        >>> channel_need("security"), channel_need("combined"), channel_need(None)
        ('security', 'any', 'any')
    """
    return channel if channel in ("security", "diplomatic", "institutional") else "any"


def channel_coverage(need: str, extended: bool) -> tuple[int, int]:
    """The years in which a channel has data: ``security`` (ATOP; after its last year only
    ``extended``, which carries that year forward), ``diplomatic`` (the ideal points),
    ``institutional`` (the COW IGO data, or the extended panel) or ``any`` of them.

    Example:
        >>> channel_coverage("security", False), channel_coverage("diplomatic", False)
        ((1816, 2018), (1946, 2024))
    """
    inp = inputs()
    if need == "any":
        return coverage(extended)
    if need == "security":
        last = int(_cube(True).years[-1]) if extended else inp.atop_years[1]
        return max(inp.atop_years[0], 1816), last
    if need == "diplomatic":
        return inp.ip_years
    if need == "institutional":
        cube = _cube(extended)
        return max(int(cube.years[0]), 1816), int(cube.years[-1])
    raise ValueError(f"unknown channel {need!r}")


#: What a measure needs, for the message when a named state has none of it.
NEEDS = {
    "security": "an ATOP record",
    "diplomatic": "a UN ideal point",
    "institutional": f"at least {MIN_INFORMATIVE:g} memberships in organizations where exactly one pole is present",
    "combined": "a figure on any channel",
    "hedging": (f"the security commitment and a UN ideal point or at least {MIN_INFORMATIVE:g} memberships in "
                "organizations where a pole takes part"),
}


def require_figures(measure: str, asked: np.ndarray, got, years: list[int], argument: str = "years") -> None:
    """Raise :class:`InvalidYearError` when none of the named states (``asked``: positions on
    the state axis) has a figure in ``years`` (``got``: the result's ``ccode`` column), instead
    of answering with an empty table. With several states, those without a figure are simply
    absent from a table that has rows for the others (documented).

    Example:
        >>> import numpy as np
        >>> from multivector.measures._alignment import inputs, require_figures
        >>> require_figures("diplomatic", np.array([inputs().index[347]]), [], [2010])
        Traceback (most recent call last):
        ...
        multivector._errors.InvalidYearError: years: Kosovo (KOS, 347) has no diplomatic tilt in 2010: it needs a UN ideal point
    """
    from multivector._errors import InvalidYearError
    from multivector.engine._resolve import state_label

    if len(pd.Series(got).dropna()) or not len(asked):
        return
    codes = state_axis()[np.asarray(asked, dtype=np.int64)]
    span = str(years[0]) if years[0] == years[-1] else f"{years[0]}-{years[-1]}"
    what = "hedging figure" if measure == "hedging" else ("tilt" if measure == "combined" else f"{measure} tilt")
    if len(codes) == 1:
        msg = f"{state_label(int(codes[0]))} has no {what} in {span}: it needs {NEEDS[measure]}"
    else:
        msg = f"none of the {len(codes)} states has a {what} in {span}: each needs {NEEDS[measure]}"
    raise InvalidYearError(f"{argument}: {msg}", argument)


_COVERAGE_WHAT = {
    "any": "the alignment data (IGO 1816-2014, ATOP to 2018, UN ideal points to 2024)",
    "security": "the security data (ATOP 5.1)",
    "diplomatic": "the UN ideal points",
    "institutional": "the IGO data (COW IGO v3, or the extended panel)",
}


@contextmanager
def blas_limit():
    """Context for a whole computation: BLAS limited to one thread (entered once: entering it
    scans the loaded libraries) and the cubes read once."""
    from multivector.engine._dyads import _blas_limit

    with _blas_limit(), _pinned_cubes():
        yield


def as_frame_dtypes(df: pd.DataFrame) -> pd.DataFrame:
    """Plain nullable integers for keys (they merge with users' int64 keys)."""
    for c in ("ccode", "year"):
        if c in df:
            df[c] = df[c].astype("Int64")
    return df
