"""The build: real data with known flaws builds; damaged data does not."""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import multivector as mv
from multivector.data._build import _map_votes, _build_states, build_data
from multivector.data._store import Store, get_store
from multivector.data.sources import read_roll_calls, read_state_year, read_states, read_votes

SY = "cow-igo-v3/state_year_formatv3.csv.gz"


def _lines(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return f.read().splitlines(keepends=True)


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_truncated_gzip_is_rejected(source_dir, tmp_path):
    raw = (source_dir / SY).read_bytes()
    bad = tmp_path / "state_year_formatv3.csv.gz"
    bad.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(mv.BuildError, match="corrupted or truncated"):
        read_state_year(bad)


def test_state_year_cut_at_a_line_is_rejected(source_dir, tmp_path):
    lines = _lines(source_dir / SY)
    bad = _write(tmp_path / "sy.csv", lines[: len(lines) - 3000])
    with pytest.raises(mv.BuildError, match="state-year.*missing.*truncated"):
        build_data(source_dir, out_dir=tmp_path / "out", cow_igo_state_year=bad)
    assert not (tmp_path / "out").exists()


def test_state_year_cut_mid_line_is_rejected(source_dir, tmp_path):
    lines = _lines(source_dir / SY)
    text = "".join(lines[:5000]) + lines[5000][:300]
    bad = tmp_path / "sy.csv"
    bad.write_text(text)
    with pytest.raises(mv.BuildError, match="outside|truncated|damaged"):
        read_state_year(bad)


def test_bad_status_code_is_rejected(source_dir, tmp_path):
    lines = _lines(source_dir / SY)
    fields = lines[10].rstrip("\n").split(",")
    fields[5] = "7"
    lines[10] = ",".join(fields) + "\n"
    with pytest.raises(mv.BuildError, match=r"outside the status codes.*first: 7 in column 'aalco', line 11"):
        read_state_year(_write(tmp_path / "sy.csv", lines))


def test_duplicate_state_year_is_rejected(source_dir, tmp_path):
    lines = _lines(source_dir / SY)
    with pytest.raises(mv.BuildError, match="share a key"):
        read_state_year(_write(tmp_path / "sy.csv", lines + [lines[1]]))


def test_publishers_upper_case_columns_are_accepted(source_dir, tmp_path):
    lines = _lines(source_dir / SY)[:200]
    header = lines[0].split(",")
    lines[0] = ",".join(header[:3] + [h.upper() for h in header[3:]])
    sy = read_state_year(_write(tmp_path / "sy.csv", lines))
    assert "sco" in sy.columns and "SCO" not in sy.columns


def test_unknown_state_row_cannot_be_placed(source_dir, tmp_path):
    lines = _lines(source_dir / SY)
    fields = lines[1].split(",")
    fields[0] = "999"
    lines[1] = ",".join(fields)
    with pytest.raises(mv.BuildError, match="999.*not in the COW state list"):
        build_data(source_dir, out_dir=tmp_path / "out", cow_igo_state_year=_write(tmp_path / "sy.csv", lines))


def test_missing_column_is_named(source_dir, tmp_path):
    lines = _lines(source_dir / "cow-states/states2016.csv")
    lines[0] = lines[0].replace("styear", "start_year")
    with pytest.raises(mv.BuildError, match="styear"):
        read_states(_write(tmp_path / "states.csv", lines))


def test_not_a_csv(tmp_path):
    bad = tmp_path / "states.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe garbage")
    with pytest.raises(mv.BuildError):
        read_states(bad)


def test_missing_file_names_the_option(source_dir, tmp_path):
    with pytest.raises(mv.BuildError, match="--un-votes"):
        build_data(source_dir, out_dir=tmp_path, un_votes=tmp_path / "nope.csv")


@pytest.fixture(scope="module")
def vote_inputs(source_dir):
    states = _build_states(read_states(source_dir / "cow-states/states2016.csv"))
    rc = read_roll_calls(source_dir / "unga/un_roll_calls.csv.gz")
    return states, rc


