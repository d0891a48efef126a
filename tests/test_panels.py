"""Merging onto users' frames, keys, lags, the codebook and the writers (docs/panels.md).

The references are the package's own whole panels merged onto the user's
rows with a plain ``pandas.merge`` (a different mechanism from the
package's key lookup); the whole panels themselves are checked against the
source CSVs in tests/test_panels_reference.py.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector.panels._keys import UnmatchedKeysWarning

IGO_SY = ["sum_igo_full", "sum_igo_associate", "sum_igo_observer", "sum_igo_anytype", "sum_igo_missing"]


@pytest.fixture(scope="module")
def sy_full() -> pd.DataFrame:
    with pytest.warns(UnmatchedKeysWarning, match="4 rows have no row in the COW IGO data"):
        sy = mv.state_years((1816, 2014)).pipe(mv.add_igos)
    return sy.astype({"ccode": "int64", "year": "int64"})


@pytest.fixture(scope="module")
def dy_2010s() -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedKeysWarning)
        d = mv.dyad_years((2010, 2014)).pipe(mv.add_igos, joint="both").pipe(mv.add_un_agreement)
    return d.astype({"ccode1": "int64", "ccode2": "int64", "year": "int64"})


def _expected(user: pd.DataFrame, full: pd.DataFrame, on: list[str], cols: list[str]) -> pd.DataFrame:
    """The reference: a plain left merge of the whole panel onto the user's rows."""
    left = user[on].astype("float64").reset_index(drop=True)
    right = full[on + cols].astype({c: "float64" for c in on})
    return left.merge(right, on=on, how="left", validate="many_to_one")


def test_user_frame_with_gaps_duplicates_foreign_codes_and_odd_dtypes(sy_full):
    user = pd.DataFrame({
        "ccode": np.array([705, 365, 705, 999, 2, 705, 260, 2, 365], dtype="int16"),
        "year": [2014, 1995, 2014, 2000, 1816, 1985, 1990, 2014, 1900],
        "gdp": [1.5, 2.0, 1.5, 3.0, 0.1, 4.0, 5.0, 6.0, 7.0],
    }, index=pd.Index([90, 10, 50, 70, 20, 30, 40, 60, 80], name="obs"))
    with pytest.warns(UnmatchedKeysWarning, match=r"999 \(1 row\)"):
        out = mv.add_igos(user)
    assert out.index.equals(user.index) and out["gdp"].equals(user["gdp"])  # same rows, order and index
    assert list(out.columns) == ["ccode", "year", "gdp"] + IGO_SY
    exp = _expected(user, sy_full, ["ccode", "year"], IGO_SY)
    for c in IGO_SY:
        assert out[c].dtype == "Int64"
        assert np.array_equal(out[c].to_numpy(dtype="float64", na_value=np.nan), exp[c].to_numpy(), equal_nan=True)
    # duplicated keys get the same values; 999 (no such state), Kazakhstan 1985 and the GFR in 1990 are missing
    assert out.iloc[0][IGO_SY].tolist() == out.iloc[2][IGO_SY].tolist()
    assert out.loc[[70, 30, 40], IGO_SY].isna().all().all()
    rep = mv.merge_report(out)
    assert rep.loc[rep.reason == "not a COW state code", "value"].tolist() == [999]
    outside = rep[rep.reason == "outside the state system"]
    assert outside.value.tolist() == ["Kazakhstan (KZK, 705) in 1985"]
    # the GFR was in the system in 1990 (to 3 October) but the COW IGO file has no row for it
    absent = rep[rep.reason == "not in the source data"]
    assert absent.value.tolist() == ["German Federal Republic (GFR, 260) in 1990"] and absent.rows.tolist() == [1]
    # the user's frame is not modified
    assert list(user.columns) == ["ccode", "year", "gdp"] and user.attrs == {}


@pytest.mark.parametrize("dtype", ["int64", "Int64", "float64", "int32"])
def test_key_dtypes_merge_alike(sy_full, dtype):
    user = pd.DataFrame({"ccode": [705, 365, 2], "year": [2014, 2000, 1990]}).astype(dtype)
    out = mv.add_igos(user)
    exp = _expected(user, sy_full, ["ccode", "year"], ["sum_igo_full"])
    assert out.sum_igo_full.tolist() == exp.sum_igo_full.astype(int).tolist()
    assert out.ccode.dtype == user.ccode.dtype  # the user's own key columns are left as they are


def test_missing_keys_are_reported_not_guessed(sy_full):
    user = pd.DataFrame({"ccode": pd.array([705, None, 2], dtype="Int64"), "year": pd.array([2014, 2014, None], dtype="Int64")})
    with pytest.warns(UnmatchedKeysWarning, match="2 rows have a missing key"):
        out = mv.add_igos(user)
    assert out.sum_igo_full.isna().tolist() == [False, True, True]
    with pytest.raises(mv.InvalidArgumentError, match="missing key"):
        mv.add_igos(user, on_unmatched="raise")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mv.add_igos(user, on_unmatched="ignore")  # no warning


