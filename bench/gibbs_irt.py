"""The baseline of bench_idealpoints.py: a plain Gibbs sampler with data augmentation.

The same model as :mod:`multivector.engine._irt` (latent propensity
``z ~ N(a_j + b_j theta_it, 1/p_j)`` cut at 0 and 1 for ordinal items, at 0
for binary ones; each state's positions a random walk with step variance
``omega2`` and the weak ``N(0, level_var)`` prior on every position; the
same item priors), sampled the way MCMC ideal-point estimators do it
(Albert and Chib 1993; Martin and Quinn 2002; Bailey, Strezhnev and Voeten
2017): draw every latent ``z`` from its truncated normal, then the item
parameters from their Gaussian and Gamma full conditionals, then each
state's path by forward filtering, backward sampling. Vectorised like the
EM kernel (the same sums, the same smoother structure), so the comparison
is between algorithms, not between languages.

It is not part of the package: it exists to be timed against it, and
tests/test_idealpoints_model.py checks that it recovers simulated positions.
"""

from __future__ import annotations

import time

import numpy as np
from scipy import sparse
from scipy.special import ndtr, ndtri

from multivector.engine._irt import RollCalls, start_values


def _truncated_draw(rng, mu, sd, lo, hi):
    """Draws of N(mu, sd^2) truncated to [lo, hi) by the inverse CDF, in the upper tail by symmetry."""
    a = (lo - mu) / sd
    b = (hi - mu) / sd
    flip = (a + b) > 0  # mostly above 0: draw -z from the mirrored interval, where ndtr keeps its precision
    a2 = np.where(flip, -b, a)
    b2 = np.where(flip, -a, b)
    pa = ndtr(np.clip(a2, -37.0, 37.0))
    pb = ndtr(np.clip(b2, -37.0, 37.0))
    u = pa + rng.random(mu.shape) * (pb - pa)
    x = ndtri(np.clip(u, 1e-300, 1 - 1e-16))
    x = np.clip(x, a2, b2)
    x = np.where(np.isfinite(x), x, np.where(np.isfinite(a2), a2, b2))
    return mu + sd * np.where(flip, -x, x)


def _ffbs(rng, P, H, first, omega2, sigma0):
    """Forward filtering, backward sampling of every state's path at once (vectorised over states)."""
    S, T = P.shape
    fm = np.empty((S, T))
    fv = np.empty((S, T))
    pm = np.zeros(S)
    pv = np.full(S, sigma0 * sigma0)
    for t in range(T):
        if t:
            pm = fm[:, t - 1]
            pv = fv[:, t - 1] + omega2
        start = first == t
        pm = np.where(start, 0.0, pm)
        pv = np.where(start, sigma0 * sigma0, pv)
        prec = 1.0 / pv + P[:, t]
        fv[:, t] = 1.0 / prec
        fm[:, t] = fv[:, t] * (pm / pv + H[:, t])
    x = np.empty((S, T))
    x[:, T - 1] = fm[:, T - 1] + np.sqrt(fv[:, T - 1]) * rng.standard_normal(S)
    for t in range(T - 2, -1, -1):
        link = first != t + 1
        v = 1.0 / (1.0 / fv[:, t] + np.where(link, 1.0 / omega2, 0.0))
        m = v * (fm[:, t] / fv[:, t] + np.where(link, x[:, t + 1] / omega2, 0.0))
        x[:, t] = m + np.sqrt(v) * rng.standard_normal(S)
    return x


