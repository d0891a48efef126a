"""Membership queries against values checked by hand in the source CSV.

Hand checks (awk over ../shared/data/cow-igo-v3/state_year_formatv3.csv.gz,
column ``sco`` = field 492, ``eu`` = 212, ``nato`` = 414, ``csto`` = 158):
SCO full members 2014 are ccodes 365 702 703 704 705 710; the EU has 28 full
members in 2014; NATO's 1950 full members are 2 20 200 210 211 212 220 235 325
385 390 395; in 2014 the CSTO codes Yugoslavia/Serbia (345) and Afghanistan
(700) as observers (3). Portfolio counts per row (full/associate/observer/
none/missing) are the counts of each code across the row's IGO columns.
"""

from __future__ import annotations

import csv
import gzip

import pandas as pd
import pytest

import multivector as mv


def test_sco_members_2014():
    m = mv.organization_members("SCO", 2014)
    assert sorted(m.ccode.tolist()) == [365, 702, 703, 704, 705, 710]
    assert set(m.status_label) == {"full"}


def test_eu_2014_has_28_full_members():
    assert len(mv.organization_members("eu", 2014)) == 28


def test_nato_1950_founders():
    got = mv.organization_members("North Atlantic Treaty", 1950).ccode.tolist()
    assert got == [2, 20, 200, 210, 211, 212, 220, 235, 325, 385, 390, 395]


def test_observers_are_kept_with_their_code():
    m = mv.organization_members("csto", 2014, status="observer")
    assert m.ccode.tolist() == [345, 700]
    assert (m.status == 3).all()
    allm = mv.organization_members("csto", 2014, status="all")
    assert set(allm.status) == {0, 1, 3}


@pytest.mark.parametrize(
    "state, year, full, associate, observer, none, missing",
    [
        ("Kazakhstan", 1991, 5, 0, 0, 297, 20),
        ("Kazakhstan", 1992, 20, 0, 0, 288, 20),
        ("Kazakhstan", 2014, 55, 0, 1, 253, 26),
        ("German Democratic Republic", 1980, 29, 0, 0, 216, 27),
        ("German Federal Republic", 1980, 90, 0, 0, 155, 27),
        ("USA", 2014, 89, 0, 4, 216, 26),
        ("Monaco", 2014, 39, 0, 0, 270, 26),
        ("China", 1950, 4, 0, 0, 91, 1),
    ],
)
def test_portfolio_counts_match_hand_counts(state, year, full, associate, observer, none, missing):
    p = mv.portfolio(state, year).iloc[0]
    assert (p.full, p.associate, p.observer, p.none, p.missing) == (full, associate, observer, none, missing)
    assert p.alive == full + associate + observer + none + missing


def test_portfolio_joins_and_first_year():
    p = mv.portfolio("Kazakhstan", (1991, 1992)).set_index("year")
    # 1991 is Kazakhstan's first year in the system: no previous year.
    assert pd.isna(p.loc[1991, "joins"]) and p.loc[1991, "initial"] == 5
    # By hand: 15 IGOs go from 0/2/3/-1 in 1991 to 1 in 1992; 3 change to or from -9.
    assert p.loc[1992, "joins"] == 15
    assert p.loc[1992, "changes_unknown"] == 3
    assert pd.isna(p.loc[1992, "initial"])


def test_portfolio_types_count_full_memberships_only():
    p = mv.portfolio("Kazakhstan", 2014).iloc[0]
    m = mv.state_memberships("Kazakhstan", 2014)
    orgs = mv.organizations().set_index("ioname")
    for kind in ("political", "social", "economic"):
        assert p[kind] == int(orgs.loc[m.ioname, kind].sum())


def test_portfolio_outside_system_years_have_no_rows():
    p = mv.portfolio("German Democratic Republic")
    assert p.year.min() == 1954 and p.year.max() == 1989


def test_state_memberships_matches_csv_row(source_dir):
    with gzip.open(source_dir / "cow-igo-v3" / "state_year_formatv3.csv.gz", "rt") as f:
        for row in csv.DictReader(f):
            if row["ccode"] == "265" and row["year"] == "1975":
                expected = sorted(k for k, v in row.items() if k not in ("ccode", "year", "state") and v == "1")
                break
    got = mv.state_memberships("GDR", 1975).ioname.tolist()
    assert got == expected and len(got) > 10


