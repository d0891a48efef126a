"""The provisional extended panel: carry-forward, events in date order, provenance, engagements, activism.

Pins docs/methodology.md, section "Extended panel".
"""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector.engine._extended import CARRIED, COW, RECORD
from multivector.data._store import ABSENT, get_store
from multivector.engine._records import load_record_set

KAZ, UK, USA, MONGOLIA = 705, 200, 2, 712


@pytest.fixture(scope="module")
def cube():
    return mv.extended_cube()


def cell(c, ccode, io, year):
    s, o, y = c.state_index[ccode], c.org_index[io], year - c.year0
    return int(c.status[s, o, y]), str(c.provenance_label(c.provenance[s, o, y]))


def test_shape_and_cow_years_untouched(cube):
    base = get_store().cube
    assert cube.years[0] == 1816 and cube.years[-1] == 2025 and cube.last_cow_year == 2014
    assert list(cube.ionames[: len(base.ionames)]) == list(base.ionames)
    assert {"eaeu", "aiib", "brics", "ots", "c5p1", "edb"} <= set(cube.ionames[cube.n_cow_orgs:])
    n = len(base.years)
    assert np.array_equal(cube.status[:, : cube.n_cow_orgs, :n], base.status)
    assert (cube.provenance[:, : cube.n_cow_orgs, :n] == COW).all()
    assert (cube.provenance[:, cube.n_cow_orgs:, :] == RECORD).all()


def test_states_after_2014_are_those_of_2014(cube):
    ins = cube.in_system()
    y14 = 2014 - cube.year0
    assert ins[:, y14].sum() == 195
    assert (ins[:, y14 + 1:] == ins[:, [y14]]).all()
    assert (cube.status[~ins[:, y14], :, y14 + 1:] == ABSENT).all()


def test_carry_forward_where_no_record(cube):
    # independent check: every COW cell after 2014 equals 2014 unless a record or a succession touched it
    y14 = 2014 - cube.year0
    n = cube.n_cow_orgs
    later = cube.status[:, :n, y14 + 1:]
    prov = cube.provenance[:, :n, y14 + 1:]
    carried = prov == CARRIED
    same = later == cube.status[:, :n, [y14]]
    assert carried.sum() > 0.95 * carried.size
    assert same[carried].all()
    # the cells that are not carried are exactly the recorded state-organization pairs and the EAEC succession
    ev = cube.records[cube.records.kind == "membership"]
    touched = {(c, io) for c, io in zip(ev.ccode, ev.ioname) if io in cube.org_index and cube.org_index[io] < n}
    covered = set(load_record_set().coverage)  # rule 3a: their carried statuses are confirmed by the records
    s, o = np.nonzero((~carried).any(axis=2) & (cube.status[:, :n, y14 + 1] != ABSENT))
    found = {(int(cube.ccodes[a]), str(cube.ionames[b])) for a, b in zip(s, o) if str(cube.ionames[b]) not in covered}
    touched = {(c, io) for c, io in touched if io not in covered}
    assert found - touched == {(int(c), "eaec") for c in cube.ccodes[s[cube.ionames[o] == "eaec"]]}
    assert touched <= found


def test_carry_forward_rule_on_a_fixture():
    """Hand-made events for Mongolia and the OECD (not real facts: a test fixture only)."""
    src = dict(org="OECD", confidence="low", source_title="test fixture", source_url="https://example.org/fixture")
    fixture = pd.DataFrame([
        dict(state="Mongolia", event="joined_observer", date="2016-07-01", **src),
        dict(state="Mongolia", event="joined_full", date="2018", **src),
        dict(state="Mongolia", event="left", date="2020-02-01", **src),
        dict(state="Mongolia", event="joined_associate", date="2020-11-30", **src),
        dict(state="Mongolia", event="chair", date="2021", **src),
    ])
    c = mv.extended_cube(fixture)
    got = [cell(c, MONGOLIA, "oecd", y) for y in range(2014, 2023)]
    assert got == [
        (0, "cow"), (0, "confirmed"),            # 2014 published; 2015 carried, confirmed by the OECD's coverage statement
        (3, "record"), (3, "record"),            # observer from the year of the event (July 2016)
        (1, "record"), (1, "record"),            # full from 2018
        (2, "record"),                           # 2020: left in February, associate in November: the last event wins
        (2, "record"), (2, "record"),            # a chair is an engagement: no change of status
    ]
    # nothing else moves
    base = mv.extended_cube()
    diff = np.argwhere(c.status != base.status)
    assert {(int(c.ccodes[s]), str(c.ionames[o])) for s, o, _ in diff} == {(MONGOLIA, "oecd")}


