"""Dynamic ordinal item-response model for roll-call votes: the numeric kernel.

Model (docs/methodology.md, "UN ideal points"). Vote ``n`` is cast by
state ``i`` in period ``t`` on item ``j`` and is ordered: 0 no, 1 abstain,
2 yes. A latent propensity ``z_n ~ N(a_j + b_j theta_it, 1 / p_j)`` decides
it through fixed cut points: no when ``z < 0``; for an *ordinal* item
(one with abstentions) abstain when ``0 <= z < 1`` and yes when ``z >= 1``;
for a *binary* item (no abstention) yes when ``z >= 0`` and ``p_j = 1``.
This is the ordered probit with two free thresholds and a slope, written as
Imai, Lo and Olmsted (2016) do for their ordinal model so that every update
has a closed form. Each state's position follows a random walk,
``theta_i,t ~ N(theta_i,t-1, omega2)``, starting from ``N(0, sigma0**2)`` in
its first period with votes.

Fit (variational EM): the latent ``z`` and the positions ``theta`` have
Gaussian / truncated-Gaussian variational factors, the item parameters
``(a_j, b_j, p_j)`` are point estimates (M-step) with weak priors. One
iteration is

1. E-step for ``z``: moments of truncated normals, vectorised over votes;
2. M-step for items: a weighted 2 x 2 ridge regression per item and the
   closed-form precision, from per-item sums (``np.bincount``);
3. ``q(theta)``: per state a linear Gaussian state-space model, solved by a
   Kalman filter and Rauch-Tung-Striebel smoother run over periods and
   vectorised over states.

Everything is whole-array numpy/scipy; the only Python loops are over
iterations and over periods inside the smoother.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from scipy.special import erfcx, ndtr

_SQRT2 = np.sqrt(2.0)
_SQRT_2_OVER_PI = np.sqrt(2.0 / np.pi)
_INV_SQRT_2PI = 1.0 / np.sqrt(2.0 * np.pi)


@dataclass
class RollCalls:
    """Votes in index form, the input of the kernel.

    ``state``, ``period``, ``item`` and ``y`` have one entry per vote;
    ``y`` is 0 no, 1 abstain, 2 yes. Periods are consecutive (0 .. T-1).
    """

    state: np.ndarray
    period: np.ndarray
    item: np.ndarray
    y: np.ndarray
    n_states: int
    n_periods: int
    n_items: int

    def __post_init__(self):
        self.state = np.ascontiguousarray(self.state, dtype=np.int32)
        self.period = np.ascontiguousarray(self.period, dtype=np.int32)
        self.item = np.ascontiguousarray(self.item, dtype=np.int32)
        self.y = np.ascontiguousarray(self.y, dtype=np.int8)

    @property
    def cell(self) -> np.ndarray:
        """State-period cell of each vote (``state * n_periods + period``)."""
        return self.state.astype(np.int64) * self.n_periods + self.period


@dataclass
class Fit:
    """Result of :func:`fit_dynamic`: positions per state-period and item parameters."""

    mean: np.ndarray          # (n_states, n_periods) posterior means (NaN outside a state's span)
    var: np.ndarray           # (n_states, n_periods) variational posterior variances (too small: see var_obs)
    a: np.ndarray             # item intercepts (z scale)
    b: np.ndarray             # item slopes (z scale)
    p: np.ndarray             # item precisions (1 for binary items)
    ordinal: np.ndarray       # bool per item: has abstentions
    n_votes: np.ndarray       # (n_states, n_periods) votes per cell
    iterations: int
    converged: bool
    seconds: float
    omega2: float
    history: list = field(default_factory=list)
    var_obs: np.ndarray | None = None  # (n_states, n_periods) variances from the observed information


# --------------------------------------------------------------------------- truncated normal moments

# lambda(x) = phi(x) / (1 - Phi(x)) (the inverse Mills ratio) on a uniform grid, read by linear
# interpolation: scipy's erfcx costs about 30 ns a value, the table under 10 ns, with an absolute
# error below 1e-6 (checked in the tests); outside the grid the exact function is used.
_GRID_LO, _GRID_HI, _GRID_STEP = -9.0, 9.0, 1.0 / 512
_GRID_X = np.arange(_GRID_LO, _GRID_HI + _GRID_STEP / 2, _GRID_STEP)
_GRID_Y = _SQRT_2_OVER_PI / erfcx(_GRID_X / _SQRT2)
_GRID_D = np.append(np.diff(_GRID_Y), 0.0)


def mills(x: np.ndarray) -> np.ndarray:
    """The inverse Mills ratio ``phi(x) / (1 - Phi(x))``, fast and accurate to about 1e-6.

    Example:
        >>> round(float(mills(np.array([0.0]))[0]), 6)   # 2 phi(0)
        0.797885
    """
    t = (np.clip(x, _GRID_LO, _GRID_HI) - _GRID_LO) * (1.0 / _GRID_STEP)
    i = t.astype(np.int32)
    out = _GRID_Y[i] + (t - i) * _GRID_D[i]
    far = np.flatnonzero((x < _GRID_LO) | (x > _GRID_HI))
    if len(far):
        out[far] = _SQRT_2_OVER_PI / erfcx(x[far] / _SQRT2)
    return out


def _upper(beta: np.ndarray):
    """z < u, standardised bound beta: (E offset in sd units, variance factor)."""
    r = mills(-beta)  # phi(beta) / Phi(beta)
    return -r, np.maximum(1.0 - beta * r - r * r, 0.0)


def _lower(alpha: np.ndarray):
    """z >= l, standardised bound alpha."""
    lam = mills(alpha)
    return lam, np.maximum(1.0 + alpha * lam - lam * lam, 0.0)


def _interval(alpha: np.ndarray, beta: np.ndarray):
    """alpha <= z < beta (standardised), stable in both tails."""
    flip = (alpha + beta) < 0.0  # work in the upper tail: mirror intervals lying mostly below 0
    lo = np.where(flip, -beta, alpha)
    hi = np.where(flip, -alpha, beta)
    tail = lo > 0.0
    # upper-tail form: scaled by exp(lo^2 / 2)
    e = np.exp(-0.5 * (hi * hi - lo * lo), where=tail, out=np.zeros_like(lo))
    num_t = _INV_SQRT_2PI * (1.0 - e)
    den_t = 0.5 * (erfcx(lo / _SQRT2) - erfcx(hi / _SQRT2) * e)
    mom_t = _INV_SQRT_2PI * (lo - hi * e)
    # central form
    phl = _INV_SQRT_2PI * np.exp(-0.5 * lo * lo)
    phh = _INV_SQRT_2PI * np.exp(-0.5 * hi * hi)
    num_c = phl - phh
    den_c = ndtr(hi) - ndtr(lo)
    mom_c = lo * phl - hi * phh
    num = np.where(tail, num_t, num_c)
    den = np.maximum(np.where(tail, den_t, den_c), 1e-300)
    mom = np.where(tail, mom_t, mom_c)
    m1 = num / den
    v = np.maximum(1.0 + mom / den - m1 * m1, 0.0)
    return np.where(flip, -m1, m1), v


def truncated_moments(mu: np.ndarray, sd: np.ndarray, y: np.ndarray, cut: np.ndarray):
    """Mean and variance of ``N(mu, sd^2)`` truncated to the interval of vote ``y``.

    ``cut`` is the upper cut point of each vote's item (1 ordinal, 0 binary):
    no ``(-inf, 0)``, abstain ``[0, cut)``, yes ``[cut, inf)``.

    Example:
        >>> import numpy as np
        >>> m, v = truncated_moments(np.zeros(1), np.ones(1), np.array([2]), np.zeros(1))
        >>> round(float(m[0]), 4), round(float(v[0]), 4)   # half-normal: sqrt(2/pi), 1 - 2/pi
        (0.7979, 0.3634)
    """
    mean = np.empty_like(mu)
    var = np.empty_like(mu)
    for k in (0, 1, 2):
        idx = np.flatnonzero(y == k)
        if not len(idx):
            continue
        m, s = mu[idx], sd[idx]
        if k == 0:
            off, vf = _upper((0.0 - m) / s)
        elif k == 2:
            off, vf = _lower((cut[idx] - m) / s)
        else:
            off, vf = _interval((0.0 - m) / s, (cut[idx] - m) / s)
        mean[idx] = m + s * off
        var[idx] = s * s * vf
    return mean, var


# --------------------------------------------------------------------------- the smoother

def kalman_smoother(P: np.ndarray, H: np.ndarray, first: np.ndarray, omega2: float, sigma0: float = 1.0,
                    mu0: np.ndarray | float = 0.0):
    """Posterior means and variances of random walks observed through information.

    ``P[s, t]`` and ``H[s, t]`` are the precision and the precision-weighted
    observation of state ``s`` in period ``t`` (0 where it has no votes);
    ``first[s]`` is the state's first period, where its walk starts from
    ``N(mu0, sigma0^2)``. Returns ``(mean, var, lag_cov)`` of shape ``(S, T)``;
    ``lag_cov[:, t]`` is ``Cov(theta_t, theta_t+1)``. Cells before ``first``
    are meaningless (NaN).

    Example:
        >>> import numpy as np
        >>> m, v, _ = kalman_smoother(np.array([[1.0]]), np.array([[1.0]]), np.array([0]), 0.1)
        >>> float(m[0, 0]), float(v[0, 0])     # prior N(0,1) and one unit observation of 1
        (0.5, 0.5)
    """
    S, T = P.shape
    fm = np.empty((S, T))
    fv = np.empty((S, T))
    pm = np.broadcast_to(np.asarray(mu0, dtype=float), (S,)).copy()
    pv = np.full(S, sigma0 * sigma0)
    s2 = sigma0 * sigma0
    for t in range(T):
        if t:
            pm = fm[:, t - 1]
            pv = fv[:, t - 1] + omega2
        start = first == t
        if start.any() or t == 0:
            pm = np.where(start, mu0, pm)
            pv = np.where(start, s2, pv)
        prec = 1.0 / pv + P[:, t]
        fv[:, t] = 1.0 / prec
        fm[:, t] = fv[:, t] * (pm / pv + H[:, t])
    sm = np.empty((S, T))
    sv = np.empty((S, T))
    lag = np.zeros((S, T))
    sm[:, T - 1] = fm[:, T - 1]
    sv[:, T - 1] = fv[:, T - 1]
    for t in range(T - 2, -1, -1):
        pvn = fv[:, t] + omega2
        J = fv[:, t] / pvn
        J = np.where(first == t + 1, 0.0, J)  # the walk starts at t+1: no link back
        sm[:, t] = fm[:, t] + J * (sm[:, t + 1] - fm[:, t])
        sv[:, t] = fv[:, t] + J * J * (sv[:, t + 1] - pvn)
        lag[:, t] = J * sv[:, t + 1]
    before = np.arange(T)[None, :] < first[:, None]
    sm[before] = np.nan
    sv[before] = np.nan
    return sm, sv, lag


# --------------------------------------------------------------------------- starting values

def start_values(data: RollCalls, anchor: int | None = None) -> np.ndarray:
    """Starting positions per cell: the first principal component of each period's
    vote matrix (yes 1, abstain 0, no -1, centred per item), scaled to unit
    variance and oriented so that ``anchor`` (a state index) is positive.

    Example:
        >>> import numpy as np
        >>> d = RollCalls(np.array([0, 1, 0, 1]), np.zeros(4), np.array([0, 0, 1, 1]), np.array([2, 0, 2, 0]), 2, 1, 2)
        >>> start_values(d, anchor=0)[:, 0].round(3).tolist()
        [1.0, -1.0]
    """
    S, T = data.n_states, data.n_periods
    out = np.zeros((S, T))
    order = np.argsort(data.period, kind="stable")
    bounds = np.searchsorted(data.period[order], np.arange(T + 1))
    x_all = data.y.astype(np.float64) - 1.0
    for t in range(T):
        idx = order[bounds[t]:bounds[t + 1]]
        if not len(idx):
            continue
        st, ui = np.unique(data.state[idx], return_inverse=True)
        it, ii = np.unique(data.item[idx], return_inverse=True)
        X = np.zeros((len(st), len(it)))
        M = np.zeros((len(st), len(it)))
        X[ui, ii] = x_all[idx]
        M[ui, ii] = 1.0
        col_mean = X.sum(0) / np.maximum(M.sum(0), 1.0)
        Xc = (X - col_mean) * M
        if len(st) < 2:
            continue
        u, s, _ = np.linalg.svd(Xc, full_matrices=False)
        score = u[:, 0] * s[0]
        sd = score.std()
        if sd > 0:
            score = (score - score.mean()) / sd
        if anchor is not None and anchor in st:
            if score[np.searchsorted(st, anchor)] < 0:
                score = -score
        elif t > 0:  # no anchor this period: orient with the previous period's start
            prev = out[st, t - 1]
            if np.dot(prev, score) < 0:
                score = -score
        out[st, t] = score
    return out


# --------------------------------------------------------------------------- variational EM

class _Problem:
    """The votes arranged for the updates, and the constant sums they need.

    Votes are sorted so that the one-sided truncations (no: ``z < 0``; yes:
    ``z >= cut``) come first and the abstentions (``0 <= z < 1``) last: each
    kind of truncation is one contiguous slice. A sparse item-by-cell matrix
    gives the per-item and per-cell sums without gathering per vote.
    """

    def __init__(self, data: RollCalls, omega2, sigma0: float, prior_ab: float, prior_p, level_var,
                 level_center: str = "zero"):
        from scipy import sparse

        S, T, J = data.n_states, data.n_periods, data.n_items
        order = np.argsort(data.y == 1, kind="stable")
        self.y = data.y[order]
        self.item = data.item[order]
        self.cell = data.cell[order]
        self.n_one = int(np.count_nonzero(self.y != 1))
        self.S, self.T, self.J = S, T, J
        self.counts = np.bincount(self.cell, minlength=S * T).reshape(S, T)
        self.has = self.counts > 0
        self.first = np.where(self.has.any(1), self.has.argmax(1), T)
        self.last = np.where(self.has.any(1), T - 1 - self.has[:, ::-1].argmax(1), -1)
        self.n_item = np.bincount(self.item, minlength=J).astype(float)
        self.ordinal = np.bincount(self.item, weights=(self.y == 1), minlength=J) > 0
        k = self.n_one
        yes = self.y[:k] == 2
        self.sgn = np.where(yes, 1.0, -1.0)                                  # +1: z above the cut, -1: below 0
        self.lim = np.where(yes & self.ordinal[self.item[:k]], 1.0, 0.0)     # the bound of each one-sided vote
        # C[j, c] = 1 when a vote on item j falls in cell c (each state votes once on a roll call)
        self.C = sparse.csr_matrix((np.ones(len(self.item)), (self.item, self.cell)), shape=(J, S * T))
        self.Ct = self.C.T.tocsr()
        self.estimate_omega = omega2 == "estimate"
        self.omega2 = 0.1 if self.estimate_omega else float(omega2)
        self.sigma0, self.prior_ab, self.level_var = sigma0, prior_ab, level_var
        self.level_center = level_center
        self.shape, self.rate = prior_p

    def estep(self, a, b, p, m):
        """E[z] and Var[z] per vote (in the sorted order)."""
        item, k = self.item, self.n_one
        mu = a[item] + b[item] * m.ravel()[self.cell]
        sd = (1.0 / np.sqrt(p))[item]
        ez = np.empty_like(mu)
        vz = np.empty_like(mu)
        # one-sided: E z = mu + sd * sgn * lambda(t), t = sgn * (lim - mu) / sd
        s1, sg = sd[:k], self.sgn
        t = sg * (self.lim - mu[:k]) / s1
        lam = mills(t)
        ez[:k] = mu[:k] + s1 * sg * lam
        vz[:k] = s1 * s1 * np.maximum(1.0 + t * lam - lam * lam, 0.0)
        if len(mu) > k:  # abstain: 0 <= z < 1
            s2, m2 = sd[k:], mu[k:]
            off, vf = _interval(-m2 / s2, (1.0 - m2) / s2)
            ez[k:] = m2 + s2 * off
            vz[k:] = s2 * s2 * vf
        return ez, vz

    def items(self, m, v, ez, vz, p):
        """M-step for the items: (a, b) by ridge regression of E[z] on (1, E[theta]), then the
        precision of ordinal items from the expected squared residual, all from per-item sums."""
        J, item = self.J, self.item
        mv = np.stack([m.ravel(), m.ravel() ** 2 + v.ravel()], axis=1)
        s_m, s_mm = (self.C @ mv).T
        s_z = np.bincount(item, weights=ez, minlength=J)
        s_zm = np.bincount(item, weights=ez * m.ravel()[self.cell], minlength=J)
        s_zz = np.bincount(item, weights=ez * ez + vz, minlength=J)
        n = self.n_item
        lam = 1.0 / (self.prior_ab * p)
        A11 = n + lam
        A22 = s_mm + lam
        det = A11 * A22 - s_m * s_m
        a = (A22 * s_z - s_m * s_zm) / det
        b = (A11 * s_zm - s_m * s_z) / det
        # sum over the item's votes of E[(z - a - b theta)^2]
        ss = s_zz - 2 * a * s_z - 2 * b * s_zm + a * a * n + 2 * a * b * s_m + b * b * s_mm
        p_new = (n + 2.0 * (self.shape - 1.0)) / (np.maximum(ss, 1e-12) + 2.0 * self.rate)
        p = np.where(self.ordinal, np.clip(p_new, 1e-6, 1e6), 1.0)
        return a, b, p

    def positions(self, a, b, p, ez, omega2, m_prev=None):
        """q(theta): the Kalman smoother on the information each state-period's votes carry.

        Returns means, variances and the M-step value of the random-walk
        variance, the mean of E[(theta_t - theta_t-1)^2] over every step of
        every state's walk (used when ``omega2`` is estimated)."""
        S, T = self.S, self.T
        pb = p * b
        P = (self.Ct @ (pb * b)).reshape(S, T)
        H = (np.bincount(self.cell, weights=pb[self.item] * ez, minlength=S * T) - self.Ct @ (pb * a)).reshape(S, T)
        if self.level_var:
            P = P + 1.0 / self.level_var
            if self.level_center == "year" and m_prev is not None:
                # centred on the year's mean position (of the states with votes): the spread is
                # anchored, a movement of every state together is left to the bridges and walks
                w = self.has
                mu_t = (m_prev * w).sum(0) / np.maximum(w.sum(0), 1)
                H = H + mu_t[None, :] / self.level_var
        m, v, lag = kalman_smoother(P, H, self.first, omega2, self.sigma0)
        step = (np.arange(1, T)[None, :] > self.first[:, None]) & (np.arange(1, T)[None, :] <= self.last[:, None])
        d2 = (m[:, 1:] - m[:, :-1]) ** 2 + v[:, 1:] + v[:, :-1] - 2.0 * lag[:, :-1]
        omega2_new = float(d2[step].mean()) if step.any() else omega2
        return np.nan_to_num(m), np.nan_to_num(v, nan=1.0), omega2_new

    def step(self, x):
        """One variational EM iteration on the state ``x = (a, b, log p, m, log v, log omega2)``."""
        a, b, lp, m, lv, lw = x
        p = np.exp(lp)
        v = np.exp(lv)
        ez, vz = self.estep(a, b, p, m)
        a, b, p = self.items(m, v, ez, vz, p)
        omega2 = float(np.exp(lw[0]))
        m, v, omega2_new = self.positions(a, b, p, ez, omega2, m)
        if self.estimate_omega:
            omega2 = min(max(omega2_new, 1e-4), 10.0)
        return (a, b, np.log(p), m, np.log(np.maximum(v, 1e-300)), np.array([np.log(omega2)]))


