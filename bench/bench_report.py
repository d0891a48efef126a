"""Wall-clock time of a full country brief, cold process each run (issue 5).

Target: a full brief (every section, every chart) in under 10 s on the
project's 2-core machine. Run:

    .venv/bin/python bench/bench_report.py [--repeat 3] [--state Kazakhstan]

Each run is a fresh ``multivector report`` process (imports, data loading,
analysis, chart rendering, writing), for HTML, PDF and Markdown. The output
is checked before its time counts: the file exists, names the state, and
holds every chart (HTML: one element per chart and the inlined Vega bundle;
PDF: pages with the state's name; Markdown: one chart file per chart). A
second part times the stages inside one process, to show where the time
goes.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXE = shutil.which("multivector") or str(Path(sys.executable).parent / "multivector")


def _check_html(path: Path, n_charts: int) -> bool:
    text = path.read_text(encoding="utf-8")
    return "window.vegaEmbed" in text and text.count('class="vega"') == n_charts


def _check_pdf(path: Path, name: str) -> bool:
    data = path.read_bytes()
    if not data.startswith(b"%PDF"):
        return False
    try:
        import io

        import pypdf
    except ImportError:
        return len(data) > 10_000
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages) >= 3 and name in reader.pages[0].extract_text()


def _check_md(path: Path, n_charts: int) -> bool:
    charts = list((path.parent / f"{path.stem}_charts").glob("*.svg"))
    return path.read_text().startswith("#") and len(charts) == n_charts


def stages(state: str) -> None:
    """Time the stages of one brief inside one process."""
    t0 = time.perf_counter()
    import multivector  # noqa: F401
    from multivector.data._store import get_store
    from multivector.report import _render, build_brief

    get_store().cube  # noqa: B018 - load the data
    t1 = time.perf_counter()
    brief = build_brief(state)
    t2 = time.perf_counter()
    _render.vega_bundle()  # from the user cache after the first brief on a machine
    t3 = time.perf_counter()
    _render.html(brief)
    t4 = time.perf_counter()
    _render.html(brief, static=True)
    t5 = time.perf_counter()
    _render.pdf(brief)
    t6 = time.perf_counter()
    print(f"Stages in one process ({brief.label}, {brief.start}-{brief.end}, {len(brief.charts)} charts):")
    for name, dt in [("import + load data", t1 - t0), ("sections (all library calls)", t2 - t1),
                     ("Vega bundle (vl-convert, once per process)", t3 - t2), ("HTML render", t4 - t3),
                     ("charts to SVG with vl-convert (Markdown)", t5 - t4), ("PDF (Chromium draws the charts and prints)", t6 - t5)]:
        print(f"  {name:44s} {dt:6.2f} s")
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--state", default="Kazakhstan")
    args = ap.parse_args()
    stages(args.state)
    from multivector.report import build_brief

    brief = build_brief(args.state)
    n = len(brief.charts)
    name = brief.name
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        runs = {
            "html": (["--format", "html"], out / "brief.html", lambda p: _check_html(p, n)),
            "pdf": (["--pdf"], out / "brief.pdf", lambda p: _check_pdf(p, name)),
            "md": (["--format", "md"], out / "brief.md", lambda p: _check_md(p, n)),
        }
        print(f"Full brief of {brief.label}, {brief.start}-{brief.end}: {n} charts, "
              f"{sum(len(t.rows) for s in brief.sections for t in s.tables)} table rows; cold process each run")
        print(f"{'format':8s} {'median s':>9s} {'min s':>7s} {'max s':>7s}  target")
        for fmt, (flags, path, check) in runs.items():
            times = []
            for _ in range(args.repeat):
                if path.exists():
                    path.unlink()
                t = time.perf_counter()
                res = subprocess.run([EXE, "report", args.state, *flags, "-o", str(path)], capture_output=True, text=True)
                dt = time.perf_counter() - t
                if res.returncode != 0 or not check(path):
                    sys.exit(f"{fmt}: wrong output (exit {res.returncode}): {res.stderr.strip()[:300]}")
                times.append(dt)
            print(f"{fmt:8s} {statistics.median(times):9.2f} {min(times):7.2f} {max(times):7.2f}  < 10 s")


if __name__ == "__main__":
    main()
