"""Bad input, as a new user types it: every command and public function answers
with one clear line (CLI: ``Error: ...`` on stderr, exit 1; usage errors exit 2),
never a traceback, an empty table or a 0 where an error is due.

Each case pins the start of the message. The years of the state system were
checked in ``../shared/data/cow-states/states2016.csv`` (Kazakhstan, 705:
1991-12-26 to 2016-12-31; German Democratic Republic, 265: 1954-1990).
"""

from __future__ import annotations

import pytest

import multivector as mv

KZK = "Kazakhstan (KZK, 705)"
NOT_1850 = f"Error: years: {KZK} was not in the state system in 1850"

# (arguments, start of the one-line error)
CLI_CASES = [
    # unknown and misspelt names
    (["memberships", "Kazakstan"], f"Error: Unknown state 'Kazakstan'. Did you mean: {KZK}"),
    (["evenness", "Kazakstan", "-b", "0"], f"Error: Unknown state 'Kazakstan'. Did you mean: {KZK}"),
    (["dyad", "Kazakstan", "Russia"], f"Error: Unknown state 'Kazakstan'. Did you mean: {KZK}"),
    (["what-if", "Kazakstan", "--year", "2000", "--join", "sco"], f"Error: Unknown state 'Kazakstan'. Did you mean: {KZK}"),
    (["records", "list", "--state", "Kazakstan"], f"Error: Unknown state 'Kazakstan'. Did you mean: {KZK}"),
    (["portfolio", ""], "Error: Unknown state ''."),
    (["members", "Shangai Coopration Org", "--year", "2014"], "Error: Unknown organization"),
    (["orgs", "shangai"], "Error: Unknown organization 'shangai'. Did you mean: SCO (Shanghai Cooperation Organisation)"),
    (["orgs", "zzzzqqq"], "Error: Unknown organization 'zzzzqqq'."),
    (["compare", "post-sovet"], "Error: Unknown peer group or state 'post-sovet'; groups: post-soviet,"),
    (["compare", "post-soviet", "Russia"], "Error: group: 'post-soviet' is a peer group; give one group alone, or states only"),
    (["dyads", "--year", "2000", "--states", "Kazakhstan; Russia"],
     "Error: Unknown state 'Kazakhstan; Russia'. Did you mean: Russia (RUS, 365); Kazakhstan (KZK, 705)"),
    # impossible years and ranges
    (["states", "--year", "1700"], "Error: year: 1700 is outside the COW state system (1816-2016)"),
    (["memberships", "Kazakhstan", "--from", "2010", "--to", "2000"], "Error: years: start year 2010 is after end year 2000"),
    (["dyads", "--year", "2100"], "Error: years: 2100 is outside the IGO data (1816-2014)"),
    (["un-agreement", "--year", "1930"], "Error: years: 1930 is outside the UN voting data (1946-2019)"),
    (["evenness", "Kazakhstan", "-c", "diplomatic", "--from", "2020", "-b", "0"], "Error: years: 2020 is outside the UN voting data (1946-2019)"),
    (["un-agreement", "--sessions", "80"], "Error: sessions: 80 is outside the UN sessions (1-74)"),
    (["un-agreement", "--sessions", "74-1"], "Error: sessions: start session 74 is after end session 1"),
    (["memberships", "Kazakhstan", "--extended", "--from", "2100"], "Error: years: 2100 is outside the extended panel (1816-2025)"),
    (["what-if", "Kazakhstan", "--year", "1700", "--join", "sco"], "Error: year: 1700 is outside the IGO data (1816-2014)"),
    (["evenness", "Kazakhstan", "--from", "2015", "-b", "0"],
     "Error: years: 2015 is outside the IGO data (1816-2014); add --extended for the provisional panel after it"),
    (["signatures", "--year", "2020"], "Error: year: 2020 is outside the IGO data (1816-2014); add --extended"),
    # years outside the state's life: an error, not an empty table (or zeros)
    (["memberships", "Kazakhstan", "--year", "1850"], NOT_1850 + " (it was in 1991-2016)"),
    (["portfolio", "Kazakhstan", "--from", "1850", "--to", "1860"], NOT_1850 + "-1860"),
    (["evenness", "Kazakhstan", "--from", "1850", "--to", "1852", "-b", "0"], NOT_1850 + "-1852"),
    (["evenness", "Kazakhstan", "-c", "diplomatic", "--from", "1946", "--to", "1948", "-b", "0"],
     f"Error: years: {KZK} was not in the state system in 1946-1948"),
    (["alignment", "Kazakhstan", "--year", "1850"], NOT_1850),
    (["engagements-by-category", "Kazakhstan", "--from", "1850", "--to", "1860"], NOT_1850),
    (["dyads", "--year", "1850", "--states", "Kazakhstan,Russia"], NOT_1850),
    (["dyad", "Kazakhstan", "Russia", "--year", "1850"], NOT_1850),
    (["un-agreement", "--year", "1950", "--states", "Kazakhstan,Russia"],  # the UN data decide (Belarus votes from 1946)
     f"Error: years: {KZK} cast no UN General Assembly vote in 1950 (it voted in 1992-2019)"),
    (["activism", "Kazakhstan", "--from", "1850", "--to", "1860"], NOT_1850),
    # ... and outside the UN on the diplomatic channel (votes checked in the UNGA file: Taiwan 1946-1971, Switzerland from 2002)
    (["un-agreement", "--year", "2000", "--states", "Taiwan"],
     "Error: years: Taiwan (TAW, 713) cast no UN General Assembly vote in 2000 (it voted in 1946-1971)"),
    (["evenness", "Switzerland", "-c", "diplomatic", "--from", "1995", "--to", "2000", "-b", "0"],
     "Error: years: Switzerland (SWZ, 225) cast no UN General Assembly vote in 1995-2000 (it voted in 2002-2019)"),
    (["alignment", "Taiwan", "-c", "diplomatic", "--year", "2000"], "Error: years: Taiwan (TAW, 713) cast no UN General Assembly vote"),
    (["activism", "GDR"], "Error: years: German Democratic Republic (GDR, 265) was not in the state system in 2015-2025 (it was in 1954-1990)"),
    (["portfolio", "GDR", "--from", "2000", "--extended"],
     "Error: years: German Democratic Republic (GDR, 265) was not in the state system in 2000-2025 (it was in 1954-1990). "
     "Did you mean: Germany (GMY, 255)?"),
    (["memberships", "East Germany", "--year", "2000"],
     "Error: years: German Democratic Republic (GDR, 265) was not in the state system in 2000 (it was in 1954-1990). "
     "Did you mean: Germany (GMY, 255)?"),
    (["memberships", "Korea", "--year", "2000"],  # COW's Korea is the kingdom of 1887-1905: the user chooses
     "Error: state 'Korea' is ambiguous; it matches: South Korea (ROK, 732); North Korea (PRK, 731); "
     "Korea (KOR, 730), 1887-1905."),
    (["compare", "Kazakhstan", "Russia", "--from", "1850", "--to", "1860"], NOT_1850),
    (["compare", "central-asia", "--from", "1850", "--to", "1860"], "Error: years: no state of the group 'central-asia' was in the state system in 1850-1860"),
    (["rank", "--group", "central-asia", "--from", "1850", "--to", "1860"], "Error: years: no state of the group 'central-asia'"),
    # ... and organizations outside theirs (COW IGO-year file: SCO 1996-2014, Warsaw Pact 1955-1991)
    (["members", "SCO", "--year", "1990"], "Error: years: SCO (Shanghai Cooperation Organisation) did not exist in 1990 (it did in 1996-2014)"),
    (["dyad", "Kazakhstan", "Russia", "--year", "2000", "--orgs", "wpact"],
     "Error: orgs: WPACT (Warsaw Treaty Org) did not exist in 2000 (it did in 1955-1991); add --include-not-alive to list it anyway"),
    # empty strings and lists of nothing
    (["cite", ""], "Error: sources: none given; valid: cow_igo, cow_states, unga, atop, unga_idealpoints, iigo, migo, records"),
    (["cite", ",,"], "Error: sources: none given;"),
    (["dyads", "--year", "2000", "--states", ","], "Error: states: no state in ','"),
    (["dyad", "Kazakhstan", "Russia", "--year", "2000", "--orgs", ","], "Error: orgs: no organization in ','"),
    (["members", "SCO", "--status", "full,,associate"], "Error: status: unknown status ''; valid: full, associate"),
    (["engagements", "Kazakhstan", "--records", ""], "Error: records: empty file name"),
    (["dyad", "KZ", "RU", "--year", "2000", "--status", ""], "Error: status: no dyad status in ''; valid: joint, not_joint, missing, not_alive"),
    # unknown values of options: the message lists the valid ones
    (["pillars", "-p", "foo"], "Error: Unknown pillar 'foo'. Valid: russia, china, usa, eu, turkey."),
    (["evenness", "Kazakhstan", "-p", "rusia", "-b", "0"], "Error: Unknown pillar 'rusia'. Did you mean: russia"),
    (["evenness", "Kazakhstan", "-c", "foo", "-b", "0"], "Error: channel: unknown channel 'foo'; valid: institutional, diplomatic"),
    (["evenness", "Kazakhstan", "-m", "foo", "-b", "0"], "Error: method: 'foo' is not a method of the institutional channel; valid: signature, kappa"),
    (["rank", "--measure", "share_foo"], "Error: measure: unknown measure 'share_foo'; valid: joins,"),
    (["signatures", "--year", "2000", "--category", "foo"], "Error: category: unknown category 'foo'; valid: western,"),
    (["dyads", "--year", "2000", "--measures", "foo"], "Error: measures: unknown measure 'foo'; valid: joint,"),
    (["un-agreement", "--year", "2000", "--issues", "foo"], "Error: issues: unknown issue 'foo'; valid: me"),
    (["own-initiatives", "Kazakhstan", "--rule", "foo"], "Error: rule: unknown membership rule 'foo'; valid: majority, any, all"),
    (["orgs", "--kind", "foo"], "Error: kind: unknown functional type 'foo'; valid: political, social, economic"),
    (["records", "list", "--event", "foo"], "Error: event: unknown event 'foo'; valid: founded_as_member,"),
    (["states", "-f", "xlsx"], "Error: --format: unknown format 'xlsx'; valid: table, csv, json, parquet, dta"),
    # numbers out of their domain
    (["change-points", "Kazakhstan", "--permutations", "-1"], "Error: permutations: must be an integer from 0 to 100,000, got -1"),
    (["change-points", "Kazakhstan", "--min-size", "0"], "Error: min_size: must be an integer from 1 to 10,000, got 0"),
    (["change-points", "Kazakhstan", "--seed", "-1", "--permutations", "0"], "Error: seed must be a whole number >= 0, not -1."),
    (["evenness", "Kazakhstan", "--level", "1.5", "-b", "10"], "Error: level: confidence level must be between 0 and 1, got 1.5"),
    (["evenness", "Kazakhstan", "--seed", "-1", "-b", "5"], "Error: seed must be a whole number >= 0, not -1."),
    (["periods", "Kazakhstan", "--periods", "2000-1990", "-b", "0"], "Error: periods: 2000-1990 starts after it ends"),
    # missing or corrupted files
    (["pillars", "-p", "/nonexistent/pillars.toml"], "Error: pillars: file not found: /nonexistent/pillars.toml"),
    (["engagements", "Kazakhstan", "--records", "/nonexistent/records.csv"], "Error: /nonexistent/records.csv: no such records file"),
    # a state the records do not cover: its activism would be all zeros for want of data
    (["activism", "Tuvalu"], "Error: No records for Tuvalu (TUV, 947): the records cover"),
    (["--data-dir", "/nonexistent/data", "states"],  # the hint names the folder (it named the package's data before)
     "Error: No built data in /nonexistent/data: run 'multivector data build --out-dir /nonexistent/data' first"),
]


