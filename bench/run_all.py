"""Run every benchmark of this folder, one after the other (``make bench``).

Each ``bench/bench_*.py`` is started as its own process with its default
arguments (every benchmark checks its results and runs its baseline itself),
its output streamed as it comes; a summary at the end gives each one's exit
status and wall time. Exit status: 0 when every benchmark succeeded.

Usage:
    .venv/bin/python bench/run_all.py                  # all of them
    .venv/bin/python bench/run_all.py load memory      # only bench_load.py and bench_memory.py
    .venv/bin/python bench/run_all.py --list

The benchmarks share the machine's cores: run this on a quiet machine, and
never in a loop.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def benchmarks() -> dict[str, Path]:
    """``{"load": bench/bench_load.py, ...}``, sorted by name."""
    return {p.stem.removeprefix("bench_"): p for p in sorted(HERE.glob("bench_*.py"))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="benchmarks to run (default: all), e.g. load memory")
    ap.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = ap.parse_args(argv)
    found = benchmarks()
    if args.list:
        for name, path in found.items():
            print(f"{name:10s} {path.relative_to(HERE.parent)}")
        return 0
    unknown = [n for n in args.names if n not in found]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; valid: {', '.join(found)}", file=sys.stderr)
        return 2
    chosen = {n: found[n] for n in (args.names or found)}
    results = []
    for name, path in chosen.items():
        print(f"\n=== {name}: {path.relative_to(HERE.parent)} ===", flush=True)
        t0 = time.perf_counter()
        try:
            code = subprocess.call([sys.executable, str(path)], cwd=HERE.parent)
        except KeyboardInterrupt:
            print("\ninterrupted", file=sys.stderr)
            return 130
        results.append((name, code, time.perf_counter() - t0))
    print("\n=== summary ===")
    for name, code, wall in results:
        print(f"{name:10s} {'ok' if code == 0 else f'FAILED (exit {code})':18s} {wall:8.1f} s")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