def test_iso_codes_and_names_resolve_to_the_same_values(sy_full):
    user = pd.DataFrame({"iso3c": ["KAZ", "RUS", "USA", "NAM", "HKG"], "year": [2014, 2014, 1950, 2000, 2000],
                         "x": range(5)})
    by_code = mv.add_igos(pd.DataFrame({"ccode": [705, 365, 2, 565], "year": [2014, 2014, 1950, 2000]}))
    with pytest.warns(UnmatchedKeysWarning, match="HKG"):
        out = mv.add_igos(user)
    assert list(out.columns[:3]) == ["iso3c", "ccode", "year"]  # ccode added beside the key it came from
    assert out.ccode.iloc[:4].tolist() == [705, 365, 2, 565] and pd.isna(out.ccode.iloc[4])
    assert out.sum_igo_full.iloc[:4].tolist() == by_code.sum_igo_full.tolist()
    # names, ISO2 (Namibia's is the string "NA"), COW abbreviations: one resolution per distinct value
    names = pd.DataFrame({"country": ["Kazakhstan", "KZ", "KZK", "NA", "Namibia"], "year": 2014})
    got = mv.add_igos(names)
    assert got.ccode.tolist() == [705, 705, 705, 565, 565]
    rep = mv.merge_report(mv.add_igos(pd.DataFrame({"country": ["Kazakstan"], "year": [2014]}), on_unmatched="ignore"))
    assert rep.iloc[0].reason == "unknown state" and rep.iloc[0].suggestions.startswith("Kazakhstan (KZK, 705)")


def test_outside_the_system_names_the_namesakes():
    user = pd.DataFrame({"iso3c": ["DEU", "DEU", "DEU"], "year": [1960, 1961, 2000]})
    with pytest.warns(UnmatchedKeysWarning, match=r"Germany \(GMY, 255\) in 1960-1961: did you mean German Federal"):
        out = mv.add_igos(user)
    assert out.sum_igo_full.isna().tolist() == [True, True, False]


def test_keys_argument_and_dyads_from_iso_pairs(dy_2010s):
    user = pd.DataFrame({"a": ["RUS", "KAZ", "CHN"], "b": ["KAZ", "RUS", "USA"], "t": [2014, 2014, 2012]})
    out = mv.add_igos(user, keys=("a", "b", "t"))
    assert out.ccode1.tolist() == [365, 705, 710] and out.ccode2.tolist() == [705, 365, 2]
    d = dy_2010s
    ref = d[(d.ccode1 == 365) & (d.ccode2 == 705) & (d.year == 2014)].dyadigos.iloc[0]
    assert out.dyadigos.tolist()[:2] == [ref, ref] == [47, 47]  # both orders
    found = mv.add_igos(user.rename(columns={"a": "iso3c1", "b": "iso3c2", "t": "year"}))
    assert found.dyadigos.tolist() == out.dyadigos.tolist()  # iso3c1/iso3c2 are found by name


def test_directed_user_dyads_match_the_panel(dy_2010s):
    d = mv.dyad_years((2010, 2014), directed=True).sample(frac=1.0, random_state=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedKeysWarning)
        out = d.pipe(mv.add_igos, joint="both").pipe(mv.add_un_agreement)
    lo = np.minimum(out.ccode1, out.ccode2).astype("int64")
    hi = np.maximum(out.ccode1, out.ccode2).astype("int64")
    ref = pd.DataFrame({"ccode1": lo, "ccode2": hi, "year": out.year.astype("int64")}).merge(
        dy_2010s, on=["ccode1", "ccode2", "year"], how="left")
    for c in ("dyadigos", "dyadigos_full", "dyadigos_missing", "un_agree", "un_votes"):
        assert np.array_equal(out[c].to_numpy(dtype="float64", na_value=np.nan),
                              ref[c].to_numpy(dtype="float64", na_value=np.nan), equal_nan=True), c
    assert out.index.equals(d.index)


