"""Wall-clock time of the foundation's CLI commands, cold process each run.

Target (issue 2): `multivector portfolio Kazakhstan --from 1991 --to 2014`
prints a correct table in under 2 s. Run:

    .venv/bin/python bench/bench_cli.py [--repeat 5]

Each run starts a fresh process (imports, data loading and all), and the
output is checked for correctness before timing counts.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

EXE = shutil.which("multivector") or str(Path(sys.executable).parent / "multivector")

COMMANDS = {
    "portfolio Kazakhstan 1991-2014": ([EXE, "portfolio", "Kazakhstan", "--from", "1991", "--to", "2014", "-f", "csv"],
                                       lambda out: "705,2014,55," in out and out.count("\n") == 25),
    "members SCO 2014 (csv)": ([EXE, "members", "SCO", "--year", "2014", "--format", "csv"],
                               lambda out: out.count(",full") == 6),
    "memberships GDR 1975": ([EXE, "memberships", "GDR", "--year", "1975", "-f", "csv"], lambda out: ",wpact," in out),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print(f"{'command':34s} {'median s':>9s} {'min s':>7s} {'max s':>7s}  target")
    for name, (cmd, check) in COMMANDS.items():
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            times.append(time.perf_counter() - t)
            if not check(out):
                sys.exit(f"wrong output from {' '.join(cmd[1:])}")
        target = "< 2 s" if name.startswith("portfolio") else ""
        print(f"{name:34s} {statistics.median(times):9.2f} {min(times):7.2f} {max(times):7.2f}  {target}")


if __name__ == "__main__":
    main()
