"""UN ideal points in seconds (issue 14): the variational EM fit of all 74 sessions against a
plain Gibbs sampler of the same model.

    .venv/bin/python bench/bench_idealpoints.py [--max-gibbs-seconds 1800] [--tolerance 0.002]

Each case runs in a fresh process (its peak RSS is its own); the data are loaded
before the clock starts in both. The EM case times ``ideal_points()`` with an
empty cache folder: vote preparation, bridges, the fit to convergence and the
labelled table. The Gibbs case samples the same votes (``fit_input()``: the same
roll calls, bridges, priors and starting values) and every 20 iterations takes
the posterior mean over the second half of the draws (the first half is burn-in).

Two criteria, both printed:

1. the issue's: the median over 1946-2019 of the yearly Pearson correlation with
   the publisher's ``idealpointlegacy`` reaches the EM fit's median minus
   ``--tolerance``;
2. equal precision: 95% of the posterior means rest on an effective sample size
   of at least 400 (batch means of 25 draws over the second half), the minimum
   Vehtari et al. (2021, Bayesian Analysis 16(2)) recommend for reliable
   posterior summaries; when ``--max-gibbs-seconds`` stops the sampler first,
   the time is projected from the effective sample size reached (it grows in
   proportion to the draws) and marked so.

Before printing any ratio the script checks the EM fit: converged, the United
States positive, median correlation >= 0.95 and >= 0.85 in every year with at
least 30 states.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # the kernels are memory-bound; threads only contend on 2 cores

ROOT = Path(__file__).resolve().parents[1]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _agreement(ccodes, years, mean):
    import numpy as np
    import pandas as pd

    from multivector.engine._idealpoints import agreement_with_published

    S, T = np.nonzero(np.isfinite(mean))
    est = pd.DataFrame({"ccode": ccodes[S], "year": years[T], "ideal_point": mean[S, T]})
    return agreement_with_published(est)


def case_em() -> dict:
    import tempfile

    os.environ["MULTIVECTOR_CACHE_DIR"] = tempfile.mkdtemp()  # an empty cache folder: the fit is computed, not read
    import multivector as mv
    from multivector.engine import _idealpoints as ip

    ip._shipped_votes()  # data loaded before the clock starts (as in the Gibbs case)
    ip._CACHE.clear()
    ip._shipped_votes()
    mv.ideal_points(source="published", years=2019)
    t0, c0 = time.perf_counter(), time.process_time()
    est = mv.ideal_points()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    t = ip.agreement_with_published(est)
    big = t[t.states >= 30]
    us_positive = bool((est[est.ccode == 2].ideal_point > 0).all())
    return {"case": "em", "wall": wall, "cpu": cpu, "rss_mb": _rss_mb(), "iterations": est.attrs["model"]["iterations"],
            "converged": est.attrs["model"]["converged"], "rows": len(est), "votes": est.attrs["model"]["votes"],
            "median": float(t.pearson.median()), "min_big": float(big.pearson.min()),
            "worst_year": int(big.sort_values("pearson").year.iloc[0]), "us_positive": us_positive}


def case_gibbs(target: float, max_seconds: float) -> dict:
    import numpy as np

    sys.path.insert(0, str(ROOT / "bench"))
    from gibbs_irt import gibbs

    from multivector.engine._idealpoints import ANCHOR, MODEL, fit_input

    data, ccodes, years, info, _ = fit_input()
    anchor = int(np.searchsorted(ccodes, ANCHOR))
    has = np.bincount(data.cell, minlength=data.n_states * data.n_periods).reshape(data.n_states, data.n_periods) > 0
    out: dict = {"trace": []}
    t0 = [0.0]

    def stop(it, mean, ess):
        now = time.perf_counter() - t0[0]
        if "median_at" not in out:
            med = float(_agreement(ccodes, years, mean).pearson.median())
            out["trace"].append((it, round(med, 4)))
            if med >= target:
                out.update(median_at=it, median_seconds=now, median_cpu=time.process_time() - c0, median=med)
        e = ess()
        if e is not None:
            p5 = float(np.nanpercentile(e[has], 5))
            out.update(ess_p5=p5, ess_iter=it, ess_seconds=now, ess_cpu=time.process_time() - c0)
            if p5 >= ESS_TARGET:
                out.update(ess_at=it)
                return True
        return False

    t0[0], c0 = time.perf_counter(), time.process_time()
    _mean, it, _sec, _hist = gibbs(data, anchor=anchor, omega2=MODEL["omega2"], level_var=MODEL["level_var"],
                                   sigma0=MODEL["sigma0"], prior_ab=MODEL["prior_ab"], check_every=10, stop=stop,
                                   max_seconds=max_seconds)
    out.update(iterations=it, wall=time.perf_counter() - t0[0], cpu=time.process_time() - c0, rss_mb=_rss_mb())
    out["trace"] = out["trace"][-4:]
    return out


#: Effective sample size that 95% of the posterior means must reach for "equal precision"
#: (400: the minimum Vehtari et al. 2021 recommend for reliable posterior summaries).
ESS_TARGET = 400


def run_case(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        sys.exit(f"case {args} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", choices=["em", "gibbs"], help=argparse.SUPPRESS)
    ap.add_argument("--target", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--tolerance", type=float, default=0.002, help="Gibbs stops at the EM median correlation minus this.")
    ap.add_argument("--max-gibbs-seconds", type=float, default=1800.0, help="Stop the sampler after this long (ratio: a lower bound).")
    a = ap.parse_args()
    if a.case == "em":
        print(json.dumps(case_em()))
        return
    if a.case == "gibbs":
        print(json.dumps(case_gibbs(a.target, a.max_gibbs_seconds)))
        return

    em = run_case(["--case", "em"])
    checks = {"converged": em["converged"], "United States positive": em["us_positive"],
              "median >= 0.95": em["median"] >= 0.95, "every year with >= 30 states >= 0.85": em["min_big"] >= 0.85}
    if not all(checks.values()):
        sys.exit(f"EM fit fails its checks: {checks}")
    target = em["median"] - a.tolerance
    gb = run_case(["--case", "gibbs", "--target", str(target), "--max-gibbs-seconds", str(a.max_gibbs_seconds)])
    print(f"All 74 sessions, {em['votes']:,d} votes, {em['rows']:,d} state-years; EM checks passed: {', '.join(checks)}.")
    print(f"{'case':<58} {'wall':>8} {'cpu':>8} {'iterations':>10} {'peak RSS':>9}")
    print(f"{'variational EM, ideal_points() (converged)':<58} {em['wall']:7.1f}s {em['cpu']:7.1f}s {em['iterations']:>10} "
          f"{em['rss_mb']:7.0f}MB")
    print(f"  median yearly r with idealpointlegacy {em['median']:.4f}; worst year with >= 30 states {em['worst_year']} "
          f"(r = {em['min_big']:.3f})")
    if "median_at" in gb:
        ratio, cratio = gb["median_seconds"] / em["wall"], gb["median_cpu"] / em["cpu"]
        print(f"{'Gibbs to the same median yearly r (>= ' + format(target, '.4f') + ')':<58} {gb['median_seconds']:7.1f}s "
              f"{gb['median_cpu']:7.1f}s {gb['median_at']:>10}")
        print(f"  ratio Gibbs / EM, the issue's criterion: {ratio:.1f}x wall, {cratio:.1f}x cpu (target >= 50x); "
              f"checks {gb['trace']}")
    else:
        print(f"Gibbs did not reach median yearly r {target:.4f} in {gb['wall']:.0f} s (ratio > {gb['wall'] / em['wall']:.0f}x)")
    if "ess_p5" in gb:
        if "ess_at" in gb:
            t_ess, c_ess, label = gb["ess_seconds"], gb["ess_cpu"], f"{gb['ess_at']}"
        else:  # projected: the effective sample size grows in proportion to the draws
            grow = ESS_TARGET / gb["ess_p5"]
            t_ess, c_ess = gb["ess_seconds"] * grow, gb["ess_cpu"] * grow
            label = f"~{int(gb['ess_iter'] * grow)} (proj.)"
        print(f"{'Gibbs to effective sample size >= 400 for 95% of positions':<58} {t_ess:7.0f}s {c_ess:7.0f}s {label:>10} "
              f"{gb['rss_mb']:7.0f}MB")
        print(f"  ratio Gibbs / EM, equal precision: {t_ess / em['wall']:.0f}x wall, {c_ess / em['cpu']:.0f}x cpu "
              f"(5th percentile of ESS {gb['ess_p5']:.0f} after {gb['ess_iter']} iterations)")
    print(f"targets: EM < 60 s and < 2 GB: {'met' if em['wall'] < 60 and em['rss_mb'] < 2048 else 'NOT met'}")


if __name__ == "__main__":
    main()
