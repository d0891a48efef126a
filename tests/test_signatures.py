"""Organization signatures and categories, engagements by category, own initiatives
(docs/methodology.md, "Organization signatures and categories")."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector.measures._signatures import CATEGORIES, CATEGORY_COLUMNS


@lru_cache(maxsize=1)
def _state_year(source_dir) -> pd.DataFrame:
    return pd.read_csv(source_dir / "cow-igo-v3" / "state_year_formatv3.csv.gz")


def _category(sig: set, existing: set) -> str:
    """The category rules written out plainly (the methodology table)."""
    w = bool(sig & {"usa", "eu"})
    r = "russia" in sig
    c = "china" in sig
    if not sig:
        return "pillar-free"
    if sig == existing:
        return "universal"
    if w and (r or c):
        return "bridging"
    if r and c:
        return "russia+china"
    if r:
        return "russia-centred"
    if c:
        return "china-centred"
    if w:
        return "western"
    return "other"


@pytest.mark.parametrize("year", [1995, 2014])
def test_signatures_match_the_source_csv(source_dir, year):
    """Every organization's signature and category, recomputed from the published state-year CSV."""
    d = _state_year(source_dir)
    y = d[d.year == year].set_index("ccode")
    eu = y.index[y.eu == 1]
    got = mv.organization_signatures(year).set_index("ioname")
    checked = 0
    for io, row in got.iterrows():
        cells = {"russia": y.loc[365, io], "china": y.loc[710, io], "usa": y.loc[2, io], "turkey": y.loc[640, io]}
        eu_cells = y.loc[eu, io]
        if -9 in cells.values() or (eu_cells == -9).any():
            assert pd.isna(row.category) or row.unknown_pillars is not pd.NA
            continue
        sig = {k for k, v in cells.items() if v == 1}
        if (eu_cells == 1).sum() >= len(eu) / 2:
            sig.add("eu")
        order = ["russia", "china", "usa", "eu", "turkey"]
        assert row.signature == "+".join(k for k in order if k in sig), io
        assert row.category == _category(sig, set(order)), io
        assert row.n_full == int((y[io] == 1).sum()), io
        checked += 1
    assert checked > 250


def test_known_signatures():
    s = mv.organization_signatures(2014).set_index("ioname")
    assert s.loc["sco", "category"] == "russia+china"
    assert s.loc["nato", ["signature", "category"]].tolist() == ["usa+eu+turkey", "western"]
    assert s.loc["un", "category"] == "universal"
    assert s.loc["cis", "category"] == "russia-centred"
    assert s.loc["osce", "category"] == "bridging"
    assert s.loc["oic", "category"] == "other"
    assert s.loc["sco", "n_full"] == 6
    assert pd.isna(s.loc["turksoy", "category"]) and s.loc["turksoy", "unknown_pillars"] == "russia+china+usa+eu+turkey"
    assert set(s.category.dropna()) <= set(CATEGORIES)


def test_before_the_eec_five_pillars_do_not_exist():
    s = mv.organization_signatures(1950).set_index("ioname")
    assert (s.n_pillars_existing == 4).all()  # no EU pillar yet
    # the PRC (COW 710) held no UN seat until 1971: the UN bridges, it is not universal
    assert s.loc["un", ["signature", "category"]].tolist() == ["russia+usa+turkey", "bridging"]
    assert mv.organization_signatures(1972).set_index("ioname").loc["un", "category"] == "universal"


def test_signatures_range_and_rules():
    s = mv.organization_signatures((2013, 2014))
    assert sorted(s.year.unique()) == [2013, 2014]
    a = mv.organization_signatures(2014, rule="any").set_index("ioname")
    al = mv.organization_signatures(2014, rule="all").set_index("ioname")
    assert "eu" in a.loc["nato", "signature"] and "eu" not in al.loc["nato", "signature"]


def test_custom_pillars_change_categories():
    s = mv.organization_signatures(2014, pillars="russia,china").set_index("ioname")
    assert s.loc["nato", "category"] == "pillar-free"
    assert s.loc["sco", "category"] == "universal"


def test_engagements_by_category_sum_to_full():
    e = mv.engagements_by_category("Kazakhstan", (1992, 2014))
    assert len(e) == 23
    cats = list(CATEGORY_COLUMNS) + ["unknown"]
    assert (e[cats].sum(axis=1) == e.full).all()
    p = mv.portfolio("Kazakhstan", (1992, 2014))
    assert e.full.tolist() == p.full.astype(int).tolist()
    r14 = e.set_index("year").loc[2014]
    assert (r14.full, r14.russia_centred, r14.russia_china, r14.western, r14.bridging, r14.universal) == (55, 8, 4, 1, 14, 24)