def test_every_vote_lands_on_the_right_state(source_dir):
    """Counted with the csv module (no NA conversion) against the shipped table."""
    by_name = Counter()
    with gzip.open(source_dir / "unga/un_votes.csv.gz", "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_name[(row["country"], row["country_code"])] += 1
    assert sum(by_name.values()) == 870109
    v = get_store().table("un_votes")
    assert len(v) == 870109 and v.ccode.notna().all()
    per_ccode = v.groupby("ccode", observed=True).size()
    assert per_ccode[565] == by_name[("Namibia", "NA")] == 2455
    assert per_ccode[260] == by_name[("Federal Republic of Germany", "")] == 2151
    assert per_ccode[678] == by_name[("Yemen Arab Republic", "")] == 3291
    assert per_ccode[511] == by_name[("Zanzibar", "")] == 2
    assert per_ccode[265] == by_name[("German Democratic Republic", "DD")]
    assert per_ccode[255] == by_name[("Germany", "DE")]
    assert per_ccode[345] == by_name[("Yugoslavia", "YU")]
    assert per_ccode[713] == by_name[("Taiwan", "TW")]
    assert per_ccode[705] == by_name[("Kazakhstan", "KZ")]
    # each country name maps to exactly one ccode
    assert v.groupby("country", observed=True).ccode.nunique().max() == 1


def test_unplaceable_vote_fails_the_build(vote_inputs, tmp_path):
    states, rc = vote_inputs
    votes = pd.DataFrame({"rcid": [3], "country": ["Atlantis"], "country_code": ["ZZ"], "vote": [1]})
    with pytest.raises(mv.BuildError, match="cannot be placed.*Atlantis"):
        _map_votes(votes, states, rc)


def test_truncated_votes_file_fails(source_dir, vote_inputs, tmp_path):
    states, rc = vote_inputs
    lines = _lines(source_dir / "unga/un_votes.csv.gz")
    votes = read_votes(_write(tmp_path / "v.csv", lines[:400000]))
    with pytest.raises(mv.BuildError, match="have no votes.*truncated"):
        _map_votes(votes, states, rc)


def test_namibia_code_survives_reading(source_dir):
    v = read_votes(source_dir / "unga/un_votes.csv.gz")
    assert (v.country_code == "NA").sum() == 2455
    assert (v.country_code == "").sum() == 2151 + 3291 + 2


@pytest.mark.slow
def test_full_build_reproduces_shipped_tables(source_dir, tmp_path):
    manifest = build_data(source_dir, out_dir=tmp_path)
    assert manifest["quality"]["shared_cells"] == 2847602
    assert manifest["quality"]["differing_cells"] == 4615
    assert manifest["inputs"]["un_votes"]["rows"] == 870109
    shipped = get_store()
    built = Store(tmp_path)
    assert manifest["inputs"]["atop"]["rows"] == 273296 and manifest["inputs"]["unga_idealpoints"]["rows"] == 11440
    for name in ("states", "organizations", "memberships", "un_votes", "quality", "alliances", "ideal_points", "informal_organizations",
                 "informal_memberships", "source_issues"):
        a, b = built.table(name), shipped.table(name)
        assert list(a.columns) == list(b.columns) and len(a) == len(b), name
        for c in a.columns:
            if isinstance(a[c].dtype, pd.CategoricalDtype):  # compare codes + categories (fast on 8 million rows)
                assert list(a[c].cat.categories) == list(b[c].cat.categories), (name, c)
                assert (a[c].cat.codes.to_numpy() == b[c].cat.codes.to_numpy()).all(), (name, c)
            else:
                pd.testing.assert_series_equal(a[c], b[c], check_names=False, obj=f"{name}.{c}")
    assert shipped.manifest["inputs"] == manifest["inputs"], "shipped data is stale: run 'multivector data build'"
    assert shipped.manifest["checks"] == json.loads(json.dumps(manifest["checks"]))
    assert shipped.manifest["coverage"] == manifest["coverage"]


def test_shipped_data_is_small():
    total = sum(t["bytes"] for t in get_store().manifest["tables"].values())
    assert total < 20e6


def test_corrupted_shipped_file_is_detected(tmp_path):
    import shutil

    src = get_store().data_dir
    for p in src.glob("*"):
        if p.is_file():
            shutil.copy(p, tmp_path / p.name)
    name = get_store().manifest["tables"]["states"]["file"]  # states-<sha256[:12]>.parquet
    (tmp_path / name).write_bytes(b"PAR1 not really")
    with pytest.raises(mv.DataError, match=f"{name} has 15 bytes, the manifest"):
        Store(tmp_path).table("states")
    with pytest.raises(mv.DataError, match="data build"):
        Store(tmp_path / "empty").manifest


# ---- every malformed source value: a BuildError naming file, column and line (issue 11) ------------------------

def _cell(lines: list[str], line: int, column: str, value: str) -> list[str]:
    """The lines with one cell replaced (line numbers count the header as line 1; these files quote no commas
    before the cells changed here)."""
    header = next(csv.reader([lines[0]]))
    row = next(csv.reader([lines[line - 1]]))
    row[header.index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(row)
    out = list(lines)
    out[line - 1] = buf.getvalue()
    return out


MALFORMED = [
    # (source file, lines kept, line, column, bad value, reader, message)
    ("cow-states/states2016.csv", None, 5, "stmonth", "13", "states",
     "COW states (states.csv): column 'stmonth' has 1 value(s) that are not within 1-12 (first: 13 in line 5)"),
    ("cow-states/states2016.csv", None, 7, "stday", "45", "states",
     "COW states (states.csv): column 'stday' has 1 value(s) that are not within 1-31 (first: 45 in line 7)"),
    ("cow-states/states2016.csv", None, 9, "endday", "30", "states", None),  # set below: a 30 February
    ("cow-states/states2016.csv", None, 4, "ccode", "2x", "states",
     "COW states (states.csv): column 'ccode' has 1 non-numeric value(s) (first: '2x' in line 4)"),
    ("cow-states/states2016.csv", None, 6, "statenme", "", "states",
     "COW states (states.csv): column 'statenme' has 1 empty cell(s) (first in line 6)"),
    ("cow-igo-v3/state_year_formatv3.csv.gz", 300, 40, "year", "19x5", "state_year",
     "COW IGO state-year (file.csv): column 'year' has 1 non-numeric value(s) (first: '19x5' in line 40)"),
    ("cow-igo-v3/state_year_formatv3.csv.gz", 300, 41, "sco", "x", "state_year",
     "COW IGO state-year (file.csv): column 'sco' has 1 non-numeric value(s) (first: 'x' in line 41)"),
    ("cow-igo-v3/igo_year_formatv3.csv.gz", 300, 12, "year", "", "igo_year",
     "COW IGO-year (file.csv): column 'year' has 1 empty cell(s) (first in line 12)"),
    ("cow-igo-v3/igo_year_formatv3.csv.gz", 300, 13, "usa", "y", "igo_year",
     "COW IGO-year (file.csv): column 'usa' has 1 non-numeric value(s) (first: 'y' in line 13)"),
    ("cow-igo-v3/igo_year_formatv3.csv.gz", 300, 14, "usa", "5", "igo_year",
     "COW IGO-year (file.csv): 1 state cell(s) outside the status codes [-9, -1, 0, 1, 2, 3] (first: 5 in column 'usa', line 14)"),
    ("cow-igo-v3/igo_year_formatv3.csv.gz", 300, 15, "political", "7", "igo_year",
     "COW IGO-year (file.csv): column 'political' has 1 value(s) that are not within 0-1 (first: 7 in line 15)"),
    ("cow-igo-v3/igo_year_formatv3.csv.gz", 300, 16, "sdate", "19th century", "igo_year",
     "COW IGO-year (file.csv): column 'sdate' has 1 non-numeric value(s) (first: '19th century' in line 16)"),
    ("unga/un_votes.csv.gz", 300, 20, "rcid", "3.5", "votes",
     "UN votes (file.csv): column 'rcid' has 1 value(s) that are not a whole number (first: 3.5 in line 20)"),
    ("unga/un_votes.csv.gz", 300, 21, "vote", "maybe", "votes", "UN votes (file.csv): column 'vote' has 1 value(s) outside"),
    ("unga/un_roll_calls.csv.gz", 300, 30, "date", "1947-13-01", "roll_calls",
     "UN roll calls (file.csv): column 'date' has 1 unreadable date(s) (first: '1947-13-01' in line 30; expected YYYY-MM-DD)"),
    ("unga/un_roll_calls.csv.gz", 300, 31, "importantvote", "yes", "roll_calls",
     "UN roll calls (file.csv): column 'importantvote' has 1 non-numeric value(s) (first: 'yes' in line 31)"),
    ("unga/un_roll_calls.csv.gz", 300, 32, "session", "", "roll_calls",
     "UN roll calls (file.csv): column 'session' has 1 empty cell(s) (first in line 32)"),
    ("unga/un_roll_call_issues.csv.gz", 300, 33, "rcid", "abc", "issues",
     "UN roll-call issues (file.csv): column 'rcid' has 1 non-numeric value(s) (first: 'abc' in line 33)"),
]


@pytest.mark.parametrize("rel, keep, line, column, value, reader, message", MALFORMED,
                         ids=[f"{m[0].split('/')[-1]}:{m[3]}={m[4]!r}" for m in MALFORMED])
def test_malformed_value_names_file_column_and_line(source_dir, tmp_path, rel, keep, line, column, value, reader, message):
    from multivector.data import sources

    lines = _lines(source_dir / rel)
    lines = lines[:keep] if keep else lines
    if message is None:  # an impossible date: 30 February in a row whose other cells are fine
        lines = _cell(_cell(lines, line, "endmonth", "2"), line, "endday", "30")
        end_year = next(csv.reader([lines[line - 1]]))[next(csv.reader([lines[0]])).index("endyear")]
        message = (f"COW states (states.csv): column 'endday' gives 1 impossible date(s) (first: {end_year}-02-30 "
                   f"in line {line})")
    else:
        lines = _cell(lines, line, column, value)
    name = "states.csv" if reader == "states" else "file.csv"
    path = _write(tmp_path / name, lines)
    read = {"states": sources.read_states, "state_year": sources.read_state_year, "votes": sources.read_votes,
            "igo_year": lambda p: sources.read_igo_year(p, list(read_states(source_dir / "cow-states/states2016.csv").state)),
            "roll_calls": sources.read_roll_calls, "issues": sources.read_roll_call_issues}[reader]
    with pytest.raises(mv.BuildError) as e:
        read(path)
    assert str(e.value).startswith(message), str(e.value)


def test_malformed_date_fails_the_build_in_one_line(source_dir, tmp_path, runner, cli):
    """The issue's case: stmonth=13, stday=45 in the states file gave a pandas traceback (CLI) and a bare
    ValueError (library); now a BuildError naming file, column and line, before anything is written."""
    lines = _cell(_cell(_lines(source_dir / "cow-states/states2016.csv"), 3, "stmonth", "13"), 3, "stday", "45")
    bad = _write(tmp_path / "states2016.csv", lines)
    with pytest.raises(mv.BuildError, match=r"^COW states \(states2016.csv\): column 'stmonth' .* \(first: 13 in line 3\)"):
        build_data(source_dir, out_dir=tmp_path / "out", cow_states=bad)
    assert not (tmp_path / "out").exists()
    r = runner.invoke(cli, ["data", "build", "--source-dir", str(source_dir), "--cow-states", str(bad),
                            "--out-dir", str(tmp_path / "out")])
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert r.stderr.strip().splitlines()[-1].startswith("Error: COW states (states2016.csv): column 'stmonth'")


# ---- data info / data verify check every file; hints name the folder in use (issue 11) ---------------------------

@pytest.fixture()
def data_copy(tmp_path):
    """A copy of the shipped data; the data in use is the shipped data again afterwards."""
    import shutil

    dst = tmp_path / "data copy"
    dst.mkdir()
    for p in get_store().data_dir.glob("*"):
        if p.is_file() and (p.suffix == ".parquet" or p.name == "manifest.json"):
            shutil.copy(p, dst / p.name)
    yield dst
    mv.use_data(None)


def test_data_info_and_verify_check_every_checksum(runner, cli, data_copy):
    import shlex

    r = runner.invoke(cli, ["--data-dir", str(data_copy), "data", "verify"])
    n = len(get_store().manifest["tables"])
    assert r.exit_code == 0 and r.stdout.startswith(f"All {n} data files in {data_copy} match"), r.output
    f = {t: e["file"] for t, e in get_store().manifest["tables"].items()}
    raw = (data_copy / f["memberships"]).read_bytes()
    (data_copy / f["memberships"]).write_bytes(raw[: len(raw) // 2])  # truncated
    (data_copy / f["states"]).unlink()  # missing
    flipped = bytearray((data_copy / f["quality"]).read_bytes())
    flipped[100] ^= 0xFF  # same size, other bytes
    (data_copy / f["quality"]).write_bytes(bytes(flipped))
    r = runner.invoke(cli, ["--data-dir", str(data_copy), "data", "info"])
    assert r.exit_code == 1, r.output
    out = {line.split()[0]: line for line in r.stdout.splitlines() if line.startswith("  ")}
    assert out["memberships"].endswith(f"TRUNCATED: {f['memberships']} has {len(raw) // 2:,d} bytes, the manifest {len(raw):,d}")
    assert out["states"].endswith(f"MISSING: {f['states']} is missing")
    assert out["quality"].endswith(f"CHECKSUM: {f['quality']} does not match its manifest checksum")
    assert out["un_votes"].endswith("ok")
    hint = f"rebuild with 'multivector data build --out-dir {shlex.quote(str(data_copy))}'"
    assert r.stderr.startswith(f"Error: 3 of {n} data files in {data_copy} are damaged or missing (") and r.stderr.rstrip().endswith(hint)
    r = runner.invoke(cli, ["--data-dir", str(data_copy), "data", "verify"])
    assert r.exit_code == 1 and r.stdout == "" and r.stderr.rstrip().endswith(hint)
    # every face's error on the damaged folder names the folder to rebuild (it named the package's data)
    r = runner.invoke(cli, ["--data-dir", str(data_copy), "portfolio", "Kazakhstan", "--from", "2014", "--to", "2014"])
    assert r.exit_code == 1 and r.stderr.rstrip().endswith(hint), r.stderr


def test_data_info_does_not_repeat_the_sessions(runner, cli):
    r = runner.invoke(cli, ["data", "info"])
    unga = next(line for line in r.stdout.splitlines() if line.startswith("- United Nations General Assembly Voting Data"))
    assert unga.count("sessions 1-74") == 1 and unga.endswith(": 6,203 roll calls, 870,109 votes"), unga