@pytest.mark.parametrize("args, message", CLI_CASES, ids=[" ".join(a)[:60] for a, _ in CLI_CASES])
def test_cli_bad_input_is_one_line(runner, cli, args, message):
    r = runner.invoke(cli, args)
    assert r.exit_code == 1, (r.exit_code, r.output)
    assert "Traceback" not in r.output and (r.exception is None or isinstance(r.exception, SystemExit))
    assert r.stdout == "", "nothing on stdout when the answer is an error"
    assert r.stderr.strip().splitlines() == [r.stderr.strip()], "one line only"
    assert r.stderr.startswith(message), r.stderr


def test_a_wrong_separator_gets_a_hint(runner, cli):
    r = runner.invoke(cli, ["alignment", "Kazakhstan|Russia", "--year", "2000"])
    assert r.exit_code == 1 and r.stderr.rstrip().endswith("? Separate several states with commas.")
    r = runner.invoke(cli, ["periods", "Kazakhstan,,Russia", "-b", "0"])  # a command of one state
    assert r.exit_code == 1 and r.stderr.rstrip().endswith("? Give one state here.")


def test_cli_usage_errors_exit_2(runner, cli):
    for args in (["evenness", "Kazakhstan", "--bootstrap", "many"], ["members"], ["dyads", "--year", "1990s"]):
        r = runner.invoke(cli, args)
        assert r.exit_code == 2 and "Traceback" not in r.output, args