def fit_dynamic(data: RollCalls, *, omega2: float | str = 0.1, sigma0: float = 1.0, anchor: int | None = None,
                prior_ab: float = 25.0, prior_p: tuple[float, float] = (1.0, 0.0), level_var: float | None = None,
                max_iter: int = 500, tol: float = 1e-4, start: np.ndarray | None = None,
                accelerate: bool = True, level_center: str = "zero", callback=None) -> Fit:
    """Fit the dynamic ordinal model by variational EM (SQUAREM-accelerated).

    Parameters:
        data: the votes (:class:`RollCalls`).
        omega2: variance of the random-walk step per period, or ``"estimate"``
            (an M-step from the smoother's moments each iteration).
        sigma0: prior sd of a state's position in its first period.
        anchor: state index whose mean position is made positive at the end.
        prior_ab: prior variance of the item intercept and slope (z scale).
        prior_p: Gamma (shape, rate) prior of ordinal items' precision.
        level_var: variance of an optional N(0, level_var) prior on every position.
        max_iter, tol: stop when the largest change of a position mean between
            two iterations is below ``tol`` (or after ``max_iter`` EM steps).
        start: starting positions ``(n_states, n_periods)``; default :func:`start_values`.
        accelerate: SQUAREM (Varadhan and Roland 2008) extrapolation steps.
        callback: ``callback(iteration, mean)`` after each iteration.

    Example:
        >>> d = simulate(n_states=30, n_periods=3, n_items_per_period=40, seed=1)
        >>> fit = fit_dynamic(d.data, anchor=0)
        >>> bool(np.corrcoef(fit.mean.ravel(), d.theta.ravel())[0, 1] > 0.95)
        True
    """
    t0 = time.perf_counter()
    pr = _Problem(data, omega2, sigma0, prior_ab, prior_p, level_var, level_center)
    S, T, J = pr.S, pr.T, pr.J
    m = start_values(data, anchor) if start is None else np.array(start, dtype=float)
    m = np.where(pr.has, m, 0.0)
    v = np.full((S, T), 0.1)
    # starting items: one regression of a crude z (no -0.5, abstain 0.5, yes 1.5) on the start
    z0 = pr.y - 0.5
    mc = m.ravel()[pr.cell]
    a, b = _items_ab(pr.item, z0, mc, np.full_like(mc, 0.1), np.ones(J), J, pr.n_item, prior_ab)
    x = (a, b, np.zeros(J), m, np.log(v), np.array([np.log(pr.omega2)]))
    hist: list[float] = []
    converged = False
    evals = 0

    def change(x_new, x_old):
        return float(np.max(np.abs(x_new[3] - x_old[3])[pr.has])) if pr.has.any() else 0.0

    while evals < max_iter:
        x1 = pr.step(x)
        evals += 1
        if accelerate:
            x2 = pr.step(x1)
            evals += 1
            r = [u - w for u, w in zip(x1, x)]
            q = [u - w - rr for u, w, rr in zip(x2, x1, r)]
            rr = sum(float(np.dot(u.ravel(), u.ravel())) for u in r)
            qq = sum(float(np.dot(u.ravel(), u.ravel())) for u in q)
            alpha = -np.sqrt(rr / qq) if qq > 0 else -1.0
            alpha = min(alpha, -1.0)
            xe = tuple(w - 2.0 * alpha * u + alpha * alpha * g for w, u, g in zip(x, r, q))
            ok = all(np.isfinite(u).all() for u in xe)
            if ok:
                try:
                    x_new = pr.step(xe)
                    evals += 1
                    ok = all(np.isfinite(u).all() for u in x_new)
                except FloatingPointError:  # pragma: no cover - defensive
                    ok = False
            if not ok:
                x_new = x2
        else:
            x_new = x1
        delta = change(x_new, x)
        x = x_new
        hist.append(delta)
        if callback is not None:
            callback(evals, x[3])
        if delta < tol:
            converged = True
            break
    a, b, lp, m, lv, lw = x
    p, v = np.exp(lp), np.exp(lv)
    omega2 = float(np.exp(lw[0]))
    if anchor is not None and pr.has[anchor].any() and m[anchor][pr.has[anchor]].mean() < 0:
        m = -m
        b = -b
    live = np.arange(T)[None, :] >= pr.first[:, None]
    var_obs = observed_variance(pr, a, b, p, m, omega2)
    return Fit(np.where(live, m, np.nan), np.where(live, v, np.nan), a, b, p, pr.ordinal, pr.counts, evals,
               converged, time.perf_counter() - t0, omega2, hist, np.where(live, var_obs, np.nan))


