"""How the random-walk variance of the UN ideal-point model was chosen (docs/methodology.md, "UN ideal points").

10% of the shipped votes are held out at random (seed 1); the model is fitted
on the rest for each candidate ``omega2`` (the other settings as in
``MODEL``), and the mean log probability of the held-out votes is printed,
with the median yearly correlation of that fit with the published legacy
series for information (the choice does not use it). Also printed: the fit
without the level prior at the chosen ``omega2``, to show what the level
prior prevents. Takes a few minutes.

    python scripts/ideal_points_choice.py [0.005 0.01 0.02 ...]
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from multivector.engine._idealpoints import ANCHOR, MODEL, agreement_with_published, fit_input
from multivector.engine._irt import RollCalls, fit_dynamic, predictive_loglik

CANDIDATES = [0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 2.0]


def _subset(d: RollCalls, mask) -> RollCalls:
    return RollCalls(d.state[mask], d.period[mask], d.item[mask], d.y[mask], d.n_states, d.n_periods, d.n_items)


def _agreement(fit, ccodes, years) -> pd.DataFrame:
    S, T = np.nonzero(fit.n_votes)
    est = pd.DataFrame({"ccode": ccodes[S], "year": years[T], "ideal_point": fit.mean[S, T]})
    return agreement_with_published(est)


def main(candidates: list[float]) -> None:
    d, ccodes, years, _info, _ = fit_input()
    anchor = int(np.searchsorted(ccodes, ANCHOR))
    test = np.random.default_rng(1).random(len(d.y)) < 0.1
    train, held = _subset(d, ~test), _subset(d, test)
    settings = {k: MODEL[k] for k in ("level_var", "sigma0", "prior_ab", "tol", "max_iter")}
    print("| omega2 | held-out log probability per vote | median yearly r with legacy (90% fit) | iterations |")
    print("| ---: | ---: | ---: | ---: |")
    for w in candidates:
        fit = fit_dynamic(train, anchor=anchor, **{**settings, "omega2": w})
        t = _agreement(fit, ccodes, years)
        print(f"| {w} | {predictive_loglik(fit, held):.5f} | {t.pearson.median():.4f} | {fit.iterations} |", flush=True)
    # without the level prior (the random walk alone), on all the votes
    fit = fit_dynamic(d, anchor=anchor, **{**settings, "omega2": MODEL["omega2"], "level_var": None, "max_iter": 3000})
    t = _agreement(fit, ccodes, years)
    sd = [np.nanstd(fit.mean[fit.n_votes[:, k] > 0, k]) for k in range(fit.mean.shape[1])]
    us = fit.mean[anchor, -1]
    low = ccodes[np.nanargmin(fit.mean[:, -1])]
    print(f"\nwithout the level prior: {fit.iterations} iterations (converged: {fit.converged}); spread of positions "
          f"(sd) {np.mean(sd[:5]):.2f} in 1946-1950, {np.mean(sd[-5:]):.2f} in 2015-2019; United States 2019 {us:.2f}; "
          f"lowest 2019: COW {low} at {np.nanmin(fit.mean[:, -1]):.2f}; yearly r with legacy: median "
          f"{t.pearson.median():.3f}, lowest {t[t.states >= 30].pearson.min():.3f}")


if __name__ == "__main__":
    main([float(x) for x in sys.argv[1:]] or CANDIDATES)
