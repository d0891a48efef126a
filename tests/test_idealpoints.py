"""UN ideal points (docs/methodology.md, "UN ideal points").

The published series is compared, value by value, with the publisher's CSV
read directly with pandas (../shared/data/unga-idealpoints/).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector._errors import InvalidArgumentError, InvalidYearError, UnknownStateError
from multivector.data._store import get_store

KZ, RU, CN, US = 705, 365, 710, 2


@pytest.fixture(scope="module")
def published_csv(source_dir) -> pd.DataFrame:
    return pd.read_csv(source_dir / "unga-idealpoints" / "idealpoints_2025-07.csv.gz")


@pytest.fixture(scope="module", autouse=True)
def fresh_cache(tmp_path_factory):
    """Fits are computed here, never read from a cache folder of an earlier run."""
    import os

    from multivector.engine import _idealpoints

    old = os.environ.get("MULTIVECTOR_CACHE_DIR")
    os.environ["MULTIVECTOR_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    _idealpoints._CACHE.clear()
    yield
    if old is None:
        os.environ.pop("MULTIVECTOR_CACHE_DIR", None)
    else:
        os.environ["MULTIVECTOR_CACHE_DIR"] = old


def test_published_equals_the_publishers_file(published_csv):
    got = mv.ideal_points(source="published")
    assert list(got.columns) == list(published_csv.columns)  # the publisher's names, incl. 'qofp' and 'nvotesLegacy'
    assert len(got) == len(published_csv) == 11440
    ref = published_csv.sort_values(["ccode", "year"], kind="stable").reset_index(drop=True)
    for c in ref.columns:
        if c in ("iso3c", "countryname"):
            assert (got[c].fillna("").astype(str) == ref[c].fillna("").astype(str)).all(), c
        else:
            a, b = got[c].to_numpy(dtype=float), ref[c].to_numpy(dtype=float)
            assert np.array_equal(np.isnan(a), np.isnan(b)), c  # missing stays missing, never 0
            assert np.allclose(a[~np.isnan(a)], b[~np.isnan(b)], rtol=0, atol=1e-12), c


def test_published_subset_by_state_and_year():
    # values checked in the CSV with zcat | awk: Russia 2022 idealpointall -1.413724, Kazakhstan -0.9888276
    got = mv.ideal_points("Kazakhstan, Russia", 2022, source="published")
    assert got[["ccode", "year"]].values.tolist() == [[RU, 2022], [KZ, 2022]]
    assert got.idealpointall.round(6).tolist() == [-1.413724, -0.988828]
    assert got.idealpointlegacy.round(6).tolist() == [-0.505747, -0.778407]
    # names, COW codes and ISO codes; year ranges and lists
    assert mv.ideal_points(["KZ", 365], "2021-2022", source="published").shape[0] == 4
    assert mv.ideal_points(2, [1946, 2024], source="published").year.tolist() == [1946, 2024]
    assert set(mv.ideal_points(years=2024, source="published").year) == {2024} and len(mv.ideal_points(years=2024, source="published")) == 191
    # 2024 has no idealpointall in this release: NaN, never 0
    assert mv.ideal_points(US, 2024, source="published").idealpointall.isna().all()
    assert "Bailey" in mv.cite(got)


def test_published_errors_are_one_line():
    with pytest.raises(UnknownStateError) as e:
        mv.ideal_points("Kazakstan", source="published")
    assert "Kazakhstan (KZK, 705)" in str(e.value)
    with pytest.raises(InvalidYearError, match=r"years: 2030 is outside the published UN ideal points \(1946-2024\)"):
        mv.ideal_points(years=2030, source="published")
    # Taiwan held China's seat until 1971; no session 19 (1964) estimate in the file
    with pytest.raises(InvalidYearError, match=r"Taiwan \(TAW, 713\) has no published UN ideal point in 2000 "
                                               r"\(it has one for 1946-1963, 1965-1971\)"):
        mv.ideal_points("Taiwan", 2000, source="published")
    with pytest.raises(InvalidYearError, match=r"Kosovo .*\(it has none in any year\)"):
        mv.ideal_points("Kosovo", source="published")
    with pytest.raises(InvalidArgumentError, match="source: unknown source 'mcmc'; valid: estimate"):
        mv.ideal_points(source="mcmc")
    for err in (UnknownStateError, InvalidYearError, InvalidArgumentError):
        assert issubclass(err, mv.MultivectorError)


def test_docstring_examples_run():
    import doctest

    from multivector.engine import _idealpoints

    res = doctest.testmod(_idealpoints, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert res.failed == 0 and res.attempted > 0


# --------------------------------------------------------------------------- the estimator (source="estimate")

WEST = [2, 20, 200, 210, 220, 255, 375, 380, 385, 390, 900, 920]   # USA, Canada, UK, NL, France, Germany, Nordics, AUS, NZ
OTHER_END = [40, 630, 652, 710, 731]                                # Cuba, Iran, Syria, China, North Korea


@pytest.fixture(scope="module")
def estimates():
    return mv.ideal_points()


def test_estimate_columns_and_conventions(estimates):
    e = estimates
    assert list(e.columns) == ["ccode", "year", "ideal_point", "ideal_point_lo", "ideal_point_hi", "n_votes", "source"]
    assert (e.source == "estimate").all() and e.attrs["sources"] == ["unga"]
    m = e.attrs["model"]
    assert m["converged"] and m["roll_calls"] == 6121 and m["votes"] == 860791  # 6,203 roll calls less 82 unanimous
    # year = session + 1945, every session 1-74; session 19 (1964) had a single roll call (the
    # publisher's legacy series has no 1964): each voting state has n_votes 1 there
    assert sorted(e.year.unique()) == list(range(1946, 2020))
    assert (e[e.year == 1964].n_votes == 1).all() and len(e[e.year == 1964]) == 112
    # the United States positive, every year
    us = e[e.ccode == 2]
    assert len(us) == 74 and (us.ideal_point > 0).all()
    assert ((e.ideal_point_lo < e.ideal_point) & (e.ideal_point < e.ideal_point_hi)).all()
    assert e.ideal_point.notna().all()


def test_n_votes_counts_the_votes_on_informative_roll_calls():
    """n_votes recomputed with plain pandas: votes of the state in the session on roll calls where
    not every voting state cast the same vote."""
    s = get_store()
    v = s.table("un_votes")[["rcid", "ccode", "vote"]].merge(s.table("un_roll_calls")[["rcid", "session"]], on="rcid")
    informative = v.groupby("rcid").vote.nunique()
    v = v[v.rcid.isin(informative[informative > 1].index)]
    e = mv.ideal_points("Kazakhstan, USA, Cuba", [1946, 1992, 2019])
    for r in e.itertuples():
        assert r.n_votes == ((v.ccode == r.ccode) & (v.session == r.year - 1945)).sum(), (r.ccode, r.year)
    assert e[(e.ccode == 705) & (e.year == 2019)].n_votes.item() == 91


def test_estimate_agrees_with_the_published_legacy_series(estimates, published_csv):
    """Per-year Pearson correlation with idealpointlegacy: median >= 0.95 over 1946-2019 and >= 0.85
    in every year with at least 30 states (the issue's bars), recomputed here from the CSV."""
    pub = published_csv[["ccode", "year", "idealpointlegacy"]].dropna()
    j = estimates.merge(pub, on=["ccode", "year"])
    r = j.groupby("year").apply(lambda g: np.corrcoef(g.ideal_point, g.idealpointlegacy)[0, 1], include_groups=False)
    n = j.groupby("year").size()
    assert len(r) == 73
    assert r.median() >= 0.95
    assert r[n >= 30].min() >= 0.85
    # the library's validation table says the same
    from multivector.engine._idealpoints import agreement_with_published

    t = agreement_with_published(estimates).set_index("year")
    assert np.allclose(t.pearson.to_numpy(), r.loc[t.index].to_numpy())


def test_human_rights_fit_puts_western_democracies_at_one_end():
    hr = mv.ideal_points(years=2010, issues="Human rights")
    assert hr.attrs["model"]["issues"] == ["hr"]
    rank = hr.ideal_point.rank(ascending=False)
    ranks = dict(zip(hr.ccode, rank))
    n = len(hr)
    assert all(ranks[c] <= 0.25 * n for c in WEST), {c: ranks[c] for c in WEST}
    assert np.median([ranks[c] for c in WEST]) <= 15
    assert all(ranks[c] > 0.95 * n for c in OTHER_END), {c: ranks[c] for c in OTHER_END}


def test_important_votes_and_subsets():
    imp = mv.ideal_points(important_only=True)
    assert imp.year.min() == 1983 and imp.year.max() == 2017  # coded for sessions 38-72
    assert imp.attrs["model"]["roll_calls"] < 420
    few = mv.ideal_points(fit_years=(2017, 2019))
    s = get_store()
    v = s.table("un_votes").merge(s.table("un_roll_calls")[["rcid", "session"]], on="rcid")
    kinds = v[v.session.between(72, 74)].groupby("rcid").vote.nunique()
    assert (len(kinds), int((kinds > 1).sum())) == (310, 309)  # 124 + 95 + 91 roll calls, one unanimous
    assert sorted(few.year.unique()) == [2017, 2018, 2019] and few.attrs["model"]["roll_calls"] == 309
    among = mv.ideal_points(fit_years=2019, among="USA, Canada, France, Russia, China, Iran, Cuba, Brazil, India")
    assert sorted(among.ccode) == sorted([2, 20, 220, 365, 710, 630, 40, 140, 750])
    order = among.set_index("ccode").ideal_point
    assert order[2] > order[220] > order[365] and order[2] > 0 > order[40]


def test_estimate_errors_are_one_line():
    with pytest.raises(InvalidYearError, match=r"Taiwan \(TAW, 713\) has no UN ideal point estimated from the votes of "
                                               r"the fit in 2000 \(it has one for 1946-1971\)"):
        mv.ideal_points("Taiwan", 2000)
    with pytest.raises(InvalidYearError, match=r"years: 2020 is outside the UN votes of the fit \(1946-2019\)"):
        mv.ideal_points(years=2020)
    with pytest.raises(InvalidYearError, match=r"fit_years: 2030 is outside the UN votes \(1946-2019\)"):
        mv.ideal_points(fit_years=2030)
    with pytest.raises(InvalidYearError, match="the fit has no votes in 1950"):
        mv.ideal_points(years=1950, important_only=True)
    with pytest.raises(InvalidArgumentError, match="issues: applies to source='estimate' only"):
        mv.ideal_points(issues="hr", source="published")
    with pytest.raises(InvalidArgumentError, match="issues: unknown issue 'climate'"):
        mv.ideal_points(issues="climate")
    with pytest.raises(InvalidArgumentError, match="among: a fit needs the votes of at least 3 states"):
        mv.ideal_points(among="USA, Cuba")
    with pytest.raises(InvalidArgumentError, match="level: the interval's coverage must be between 0 and 1"):
        mv.ideal_points(level=95)
    with pytest.raises(InvalidArgumentError, match="votes: expected a file path or a DataFrame"):
        mv.ideal_points(votes=3)


def test_same_answer_from_cli_and_api(runner, cli, estimates):
    import io

    from fastapi.testclient import TestClient

    from multivector.web import create_app

    lib = estimates[(estimates.ccode == 705) & estimates.year.between(2015, 2019)].reset_index(drop=True)
    r = runner.invoke(cli, ["ideal-points", "Kazakhstan", "--from", "2015", "--to", "2019", "--format", "csv"])
    assert r.exit_code == 0, r.output
    got = pd.read_csv(io.StringIO(r.stdout))
    assert np.allclose(got.ideal_point, lib.ideal_point) and (got.n_votes == lib.n_votes).all()
    api = TestClient(create_app(warm_up=False)).get("/api/states/KZ/ideal-points", params={"from": 2015, "to": 2019})
    assert api.status_code == 200
    assert np.allclose([row["ideal_point_hi"] for row in api.json()["data"]], lib.ideal_point_hi)
    bad = runner.invoke(cli, ["ideal-points", "Kazakstan"])
    assert bad.exit_code == 1 and "Did you mean: Kazakhstan" in bad.output and "Traceback" not in bad.output


def test_validation_document_is_current():
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("ipv", root / "scripts" / "ideal_points_validation.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert (root / "docs" / "ideal-points-validation.md").read_text() == mod.render(mod.compute()), \
        "run: python scripts/ideal_points_validation.py"


def test_poles_are_means_of_their_pillars(estimates):
    """West = mean of (United States, mean of the EU's members); East = mean of (Russia, China);
    recomputed from the estimates and the EU membership (COW IGO 'eu', full members) by hand."""
    d = mv.ideal_points_with_poles("Kazakhstan", (2013, 2019))
    assert list(d.columns) == ["series", "role", "year", "ideal_point", "ideal_point_lo", "ideal_point_hi", "n_states"]
    e = estimates.set_index(["ccode", "year"]).ideal_point
    eu = mv.organization_members("eu", 2014).ccode.astype(int).tolist()   # 28 members in 2014, carried to 2019
    assert len(eu) == 28
    for y in (2014, 2019):
        eu_mean = np.mean([e[(c, y)] for c in eu if (c, y) in e.index])
        west = (e[(2, y)] + eu_mean) / 2
        east = (e[(365, y)] + e[(710, y)]) / 2
        got = d[d.year == y].set_index("series").ideal_point
        assert np.isclose(got["West"], west) and np.isclose(got["East"], east)
        assert np.isclose(got["Kazakhstan"], e[(705, y)])
    assert d[(d.series == "West") & (d.year == 2019)].n_states.item() == 29   # the United States and 28 EU members


def test_ideal_point_chart_draws(estimates):
    from multivector.charts._idealpoints import ideal_point_chart

    vlc = pytest.importorskip("vl_convert")
    d = mv.ideal_points_with_poles("Kazakhstan", (1992, 2019))
    spec = ideal_point_chart(d)
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", "area"]
    rows = [r for r in spec["data"]["values"] if r["series"] == "Kazakhstan"]
    assert len(rows) == 28 and np.isclose(rows[-1]["ideal_point"], d[(d.role == "state")].ideal_point.iloc[-1])
    assert vlc.vegalite_to_svg(spec).startswith("<svg")
    empty = ideal_point_chart(d.iloc[0:0])
    assert empty["mark"]["type"] == "text"


def test_interval_width_follows_the_level():
    from scipy.stats import norm

    a = mv.ideal_points("Kazakhstan", 2019)
    b = mv.ideal_points("Kazakhstan", 2019, level=0.5)
    wa = (a.ideal_point_hi - a.ideal_point_lo).item()
    wb = (b.ideal_point_hi - b.ideal_point_lo).item()
    assert np.isclose(wb / wa, norm.ppf(0.75) / norm.ppf(0.975))
    assert np.isclose(a.ideal_point.item(), b.ideal_point.item())


def test_bridges_follow_the_documented_rule():
    """364 titles bridging 2,132 roll calls, recomputed with plain pandas from the roll-call table:
    final votes, title (descr) recurring in >= 2 sessions, once in each, informative votes only."""
    import re

    from multivector.engine._idealpoints import fit_input

    s = get_store()
    rc = s.table("un_roll_calls")
    v = s.table("un_votes")
    kinds = v.groupby("rcid").vote.nunique()
    rc = rc[rc.rcid.isin(kinds[kinds > 1].index)]
    rc = rc[(rc.amend.fillna(0) == 0) & (rc.para.fillna(0) == 0)].copy()

    def key(t):
        t = re.sub(r"\s*:\s*resolution\s*/\s*adopted by the general assembly.*$", "", str(t).lower())
        return " ".join(re.sub(r"[^a-z ]+", " ", t).split()) or None

    rc["key"] = rc.descr.map(key)
    once = rc.groupby(["key", "session"]).rcid.transform("size") == 1
    rc = rc[once]
    rc = rc[rc.groupby("key").session.transform("nunique") >= 2]
    _, _, _, info, _ = fit_input()
    assert (info["bridges"], info["bridged_roll_calls"]) == (rc.key.nunique(), len(rc)) == (364, 2132)


def test_brief_and_page_show_the_same_ideal_point(estimates):
    from fastapi.testclient import TestClient

    from multivector.report import build_brief
    from multivector.web import create_app

    b = build_brief("Kazakhstan", (1992, 2019))
    sec = next(s for s in b.sections if s.key == "ideal_point")
    kz = estimates[(estimates.ccode == 705) & (estimates.year == 2019)]
    assert np.isclose(b.numbers["ideal_point"], kz.ideal_point.item())
    assert b.numbers["ideal_year"] == 2019 and set(b.numbers["ideal_poles"]) == {"West", "East"}
    assert f"{kz.ideal_point.item():.2f}" in sec.paragraphs[0]
    assert [c.key for c in sec.charts] == ["ideal_point"]
    page = TestClient(create_app(warm_up=False)).get("/state/705", params={"channel": "diplomatic", "from": 1992})
    assert page.status_code == 200 and "chart-ideal-point" in page.text
    # a brief on years before the state's UN votes has a note, never a broken chart
    gdr = build_brief("German Democratic Republic", (1960, 1972))
    gsec = next(s for s in gdr.sections if s.key == "ideal_point")
    assert not gsec.charts and "cast no UN General Assembly vote" in gsec.notes[-1]


def test_published_poles_leave_the_united_kingdom_out_of_the_eu_from_2020():
    d = mv.ideal_points_with_poles("Kazakhstan", (2019, 2020), source="published")
    west = d[d.series == "West"].set_index("year").n_states
    assert (west[2019], west[2020]) == (29, 28)
    pub = mv.ideal_points(years=2020, source="published").set_index("ccode").idealpointlegacy
    eu = [c for c in mv.organization_members("eu", 2014).ccode.astype(int) if c != 200]
    assert np.isclose(d[(d.series == "West") & (d.year == 2020)].ideal_point.item(), (pub[2] + pub[eu].mean()) / 2)


def test_poles_follow_the_poles_argument(estimates):
    """Any pole set the tilt takes: one-pillar poles are that pillar's own estimate."""
    d = mv.ideal_points_with_poles("Kazakhstan", 2019, poles={"Maritime": ["usa"], "Continental": ["china"]})
    e = estimates.set_index(["ccode", "year"]).ideal_point
    got = d.set_index("series").ideal_point
    assert np.isclose(got["Maritime"], e[(2, 2019)]) and np.isclose(got["Continental"], e[(710, 2019)])
    assert d.attrs["poles"] == {"Maritime": ["usa"], "Continental": ["china"]}