def test_lag_is_the_value_of_the_year_before(sy_full):
    user = pd.DataFrame({"ccode": [705, 705, 705, 2, 2], "year": [1991, 1992, 2014, 1816, 2015]})
    with pytest.warns(UnmatchedKeysWarning):
        out = mv.add_igos(user, lag=1)
    assert [c for c in out.columns if c.startswith("sum_igo")] == [c + "_lag1" for c in IGO_SY]
    prev = user.assign(year=user.year - 1)
    exp = _expected(prev, sy_full, ["ccode", "year"], ["sum_igo_full"])
    got = out.sum_igo_full_lag1.to_numpy(dtype="float64", na_value=np.nan)
    assert np.array_equal(got, exp.sum_igo_full.to_numpy(), equal_nan=True)
    # Kazakhstan's first year has no year before in the system; 1815 is before the data; 2014 is the last year
    assert pd.isna(out.sum_igo_full_lag1.iloc[0]) and pd.isna(out.sum_igo_full_lag1.iloc[3])
    assert out.sum_igo_full_lag1.iloc[4] == sy_full[(sy_full.ccode == 2) & (sy_full.year == 2014)].sum_igo_full.iloc[0]
    # a gap in the user's years does not matter: 2014's lag is 2013 from the source, not the user's previous row
    kz2013 = sy_full[(sy_full.ccode == 705) & (sy_full.year == 2013)].sum_igo_full.iloc[0]
    assert out.sum_igo_full_lag1.iloc[2] == kz2013 == 57
    both = mv.add_igos(out, lag=0, on_unmatched="ignore")  # lagged and unlagged side by side
    assert "sum_igo_full" in both and "sum_igo_full_lag1" in both


def test_chain_keeps_rows_and_pipes():
    d = mv.dyad_years(2014)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedKeysWarning)
        out = d.pipe(mv.add_igos).pipe(mv.add_igo_similarity).pipe(mv.add_un_agreement, lag=1)
    assert len(out) == len(d) == 18_915
    assert out[["ccode1", "ccode2", "year"]].equals(d)
    assert out.attrs["panel_unit"] == "dyad-year"
    assert set(out.attrs["sources"]) == {"cow_states", "cow_igo", "unga"}


def test_panel_is_the_pipeline():
    p = mv.panel("dyad-year", (2013, 2014), add="igos,un-agreement", joint="both")
    manual = mv.dyad_years((2013, 2014)).pipe(mv.add_igos, joint="both").pipe(mv.add_un_agreement)
    pd.testing.assert_frame_equal(p, manual)
    user = pd.DataFrame({"iso3c": ["KAZ", "RUS"], "year": [2014, 2014]})
    q = mv.panel(frame=user, keys=("iso3c", "year"), add=["igos"])
    assert q.sum_igo_full.tolist() == [55, 88]  # by hand: code-1 cells of the CSV rows KAZ and RUS 2014


@pytest.mark.parametrize("call, match", [
    (lambda: mv.add_alliances(mv.state_years(2014)), "needs a dyad-year frame"),
    (lambda: mv.add_igo_similarity(mv.state_years(2014)), "Build one with mv.dyad_years"),
    (lambda: mv.add_igos(pd.DataFrame({"ccode": [2], "session": [60]})), "UN sessions"),
    (lambda: mv.add_igos(mv.state_years(2014), lag=-1), "negative"),
    (lambda: mv.add_igos(mv.state_years(2014), lag=1.5), "whole number"),
    (lambda: mv.add_igos(mv.dyad_years(2014), joint="codebook"), "valid: published"),
    (lambda: mv.add_igos(pd.DataFrame({"x": [1], "year": [2000]})), "cannot find the states"),
    (lambda: mv.add_igos(pd.DataFrame({"ccode": [2]})), "no 'year'"),
    (lambda: mv.add_igos(pd.DataFrame({"ccode": [2], "year": [2000.5]})), "non-whole"),
    (lambda: mv.add_igos(pd.DataFrame({"ccode": [2], "year": [2000]}), keys=("iso", "year")), "does not have"),
    (lambda: mv.add_igos([1, 2]), "expected a pandas DataFrame"),
    (lambda: mv.add_igos(mv.state_years(2014).pipe(mv.add_igos)), "already has column 'sum_igo_full'"),
    (lambda: mv.add_igos(pd.DataFrame({"ccode1": [2], "ccode2": [2], "year": [2000]})), "itself"),
    (lambda: mv.add_igos(mv.state_years(2014), on_unmatched="skip"), "valid: warn, raise, ignore"),
    (lambda: mv.state_years(2030), "outside the COW state system"),
    (lambda: mv.dyad_years(2014, system="gw"), "Gleditsch-Ward"),
    (lambda: mv.dyad_years(2014, directed="yes"), "True or False"),
    (lambda: mv.panel("country-year"), "valid: state-year, dyad-year"),
    (lambda: mv.panel("state-year", 2014, add="alliances"), "on state-years: igos"),
    (lambda: mv.panel("dyad-year", 2014, add="igo,x"), "unknown measure 'igo'"),
])
def test_mistakes_are_one_line_errors(call, match):
    with pytest.raises(mv.MultivectorError, match=match) as err:
        call()
    assert "\n" not in str(err.value)


