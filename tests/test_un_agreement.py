"""UN General Assembly agreement (docs/methodology.md, "UN General Assembly agreement").

The engine's Gram-matrix kernel is checked against a plain pandas self-merge
of the votes on roll call, on whole sessions and with every filter, and one
pair against the published CSV read directly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector._errors import InvalidArgumentError, InvalidYearError, UnknownStateError
from multivector.engine._similarity import similarity_votes
from multivector.data._store import get_store

KZ, RU, CN, US = 705, 365, 710, 2


def reference(sessions, issues=None, important_only=False, drop_unanimous=True) -> pd.DataFrame:
    """Plain pandas: filter roll calls, self-merge votes on rcid, group by dyad-session."""
    s = get_store()
    rc = s.table("un_roll_calls")
    v = s.table("un_votes")[["rcid", "ccode", "vote"]].merge(rc[["rcid", "session", "importantvote"]], on="rcid")
    v = v[v.session.isin(sessions)]
    if drop_unanimous:
        nvals = v.groupby("rcid").vote.nunique()
        v = v[v.rcid.isin(nvals[nvals > 1].index)]
    if important_only:
        v = v[v.importantvote == 1]
    if issues is not None:
        iss = s.table("un_issues")
        v = v[v.rcid.isin(iss[iss.short_name.isin(issues)].rcid)]
    m = v.merge(v, on=["rcid", "session"])
    m = m[m.ccode_x < m.ccode_y]
    m["agree"] = 1 - (m.vote_x.astype(int) - m.vote_y.astype(int)).abs() / 2
    g = m.groupby(["session", "ccode_x", "ccode_y"]).agg(agree=("agree", "mean"), n_votes=("agree", "size")).reset_index()
    return g.rename(columns={"ccode_x": "ccode1", "ccode_y": "ccode2"})


def check_equal(got: pd.DataFrame, ref: pd.DataFrame):
    j = got.merge(ref, on=["session", "ccode1", "ccode2"], how="outer", suffixes=("", "_ref"), indicator=True)
    assert (j._merge != "right_only").all(), "a pair of the reference is missing"
    only = j[j._merge == "left_only"]
    # pairs without any common roll call: n_votes 0 and every figure null, never 0
    assert (only.n_votes == 0).all() and only[["agree", "s", "kappa", "pi"]].isna().all().all()
    both = j[j._merge == "both"]
    assert len(both) > 0
    assert (both.n_votes == both.n_votes_ref).all()
    assert np.allclose(both.agree.astype(float), both.agree_ref, atol=1e-12)


@pytest.mark.parametrize("session", [1, 30, 47, 74])
def test_whole_sessions_equal_pandas_self_merge(session):
    check_equal(mv.un_agreement(sessions=session), reference([session]))


def test_keep_unanimous_equals_pandas():
    got = mv.un_agreement(sessions=10, drop_unanimous=False)  # 10 unanimous roll calls in session 10
    check_equal(got, reference([10], drop_unanimous=False))
    dropped = mv.un_agreement(sessions=10)
    assert (got.n_votes.to_numpy() >= dropped.n_votes.to_numpy()).all() and got.n_votes.sum() > dropped.n_votes.sum()


def test_issue_and_important_filters_equal_pandas():
    check_equal(mv.un_agreement(sessions=(55, 56), issues="hr,nu"), reference([55, 56], issues=["hr", "nu"]))
    check_equal(mv.un_agreement(sessions=(55, 56), important_only=True), reference([55, 56], important_only=True))
    # issue names and plain words work as well as codes
    a = mv.un_agreement(sessions=55, issues=["Human rights", "nuclear"], states="RUS,CHN")
    b = mv.un_agreement(sessions=55, issues="hr,nu", states="RUS,CHN")
    pd.testing.assert_frame_equal(a, b)


def test_kappa_pi_from_the_crosstab():
    s = get_store()
    rc = s.table("un_roll_calls")
    v = s.table("un_votes").merge(rc[["rcid", "session"]], on="rcid")
    v = v[v.session == 74]
    nvals = v.groupby("rcid").vote.nunique()
    v = v[v.rcid.isin(nvals[nvals > 1].index)]
    ru = v[v.ccode == RU].set_index("rcid").vote
    cn = v[v.ccode == CN].set_index("rcid").vote
    both = ru.index.intersection(cn.index)
    table = pd.crosstab(ru[both], cn[both]).reindex(index=[1, 2, 3], columns=[1, 2, 3], fill_value=0).to_numpy()
    ref = similarity_votes(table)
    got = mv.un_agreement(2019, states="Russia,China").iloc[0]
    assert got.n_votes == len(both) == 87
    for k in ("agree", "s", "kappa", "pi"):
        assert got[k] == pytest.approx(float(ref[k]))


def test_one_pair_from_the_published_csv(source_dir):
    """Russia-China 2019 straight from the CSV (ISO codes RU, CN), independent of the build."""
    votes = pd.read_csv(source_dir / "unga" / "un_votes.csv.gz", keep_default_na=False)
    rc = pd.read_csv(source_dir / "unga" / "un_roll_calls.csv.gz", usecols=["rcid", "session"])
    votes = votes.merge(rc, on="rcid")
    votes = votes[votes.session == 74]
    unanimous = votes.groupby("rcid").vote.nunique() == 1
    votes = votes[~votes.rcid.map(unanimous)]
    w = votes[votes.country_code.isin(["RU", "CN"])].pivot(index="rcid", columns="country_code", values="vote").dropna()
    score = {("yes", "yes"): 1, ("no", "no"): 1, ("abstain", "abstain"): 1, ("yes", "no"): 0, ("no", "yes"): 0}
    agree = np.mean([score.get((a, b), 0.5) for a, b in zip(w.RU, w.CN)])
    got = mv.un_agreement(2019, states="Russia,China").iloc[0]
    assert got.n_votes == len(w)
    assert got.agree == pytest.approx(agree)


def test_full_panel_shape_and_conventions():
    a = mv.un_agreement()
    assert a.session.min() == 1 and a.session.max() == 74
    assert (a.year == a.session + 1945).all()
    assert (a.ccode1 < a.ccode2).all() and not a.duplicated(["session", "ccode1", "ccode2"]).any()
    ok = a[a.n_votes > 0]
    assert ok.agree.between(0, 1).all()
    assert np.allclose(ok.s.astype(float), 2 * ok.agree.astype(float) - 1)
    assert a[a.n_votes == 0][["agree", "s"]].isna().all().all()
    assert a.agree.dtype == "Float64"
    assert "Voeten" in mv.cite(a)


def test_states_filters_and_labels():
    four = mv.un_agreement((1992, 1993), states="Kazakhstan,Russia,China,USA", labels=True)
    assert len(four) == 12 and four.columns[4:6].tolist() == ["stateabb1", "stateabb2"]
    one = mv.un_agreement(2000, states="Kazakhstan")
    allp = mv.un_agreement(2000)
    assert len(one) == int(((allp.ccode1 == KZ) | (allp.ccode2 == KZ)).sum())
    m = one.merge(allp, on=["session", "ccode1", "ccode2"])
    assert (m.n_votes_x == m.n_votes_y).all()
    anyp = mv.un_agreement(2000, states="Kazakhstan,Russia", pairs="any")
    assert len(anyp) == int((allp.ccode1.isin([KZ, RU]) | allp.ccode2.isin([KZ, RU])).sum())


@pytest.mark.parametrize("kwargs, error", [
    (dict(years=1940), InvalidYearError),
    (dict(years=2020), InvalidYearError),
    (dict(sessions=75), InvalidYearError),
    (dict(years=2000, sessions=55), InvalidArgumentError),
    (dict(issues="climate"), InvalidArgumentError),
    (dict(states="Gondor"), UnknownStateError),
    (dict(pairs="all"), InvalidArgumentError),
])
def test_bad_arguments(kwargs, error):
    with pytest.raises(error) as e:
        mv.un_agreement(**kwargs)
    assert "\n" not in str(e.value)


def test_cli_un_agreement(runner, cli, tmp_path):
    out = tmp_path / "a.csv"
    r = runner.invoke(cli, ["un-agreement", "--from", "1992", "--states", "Kazakhstan,Russia,China,USA", "-o", str(out)])
    assert r.exit_code == 0, r.output
    df = pd.read_csv(out)
    lib = mv.un_agreement((1992, 2019), states="Kazakhstan,Russia,China,USA")
    assert len(df) == len(lib) == 6 * 28
    assert np.allclose(df.agree, lib.agree.astype(float), equal_nan=True)
    r = runner.invoke(cli, ["un-agreement", "--sessions", "74", "--states", "RUS,CHN", "--issues", "hr", "--keep-unanimous", "-f", "json"])
    assert r.exit_code == 0 and '"n_votes"' in r.output
    r = runner.invoke(cli, ["un-agreement", "--issues", "weather"])
    assert r.exit_code == 1 and "weather" in r.output and "hr" in r.output