def gibbs(data: RollCalls, *, omega2: float = 0.1, level_var: float = 1.0, sigma0: float = 1.0, prior_ab: float = 25.0,
          prior_p: tuple[float, float] = (1.0, 0.0), anchor: int | None = None, seed: int = 1,
          max_iter: int = 100_000, start: np.ndarray | None = None, check_every: int = 10, stop=None,
          max_seconds: float | None = None, batch: int = 25):
    """Run the sampler; every ``2 * check_every`` iterations call ``stop(iteration, mean, ess)``
    with the posterior mean over the second half of the draws so far (the first half is burn-in)
    and a function giving each position's effective sample size over that half (batch means of
    ``batch`` draws), and return when it says True (or after ``max_iter`` iterations or
    ``max_seconds``).

    Returns ``(mean, iterations, seconds, history)`` with ``mean`` of shape
    ``(n_states, n_periods)`` (NaN before a state's first period).
    """
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    S, T, J = data.n_states, data.n_periods, data.n_items
    item, y = data.item, data.y
    cell = data.cell
    counts = np.bincount(cell, minlength=S * T).reshape(S, T)
    has = counts > 0
    first = np.where(has.any(1), has.argmax(1), T)
    n_item = np.bincount(item, minlength=J).astype(float)
    ordinal = np.bincount(item, weights=(y == 1), minlength=J) > 0
    cut = np.where(ordinal, 1.0, 0.0)[item]
    lo = np.where(y == 0, -np.inf, np.where(y == 1, 0.0, cut))
    hi = np.where(y == 0, 0.0, np.where(y == 1, 1.0, np.inf))
    C = sparse.csr_matrix((np.ones(len(item)), (item, cell)), shape=(J, S * T))
    Ct = C.T.tocsr()
    theta = start_values(data, anchor) if start is None else np.array(start, dtype=float)
    theta = np.where(has, theta, 0.0)
    a = np.zeros(J)
    b = np.zeros(J)
    p = np.ones(J)
    z = (y - 0.5).astype(float)
    shape, rate = prior_p
    live = np.arange(T)[None, :] >= first[:, None]
    # running sum of the oriented draws, saved every check_every iterations, so the mean over
    # the second half of the draws (draws h+1 .. it, h = it/2) is (sum_it - sum_h) / (it - h)
    running = np.zeros((S, T))
    saved = {0: running.copy()}
    history = []
    it = 0
    # batch means (and means of squares) of the oriented draws, for effective sample sizes
    bsum = np.zeros((S, T))
    bsq = np.zeros((S, T))
    batches: list[tuple[int, np.ndarray, np.ndarray]] = []

    def half_mean():
        h = (it // 2) // check_every * check_every
        return np.where(live, (running - saved[h]) / (it - h), np.nan)

    def ess():
        """Effective sample size of each position over the second half of the draws (batch means;
        None until there are 20 batches there)."""
        half = [b for b in batches if b[0] > it // 2]
        if len(half) < 20:
            return None
        means = np.stack([b[1] for b in half])
        squares = np.stack([b[2] for b in half])
        var_draws = squares.mean(0) - means.mean(0) ** 2
        var_batch = means.var(0, ddof=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = len(half) * var_draws / var_batch
        return np.where(live, out, np.nan)

    while it < max_iter:
        it += 1
        # items given z and theta: (a, b) Gaussian per item, then the precision of ordinal items
        tc = theta.ravel()
        s_m = C @ tc
        s_mm = C @ (tc * tc)
        s_z = np.bincount(item, weights=z, minlength=J)
        s_zm = np.bincount(item, weights=z * tc[cell], minlength=J)
        lam = 1.0 / prior_ab
        A11 = p * n_item + lam
        A12 = p * s_m
        A22 = p * s_mm + lam
        det = A11 * A22 - A12 * A12
        ma = (A22 * p * s_z - A12 * p * s_zm) / det
        mb = (A11 * p * s_zm - A12 * p * s_z) / det
        # covariance = inverse of [[A11, A12], [A12, A22]]: draw through its Cholesky factor
        c11 = A22 / det
        c12 = -A12 / det
        c22 = A11 / det
        l11 = np.sqrt(c11)
        l21 = c12 / l11
        l22 = np.sqrt(np.maximum(c22 - l21 * l21, 1e-300))
        e1 = rng.standard_normal(J)
        e2 = rng.standard_normal(J)
        a = ma + l11 * e1
        b = mb + l21 * e1 + l22 * e2
        res = z - a[item] - b[item] * tc[cell]
        ss = np.bincount(item, weights=res * res, minlength=J)
        p = np.where(ordinal, rng.gamma(shape + n_item / 2.0, 1.0 / (rate + ss / 2.0 + 1e-300)), 1.0)
        p = np.clip(p, 1e-6, 1e6)
        # positions given z and items
        pb = p * b
        P = (Ct @ (pb * b)).reshape(S, T) + (1.0 / level_var if level_var else 0.0)
        Hm = (np.bincount(cell, weights=pb[item] * z, minlength=S * T) - Ct @ (pb * a)).reshape(S, T)
        theta = _ffbs(rng, P, Hm, first, omega2, sigma0)
        theta = np.where(live, theta, 0.0)
        # latent propensities given everything else
        z = _truncated_draw(rng, a[item] + b[item] * theta.ravel()[cell], (1.0 / np.sqrt(p))[item], lo, hi)
        # the sign is not identified: each draw is oriented with the anchor positive
        flip = anchor is not None and theta[anchor][has[anchor]].mean() < 0
        draw = -theta if flip else theta
        running += draw
        bsum += draw
        bsq += draw * draw
        if it % batch == 0:
            batches.append((it, bsum / batch, bsq / batch))
            bsum = np.zeros((S, T))
            bsq = np.zeros((S, T))
        if it % check_every == 0:
            saved[it] = running.copy()
            if stop is not None and it % (2 * check_every) == 0:
                mean = half_mean()
                history.append((it, time.perf_counter() - t0))
                if stop(it, mean, ess):
                    return mean, it, time.perf_counter() - t0, history
        if max_seconds is not None and time.perf_counter() - t0 > max_seconds:
            break
    if it % check_every:
        it -= it % check_every  # the mean uses whole checkpoints
        running = saved[it]
    return half_mean(), it, time.perf_counter() - t0, history