def test_codebook_covers_every_column_and_cite_every_source():
    d = mv.dyad_years(2014).assign(gdp=1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedKeysWarning)
        d = d.pipe(mv.add_igos, joint="both").pipe(mv.add_igo_similarity).pipe(mv.add_un_agreement, lag=1)
    cb = mv.codebook(d)
    assert cb.column.tolist() == list(d.columns)
    ours = cb[cb.source != "user"]
    assert cb.loc[cb.source == "user", "column"].tolist() == ["gdp"]
    assert (ours.label.str.len().between(1, 80)).all() and (ours.definition.str.len() > 10).all()
    assert cb.set_index("column").loc["dyadigos", "options"] == "joint=both"
    lagged = cb.set_index("column").loc["un_agree_lag1"]
    assert lagged.lag == 1 and lagged.label.endswith("(lag 1)") and "1 year before" in lagged.definition
    text = mv.cite(d)
    from multivector.data._sources_meta import SOURCES

    used = {k for src in ours.source for k in src.split(", ") if k}
    assert used == {"cow_states", "cow_igo", "unga"}
    for k in used:
        assert SOURCES[k]["citation"] in text
    assert SOURCES["unga"]["citation"] in ours.set_index("column").loc["un_agree_lag1", "citation"]


def test_codebook_rows_for_every_registered_column_have_sources():
    from multivector.data._sources_meta import SOURCES
    from multivector.panels._codebook import _COLUMNS

    for name, (label, definition, sources, function) in _COLUMNS.items():
        assert 0 < len(label) <= 80, name
        assert sources and function.startswith("add_"), name
        assert hasattr(mv, function), f"{name}: {function} is not public"
        for s in sources:
            assert s in SOURCES, f"{name}: unknown source {s}"


def test_write_panel_stata_parquet_csv_roundtrip(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedKeysWarning)
        p = mv.state_years((2013, 2015)).pipe(mv.add_igos)
    dta = mv.write_panel(p, tmp_path / "p.dta")
    back, meta = pyreadstat.read_dta(str(dta))
    assert len(back) == len(p) == 195 + 195 + 195 and list(back.columns) == list(p.columns)
    cb = mv.codebook(p).set_index("column")
    assert meta.column_names_to_labels == {c: cb.loc[c, "label"] for c in p.columns}
    assert "cow_igo" in meta.file_label
    # missing stays missing (2015: after the IGO data), values exact
    assert np.array_equal(back.sum_igo_full.to_numpy(), p.sum_igo_full.to_numpy(dtype="float64", na_value=np.nan),
                          equal_nan=True)
    assert back.loc[back.year == 2015, "sum_igo_full"].isna().all()
    assert back.statenme.tolist() == p.statenme.tolist()
    pq = mv.write_panel(p, tmp_path / "p.parquet")
    import pyarrow.parquet as papq

    t = papq.read_table(pq)
    assert b"multivector.codebook" in t.schema.metadata
    pd.testing.assert_frame_equal(t.to_pandas().reset_index(drop=True), p.reset_index(drop=True), check_dtype=False)
    # the codebook reads column names, so it documents a frame read back from a file (attrs lost)
    again = mv.codebook(pd.read_parquet(pq)).set_index("column")
    assert again.loc["sum_igo_full", "label"] == "IGOs: full member" and again.loc["sum_igo_full", "source"] != "user"
    csv = pd.read_csv(mv.write_panel(p, tmp_path / "p.csv"))
    assert csv.sum_igo_full.isna().sum() == 195
    with pytest.raises(mv.InvalidArgumentError, match="suffix"):
        mv.write_panel(p, tmp_path / "p.xlsx")
    with pytest.raises(mv.InvalidArgumentError, match="does not exist"):
        mv.write_panel(p, tmp_path / "nope" / "p.dta")
    with pytest.raises(mv.InvalidArgumentError, match="is a folder"):
        mv.write_panel(p, tmp_path)
    # whole or not at all: a write that fails half-way (a Stata name too long) leaves the earlier file
    before = (tmp_path / "p.dta").read_bytes()
    with pytest.raises(mv.InvalidArgumentError, match="32 characters"):
        mv.write_panel(p.rename(columns={"sum_igo_full": "x" * 40}), tmp_path / "p.dta")
    assert (tmp_path / "p.dta").read_bytes() == before
    assert sorted(f.name for f in tmp_path.iterdir()) == ["p.csv", "p.dta", "p.parquet"]


def test_report_labels_are_the_resolvers_labels():
    from multivector.data._store import get_store
    from multivector.engine._resolve import state_label
    from multivector.panels._keys import label

    codes = get_store().table("states").ccode.unique()
    assert len(codes) == 217 and all(label(c) == state_label(c) for c in codes)
