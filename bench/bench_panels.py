"""Research panels (issue 13) against a plain pandas merge pipeline. Run:

    .venv/bin/python bench/bench_panels.py [--repeat 3] [--unit both|dyad|state]

Targets: a dyad-year panel 1816-2014 (918,315 rows) with IGOs, alliances
and UN agreement in under 10 s and 2 GB; a state-year panel 1816-2024 with
every measure (IGO counts, ideal points, tilt, hedging, evenness, pillar
shares) in under 3 s.

Every case runs in its own fresh process. "cold" is the first run in that
process, data loading included (the Parquet tables, the membership cube),
as a user's first call; "warm" the best of --repeat further runs; "peak
RSS" the process's maximum resident memory (imports, data and all);
"peak alloc" what the run allocates (tracemalloc, one more run).

Cases:
- dyad-pipeline: ``mv.dyad_years((1816, 2014))`` piped through
  ``add_igos``, ``add_alliances`` and ``add_un_agreement``.
- dyad-pandas: the same columns the way a user merges them by hand: the
  same frame and the same engine results (``mv.dyads``,
  ``mv.un_agreement``, the ATOP table), joined with ``pandas.merge``
  (ATOP: both directions merged and the larger flag kept; pairs without a
  row set to 0 where both states are in the system, via a merge with the
  state-years).
- state-pipeline / state-pandas: ``mv.state_years((1816, 2024))`` with
  every state-year measure: ``add_igos``, ``add_ideal_points`` (the
  all-votes and final-passage series), ``add_tilt`` (all channels),
  ``add_hedging`` (with its factors), ``add_evenness`` and
  ``add_pillar_alignment``; the baseline is the pandas group-by of the IGO
  counts and ``pandas.merge`` of the library's own results (``mv.tilt``
  pivoted by channel, ``mv.hedging``, ``mv.evenness``, whose shares are the
  pillar alignment), the way a user merges them by hand.

"warm" runs start from loaded data but compute every measure afresh: the
kernel's year results and the panels' evenness result, which a session
keeps, are cleared before each of them. Each time is printed as wall
clock and CPU time of the process (``time.process_time()``): on a shared
machine the wall clock grows with the load, the CPU time much less
(BLAS runs on one thread).

The parent checks that each pipeline and its baseline give equal columns
on every row before printing ratios.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

YEARS_DYAD = (1816, 2014)
YEARS_STATE = (1816, 2024)


def _quiet():
    from multivector.panels._keys import UnmatchedKeysWarning

    warnings.simplefilter("ignore", UnmatchedKeysWarning)


# --- the cases (run inside a child process) ------------------------------------------------------

def dyad_pipeline():
    import multivector as mv

    return (mv.dyad_years(YEARS_DYAD).pipe(mv.add_igos).pipe(mv.add_alliances).pipe(mv.add_un_agreement))


def dyad_pandas():
    import multivector as mv
    from multivector.data._store import get_store

    frame = mv.dyad_years(YEARS_DYAD)
    key = ["ccode1", "ccode2", "year"]
    d = mv.dyads(YEARS_DYAD, measures=["rules", "table"])
    igo = d[key].astype("int64").assign(dyadigos=d.joint_published.astype("Int64"),
                                        dyadigos_missing=d.n_missing.astype("Int64"))
    out = frame.astype({c: "int64" for c in key}).merge(igo, on=key, how="left")
    flags = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    atop = get_store().table("alliances")[key + flags].astype("int64").assign(atop_alliance=1)
    rev = atop.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    both = pd.concat([atop, rev]).groupby(key, as_index=False).max()  # the larger flag of the two directions
    out = out.merge(both, on=key, how="left")
    sy = mv.state_years(YEARS_DYAD)[["ccode", "year"]].astype("int64").assign(_in=True)
    sys1 = sy.rename(columns={"ccode": "ccode1", "_in": "_in1"})
    sys2 = sy.rename(columns={"ccode": "ccode2", "_in": "_in2"})
    ins = out[key].merge(sys1, on=["ccode1", "year"], how="left").merge(sys2, on=["ccode2", "year"], how="left")
    in_both = (ins._in1.fillna(False) & ins._in2.fillna(False)).to_numpy(dtype=bool)
    a0, a1 = get_store().alliance_years
    zero = in_both & out.year.between(a0, a1).to_numpy()
    for c in ["atop_alliance"] + flags:
        out[c] = out[c].where(out[c].notna() | ~zero, 0).astype("Int64")
    un = mv.un_agreement()
    un = un.astype({c: "int64" for c in key}).rename(columns={"agree": "un_agree", "s": "un_s", "kappa": "un_kappa",
                                                              "pi": "un_pi", "n_votes": "un_votes"})
    out = out.merge(un[key + ["un_agree", "un_s", "un_kappa", "un_pi", "un_votes"]], on=key, how="left")
    u0, u1 = get_store().un_years
    zero = in_both & out.year.between(u0, u1).to_numpy() & out.un_votes.isna().to_numpy()
    out["un_votes"] = out.un_votes.astype("Int64").mask(zero, 0)
    return out


def state_pipeline():
    import multivector as mv

    return (mv.state_years(YEARS_STATE).pipe(mv.add_igos).pipe(mv.add_ideal_points, estimates="all,fp")
            .pipe(mv.add_tilt, channel="all").pipe(mv.add_hedging, components=True)
            .pipe(mv.add_evenness).pipe(mv.add_pillar_alignment))


def state_pandas():
    import multivector as mv
    from multivector.data._store import ABSENT, get_store

    frame = mv.state_years(YEARS_STATE)
    m = get_store().table("memberships")
    m = m[m.status != ABSENT]
    counts = pd.DataFrame({"ccode": m.ccode, "year": m.year,
                           "sum_igo_full": m.status == 1, "sum_igo_associate": m.status == 2,
                           "sum_igo_observer": m.status == 3, "sum_igo_anytype": m.status.isin([1, 2, 3]),
                           "sum_igo_missing": m.status == -9})
    g = counts.groupby(["ccode", "year"], as_index=False).sum().astype("int64")
    out = frame.astype({"ccode": "int64", "year": "int64"}).merge(g, on=["ccode", "year"], how="left")
    ip = mv.ideal_points(source="published")[["ccode", "year", "idealpointall", "idealpointfp"]]
    key = ["ccode", "year"]
    out = out.merge(ip.astype({"ccode": "int64", "year": "int64"}), on=key, how="left")
    t = mv.tilt(years=YEARS_STATE, channel="all", bootstrap=0).astype({"ccode": "int64", "year": "int64"})
    t["channel"] = t.channel.astype(str)
    wide = t.pivot(index=key, columns="channel", values="tilt").rename(columns={
        "security": "tilt_security", "diplomatic": "tilt_diplomatic", "institutional": "tilt_institutional",
        "combined": "tilt"}).reset_index()
    comb = t[t.channel == "combined"][key + ["channels"]].rename(columns={"channels": "tilt_channels"})
    out = out.merge(wide, on=key, how="left").merge(comb, on=key, how="left")
    h = mv.hedging(years=(1816, 2018), bootstrap=0).astype({"ccode": "int64", "year": "int64"})
    out = out.merge(h[key + ["hedging", "commitment", "commitment_west", "commitment_east", "committed_to",
                             "commitment_via", "diplomatic_tilt", "engagement_west", "engagement_east",
                             "engagement_balance"]], on=key, how="left")
    e = mv.evenness(years=(1816, 2014), bootstrap=0, chance=0).astype({"ccode": "int64", "year": "int64"})
    e = e.rename(columns={"hhi": "evenness_hhi", "n_pillars": "evenness_pillars", "n": "evenness_n",
                          "dominant": "dominant_pillar"})
    shares = [c for c in e.columns if c.startswith("share_")]
    return out.merge(e[key + ["evenness", "evenness_hhi", "evenness_pillars", "evenness_n"] + shares
                       + ["dominant_pillar"]], on=key, how="left")


CASES = {"dyad-pipeline": dyad_pipeline, "dyad-pandas": dyad_pandas,
         "state-pipeline": state_pipeline, "state-pandas": state_pandas}


def child(case: str, repeat: int, out: str) -> None:
    _quiet()
    import multivector  # noqa: F401 - imports are not the case's work

    import pandas  # noqa: F401

    run = CASES[case]
    t, c = time.perf_counter(), time.process_time()
    res = run()
    cold, cold_cpu = time.perf_counter() - t, time.process_time() - c
    times, cpus = [], []
    for _ in range(repeat):
        _forget_results()
        t, c = time.perf_counter(), time.process_time()
        run()
        times.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    _forget_results()
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    res = res.copy()
    for col in res.columns:  # Parquet keeps text as text, missing as missing
        if isinstance(res[col].dtype, pd.CategoricalDtype):
            res[col] = res[col].astype("string")
    res.reset_index(drop=True).to_parquet(out)
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    best = int(np.argmin(times))
    print(json.dumps({"case": case, "rows": len(res), "cold": cold, "cold_cpu": cold_cpu, "warm": times[best],
                      "warm_cpu": cpus[best], "peak_alloc": peak, "maxrss": maxrss}))


def _forget_results() -> None:
    """Clear the computed results a session keeps (the alignment kernel's year results, the panels'
    evenness result), so a warm run computes every measure again; loaded data stay."""
    from multivector.measures import _alignment
    from multivector.panels import _measures

    with _alignment._YLOCK:
        _alignment._YCACHE.clear()
    _measures.clear_cache()


# --- the parent ---------------------------------------------------------------------------------

def run_case(case: str, repeat: int, tmp: Path) -> tuple[dict, pd.DataFrame]:
    out = tmp / f"{case}.parquet"
    p = subprocess.run([sys.executable, __file__, "--child", case, "--repeat", str(repeat), "--out", str(out)],
                       capture_output=True, text=True)
    if p.returncode:
        sys.exit(f"{case} failed:\n{p.stderr}")
    return json.loads(p.stdout.strip().splitlines()[-1]), pd.read_parquet(out)


def check_equal(a: pd.DataFrame, b: pd.DataFrame, keys: list[str], what: str) -> None:
    """Every column of the pipeline equal to the baseline's on every row (missing where missing)."""
    a = a.astype({k: "int64" for k in keys}).sort_values(keys).reset_index(drop=True)
    b = b.astype({k: "int64" for k in keys}).sort_values(keys).reset_index(drop=True)
    if len(a) != len(b) or not a[keys].equals(b[keys]):
        sys.exit(f"{what}: the pipeline and the baseline have different rows")
    for c in a.columns:
        if c in keys or c not in b.columns:
            continue
        if not pd.api.types.is_numeric_dtype(a[c]):
            def text(s):
                return s.astype(object).where(s.notna(), None).tolist()

            if text(a[c]) != text(b[c]):
                sys.exit(f"{what}: column {c} differs")
            continue
        x = a[c].to_numpy(dtype="float64", na_value=np.nan)
        y = b[c].to_numpy(dtype="float64", na_value=np.nan)
        if not np.array_equal(x, y, equal_nan=True):
            sys.exit(f"{what}: column {c} differs in {int((~((x == y) | (np.isnan(x) & np.isnan(y)))).sum())} rows")
    missing = [c for c in a.columns if c not in b.columns]
    if missing:
        sys.exit(f"{what}: the baseline lacks {missing}")


