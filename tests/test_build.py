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
    (tmp_path / "states.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(mv.DataError, match="checksum"):
        Store(tmp_path).table("states")
    with pytest.raises(mv.DataError, match="data build"):
        Store(tmp_path / "empty").manifest
