"""Tilt and hedging for every state and year, against a plain pandas implementation (issue 10). Run:

    .venv/bin/python bench/bench_alignment.py [--repeat 3] [--skip-pandas]

Targets (issue 10): every state and year without bootstrap in under 2 s; with 1,000 replicates in
under 20 s. Each case runs in a fresh process: the shipped data are loaded first (the store, the
membership cubes, ATOP and the ideal points: not timed), then ``tilt(channel="all")`` and ``hedging()``
for every state are timed together (the second reuses the first's year results, as a user's session
would). Cases:

- kernel-b0: 1816-2024, no bootstrap (the target of 2 s);
- kernel-b1000: 1816-2024, 1,000 replicates (the target of 20 s);
- kernel-b0-cow / pandas-b0-cow: the published years 1816-2014, like for like with the baseline.

The baseline (``bench/alignment_pandas.py``) computes the same measures with long tables, merges and
group-bys. Before printing the ratio the parent checks that it gives the kernel's figures for every
state-year (tilt by channel, combined tilt, engagement balance, hedging). A pandas bootstrap would repeat
the whole computation once per replicate: its time is the no-bootstrap time times the replicates
(extrapolated, not run).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent


def _load():
    from multivector.data._store import get_store
    from multivector.measures._alignment import inputs
    from multivector.measures._poles import default_poles
    from multivector.measures._signatures import data_cube

    get_store().cube
    data_cube(True)
    inputs()
    default_poles()


def case(name: str, out: str) -> dict:
    import multivector as mv

    if name.startswith("pandas"):
        sys.path.insert(0, str(HERE))
        import alignment_pandas as P

        t = P.load()
        t0, c0 = time.perf_counter(), time.process_time()
        d = P.tilt_and_hedging(t, list(range(1816, 2015)))
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        d.to_parquet(out)
        return {"seconds": dt, "cpu": dc, "rows": len(d)}
    _load()
    years = (1816, 2014) if name.endswith("cow") else None
    b = 1000 if "b1000" in name else 0
    t0, c0 = time.perf_counter(), time.process_time()
    tl = mv.tilt(None, years, channel="all", bootstrap=b)
    h = mv.hedging(None, years, bootstrap=b)
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    w = tl.pivot_table(index=["ccode", "year"], columns="channel", values="tilt").reset_index()
    w = w.merge(h[["ccode", "year", "hedging", "engagement_balance"]], on=["ccode", "year"], how="outer")
    w.to_parquet(out)
    return {"seconds": dt, "cpu": dc, "rows_tilt": len(tl), "rows_hedging": len(h)}


def run_case(name: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.parquet")
        code = (f"import json, sys; sys.path.insert(0, {str(HERE)!r}); import bench_alignment as b; "
                f"r = b.case({name!r}, {out!r}); import resource; "
                "r['peak_rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; print(json.dumps(r))")
        p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        r = json.loads(p.stdout.strip().splitlines()[-1])
        r["frame"] = pd.read_parquet(out)
        return r


def check_equal(kernel: pd.DataFrame, base: pd.DataFrame) -> int:
    k = kernel.set_index(["ccode", "year"])
    b = base.set_index(["ccode", "year"])
    pairs = [("security", "tilt_security"), ("diplomatic", "tilt_diplomatic"), ("institutional", "tilt_institutional"),
             ("combined", "tilt"), ("engagement_balance", "engagement_balance"), ("hedging", "hedging")]
    for kc, bc in pairs:
        a = k[kc].dropna()
        c = b[bc].dropna()
        if set(a.index) != set(c.index):
            raise SystemExit(f"{kc}: the kernel and the baseline give figures for different state-years "
                             f"({len(set(a.index) ^ set(c.index))} differ)")
        if not np.allclose(a.sort_index().to_numpy(float), c.reindex(a.sort_index().index).to_numpy(float), atol=1e-9):
            raise SystemExit(f"{kc}: the kernel and the baseline disagree")
    return len(k)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs of each kernel case (best is reported)")
    ap.add_argument("--skip-pandas", action="store_true", help="do not run the pandas baseline (about a minute)")
    args = ap.parse_args(argv)
    res = {}
    for name in ("kernel-b0", "kernel-b1000", "kernel-b0-cow"):
        runs = [run_case(name) for _ in range(args.repeat if "b1000" not in name else max(1, args.repeat - 1))]
        res[name] = min(runs, key=lambda r: r["seconds"])
    if not args.skip_pandas:
        res["pandas-b0-cow"] = run_case("pandas-b0-cow")
        n = check_equal(res["kernel-b0-cow"]["frame"], res["pandas-b0-cow"]["frame"])
        print(f"checked: kernel and pandas baseline give the same figures for {n:,d} state-years (1816-2014)")
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("seconds: wall clock; CPU: processor time of the process (close to the wall clock on an idle machine)")
    print(f"{'case':<16} {'seconds':>9} {'CPU s':>7} {'peak RSS MB':>12}  notes")
    targets = {"kernel-b0": "target < 2 s (1816-2024, every state)", "kernel-b1000": "target < 20 s (1,000 replicates)"}
    for name, r in res.items():
        print(f"{name:<16} {r['seconds']:>9.2f} {r['cpu']:>7.2f} {r['peak_rss_mb']:>12.0f}  {targets.get(name, '')}")
    if "pandas-b0-cow" in res:
        ratio = res["pandas-b0-cow"]["seconds"] / res["kernel-b0-cow"]["seconds"]
        print(f"ratio pandas / kernel, 1816-2014 without bootstrap: {ratio:.0f}x "
              f"(CPU: {res['pandas-b0-cow']['cpu'] / res['kernel-b0-cow']['cpu']:.0f}x)")
        est = res["pandas-b0-cow"]["seconds"] * 1000
        print(f"pandas with 1,000 replicates (the computation repeated per replicate, extrapolated): {est / 3600:.1f} h; "
              f"ratio to the kernel's 1,000 replicates: {est / res['kernel-b1000']['seconds']:.0f}x")


if __name__ == "__main__":
    main()