def test_state_memberships_statuses():
    m = mv.state_memberships("USA", 2014, status=("observer",))
    assert len(m) == 4 and set(m.status_label) == {"observer"}


def test_states_in_a_year():
    s = mv.states(1992)
    assert 705 in set(s.ccode) and 265 not in set(s.ccode)
    allst = mv.states()
    assert len(allst) == 217
    poland = allst.set_index("ccode").loc[290]
    assert poland.n_spells == 2


def test_states_iso_codes():
    s = mv.states().set_index("ccode")
    assert (s.loc[705, "iso3"], s.loc[705, "iso2"]) == ("KAZ", "KZ")
    assert s.loc[265, "iso3"] == "DDR"
    assert pd.isna(s.loc[678, "iso3"])  # Yemen Arab Republic: its ISO code passed to unified Yemen


def test_organizations_search_year_kind():
    assert mv.organizations("shanghai").ioname.tolist() == ["sco"]
    o2014 = mv.organizations(year=2014).set_index("ioname")
    assert o2014.loc["sco", "n_full"] == 6
    assert "eec" not in o2014.index  # ended 1992
    econ = mv.organizations(kind="economic")
    assert (econ.economic == 1).all() and "opec" in set(econ.ioname)


def test_bad_status_and_kind():
    with pytest.raises(mv.InvalidArgumentError, match="valid: full"):
        mv.organization_members("sco", 2014, status="fullest")
    with pytest.raises(mv.InvalidArgumentError, match="political"):
        mv.organizations(kind="military")


@pytest.mark.parametrize("years", [1700, (2010, 2030), "abc", (2014, 1991), 2015])
def test_impossible_years(years):
    with pytest.raises(mv.InvalidYearError):
        mv.portfolio("Kazakhstan", years)


def test_results_name_their_sources():
    p = mv.portfolio("Kazakhstan", 2014)
    assert p.attrs["sources"] == ["cow_igo", "cow_states"]
    text = mv.cite(p)
    assert "Pevehouse" in text and "State System Membership" in text and "Voeten" not in text


def test_organization_summary_counts():
    s = mv.organization_summary("eec", (1957, 1958))
    assert s.year.tolist() == [1958]  # the EEC did not exist in 1957
    assert s.full.tolist() == [6]  # the six founders (column eec of the CSV, 1958)
    for org, year in (("nato", 1950), ("csto", 2014), ("un", 1990)):
        row = mv.organization_summary(org, year).iloc[0]
        members = mv.organization_members(org, year, status="all")
        counts = members.status_label.value_counts()
        for label in ("full", "associate", "observer", "none", "missing"):
            assert row[label] == counts.get(label, 0)
        assert row.states == len(mv.states(year)) - (4 if year == 1990 else 0)


def test_full_to_associate_is_an_exit(source_dir):
    """docs/methodology.md: exit = full member last year and none, associate **or observer** this year.
    Turkmenistan became an associate member of the CIS in 2005 (the source file: cis 1 in 2004, 2 in 2005)
    and New Zealand went from associate to full and back in SEAMEO (2, 1, 2 in 2008-2010)."""
    src = pd.read_csv(source_dir / "cow-igo-v3" / "state_year_formatv3.csv.gz", usecols=["ccode", "year", "cis", "seameo"])
    tkm = src[(src.ccode == 701) & src.year.isin([2004, 2005])].set_index("year").cis
    assert (tkm[2004], tkm[2005]) == (1, 2)
    ch = mv.membership_changes("Turkmenistan", (2004, 2005))
    assert ch[(ch.ioname == "cis")].change.tolist() == ["exit"]
    p = mv.portfolio("Turkmenistan", (2004, 2005)).set_index("year")
    assert p.loc[2005, "exits"] == 1 and p.loc[2005, "associate"] == 1  # the CIS is the only exit of 2005
    nz = mv.membership_changes("New Zealand", (2008, 2010))
    assert nz[nz.ioname == "seameo"][["year", "change"]].values.tolist() == [[2009, "join"], [2010, "exit"]]
