"""ATOP alliances, UN ideal points and the state system 1816-2024: real values, damaged copies.

Expected values are read here from the source CSVs with Python's ``csv``
module (no pandas type inference, no missing-value conversion) and
compared with the shipped tables, or computed a second, simpler way.
"""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector.data._build import _check_alliances, _check_idealpoints, build_data
from multivector.data._store import get_store
from multivector.data._system import in_system, in_system_mask, system_spells, system_years
from multivector.data.sources import read_atop, read_idealpoints, read_states

ATOP = "atop-5.1/atop_alliance_dyad_year.csv.gz"
IDEAL = "unga-idealpoints/idealpoints_2025-07.csv.gz"
STATES = "cow-states/states2016.csv"
FLAGS = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]


def _rows(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _lines(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return f.read().splitlines(keepends=True)


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def atop_rows(source_dir):
    return _rows(source_dir / ATOP)


@pytest.fixture(scope="module")
def ideal_rows(source_dir):
    return _rows(source_dir / IDEAL)


@pytest.fixture(scope="module")
def raw_states(source_dir):
    return read_states(source_dir / STATES)


@pytest.fixture(scope="module")
def spells(source_dir):
    """Spells from the CSV by hand: (ccode, start year, end year, ends on 2016-12-31)."""
    return [(int(r["ccode"]), int(r["styear"]), int(r["endyear"]),
             (r["endyear"], r["endmonth"], r["endday"]) == ("2016", "12", "31")) for r in _rows(source_dir / STATES)]


def _alive(spells, ccode: int, year: int) -> bool:
    """The end-2016 rule written out plainly: a spell running on 31 Dec 2016 runs to 2024."""
    return 1816 <= year <= 2024 and any(c == ccode and a <= year <= (2024 if running else b)
                                        for c, a, b, running in spells)


# --- the state system, 1816-2024 ------------------------------------------------------------

def test_in_system_applies_the_end_2016_rule(spells):
    assert in_system(705, 1990) is False and in_system(705, 1991) is True
    # Without the rule the COW list stops in 2016; with it Kazakhstan is a state to 2024, not after.
    assert in_system(705, 2017) is True and in_system(705, 2024) is True and in_system(705, 2025) is False
    assert in_system(260, 1990) is True and in_system(260, 1991) is False  # a spell that ended (GFR)
    assert in_system(2, 1815) is False and in_system(2, 1816) is True  # the list starts in 1816
    probe_c = np.array([c for c, *_ in spells] * 4)
    probe_y = np.array([y for y in (1815, 1946, 2016, 2020) for _ in spells])
    got = in_system(probe_c, probe_y)
    assert got.tolist() == [_alive(spells, int(c), int(y)) for c, y in zip(probe_c, probe_y)]


def test_system_years_after_2016_are_the_running_spells(spells):
    running = sorted({c for c, _, _, r in spells if r})
    assert len(running) == 195
    sy = system_years(first=2017, last=2024)
    for y in (2017, 2024):
        assert sorted(sy[sy.year == y].ccode.tolist()) == running
    assert system_years(first=2025, last=2030).empty
    sp = system_spells(get_store().table("states"))
    assert int((sp.endyear == 2024).sum()) == 195 and int(sp.endyear.max()) == 2024


# --- ATOP alliances -------------------------------------------------------------------------

def test_alliances_table_is_the_published_file(atop_rows):
    al = get_store().table("alliances")
    assert list(al.columns) == ["ccode1", "ccode2", "year", *FLAGS]
    assert len(al) == len(atop_rows) == 273296
    assert get_store().manifest["inputs"]["atop"]["rows"] == 273296
    # every flag count equals the CSV's
    for f in FLAGS:
        assert int(al[f].sum()) == sum(r[f] == "1" for r in atop_rows), f
    assert get_store().alliance_years == (1815, 2018)


def test_alliance_values_checked_by_hand(atop_rows):
    by_key = {(int(r["ccode1"]), int(r["ccode2"]), int(r["year"])): r for r in atop_rows}
    al = get_store().table("alliances").set_index(["ccode1", "ccode2", "year"])
    # USA-Turkey 2014: NATO defense pact, both directions.
    for k in ((2, 640, 2014), (640, 2, 2014)):
        assert by_key[k]["atop_defense"] == "1" and al.loc[k, "atop_defense"] == 1
    # Russia-China 2014: no defense pact; non-aggression and consultation.
    for k in ((365, 710, 2014), (710, 365, 2014)):
        assert [by_key[k][f] for f in FLAGS] == ["0", "0", "0", "1", "1"]
        assert al.loc[k, FLAGS].tolist() == [0, 0, 0, 1, 1]
    # Kazakhstan 2014 defense partners, from the CSV: Russia, Belarus, Armenia, Azerbaijan,
    # Tajikistan, Kyrgyzstan, Uzbekistan (Azerbaijan and Uzbekistan through a treaty ATOP still counts).
    from_csv = sorted(int(r["ccode2"]) for r in atop_rows
                      if r["ccode1"] == "705" and r["year"] == "2014" and r["atop_defense"] == "1")
    assert from_csv == [365, 370, 371, 373, 702, 703, 704]
    t = get_store().table("alliances")
    assert sorted(t[(t.ccode1 == 705) & (t.year == 2014) & (t.atop_defense == 1)].ccode2.tolist()) == from_csv
    # Directed: ccode1's obligation towards ccode2. The USA is pledged to defend Japan, not the reverse.
    assert al.loc[(2, 740, 2014), "atop_defense"] == 1 and al.loc[(740, 2, 2014), "atop_defense"] == 0


def test_mirror_rows_and_asymmetry_counted_independently(atop_rows):
    flags = {(r["ccode1"], r["ccode2"], r["year"]): tuple(r[f] for f in FLAGS) for r in atop_rows}
    missing = sum((b, a, y) not in flags for a, b, y in flags)
    differ = sum(flags[(b, a, y)] != v for (a, b, y), v in flags.items() if (b, a, y) in flags)
    checks = get_store().manifest["checks"]["atop"]
    assert missing == checks["rows_without_mirror"] == 0
    assert differ == checks["rows_with_asymmetric_flags"] == 1300
    issues = get_store().table("source_issues")
    asym = issues[(issues.source == "atop") & (issues.issue == "asymmetric_flags")]
    assert len(asym) == 1300
    row = asym[(asym.ccode == 2) & (asym.ccode2 == 740) & (asym.year == 2014)]
    assert row.detail.item() == "defense 1, mirror 0"


def test_rows_outside_the_system_are_kept_and_listed(atop_rows, spells):
    outside = [r for r in atop_rows
               if not (_alive(spells, int(r["ccode1"]), int(r["year"])) and _alive(spells, int(r["ccode2"]), int(r["year"])))]
    checks = get_store().manifest["checks"]["atop"]
    assert len(outside) == checks["rows_with_a_state_outside_system"] == 5894
    assert sum(r["year"] == "1815" for r in atop_rows) == checks["rows_before_state_list"] == 126
    assert len(get_store().table("alliances")) == len(atop_rows)  # nothing dropped
    issues = get_store().table("source_issues")
    atop = issues[issues.source == "atop"]
    per_state_year = defaultdict(int)
    for r in atop_rows:
        if not _alive(spells, int(r["ccode1"]), int(r["year"])):
            per_state_year[(int(r["ccode1"]), int(r["year"]))] += 1
    listed = atop[atop.issue.isin(["not_in_system", "before_state_list"])]
    assert {(int(c), int(y)): int(n) for c, y, n in listed[["ccode", "year", "rows"]].itertuples(index=False)} == per_state_year
    monaco = listed[listed.ccode == 221]
    assert (int(monaco.year.min()), int(monaco.year.max())) == (1975, 1992)  # ATOP lists Monaco before COW does (1993)
    assert "Monaco (221) in 1975: not a state of the COW system that year (in it 1993-2024)" in monaco.detail.iloc[0]
    assert set(listed[listed.year == 1815].issue) == {"before_state_list"}


@pytest.mark.parametrize("edit, message", [
    (lambda ls: ls[:-5000], r"\(atop.csv\): \d+ directed row\(s\) lack their mirror row \(first: line \d+, .*truncated"),
    (lambda ls: ls[:1000] + [ls[1000][:9]], r"column 'atop_\w+' has 1 empty cell\(s\) \(first in line 1001\)"),
    (lambda ls: ls[:3] + [ls[3].replace(",1,1,0,0,0", ",2,1,0,0,0")] + ls[4:],
     r"column 'atop_defense' has 1 value\(s\) that are not within 0-1 \(first: 2 in line 4\)"),
    (lambda ls: ls[:3] + [ls[3].replace(",1944,", ",19x4,")] + ls[4:], r"column 'year' has 1 non-numeric value\(s\) \(first: '19x4' in line 4\)"),
    (lambda ls: ls[:3] + [ls[3].replace(",1944,", ",1700,")] + ls[4:], r"column 'year' has 1 value\(s\) that are not within 1815-\d+ \(first: 1700 in line 4\)"),
    (lambda ls: [ls[0].replace("atop_nonagg", "nonagg")] + ls[1:], r"lacks the expected column\(s\) atop_nonagg"),
    (lambda ls: ls + [ls[7]], r"2 rows share a key \[.ccode1., .ccode2., .year.\] \(first: .* in lines 8 and \d+\)"),
    (lambda ls: ls[:1] + ["2,2,1950,1,0,0,0,0\n"] + ls[1:], r"pair a state with itself \(first: ccode 2 in line 2\)"),
])
def test_damaged_atop_copies_fail(source_dir, raw_states, tmp_path, edit, message):
    lines = _lines(source_dir / ATOP)
    assert lines[3] == "2,20,1944,1,1,0,0,0\n"  # line 4 of the file
    bad = _write(tmp_path / "atop.csv", edit(lines))
    with pytest.raises(mv.BuildError, match=message) as err:
        _check_alliances(read_atop(bad), raw_states, bad.name)
    assert "\n" not in str(err.value)


def test_atop_unknown_code_and_truncated_gzip(source_dir, raw_states, tmp_path):
    lines = _lines(source_dir / ATOP)
    swapped = [ln.replace("2,20,", "2,999,", 1) if ln.startswith("2,20,") else ln for ln in lines]
    swapped = [ln.replace("20,2,", "999,2,", 1) if ln.startswith("20,2,") else ln for ln in swapped]
    with pytest.raises(mv.BuildError, match=r"\(a.csv\): column 'ccode1' has \d+ code\(s\) that are not COW states "
                                            r"\(first: 999 in line \d+; codes \[999\]\)"):
        _check_alliances(read_atop(_write(tmp_path / "a.csv", swapped)), raw_states, "a.csv")
    raw = (source_dir / ATOP).read_bytes()
    (tmp_path / "cut.csv.gz").write_bytes(raw[: len(raw) // 2])
    with pytest.raises(mv.BuildError, match="atop_alliance_dyad_year|cut.csv.gz.*corrupted or truncated"):
        read_atop(tmp_path / "cut.csv.gz")


def test_missing_new_source_names_its_option(source_dir, tmp_path):
    with pytest.raises(mv.BuildError, match="--atop"):
        build_data(source_dir, out_dir=tmp_path, atop=tmp_path / "nope.csv")
    with pytest.raises(mv.BuildError, match="--unga-idealpoints"):
        build_data(source_dir, out_dir=tmp_path, unga_idealpoints=tmp_path / "nope.csv")


# --- UN ideal points ------------------------------------------------------------------------

def test_ideal_points_keep_the_publishers_columns(source_dir, ideal_rows):
    with gzip.open(source_dir / IDEAL, "rt", encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    ip = get_store().table("ideal_points")
    assert list(ip.columns) == header
    assert "qofp" in header and "nvotesLegacy" in header  # letter o for the 0% quantile; camel-case legacy count
    assert len(ip) == len(ideal_rows) == 11440
    assert (int(ip.year.min()), int(ip.year.max())) == get_store().idealpoint_years == (1946, 2024)
    assert not ip.duplicated(["ccode", "year"]).any()


def test_ideal_point_values_checked_by_hand(ideal_rows):
    csv_all = {(int(r["ccode"]), int(r["year"])): r["idealpointall"] for r in ideal_rows}
    ip = get_store().table("ideal_points").set_index(["ccode", "year"])
    for key, text, rounded in (((2, 2022), "2.114955", 2.11), ((365, 2022), "-1.413724", -1.41),
                               ((710, 2022), "-1.407901", -1.41), ((705, 2022), "-0.9888276", -0.99)):
        assert csv_all[key] == text
        assert ip.loc[key, "idealpointall"] == float(text) and round(ip.loc[key, "idealpointall"], 2) == rounded
    # every value equals the CSV text read as a Python float (no change of a value)
    for c in ("idealpointfp", "q5all", "q95fp", "nvotesLegacy"):
        want = np.array([float(r[c]) if r[c] else np.nan for r in sorted(ideal_rows, key=lambda r: (int(r["ccode"]), int(r["year"])))])
        got = get_store().table("ideal_points")[c].to_numpy()
        assert ((want == got) | (np.isnan(want) & np.isnan(got))).all(), c


def test_2024_idealpointall_is_empty_never_zero(ideal_rows):
    in_2024 = [r for r in ideal_rows if r["year"] == "2024"]
    assert len(in_2024) == 191 and all(r["idealpointall"] == "" for r in in_2024)
    assert all(r["idealpointfp"] != "" for r in in_2024)  # final-passage estimates do run to 2024
    ip = get_store().table("ideal_points")
    y = ip[ip.year == 2024]
    assert len(y) == 191 and y.idealpointall.isna().all() and y.q50all.isna().all() and y.nvotesall.isna().all()
    assert y.idealpointfp.notna().all() and not (ip.idealpointall == 0).any()
    assert get_store().manifest["checks"]["unga_idealpoints"]["empty_idealpointall_by_year"]["2024"] == 191


def test_ideal_points_quantiles_in_order():
    ip = get_store().table("ideal_points")
    for fam in ("fp", "all"):
        q = ip[[f"q5{fam}", f"q50{fam}", f"q95{fam}"]].dropna()
        assert len(q) > 11000
        assert ((q.iloc[:, 0] <= q.iloc[:, 1]) & (q.iloc[:, 1] <= q.iloc[:, 2])).all()


def test_ideal_point_states_outside_the_system_are_listed(ideal_rows, spells):
    cow = {c for c, *_ in spells}
    assert {int(r["ccode"]) for r in ideal_rows} <= cow  # every ccode is a COW state
    outside = defaultdict(int)
    for r in ideal_rows:
        if not _alive(spells, int(r["ccode"]), int(r["year"])):
            outside[int(r["ccode"])] += 1
    assert dict(outside) == {331: 1, 346: 1, 369: 44, 370: 44, 452: 1, 590: 1, 713: 3, 750: 1}
    issues = get_store().table("source_issues")
    listed = issues[(issues.source == "unga_idealpoints") & (issues.issue == "not_in_system")]
    assert listed.groupby("ccode").rows.sum().to_dict() == dict(outside)
    shared = issues[(issues.source == "unga_idealpoints") & (issues.issue == "iso3c_shared")]
    assert set(shared.code) == {"YAR"} and set(shared.ccode) == {678, 680} and len(shared) == 46
    nameless = [r for r in ideal_rows if r["iso3c"] == "" and r["countryname"] == ""]
    assert len(nameless) == 17 and all(r["idealpointlegacy"] != "" and r["idealpointall"] == "" for r in nameless)
    assert len(issues[issues.issue == "no_name"]) == 17


@pytest.mark.parametrize("edit, message", [
    (lambda ls: [ls[0].replace("qofp", "q0fp")] + ls[1:], r"lacks the expected column\(s\) qofp"),
    (lambda ls: ls[:2] + [ls[2].replace(",1.626089,", ",abc,")] + ls[3:], r"column 'idealpointfp' has 1 non-numeric value\(s\) \(first: 'abc' in line 3\)"),
    (lambda ls: ls[:2] + [ls[2].replace(",1.626089,", ",,")] + ls[3:], r"'fp' estimate is incomplete in 1 row\(s\) \(first in line 3: idealpointfp empty\)"),
    (lambda ls: ls[:2] + [ls[2].replace(",1.611195,", ",9.5,")] + ls[3:], r"'fp' quantiles out of order.*line 3"),
    (lambda ls: ls[:2] + [ls[2].replace("2,USA,United States,1947,", "2,USA,United States,2999,")] + ls[3:],
     r"column 'year' has 1 value\(s\) that are not within 1946-\d+ \(first: 2999 in line 3\)"),
    (lambda ls: ls + [ls[5]], r"rows share a key \['ccode', 'year'\]"),
    (lambda ls: ls[:500] + [ls[500][:40]], r"empty cell|incomplete"),
])
def test_damaged_ideal_point_copies_fail(source_dir, raw_states, tmp_path, edit, message):
    lines = _lines(source_dir / IDEAL)
    assert lines[2].startswith("2,USA,United States,1947,1.626089,")
    with pytest.raises(mv.BuildError, match=message) as err:
        _check_idealpoints(read_idealpoints(_write(tmp_path / "ip.csv", edit(lines))), raw_states, "ip.csv")
    assert "\n" not in str(err.value) and "ip.csv" in str(err.value)


def test_ideal_point_unknown_state_fails(source_dir, raw_states, tmp_path):
    lines = _lines(source_dir / IDEAL)
    lines[1] = lines[1].replace("2,USA,", "999,USA,", 1)
    with pytest.raises(mv.BuildError, match=r"\(ip.csv\): column 'ccode' has 1 code\(s\) that are not COW states \(first: 999 in line 2;"):
        _check_idealpoints(read_idealpoints(_write(tmp_path / "ip.csv", lines)), raw_states, "ip.csv")


# --- provenance -----------------------------------------------------------------------------

def test_citations_of_the_new_sources():
    assert mv.cite("atop").startswith("Leeds, Brett Ashley") and "10.1080/03050620213653" in mv.cite("atop")
    assert "peacesciencer" in mv.cite("alliances")
    text = mv.cite("idealpoints")
    assert "Bailey, Michael A." in text and "10.7910/DVN/LEJUQZ" in text and "CC0" in text
    assert "@article{leeds2002atop" in mv.cite("atop", format="bibtex")
    frame = pd.DataFrame({"x": [1]})
    frame.attrs["sources"] = ["atop", "unga_idealpoints"]
    cited = mv.cite(frame)
    assert "Leeds" in cited and "Strezhnev" in cited and "Pevehouse" not in cited
    manifest = get_store().manifest
    for key in ("atop", "unga_idealpoints"):
        assert manifest["sources"][key]["licence"] and manifest["sources"][key]["version"]


def test_data_info_lines(runner, cli):
    r = runner.invoke(cli, ["data", "info"])
    assert r.exit_code == 0
    assert "Alliances (ATOP 5.1): 273,296 directed dyad-years, 1815-2018; 1,300 rows" in r.stdout
    assert "UN ideal points (July 2025): 11,440 state-years of 199 states, 1946-2024; idealpointall empty in 208 rows (191 of them in 2024" in r.stdout
    r = runner.invoke(cli, ["cite", "atop,unga_idealpoints"])
    assert r.exit_code == 0 and "Leeds" in r.stdout and "Bailey" in r.stdout
    r = runner.invoke(cli, ["cite", "atops"])
    assert r.exit_code == 1 and "unknown source 'atops'" in r.output


def test_in_system_mask_on_a_given_list(raw_states):
    assert in_system_mask(raw_states, [705, 705, 1000, -1], [1991, 2025, 2000, 2000]).tolist() == [True, False, False, False]


# --- informal IGOs --------------------------------------------------------------------------

IIGO_ORGS = "informal-igo/iigo_organizations.csv.gz"
IIGO_MEMBERS = "informal-igo/iigo_memberships.csv.gz"
MIGO = "informal-igo/migo_memberships.csv.gz"


@pytest.fixture(scope="module")
def iigo_member_rows(source_dir):
    return _rows(source_dir / IIGO_MEMBERS)


@pytest.fixture(scope="module")
def iigo_org_rows(source_dir):
    return _rows(source_dir / IIGO_ORGS)


@pytest.fixture(scope="module")
def migo_rows(source_dir):
    return _rows(source_dir / MIGO)


def test_informal_tables_count_the_source_rows(iigo_org_rows, iigo_member_rows, migo_rows):
    store = get_store()
    orgs, mem = store.table("informal_organizations"), store.table("informal_memberships")
    assert list(mem.columns) == ["source", "igo_id", "ccode", "year", "membership", "state_id"]
    assert len(iigo_org_rows) == 149 and len(iigo_member_rows) == 3502 and len(migo_rows) == 80624
    assert (orgs.source == "iigo").sum() == 149 and orgs[orgs.source == "iigo"].igo_id.is_unique
    assert (orgs.source == "migo").sum() == len({r["igoID"] for r in migo_rows}) == 244
    migo = mem[mem.source == "migo"]
    assert len(migo) == len(migo_rows)  # MIGO state-years as published, none dropped
    assert migo.ccode.nunique() == len({r["cowID"] for r in migo_rows}) == 198
    inputs = store.manifest["inputs"]
    assert (inputs["iigo_organizations"]["rows"], inputs["iigo_memberships"]["rows"], inputs["migo_memberships"]["rows"]) == (149, 3502, 80624)
    assert not mem.duplicated(["source", "igo_id", "ccode", "year"]).any()


def test_iigo_spells_expand_to_years_checked_by_hand(source_dir, iigo_member_rows, spells):
    """Each member row covers Begin..End (End empty: to 2017) within the member's statehood."""
    mem = get_store().table("informal_memberships")
    iigo = mem[mem.source == "iigo"]
    kaz = iigo[iigo.ccode == 705]
    # Kazakhstan in the Shanghai Five, 1996-2002 (CSV: KAZ,Kazakhstan,S5,Shanghai 5 Mechanism,1996,2002,2017)
    row = next(r for r in iigo_member_rows if r["stateID"] == "KAZ" and r["igoID"] == "S5")
    assert (row["Begin"], row["End"]) == ("1996", "2002")
    assert sorted(kaz[kaz.igo_id == "S5"].year.tolist()) == list(range(1996, 2003))
    # ... and in the Asia Cooperation Dialogue from 2002 to the vintage (End empty)
    row = next(r for r in iigo_member_rows if r["stateID"] == "KAZ" and r["igoID"] == "ACD")
    assert (row["Begin"], row["End"]) == ("2002", "")
    assert sorted(kaz[kaz.igo_id == "ACD"].year.tolist()) == list(range(2002, 2018))
    # The International Cotton Advisory Committee (1939-1946) predates Kazakhstan: no rows, listed instead.
    assert kaz[kaz.igo_id == "ICAC"].empty
    issues = get_store().table("source_issues")
    listed = issues[(issues.source == "iigo") & (issues.issue == "not_in_system") & (issues.igo_id == "ICAC") & (issues.ccode == 705)]
    assert listed.rows.item() == 8 and "years 1939-1946" in listed.detail.item()
    # Total: every member row's years within statehood, computed plainly from the CSV and the organization years.
    org_years = {r["Title"]: (int(r["Begin"]), int(r["End"]) if r["End"] else 2017)
                 for r in _rows(source_dir / IIGO_ORGS)}
    iso = get_store().table("states").dropna(subset=["iso3"]).drop_duplicates("ccode").set_index("iso3").ccode.to_dict()
    iso.update({"ALG": 615, "AUH": 300, "GIN - GNQ": 411, "KOS": 347, "YUG": 345})
    expected = 0
    for r in iigo_member_rows:
        c = iso[r["stateID"]] if r["stateID"] else 490
        a, b = org_years[r["Title"]]
        for y in range(a, b + 1):
            holder = c
            if r["stateID"] == "DEU" and not _alive(spells, 255, y):
                holder = 260
            if r["stateID"] == "YEM" and not _alive(spells, 679, y):
                holder = 678
            expected += _alive(spells, holder, y)
    assert len(iigo) == expected == get_store().manifest["checks"]["iigo"]["state_years"]


def test_iigo_codes_map_to_cow_with_predecessors():
    mem = get_store().table("informal_memberships")
    g = mem[(mem.source == "iigo") & (mem.igo_id == "G5/6/7/8") & (mem.state_id == "DEU")]
    # DEU is the German Federal Republic (260) before unification, Germany (255) from 1990
    assert g.groupby("ccode").year.agg(["min", "max"]).values.tolist() == [[1990, 2017], [1974, 1989]]
    nam = mem[(mem.source == "iigo") & (mem.igo_id == "NAM") & (mem.state_id == "YEM")]
    assert nam.groupby("ccode").year.agg(["min", "max"]).values.tolist() == [[1961, 1989], [1990, 2017]]
    checks = get_store().manifest["checks"]["iigo"]
    assert checks["codes_not_mapped"] == [] and checks["member_rows_placed_by_name"] == 11
    drc = mem[(mem.source == "iigo") & (mem.ccode == 490)]
    assert drc.state_id.isna().all() and drc.igo_id.nunique() == 11
    algeria = mem[(mem.source == "iigo") & (mem.state_id == "ALG")]
    assert set(algeria.ccode) == {615}


def test_iigo_traps_kept_as_published(iigo_member_rows):
    mem = get_store().table("informal_memberships")
    orgs = get_store().table("informal_organizations")
    brics = mem[(mem.source == "iigo") & (mem.igo_id == "BRICS")]
    # The source lists South Africa from the organization's start, 2009 (it joined in 2010-2011): kept, documented.
    assert any(r["igoID"] == "BRICS" and r["stateID"] == "ZAF" and r["Begin"] == "2009" for r in iigo_member_rows)
    assert int(brics[brics.ccode == 560].year.min()) == 2009 and sorted(set(brics.ccode)) == [140, 365, 560, 710, 750]
    g20 = orgs[(orgs.source == "iigo") & (orgs.igo_id == "G22/33/20")]
    assert g20.title.item() == "Group Of 20 230 320" and int(g20.begin.item()) == 1997
    # Organizations whose published igoID is empty or shared get an identifier from the source (member file or title).
    iigo = orgs[orgs.source == "iigo"].set_index("title")
    assert iigo.loc["Cartagena Group", "igo_id"] == "DPA" and iigo.loc["Bali Process", "igo_id"] == "Bali"
    assert iigo.loc["Quint", "igo_id"] == "Quint" and iigo.loc["Group Of 11", "igo_id"] == "Group Of 11"
    assert pd.isna(iigo.loc["Quint", "igo_id_published"]) and iigo.loc["Group Of 11", "igo_id_published"] == "G11"
    # Member rows without Begin (the packager's join failed) take the organization's Begin.
    no_begin = [r for r in iigo_member_rows if r["Begin"] == ""]
    assert len(no_begin) == 233 and {r["Title"] for r in no_begin} >= {"Group Of 77", "Bali Process"}
    assert int(mem[(mem.source == "iigo") & (mem.igo_id == "G-77")].year.min()) == 1964
    issues = get_store().table("source_issues")
    assert issues[issues.issue == "begin_from_organization"].rows.sum() == 233
    assert set(orgs.domain.dropna()) == {"Security", "Economic", "Political", "Social affairs"}


def test_migo_rows_checked_by_hand(migo_rows):
    mem = get_store().table("informal_memberships")
    want = sorted(int(r["Year"]) for r in migo_rows if r["cowID"] == "705" and r["igoID"] == "ACD")
    assert want == list(range(2003, 2011))
    got = mem[(mem.source == "migo") & (mem.ccode == 705) & (mem.igo_id == "ACD")]
    assert sorted(got.year.tolist()) == want and set(got.membership) == {1}
    codes = defaultdict(int)
    for r in migo_rows:
        codes[int(r["membership"])] += 1
    migo = mem[mem.source == "migo"]
    assert migo.membership.value_counts().to_dict() == dict(codes) == {1: 80487, 2: 97, 3: 40}
    assert get_store().manifest["checks"]["migo"]["rows_outside_system"] == 0


@pytest.mark.parametrize("reader, path, edit, message", [
    ("orgs", IIGO_ORGS, lambda ls: [ls[0].replace("Title", "Name")] + ls[1:], r"lacks the expected column\(s\) Title"),
    ("orgs", IIGO_ORGS, lambda ls: ls[:2] + [ls[2].replace(",1826,1889,", ",1826,1789,")] + ls[3:],
     r"column 'End' has 1 value\(s\) that are not within 1815-2017 \(first: 1789 in line 3\)"),
    ("orgs", IIGO_ORGS, lambda ls: ls + [ls[4]], r"rows share a key \['title'\]"),
    ("orgs", IIGO_ORGS, lambda ls: ls[:1], r"the file has no rows"),
    ("members", IIGO_MEMBERS, lambda ls: ls[:3] + [ls[3].replace(",1815,1856,", ",1856,1815,")] + ls[4:],
     r"end before they begin \(first in line 4: Begin 1856, End 1815\)"),
    ("members", IIGO_MEMBERS, lambda ls: ls[:100] + [ls[100][:12]], r"empty cell|truncated"),
    ("migo", MIGO, lambda ls: ls[:2] + [ls[2].replace(",ARE,United Arab Emirates,1,", ",ARE,United Arab Emirates,7,")] + ls[3:],
     r"column 'membership' has 1 value\(s\) that are not within 1-3 \(first: 7 in line 3\)"),
    ("migo", MIGO, lambda ls: ls + [ls[9]], r"rows share a key \['igo_id', 'ccode', 'year'\]"),
    ("migo", MIGO, lambda ls: ls[:2] + [ls[2].replace(",696,1", ",x96,1")] + ls[3:], r"column 'cowID' has 1 non-numeric value\(s\) \(first: 'x96' in line 3\)"),
])
def test_damaged_informal_copies_fail(source_dir, tmp_path, reader, path, edit, message):
    from multivector.data.sources import read_iigo_memberships, read_iigo_organizations, read_migo_memberships

    read = {"orgs": read_iigo_organizations, "members": read_iigo_memberships, "migo": read_migo_memberships}[reader]
    bad = _write(tmp_path / "x.csv", edit(_lines(source_dir / path)))
    with pytest.raises(mv.BuildError, match=message) as err:
        read(bad)
    assert "\n" not in str(err.value) and "x.csv" in str(err.value)


def test_informal_cross_file_checks(source_dir, tmp_path):
    from multivector.data._build import _informal
    from multivector.data.sources import read_iigo_memberships, read_iigo_organizations, read_migo_memberships

    states = get_store().table("states")
    orgs = read_iigo_organizations(source_dir / IIGO_ORGS)
    members = read_iigo_memberships(source_dir / IIGO_MEMBERS)
    migo = read_migo_memberships(source_dir / MIGO)
    files = ("o.csv", "m.csv", "g.csv")
    with pytest.raises(mv.BuildError, match=r"m.csv\): 1 row\(s\) name an organization that is not in o.csv \(first: 'Atlantis Forum' in line 5\)"):
        _informal(orgs, members.assign(title=members.title.where(members.index != 3, "Atlantis Forum")), migo, states, files)
    with pytest.raises(mv.BuildError, match=r"g.csv\): column 'cowID' has 1 code\(s\) that are not COW states \(first: 999 in line 2\)"):
        _informal(orgs, members, migo.assign(ccode=migo.ccode.where(migo.index != 0, 999)), states, files)
    lost = members.assign(state_id=members.state_id.where(members.index != 0, "XXX"))
    _, long, issues, summary = _informal(orgs, lost, migo, states, files)
    assert summary["iigo"]["codes_not_mapped"] == ["XXX"]
    un = issues[issues.issue == "unmapped_code"]
    assert un.code.tolist() == ["XXX"] and "maps to no COW state; its rows are left out" in un.detail.item()


def test_informal_citations_and_info(runner, cli):
    assert mv.cite("iigo").startswith("Vabulas, Felicity") and "10.1177/0022343320943920" in mv.cite("iigo")
    assert "Roger, Charles B." in mv.cite("migo") and "10.7910/DVN/8CYXX5" in mv.cite("migo")
    both = mv.cite("informal")
    assert "Vabulas" in both and "Roger" in both and "Pevehouse" not in both
    r = runner.invoke(cli, ["data", "info"])
    assert "Informal IGOs: IIGO 2.0, 149 organizations, 3,502 member rows expanded" in r.stdout
    assert "MIGO, 244 organizations, 80,624 state-years as published, 1925-2010." in r.stdout