def test_kazakhstan_eaeu_wto_unsc(cube):
    assert [cell(cube, KAZ, "eaeu", y)[0] for y in (2014, 2015, 2016, 2025)] == [-1, 1, 1, 1]
    assert cell(cube, KAZ, "eaeu", 2015) == (1, "record")
    assert cell(cube, KAZ, "eaec", 2014) == (1, "cow")
    assert cell(cube, KAZ, "eaec", 2015) == (-1, "record")  # succeeded by the EAEU
    assert cell(cube, KAZ, "wto", 2014) == (0, "cow")
    assert [cell(cube, KAZ, "wto", y) for y in (2015, 2020)] == [(1, "record"), (1, "record")]  # joined 2015-11-30
    assert cell(cube, KAZ, "sco", 2020) == (1, "confirmed")  # the SCO's records are complete: a confirmed status
    assert cell(cube, KAZ, "un", 2020) == (1, "carried")  # the UN has no coverage statement: carried
    e = mv.engagements("Kazakhstan")
    seat = e[e.event == "unsc_seat"]
    assert seat[["ioname", "year_from", "year_to", "date"]].values.tolist() == [["un", 2017, 2018, "2017-01-01"]]
    assert seat.source_url.tolist() == ["http://tass.com/world/885215"]
    assert (e.provenance == "record").all()


def test_pillar_composition_changes(cube):
    # the United Kingdom leaves the EU on 2020-01-31: not a member in 2020
    assert [cell(cube, UK, "eu", y) for y in (2019, 2020)] == [(1, "confirmed"), (0, "record")]  # EU covered: 2019 confirmed
    # AIIB: China founding member; the United States a non-member in 2015 (complete list), unknown after
    assert cell(cube, 710, "aiib", 2015) == (1, "record")
    assert [cell(cube, USA, "aiib", y)[0] for y in (2014, 2015, 2016)] == [-1, 0, -9]
    # Turkey in the Organization of Turkic States since 2009
    assert [cell(cube, 640, "ots", y)[0] for y in (2008, 2009, 2025)] == [-1, 1, 1]


def test_extended_memberships_provenance():
    m = mv.extended_memberships("Kazakhstan", (2014, 2015))
    got = m.set_index(["year", "ioname"]).provenance
    assert got[(2014, "eaec")] == "cow" and got[(2014, "ots")] == "record"
    assert got[(2015, "eaeu")] == "record" and got[(2015, "wto")] == "record" and got[(2015, "un")] == "carried"
    assert (2015, "eaec") not in got.index
    # every row's provenance agrees with the cube
    c = mv.extended_cube()
    for r in m.sample(20, random_state=1).itertuples():
        assert cell(c, r.ccode, r.ioname, r.year) == (r.status, r.provenance)
    assert m.attrs["sources"][-1] == "records"


def test_portfolio_extended():
    plain = mv.portfolio("Kazakhstan", (2013, 2014))
    assert "provenance" not in plain.columns  # default unchanged
    assert plain[["year", "full"]].values.tolist() == [[2013, 57], [2014, 55]]
    p = mv.portfolio("Kazakhstan", (2014, 2016), extended=True).set_index("year")
    # 2014: COW's 55 plus the Turkic Council (2009) and the EDB (2006) from the records
    assert p.loc[2014, "full"] == 57
    # 2015: 57 - EAEC (succeeded) + EAEU, WTO, AIIB, C5+1
    assert p.loc[2015, "full"] == 60
    assert p.loc[2015, "joins"] == 4 and p.loc[2015, "dissolved"] == 1
    assert p.provenance.tolist() == ["mixed", "mixed", "mixed"]
    us = mv.portfolio("United States", 1980, extended=True)
    assert us.provenance.tolist() == ["cow"]
    assert us.full.tolist() == mv.portfolio("United States", 1980).full.tolist()
    with pytest.raises(mv.InvalidYearError, match="outside the extended panel"):
        mv.portfolio("Kazakhstan", 2030, extended=True)


