"""Coding gaps (multivector.coding_gaps): organizations coded -9 for every state, checked against the source CSV."""

from __future__ import annotations

import doctest

import pandas as pd
import pytest

import multivector as mv


@pytest.fixture(scope="module")
def wide(source_dir):
    df = pd.read_csv(source_dir / "cow-igo-v3" / "state_year_formatv3.csv.gz", low_memory=False)
    df.columns = [c.lower() for c in df.columns]
    return df[df.year.isin([2013, 2014])]


def _wholly_missing(wide, year):
    """Independent of the cube: in the source's own rows, organizations alive (some code other than -1)
    whose every non -1 code is -9."""
    rows = wide[wide.year == year].drop(columns=["ccode", "year", "state"])
    alive = (rows != -1).any()
    known = ((rows != -1) & (rows != -9)).any()
    return set(rows.columns[alive & ~known])


def test_2014_gap_equals_the_source(wide):
    new = _wholly_missing(wide, 2014) - _wholly_missing(wide, 2013)
    assert len(new) == 8  # the eight organizations of the issue
    assert set(mv.coding_gaps(years=2014).ioname) == new == {
        "acp", "arpu", "cmhasg", "icao", "icmmp", "rioppah", "turksoy", "uasc"}


@pytest.mark.parametrize("state,ccode,before,after", [("Kazakhstan", 705, 57, 55), ("USA", 2, 91, 89), ("Nauru", 970, 25, 23)])
def test_a_states_lost_count_is_the_gap_not_exits(wide, state, ccode, before, after):
    p = mv.portfolio(state, (2013, 2014)).set_index("year")
    assert (int(p.full[2013]), int(p.full[2014])) == (before, after)
    gaps = mv.coding_gaps(state, 2014)
    # from the source: organizations where the state was a full member in 2013 and which are -9 for everyone in 2014
    row13 = wide[(wide.ccode == ccode) & (wide.year == 2013)].iloc[0]
    full13 = {c for c in row13.index if c not in ("ccode", "year", "state") and row13[c] == 1}
    new = _wholly_missing(wide, 2014) - _wholly_missing(wide, 2013)
    assert set(gaps.ioname) == full13 & new
    assert len(gaps) == before - after and int(p.exits[2014]) == 0  # never shown as exits


def test_names_and_empty_years():
    g = mv.coding_gaps("Kazakhstan", (1991, 2013))
    assert g.empty and list(g.columns) == ["ccode", "year", "ioname", "orgname"]
    assert "International Civil Aviation Organization" in mv.coding_gaps(years=2014).set_index("ioname").orgname["icao"]
    with pytest.raises(mv.UnknownStateError):
        mv.coding_gaps("Kazakstan")


def test_doctests():
    from multivector.engine import _gaps

    assert doctest.testmod(_gaps).failed == 0


def test_extended_panel_names_what_it_changes_before_2015():
    from multivector.engine._gaps import extended_note, records_in_published_years

    add = records_in_published_years("Kazakhstan", (2008, 2014))
    pub = mv.portfolio("Kazakhstan", 2009).full.iloc[0]
    ext = mv.portfolio("Kazakhstan", 2009, extended=True).full.iloc[0]
    # the figures: 54 published, 56 extended in 2009; the difference is exactly the named additions
    assert (int(pub), int(ext)) == (54, 56)
    assert int(((add.first_year <= 2009) & (add.last_year >= 2009)).sum()) == int(ext - pub)
    note = extended_note("Kazakhstan", (2008, 2014))
    assert "EDB (full member from 2008)" in note and "OTS (full member from 2009)" in note
    assert extended_note("Kazakhstan", (1992, 1995)) == ""


def test_brief_and_cli_say_the_gap_and_the_extended_change(runner, cli, tmp_path):
    from multivector.report import report

    html = open(report("Kazakhstan", (1991, 2014), format="html", output=str(tmp_path / "kz.html"))).read()
    assert "(ICAO, TURKSOY) (its full memberships go from 57 to 55): a gap in the data, not exits" in html
    assert "peak 57 in 2013; 2 coded missing for every state in 2014, not exits" in html
    r = runner.invoke(cli, ["portfolio", "Kazakhstan", "--from", "2008", "--to", "2016", "--extended"])
    assert r.exit_code == 0 and "EDB (full member from 2008)" in r.stdout.replace("\n", " ")
