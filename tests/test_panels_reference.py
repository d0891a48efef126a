"""Panels against independent computations from the published CSVs (../shared/data).

Every reference here is recomputed in the test from the source files, by a
simpler route than the package's (pure pandas / numpy on the CSV, no store,
no cube, no engine):

- state_years: each spell of states2016.csv expanded to its years (spells
  ending 2016-12-31 run on to 2024);
- dyad_years: a pandas self-merge of those spell-years on the year, kept
  where the two spells share a day of the year (peacesciencer drops the
  others as "false dyads");
- add_igos on state-years: peacesciencer's cow_igo_sy rule (count of codes
  1, 2, 3, and any of them; -9 and -1 not counted) applied row by row to
  state_year_formatv3.csv;
- add_igos on dyad-years: peacesciencer's cow_igo_ndy rule (IGOs where both
  states are full or associate members) from per-year indicator matrices of
  the same CSV;
- add_igo_similarity: the 2x2 table and the closed forms of
  docs/methodology.md ("Portfolio similarity") for every pair of 2014.

Once, outside the tests, scripts/compare_peacesciencer.py compared these
panels with peacesciencer's own tables: cow_igo_sy (15,557 rows) and
cow_igo_ndy (917,695 rows) equal on every row, and the same 30 false dyads
(docs/panels.md, "Checked against peacesciencer").
"""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector.panels._keys import UnmatchedKeysWarning


@pytest.fixture(scope="module")
def spells(source_dir) -> pd.DataFrame:
    st = pd.read_csv(source_dir / "cow-states" / "states2016.csv")
    st["start"] = pd.to_datetime(dict(year=st.styear, month=st.stmonth, day=st.stday))
    st["end"] = pd.to_datetime(dict(year=st.endyear, month=st.endmonth, day=st.endday))
    runs_on = st["end"] == pd.Timestamp("2016-12-31")
    st.loc[runs_on, "end"] = pd.Timestamp("2024-12-31")
    st["last"] = st["end"].dt.year
    return st


@pytest.fixture(scope="module")
def spell_years(spells) -> pd.DataFrame:
    rows = [(r.ccode, y, max(r.start, pd.Timestamp(y, 1, 1)), min(r.end, pd.Timestamp(y, 12, 31)))
            for r in spells.itertuples() for y in range(r.styear, r.last + 1)]
    return pd.DataFrame(rows, columns=["ccode", "year", "a", "b"])


@pytest.fixture(scope="module")
def igo_csv(source_dir) -> pd.DataFrame:
    return pd.read_csv(source_dir / "cow-igo-v3" / "state_year_formatv3.csv.gz")


def test_state_years_are_the_spells_years(spell_years):
    ref = spell_years[["ccode", "year"]].drop_duplicates().sort_values(["ccode", "year"]).reset_index(drop=True)
    sy = mv.state_years()
    assert len(sy) == len(ref) == 17_511
    assert (sy.ccode.to_numpy(dtype="int64") == ref.ccode.to_numpy()).all()
    assert (sy.year.to_numpy(dtype="int64") == ref.year.to_numpy()).all()
    assert str(sy.ccode.dtype) == str(sy.year.dtype) == "Int64"
    # 1816-2014: the IGO state-year file's 15,557 rows plus the four state-years of 1990 it leaves out
    assert len(mv.state_years((1816, 2014))) == 15_561
    # Kazakhstan from 1991, and run on to 2024 by the end-2016 rule; the GDR 1954-1990
    kz = sy[sy.ccode == 705].year
    assert (int(kz.min()), int(kz.max()), len(kz)) == (1991, 2024, 34)
    gdr = sy[sy.ccode == 265].year
    assert (int(gdr.min()), int(gdr.max())) == (1954, 1990)


