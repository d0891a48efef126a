"""Records: reading the shipped files, every validation error with file and line, user records, CLI.

Pins docs/records.md ("Validation") and docs/methodology.md ("Extended panel").
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

import multivector as mv
from multivector.engine._records import RECORDS_DIR, load_record_set

HEADER = "state,org,org_name,event,date,confidence,source_title,source_url\n"
SRC = "Example source,https://example.org/a"


def write(tmp_path: Path, body: str, name: str = "mine.csv", header: str = HEADER) -> Path:
    p = tmp_path / name
    p.write_text(header + body, encoding="utf-8")
    return p


def error_of(*paths) -> mv.RecordsError:
    with pytest.raises(mv.RecordsError) as exc:
        load_record_set(list(paths))
    return exc.value


# ------------------------------------------------------------------ shipped records


def test_shipped_csv_is_a_copy_of_the_published_file(source_dir):
    assert (RECORDS_DIR / "post-soviet-events-2015-2025.csv").read_bytes() == (
        source_dir / "records" / "post-soviet-events-2015-2025.csv").read_bytes()


def test_shipped_records_count_every_row_once():
    # independent count: CSV rows plus member entries of the YAML organizations
    import yaml

    n_csv = 0
    for p in RECORDS_DIR.glob("*.csv"):
        with p.open(encoding="utf-8") as f:
            n_csv += sum(1 for _ in csv.DictReader(f))
    doc = yaml.safe_load((RECORDS_DIR / "organizations.yaml").read_text(encoding="utf-8"))
    n_yaml = sum(len(o.get("members") or []) for o in doc["organizations"])
    ev = mv.load_records()
    with (RECORDS_DIR / "post-soviet-events-2015-2025.csv").open(encoding="utf-8") as f:
        assert sum(1 for _ in csv.DictReader(f)) == 63  # the published file
    with (RECORDS_DIR / "additions-2015-2025.csv").open(encoding="utf-8") as f:
        assert sum(1 for _ in csv.DictReader(f)) == 2  # the UK leaves the EU; the US returns to UNESCO
    assert len(ev) == n_csv + n_yaml
    assert ev.source_url.str.match(r"^https?://").all()
    assert ev.source_title.str.len().gt(0).all()


def test_shipped_records_have_known_values():
    ev = mv.load_records()
    kaz = ev[ev.ccode == 705].set_index(["ioname", "event"])
    assert kaz.loc[("wto", "joined_full"), "date"] == "2015-11-30"
    assert kaz.loc[("eaeu", "founded_as_member"), "date"] == "2015-01-01"
    assert kaz.loc[("un", "unsc_seat"), "date"] == "2017-01-01"
    assert kaz.loc[("iexb", "host"), "org"] == "BIE"  # BIE is COW's iexb
    uk = ev[(ev.ccode == 200) & (ev.ioname == "eu")]
    assert uk[["event", "date"]].values.tolist() == [["left", "2020-01-31"]]
    assert set(ev[ev.ioname == "aiib"].ccode) >= {710, 640, 365, 705}  # China, Turkey, Russia, Kazakhstan
    assert 2 not in set(ev[ev.ioname == "aiib"].ccode)  # the United States is not a member
    assert set(ev[(ev.ioname == "ots") & (ev.event == "founded_as_member")].ccode) == {640, 373, 705, 703}


def test_record_organizations():
    o = mv.record_organizations().set_index("ioname")
    assert {"eaeu", "aiib", "brics", "ots", "edb", "c5p1"} <= set(o.index)
    assert o.loc["eaeu", "predecessor"] == "eaec"
    assert o.loc["aiib", "founded"] == "2015-12-25"
    assert o.loc["ots", ["political", "social", "economic"]].tolist() == [1, 1, 1]
    assert pd.isna(o.loc["edb", "complete_through"])


def test_validate_shipped_is_clean():
    from multivector.engine._records import shipped_paths

    assert len(mv.validate_records(shipped_paths(), include_shipped=False)) == 0


# ------------------------------------------------------------------ validation errors


def test_unknown_state_with_suggestion(tmp_path):
    p = write(tmp_path, f"Kazakstan,EAEU,,joined_full,2016,high,{SRC}\n")
    e = error_of(p)
    assert e.path == str(p) and e.line == 2
    assert str(e).startswith(f"{p}:2: unknown state 'Kazakstan'.")
    assert "Kazakhstan (KZK, 705)" in str(e)


def test_unknown_organization_with_suggestion(tmp_path):
    p = write(tmp_path, f"Kazakhstan,,,chair,2016,high,{SRC}\nKazakhstan,EAUE,,chair,2016,high,{SRC}\n")
    e = error_of(p)
    assert e.line == 2 and "empty org" in str(e)
    p = write(tmp_path, f"Kazakhstan,EAUE,,chair,2016,high,{SRC}\n")
    e = error_of(p)
    assert str(e).startswith(f"{p}:2: unknown organization 'EAUE'. Did you mean:")
    assert "EAEU (Eurasian Economic Union)" in str(e)


@pytest.mark.parametrize("date, reason", [
    ("2015-13", "month 13 out of range"),
    ("2015-02-30", "no such day"),
    ("last year", "use YYYY, YYYY-MM or YYYY-MM-DD"),
    ("15", "use YYYY"),
    ("1700", "outside 1816-2100"),
])
def test_bad_dates(tmp_path, date, reason):
    p = write(tmp_path, f"Kazakhstan,CICA,,chair,2016,high,{SRC}\nKazakhstan,CICA,,host,{date},high,{SRC}\n")
    e = error_of(p)
    assert e.line == 3 and reason in str(e), str(e)


def test_leaving_what_was_never_joined(tmp_path):
    # Kazakhstan is not a member of OPEC in the COW data (2014)
    p = write(tmp_path, f"Kazakhstan,OPEC,,left,2016,high,{SRC}\n")
    e = error_of(p)
    assert e.line == 2 and "cannot be 'left' from OPEC: it never joined" in str(e) and "COW data (2014)" in str(e)
    # and after leaving, a second exit is again leaving what it no longer belongs to
    p = write(tmp_path, f"Kazakhstan,CSTO,,left,2016,high,{SRC}\nKazakhstan,CSTO,,expelled,2017,high,{SRC}\n")
    e = error_of(p)
    assert e.line == 3 and "never joined" in str(e) and f"{p}:2" in str(e)


def test_suspension_requires_membership_but_unknown_status_is_allowed(tmp_path):
    # Uzbekistan is not a member of the EAEU (complete member list): error
    p = write(tmp_path, f"Uzbekistan,EAEU,,suspended,2016,high,{SRC}\n")
    assert "never joined" in str(error_of(p))
    # Belarus in the EDB: not recorded, status unknown (-9): no error
    p = write(tmp_path, f"Belarus,EDB,,suspended,2016,high,{SRC}\n")
    assert len(load_record_set([p]).events) > 0


def test_duplicates(tmp_path):
    row = f"Kazakhstan,CICA,,chair,2016,high,{SRC}\n"
    p = write(tmp_path, row + row)
    e = error_of(p)
    assert e.line == 3 and f"duplicate record: Kazakhstan CICA chair 2016 is already at {p}:2" in str(e)
    # a duplicate of a shipped row
    p = write(tmp_path, f"Kazakhstan,UNSC,,unsc_seat,2017-01-01,high,{SRC}\n", name="dup.csv")
    e = error_of(p)
    assert "duplicate record" in str(e) and "post-soviet-events-2015-2025.csv" in str(e)


def test_contradictions(tmp_path):
    p = write(tmp_path, f"Kazakhstan,OECD,,joined_full,2016-05-01,high,{SRC}\nKazakhstan,OECD,,left,2016-05-01,high,{SRC}\n")
    e = error_of(p)
    assert e.line == 3 and f"contradicts {p}:2" in str(e)
    # joining what the state already belongs to (SCO, full member in COW 2014)
    p = write(tmp_path, f"Kazakhstan,SCO,,joined_full,2016,high,{SRC}\n")
    e = error_of(p)
    assert e.line == 2 and "already a full member of SCO according to the COW data (2014)" in str(e)


def test_membership_events_inside_cow_years_are_refused(tmp_path):
    p = write(tmp_path, f"Kazakhstan,OECD,,joined_full,2010,high,{SRC}\n")
    e = error_of(p)
    assert "the COW IGO data cover" in str(e) and "only after 2014" in str(e)
    # engagements inside COW years are fine (Kazakhstan chaired the OSCE in 2010: shipped)
    p = write(tmp_path, f"Kazakhstan,OSCE,,host,2010-12-01,high,{SRC}\n")
    assert len(load_record_set([p]).events)


def test_event_before_founding(tmp_path):
    p = write(tmp_path, f"Kazakhstan,AIIB,,host,2010,high,{SRC}\n")
    assert "was founded in 2015" in str(error_of(p))


def test_other_row_errors(tmp_path):
    e = error_of(write(tmp_path, f"Kazakhstan,CICA,,joined_forever,2016,high,{SRC}\n"))
    assert "unknown event 'joined_forever'; valid: founded_as_member" in str(e)
    e = error_of(write(tmp_path, f"Kazakhstan,CICA,,chair,2016,sure,{SRC}\n"))
    assert "unknown confidence 'sure'; valid: high, medium, low" in str(e)
    e = error_of(write(tmp_path, "Kazakhstan,CICA,,chair,2016,high,Title,www.example.org\n"))
    assert "must start with http:// or https://" in str(e)
    e = error_of(write(tmp_path, "Kazakhstan,CICA,,chair,2016,high,,https://example.org\n"))
    assert "empty source_title" in str(e)
    e = error_of(write(tmp_path, f"German Democratic Republic,CICA,,chair,2016,high,{SRC}\n"))
    assert "German Democratic Republic (GDR, 265) is not in the state system in 2016" in str(e)
    p = write(tmp_path, "Kazakhstan,CICA,chair,2016\n", header="state,org,event,date\n")
    e = error_of(p)
    assert e.line == 1 and "missing column(s) confidence, source_title, source_url" in str(e)
    e = error_of(tmp_path / "nowhere.csv")
    assert "no such records file" in str(e)


def test_all_problems_are_listed(tmp_path):
    p = write(tmp_path, f"Kazakstan,CICA,,chair,2016,high,{SRC}\nKazakhstan,CICA,,chair,2016-02-31,high,{SRC}\n")
    e = error_of(p)
    assert "(and 1 more problem;" in str(e)
    v = mv.validate_records([p])
    assert v[["line"]].values.ravel().tolist() == [2, 3]


# ------------------------------------------------------------------ YAML organizations


YAML_ORG = """\
organizations:
  - id: casu
    abbreviation: CASU
    name: Central Asian Speculative Union
    founded: 2018-03-15
    political: 1
    economic: 1
    complete_through: 2019
    source_title: A source
    source_url: https://example.org/casu
    members:
      - {state: Kazakhstan, date: 2018-03-15}
      - {state: Uzbekistan, date: 2018-03-15}