@pytest.fixture
def bad_files(tmp_path):
    (tmp_path / "bad.toml").write_text("this is [not toml\n")
    (tmp_path / "empty.toml").write_text("")
    (tmp_path / "backwards.toml").write_text('[[pillar]]\nname = "A"\nstates = [{ state = "Germany", from = 2000, to = 1990 }]\n')
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n")
    (tmp_path / "folder").mkdir()
    return tmp_path


@pytest.mark.parametrize("args, message", [
    (["pillars", "-p", "{d}/bad.toml"], "Error: pillars: bad.toml is not valid TOML"),
    (["pillars", "-p", "{d}/empty.toml"], "Error: pillars: empty.toml defines no [[pillar]] tables"),
    (["pillars", "-p", "{d}/backwards.toml"], "Error: pillars: an entry of 'A' runs from 2000 to 1990: 'from' is after 'to'"),
    (["pillars", "-p", "{d}/folder"], "Error: pillars: {d}/folder is not a file"),
    (["activism", "Kazakhstan", "--records", "{d}/bad.csv"], "Error: {d}/bad.csv:1: missing column(s)"),
    # output to a path that cannot be written: one line, for every format
    (["states", "-o", "{d}/missing/out.csv"], "Error: --output: cannot write '{d}/missing/out.csv': folder '{d}/missing' does not exist"),
    (["states", "-o", "{d}/missing/out.dta"], "Error: --output: cannot write '{d}/missing/out.dta': folder"),
    (["states", "-o", "{d}/folder"], "Error: --output: '{d}/folder' is a folder; give a file name, e.g. '{d}/folder/out.csv'"),
    (["dyads", "--year", "2000", "--states", "KZ", "-o", "{d}/folder", "-f", "csv"], "Error: --output: '{d}/folder' is a folder"),
    (["portfolio", "KZ", "-o", "{d}/bad.csv/out.parquet"], "Error: --output: cannot write '{d}/bad.csv/out.parquet': folder '{d}/bad.csv' is a file, not a folder"),
    # the brief follows the same rule (it created folders up to the filesystem root, and gave IsADirectoryError)
    (["report", "KZ", "-o", "{d}/missing/k.html"], "Error: --output: cannot write '{d}/missing/k.html': folder '{d}/missing' does not exist"),
    (["report", "KZ", "-o", "{d}/folder"], "Error: --output: '{d}/folder' is a folder; give a file name"),
])
def test_cli_bad_files_are_one_line(runner, cli, bad_files, args, message):
    d = str(bad_files)
    r = runner.invoke(cli, [a.format(d=d) for a in args])
    assert r.exit_code == 1, r.output
    assert r.stderr.strip().splitlines() == [r.stderr.strip()], "one line only"
    assert r.stderr.startswith(message.format(d=d)), r.stderr