def test_dyad_years_are_states_together(spell_years):
    sy = spell_years[spell_years.year <= 2014]
    m = sy.merge(sy, on="year", suffixes=("1", "2"))
    m = m[(m.ccode1 < m.ccode2) & (m.a1 <= m.b2) & (m.a2 <= m.b1)]
    ref = m[["ccode1", "ccode2", "year"]].drop_duplicates().sort_values(["ccode1", "ccode2", "year"])
    d = mv.dyad_years((1816, 2014))
    assert len(d) == len(ref) == 918_315
    for c in ("ccode1", "ccode2", "year"):
        assert (d[c].to_numpy(dtype="int64") == ref[c].to_numpy()).all()
    # the false dyads: in the system the same year, never on the same day
    both = sy.merge(sy, on="year", suffixes=("1", "2"))
    both = both[both.ccode1 < both.ccode2][["ccode1", "ccode2", "year"]].drop_duplicates()
    assert len(both) - len(ref) == 30
    keys = set(zip(d.ccode1.astype(int), d.ccode2.astype(int), d.year.astype(int)))
    assert (300, 310, 1918) not in keys  # Austria-Hungary (to 1918-11-12) and Hungary (from 1918-11-16)
    assert (2, 20, 1920) in keys


def test_false_dyad_poland_austria_hungary_by_hand(spells):
    """Poland's spell starts 1918-11-03 and Austria-Hungary's ends 1918-11-12: they share ten days;
    Hungary (from 11-16) and Latvia (from 11-18) never shared one with Austria-Hungary."""
    pol = spells[spells.ccode == 290].sort_values("styear").iloc[0]
    auh = spells[spells.ccode == 300].iloc[0]
    assert pol.start == pd.Timestamp("1918-11-03") and auh.end == pd.Timestamp("1918-11-12")
    d = mv.dyad_years(1918)
    pairs = set(zip(d.ccode1.astype(int), d.ccode2.astype(int)))
    assert (290, 300) in pairs
    assert (300, 310) not in pairs and (300, 367) not in pairs
    assert (310, 367) in pairs


def test_directed_dyad_years_are_both_orders():
    nd = mv.dyad_years((2000, 2002))
    d = mv.dyad_years((2000, 2002), directed=True)
    assert len(d) == 2 * len(nd)
    assert (d.ccode1 != d.ccode2).all()
    fwd = set(zip(d.ccode1.astype(int), d.ccode2.astype(int), d.year.astype(int)))
    assert all((b, a, y) in fwd for a, b, y in fwd)


def test_add_igos_state_years_equal_cow_igo_sy_rule_every_row(igo_csv):
    with pytest.warns(UnmatchedKeysWarning, match=r"4 rows have no row in the COW IGO data \(German Federal"):
        sy = mv.state_years((1816, 2014)).pipe(mv.add_igos)
    x = igo_csv.drop(columns=["ccode", "year", "state"]).to_numpy()
    ref = pd.DataFrame({
        "ccode": igo_csv.ccode, "year": igo_csv.year,
        "sum_igo_full": (x == 1).sum(1), "sum_igo_associate": (x == 2).sum(1),
        "sum_igo_observer": (x == 3).sum(1), "sum_igo_anytype": (x >= 1).sum(1),
        "sum_igo_missing": (x == -9).sum(1),
    })
    m = sy.astype({"ccode": "int64", "year": "int64"}).merge(ref, on=["ccode", "year"], how="left",
                                                             suffixes=("", "_ref"), indicator=True)
    assert len(m) == len(sy) == 15_561
    in_file = (m["_merge"] == "both").to_numpy()
    assert in_file.sum() == 15_557
    for c in ("sum_igo_full", "sum_igo_associate", "sum_igo_observer", "sum_igo_anytype", "sum_igo_missing"):
        assert (m.loc[in_file, c].to_numpy(dtype="int64") == m.loc[in_file, c + "_ref"].to_numpy()).all(), c
        assert m.loc[~in_file, c].isna().all(), c  # not in the IGO file: missing, never 0
    # the four state-years of 1990 the IGO file leaves out (the two Germanys and the two Yemens)
    out = m.loc[~in_file, ["ccode", "year"]].values.tolist()
    assert sorted(out) == [[260, 1990], [265, 1990], [678, 1990], [680, 1990]]
    # a value by hand: Kazakhstan 2014 in the CSV has 55 full memberships and one observer (56 any)
    kz = sy[(sy.ccode == 705) & (sy.year == 2014)].iloc[0]
    assert (kz.sum_igo_full, kz.sum_igo_associate, kz.sum_igo_observer, kz.sum_igo_anytype) == (55, 0, 1, 56)