"""


def test_user_organization_in_yaml_and_csv(tmp_path):
    y = tmp_path / "orgs.yaml"
    y.write_text(YAML_ORG)
    p = write(tmp_path, f"Kyrgyzstan,CASU,,joined_full,2020,high,{SRC}\nUzbekistan,CASU,,left,2021,high,{SRC}\n")
    ev = mv.load_records([y, p])
    casu = ev[ev.ioname == "casu"]
    assert casu[["ccode", "event", "line"]].values.tolist() == [[704, "founded_as_member", 13], [705, "founded_as_member", 12],
                                                             [703, "joined_full", 2], [704, "left", 3]]


@pytest.mark.parametrize("change, message, line", [
    ("predecessor: xyz", "predecessor 'xyz' is not a COW ioname", 2),
    ("founded: 2018-02-30", "founded: bad date", 2),
    ("political: 2", "political must be 0 or 1", 2),
    ("complete_through: soon", "complete_through must be a year or null", 2),
])
def test_yaml_errors(tmp_path, change, message, line):
    key = change.split(":")[0]
    text = "\n".join(l for l in YAML_ORG.splitlines() if not l.strip().startswith(key + ":"))
    text = text.replace("    abbreviation: CASU", f"    abbreviation: CASU\n    {change}")
    y = tmp_path / "orgs.yaml"
    y.write_text(text)
    e = error_of(y)
    assert e.line == line and message in str(e), str(e)


def test_yaml_id_clashes(tmp_path):
    y = tmp_path / "orgs.yaml"
    y.write_text(YAML_ORG.replace("id: casu", "id: sco"))
    assert "already a COW ioname" in str(error_of(y))
    y.write_text(YAML_ORG.replace("id: casu", "id: eaeu"))
    e = error_of(y)
    assert "organization 'eaeu' is defined twice (first at" in str(e) and "organizations.yaml" in str(e)
    y.write_text("organizations: [\n")
    assert "cannot read YAML" in str(error_of(y))


def test_yaml_member_leaving_before_joining(tmp_path):
    y = tmp_path / "orgs.yaml"
    y.write_text(YAML_ORG)
    # Kyrgyzstan is not in CASU's complete member list (2018-2019): leaving is an error
    p = write(tmp_path, f"Kyrgyzstan,CASU,,left,2019,high,{SRC}\n")
    e = error_of(y, p)
    assert "never joined" in str(e) and "member list of CASU" in str(e)


# ------------------------------------------------------------------ user records: argument, env, DataFrame


def test_records_from_environment(tmp_path, monkeypatch):
    p = write(tmp_path, f"Kazakhstan,CICA,,host,2022-10-12,high,{SRC}\n")
    monkeypatch.setenv("MULTIVECTOR_RECORDS", str(p))
    ev = mv.load_records()
    assert ((ev.ccode == 705) & (ev.ioname == "cica") & (ev.event == "host")).sum() == 1
    bad = write(tmp_path, f"Kazakstan,CICA,,host,2022,high,{SRC}\n", name="bad.csv")
    monkeypatch.setenv("MULTIVECTOR_RECORDS", f"{p}{__import__('os').pathsep}{bad}")
    with pytest.raises(mv.RecordsError, match="bad.csv:2: unknown state"):
        mv.load_records()


def test_records_as_dataframe():
    df = pd.DataFrame([{"state": "Kazakhstan", "org": "CICA", "event": "host", "date": "2022-10-12",
                        "confidence": "high", "source_title": "T", "source_url": "https://example.org"}])
    ev = mv.load_records(df)
    assert ev[ev.file == "<DataFrame>"].line.tolist() == [1]
    bad = df.assign(state="Atlantis")
    with pytest.raises(mv.RecordsError, match=r"^<DataFrame>:1: unknown state 'Atlantis'"):
        mv.load_records(bad)


# ------------------------------------------------------------------ CLI


def test_cli_validate(runner, cli, tmp_path):
    good = write(tmp_path, f"Kazakhstan,CICA,,host,2022-10-12,high,{SRC}\n", name="good.csv")
    r = runner.invoke(cli, ["records", "validate", str(good)])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("OK: 1 event in 1 file is valid (")  # "1 events" before (issue 11)
    bad = write(tmp_path, f"Kazakstan,CICA,,host,2022,high,{SRC}\nKazakhstan,OPEC,,left,2016,high,{SRC}\n", name="bad.csv")
    r = runner.invoke(cli, ["records", "validate", str(bad)])
    assert r.exit_code == 1
    lines = r.stderr.strip().splitlines()
    assert lines[0].startswith(f"{bad}:2: unknown state 'Kazakstan'")
    assert lines[1].startswith(f"{bad}:3: Kazakhstan cannot be 'left' from OPEC")
    assert lines[2] == "Error: 2 problems in the records."


def test_cli_records_option_error_is_one_line(runner, cli, tmp_path):
    bad = write(tmp_path, f"Kazakhstan,CICA,,host,2022-02-30,high,{SRC}\n", name="bad.csv")
    for args in (["records", "list", "--records", str(bad)], ["engagements", "Kazakhstan", "--records", str(bad)],
                 ["what-if", "Kazakhstan", "--year", "2016", "--join", "OECD", "--records", str(bad)]):
        r = runner.invoke(cli, args)
        assert r.exit_code == 1, args
        assert r.stderr.strip().splitlines() == [r.stderr.strip()]
        assert r.stderr.startswith(f"Error: {bad}:2: bad date '2022-02-30': no such day")


def test_cli_records_list(runner, cli):
    r = runner.invoke(cli, ["records", "list", "--state", "Kazakhstan", "--event", "unsc_seat", "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(r.stdout.splitlines()))
    assert [(x["date"], x["org"], x["source_url"]) for x in rows] == [("2017-01-01", "UNSC", "http://tass.com/world/885215")]
    r = runner.invoke(cli, ["records", "list", "--event", "joined_forever"])
    assert r.exit_code == 1 and "unknown event 'joined_forever'" in r.stderr


def test_csv_with_byte_order_mark(tmp_path):
    p = tmp_path / "excel.csv"
    p.write_bytes(b"\xef\xbb\xbf" + (HEADER + f"Kazakhstan,CICA,,host,2022-10-12,high,{SRC}\n").encode())
    ev = mv.load_records(p)
    assert ((ev.ccode == 705) & (ev.event == "host") & (ev.date == "2022-10-12")).sum() == 1


# ------------------------------------------------------------------ coverage statements ("known non-member")

COVERAGE = """\
coverage:
  - org: GCC
    complete_through: 2018
    source_title: A member list
    source_url: https://example.org/csto
