"""Trajectories: period summaries, change points, AR(1) mean reversion (docs/methodology.md, "Trajectories")."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector.measures._trajectory import parse_periods


def test_parse_periods():
    assert parse_periods(None, 2014) == [(1992, 2000), (2001, 2011), (2012, 2014)]
    assert parse_periods("1992-2000, 2001-2011, 2012-", 2019) == [(1992, 2000), (2001, 2011), (2012, 2019)]
    assert parse_periods([(1995, 1999)], 2014) == [(1995, 1999)]


@pytest.mark.parametrize("bad, match", [
    ("1992-2000,1999-2005", "overlap"),
    ("2000-1990", "starts after it ends"),
    ("nineties", "cannot read"),
    ([(1990,)], "pair"),
])
def test_bad_periods(bad, match):
    with pytest.raises(mv.InvalidArgumentError, match=match):
        parse_periods(bad, 2014)


def test_period_means_equal_the_yearly_balance():
    p = mv.period_summary("Kazakhstan", bootstrap=0).set_index("period")
    b = mv.evenness("Kazakhstan", (1992, 2014), bootstrap=0).set_index("year")
    assert p.loc["1992-2000", "mean"] == pytest.approx(b.loc[1992:2000, "evenness"].mean())
    assert p.loc["2001-2011", "mean"] == pytest.approx(b.loc[2001:2011, "evenness"].mean())
    assert p.loc["2012-2014", "n_years"] == 3
    assert p.loc["2001-2011", "diff_prev"] == pytest.approx(b.loc[2001:2011, "evenness"].mean() - b.loc[1992:2000, "evenness"].mean())
    assert p.loc["2001-2011", "share_russia"] == pytest.approx(b.loc[2001:2011, "share_russia"].mean())
    assert p.loc["1992-2000", "dominant"] == "russia"
    assert np.isnan(p.loc["1992-2000", "diff_prev"])


def test_period_intervals_with_bootstrap():
    p = mv.period_summary("Kazakhstan", "1995-1999,2005-2009", bootstrap=40, seed=2)
    assert (p.mean_lo <= p.mean_hi).all()
    assert p.diff_prev_lo.iloc[1] <= p.diff_prev_hi.iloc[1]
    assert p.period.tolist() == ["1995-1999", "2005-2009"]


def test_period_summary_diplomatic_defaults_to_2019():
    p = mv.period_summary("Kazakhstan", channel="diplomatic", bootstrap=0)
    assert p.period.tolist()[-1] == "2012-2019" and p.n_years.iloc[-1] == 8


def test_change_points_step():
    s = pd.Series([0.2] * 6 + [0.8] * 6, index=range(2000, 2012))
    cp = change_points_ = mv.change_points(s, seed=1, permutations=199)
    assert cp[["start", "end"]].values.tolist() == [[2000, 2005], [2006, 2011]]
    assert cp.break_p.iloc[1] <= 0.05
    assert np.isnan(change_points_.break_p.iloc[0])


def test_change_points_exact_least_squares():
    """The single split minimises the total squared error over all admissible splits (brute force)."""
    rng = np.random.default_rng(4)
    x = np.concatenate([rng.normal(0, 1, 9), rng.normal(2, 1, 8)])
    s = pd.Series(x, index=range(1990, 1990 + len(x)))
    cp = mv.change_points(s, max_changes=1, min_size=3, permutations=0)
    sse = {k: ((x[:k] - x[:k].mean()) ** 2).sum() + ((x[k:] - x[k:].mean()) ** 2).sum() for k in range(3, len(x) - 2)}
    best = min(sse, key=sse.get)
    assert cp.start.iloc[1] == 1990 + best


def test_no_change_in_a_flat_series():
    s = pd.Series(np.full(15, 0.5) + np.tile([0.001, -0.001], 8)[:15], index=range(2000, 2015))
    assert len(mv.change_points(s, seed=0, permutations=0)) == 1


def test_change_points_from_balance_frame():
    b = mv.evenness("Kazakhstan", (1992, 2014), bootstrap=0)
    cp = mv.change_points(b, seed=1, permutations=99)
    assert cp.start.iloc[0] == 1992 and cp.end.iloc[-1] == 2014 and cp.n_years.sum() == 23


def test_mean_reversion_known_ar1():
    x = [1.0]
    for _ in range(30):
        x.append(0.5 * x[-1])
    r = mv.mean_reversion(pd.Series(x, index=range(1990, 2021))).iloc[0]
    assert r.phi == pytest.approx(0.5) and r.half_life == pytest.approx(1.0)


def test_mean_reversion_equals_polyfit():
    b = mv.evenness("Kazakhstan", (1992, 2014), bootstrap=0)
    r = mv.mean_reversion(b).iloc[0]
    e = b.evenness.to_numpy()
    slope, intercept = np.polyfit(e[:-1], e[1:], 1)
    assert r.phi == pytest.approx(slope) and r.n_pairs == 22
    assert r.long_run_mean == pytest.approx(intercept / (1 - slope))
    assert r.phi_lo < r.phi < r.phi_hi
    assert r.half_life == pytest.approx(np.log(0.5) / np.log(slope))
    assert "n < 30" in r.note


def test_mean_reversion_needs_data():
    with pytest.raises(mv.InvalidArgumentError, match="at least 4 pairs"):
        mv.mean_reversion(pd.Series([0.1, 0.2, 0.3], index=[2000, 2001, 2002]))
    with pytest.raises(mv.InvalidArgumentError, match="'year' and 'evenness'"):
        mv.mean_reversion(pd.DataFrame({"x": [1]}))


def test_cli_periods(runner, cli):
    r = runner.invoke(cli, ["periods", "Kazakhstan", "-b", "0", "-f", "csv"])
    assert r.exit_code == 0, r.output
    want = mv.evenness("Kazakhstan", (1992, 2000), bootstrap=0, chance=0).evenness.mean()
    assert r.output.splitlines()[1].startswith(f"1992-2000,1992,2000,9,{want:.6f}"[:-1])
    r = runner.invoke(cli, ["periods", "Kazakhstan", "--measure", "hedging", "-b", "0", "-f", "csv"])
    assert r.exit_code == 0, r.output
    h = mv.hedging("Kazakhstan", (2001, 2011), bootstrap=0).hedging.mean()
    assert r.output.splitlines()[2].startswith(f"2001-2011,2001,2011,11,{h:.6f}"[:-1])
    r = runner.invoke(cli, ["periods", "Kazakhstan", "--periods", "2000-1990"])
    assert r.exit_code == 1 and "starts after it ends" in r.output


def test_docstring_examples():
    import doctest

    import multivector.measures._trajectory as module

    assert doctest.testmod(module).failed == 0


def test_state_input_uses_years_and_channel():
    b = mv.evenness("Kazakhstan", (1992, 2014), channel="diplomatic", bootstrap=0)
    r1 = mv.mean_reversion(b).iloc[0]
    r2 = mv.mean_reversion("Kazakhstan", years=(1992, 2014), channel="diplomatic").iloc[0]
    assert r1.phi == pytest.approx(r2.phi)
    cp = mv.change_points("Kazakhstan", years=(1992, 2014), permutations=0)
    assert cp.start.iloc[0] == 1992 and cp.end.iloc[-1] == 2014


def test_cli_change_points_and_mean_reversion(runner, cli):
    r = runner.invoke(cli, ["change-points", "Kazakhstan", "--from", "1992", "--to", "2014", "--seed", "1", "-f", "csv"])
    assert r.exit_code == 0, r.output
    cp = mv.change_points("Kazakhstan", years=(1992, 2014), seed=1)
    assert r.output.splitlines()[1].startswith(f"1,1992,{int(cp.end.iloc[0])},{int(cp.n_years.iloc[0])},{cp['mean'].iloc[0]:.4f}"[:-1])
    r = runner.invoke(cli, ["mean-reversion", "Kazakhstan", "--from", "1992", "--to", "2014", "-f", "csv"])
    ar = mv.mean_reversion("Kazakhstan", years=(1992, 2014)).iloc[0]
    assert r.exit_code == 0 and r.output.splitlines()[1].startswith(f"22,{ar.phi:.4f}"[:-1])
    r = runner.invoke(cli, ["mean-reversion", "Kazakhstan", "--from", "2013", "--to", "2014"])
    assert r.exit_code == 1 and "at least 4 pairs" in r.output


def test_period_without_data_is_missing_not_zero():
    p = mv.period_summary("Kazakhstan", "1980-1990,1992-2000", bootstrap=10, seed=1).set_index("period")
    assert p.loc["1980-1990", "n_years"] == 0 and np.isnan(p.loc["1980-1990", "mean"])
    assert np.isnan(p.loc["1992-2000", "diff_prev"])  # no previous mean to compare with
    want = mv.evenness("Kazakhstan", (1992, 2000), bootstrap=0, chance=0).evenness.mean()
    assert p.loc["1992-2000", "mean"] == pytest.approx(want)