def test_add_igos_dyad_years_equal_cow_igo_ndy_rule_every_row(igo_csv):
    with pytest.warns(UnmatchedKeysWarning, match="642 rows have no row in the COW IGO data"):
        d = mv.dyad_years((1816, 2014)).pipe(mv.add_igos, joint="both")
    assert len(d) == 918_315
    got = {c: d[c].to_numpy(dtype="float64", na_value=np.nan) for c in ("dyadigos", "dyadigos_full", "dyadigos_missing")}
    ref = {c: np.full(len(d), np.nan) for c in got}
    c1, c2, yr = (d[c].to_numpy(dtype="int64") for c in ("ccode1", "ccode2", "year"))
    codes = igo_csv.drop(columns=["ccode", "year", "state"]).to_numpy()
    for y, rows in igo_csv.groupby("year").indices.items():
        x = codes[rows]
        lut = np.full(1000, -1)
        lut[igo_csv.ccode.to_numpy()[rows]] = np.arange(len(rows))
        sel = np.flatnonzero(yr == y)
        i, j = lut[c1[sel]], lut[c2[sel]]
        have = (i >= 0) & (j >= 0)  # both states have a row in the IGO file that year
        sel, i, j = sel[have], i[have], j[have]
        fa = np.isin(x, (1, 2)).astype(float)
        f = (x == 1).astype(float)
        alive = (x != -1).astype(float)
        known = ((x != -1) & (x != -9)).astype(float)
        ref["dyadigos"][sel] = (fa @ fa.T)[i, j]
        ref["dyadigos_full"][sel] = (f @ f.T)[i, j]
        ref["dyadigos_missing"][sel] = (alive @ alive.T - known @ known.T)[i, j]
    for c in got:
        assert np.array_equal(got[c], ref[c], equal_nan=True), c
    # the two rules differ in 34,937 dyad-years (../shared/data/README.md); missing only in 1990 (642 rows)
    assert int((got["dyadigos"] != got["dyadigos_full"]).sum() - np.isnan(got["dyadigos"]).sum()) == 34_937
    assert int(np.isnan(got["dyadigos"]).sum()) == 642
    assert set(yr[np.isnan(got["dyadigos"])]) == {1990}


def test_add_igo_similarity_2014_closed_forms(igo_csv):
    d = mv.add_igo_similarity(mv.dyad_years(2014))
    rows = igo_csv[igo_csv.year == 2014]
    x = rows.drop(columns=["ccode", "year", "state"]).to_numpy()
    pos = {c: i for i, c in enumerate(rows.ccode)}
    i = np.array([pos[c] for c in d.ccode1.astype(int)])
    j = np.array([pos[c] for c in d.ccode2.astype(int)])
    v = (x != -9) & (x != -1)
    f = x == 1
    n = (v[i] & v[j]).sum(1)
    a = (f[i] & f[j] & v[i] & v[j]).sum(1)
    b = (f[i] & ~f[j] & v[i] & v[j]).sum(1)
    c = (~f[i] & f[j] & v[i] & v[j]).sum(1)
    dd = n - a - b - c
    with np.errstate(divide="ignore", invalid="ignore"):
        s = 1 - 2 * (b + c) / n
        kappa = 2 * (a * dd - b * c) / ((a + b) * (b + dd) + (a + c) * (c + dd))
        pi = (4 * a * dd - (b + c) ** 2) / ((2 * a + b + c) * (2 * dd + b + c))
        jac = a / (a + b + c)
    assert (d.igo_n.to_numpy(dtype="int64") == n).all()
    for col, ref in (("igo_s", s), ("igo_kappa", kappa), ("igo_pi", pi), ("igo_jaccard", jac)):
        got = d[col].to_numpy(dtype="float64", na_value=np.nan)
        assert np.allclose(got, ref, equal_nan=True, rtol=0, atol=1e-9), col
    # the worked example of docs/methodology.md: Russia and Kazakhstan 2014
    r = d[(d.ccode1 == 365) & (d.ccode2 == 705)].iloc[0]
    assert r.igo_n == 309 and round(r.igo_s, 4) == 0.6828 and round(r.igo_jaccard, 4) == 0.4896