"""


@pytest.mark.parametrize("entry, message", [
    ("  - {org: GCCC, complete_through: 2018, source_title: T, source_url: 'https://e.org'}", ("coverage: unknown organization 'GCCC'. Did you mean:", "GCC (Gulf Cooperation Council)")),
    ("  - {org: EAEU, complete_through: 2018, source_title: T, source_url: 'https://e.org'}", "EAEU is defined in the records; give its complete_through in its definition"),
    ("  - {org: GCC, complete_through: 2014, source_title: T, source_url: 'https://e.org'}", "complete_through must be a year after 2014"),
    ("  - {org: GCC, complete_through: soon, source_title: T, source_url: 'https://e.org'}", "complete_through must be a year after 2014"),
    ("  - {org: GCC, complete_through: 2018, source_url: 'https://e.org'}", "coverage of 'GCC': missing source_title"),
    ("  - {org: GCC, complete_through: 2018, source_title: T, source_url: 'www.e.org'}", "source_url must start with http"),
    ("  - {org: GCC, complete_through: 2018, until: 2019, source_title: T, source_url: 'https://e.org'}", "unknown key(s) 'until'"),
    ("  - {org: EAEC, complete_through: 2018, source_title: T, source_url: 'https://e.org'}", None),  # alive in 2014: fine
    ("  - {org: CMEA, complete_through: 2018, source_title: T, source_url: 'https://e.org'}", "is not alive after 1991 in the COW data"),
])
def test_coverage_errors(tmp_path, entry, message):
    y = tmp_path / "cov.yaml"
    y.write_text("coverage:\n" + entry + "\n")
    if message is None:
        assert "eaec" in load_record_set([y]).coverage
        return
    e = error_of(y)
    assert e.line == 2 and all(m in str(e) for m in ((message,) if isinstance(message, str) else message)), str(e)


def test_coverage_twice(tmp_path):
    y = tmp_path / "cov.yaml"
    y.write_text(COVERAGE + "  - {org: gcc, complete_through: 2020, source_title: T, source_url: 'https://e.org'}\n")
    e = error_of(y)
    assert e.line == 6 and "is covered twice (first at" in str(e) and f"{y}:2" in str(e)


def test_shipped_coverage_statements_cite_sources():
    rs = load_record_set()
    assert {"nato", "eu", "coe", "oecd", "wto", "sco"} <= set(rs.coverage)
    for c in rs.coverage.values():
        assert c.source_url.startswith(("https://", "http://")) and c.source_title and c.complete_through in (2024, 2025), c
    assert rs.coverage["unesco"].complete_through == 2024  # withdrawals announced in 2025 are not checked


# ------------------------------------------------------------------ suspensions and reinstatements


def test_reinstated_needs_a_suspension(tmp_path):
    p = write(tmp_path, f"Kazakhstan,CSTO,,reinstated,2019,high,{SRC}\n")
    e = error_of(p)
    assert e.line == 2 and "cannot be reinstated in CSTO on 2019: no earlier suspension is recorded" in str(e)
    p = write(tmp_path, f"Kazakhstan,CSTO,,suspended,2018,high,{SRC}\nKazakhstan,CSTO,,reinstated,2019,high,{SRC}\n")
    e = mv.engagements("Kazakhstan", records=p)
    sus = e[(e.ioname == "csto") & (e.event == "suspended")]
    assert sus[["year_from", "year_to"]].values.tolist() == [[2018, 2019]]  # the suspension ends with the reinstatement
    # a reinstatement in what the state never joined is refused like an exit
    p = write(tmp_path, f"Kazakhstan,OPEC,,reinstated,2019,high,{SRC}\n")
    assert "cannot be reinstated in OPEC: it never joined" in str(error_of(p))


# ------------------------------------------------------------------ large files: row order, progress


def test_problems_of_many_rows_come_in_row_order(tmp_path):
    # one problem of each kind, row after row; the report keeps file order and each row's first problem
    body = (f"Kazakstan,CICA,,chair,2016,high,{SRC}\n"          # 2 unknown state
            f"Kazakhstan,CICA,,chair,2016-02-30,high,{SRC}\n"   # 3 bad date
            f"Kazakhstan,CICA,,chairs,2016,high,{SRC}\n"        # 4 unknown event
            f"Kazakstan,CIAC,,chair,2016-13,high,{SRC}\n"       # 5 bad date first (checked before the names)
            f"Kazakhstan,CICA,,chair,2017,maybe,{SRC}\n"        # 6 confidence
            f"Kazakhstan,AIIB,,chair,2012,high,{SRC}\n"         # 7 before founding
            + "".join(f"Kazakhstan,CICA,,host,2016-01-{d:02d},high,{SRC}\n" for d in range(1, 29)))
    v = mv.validate_records([write(tmp_path, body)])
    assert v.line.tolist() == [2, 3, 4, 5, 6, 7]
    assert [m.split(" ")[0] for m in v.message] == ["unknown", "bad", "unknown", "bad", "unknown", "AIIB"]
    assert "month 13 out of range" in v.message[3]


def test_validation_reports_progress(tmp_path):
    p = write(tmp_path, "".join(f"Kazakhstan,CICA,,host,{y}-{m:02d}-01,high,{SRC}\n" for y in range(2015, 2025) for m in range(1, 13)))
    seen = []
    assert len(mv.validate_records([p], progress=lambda stage, done, total: seen.append((stage, done, total)))) == 0
    stages = [s for s, _, _ in seen]
    assert "reading mine.csv" in stages and stages[-1] == "checking"
    assert seen[-1][1] == seen[-1][2]  # the checking reaches its end
    reading = [(d, t) for s, d, t in seen if s == "reading mine.csv"]
    assert reading[-1][0] == reading[-1][1] == p.stat().st_size


# ------------------------------------------------------------------ generated documents: coverage table, cross-check


def _script(name):
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_coverage_table_in_docs_is_current():
    mod = _script("records_coverage_table")
    text = mod.DOC.read_text(encoding="utf-8")
    assert mod.render(text) == text, "docs/records.md is stale: run python scripts/records_coverage_table.py"
    # the table's figures are the library's (spot check against an independent count of the cube)
    c = mv.extended_cube()
    n = int((c.status[:, c.org_index["nato"], 2025 - c.year0] == 1).sum())
    assert n == 32 and "| NATO (North Atlantic Treaty Org) | cow | 2025 | 28 | 32 | 4 | 0 |" in text


def test_crosscheck_report_builds_and_is_current(source_dir):
    mod = _script("crosscheck_records")
    text = mod.build(source_dir)
    # known errors of the compilations surface as disagreements for a person to resolve
    assert "| CIS | cis | 372 | Georgia | member | non-member in 2025 |" in text
    assert "| CIS | cis | 369 | Ukraine | member | non-member in 2025 |" in text
    assert "| EAEU | eaeu | 371 | Armenia | joined 2015-01-01 | recorded 2015-01-02 | join date differs |" in text
    committed = (Path(__file__).resolve().parents[1] / "docs" / "records-crosscheck.md").read_text(encoding="utf-8")
    assert committed == text, "docs/records-crosscheck.md is stale: run python scripts/crosscheck_records.py"


def test_docstring_examples_of_the_records_modules_run():
    import doctest

    from multivector.engine import _extended, _records

    for mod in (_records, _extended):
        res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        assert res.failed == 0 and res.attempted > 5, mod.__name__
