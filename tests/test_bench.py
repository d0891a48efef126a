"""``make bench`` runs bench/run_all.py, which runs every benchmark (issue 11: the file did not exist)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_make_bench_names_a_runner_that_lists_every_benchmark():
    target = re.search(r"^bench:.*\n\t(.+)$", (ROOT / "Makefile").read_text(), flags=re.M).group(1)
    assert "bench/run_all.py" in target and (ROOT / "bench" / "run_all.py").exists()
    out = subprocess.run([sys.executable, "bench/run_all.py", "--list"], cwd=ROOT, capture_output=True, text=True, check=True)
    listed = {line.split()[0] for line in out.stdout.splitlines()}
    assert listed == {p.stem.removeprefix("bench_") for p in (ROOT / "bench").glob("bench_*.py")}
    assert {"load", "memory", "cli", "dyads", "report"} <= listed


def test_run_all_refuses_an_unknown_benchmark():
    r = subprocess.run([sys.executable, "bench/run_all.py", "lod"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2 and r.stderr.startswith("unknown benchmark(s): lod; valid: ")
