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
from dataclasses import dataclass, field

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

#: Fewest discriminating memberships behind an institutional tilt.
MIN_INFORMATIVE = 2

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
        self._lock = threading.Lock()

    def in_system(self, year: int) -> np.ndarray:
        from multivector.data._system import SYSTEM_FIRST_YEAR, SYSTEM_LAST_YEAR

        y = min(year, SYSTEM_LAST_YEAR)  # 2025 (extended panel): the states of 2024
        if y < SYSTEM_FIRST_YEAR:
            return np.zeros(len(self.ccodes), bool)
        return self.system[:, y - SYSTEM_FIRST_YEAR]

    def ties(self, year: int) -> dict[str, np.ndarray]:
        """Symmetric boolean matrices [S, S] of the ATOP flags in ``year`` (either direction)."""
        with self._lock:
            hit = self._ties.get(year)
        if hit is not None:
            return hit
        a = self.atop
        rows = a[a["year"].to_numpy() == year]
        i = np.searchsorted(self.ccodes, rows["ccode1"].to_numpy())
        j = np.searchsorted(self.ccodes, rows["ccode2"].to_numpy())
        n = len(self.ccodes)
        out = {}
        for f in SECURITY_FLAGS:
            m = np.zeros((n, n), bool)
            v = rows[f].to_numpy() == 1
            m[i[v], j[v]] = True
            out[f] = m | m.T
        with self._lock:
            if len(self._ties) > 64:
                self._ties.clear()
            self._ties[year] = out
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


def _cube(extended: bool):
    from multivector.measures._signatures import data_cube

    return data_cube(extended)


def _cube_year(cube, year: int, axis: np.ndarray):
    """Statuses ``[S_axis, O]`` of ``year`` on the kernel's state axis (ABSENT where the state
    has no row), or None when the cube does not cover the year."""
    if year < int(cube.years[0]) or year > int(cube.years[-1]):
        return None
    st = np.full((len(axis), cube.status.shape[1]), ABSENT, dtype=np.int8)
    pos = np.searchsorted(axis, cube.ccodes)
    ok = (pos < len(axis)) & (axis[np.minimum(pos, len(axis) - 1)] == cube.ccodes)
    st[pos[ok]] = cube.status[ok, :, year - cube.year0]
    return st


def _membership_year(poles: PoleSet, year: int, axis: np.ndarray, extended: bool) -> np.ndarray:
    """Pillar membership ``[P, S_axis]`` in ``year``: the COW data to 2014, the extended panel after."""
    cube = _cube(extended or year > COW_LAST)
    if year > int(cube.years[-1]) or year < int(cube.years[0]):
        cube = _cube(True) if year > COW_LAST else _cube(False)
        if year > int(cube.years[-1]) or year < int(cube.years[0]):
            return np.zeros((len(poles.pillar_set), len(axis)), bool)
    m = poles.pillar_set.membership(cube)[:, :, year - cube.year0]  # [P, S_cube]
    out = np.zeros((m.shape[0], len(axis)), bool)
    pos = np.searchsorted(axis, cube.ccodes)
    ok = (pos < len(axis)) & (axis[np.minimum(pos, len(axis) - 1)] == cube.ccodes)
    out[:, pos[ok]] = m[:, ok]
    return out


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


