"""Terminal tables for people (multivector.cli._output): the few human columns, fitted to 80 and 100 columns,
one line naming the rest; machine formats complete; --version, switches and output suffixes."""

from __future__ import annotations

import pandas as pd
import pytest
from rich.cells import cell_len

EVERYDAY = [
    ["portfolio", "Kazakhstan", "--from", "1991", "--to", "2014"],
    ["evenness", "Kazakhstan", "--from", "2012", "--to", "2014", "--bootstrap", "200"],
    ["tilt", "Kazakhstan", "--from", "2012", "--to", "2014", "--channel", "all", "--bootstrap", "200"],
    ["hedging", "Kazakhstan", "--from", "2012", "--to", "2014", "--bootstrap", "200"],
    ["alliances", "Kazakhstan", "--from", "2012", "--to", "2014"],
    ["compare", "post-soviet", "--from", "1992", "--to", "2014"],
    ["rank", "--group", "post-soviet", "--measure", "joins", "--from", "1992", "--to", "2014"],
    ["members", "SCO", "--year", "2014"],
    ["memberships", "Kazakhstan", "--year", "2014"],
    ["orgs", "union"],
    ["signatures", "--year", "2014"],
    ["dyads", "--year", "2014", "--states", "KZK,RUS,CHN"],
    ["un-agreement", "--year", "2014", "--states", "KZK,RUS,CHN"],
    ["periods", "Kazakhstan", "--bootstrap", "100"],
    ["engagements", "Kazakhstan"],
]


def _run(runner, cli, args, width):
    return runner.invoke(cli, args, env={"COLUMNS": str(width)})


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("args", EVERYDAY, ids=lambda a: " ".join(a[:2]))
def test_everyday_tables_fit_the_terminal_and_name_the_rest(runner, cli, args, width):
    r = _run(runner, cli, args, width)
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    widest = max(cell_len(line) for line in lines)
    assert widest <= width, f"{widest} > {width}:\n{r.stdout}"
    # no cell is folded over several lines: every body row of the table is one line between its borders
    body = [line for line in lines if line.startswith("│")]
    header = next(line for line in lines if line.startswith("┃"))
    assert all(line.count("│") == header.count("┃") for line in body)
    assert any("more column" in line for line in lines) or "--columns all" in r.stdout


def test_evenness_shows_the_measure_with_its_interval_and_chance_band(runner, cli):
    from multivector import evenness

    r = _run(runner, cli, ["evenness", "Kazakhstan", "--from", "2014", "--to", "2014"], 100)
    b = evenness("Kazakhstan", 2014).iloc[0]  # the library's own figures, default seed
    cell = f"{b.evenness:.3f} [{b.evenness_lo:.2f}-{b.evenness_hi:.2f}]"
    out = r.stdout.replace("\n", " ")
    assert cell in r.stdout and "Russia" in r.stdout and f"{100 * b.share_russia:.0f}%" in r.stdout
    assert f"{b.chance_mean:.3f} [{b.chance_lo:.2f}-{b.chance_hi:.2f}]" in r.stdout or "more column" in out
    assert "columns" not in out or "more column" in out


def test_hedging_and_tilt_tables_fit_and_read_negative_intervals(runner, cli):
    from multivector import tilt

    r = _run(runner, cli, ["tilt", "Kazakhstan", "--from", "2014", "--to", "2014"], 100)
    t = tilt("Kazakhstan", 2014).iloc[0]
    assert f"{t.tilt:.3f} [{t.tilt_lo:.2f} to {t.tilt_hi:.2f}]" in r.stdout  # no minus sign read as a dash
    r = _run(runner, cli, ["hedging", "Uzbekistan", "--from", "2014", "--to", "2014"], 80)
    assert "Hedging" in r.stdout and r.exit_code == 0


def test_portfolio_marks_the_2014_coding_gap(runner, cli):
    r = _run(runner, cli, ["portfolio", "Kazakhstan", "--from", "2013", "--to", "2014"], 100)
    row = next(line for line in r.stdout.splitlines() if line.startswith("│ 2014"))
    cells = [c.strip() for c in row.strip("│").split("│")]
    assert cells[:2] == ["2014", "55"] and cells[-1] == "2"  # Gap: ICAO and TURKSOY, coded -9 for every state
    assert "ICAO, TURKSOY" in r.stdout.replace("\n", " ") and "not exits" in r.stdout.replace("\n", " ")
    # files keep the library's columns, unchanged
    csv = runner.invoke(cli, ["portfolio", "Kazakhstan", "--from", "2013", "--to", "2014", "-f", "csv"]).stdout
    assert csv.splitlines()[0].split(",") == list(__import__("multivector").portfolio("KZK", 2014).columns)


def test_columns_all_and_named(runner, cli):
    import multivector as mv

    r = _run(runner, cli, ["portfolio", "KZK", "--from", "2014", "--to", "2014", "--columns", "all"], 300)
    head = next(line for line in r.stdout.splitlines() if line.startswith("┃"))
    assert [h.strip() for h in head.strip("┃").split("┃")][:-1] == list(mv.portfolio("KZK", 2014).columns)
    r = _run(runner, cli, ["portfolio", "KZK", "--from", "2014", "--to", "2014", "--columns", "year,missing"], 80)
    head = next(line for line in r.stdout.splitlines() if line.startswith("┃"))
    assert [h.strip() for h in head.strip("┃").split("┃")] == ["year", "missing"]
    r = _run(runner, cli, ["portfolio", "KZK", "--columns", "year,foo"], 80)
    assert r.exit_code == 1 and "--columns: unknown column 'foo'; valid: all, ccode, year" in r.stderr


def test_version_switches_and_suffixes(runner, cli, tmp_path):
    from importlib.metadata import version

    r = runner.invoke(cli, ["--version"])
    assert r.exit_code == 0 and r.stdout.strip() == f"multivector {version('multivector')}"
    # a switch shows no <bool> type in help, and a value after it is refused in one clear sentence, everywhere
    h = runner.invoke(cli, ["portfolio", "--help"], env={"COLUMNS": "120"}).stdout
    assert "<bool>" not in h and "--extended" in h
    for args in (["portfolio", "KZK", "--extended", "true"], ["portfolio", "--extended", "TRUE", "KZK"],
                 ["dyads", "--year", "2014", "--directed", "1"]):
        r = runner.invoke(cli, args)
        assert r.exit_code == 2 and "is a switch and takes no value" in r.output, r.output
    # an output file whose suffix names no format is an error naming the valid ones, and nothing is written
    r = runner.invoke(cli, ["portfolio", "KZK", "-o", str(tmp_path / "x.xlsx")])
    assert r.exit_code == 1 and "valid suffixes: .csv, .json, .parquet, .pq, .dta, .txt" in r.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_fit_cuts_columns_from_the_right_and_shortens_long_text():
    from multivector.cli._output import col, fit

    d = pd.DataFrame({"year": [2014], "name": ["x" * 120], "n": [3]})
    shown, rest, _ = fit(d, lambda f: [col("year"), col("name", numeric=False), col("n")], None, 40)
    assert list(shown.columns) == ["year", "name"] and rest == ["n"]
    assert shown.name[0].endswith("…") and len(shown.name[0]) == 40 - (4 + 3) - 1 - 3


def test_report_refuses_an_unknown_suffix(runner, cli, tmp_path):
    r = runner.invoke(cli, ["report", "KZK", "-o", str(tmp_path / "k.docx")])
    assert r.exit_code == 1 and "valid suffixes: .html, .htm, .pdf, .md, .markdown" in r.stderr
    assert not (tmp_path / "k.docx").exists()
