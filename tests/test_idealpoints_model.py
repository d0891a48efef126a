"""The ideal-point kernel (docs/methodology.md, "UN ideal points"): each piece against an
independent computation, recovery of simulated positions, the bridges' claim, and the
Gibbs baseline of the benchmark.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import truncnorm

from multivector.engine._irt import (
    RollCalls, fit_dynamic, kalman_smoother, mills, predictive_loglik, simulate, truncated_moments,
)

BENCH = Path(__file__).resolve().parents[1] / "bench"


def test_truncated_moments_equal_scipy_truncnorm():
    rng = np.random.default_rng(0)
    n = 3000
    mu = rng.normal(0, 3, n)
    sd = rng.uniform(0.2, 3, n)
    y = rng.integers(0, 3, n)
    cut = np.where(rng.random(n) < 0.5, 1.0, 0.0)
    y = np.where((cut == 0) & (y == 1), 2, y)  # binary items have no abstention
    lo = np.where(y == 0, -np.inf, np.where(y == 1, 0.0, cut))
    hi = np.where(y == 0, 0.0, np.where(y == 1, cut, np.inf))
    m, v = truncated_moments(mu, sd, y, cut)
    ref_m, ref_v = truncnorm.stats((lo - mu) / sd, (hi - mu) / sd, loc=mu, scale=sd, moments="mv")
    ok = np.isfinite(ref_m) & np.isfinite(ref_v)
    assert ok.mean() > 0.99
    assert np.allclose(m[ok], ref_m[ok], atol=2e-6 * np.maximum(1, np.abs(ref_m[ok])))
    assert np.allclose(v[ok], ref_v[ok], atol=1e-5 * sd[ok] ** 2 + 1e-5)


def test_mills_table_is_accurate_everywhere():
    from scipy.special import erfcx

    x = np.linspace(-40, 40, 400_001)
    exact = np.sqrt(2 / np.pi) / erfcx(x / np.sqrt(2))
    assert np.max(np.abs(mills(x) - exact)) < 1e-6


def test_smoother_equals_the_dense_posterior():
    """Kalman smoother = the Gaussian posterior computed by inverting the whole precision matrix."""
    rng = np.random.default_rng(1)
    S, T, w2, s0 = 3, 6, 0.3, 1.2
    P = rng.uniform(0, 4, (S, T))
    P[1, :2] = 0.0  # state 1 starts in period 2 ...
    P[2, 3] = 0.0   # ... state 2 has a period without votes inside its walk
    H = rng.normal(0, 2, (S, T))
    first = np.array([0, 2, 0])
    m, v, lag = kalman_smoother(P, H, first, w2, s0)
    for s in range(S):
        t0 = first[s]
        n = T - t0
        Q = np.diag(P[s, t0:]).astype(float)
        Q[0, 0] += 1 / s0**2
        for t in range(n - 1):  # random-walk links
            Q[t, t] += 1 / w2
            Q[t + 1, t + 1] += 1 / w2
            Q[t, t + 1] -= 1 / w2
            Q[t + 1, t] -= 1 / w2
        cov = np.linalg.inv(Q)
        assert np.allclose(m[s, t0:], cov @ H[s, t0:])
        assert np.allclose(v[s, t0:], np.diag(cov))
        assert np.allclose(lag[s, t0:T - 1], np.diag(cov, 1))
        assert np.isnan(m[s, :t0]).all()


def test_recovers_simulated_positions():
    """Votes simulated from the model with known positions: correlation >= 0.98 over the
    state-years with at least 20 votes (the issue's bar)."""
    sim = simulate(n_states=120, n_periods=12, n_items_per_period=50, omega2=0.1, seed=7, turnout=0.85)
    fit = fit_dynamic(sim.data, anchor=int(np.argmax(sim.theta[:, 0])), omega2=0.1, level_var=1.0, tol=1e-3)
    assert fit.converged
    ok = fit.n_votes >= 20
    assert ok.sum() > 1000
    r = np.corrcoef(fit.mean[ok], sim.theta[ok])[0, 1]
    assert r >= 0.98, r
    # and the anchor's sign: the state with the highest true position is positive
    assert np.nanmean(fit.mean[np.argmax(sim.theta[:, 0])]) > 0


def test_bridges_carry_a_common_shift_across_years():
    """Every state moves the same way over time (+0.15 a period). Items asked again word for
    word in every period (bridges) let the fit see the shift; without them the years are tied
    only by the random walks, which attribute a common move to the items. Measured in units
    of the cross-section's spread (the model's scale is its own): with 15 bridges a period
    the fit recovers 77% of the true rise; without, 1%."""
    kw = dict(n_states=120, n_periods=12, n_items_per_period=40, omega2=0.05, drift=0.15, seed=11, turnout=0.85)
    truth = simulate(**kw).theta
    true_rise = (truth.mean(0)[-1] - truth.mean(0)[0]) / truth.std(0).mean()
    assert true_rise > 1.4
    rise = {}
    for nb in (0, 15):
        sim = simulate(n_bridges=nb, **kw)
        fit = fit_dynamic(sim.data, anchor=int(np.argmax(sim.theta[:, 0])), omega2=0.05, level_var=1.0, tol=1e-3)
        m = fit.mean
        rise[nb] = (np.nanmean(m[:, -1]) - np.nanmean(m[:, 0])) / np.nanstd(m, axis=0).mean()
    assert abs(rise[0]) < 0.1 * true_rise            # no bridges: the shift is lost
    assert rise[15] > 0.7 * true_rise                # bridges: most of it is seen


def test_predictive_loglik_prefers_the_fit_to_noise():
    sim = simulate(n_states=60, n_periods=4, n_items_per_period=40, seed=3)
    fit = fit_dynamic(sim.data, anchor=0)
    d = sim.data
    shuffled = RollCalls(d.state, d.period, d.item, np.random.default_rng(0).permutation(d.y), d.n_states,
                         d.n_periods, d.n_items)
    assert predictive_loglik(fit, d) > predictive_loglik(fit, shuffled) + 0.3


def test_gibbs_baseline_recovers_simulated_positions():
    """The benchmark's baseline is a correct sampler of the same model: its posterior means
    recover the simulated positions and agree with the EM fit."""
    sys.path.insert(0, str(BENCH))
    try:
        from gibbs_irt import gibbs
    finally:
        sys.path.remove(str(BENCH))
    sim = simulate(n_states=80, n_periods=8, n_items_per_period=40, omega2=0.1, seed=5, turnout=0.9)
    anchor = int(np.argmax(sim.theta[:, 0]))
    em = fit_dynamic(sim.data, anchor=anchor, omega2=0.1, level_var=1.0, tol=1e-3)
    mean, it, _sec, _h = gibbs(sim.data, anchor=anchor, omega2=0.1, level_var=1.0, max_iter=400, seed=3)
    assert it == 400
    per_period = [np.corrcoef(mean[:, t], sim.theta[:, t])[0, 1] for t in range(8)]
    assert min(per_period) > 0.95
    assert np.corrcoef(mean.ravel(), em.mean.ravel())[0, 1] > 0.97


def test_intervals_cover_the_simulated_positions():
    """95% intervals from the observed information (Louis 1982) cover about 95% of the true
    positions; the variational posterior's own variances would cover about 75%."""
    from scipy.special import ndtri

    sim = simulate(n_states=120, n_periods=12, n_items_per_period=50, omega2=0.02, seed=7, turnout=0.85)
    fit = fit_dynamic(sim.data, anchor=int(np.argmax(sim.theta[:, 0])), omega2=0.02, level_var=1.0, tol=1e-3)
    ok = fit.n_votes >= 20
    slope, icpt = np.polyfit(fit.mean[ok], sim.theta[ok], 1)  # the model's scale is its own: map it on the truth's
    err = np.abs(sim.theta[ok] - (slope * fit.mean[ok] + icpt))
    z = ndtri(0.975)
    cover_obs = np.mean(err < z * slope * np.sqrt(fit.var_obs[ok]))
    cover_vb = np.mean(err < z * slope * np.sqrt(fit.var[ok]))
    assert 0.92 <= cover_obs <= 0.98, cover_obs
    assert cover_vb < 0.8, cover_vb