def test_records_validate_missing_file_names_it_once(runner, cli, tmp_path):
    """Before: a TypeError (a missing line number is pandas NA); the message repeated the path."""
    r = runner.invoke(cli, ["records", "validate", str(tmp_path / "nowhere.csv")])
    assert r.exit_code == 1 and (r.exception is None or isinstance(r.exception, SystemExit))
    assert r.stderr.splitlines() == [f"{tmp_path / 'nowhere.csv'}: no such records file", "Error: 1 problem in the records."]


@pytest.mark.parametrize("name, make, message", [
    ("folder.csv", lambda p: p.mkdir(), "is a folder, not a records file"),
    ("folder.yaml", lambda p: p.mkdir(), "is a folder, not a records file"),
    ("latin1.csv", lambda p: p.write_bytes(b"\xff\xfe\x00garbage\n"), "is not UTF-8 text (save it as UTF-8)"),
    ("empty.csv", lambda p: p.write_text(""), "is empty; a records CSV needs a header line"),
])
def test_unreadable_records_files_say_why(runner, cli, tmp_path, name, make, message):
    """Before: 'cannot read CSV: IsADirectoryError: [Errno 21] ...' and the like."""
    make(tmp_path / name)
    r = runner.invoke(cli, ["engagements", "KZ", "--records", str(tmp_path / name)])
    assert r.exit_code == 1 and r.stderr == f"Error: {tmp_path / name}: {message}\n"


def test_an_empty_timeline_says_the_records_do_not_cover_the_state(runner, cli):
    r = runner.invoke(cli, ["engagements", "Tuvalu"])
    assert r.exit_code == 0 and "No records for Tuvalu (TUV, 947): the records cover" in r.stdout


def test_a_missing_records_file_from_the_environment_says_so(runner, cli, monkeypatch):
    monkeypatch.setenv("MULTIVECTOR_RECORDS", "/nonexistent/records.csv")
    r = runner.invoke(cli, ["engagements", "Kazakhstan"])
    assert r.exit_code == 1
    assert r.stderr == "Error: /nonexistent/records.csv: no such records file (listed in MULTIVECTOR_RECORDS)\n"


