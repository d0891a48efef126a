"""Roll calls users bring: the UN Digital Library voting-CSV reader and the merge
with the shipped votes (docs/methodology.md, "UN ideal points", "Roll calls users bring").

The UN Digital Library file is never bundled (non-commercial licence): the
tests write small files in its layout from the shipped votes, so every
expected count is known by construction.
"""

from __future__ import annotations

import gzip

import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector._errors import VotesFileError
from multivector.data._store import get_store
from multivector.data.sources.undl import read_undl_votes
from multivector.engine._idealpoints import merge_votes

CODE = {1: "Y", 2: "A", 3: "N"}
HEADER = ["undl_id", "ms_code", "ms_name", "ms_vote", "date", "session", "resolution", "title", "total_yes"]


def iso3() -> dict[int, str]:
    st = get_store().table("states").dropna(subset=["iso3"]).drop_duplicates("ccode")
    return dict(zip(st.ccode.astype(int), st.iso3))


def shipped_rows(rcid: int, undl_id: str, **override) -> pd.DataFrame:
    """The shipped votes of one roll call written as UN Digital Library rows."""
    s = get_store()
    rc = s.table("un_roll_calls").set_index("rcid").loc[rcid]
    v = s.table("un_votes")
    v = v[v.rcid == rcid]
    codes = iso3()
    v = v[v.ccode.isin(codes)]
    df = pd.DataFrame({
        "undl_id": undl_id, "ms_code": v.ccode.map(codes).to_numpy(), "ms_name": v.country.astype(str).to_numpy(),
        "ms_vote": v.vote.map(CODE).to_numpy(), "date": str(rc.date), "session": int(rc.session),
        "resolution": rc.unres, "title": f"{rc.descr} : resolution / adopted by the General Assembly",
        "total_yes": int((v.vote == 1).sum()),
    })
    for k, val in override.items():
        df[k] = val
    return df[HEADER]


@pytest.fixture(scope="module")
def undl_file(tmp_path_factory):
    """Three roll calls of 2019 that the shipped data hold (one vote changed: a conflict;
    one state not voting: X), and the same three put again as session 75 (2020): new roll calls."""
    old = [shipped_rows(9058, "1001"), shipped_rows(9059, "1002"), shipped_rows(9057, "1003")]
    old[0].loc[old[0].ms_code == "USA", "ms_vote"] = "Y"        # shipped: the United States voted no (conflict)
    old[1].loc[old[1].ms_code == "FRA", "ms_vote"] = "X"        # did not vote: not a vote
    new = []
    for i, df in enumerate(old):
        d = df.copy()
        d["undl_id"] = str(2001 + i)
        d["session"] = 75
        d["date"] = f"2020-12-0{i + 1}"
        d["resolution"] = d["resolution"].str.replace("A/RES/74/", "A/RES/75/", regex=False)
        new.append(d)
    new[0].loc[new[0].ms_code == "USA", "ms_vote"] = "N"
    path = tmp_path_factory.mktemp("undl") / "ga_voting.csv"
    pd.concat(old + new).to_csv(path, index=False)
    return path


def test_reader_maps_codes_votes_and_sessions(undl_file):
    u = read_undl_votes(undl_file)
    raw = pd.read_csv(undl_file, dtype=str, keep_default_na=False)
    assert len(u) == len(raw) - 2 and u.attrs["not_voting"] == 2   # FRA's X in 2019 and again in 2020
    assert set(u.vote) == {1, 2, 3}
    assert u[(u.undl_id == "1001") & (u.ccode == 2)].vote.item() == 1  # the changed vote, read as yes
    assert sorted(u.session.unique()) == [74, 75] and sorted(u.year.unique()) == [2019, 2020]
    assert (u[u.undl_id == "1003"].line.min(), u.line.max()) == (2 + len(raw[raw.undl_id.isin(["1001", "1002"])]), len(raw) + 1)


def test_merge_reports_duplicates_conflicts_and_new_roll_calls(undl_file):
    added, rolls, rep = merge_votes(undl_file)
    s = get_store()
    v = s.table("un_votes")
    codes = iso3()
    shipped = v[v.rcid.isin([9057, 9058, 9059]) & v.ccode.isin(codes)]
    # every 2019 row is in the shipped data: all duplicates but the one changed vote (and FRA's X, not a vote)
    assert rep["matched"] == 3 and rep["new"] == 3 and rep["ambiguous"] == 0
    assert rep["conflicts"] == 1
    assert rep["duplicates"] == len(shipped) - 1 - 1
    cl = rep["conflict_list"]
    assert cl[["rcid", "ccode", "vote_file", "vote_shipped"]].values.tolist() == [[9058, 2, 1, 3]]
    # the new roll calls come in whole, with their titles kept for bridging
    assert rep["added_votes"] == len(added) == len(shipped) - 1
    assert sorted(rolls.session.unique()) == [75] and rolls.title_key.str.startswith("necessity of ending").any()


def test_user_roll_calls_extend_the_estimates(undl_file):
    est = mv.ideal_points("USA, Cuba", votes=undl_file, fit_years=(2018, 2020))
    assert sorted(est.year.unique()) == [2018, 2019, 2020]
    rep = est.attrs["votes_merge"]
    assert rep["conflicts"] == 1
    # 2020 rests on the three new roll calls only: n_votes counts the state's votes on them
    us2020 = est[(est.ccode == 2) & (est.year == 2020)]
    assert us2020.n_votes.item() == 3
    assert us2020.ideal_point.item() > 0 > est[(est.ccode == 40) & (est.year == 2020)].ideal_point.item()
    # the shipped data alone stop in 2019
    with pytest.raises(mv.InvalidYearError, match="2020 is outside"):
        mv.ideal_points("USA", 2020)