def test_add_un_agreement_kazakhstan_russia_2014_from_the_csv(source_dir):
    """Session 69 (2014) read straight from the published vote CSV (ISO2 codes KZ and RU)."""
    votes = pd.read_csv(source_dir / "unga" / "un_votes.csv.gz", keep_default_na=False, na_values=[""])
    rc = pd.read_csv(source_dir / "unga" / "un_roll_calls.csv.gz")
    v = votes.merge(rc[["rcid", "session"]], on="rcid")
    v = v[v.session == 69]
    unanimous = v.groupby("rcid").vote.nunique() == 1
    v = v[~v.rcid.isin(unanimous[unanimous].index)]
    a = v[v.country_code == "KZ"].merge(v[v.country_code == "RU"], on="rcid")
    score = {"yes": 0, "abstain": 1, "no": 2}
    dist = (a.vote_x.map(score) - a.vote_y.map(score)).abs() / 2
    d = mv.add_un_agreement(mv.dyad_years(2014, directed=True))
    for c1, c2 in ((705, 365), (365, 705)):  # both orders of a directed frame get the pair's figures
        r = d[(d.ccode1 == c1) & (d.ccode2 == c2)].iloc[0]
        assert r.un_votes == len(a) == 77
        assert abs(r.un_agree - (1 - dist.mean())) < 1e-12


def test_add_un_agreement_equals_un_agreement_by_key():
    d = mv.add_un_agreement(mv.dyad_years((2010, 2014)))
    a = mv.un_agreement((2010, 2014)).astype({"ccode1": "int64", "ccode2": "int64", "year": "int64"})
    m = d.astype({"ccode1": "int64", "ccode2": "int64", "year": "int64"}).merge(
        a, on=["ccode1", "ccode2", "year"], how="left", indicator=True)
    assert len(m) == len(d)
    hit = (m["_merge"] == "both").to_numpy()
    for ours, theirs in (("un_agree", "agree"), ("un_s", "s"), ("un_kappa", "kappa"), ("un_pi", "pi")):
        x = m.loc[hit, ours].to_numpy(dtype="float64", na_value=np.nan)
        y = m.loc[hit, theirs].to_numpy(dtype="float64", na_value=np.nan)
        assert np.array_equal(x, y, equal_nan=True), ours
    assert (m.loc[hit, "un_votes"].to_numpy(dtype="int64") == m.loc[hit, "n_votes"].to_numpy()).all()
    # pairs of the system where a state cast no vote that session (Taiwan, Kosovo, ...): 0 roll calls, no figure
    assert (~hit).sum() > 0
    assert (m.loc[~hit, "un_votes"] == 0).all() and m.loc[~hit, "un_agree"].isna().all()
    tw = d[(d.ccode1 == 2) & (d.ccode2 == 713)]  # Taiwan cast no vote after 1971
    assert (tw.un_votes == 0).all() and tw.un_agree.isna().all()
    # before the voting data (1946) nothing is known: missing, not 0
    early = mv.add_un_agreement(mv.dyad_years(1945), on_unmatched="ignore")
    assert early.un_votes.isna().all() and early.un_agree.isna().all()