def test_no_extended_hint_where_it_would_not_help(runner, cli):
    for args in (["members", "SCO", "--year", "2020"], ["memberships", "Kazakhstan", "--year", "1700"]):
        r = runner.invoke(cli, args)
        assert r.exit_code == 1 and "--extended" not in r.stderr, args


@pytest.mark.parametrize("text, message", [
    ("{bad json", "is corrupted (JSONDecodeError)"),
    ("{}", "is incomplete (no format, built, sources, inputs, tables, coverage, quality)"),
    ("[]", "is incomplete"),
])
def test_a_corrupted_data_folder_is_one_line(runner, cli, tmp_path, text, message):
    """Before: KeyError / AttributeError tracebacks from 'data info' on a manifest without its keys."""
    (tmp_path / "manifest.json").write_text(text)
    r = runner.invoke(cli, ["--data-dir", str(tmp_path), "data", "info"])
    assert r.exit_code == 1 and r.stderr.startswith(f"Error: {tmp_path / 'manifest.json'} {message}"), r.output
    assert mv.resolve_state("KZ") == 705  # the data in use is unchanged


def test_data_build_fails_fast_on_an_unwritable_out_dir(runner, cli, source_dir, tmp_path):
    (tmp_path / "file").write_text("")
    r = runner.invoke(cli, ["data", "build", "--source-dir", str(source_dir), "--out-dir", str(tmp_path / "file" / "out")])
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Error: cannot create the output folder {tmp_path / 'file' / 'out'}: {tmp_path / 'file'} is not a folder")


def test_long_terminal_tables_are_cut_with_a_note(runner, cli, monkeypatch):
    """Before: a terminal table of a whole panel took hours to draw (rich draws about 250 rows a second)."""
    import multivector.cli._output as out

    monkeypatch.setattr(out, "TABLE_MAX_ROWS", 3)
    r = runner.invoke(cli, ["states", "--year", "1992"])
    assert r.exit_code == 0 and "Showing the first 3 of 181 rows; use --format csv or --output FILE" in r.stdout
    r = runner.invoke(cli, ["states", "--year", "1992", "-f", "csv"])
    assert len(r.stdout.splitlines()) == 182  # other formats get every row


def test_partial_overlap_with_the_state_life_is_no_error(runner, cli):
    """Only a request entirely outside the state's life fails; a range reaching into it is trimmed as before."""
    r = runner.invoke(cli, ["portfolio", "Kazakhstan", "--from", "1985", "--to", "1992", "-f", "csv"])
    assert r.exit_code == 0 and [l.split(",")[1] for l in r.stdout.splitlines()[1:]] == ["1991", "1992"]
    r = runner.invoke(cli, ["dyads", "--year", "1850", "--states", "Russia,USA", "-f", "csv"])
    assert r.exit_code == 0 and r.stdout.splitlines()[1].startswith("1850,2,365,")
    r = runner.invoke(cli, ["members", "wpact", "--from", "1990", "--to", "2000", "-f", "csv"])
    assert r.exit_code == 0 and {l.split(",")[1] for l in r.stdout.splitlines()[1:]} == {"1990", "1991"}
    r = runner.invoke(cli, ["dyad", "Kazakhstan", "Russia", "--year", "2000", "--orgs", "wpact", "--include-not-alive", "-f", "csv"])
    assert r.exit_code == 0 and r.stdout.splitlines()[1].endswith(",wpact,-1,-1,not_alive,not_alive,not_alive")


# ------------------------------------------------------------------ the library