def security(poles: PoleSet, year: int, extended: bool = False) -> Security | None:
    """Security commitments of every state of the axis to each pole in ``year``.

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
    present = inp.in_system(year)
    t = inp.ties(atop_year)
    ally = t["atop_defense"] | t["atop_offense"]
    np.fill_diagonal(ally, False)
    ai = ally.astype(np.float32)
    # alliance organizations: full members in the year (COW to 2014, extended panel after)
    cube = _cube(extended or year > COW_LAST)
    st = _cube_year(cube, year, axis)
    orgs = [o for o in poles.alliance_orgs if o in cube.org_index]
    if st is not None and orgs:
        ao = (st[:, [cube.org_index[o] for o in orgs]] == 1).astype(np.float32)  # [S, K]
    else:
        ao = np.zeros((len(axis), 0), np.float32)
    member = _membership_year(poles, year, axis, extended)  # [P, S]
    P = member.shape[0]
    mem_f = member.astype(np.float32)
    # common allies of s and each pillar member g, and shared alliance organizations
    common = ai @ ai  # [S, S]: allies in common
    shared_ao = (ao @ ao.T) > 0 if ao.shape[1] else np.zeros_like(ally)
    counted = ally & ((common == 0) | shared_ao)
    others, usable = _leave_one_out(member)
    denom = np.where(usable, others, 1).astype(np.float32)

    def share(m: np.ndarray) -> np.ndarray:
        x = m.astype(np.float32) @ mem_f.T  # [S, P]: obligations with members of each pillar
        return np.where(usable, x / denom, np.nan)

    by_pillar = {f: share(t[f] & ~np.eye(len(axis), dtype=bool)) for f in SECURITY_FLAGS}
    counted_p = share(counted)
    treaty_p = share(ally)
    pole_of = np.asarray(poles.pillar_pole)
    own = np.stack([(member[pole_of == k].any(axis=0)) for k in (0, 1)], axis=1)  # [S, 2]
    commit = np.full((len(axis), 2), np.nan)
    treaty = np.full((len(axis), 2), np.nan)
    via = []
    names = [o.upper() if o != "wpact" else "Warsaw Pact" for o in orgs]
    for k in (0, 1):
        cols = np.flatnonzero(pole_of == k)
        with np.errstate(all="ignore"):
            c = np.nanmax(np.where(usable[:, cols], counted_p[:, cols], np.nan), axis=1) if len(cols) else np.full(len(axis), np.nan)
            tr = np.nanmax(np.where(usable[:, cols], treaty_p[:, cols], np.nan), axis=1) if len(cols) else np.full(len(axis), np.nan)
        c = np.where(own[:, k], 1.0, c)
        tr = np.where(own[:, k], np.where(np.isnan(tr), 1.0, tr), tr)
        commit[:, k] = np.where(present, c, np.nan)
        treaty[:, k] = np.where(present, tr, np.nan)
        # what the commitment rests on: alliance organizations shared with the pole's states, else bilateral
        pole_states = member[cols].any(axis=0)
        shared = (ao[:, None, :] * ao[pole_states][None, :, :]).max(axis=1) if ao.shape[1] and pole_states.any() \
            else np.zeros((len(axis), len(orgs)))
        labels = np.full(len(axis), "", dtype=object)
        has_c = np.nan_to_num(c) > 0
        for j, nm in enumerate(names):
            hit = has_c & (shared[:, j] > 0) & ~own[:, k]
            labels[hit] = np.where(labels[hit] == "", nm, labels[hit] + ", " + nm)
        bil = has_c & (labels == "") & ~own[:, k]
        labels[bil] = "bilateral treaty"
        labels[own[:, k]] = "member of the pole"
        labels[~present] = ""
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


def _pole_positions(x: np.ndarray, member: np.ndarray, pole_of: np.ndarray) -> np.ndarray:
    """Pole positions seen by each state, leave-one-out: ``x`` [..., S] -> [..., S, 2]."""
    has = np.isfinite(x)
    xv = np.where(has, x, 0.0)
    m = member.astype(x.dtype)  # [P, S]
    tot = xv @ m.T  # [..., P]
    cnt = has.astype(x.dtype) @ m.T  # [..., P]
    own = member.T.astype(x.dtype)  # [S, P]
    tot_s = tot[..., None, :] - xv[..., :, None] * own  # [..., S, P]
    cnt_s = cnt[..., None, :] - has[..., :, None].astype(x.dtype) * own
    with np.errstate(invalid="ignore", divide="ignore"):
        pill = np.where(cnt_s > 0, tot_s / np.where(cnt_s > 0, cnt_s, 1), np.nan)  # [..., S, P]
    out = []
    for k in (0, 1):
        cols = pole_of == k
        p = pill[..., cols]
        ok = np.isfinite(p)
        with np.errstate(invalid="ignore", divide="ignore"):
            out.append(np.where(ok.any(axis=-1), np.where(ok, p, 0).sum(axis=-1) / np.maximum(ok.sum(axis=-1), 1), np.nan))
    return np.stack(out, axis=-1)


def _diplomatic_tilt(x: np.ndarray, pos: np.ndarray, present: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Tilt from ideal points ``x`` [..., S] and pole positions [..., S, 2]."""
    xs = np.where(present, x, np.nan)
    med = np.nanmedian(xs, axis=-1, keepdims=True) if np.isfinite(xs).any() else np.full(x.shape[:-1] + (1,), np.nan)
    a, b = pos[..., 0], pos[..., 1]
    unit = np.fmax(np.abs(a - med), np.abs(b - med))
    sign = np.sign(a - b)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.clip(sign * (x - med) / unit, -1.0, 1.0)
    t = np.where(present & np.isfinite(x) & (unit > 0) & (sign != 0), t, np.nan)
    return t, med[..., 0]