def test_session_frame_merges_by_session():
    d = pd.DataFrame({"ccode1": [365, 365], "ccode2": [710, 710], "session": [74, 69]})
    out = mv.add_un_agreement(d)
    a = mv.un_agreement(sessions=[69, 74], states="Russia,China")
    assert out.un_votes.tolist() == [int(a[a.session == 74].n_votes.iloc[0]), int(a[a.session == 69].n_votes.iloc[0])]
    assert out.un_votes.tolist()[0] == 87  # docs/methodology.md's worked example, Russia-China 2019


def test_year_of_a_dyad_date():
    # a date in the frame's year column is not a year: a clear error, not a silent NaN
    d = pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [dt.date(2000, 1, 1)]})
    with pytest.raises(mv.InvalidArgumentError, match="not numeric"):
        mv.add_igos(d)


@pytest.fixture(scope="module")
def atop_csv(source_dir) -> pd.DataFrame:
    return pd.read_csv(source_dir / "atop-5.1" / "atop_alliance_dyad_year.csv.gz")


ATOP = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]


def test_add_alliances_directed_rows_equal_the_source_rows(atop_csv):
    out = mv.add_alliances(atop_csv[["ccode1", "ccode2", "year"]], directed=True, on_unmatched="ignore")
    assert len(out) == len(atop_csv) == 273_296
    for c in ATOP:
        assert (out[c].to_numpy(dtype="int64") == atop_csv[c].to_numpy()).all(), c
    assert (out.atop_alliance == 1).all()  # every source row is an alliance in force, even with all flags 0


def test_add_alliances_non_directed_is_the_larger_direction_and_zero_without_a_row(atop_csv):
    d = mv.add_alliances(mv.dyad_years((2010, 2018)))
    src = atop_csv[atop_csv.year.between(2010, 2018)]
    lo = np.minimum(src.ccode1, src.ccode2)
    hi = np.maximum(src.ccode1, src.ccode2)
    ref = src.assign(ccode1=lo, ccode2=hi).groupby(["ccode1", "ccode2", "year"], as_index=False)[ATOP].max()
    m = d.astype({"ccode1": "int64", "ccode2": "int64", "year": "int64"}).merge(
        ref, on=["ccode1", "ccode2", "year"], how="left", suffixes=("", "_ref"), indicator=True)
    hit = (m["_merge"] == "both").to_numpy()
    for c in ATOP:
        assert (m.loc[hit, c].to_numpy(dtype="int64") == m.loc[hit, c + "_ref"].to_numpy()).all(), c
        assert (m.loc[~hit, c] == 0).all(), c  # no row: no alliance, for states of the system
    assert (m.atop_alliance.to_numpy(dtype="int64") == hit).all()
    # checks of ../shared/data/README.md, read off the CSV
    def row(a, b, y):
        return d[(d.ccode1 == a) & (d.ccode2 == b) & (d.year == y)].iloc[0]

    assert row(2, 640, 2014).atop_defense == 1  # USA-Turkey
    rc = row(365, 710, 2014)
    assert (rc.atop_defense, rc.atop_nonagg, rc.atop_consul) == (0, 1, 1)  # Russia-China
    kz = src[(src.ccode1 == 705) & (src.year == 2014) & (src.atop_defense == 1)].ccode2.tolist()
    assert sorted(kz) == [365, 370, 371, 373, 702, 703, 704]
    got = d[(d.year == 2014) & ((d.ccode1 == 705) | (d.ccode2 == 705)) & (d.atop_defense == 1)]
    assert sorted(set(got.ccode1.astype(int)) | set(got.ccode2.astype(int)) - {705}) == sorted(kz)


