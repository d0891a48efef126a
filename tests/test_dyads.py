"""Dyad-year engine (docs/methodology.md, "Joint membership" and "Portfolio similarity").

The engine's matrix products are checked against a plain pandas computation
(melt the published state-year CSV to long form, self-merge on organization
and year, group by dyad) on a few whole years, and against the figures
stated in issue 3: 917,695 dyad-years 1816-2014, of which 34,937 differ
between the "full or associate" and the "full only" rules.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector._errors import InvalidArgumentError, InvalidYearError, UnknownStateError
from multivector.data._store import get_store

KZ, RU, CN, US = 705, 365, 710, 2


@pytest.fixture(scope="module")
def state_year(source_dir):
    """The publisher's state-year file as long (ccode, year, ioname, status) rows."""
    wide = pd.read_csv(source_dir / "cow-igo-v3" / "state_year_formatv3.csv.gz")
    wide.columns = [c.lower() for c in wide.columns]
    return wide


def long_of(wide: pd.DataFrame, years) -> pd.DataFrame:
    w = wide[wide.year.isin(years)].drop(columns=["state"])
    return w.melt(id_vars=["ccode", "year"], var_name="ioname", value_name="status")


def reference_counts(wide, years, states=None) -> pd.DataFrame:
    """Plain pandas: self-merge on (year, ioname), group by dyad-year."""
    lg = long_of(wide, years)
    if states is not None:
        lg = lg[lg.ccode.isin(states)]
    types = get_store().table("organizations").set_index("ioname")[["political", "social", "economic"]]
    dy = lg[["ccode", "year"]].drop_duplicates()
    base = dy.merge(dy, on="year")
    base = base[base.ccode_x < base.ccode_y].rename(columns={"ccode_x": "ccode1", "ccode_y": "ccode2"})
    valid = lg[~lg.status.isin([-9, -1])]
    m = valid.merge(valid, on=["year", "ioname"])
    m = m[m.ccode_x < m.ccode_y]
    f1, f2 = m.status_x == 1, m.status_y == 1
    p1, p2 = m.status_x.isin([1, 2]), m.status_y.isin([1, 2])
    m = m.assign(n11=f1 & f2, n10=f1 & ~f2, n01=~f1 & f2, n00=~f1 & ~f2, pub=p1 & p2)
    for t in ("political", "social", "economic"):
        m[f"pub_{t}"] = m.pub & (m.ioname.map(types[t]) == 1)
    g = m.groupby(["year", "ccode_x", "ccode_y"])[["n11", "n10", "n01", "n00", "pub", "pub_political", "pub_social", "pub_economic"]].sum()
    g = g.reset_index().rename(columns={"ccode_x": "ccode1", "ccode_y": "ccode2"})
    out = base.merge(g, on=["year", "ccode1", "ccode2"], how="left").fillna(0)
    return out.sort_values(["year", "ccode1", "ccode2"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def panel():
    return mv.dyads(measures="all")


# --- the figures ------------------------------------------------------------------------

def test_all_dyad_years_and_rule_discrepancy(panel, state_year):
    # one row per pair of states both in the state-year file that year
    per_year = state_year.groupby("year").size()
    assert len(panel) == int((per_year * (per_year - 1) // 2).sum()) == 917_695
    assert int((panel.joint_published != panel.joint_full).sum()) == 34_937
    assert (panel.joint == panel.joint_published).all()
    assert (panel.joint_published >= panel.joint_full).all()
    assert (panel.ccode1 < panel.ccode2).all()
    assert panel.year.min() == 1816 and panel.year.max() == 2014
    assert not panel.duplicated(["year", "ccode1", "ccode2"]).any()


def test_joint_full_rule_column(panel):
    full = mv.dyads((1990, 2014), joint="full", measures="joint")
    sub = panel[panel.year >= 1990].reset_index(drop=True)
    assert (full.joint.to_numpy() == sub.joint_full.to_numpy()).all()
    assert full.attrs["joint_rule"] == "full"


# --- equality with the plain pandas computation -----------------------------------------------------

@pytest.mark.parametrize("year", [1850, 1900, 1950])
def test_whole_years_equal_pandas_self_merge(panel, state_year, year):
    ref = reference_counts(state_year, [year])
    got = panel[panel.year == year].reset_index(drop=True)
    assert len(got) == len(ref)
    assert (got.ccode1.to_numpy() == ref.ccode1.to_numpy()).all() and (got.ccode2.to_numpy() == ref.ccode2.to_numpy()).all()
    for a, b in [("n11", "n11"), ("n10", "n10"), ("n01", "n01"), ("n00", "n00"), ("joint_published", "pub"),
                 ("joint_full", "n11"), ("joint_political", "pub_political"), ("joint_social", "pub_social"),
                 ("joint_economic", "pub_economic")]:
        assert (got[a].to_numpy() == ref[b].to_numpy()).all(), a


def test_2014_joint_counts_equal_pandas(panel, state_year):
    # joint counts only: merge the members' rows (small), all pairs of 2014
    lg = long_of(state_year, [2014])
    mem = lg[lg.status.isin([1, 2])]
    m = mem.merge(mem, on=["year", "ioname"])
    m = m[m.ccode_x < m.ccode_y]
    pub = m.groupby(["ccode_x", "ccode_y"]).size()
    full = m[(m.status_x == 1) & (m.status_y == 1)].groupby(["ccode_x", "ccode_y"]).size()
    got = panel[panel.year == 2014].set_index(["ccode1", "ccode2"])
    assert (got.joint_published.reindex(pub.index).to_numpy() == pub.to_numpy()).all()
    assert (got.joint_full.reindex(full.index).to_numpy() == full.to_numpy()).all()
    # pairs absent from the merge share nothing, and are still rows
    rest = got.drop(index=pub.index)
    assert len(rest) > 0 and (rest.joint_published == 0).all()


def test_2014_full_table_for_a_few_states(panel, state_year):
    states = [US, RU, KZ, CN, 200, 220, 255, 640]
    ref = reference_counts(state_year, [2014], states)
    got = mv.dyads(2014, states=states, measures="all")
    for c in ("n11", "n10", "n01", "n00"):
        assert (got[c].to_numpy() == ref[c].to_numpy()).all(), c
    assert (got.n_orgs == got.n11 + got.n10 + got.n01 + got.n00).all()


def test_kazakhstan_russia_2014_by_hand(state_year):
    # read straight off the two rows of the published CSV
    w = state_year[(state_year.year == 2014) & state_year.ccode.isin([KZ, RU])].set_index("ccode").drop(columns=["year", "state"])
    kz, ru = w.loc[KZ], w.loc[RU]
    ok = ~kz.isin([-9, -1]) & ~ru.isin([-9, -1])
    n11 = int(((kz == 1) & (ru == 1) & ok).sum())
    n10 = int(((ru == 1) & (kz != 1) & ok).sum())  # ccode1 = 365 (Russia)
    n01 = int(((kz == 1) & (ru != 1) & ok).sum())
    n = int(ok.sum())
    d = mv.dyads(2014, states="Kazakhstan,Russia").iloc[0]
    assert (d.ccode1, d.ccode2) == (RU, KZ)
    assert (d.n11, d.n10, d.n01, d.n_orgs) == (n11, n10, n01, n) == (47, 41, 8, 309)
    assert d.s == pytest.approx(1 - 2 * (n10 + n01) / n)
    assert d.jaccard == pytest.approx(n11 / (n11 + n10 + n01))
    pa, pb = (n11 + n10) / n, (n11 + n01) / n
    po = (n11 + n - n11 - n10 - n01) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    assert d.kappa == pytest.approx((po - pe) / (1 - pe))


# --- conventions ----------------------------------------------------------------------------------

def test_measures_are_null_when_undefined(panel):
    # every dyad-year has at least one comparable organization, so S is always defined
    assert (panel.n_orgs > 0).all() and panel.s.notna().all()
    # kappa/pi undefined exactly where neither portfolio varies: both in none, or both in all
    a, b, n = panel.n11 + panel.n10, panel.n11 + panel.n01, panel.n_orgs
    flat = ((a == 0) & (b == 0)) | ((a == n) & (b == n))
    assert flat.sum() > 0
    assert (panel.kappa.isna() == flat).all() and (panel.pi.isna() == flat).all()
    nobody = panel[(panel.n_orgs > 0) & (panel.n11 + panel.n10 + panel.n01 == 0)]
    assert nobody.jaccard.isna().all() and nobody.s.notna().all()
    assert panel.s.dtype == "Float64"
    assert panel.s.dropna().between(-1, 1).all() and panel.jaccard.dropna().between(0, 1).all()


def test_directed_has_both_orders():
    u = mv.dyads(2000, measures="all")
    d = mv.dyads(2000, directed=True, measures="all")
    assert len(d) == 2 * len(u)
    back = d.merge(d, left_on=["year", "ccode1", "ccode2"], right_on=["year", "ccode2", "ccode1"])
    assert len(back) == len(d)
    assert (back.n10_x == back.n01_y).all() and (back.joint_x == back.joint_y).all() and (back.s_x == back.s_y).all()
    fwd = d[d.ccode1 < d.ccode2].reset_index(drop=True)
    pd.testing.assert_frame_equal(fwd, u)


def test_states_filter_among_any_single():
    among = mv.dyads(2014, states="Kazakhstan,Russia,China,USA")
    assert len(among) == 6
    anyp = mv.dyads(2014, states="Kazakhstan,Russia", pairs="any")
    n = len(mv.states(2014))
    assert len(anyp) == 2 * (n - 1) - 1
    single = mv.dyads(2014, states="Kazakhstan")
    assert len(single) == n - 1 and ((single.ccode1 == KZ) | (single.ccode2 == KZ)).all()
    full = mv.dyads(2014)
    merged = single.merge(full, on=["year", "ccode1", "ccode2"], suffixes=("", "_all"))
    assert (merged.joint == merged.joint_all).all()


def test_states_outside_the_system_give_no_rows():
    # Kazakhstan enters the system in 1991: years before are no rows, and only such years are an error
    with pytest.raises(mv.InvalidYearError, match="not in the state system in 1985-1990"):
        mv.dyads((1985, 1990), states="Kazakhstan,Russia")
    assert mv.dyads((1985, 1992), states="Kazakhstan,Russia").year.tolist() == [1991, 1992]


def test_measures_selection_and_labels():
    d = mv.dyads(2014, states="KZK,RUS", measures=["joint", "jaccard"], labels=True)
    assert d.columns.tolist() == ["year", "ccode1", "ccode2", "stateabb1", "stateabb2", "joint", "jaccard"]
    assert d.stateabb1.tolist() == ["RUS"] and d.stateabb2.tolist() == ["KZK"]
    full = mv.dyads(2014, states="KZK,RUS")
    assert full.columns.tolist() == ["year", "ccode1", "ccode2", "joint", "joint_political", "joint_social", "joint_economic",
                                     "n11", "n10", "n01", "n00", "n_orgs", "n_missing", "s", "kappa", "pi", "jaccard"]
    assert mv.cite(full).startswith("Pevehouse")


def test_progress_callback():
    calls = []
    mv.dyads((2000, 2004), states="KZK,RUS", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(i, 5) for i in range(1, 6)]


@pytest.mark.parametrize("kwargs, error", [
    (dict(joint="observer"), InvalidArgumentError),
    (dict(measures=["joint", "gini"]), InvalidArgumentError),
    (dict(years=1800), InvalidYearError),
    (dict(years=(2010, 2020)), InvalidYearError),
    (dict(states="Atlantis"), UnknownStateError),
    (dict(pairs="some"), InvalidArgumentError),
])
def test_bad_arguments(kwargs, error):
    with pytest.raises(error) as e:
        mv.dyads(**kwargs)
    assert "\n" not in str(e.value)


# --- dyad_members -----------------------------------------------------------------------------------

def test_dyad_members_agree_with_dyads():
    dm = mv.dyad_members("Kazakhstan", "Russia", (1992, 2014))
    dy = mv.dyads((1992, 2014), states="Kazakhstan,Russia", measures="all").set_index("year")
    c = dm.groupby(["year", "dyad_status"], observed=False).size().unstack()
    assert (c["joint"] == dy.joint_published).all()
    assert (c["joint"] + c["not_joint"] == dy.n_orgs).all()
    assert (c["missing"] == dy.n_missing).all()
    # given order is kept: state_a is ccode1
    assert (dm.ccode1 == KZ).all() and (dm.ccode2 == RU).all()


def test_dyad_members_precedence_and_rule():
    dm = mv.dyad_members("Kazakhstan", "Russia", 2014, include_not_alive=True)
    s1, s2, st = dm.status1, dm.status2, dm.dyad_status.astype(str)
    assert (st[(s1 == -1) | (s2 == -1)] == "not_alive").all()
    assert (st[((s1 == -9) | (s2 == -9)) & (s1 != -1) & (s2 != -1)] == "missing").all()
    assert set(st) == {"joint", "not_joint", "missing", "not_alive"}
    # associates: joint under the published rule, not under the full rule
    # (Cuba, Jamaica, Trinidad and Tobago are associates of the BIPM in 2014; the USA a full member)
    assoc = mv.dyad_members("USA", "Cuba,Jamaica,Trinidad and Tobago,Russia,France", (2010, 2014))
    a = assoc[(assoc.status1.isin([1, 2]) & assoc.status2.isin([1, 2])) & ((assoc.status1 == 2) | (assoc.status2 == 2))]
    assert len(a) > 0
    assert (a.dyad_status == "joint").all()
    full = mv.dyad_members("USA", "Cuba,Jamaica,Trinidad and Tobago,Russia,France", (2010, 2014), joint="full")
    f = full.merge(a[["ccode2", "year", "ioname"]], on=["ccode2", "year", "ioname"])
    assert len(f) == len(a) and (f.dyad_status == "not_joint").all()


def test_dyad_members_filters_and_errors():
    dm = mv.dyad_members("KZK", "RUS", 2014, orgs="SCO,NATO", status="joint")
    assert dm.ioname.tolist() == ["sco"]
    with pytest.raises(mv.InvalidYearError):  # Kazakhstan not yet in the system
        mv.dyad_members("KZK", "RUS", 1980)
    with pytest.raises(InvalidArgumentError):
        mv.dyad_members("KZK", "KZK")
    with pytest.raises(InvalidArgumentError):
        mv.dyad_members("KZK", "RUS", status="friends")


# --- CLI ----------------------------------------------------------------------------------------------

def test_cli_dyads_parquet_and_dta(runner, cli, tmp_path):
    out = tmp_path / "d.parquet"
    r = runner.invoke(cli, ["dyads", "--from", "2010", "--to", "2014", "--states", "Kazakhstan,Russia,China,USA", "-o", str(out)])
    assert r.exit_code == 0, r.output
    df = pd.read_parquet(out)
    assert len(df) == 30 and "stateabb1" not in df
    lib = mv.dyads((2010, 2014), states="Kazakhstan,Russia,China,USA")
    assert (df.joint.to_numpy() == lib.joint.to_numpy()).all()
    dta = tmp_path / "d.dta"
    r = runner.invoke(cli, ["dyads", "--year", "1850", "--joint", "full", "-o", str(dta)])
    assert r.exit_code == 0, r.output
    import pyreadstat

    back, _ = pyreadstat.read_dta(str(dta))
    ref = mv.dyads(1850, joint="full")
    assert len(back) == len(ref)
    # undefined measures are Stata missing, not 0
    assert back.kappa.isna().sum() == ref.kappa.isna().sum() > 0


def test_cli_dyad_and_errors(runner, cli):
    r = runner.invoke(cli, ["dyad", "Kazakhstan", "Russia", "--orgs", "SCO,NATO", "-f", "csv"])
    assert r.exit_code == 0, r.output
    assert "sco,1,1,full,full,joint" in r.output and "nato,0,0,none,none,not_joint" in r.output
    r = runner.invoke(cli, ["dyads", "--year", "2014", "--joint", "both"])
    assert r.exit_code == 1 and r.output.count("\n") <= 2 and "joint" in r.output
    r = runner.invoke(cli, ["dyads", "--year", "2030"])
    assert r.exit_code == 1 and "2030" in r.output
    r = runner.invoke(cli, ["dyad", "Kazakhstan", "Narnia"])
    assert r.exit_code == 1 and "Narnia" in r.output
