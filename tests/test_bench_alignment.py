"""The alignment benchmark compares like with like: its plain pandas baseline
(``bench/alignment_pandas.py``) gives the kernel's figures, and its equality check catches a
difference. Timings are not asserted here (``bench/bench_alignment.py`` prints them)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import multivector as mv

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import alignment_pandas as P  # noqa: E402
import bench_alignment as B  # noqa: E402

YEARS = [1913, 1962, 1990, 2014]


@pytest.fixture(scope="module")
def frames():
    base = P.tilt_and_hedging(P.load(), YEARS)
    tl = mv.tilt(None, YEARS, channel="all", bootstrap=0)
    h = mv.hedging(None, YEARS, bootstrap=0)
    k = tl.pivot_table(index=["ccode", "year"], columns="channel", values="tilt").reset_index()
    k = k.merge(h[["ccode", "year", "hedging", "engagement_balance"]], on=["ccode", "year"], how="outer")
    return k, base


def test_pandas_baseline_gives_the_kernels_figures(frames):
    kernel, base = frames
    n = B.check_equal(kernel, base)
    assert n > 500
    assert base.tilt_diplomatic.notna().sum() > 250  # the UN years take part, not just the security channel
    assert base[base.year == 1913].tilt_diplomatic.isna().all()


def test_the_equality_check_fails_on_a_difference(frames):
    kernel, base = frames
    bad = base.copy()
    i = bad.index[bad.hedging.notna()][0]
    bad.loc[i, "hedging"] = bad.loc[i, "hedging"] + 0.01
    with pytest.raises(SystemExit, match="hedging"):
        B.check_equal(kernel, bad)
    missing = base.copy()
    missing.loc[missing.tilt_institutional.notna().idxmax(), "tilt_institutional"] = np.nan
    with pytest.raises(SystemExit, match="different state-years"):
        B.check_equal(kernel, missing)
    assert isinstance(kernel, pd.DataFrame)
