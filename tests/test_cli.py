"""The membership commands through Typer's runner: output, formats, errors."""

from __future__ import annotations

import json

import pandas as pd
import pytest


def run(runner, cli, *args):
    return runner.invoke(cli, list(args))


def test_members_csv(runner, cli):
    r = run(runner, cli, "members", "SCO", "--year", "2014", "--format", "csv")
    assert r.exit_code == 0, r.output
    lines = r.stdout.strip().splitlines()
    assert lines[0] == "ioname,year,ccode,stateabb,statenme,status,status_label"
    assert [l.split(",")[3] for l in lines[1:]] == ["RUS", "TAJ", "KYR", "UZB", "KZK", "CHN"]


def test_portfolio_table(runner, cli):
    r = run(runner, cli, "portfolio", "Kazakhstan", "--from", "1991", "--to", "2014")
    assert r.exit_code == 0, r.output
    assert "Kazakhstan (KZK, 705)" in r.stdout
    assert "2014" in r.stdout and "1991" in r.stdout


def test_portfolio_json_keeps_missing_as_null(runner, cli):
    r = run(runner, cli, "portfolio", "KZ", "--from", "1991", "--to", "1992", "-f", "json")
    rows = json.loads(r.stdout)
    assert rows[0]["year"] == 1991 and rows[0]["joins"] is None and rows[0]["initial"] == 5
    assert rows[1]["joins"] == 15


@pytest.mark.parametrize("fmt", ["parquet", "dta", "csv", "json"])
def test_file_outputs(runner, cli, tmp_path, fmt):
    out = tmp_path / f"p.{fmt}"
    r = run(runner, cli, "portfolio", "Kazakhstan", "--from", "2000", "--to", "2014", "-o", str(out))
    assert r.exit_code == 0, r.output
    if fmt == "parquet":
        df = pd.read_parquet(out)
    elif fmt == "dta":
        df = pd.read_stata(out)
    elif fmt == "csv":
        df = pd.read_csv(out)
    else:
        df = pd.read_json(out)
    assert len(df) == 15 and int(df.loc[df.year == 2014, "full"].iloc[0]) == 55


def test_memberships_and_orgs_and_states(runner, cli):
    r = run(runner, cli, "memberships", "GDR", "--year", "1975", "-f", "csv")
    assert r.exit_code == 0 and ",wpact,warsaw treaty org,1,full" in r.stdout.lower()
    r = run(runner, cli, "orgs", "shanghai", "-f", "csv")
    assert r.exit_code == 0 and "sco," in r.stdout
    r = run(runner, cli, "states", "--year", "1992", "-f", "csv")
    assert r.exit_code == 0 and "\n705,KZK," in r.stdout


def test_cite(runner, cli):
    r = run(runner, cli, "cite", "--bibtex")
    assert r.exit_code == 0 and "@article{pevehouse2020igo" in r.stdout
    r = run(runner, cli, "cite", "unga")
    assert "Voeten" in r.stdout and "Pevehouse" not in r.stdout


def test_data_info(runner, cli):
    r = run(runner, cli, "data", "info")
    assert r.exit_code == 0 and "4,615 differ" in r.stdout
    r = run(runner, cli, "data", "info", "--json")
    assert json.loads(r.stdout)["tables"]["un_votes"]["rows"] == 870109


@pytest.mark.parametrize(
    "args, message",
    [
        (["portfolio", "Kazakstan"], "Error: Unknown state 'Kazakstan'. Did you mean: Kazakhstan (KZK, 705)"),
        (["portfolio", "Kazakhstan", "--from", "2030"], "Error: years: 2030 is outside the IGO data (1816-2014)"),
        (["members", "SCO", "--year", "1700"], "Error: years: 1700 is outside the IGO data (1816-2014)"),
        (["members", "Shangai Coopration Org", "--year", "2014"], "Error: Unknown organization"),
        (["members", "SCO", "--status", "ful"], "Error: status: unknown status 'ful'"),
        (["portfolio", "KZ", "-f", "xlsx"], "Error: --format: unknown format 'xlsx'"),
        (["portfolio", "KZ", "-f", "parquet"], "Error: --format parquet writes a binary file"),
        (["members", "SCO", "--year", "2014", "--from", "2000"], "Error: give either --year or --from/--to"),
        (["cite", "wikipedia"], "Error: sources: unknown source 'wikipedia'"),
    ],
)
def test_user_errors_are_one_line(runner, cli, args, message):
    r = runner.invoke(cli, args)
    assert r.exit_code == 1
    assert r.stderr.strip().splitlines() == [r.stderr.strip()], "one line only"
    assert r.stderr.startswith(message), r.stderr
    assert "Traceback" not in r.output


def test_usage_error_exit_2(runner, cli):
    r = runner.invoke(cli, ["members", "SCO", "--yeer", "2014"])
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_build_errors_are_one_line(runner, cli, tmp_path):
    r = runner.invoke(cli, ["data", "build", "--source-dir", str(tmp_path), "--out-dir", str(tmp_path / "o")])
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: source file not found:")


def test_every_command_has_help(runner, cli):
    """Walk all commands (datasette-style): each has a help text and --help works."""
    import typer.main

    group = typer.main.get_command(cli)

    def walk(cmd, path):
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                yield from walk(sub, path + [name])
        else:
            yield path, cmd

    n = 0
    for path, cmd in walk(group, []):
        assert (cmd.help or "").strip(), f"{' '.join(path)} lacks help"
        r = runner.invoke(cli, path + ["--help"])
        assert r.exit_code == 0, path
        n += 1
    assert n >= 8
