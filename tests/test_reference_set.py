"""The literature reference set and the face-validity list (docs/reference-set.md) are well formed.

The classifications come from published work and are checked by reading the cited works, not here;
these tests pin the rules of docs/reference-set.md that a file can break: columns, groups, years,
at least 30 states a year with at least 8 in each group, real COW codes, one row per state and year,
a citation, a source URL and a basis on every row, pole states left out, 40 distinct face-validity states.
"""

import csv
from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[1] / "src" / "multivector" / "data"
REF = DATA / "reference" / "alignment_reference.csv"
FACE = DATA / "reference" / "face_validity.csv"
POLES = {2, 365, 710}  # United States, Russia, China: fixed by the poles' definition, never classified


def _rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


@pytest.fixture(scope="module")
def cow_codes():
    from multivector.data._store import get_store

    states = get_store().table("states")[["ccode", "styear", "endyear"]]  # table files are named by content
    return states


def test_reference_columns_and_values():
    fields, rows = _rows(REF)
    assert fields == ["state", "ccode", "year", "group", "citation", "source_url", "basis", "note"]
    assert {r["group"] for r in rows} == {"hedger", "west", "east"}
    assert {r["year"] for r in rows} == {"2014", "2019"}
    for r in rows:
        assert r["state"] and r["citation"] and r["basis"], r
        assert r["source_url"].startswith(("http://", "https://")), r["state"]
    keys = [(r["ccode"], r["year"]) for r in rows]
    assert len(keys) == len(set(keys)), "one row per state and year"


def test_reference_sizes():
    _, rows = _rows(REF)
    for year in ("2014", "2019"):
        in_year = [r for r in rows if r["year"] == year]
        assert len(in_year) >= 30, year
        for group in ("hedger", "west", "east"):
            assert sum(r["group"] == group for r in in_year) >= 8, (year, group)


def test_reference_codes_are_cow_states_and_not_poles(cow_codes):
    _, rows = _rows(REF)
    known = set(cow_codes["ccode"])
    for r in rows:
        c = int(r["ccode"])
        assert c in known, r["state"]
        assert c not in POLES, r["state"]
        # a state in the system in the classified year (COW file runs to 2016; later years need a live spell then)
        spells = cow_codes[cow_codes["ccode"] == c]
        assert ((spells["styear"] <= min(int(r["year"]), 2016)) & (spells["endyear"] >= min(int(r["year"]), 2016))).any(), r["state"]
    # a state never sits in two groups in the same year (implied by one row per state-year) but may change between years
    names = {(int(r["ccode"]), r["state"]) for r in rows}
    assert len({c for c, _ in names}) == len(names), "one name per code"


def test_face_validity_list(cow_codes):
    fields, rows = _rows(FACE)
    assert fields == ["state", "ccode", "expectation", "citation"]
    assert len(rows) == 40 and len({r["ccode"] for r in rows}) == 40
    assert {r["expectation"] for r in rows} == {"west", "east", "between"}
    known = set(cow_codes["ccode"])
    for r in rows:
        assert int(r["ccode"]) in known and int(r["ccode"]) not in POLES, r["state"]
        assert r["citation"], r["state"]