LIB_CASES = [
    (lambda: mv.resolve_state(None), mv.InvalidArgumentError, "state: expected a state name, COW code or ISO code, got None"),
    (lambda: mv.resolve_organization(None), mv.InvalidArgumentError, "organization: expected an organization abbreviation or name"),
    (lambda: mv.resolve_states(" , "), mv.InvalidArgumentError, "states: no state in ' , '"),
    (lambda: mv.states("abc"), mv.InvalidYearError, "year: cannot read 'abc' as a year"),
    (lambda: mv.resolve_state(705.5), mv.InvalidArgumentError, "state: expected a state name, COW code or ISO code, got 705.5"),
    (lambda: mv.evenness("Kazakhstan", 2000, bootstrap=5, level="x"), mv.InvalidArgumentError, "level: confidence level must be"),
    (lambda: mv.period_summary("Kazakhstan", bootstrap=5, seed="a"), mv.InvalidArgumentError, "seed must be a whole number >= 0"),
    (lambda: mv.change_points("Kazakhstan", permutations=-1), mv.InvalidArgumentError, "permutations: must be an integer from 0"),
    (lambda: mv.change_points("Kazakhstan", max_changes=1.5), mv.InvalidArgumentError, "max_changes: must be an integer"),
    (lambda: mv.mean_reversion("Kazakhstan", level="a"), mv.InvalidArgumentError, "level: confidence level must be between 0 and 1"),
    (lambda: mv.period_summary("Kazakhstan", 5, bootstrap=0), mv.InvalidArgumentError, "periods: expected [(start, end), ...]"),
    (lambda: mv.period_summary("Kazakhstan", [("a", "b")], bootstrap=0), mv.InvalidArgumentError, "periods: each period is a (start, end) pair of years"),
    (lambda: mv.period_summary("Kazakhstan", bootstrap=0, level=2), mv.InvalidArgumentError, "level: confidence level must be between 0 and 1"),
    (lambda: mv.pillar_table("foo"), mv.UnknownPillarError, "Unknown pillar 'foo'. Valid: russia, china, usa, eu, turkey."),
    (lambda: mv.load_pillars(""), mv.InvalidArgumentError, "pillars: empty"),
    (lambda: mv.load_pillars("."), mv.InvalidArgumentError, "pillars: . is not a file"),
    (lambda: mv.dyad_members("Kazakhstan", "Russia", 2000, orgs=[]), mv.InvalidArgumentError, "orgs: no organization in []"),
    (lambda: mv.load_records(5), mv.InvalidArgumentError, "records: expected a file path, a list of paths or a DataFrame, got 5"),
    (lambda: mv.extended_cube(5), mv.InvalidArgumentError, "records: expected a file path"),
    (lambda: mv.scenario("Kazakhstan", "x", join=["sco"]), mv.InvalidYearError, "year: cannot read 'x' as a year"),
    (lambda: mv.scenario("Kazakhstan", (2000, 2001), join=["sco"]), mv.InvalidYearError, "year: a scenario changes one year"),
    (lambda: mv.scenario("Kazakhstan", 1700, join=["sco"]), mv.InvalidYearError, "year: 1700 is outside the IGO data (1816-2014)"),
    (lambda: mv.cite([]), mv.InvalidArgumentError, "sources: none given"),
    # an empty list of states is not "every state" (None is): before, an empty table
    (lambda: mv.dyads(2000, states=[]), mv.InvalidArgumentError, "states: no state given"),
    (lambda: mv.un_agreement(2000, states=[]), mv.InvalidArgumentError, "states: no state given"),
    (lambda: mv.evenness([], 2000, bootstrap=0), mv.InvalidArgumentError, "states: no state given"),
    (lambda: mv.compare([], 2000), mv.InvalidArgumentError, "states: no state given"),
    (lambda: mv.register_peer_group("", "Kazakhstan"), mv.InvalidArgumentError, "name: a peer group needs a name"),
    (lambda: mv.use_data("/nonexistent/data"), mv.DataError, "No built data in /nonexistent/data"),
]


@pytest.mark.parametrize("call, error, message", LIB_CASES, ids=[m[:40] for _, _, m in LIB_CASES])
def test_library_bad_input_raises_typed_errors(call, error, message):
    with pytest.raises(error) as e:
        call()
    assert str(e.value).startswith(message), str(e.value)


def test_codes_read_as_floats_resolve():
    """A COW code from a CSV column read as float (705.0) is the state, not 'Unknown state 7050'."""
    assert mv.resolve_state(705.0) == 705


def test_use_data_keeps_the_data_in_use_on_error():
    """Before: a bad folder replaced the data in use, so every later call failed."""
    with pytest.raises(mv.DataError):
        mv.use_data("/nonexistent/data")
    assert mv.resolve_state("Kazakhstan") == 705 and len(mv.states(1992)) == 181


def test_activism_has_no_rows_outside_the_state_life():
    """Before: zeros for 1850 (Kazakhstan did not exist); counts are not 0 where the state is missing, and
    none of the years in its life is an error (docs/methodology.md, "Questions outside a life")."""
    with pytest.raises(mv.InvalidYearError, match=r"Kazakhstan \(KZK, 705\) was not in the state system in 1850-1852"):
        mv.activism("Kazakhstan", (1850, 1852))
    assert mv.activism("Kazakhstan", (1989, 1992)).year.tolist() == [1991, 1992]


# ---- questions outside a state's or an organization's life: one policy, in the library (issue 11) -------------
# Life spans checked in the sources: states2016.csv (Kazakhstan 1991-2016, GDR 1954-1990), the IGO-year file
# (SCO 1996-2014, Warsaw Pact 1955-1991), the UNGA votes (Taiwan 1946-1971).