def observed_variance(pr: "_Problem", a, b, p, m, omega2: float) -> np.ndarray:
    """Posterior variances of the positions from the observed information (Louis 1982).

    The variational factor treats each latent ``z`` as if it were observed, so
    a vote carries the complete-data information ``p b^2`` about the position.
    A vote only says in which interval ``z`` lies: the missing-information
    principle takes off ``p^2 b^2 Var[z | vote]``, leaving
    ``p b^2 (1 - p Var[z | vote])`` (0 for a vote that says nothing about the
    position, ``p b^2`` for one that pins ``z``). The smoother run on these
    informations, at the fitted means and roll-call parameters, gives the
    variances behind the reported intervals.
    """
    _ez, vz = pr.estep(a, b, p, m)
    w = (p * b * b)[pr.item] * np.clip(1.0 - p[pr.item] * vz, 0.0, 1.0)
    P = np.bincount(pr.cell, weights=w, minlength=pr.S * pr.T).reshape(pr.S, pr.T)
    if pr.level_var:
        P = P + 1.0 / pr.level_var
    _m, v, _lag = kalman_smoother(P, np.zeros_like(P), pr.first, omega2, pr.sigma0)
    return np.nan_to_num(v, nan=1.0)


def _items_ab(item, ez, mc, vc, p, J, n_item, prior_ab):
    """Ridge regression of E[z] on (1, E[theta]) per item, with E[theta^2] = m^2 + v."""
    s_m = np.bincount(item, weights=mc, minlength=J)
    s_mm = np.bincount(item, weights=mc * mc + vc, minlength=J)
    s_z = np.bincount(item, weights=ez, minlength=J)
    s_zm = np.bincount(item, weights=ez * mc, minlength=J)
    lam = 1.0 / (prior_ab * p)
    A11 = n_item + lam
    A12 = s_m
    A22 = s_mm + lam
    det = A11 * A22 - A12 * A12
    a = (A22 * s_z - A12 * s_zm) / det
    b = (A11 * s_zm - A12 * s_z) / det
    return a, b


