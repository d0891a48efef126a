"""The data-quality report on the two COW IGO files (docs/data.md)."""

from __future__ import annotations

import gzip
import csv

import multivector as mv
from multivector.data._store import get_store


def test_summary_counts():
    q = mv.data_info()["quality"]
    assert q["shared_cells"] == 2847602
    assert q["differing_cells"] == 4615
    assert q["differ_codes"] + q["not_alive_in_state_year"] == 4615
    assert q["org_years_without_type_flags"] == ["pcb 1920"]


def test_a_listed_disagreement_is_real(source_dir):
    q = get_store().table("quality")
    d = q[(q.kind == "differ")].iloc[0]
    name = get_store().table("states").set_index("ccode").state.drop_duplicates().to_dict()
    name = {k: v for k, v in get_store().table("states")[["ccode", "state"]].itertuples(index=False)}
    with gzip.open(source_dir / "cow-igo-v3/igo_year_formatv3.csv.gz", "rt") as f:
        for row in csv.DictReader(f):
            if row["ioname"].lower() == d.ioname and int(row["year"]) == d.year:
                assert int(float(row[name[int(d.ccode)]])) == d.igo_year_status
                break
        else:
            raise AssertionError("row not found")
    st = mv.state_memberships(int(d.ccode), int(d.year), status="all").set_index("ioname")
    assert st.loc[d.ioname, "status"] == d.state_year_status