def mb(x: float) -> str:
    return f"{x / 2**20:,.0f} MB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--unit", choices=("both", "dyad", "state"), default="both",
                    help="run the dyad-year cases, the state-year cases or both (default)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.repeat, args.out)
        return
    tmp = Path(tempfile.mkdtemp(prefix="mv-bench-panels-"))
    res, frames = {}, {}
    units = ("dyad", "state") if args.unit == "both" else (args.unit,)
    for case in CASES:
        if case.split("-")[0] in units:
            res[case], frames[case] = run_case(case, args.repeat, tmp)
    if "dyad" in units:
        check_equal(frames["dyad-pipeline"], frames["dyad-pandas"], ["ccode1", "ccode2", "year"], "dyad-years")
    if "state" in units:
        check_equal(frames["state-pipeline"], frames["state-pandas"], ["ccode", "year"], "state-years")
    print(f"{'case':<16} {'rows':>9} {'cold':>8} {'cold CPU':>9} {'warm':>8} {'warm CPU':>9} {'peak alloc':>11} "
          f"{'peak RSS':>9}")
    for case, r in res.items():
        print(f"{case:<16} {r['rows']:>9,d} {r['cold']:>7.2f}s {r['cold_cpu']:>8.2f}s {r['warm']:>7.2f}s "
              f"{r['warm_cpu']:>8.2f}s {mb(r['peak_alloc']):>11} {mb(r['maxrss']):>9}")
    for unit in units:
        a, b = res[f"{unit}-pipeline"], res[f"{unit}-pandas"]
        print(f"ratio pandas / pipeline, {unit}-years: cold {b['cold'] / a['cold']:.1f}x "
              f"(CPU {b['cold_cpu'] / a['cold_cpu']:.1f}x), warm {b['warm'] / a['warm']:.1f}x "
              f"(CPU {b['warm_cpu'] / a['warm_cpu']:.1f}x) (results equal on every row)")
    if "dyad" in units:
        d = res["dyad-pipeline"]
        print(f"target: dyad-years cold {d['cold']:.2f} s (CPU {d['cold_cpu']:.2f} s) < 10 s, RSS {mb(d['maxrss'])} "
              "< 2 GB")
    if "state" in units:
        s = res["state-pipeline"]
        print(f"target: state-years with every measure cold {s['cold']:.2f} s (CPU {s['cold_cpu']:.2f} s), warm "
              f"{s['warm']:.2f} s (CPU {s['warm_cpu']:.2f} s) < 3 s")


if __name__ == "__main__":
    main()