def test_add_alliances_directions_and_coverage():
    # the United States is pledged to defend Japan, not the other way round (ATOP, directed)
    user = pd.DataFrame({"ccode1": [2, 740, 705, 2, 2], "ccode2": [740, 2, 365, 740, 20],
                         "year": [2014, 2014, 1980, 2019, 1815]})
    with pytest.warns(UnmatchedKeysWarning):
        out = mv.add_alliances(user)
    assert out.attrs["panel_columns"]["atop_defense"]["directed"] is True  # a row with ccode1 > ccode2
    assert out.atop_defense.iloc[:2].tolist() == [1, 0]
    assert out.atop_defense.iloc[2:].isna().all()  # Kazakhstan 1980: not a state; 2019: after ATOP; 1815: no COW system
    nd = mv.add_alliances(user.iloc[[0]], directed=False)
    assert nd.atop_defense.tolist() == [1]
    rev = mv.add_alliances(pd.DataFrame({"ccode1": [740], "ccode2": [2], "year": [2014]}), directed=False)
    assert rev.atop_defense.tolist() == [1]  # non-directed: the larger of the two directions


def test_add_ideal_points_equal_the_published_rows(source_dir):
    ip = pd.read_csv(source_dir / "unga-idealpoints" / "idealpoints_2025-07.csv.gz")
    sy = mv.add_ideal_points(mv.state_years((1946, 2024)), estimates="all,fp", intervals=True, on_unmatched="ignore")
    m = sy.astype({"ccode": "int64", "year": "int64"}).merge(ip, on=["ccode", "year"], how="left",
                                                             suffixes=("", "_csv"), indicator=True)
    hit = (m["_merge"] == "both").to_numpy()
    for c in ("idealpointall", "idealpointfp", "q5all", "q95all", "q5fp", "q95fp"):
        assert np.array_equal(m.loc[hit, c].to_numpy(dtype="float64", na_value=np.nan),
                              m.loc[hit, c + "_csv"].to_numpy(dtype="float64"), equal_nan=True), c
        assert m.loc[~hit, c].isna().all()
    assert m.loc[hit & (m.year == 2024), "idealpointall"].isna().all()  # empty in this release, not 0
    rep = mv.merge_report(sy)
    empty = rep[rep.reason == "empty in the source"].set_index("column")
    assert list(empty.index) == ["idealpointall", "idealpointfp"] and empty.loc["idealpointall", "value"].endswith("2024")
    # no row at all in 1964 (the 19th session took no recorded vote): reported as absent from the source
    assert (m.year == 1964).sum() > 100 and not hit[(m.year == 1964).to_numpy()].any()
    assert "in 1964" in rep.loc[rep.reason == "not in the source data", "value"].iloc[0]
    # dyads: both positions and their distance, USA-Russia 2022 (USA 2.114955, Russia -1.413724 in the CSV)
    d = mv.add_ideal_points(mv.dyad_years(2022), estimates="all", on_unmatched="ignore")
    r = d[(d.ccode1 == 2) & (d.ccode2 == 365)].iloc[0]
    assert abs(r.idealpointall1 - 2.114955) < 1e-6 and abs(r.idealpointall2 + 1.413724) < 1e-6
    assert abs(r.idealpointall_dist - (2.114955 + 1.413724)) < 1e-6


def test_add_ideal_points_default_is_the_final_passage_series(source_dir):
    """The default is the series tilt and hedging read, which reaches 2024 (docs/panels.md)."""
    ip = pd.read_csv(source_dir / "unga-idealpoints" / "idealpoints_2025-07.csv.gz").set_index(["ccode", "year"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedKeysWarning)
        sy = mv.add_ideal_points(mv.state_years(2024))
        d = mv.add_ideal_points(mv.dyad_years(2024))
    assert [c for c in sy.columns if c.startswith("idealpoint")] == ["idealpointfp"]
    assert mv.merge_report(sy).query("reason == 'empty in the source'").empty  # every 2024 estimate is there
    usa, rus = ip.loc[(2, 2024), "idealpointfp"], ip.loc[(365, 2024), "idealpointfp"]
    assert float(sy.loc[sy.ccode == 2, "idealpointfp"].iloc[0]) == usa
    r = d[(d.ccode1 == 2) & (d.ccode2 == 365)].iloc[0]
    assert (float(r.idealpointfp1), float(r.idealpointfp2)) == (usa, rus)
    assert abs(float(r.idealpointfp_dist) - abs(usa - rus)) < 1e-12