OUTSIDE_LIFE = [
    (lambda: mv.portfolio("Kazakhstan", (1850, 1860)), "years: Kazakhstan (KZK, 705) was not in the state system in 1850-1860 (it was in 1991-2016)"),
    (lambda: mv.portfolio("GDR", (2000, 2020), extended=True), "years: German Democratic Republic (GDR, 265) was not in the state system in 2000-2020"),
    (lambda: mv.state_memberships("East Germany", 2000), "years: German Democratic Republic (GDR, 265) was not in the state system in 2000 "
                                                          "(it was in 1954-1990). Did you mean: Germany (GMY, 255)?"),
    (lambda: mv.extended_memberships("GDR", 2016), "years: German Democratic Republic (GDR, 265) was not in the state system in 2016"),
    (lambda: mv.membership_changes("Kazakhstan", (1900, 1950)), "years: Kazakhstan (KZK, 705) was not in the state system in 1900-1950"),
    (lambda: mv.organization_members("SCO", 1990), "years: SCO (Shanghai Cooperation Organisation) did not exist in 1990 (it did in 1996-2014)"),
    (lambda: mv.organization_summary("SCO", (1980, 1990)), "years: SCO (Shanghai Cooperation Organisation) did not exist in 1980-1990"),
    (lambda: mv.dyad_members("Kazakhstan", "GDR", 2014), "years: German Democratic Republic (GDR, 265) was not in the state system in 2014"),
    (lambda: mv.dyad_members("Kazakhstan", "GDR", (1985, 1995)),
     "years: Kazakhstan (KZK, 705) and German Democratic Republic (GDR, 265) were never in the state system together in 1985-1995"),
    (lambda: mv.dyad_members("Kazakhstan", "Russia", 2000, orgs="wpact"), "orgs: WPACT (Warsaw Treaty Org) did not exist in 2000 (it did in 1955-1991)"),
    (lambda: mv.dyads((1985, 1990), states="Kazakhstan,Russia"), "years: Kazakhstan (KZK, 705) was not in the state system in 1985-1990"),
    (lambda: mv.un_agreement(2000, states="Taiwan,China"), "years: Taiwan (TAW, 713) cast no UN General Assembly vote in 2000 (it voted in 1946-1971)"),
    # the alignment measures follow the same policy (an empty table would read as "no figure", not "no state")
    (lambda: mv.tilt("Kazakhstan", 1850), "years: Kazakhstan (KZK, 705) was not in the state system in 1850 (it was in 1991-2016)"),
    (lambda: mv.hedging("Kazakhstan", (1850, 1860)), "years: Kazakhstan (KZK, 705) was not in the state system in 1850-1860"),
    (lambda: mv.alliances("GDR", 2000), "years: German Democratic Republic (GDR, 265) was not in the state system in 2000"),
    (lambda: mv.evenness("Kazakhstan", 1850, bootstrap=0), "years: Kazakhstan (KZK, 705) was not in the state system in 1850"),
    (lambda: mv.evenness("Taiwan", 2000, channel="diplomatic", bootstrap=0),
     "years: Taiwan (TAW, 713) cast no UN General Assembly vote in 2000 (it voted in 1946-1971)"),
    (lambda: mv.alignment("Kazakhstan", 1850), "years: Kazakhstan (KZK, 705) was not in the state system in 1850"),
    (lambda: mv.engagements_by_category("Kazakhstan", (1850, 1860)), "years: Kazakhstan (KZK, 705) was not in the state system in 1850-1860"),
    (lambda: mv.period_summary("Kazakhstan", "1850-1860", bootstrap=0), "periods: Kazakhstan (KZK, 705) was not in the state system in 1850-1860"),
]


@pytest.mark.parametrize("call, message", OUTSIDE_LIFE, ids=range(len(OUTSIDE_LIFE)))
def test_library_refuses_questions_outside_a_life(call, message):
    with pytest.raises(mv.InvalidYearError) as e:
        call()
    assert str(e.value).startswith(message), str(e.value)