def test_engagements_and_activism():
    e = mv.engagements("Kazakhstan")
    got = e[["ioname", "event", "year_from"]].values.tolist()
    assert ["osce", "chair", 2010] in got and ["iexb", "host", 2017] in got and ["iaea", "host", 2017] in got
    assert ["cica", "chair", 2020] in got and ["brics", "partner", 2025] in got
    a = mv.activism("Kazakhstan").set_index("year")
    assert a.index.min() == 2015 and a.index.max() == 2025
    assert a.loc[2015, ["initiatives", "total"]].tolist() == [3, 3]  # EAEU, AIIB, C5+1
    assert a.loc[2017, ["hosts", "unsc_seats", "total"]].tolist() == [2, 1, 3]
    assert a.loc[2018, ["unsc_seats", "total"]].tolist() == [1, 1]
    assert a.loc[2020, ["chairs", "total"]].tolist() == [1, 1]
    assert (a.provenance == "record").all()
    assert mv.activism("Kazakhstan", 2010).chairs.tolist() == [1]


def test_cli_extended_outputs_say_so(runner, cli):
    r = runner.invoke(cli, ["activism", "Kazakhstan", "--from", "2017", "--to", "2018", "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == "ccode,year,initiatives,chairs,hosts,bids,unsc_seats,candidacies,total,provenance"
    assert r.stdout.splitlines()[1] == "705,2017,0,0,2,0,1,0,3,record"
    r = runner.invoke(cli, ["engagements", "Kazakhstan"])
    assert r.exit_code == 0 and "unsc_seat" in r.stdout and "Provisional" in r.stdout


def test_cli_portfolio_extended(runner, cli):
    r = runner.invoke(cli, ["portfolio", "Kazakhstan", "--from", "2015", "--to", "2015", "--extended", "--format", "csv"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.strip().splitlines()
    assert lines[0].endswith(",complete,provenance")
    assert lines[1].startswith("705,2015,60,") and lines[1].endswith(",mixed")
    r = runner.invoke(cli, ["portfolio", "Kazakhstan", "--from", "2015", "--to", "2015", "--extended"])
    assert "Provisional" in r.stdout
    r = runner.invoke(cli, ["portfolio", "Kazakhstan", "--from", "2015", "--to", "2015"])
    assert r.exit_code == 1 and "outside the IGO data" in r.stderr


def test_cli_memberships_extended(runner, cli):
    r = runner.invoke(cli, ["memberships", "Kazakhstan", "--year", "2015", "--extended", "--format", "csv"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.strip().splitlines()
    assert lines[0] == "ccode,year,ioname,orgname,status,status_label,provenance"
    assert "705,2015,eaeu,Eurasian Economic Union,1,full,record" in lines
    assert "705,2015,wto,World Trade Org,1,full,record" in lines
    assert not any(",eaec," in l for l in lines)
    r = runner.invoke(cli, ["memberships", "Kazakhstan", "--year", "2015", "--extended"])
    assert r.exit_code == 0 and "Provisional" in r.stdout and "record" in r.stdout


def test_activism_without_records_is_an_error_not_zeros():
    """Tuvalu has no row in the records: its activism counts would be 0 for want of data."""
    import multivector as mv

    with pytest.raises(mv.InvalidArgumentError, match="No records for Tuvalu"):
        mv.activism("Tuvalu")


def test_known_non_member_on_a_fixture(tmp_path):
    """A coverage statement (methodology "Extended panel", rule 3a) on a fixture: the GCC declared complete
    through 2018, with one exit inside and one join after the statement (not real facts: a test fixture only)."""
    KUWAIT, GEORGIA, QATAR, IRAQ = 690, 372, 694, 645
    y = tmp_path / "cov.yaml"
    y.write_text("coverage:\n  - {org: GCC, complete_through: 2018, source_title: fixture, source_url: 'https://example.org'}\n")
    p = tmp_path / "ev.csv"
    p.write_text("state,org,org_name,event,date,confidence,source_title,source_url\n"
                 "Qatar,GCC,,left,2017-03,low,fixture,https://example.org\n"
                 "Iraq,GCC,,joined_full,2020,low,fixture,https://example.org\n")
    c = mv.extended_cube([y, p])
    o = c.org_index["gcc"]
    yrs = c.years.tolist()
    assert c.complete[o, [yrs.index(v) for v in (2014, 2015, 2018, 2019, 2025)]].tolist() == [True, True, True, False, False]
    # a member in 2014, no record: known through 2018, then carried as a member
    assert [cell(c, KUWAIT, "gcc", v) for v in (2016, 2018, 2019)] == [(1, "confirmed"), (1, "confirmed"), (1, "record")]
    # a non-member in 2014, no record: known non-member through 2018, unknown (-9, not 0) after
    assert [cell(c, GEORGIA, "gcc", v) for v in (2015, 2018, 2019, 2025)] == [(0, "confirmed"), (0, "confirmed"), (-9, "record"), (-9, "record")]
    # a recorded exit inside the statement stays known; a recorded join after it sets the status
    assert [cell(c, QATAR, "gcc", v)[0] for v in (2016, 2017, 2025)] == [1, 0, 0]
    assert [cell(c, IRAQ, "gcc", v)[0] for v in (2018, 2019, 2020)] == [0, -9, 1]
    # without the statement the same non-member is carried forward as a 0 with provenance 'carried'
    c0 = mv.extended_cube()
    assert cell(c0, GEORGIA, "gcc", 2019) == (0, "carried") and not c0.complete[o, yrs.index(2016)]
    cov = mv.records_coverage(records=[y, p]).set_index("ioname").loc["gcc"]
    assert (cov.complete_through, cov.joins, cov.exits, bool(cov.complete)) == (2018, 1, 1, False)
    assert cov.members_2014 == 6 and cov.members == 6  # 6 in 2014, Qatar out, Iraq in


def test_records_coverage_by_state_counts_known_memberships():
    s = mv.records_coverage("state", 2020).set_index("ccode")
    c = mv.extended_cube()
    yi = 2020 - c.year0
    k = c.state_index[KAZ]
    full = c.status[k, :, yi] == 1
    # independent count: full memberships of Kazakhstan in 2020, and those in organization-years marked complete
    assert s.loc[KAZ, "memberships"] == full.sum()
    assert s.loc[KAZ, "memberships_known"] == sum(1 for o in np.flatnonzero(full) if c.complete[o, yi])
    assert s.loc[KAZ, "records"] == (c.records.ccode == KAZ).sum()
    assert s.loc[KAZ, "memberships_known"] + s.loc[KAZ, "memberships_carried"] == s.loc[KAZ, "memberships"]
    assert len(s) == 195 and s.attrs["year"] == 2020
    with pytest.raises(mv.InvalidYearError, match="extended years 2015-2025"):
        mv.records_coverage("state", 2014)
    with pytest.raises(mv.InvalidArgumentError, match="valid: organization, state"):
        mv.records_coverage("country")


def test_cli_records_coverage(runner, cli):
    r = runner.invoke(cli, ["records", "coverage", "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = {x["ioname"]: x for x in csv.DictReader(r.stdout.splitlines())}
    assert rows["eaeu"]["complete_through"] == "2025" and rows["eaeu"]["origin"] == "records"
    r = runner.invoke(cli, ["records", "coverage", "--by", "state"])
    assert r.exit_code == 0 and "states have no record at all" in r.stdout
    r = runner.invoke(cli, ["records", "coverage", "--year", "2010"])
    assert r.exit_code == 1 and r.stderr.strip() == "Error: year: 2010; records coverage is about the extended years 2015-2025"


# Well-known changes after 2014, each checked against the source its row cites (source in the comment), and
# against the COW coding of 2014 read from the state-year CSV (column of the organization, row of the state).
WELL_KNOWN = [
    # (state, ccode, ioname, year before, status before, year after, status after)
    ("Finland in NATO from 2023 (The National, 4 Apr 2023)", 375, "nato", 2022, 0, 2023, 1),
    ("Sweden in NATO from 2024 (Government of Sweden, 7 Mar 2024)", 380, "nato", 2023, 0, 2024, 1),
    ("Montenegro in NATO from 2017 (SCMP, 6 Jun 2017)", 341, "nato", 2016, 0, 2017, 1),
    ("North Macedonia in NATO from 2020 (MIA, 27 Mar 2020)", 343, "nato", 2019, 0, 2020, 1),
    ("the United Kingdom out of the EU from 2020 (CNMV)", 200, "eu", 2019, 1, 2020, 0),
    ("Russia out of the Council of Europe from 2022 (Interfax-Ukraine)", 365, "coe", 2021, 1, 2022, 0),
    ("Iran in the SCO from 2023 (Sputnik, 4 Jul 2023)", 630, "sco", 2022, 0, 2023, 1),
    ("India in the SCO from 2017 (RFE/RL, 9 Jun 2017)", 750, "sco", 2016, 0, 2017, 1),
    ("Pakistan in the SCO from 2017 (RFE/RL, 9 Jun 2017)", 770, "sco", 2016, 0, 2017, 1),
    ("Morocco in the AU from 2017 (AFP via Modern Ghana)", 600, "au", 2016, 0, 2017, 1),
    ("Qatar out of OPEC from 2019 (OPEC via AzerNews)", 694, "opec", 2018, 1, 2019, 0),
    ("Ecuador out of OPEC from 2020 (Energy Ministry via UrduPoint)", 130, "opec", 2019, 1, 2020, 0),
    ("Mali out of ECOWAS in 2025 (Punch, 15 Dec 2024)", 432, "ecowas", 2024, 1, 2025, 0),
    ("Burkina Faso out of ECOWAS in 2025", 439, "ecowas", 2024, 1, 2025, 0),
    ("Niger out of ECOWAS in 2025", 436, "ecowas", 2024, 1, 2025, 0),
    ("Colombia in the OECD from 2020", 100, "oecd", 2019, 0, 2020, 1),
    ("Costa Rica in the OECD from 2021 (OECD, 25 May 2021)", 94, "oecd", 2020, 0, 2021, 1),
    ("Afghanistan in the WTO from 2016 (WTO, 29 Jul 2016)", 700, "wto", 2015, 0, 2016, 1),
    ("Nicaragua out of the OAS from 2023 (AP via KTVZ)", 93, "oas", 2022, 1, 2023, 0),
    ("Israel out of UNESCO from 2019 (MEMO via SOTT)", 666, "unesco", 2018, 1, 2019, 0),
    ("The Gambia back in the Commonwealth from 2018 (GOV.UK)", 420, "comsec", 2017, 0, 2018, 1),
    ("Timor-Leste from ASEAN observer to member in 2025 (AsiaOne)", 860, "asean", 2024, 3, 2025, 1),
    ("Indonesia in BRICS from 2025 (Sputnik, 6 Jan 2025)", 850, "brics", 2024, -9, 2025, 1),
    ("Ecuador out of ALBA from 2018 (ALBA-TCP, 24 Aug 2018)", 130, "alba", 2017, 1, 2018, 0),
    ("Bolivia back in ALBA from 2020 (Radio Habana Cuba, 20 Nov 2020)", 145, "alba", 2019, 0, 2020, 1),
    ("Grenada in ALBA from 2014 (Granma, 14 Dec 2014)", 55, "alba", 2013, -9, 2014, 1),
    ("Burundi out of the ICC from 2017 (AP via News24)", 516, "icc", 2016, 1, 2017, 0),
]


@pytest.mark.parametrize("what, ccode, io, y0, s0, y1, s1", WELL_KNOWN, ids=[w[0].split(" (")[0] for w in WELL_KNOWN])
def test_well_known_changes_after_2014(cube, what, ccode, io, y0, s0, y1, s1):
    assert (cell(cube, ccode, io, y0)[0], cell(cube, ccode, io, y1)) == (s0, (s1, "record")), what
    if io in cube.org_index and cube.org_index[io] < cube.n_cow_orgs and s0 in (0, 1):
        # the status before the change is the COW coding of 2014 carried (or confirmed): read it from the source CSV
        assert _cow_2014(ccode, io) == s0


def _cow_2014(ccode: int, io: str) -> int:
    import gzip

    from conftest import SHARED_DATA as SOURCE_DIR  # the ../shared/data folder

    with gzip.open(SOURCE_DIR / "cow-igo-v3" / "state_year_formatv3.csv.gz", "rt", encoding="utf-8") as f:
        rows = csv.reader(f)
        head = [h.lower() for h in next(rows)]
        ci, yi, oi = head.index("ccode"), head.index("year"), head.index(io)
        for r in rows:
            if int(float(r[ci])) == ccode and int(float(r[yi])) == 2014:
                return int(float(r[oi]))
    raise AssertionError(f"no 2014 row for {ccode}")


def test_sahel_states_found_the_aes_and_suspensions_stay_engagements(cube):
    for ccode in (432, 439, 436):  # Mali, Burkina Faso, Niger (Liptako-Gourma Charter, 16 Sep 2023)
        assert [cell(cube, ccode, "aes", y)[0] for y in (2022, 2023, 2025)] == [-1, 1, 1]
    # Gabon suspended by the AU in 2023 and reinstated in 2025: a member throughout (rule 7)
    assert [cell(cube, 481, "au", y)[0] for y in (2022, 2023, 2024, 2025)] == [1, 1, 1, 1]
    e = mv.engagements("Gabon")
    sus = e[(e.ioname == "au") & (e.event == "suspended")]
    assert sus[["date", "year_to"]].values.tolist() == [["2023-08-31", 2025]]
    # Syria in the Arab League: suspended 2011, reinstated 2023, a member in every year as COW codes 2014
    assert [cell(cube, 652, "loas", y)[0] for y in (2015, 2023)] == [1, 1]
    # Brazil's suspension of its CELAC participation (2020-2023) leaves it a member; the United States never is one
    assert [cell(cube, 140, "celac", y)[0] for y in (2019, 2021, 2023)] == [1, 1, 1]
    assert cell(cube, 2, "celac", 2021) == (0, "record")


def test_completeness_note_on_brief_and_page():
    from multivector.engine._extended import completeness_note

    s = mv.records_coverage("state", 2025).set_index("ccode").loc[KAZ]
    note = completeness_note("Kazakhstan")
    assert note.startswith(f"Of Kazakhstan's {s.memberships} full memberships in 2025, {s.memberships_known} are in "
                           "organizations whose records are complete")
    assert "no event of Canada" in completeness_note("Canada")  # a state without records is told so
    # the brief and the country page say it (both call the same library function)
    from multivector.report import build_brief

    brief = build_brief("Kazakhstan", (2010, 2025), extended=True)
    assert any(note in n for n in brief.notes), brief.notes
    from fastapi.testclient import TestClient

    page = TestClient(mv.create_app()).get("/state/705", params={"extended": "1", "from": 2010, "to": 2025}).text
    assert note.replace("'", "&#39;") in page or note in page


def test_cli_compare_and_rank_extended_say_provisional(runner, cli):
    for args in (["compare", "Finland,Jamaica", "--from", "2022", "--to", "2025", "--extended", "--format", "table"],
                 ["rank", "--group", "Finland,Sweden,Norway", "--from", "2015", "--to", "2025", "--extended"]):
        r = runner.invoke(cli, args)
        assert r.exit_code == 0, r.output
        assert "Provisional: years after 2014" in " ".join(r.stdout.split()), args
    r = runner.invoke(cli, ["rank", "--group", "Finland,Sweden,Norway", "--from", "2010", "--to", "2014"])
    assert r.exit_code == 0 and "Provisional" not in r.stdout