def write(tmp_path, rows: list[list[str]], name="bad.csv", header=HEADER) -> str:
    p = tmp_path / name
    pd.DataFrame(rows, columns=header).to_csv(p, index=False)
    return str(p)


GOOD = ["1", "USA", "United States", "Y", "2020-12-07", "75", "A/RES/75/27", "Title", "1"]


@pytest.mark.parametrize("field,value,message", [
    (3, "Q", r"bad.csv:3: ms_vote 'Q' is not one of Y \(yes\), N \(no\), A \(abstain\), X \(not voting\)"),
    (1, "XYZ", r"bad.csv:3: ms_code 'XYZ' is not the ISO alpha-3 code of a state in the COW list"),
    (1, "KZA", r"bad.csv:3: ms_code 'KZA' .*did you mean KAZ \(Kazakhstan\)"),
    (4, "07/12/2020", r"bad.csv:3: date '07/12/2020' is not a date as YYYY-MM-DD"),
    (5, "seventy", r"bad.csv:3: session 'seventy' is not a session number"),
    (0, "", r"bad.csv:3: empty undl_id"),
])
def test_bad_rows_name_file_and_line(tmp_path, field, value, message):
    row = list(GOOD)
    row[1] = "CUB"
    row[field] = value
    with pytest.raises(VotesFileError, match=message):
        read_undl_votes(write(tmp_path, [GOOD, row]))


def test_bad_files_are_one_line_errors(tmp_path):
    with pytest.raises(VotesFileError, match=r"bad.csv:3: USA votes twice on undl_id 1 \(also line 2\)"):
        read_undl_votes(write(tmp_path, [GOOD, GOOD]))
    other_date = list(GOOD)
    other_date[1], other_date[4] = "CUB", "2020-12-08"
    with pytest.raises(VotesFileError, match=r"bad.csv:3: undl_id 1 has date 2020-12-08 here but 2020-12-07"):
        read_undl_votes(write(tmp_path, [GOOD, other_date]))
    no_session = list(GOOD)
    no_session[5], no_session[6] = "", "A/75/L.12"
    with pytest.raises(VotesFileError, match="bad.csv:2: no session"):
        read_undl_votes(write(tmp_path, [no_session]))
    with pytest.raises(VotesFileError, match=r"no column ms_vote"):
        read_undl_votes(write(tmp_path, [GOOD[:3] + GOOD[4:]], header=[h for h in HEADER if h != "ms_vote"]))
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(VotesFileError, match="empty.csv: file is empty"):
        read_undl_votes(empty)
    with pytest.raises(VotesFileError, match="file not found"):
        read_undl_votes(tmp_path / "nowhere.csv")
    # a truncated download
    full = gzip.compress(pd.DataFrame([GOOD] * 2000, columns=HEADER).assign(undl_id=[str(i) for i in range(2000)])
                         .to_csv(index=False).encode())
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(full[: len(full) // 2])
    with pytest.raises(VotesFileError, match=r"cut.csv.gz: corrupted or truncated compressed file"):
        read_undl_votes(cut)
    assert issubclass(VotesFileError, mv.MultivectorError) and VotesFileError.http_status == 422


def test_symbols_dates_and_withdrawn_codes(tmp_path):
    rows = [
        ["7", "SUN", "USSR", "N", "1971-10-25", "", "A/RES/2758(XXVI)", "China", "76"],   # session from the roman numeral
        ["7", "DEU", "Germany, Federal Republic of", "Y", "1971-10-25", "", "A/RES/2758(XXVI)", "China", "76"],
        ["8", "DEU", "Germany", "y", "1991-10-25", "46", "A/RES/46/1", "x", "1"],
        ["8", "YEM", "Yemen", "a", "1991-10-25", "46", "A/RES/46/1", "x", "1"],
        ["9", "YEM", "Yemen", "N", "1989-10-25", "44", "A/RES/44/1", "x", "1"],
        ["9", "CUB", "Cuba", "", "1989-10-25", "44", "A/RES/44/1", "x", "1"],
    ]
    u = read_undl_votes(write(tmp_path, rows))
    assert u[["undl_id", "ccode", "vote", "session"]].values.tolist() == [
        ["7", 365, 3, 26], ["7", 260, 1, 26], ["8", 255, 1, 46], ["8", 679, 2, 46], ["9", 678, 3, 44]]
    assert u.attrs["not_voting"] == 1


def test_cli_reports_the_merge_and_writes_the_conflicts(undl_file, runner, cli, tmp_path):
    out = tmp_path / "conflicts.csv"
    r = runner.invoke(cli, ["ideal-points", "USA", "--votes", str(undl_file), "--fit-years", "2018-2020",
                            "--conflicts", str(out), "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert "ga_voting.csv: 6 roll calls (3 already in the shipped data, 3 new, 0 left out as ambiguous)" in r.stderr
    assert "1 conflicting votes (the shipped vote kept)" in r.stderr
    assert pd.read_csv(out)[["rcid", "ccode", "vote_file", "vote_shipped"]].values.tolist() == [[9058, 2, 1, 3]]
    bad = runner.invoke(cli, ["ideal-points", "--votes", str(undl_file), "--conflicts", str(tmp_path)])
    assert bad.exit_code == 1 and "is a folder" in bad.output