def test_alignment_years_outside_a_channels_data_are_refused(source_dir):
    """A year outside the data a measure needs is an error naming the data, its years and (for
    ATOP and the IGO data) the extended panel, never an empty table; a named state without any
    figure is an error that says what the figure needs. Source facts checked here: ATOP ends in
    2018 and the ideal points begin in 1946 (atop-5.1, unga-idealpoints CSVs); Kosovo (347) has
    no ideal point in any year."""
    import pandas as pd

    ip = pd.read_csv(source_dir / "unga-idealpoints" / "idealpoints_2025-07.csv.gz", usecols=["ccode", "year"])
    assert ip.year.min() == 1946 and not (ip.ccode == 347).any()
    atop_last = pd.read_csv(source_dir / "atop-5.1" / "atop_alliance_dyad_year.csv.gz", usecols=["year"]).year.max()
    assert atop_last == 2018
    cases = [
        (lambda: mv.hedging("Kazakhstan", 2019, bootstrap=0),
         "years: 2019 is outside the security data (ATOP 5.1) (1816-2018); extended=True (--extended) gives provisional figures to 2025"),
        (lambda: mv.alliances(None, (2017, 2020)), "years: 2020 is outside the security data (ATOP 5.1) (1816-2018)"),
        (lambda: mv.tilt("Kazakhstan", 2019, channel="security", bootstrap=0), "years: 2019 is outside the security data"),
        (lambda: mv.tilt("Kazakhstan", 2016, channel="institutional", bootstrap=0),
         "years: 2016 is outside the IGO data (COW IGO v3, or the extended panel) (1816-2014); extended=True"),
        (lambda: mv.tilt("United Kingdom", 1900, channel="diplomatic", bootstrap=0),
         "years: 1900 is outside the UN ideal points (1946-2024)"),
        (lambda: mv.tilt("Kosovo", 2010, channel="diplomatic", bootstrap=0),
         "years: Kosovo (KOS, 347) has no diplomatic tilt in 2010: it needs a UN ideal point"),
    ]
    for call, message in cases:
        with pytest.raises(mv.InvalidYearError) as e:
            call()
        assert str(e.value).startswith(message), str(e.value)
    # the extended panel is named only where it covers the years asked for
    for years in (1700, 2030):
        with pytest.raises(mv.InvalidYearError) as e:
            mv.hedging("Kazakhstan", years, bootstrap=0)
        assert "extended" not in str(e.value), str(e.value)
    # inside the data: figures, and with several channels or states the ones that have a figure
    assert mv.tilt("Kazakhstan", 2019, channel="security", bootstrap=0, extended=True).provisional.all()
    assert set(mv.tilt("Kosovo", 2010, channel="all", bootstrap=0).channel) >= {"security"}
    two = mv.tilt(["Kosovo", "Serbia"], 2010, channel="diplomatic", bootstrap=0)
    assert two.ccode.tolist() == [345]


def test_partly_outside_a_life_keeps_the_years_inside():
    """Years partly outside the life are no error: the rows are the years inside it (never zeros for the rest)."""
    assert mv.portfolio("Kazakhstan", (1989, 1992)).year.tolist() == [1991, 1992]
    assert mv.organization_members("SCO", (1995, 1996)).year.unique().tolist() == [1996]
    assert mv.hedging("Kazakhstan", (1989, 1992), bootstrap=0).year.tolist() == [1991, 1992]
    assert mv.dyads((1985, 1992), states="Kazakhstan,Russia").year.tolist() == [1991, 1992]
    assert mv.dyad_members("KZK", "RUS", (1990, 1991), orgs="CIS").year.tolist() == [1991]
    wp = mv.dyad_members("Kazakhstan", "Russia", 2000, orgs="wpact", include_not_alive=True)
    assert wp.dyad_status.tolist() == ["not_alive"]  # asked for explicitly: listed, not refused


@pytest.mark.parametrize(
    "host, message",
    [("", "Error: --host: give an address to listen on"), ("no.such.host.invalid", "Error: --host/--port: cannot listen on no.such.host.invalid:8000")],
)
def test_serve_bad_host_is_one_line(runner, cli, host, message):
    r = runner.invoke(cli, ["serve", "--host", host])
    assert r.exit_code == 1 and r.stderr.startswith(message), r.stderr


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "folder", "output: '{d}/folder' is a folder; give a file name"),
    (lambda d: d / "missing" / "k.html", "output: cannot write '{d}/missing/k.html': folder '{d}/missing' does not exist"),
])
def test_report_output_rule_in_the_library(bad_files, make, message):
    """One rule for every face: mv.report raised IsADirectoryError for a folder, and created missing folders
    (up to the filesystem root) where the table commands refuse them; now both are InvalidArgumentError,
    checked before the brief is computed, and nothing is created."""
    d = bad_files
    with pytest.raises(mv.InvalidArgumentError) as e:
        mv.report("Kazakhstan", (2010, 2014), output=make(d))
    assert str(e.value).startswith(message.format(d=d)), str(e.value)
    assert not (d / "missing").exists()


def test_serve_on_a_busy_port_is_one_line(runner, cli):
    """Before: the banner, then uvicorn's '[Errno 98] error while attempting to bind' lines, exit 3."""
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = runner.invoke(cli, ["serve", "--port", str(port)])
    assert r.exit_code == 1, r.output
    assert r.stderr == (f"Error: --port: 127.0.0.1:{port} is already in use (is another server running there?); "
                        "choose another port with --port\n")
