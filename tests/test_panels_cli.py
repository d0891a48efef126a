"""The CLI's ``panel`` command: a thin face over ``mv.panel`` (same figures, files with every column)."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import multivector as mv


def test_panel_dyad_years_to_stata_with_labels(runner, cli, tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    out, cb = tmp_path / "panel.dta", tmp_path / "codebook.csv"
    r = runner.invoke(cli, ["panel", "--unit", "dyad-year", "--from", "2013", "--to", "2014",
                            "--add", "igos,un-agreement", "-o", str(out), "--codebook", str(cb)])
    assert r.exit_code == 0, r.output
    back, meta = pyreadstat.read_dta(str(out))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lib = mv.panel("dyad-year", (2013, 2014), add="igos,un-agreement")
    assert len(back) == len(lib) == len(mv.dyad_years((2013, 2014)))
    assert list(back.columns) == list(lib.columns)
    for c in ("dyadigos", "un_agree", "un_votes"):
        assert back[c].tolist() == pytest.approx(lib[c].to_numpy(dtype="float64", na_value=float("nan")).tolist(), nan_ok=True)
    assert meta.column_names_to_labels["dyadigos"] == "Joint IGO memberships (full or associate)"
    book = pd.read_csv(cb)
    assert book.column.tolist() == list(lib.columns) and book.citation.str.contains("Pevehouse").any()


def test_panel_table_fits_and_names_the_rest(runner, cli):
    r = runner.invoke(cli, ["panel", "-u", "dyad-year", "--year", "2014", "--add", "igos,igo-similarity,un-agreement"],
                      env={"COLUMNS": "100"})
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    head = [line for line in lines if "ccode1" in line][0]
    assert len(head) <= 100 and "dyadigos" in head
    text = " ".join(r.stdout.split())
    assert "more columns (" in text and "un_votes" in text and "--columns all" in text  # the rest is named
    r = runner.invoke(cli, ["panel", "-u", "dyad-year", "--year", "2014", "--add", "igos", "--columns",
                            "ccode1,ccode2,dyadigos"], env={"COLUMNS": "100"})
    assert [line for line in r.stdout.splitlines() if "ccode1" in line][0].split() == ["┃", "ccode1", "┃", "ccode2",
                                                                                        "┃", "dyadigos", "┃"]


def test_panel_input_file_with_iso_codes(runner, cli, tmp_path):
    src = tmp_path / "mine.csv"
    src.write_text("iso3c,year,gdp\nKAZ,2014,1\nHKG,2014,2\nNA,2010,3\n")
    out = tmp_path / "out.csv"
    r = runner.invoke(cli, ["panel", "--input", str(src), "--add", "igos", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "Note: add_igos: 1 key value matched no COW state: HKG (1 row)" in r.stderr
    got = pd.read_csv(out, keep_default_na=False, na_values=[""])
    assert got.iso3c.tolist() == ["KAZ", "HKG", "NA"]  # Namibia's "NA" kept as a code, not read as missing
    assert got.ccode.tolist()[0] == 705 and got.ccode.tolist()[2] == 565
    assert got.sum_igo_full.tolist()[0] == 55 and pd.isna(got.sum_igo_full.tolist()[1])


@pytest.mark.parametrize("args, match", [
    (["panel", "--unit", "country-year"], "valid: state-year, dyad-year"),
    (["panel", "--add", "alliances"], "needs a dyad-year panel"),
    (["panel", "-u", "dyad", "--add", "igos,blah"], "unknown measure 'blah'"),
    (["panel", "--from", "1700"], "outside the COW state system"),
    (["panel", "--lag", "-1", "--add", "igos"], "negative"),
    (["panel", "--input", "nope.csv"], "no such file"),
    (["panel", "--year", "2014", "-o", "x.xlsx"], "cannot tell the format"),
    (["panel", "--year", "2014", "--add", "igos", "--bootstrap", "100"], "bootstrap: applies to tilt, hedging, evenness"),
    (["panel", "--year", "2014", "--add", "tilt", "--tilt-channel", "econ"], "tilt_channel: unknown channel 'econ'"),
    (["panel", "--year", "2014", "--add", "tilt", "--pillar-channel", "diplomatic"], "pillar_channel: applies to"),
    (["panel", "--year", "2014", "--add", "evenness", "--pillar-channel", "security"], "unknown channel 'security'"),
])
def test_panel_errors_are_one_line(runner, cli, args, match):
    r = runner.invoke(cli, args)
    assert r.exit_code == 1
    assert match in r.stderr and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.output


def test_panel_damaged_input_is_one_line(runner, cli, tmp_path):
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 not really")
    r = runner.invoke(cli, ["panel", "--input", str(bad), "--add", "igos"])
    assert r.exit_code == 1 and "cannot read" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    both = tmp_path / "ok.csv"
    both.write_text("ccode,year\n2,2000\n")
    r = runner.invoke(cli, ["panel", "--input", str(both), "--from", "2000"])
    assert r.exit_code == 1 and "not both" in r.stderr


def test_panel_input_stata_and_parquet_with_keys(runner, cli, tmp_path):
    pytest.importorskip("pyreadstat")
    mine = pd.DataFrame({"a": ["RUS", "KAZ"], "b": ["KAZ", "CHN"], "yr": [2014, 2014], "trade": [1.5, 2.5]})
    for suffix in (".dta", ".parquet"):
        src = tmp_path / f"mine{suffix}"
        mv.write_panel(mine, src)
        out = tmp_path / f"out{suffix}.csv"
        r = runner.invoke(cli, ["panel", "-i", str(src), "--keys", "a,b,yr", "--add", "igos,alliances", "-o", str(out)])
        assert r.exit_code == 0, r.output
        got = pd.read_csv(out)
        assert got.ccode1.tolist() == [365, 705] and got.ccode2.tolist() == [705, 710]
        assert got.dyadigos.tolist()[0] == 47 and got.trade.tolist() == [1.5, 2.5]
        assert got.atop_defense.tolist() == [1, 0]  # Russia-Kazakhstan defense pact; Kazakhstan-China none in ATOP 2014


def test_panel_alignment_measures_equal_the_library(runner, cli, tmp_path):
    """``--add tilt,hedging,evenness,pillar-alignment`` with their options: the library's figures."""
    out = tmp_path / "sy.csv"
    r = runner.invoke(cli, ["panel", "--year", "2014", "--add", "tilt,hedging,evenness,pillar-alignment",
                            "--tilt-channel", "all", "--components", "--bootstrap", "50", "--seed", "5",
                            "--chance", "50", "-o", str(out)])
    assert r.exit_code == 0, r.output
    got = pd.read_csv(out).set_index("ccode")
    t = mv.tilt(None, 2014, channel="all", bootstrap=50, seed=5)
    comb = t[t.channel == "combined"].set_index("ccode")
    assert got.loc[comb.index, "tilt"].tolist() == pytest.approx(comb.tilt.tolist(), abs=1e-12)
    assert got.loc[comb.index, "tilt_lo"].tolist() == pytest.approx(comb.tilt_lo.tolist(), abs=1e-12)
    h = mv.hedging(None, 2014, bootstrap=50, seed=5).set_index("ccode")
    assert got.loc[h.index, "hedging_hi"].tolist() == pytest.approx(h.hedging_hi.tolist(), abs=1e-12)
    assert got.loc[705, "commitment_via"] == "CSTO"
    e = mv.evenness(None, 2014, bootstrap=50, seed=5, chance=50).set_index("ccode")
    assert got.loc[e.index, "evenness_chance_lo"].tolist() == pytest.approx(e.chance_lo.tolist(), abs=1e-12, nan_ok=True)
    assert got.loc[705, "dominant_pillar"] == "russia" and got.loc[705, "share_russia"] == pytest.approx(0.493056, abs=1e-6)
    assert "provisional" not in r.stderr  # 2014: nothing provisional
    r = runner.invoke(cli, ["panel", "--year", "2016", "--add", "tilt,pillar-alignment", "--pillar-channel",
                            "diplomatic", "--columns", "ccode,tilt,un_share_china"])
    assert r.exit_code == 0, r.output
    assert "provisional tilt" in " ".join(r.stderr.split()) and "un_share_china" in r.stdout