def test_engagements_category_counts_by_hand():
    """Kazakhstan 2014: count its organizations per category from the two public frames."""
    m = mv.state_memberships("Kazakhstan", 2014)
    s = mv.organization_signatures(2014).set_index("ioname")
    counts = s.loc[m.ioname, "category"].value_counts()
    e = mv.engagements_by_category("Kazakhstan", 2014).iloc[0]
    for cat, col in zip(CATEGORIES, CATEGORY_COLUMNS):
        assert e[col] == counts.get(cat, 0), cat


def test_own_initiatives_match_the_source_csv(source_dir):
    d = _state_year(source_dir)
    orgs = [c for c in d.columns if c not in ("ccode", "year", "state")]
    alive = d[orgs].ne(-1) & d[orgs].notna()
    first = {o: int(d.loc[alive[o], "year"].min()) for o in orgs if alive[o].any()}
    kz = d[d.ccode == 705].set_index("year")
    expected = sorted(o for o, y in first.items() if y >= 1991 and y > 1816 and kz.loc[y, o] == 1) if True else []
    got = mv.own_initiatives("Kazakhstan")
    assert sorted(got.ioname) == expected
    assert set(got.ioname) >= {"cis", "sco", "cica", "csto", "eaec", "turksoy"}
    assert got.set_index("ioname").loc["cica", "founded"] == 2006
    assert got.set_index("ioname").loc["sco", "n_founders"] == int((d[(d.year == 1996)].sco == 1).sum())


def test_own_initiatives_counted_in_engagements():
    e = mv.engagements_by_category("Kazakhstan", 2014).iloc[0]
    o = mv.own_initiatives("Kazakhstan")
    m = set(mv.state_memberships("Kazakhstan", 2014).ioname)
    assert e.own_initiatives == len(set(o.ioname) & m)


def test_extended_flag():
    try:
        from multivector.engine._extended import extended_cube  # noqa: F401
    except ImportError:
        with pytest.raises(mv.InvalidArgumentError, match="extended panel not available"):
            mv.organization_signatures(2014, extended=True)
        return
    s = mv.organization_signatures(2016, extended=True).set_index("ioname")
    assert s.loc["sco", "category"] == "russia+china"


def test_bad_year():
    with pytest.raises(mv.InvalidYearError, match="outside"):
        mv.organization_signatures(2030)


def test_cli_signatures(runner, cli):
    r = runner.invoke(cli, ["signatures", "--year", "2014", "-f", "csv"])
    assert r.exit_code == 0
    assert "sco,Shanghai Cooperation Organisation,2014,6,russia+china,2,5,russia+china," in r.output
    r = runner.invoke(cli, ["orgs", "shanghai", "--signature", "--year", "2014", "-f", "csv"])
    assert r.exit_code == 0 and r.output.splitlines()[0].endswith("signature,category")
    assert r.output.splitlines()[1].endswith("russia+china,russia+china")
    r = runner.invoke(cli, ["signatures", "--year", "2099"])
    assert r.exit_code == 1 and "outside" in r.output
    r = runner.invoke(cli, ["signatures"])
    assert r.exit_code == 2


def test_docstring_examples():
    import doctest

    import multivector.measures._signatures as module

    assert doctest.testmod(module).failed == 0


def test_cli_engagements_and_initiatives(runner, cli):
    r = runner.invoke(cli, ["engagements-by-category", "Kazakhstan", "--from", "2014", "--to", "2014", "-f", "csv"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[1] == "705,2014,55,1,8,0,4,14,24,1,3,0,11"
    r = runner.invoke(cli, ["own-initiatives", "Kazakhstan", "-f", "csv"])
    assert r.exit_code == 0 and len(r.output.splitlines()) == 14 and ",cica," in r.output
    r = runner.invoke(cli, ["own-initiatives", "Atlantis"])
    assert r.exit_code == 1 and "Unknown state" in r.output


def test_category_filter():
    all14 = mv.organization_signatures(2014)
    b = mv.organization_signatures(2014, category="bridging, western")
    assert set(b.category) == {"bridging", "western"}
    assert len(b) == int(all14.category.isin(["bridging", "western"]).sum())
    with pytest.raises(mv.InvalidArgumentError, match="category: unknown category 'eastern'; valid: western"):
        mv.organization_signatures(2014, category="eastern")


def test_cli_signatures_category(runner, cli):
    r = runner.invoke(cli, ["signatures", "--year", "2014", "--category", "russia+china", "-f", "csv"])
    assert r.exit_code == 0
    assert [l.split(",")[0] for l in r.output.splitlines()[1:]] == ["asef", "cica", "iasaj", "icivdo", "ocr", "sco"]
    r = runner.invoke(cli, ["signatures", "--year", "2014", "--category", "eastern"])
    assert r.exit_code == 1 and "unknown category 'eastern'" in r.output