def diplomatic(poles: PoleSet, year: int, ideal_point: str = "fp", n_rep: int = 0, seed: int = 0,
               extended: bool = False) -> Diplomatic | None:
    """Diplomatic tilt of every state from the published UN ideal points of ``year``."""
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
        reps, _ = _diplomatic_tilt(xr, _pole_positions(xr, member, pole_of), present[None, :])
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
    reps: dict | None  # tilt [B, S], balance [B, S], engage [B, S, 2]
    median: float
    n_informative: np.ndarray  # [S] organizations that discriminate, for the state


def _inst_stats(W, E, eW, eE, present):
    """Tilt and engagement balance from sums (any leading axes)."""
    tot = W + E
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(tot >= MIN_INFORMATIVE, (W - E) / np.where(tot > 0, tot, 1), np.nan)
    r = np.where(present, r, np.nan)
    med = np.nanmedian(r, axis=-1, keepdims=True) if np.isfinite(r).any() else np.full(r.shape[:-1] + (1,), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        up = np.where(1 - med > 0, (r - med) / (1 - med), 0.0)
        dn = np.where(1 + med > 0, (r - med) / (1 + med), 0.0)
    t = np.where(r >= med, up, dn)
    t = np.where(np.isfinite(r), np.clip(t, -1, 1), np.nan)
    hi = np.fmax(eW, eE)
    with np.errstate(invalid="ignore", divide="ignore"):
        bal = np.where(hi > 0, np.fmin(eW, eE) / np.where(hi > 0, hi, 1), np.nan)
    bal = np.where(present, bal, np.nan)
    return r, t, bal, med[..., 0]


def institutional(poles: PoleSet, year: int, extended: bool = False, n_rep: int = 0, seed: int = 0) -> Institutional | None:
    """Institutional tilt and engagement of every state in ``year``."""
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
    reg = np.zeros((len(axis), len(REGIONS)), np.float32)
    reg[np.arange(len(axis)), inp.region] = 1
    org_regions = (full.astype(np.float32).T @ reg) > 0  # [O, R]
    member = _membership_year(poles, year, axis, extended)  # [P, S]
    member &= present[None, :]
    P = member.shape[0]
    fm = full.astype(np.float32)
    f = member.astype(np.float32) @ fm  # [P, O] full members of each pillar
    n = member.sum(axis=1).astype(np.float32)[:, None]  # [P, 1]
    pill_regions = (member.astype(np.float32) @ reg) > 0  # [P, R]
    eligible_region = (pill_regions.astype(np.float32) @ org_regions.T.astype(np.float32)) > 0  # [P, O]
    pole_of = np.asarray(poles.pillar_pole)
    S, O = full.shape
    # presence of each pillar seen by each state (leave-one-out for members): [S, P, O]
    own = member.T  # [S, P]
    f_s = f[None, :, :] - (own[:, :, None] & full[:, None, :]).astype(np.float32)
    n_s = n[None, :, :] - own[:, :, None].astype(np.float32)
    usable = n_s > 0
    pres = usable & (f_s >= n_s / 2) & (f_s > 0)
    elig = usable & (pres | eligible_region[None, :, :])
    pA = (pres & elig)[:, pole_of == 0, :].any(axis=1)
    pB = (pres & elig)[:, pole_of == 1, :].any(axis=1)
    avA = elig[:, pole_of == 0, :].any(axis=1)
    avB = elig[:, pole_of == 1, :].any(axis=1)
    informative = base[None, :] & avA & avB & (pA != pB)  # [S, O]
    toA = informative & pA
    toB = informative & pB
    engA = base[None, :] & pA
    engB = base[None, :] & pB
    stack = np.concatenate([full & toA, full & toB, full & engA, full & engB], axis=0).astype(np.float32)  # [4S, O]
    sums = stack.sum(axis=1).astype(np.float64).reshape(4, S)
    W, E, eW, eE = sums
    r, t, bal, med = _inst_stats(W, E, eW, eE, present)
    reps = None
    if n_rep:
        units = np.flatnonzero(alive)
        wts = poisson_weights(seed, "organizations", O, n_rep)[:, units].astype(np.float32)
        bs = (wts @ stack[:, units].T).astype(np.float64).reshape(n_rep, 4, S)
        _, bt, bb, _ = _inst_stats(bs[:, 0], bs[:, 1], bs[:, 2], bs[:, 3], present[None, :])
        reps = {"tilt": bt, "balance": bb, "engage": np.stack([bs[:, 2], bs[:, 3]], axis=-1)}
    n_inf = (informative & full).sum(axis=1)
    engage = np.stack([np.where(present, eW, np.nan), np.where(present, eE, np.nan)], axis=1)
    return Institutional(np.where(present, W, np.nan), np.where(present, E, np.nan), r, t, engage, bal, reps,
                         float(med), np.where(present, n_inf, 0))


# --------------------------------------------------------------------------
# One year, all channels


@dataclass
class YearResult:
    year: int
    security: Security | None
    diplomatic: Diplomatic | None
    institutional: Institutional | None
    present: np.ndarray  # [S]
    extra: dict = field(default_factory=dict)


_YCACHE: dict = {}
_YLOCK = threading.Lock()


def year_result(poles: PoleSet, year: int, *, extended: bool, ideal_point: str, n_rep: int, seed: int) -> YearResult:
    """All channels for every state in ``year`` (cached: the web API asks the same years often)."""
    key = (id(get_store()), id(poles), year, extended, ideal_point, n_rep, seed)
    with _YLOCK:
        hit = _YCACHE.get(key)
    if hit is not None:
        return hit
    inp = inputs()
    sec = security(poles, year, extended)
    dip = diplomatic(poles, year, ideal_point, n_rep, seed, extended)
    ins = institutional(poles, year, extended, n_rep, seed)
    res = YearResult(year, sec, dip, ins, inp.in_system(year))
    with _YLOCK:
        if len(_YCACHE) > 512:
            _YCACHE.clear()
        _YCACHE[key] = res
    return res


def coverage(extended: bool) -> tuple[int, int]:
    """Years in which at least one channel has data."""
    inp = inputs()
    cube = _cube(extended)
    last = max(inp.ip_years[1], int(cube.years[-1]), inp.atop_years[1] if not extended else int(cube.years[-1]))
    first = max(min(inp.atop_years[0], int(cube.years[0])), 1816)
    return first, last


def frame_index(states, years, extended: bool) -> tuple[np.ndarray, list[int]]:
    """Positions on the state axis and the years asked for (errors name the argument)."""
    from multivector._years import parse_years
    from multivector.engine._resolve import resolve_states

    ys = parse_years(years, coverage(extended), what="the alignment data (IGO 1816-2014, ATOP to 2018, UN ideal points to 2024)")
    axis = state_axis()
    if states is None:
        return np.arange(len(axis)), ys
    cs = resolve_states(states)
    if not cs:
        raise InvalidArgumentError("states: no state given (leave states out for every state)", "states")
    idx = inputs().index
    return np.array([idx[c] for c in cs if c in idx], dtype=np.int64), ys


def quantiles(reps: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval over replicates (axis 0), ignoring undefined replicates."""
    from multivector.measures._balance import _quantiles

    a = (1 - level) / 2
    lo, hi = _quantiles(reps, [a, 1 - a])
    return lo, hi


def pole_labels(poles: PoleSet) -> tuple[str, str]:
    return poles.keys


def as_frame_dtypes(df: pd.DataFrame) -> pd.DataFrame:
    """Plain nullable integers for keys (they merge with users' int64 keys)."""
    for c in ("ccode", "year"):
        if c in df:
            df[c] = df[c].astype("Int64")
    return df