def predictive_loglik(fit: Fit, data: RollCalls) -> float:
    """Mean log probability of held-out votes under a fit (positions: posterior means).

    Example:
        >>> d = simulate(n_states=30, n_periods=2, n_items_per_period=30, seed=2)
        >>> fit = fit_dynamic(d.data, anchor=0)
        >>> bool(-1.0 < predictive_loglik(fit, d.data) < 0.0)
        True
    """
    m = np.nan_to_num(fit.mean)[data.state, data.period]
    mu = fit.a[data.item] + fit.b[data.item] * m
    sd = 1.0 / np.sqrt(fit.p[data.item])
    cut = np.where(fit.ordinal[data.item], 1.0, 0.0)
    p_no = ndtr((0.0 - mu) / sd)
    p_yes = 1.0 - ndtr((cut - mu) / sd)
    prob = np.where(data.y == 0, p_no, np.where(data.y == 2, p_yes, 1.0 - p_no - p_yes))
    return float(np.mean(np.log(np.clip(prob, 1e-12, 1.0))))


# --------------------------------------------------------------------------- simulation

@dataclass
class Simulated:
    data: RollCalls
    theta: np.ndarray
    a: np.ndarray
    b: np.ndarray
    p: np.ndarray


def simulate(n_states: int = 100, n_periods: int = 10, n_items_per_period: int = 60, *, omega2: float = 0.1,
             abstain_share: float = 0.5, turnout: float = 0.9, seed: int = 0, drift: float = 0.0,
             n_bridges: int = 0, theta: np.ndarray | None = None) -> Simulated:
    """Votes drawn from the model with known parameters (for recovery tests).

    Positions start from N(0, 1) and follow random walks with step variance
    ``omega2`` plus a common ``drift`` per period; each period has
    ``n_items_per_period`` fresh items, and ``n_bridges`` items are put to
    the vote in every period with the same parameters (like resolutions
    repeated word for word). A share ``abstain_share`` of the items is
    ordinal (abstentions possible); each state votes on an item with
    probability ``turnout``.

    Example:
        >>> s = simulate(n_states=5, n_periods=2, n_items_per_period=3, n_bridges=1, seed=1)
        >>> s.theta.shape, int(s.data.n_items)
        ((5, 2), 7)
    """
    rng = np.random.default_rng(seed)
    S, T = n_states, n_periods
    if theta is None:
        theta = np.cumsum(np.concatenate([rng.standard_normal((S, 1)),
                                          np.sqrt(omega2) * rng.standard_normal((S, T - 1))], axis=1), axis=1)
        theta = theta + drift * np.arange(T)[None, :]
    J = n_items_per_period * T + n_bridges
    b = rng.normal(0, 1.5, J) * rng.choice([-1, 1], J)
    a = rng.normal(0.5, 1.0, J)
    ordinal = rng.random(J) < abstain_share
    p = np.where(ordinal, rng.uniform(1.0, 6.0, J), 1.0)
    # (item, period) pairs put to the vote: fresh items in their period, bridges in every period
    fresh_item = np.arange(n_items_per_period * T)
    fresh_period = np.repeat(np.arange(T), n_items_per_period)
    bridge_item = np.repeat(np.arange(n_items_per_period * T, J), T)
    bridge_period = np.tile(np.arange(T), n_bridges)
    ip_item = np.concatenate([fresh_item, bridge_item])
    ip_period = np.concatenate([fresh_period, bridge_period])
    st, k = np.meshgrid(np.arange(S), np.arange(len(ip_item)), indexing="ij")
    st, k = st.ravel(), k.ravel()
    keep = rng.random(st.size) < turnout
    st, k = st[keep], k[keep]
    it, pe = ip_item[k], ip_period[k]
    z = a[it] + b[it] * theta[st, pe] + rng.standard_normal(st.size) / np.sqrt(p[it])
    cut = np.where(ordinal, 1.0, 0.0)[it]
    y = np.where(z < 0, 0, np.where(z < cut, 1, 2))
    data = RollCalls(st, pe, it, y, S, T, J)
    return Simulated(data, theta, a, b, p)
