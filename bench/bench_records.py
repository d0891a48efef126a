"""Validating a large records file: the current validator against the one it replaced (issue 11).

Issue 11 measured 26 s and 1 GB, with no progress shown, for a 50 MB records file. This benchmark
writes a file of that size (about 233,000 valid engagement rows, seeded, in a temporary folder),
then validates it in two fresh processes:

- ``current``: ``multivector.validate_records`` as shipped;
- ``baseline``: the validator as it was before this change (``engine/_records.py`` at commit
  df07060, read with ``git show``), which checked the file row by row.

Both must report the same number of problems (0) and load the same number of events before any
time is printed. Each process reports its wall time for the validation and its peak RSS (imports
and the data store included: about 0.4 GB of it is the store).

Usage::

    .venv/bin/python bench/bench_records.py [--rows 233000] [--skip-baseline]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE_COMMIT = "df07060"


def write_file(path: Path, n: int) -> int:
    """About ``n`` valid engagement rows (chairs, hosting, bids) of states and organizations alive after 2014."""
    import numpy as np
    import pandas as pd

    import multivector as mv
    from multivector.data._store import get_store

    st = get_store()
    cube = st.cube
    orgs = st.table("organizations")
    alive = orgs[orgs.last_year >= 2014].ioname.to_numpy()
    cc = cube.ccodes[cube.in_system()[:, -1]]
    names = mv.states().drop_duplicates("ccode").set_index("ccode").statenme
    rng = np.random.default_rng(20151215)
    s, o = rng.choice(cc, n), rng.choice(alive, n)
    y, m, d = rng.integers(2015, 2025, n), rng.integers(1, 13, n), rng.integers(1, 29, n)
    df = pd.DataFrame({
        "state": names.loc[s].to_numpy(), "org": o, "org_name": "An organization's name as a reader would write it",
        "event": rng.choice(["chair", "host", "bid"], n), "date": [f"{a}-{b:02d}-{c:02d}" for a, b, c in zip(y, m, d)],
        "confidence": "medium", "source_title": "A source title of the usual length, naming the outlet and the day",
        "source_url": "https://example.org/news/2020/01/01/a-path-of-usual-length",
    }).drop_duplicates(["state", "org", "event", "date"])
    df.to_csv(path, index=False)
    return len(df)


def run(which: str, path: str) -> dict:
    """Validate ``path`` in this process with the current or the baseline validator; wall time and peak RSS."""
    import resource

    import multivector as mv

    mv.states()  # the store is loaded before timing, for both
    from multivector.data._store import get_store

    get_store().cube
    if which == "current":
        from multivector.engine import _records as mod
    else:
        import importlib.util

        src = subprocess.run(["git", "-C", str(ROOT), "show", f"{BASELINE_COMMIT}:src/multivector/engine/_records.py"],
                             check=True, capture_output=True, text=True).stdout
        tmp = Path(tempfile.mkdtemp()) / "_records_baseline.py"
        tmp.write_text(src)
        spec = importlib.util.spec_from_file_location("_records_baseline", tmp)
        mod = importlib.util.module_from_spec(spec)
        sys.modules["_records_baseline"] = mod  # dataclasses look their module up there
        spec.loader.exec_module(mod)
    t = time.perf_counter()
    problems = mod.validate_records([path], include_shipped=False)  # the shipped files differ between the versions
    elapsed = time.perf_counter() - t
    events = len(mod.load_record_set([path], include_shipped=False).events)
    return {"which": which, "seconds": elapsed, "problems": len(problems), "events": events,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=233_000)  # about 50 MB, the size issue 11 measured
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--run", nargs=2, metavar=("WHICH", "FILE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        print(json.dumps(run(*args.run)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big-records.csv"
        n = write_file(path, args.rows)
        print(f"records file: {n:,d} rows, {path.stat().st_size / 1e6:.1f} MB")
        out = {}
        for which in ("current",) + (() if args.skip_baseline else ("baseline",)):
            res = subprocess.run([sys.executable, __file__, "--run", which, str(path)], capture_output=True, text=True)
            if res.returncode:
                print(res.stderr, file=sys.stderr)
                return 1
            out[which] = json.loads(res.stdout.strip().splitlines()[-1])
    cur = out["current"]
    if "baseline" in out:
        base = out["baseline"]
        assert (cur["problems"], cur["events"]) == (base["problems"], base["events"]), (cur, base)
    assert cur["problems"] == 0
    for r in out.values():
        print(f"{r['which']:>8}: {r['seconds']:6.2f} s, peak RSS {r['peak_rss_mb']:,.0f} MB, "
              f"{r['problems']} problems, {r['events']:,d} events loaded")
    if "baseline" in out:
        print(f"ratio baseline / current: {out['baseline']['seconds'] / cur['seconds']:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
