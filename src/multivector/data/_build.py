"""Build the compact shipped data from the published source files.

``build_data`` reads the sources as distributed, validates them, and writes
Parquet tables plus ``manifest.json`` into a data directory (by default the
package's own ``data/``). It never edits a source value: disagreements
between the two COW IGO files are written to ``quality.parquet``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from multivector.data._countries import (
    ISO3_CODE_OVERRIDES,
    ISO3_NAME_OVERRIDES,
    ISO3_PREDECESSORS,
    UN_CODE_OVERRIDES,
    UN_NAME_OVERRIDES,
    iso_codes,
)
from multivector._errors import BuildError
from multivector.data._sources_meta import SOURCES
from multivector.data._system import SYSTEM_FIRST_YEAR, SYSTEM_LAST_YEAR, in_system_mask
from multivector.data.sources._csv import first_line
from multivector.data.sources import (
    read_atop,
    read_idealpoints,
    read_igo_year,
    read_iigo_memberships,
    read_iigo_organizations,
    read_migo_memberships,
    read_roll_call_issues,
    read_roll_calls,
    read_state_year,
    read_states,
    read_votes,
)

PACKAGE_DATA = Path(__file__).parent

#: Default location of the sources, relative to the project checkout.
DEFAULT_SOURCE_DIR = Path("../shared/data")

SOURCE_FILES = {
    "cow_igo_state_year": "cow-igo-v3/state_year_formatv3.csv.gz",
    "cow_igo_igo_year": "cow-igo-v3/igo_year_formatv3.csv.gz",
    "cow_states": "cow-states/states2016.csv",
    "un_votes": "unga/un_votes.csv.gz",
    "un_roll_calls": "unga/un_roll_calls.csv.gz",
    "un_issues": "unga/un_roll_call_issues.csv.gz",
    "atop": "atop-5.1/atop_alliance_dyad_year.csv.gz",
    "unga_idealpoints": "unga-idealpoints/idealpoints_2025-07.csv.gz",
    "iigo_organizations": "informal-igo/iigo_organizations.csv.gz",
    "iigo_memberships": "informal-igo/iigo_memberships.csv.gz",
    "migo_memberships": "informal-igo/migo_memberships.csv.gz",
}

#: Which source entry each input file belongs to (for the manifest).
INPUT_SOURCE = {
    "cow_igo_state_year": "cow_igo",
    "cow_igo_igo_year": "cow_igo",
    "cow_states": "cow_states",
    "un_votes": "unga",
    "un_roll_calls": "unga",
    "un_issues": "unga",
    "atop": "atop",
    "unga_idealpoints": "unga_idealpoints",
    "iigo_organizations": "iigo",
    "iigo_memberships": "iigo",
    "migo_memberships": "migo",
}

#: Largest number of state-years that may be absent from the state-year file
#: outside a spell's final year before the build calls the file truncated.
MAX_MISSING_STATE_YEARS = 0


@dataclass
class BuildPaths:
    """Paths of the source files; ``from_dir`` fills them from a folder."""

    cow_igo_state_year: Path
    cow_igo_igo_year: Path
    cow_states: Path
    un_votes: Path
    un_roll_calls: Path
    un_issues: Path
    atop: Path
    unga_idealpoints: Path
    iigo_organizations: Path
    iigo_memberships: Path
    migo_memberships: Path
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_dir(cls, source_dir: str | Path = DEFAULT_SOURCE_DIR, **overrides: str | Path | None) -> "BuildPaths":
        """Default file locations under ``source_dir``, with explicit overrides."""
        source_dir = Path(source_dir)
        kw = {}
        for key, rel in SOURCE_FILES.items():
            given = overrides.get(key)
            kw[key] = Path(given) if given else source_dir / rel
        return cls(**kw)

    def items(self):
        return [(k, getattr(self, k)) for k in SOURCE_FILES]


def sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _system_years(states: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """(ccode, year, final) for every year a spell touches, within [first, last]."""
    rows = []
    for r in states.itertuples():
        lo, hi = max(r.styear, first), min(r.endyear, last)
        for y in range(lo, hi + 1):
            rows.append((r.ccode, y, y == r.endyear and r.endyear < 2016))
    return pd.DataFrame(rows, columns=["ccode", "year", "final"]).drop_duplicates(["ccode", "year"], keep="last")


def _build_states(states: pd.DataFrame) -> pd.DataFrame:
    iso = {c: iso_codes(c, n) for c, n in states.drop_duplicates("ccode")[["ccode", "statenme"]].itertuples(index=False)}
    out = states.copy()
    out["iso2"] = out.ccode.map(lambda c: iso[c][0])
    out["iso3"] = out.ccode.map(lambda c: iso[c][1])
    out["start"] = pd.to_datetime(dict(year=out.styear, month=out.stmonth, day=out.stday)).dt.date
    out["end"] = pd.to_datetime(dict(year=out.endyear, month=out.endmonth, day=out.endday)).dt.date
    cols = ["ccode", "stateabb", "statenme", "state", "iso2", "iso3", "spell", "start", "end",
            "styear", "stmonth", "stday", "endyear", "endmonth", "endday", "version"]
    out = out[cols].astype({"ccode": "int16", "spell": "int8", "styear": "int16", "endyear": "int16",
                            "stmonth": "int8", "stday": "int8", "endmonth": "int8", "endday": "int8", "version": "int16"})
    dup = out.dropna(subset=["iso3"]).drop_duplicates("ccode")
    clash = dup[dup.duplicated("iso3", keep=False)]
    if len(clash):
        raise BuildError(f"ISO code {clash.iso3.iloc[0]} would map to several ccodes: {sorted(clash.ccode.tolist())}")
    return out


def _check_state_year(sy: pd.DataFrame, states: pd.DataFrame) -> None:
    what = "COW IGO state-year"
    known = set(states.ccode)
    unknown = sorted(set(sy.ccode) - known)
    if unknown:
        raise BuildError(f"{what}: ccode(s) {unknown[:5]} are not in the COW state list; cannot place these rows")
    if (sy.state != "").any():
        names = dict(zip(states.ccode, states.state))
        bad = sy[(sy.state != "") & (sy.state != sy.ccode.map(names))]
        if len(bad):
            raise BuildError(f"{what}: row ccode {bad.ccode.iloc[0]} year {bad.year.iloc[0]} has state name {bad.state.iloc[0]!r}, "
                             f"expected {names[bad.ccode.iloc[0]]!r}")
    first, last = int(sy.year.min()), int(sy.year.max())
    expected = _system_years(states, first, last)
    have = pd.MultiIndex.from_frame(sy[["ccode", "year"]])
    exp_idx = pd.MultiIndex.from_frame(expected[["ccode", "year"]])
    outside = have.difference(exp_idx)
    if len(outside):
        c, y = outside[0]
        raise BuildError(f"{what}: {len(outside)} row(s) for years a state was not in the system (first: ccode {c}, {y}); cannot place them")
    absent = expected.set_index(["ccode", "year"]).loc[exp_idx.difference(have)]
    unexplained = absent[~absent.final]
    if len(unexplained) > MAX_MISSING_STATE_YEARS:
        c, y = unexplained.index[0]
        raise BuildError(f"{what}: {len(unexplained)} state-year(s) of the state system are missing (first: ccode {c}, {y}); "
                         "the file looks truncated")


def _memberships_long(sy: pd.DataFrame) -> pd.DataFrame:
    igos = [c for c in sy.columns if c not in ("ccode", "year", "state")]
    values = sy[igos].to_numpy(dtype=np.int8)
    n, k = values.shape
    long = pd.DataFrame({
        "ccode": np.repeat(sy.ccode.to_numpy(np.int16), k),
        "ioname": pd.Categorical(np.tile(np.array(igos, dtype=object), n), categories=sorted(igos)),
        "year": np.repeat(sy.year.to_numpy(np.int16), k),
        "status": values.ravel(),
    })
    return long.sort_values(["ioname", "ccode", "year"], kind="stable").reset_index(drop=True)


def _organizations(iy: pd.DataFrame, igos: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per IGO (attributes) and one per IGO-year (per-year flags)."""
    meta = iy.sort_values(["ioname", "year"])
    g = meta.groupby("ioname", sort=True)
    orgs = g.agg(
        orgname=("orgname", "last"),
        longorgname=("longorgname", "last"),
        sdate=("sdate", "min"),
        deaddate=("deaddate", "max"),
        dead=("dead", "max"),
        integrated=("integrated", "max"),
        replaced=("replaced", "max"),
        ionum=("ionum", "last"),
        igocode=("igocode", "last"),
        version=("version", "last"),
        accuracy_pre1965=("accuracyofpre1965membershipdates", "last"),
        sourcesandnotes=("sourcesandnotes", "last"),
        political=("political", "max"),
        social=("social", "max"),
        economic=("economic", "max"),
        first_year=("year", "min"),
        last_year=("year", "max"),
        n_years=("year", "size"),
        imputed_years=("imputed", lambda s: int((s == 1).sum())),
    ).reset_index()
    missing = sorted(set(igos) - set(orgs.ioname))
    if missing:
        raise BuildError(f"COW IGO-year: IGO(s) {missing[:5]} of the state-year file have no rows in the IGO-year file")
    for c in ("sdate", "deaddate", "ionum", "first_year", "last_year", "n_years", "imputed_years"):
        orgs[c] = orgs[c].astype("Int16")
    for c in ("dead", "integrated", "replaced", "political", "social", "economic"):
        orgs[c] = orgs[c].fillna(0).astype("int8")
    for c in ("orgname", "longorgname", "igocode", "accuracy_pre1965", "sourcesandnotes"):
        orgs[c] = orgs[c].astype("string")
    orgs["version"] = orgs["version"].astype("string")
    orgs["in_state_year_file"] = orgs.ioname.isin(igos)
    years = meta[["ioname", "year", "imputed", "political", "social", "economic"]].copy()
    years["year"] = years["year"].astype("int16")
    years["imputed"] = years["imputed"].astype("Int8")
    for c in ("political", "social", "economic"):
        years[c] = years[c].astype("Int8")
    return orgs, years.reset_index(drop=True)


def _quality(long: pd.DataFrame, iy: pd.DataFrame, states: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Every cell where the two IGO files disagree, and summary counts."""
    names = states.drop_duplicates("ccode").set_index("state").ccode
    scols = [c for c in iy.columns if c in names.index]
    vals = iy[scols].to_numpy(np.int8)
    n, k = vals.shape
    other = pd.DataFrame({
        "ioname": np.repeat(iy.ioname.to_numpy(), k),
        "year": np.repeat(iy.year.to_numpy(np.int16), k),
        "ccode": np.tile(names.loc[scols].to_numpy(np.int16), n),
        "igo_year_status": vals.ravel(),
    })
    sy = long[["ccode", "ioname", "year", "status"]].copy()
    sy["ioname"] = sy["ioname"].astype(str)
    other = other[other.igo_year_status != -1]  # empty cell: state not in the system
    m = sy.merge(other, on=["ccode", "ioname", "year"], how="outer", indicator=True)
    both = m["_merge"] == "both"
    not_alive = both & (m.status == -1)
    differ = both & (m.status != -1) & (m.status != m.igo_year_status)
    only_sy = (m["_merge"] == "left_only") & (m.status != -1)
    only_iy = m["_merge"] == "right_only"
    q = m[differ | not_alive | only_sy | only_iy].copy()
    q["kind"] = np.select(
        [differ[q.index], not_alive[q.index], only_sy[q.index]],
        ["differ", "not_alive_in_state_year", "only_state_year"], default="only_igo_year",
    )
    q = q.rename(columns={"status": "state_year_status"})
    q = q[["ccode", "ioname", "year", "state_year_status", "igo_year_status", "kind"]]
    q["state_year_status"] = q["state_year_status"].astype("Int8")
    q["igo_year_status"] = q["igo_year_status"].astype("Int8")
    q = q.sort_values(["kind", "ioname", "ccode", "year"]).reset_index(drop=True)
    summary = {
        "shared_cells": int(both.sum()),
        "differing_cells": int(differ.sum() + not_alive.sum()),
        "differ_codes": int(differ.sum()),
        "not_alive_in_state_year": int(not_alive.sum()),
        "only_state_year": int(only_sy.sum()),
        "only_igo_year": int(only_iy.sum()),
    }
    summary["org_years_without_type_flags"] = [
        f"{r.ioname} {r.year}" for r in iy[iy[["political", "social", "economic"]].isna().any(axis=1)].itertuples()
    ]
    pairs = q[q.kind.isin(["differ", "not_alive_in_state_year"])].groupby(["state_year_status", "igo_year_status"]).size()
    summary["differ_by_codes"] = {f"{int(a)}->{int(b)}": int(c) for (a, b), c in pairs.items()}
    return q, summary


def _map_votes(votes: pd.DataFrame, states: pd.DataFrame, roll_calls: pd.DataFrame) -> pd.DataFrame:
    """Attach a COW ccode to every vote; fail on any vote that cannot be placed."""
    iso2 = states.dropna(subset=["iso2"]).drop_duplicates("ccode").set_index("iso2").ccode.to_dict()
    iso2.update(UN_CODE_OVERRIDES)
    code = votes.country_code.map(iso2)
    by_name = votes.country.map(UN_NAME_OVERRIDES)
    empty = votes.country_code == ""
    ccode = code.where(~empty, by_name)
    bad = ccode.isna()
    if bad.any():
        row = votes[bad].iloc[0]
        raise BuildError(
            f"UN votes: {int(bad.sum())} vote(s) cannot be placed on a COW state "
            f"(first: country {row.country!r}, code {row.country_code!r}, rcid {row.rcid}); add a mapping"
        )
    out = votes.copy()
    out["ccode"] = ccode.astype("int16")
    unknown_rc = ~out.rcid.isin(roll_calls.rcid)
    if unknown_rc.any():
        raise BuildError(f"UN votes: {int(unknown_rc.sum())} vote(s) refer to roll calls not in the roll-call file (first rcid {out.rcid[unknown_rc].iloc[0]})")
    dup = out.duplicated(["rcid", "ccode"])
    if dup.any():
        raise BuildError(f"UN votes: two rows place a vote of the same state on roll call {out.rcid[dup].iloc[0]}")
    no_votes = ~roll_calls.rcid.isin(out.rcid)
    if no_votes.any():
        raise BuildError(f"UN votes: {int(no_votes.sum())} roll call(s) have no votes (first rcid {roll_calls.rcid[no_votes].iloc[0]}); "
                         "the votes file looks truncated")
    session_year = out.rcid.map(roll_calls.set_index("rcid").session) + 1945
    sy = _system_years(states, 1816, 2016)
    in_sys = pd.MultiIndex.from_arrays([out.ccode.astype("int64"), session_year]).isin(pd.MultiIndex.from_frame(sy[["ccode", "year"]]))
    out["in_system"] = in_sys
    out["rcid"] = out["rcid"].astype("int32")
    out["country"] = out["country"].astype("category")
    out["country_code"] = out["country_code"].astype("category")
    return out[["rcid", "ccode", "vote", "country", "country_code", "in_system"]].sort_values(["rcid", "ccode"]).reset_index(drop=True)


#: Columns of the ``source_issues`` table (every row a source fails a check the build does not fail on).
ISSUE_COLUMNS = ["source", "issue", "ccode", "ccode2", "year", "code", "igo_id", "rows", "detail"]


def _issues(source: str, issue: str, df: pd.DataFrame, detail) -> pd.DataFrame:
    """Rows of the issues table from ``df`` (with any of ccode, ccode2, year, code, igo_id, rows)."""
    out = pd.DataFrame(index=range(len(df)))
    out["source"] = source
    out["issue"] = issue
    for c in ("ccode", "ccode2", "year"):
        out[c] = pd.array(df[c].to_numpy(), dtype="Int16") if c in df else pd.array([pd.NA] * len(df), dtype="Int16")
    for c in ("code", "igo_id"):
        out[c] = pd.array(df[c].to_numpy(), dtype="string") if c in df else pd.array([pd.NA] * len(df), dtype="string")
    out["rows"] = df["rows"].to_numpy(np.int32) if "rows" in df else np.ones(len(df), np.int32)
    out["detail"] = pd.array(list(detail) if not isinstance(detail, str) else [detail] * len(df), dtype="string")
    return out


def _empty_issues() -> pd.DataFrame:
    return _issues("", "", pd.DataFrame(), [])


def _concat_issues(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else _empty_issues()


def _state_names(states: pd.DataFrame) -> dict[int, str]:
    return dict(zip(states.ccode.astype(int), states.statenme))


def _spell_text(states: pd.DataFrame) -> dict[int, str]:
    """ccode -> "1991-2024" (spells, with the end-2016 rule) for messages."""
    from multivector.data._system import system_spells

    sp = system_spells(states).sort_values(["ccode", "styear"])
    return {int(c): ", ".join(f"{a}-{b}" for a, b in zip(g.styear, g.endyear)) for c, g in sp.groupby("ccode")}


def _outside_system(source: str, ccode: pd.Series, year: pd.Series, states: pd.DataFrame, what_rows: str) -> pd.DataFrame:
    """Issues rows (one per state-year) for (ccode, year) pairs outside the state system."""
    bad = ~in_system_mask(states, ccode.to_numpy(), year.to_numpy())
    if not bad.any():
        return _empty_issues()
    g = pd.DataFrame({"ccode": ccode[bad].to_numpy(), "year": year[bad].to_numpy()}).value_counts().rename("rows").reset_index()
    g = g.sort_values(["ccode", "year"]).reset_index(drop=True)
    names, spells = _state_names(states), _spell_text(states)
    issue = np.where(g.year < SYSTEM_FIRST_YEAR, "before_state_list", "not_in_system")
    detail = [
        f"{n} {what_rows} with {names[c]} ({c}) in {y}: "
        + (f"before the COW state list starts ({SYSTEM_FIRST_YEAR})" if y < SYSTEM_FIRST_YEAR
           else f"not a state of the COW system that year (in it {spells[c]})")
        for c, y, n in g[["ccode", "year", "rows"]].itertuples(index=False)
    ]
    return _concat_issues([_issues(source, kind, g[issue == kind], [d for d, k in zip(detail, issue) if k == kind])
                           for kind in ("before_state_list", "not_in_system")])


def _check_alliances(al: pd.DataFrame, states: pd.DataFrame, file: str = "ATOP file") -> tuple[pd.DataFrame, dict]:
    """Checks of the ATOP table against itself and the state list; returns (issues, summary).

    Fails (BuildError) on codes that are not COW states and on rows without
    their mirror row (a directed file must hold both orders: a missing
    mirror means a cut or damaged file). Reports, without failing: mirror
    rows whose flags differ (ATOP codes obligations per direction), and rows
    with a state outside the state system that year.
    """
    from multivector.data.sources.atop import ATOP_FLAGS

    what = f"ATOP alliances ({file})"
    known = list(set(states.ccode.astype(int)))
    for c in ("ccode1", "ccode2"):
        bad = ~al[c].isin(known)
        if bad.any():
            unknown = sorted(set(al[c][bad].astype(int)))
            raise BuildError(f"{what}: column {c!r} has {int(bad.sum())} code(s) that are not COW states "
                             f"(first: {int(al[c][bad].iloc[0])} in line {first_line(bad)}; codes {unknown[:5]}); cannot place these rows")
    key = ["ccode1", "ccode2", "year"]
    mirror = al.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    m = al.merge(mirror, on=key, how="left", suffixes=("", "_mirror"), indicator=True)  # keeps al's row order
    lonely = m["_merge"] == "left_only"
    if lonely.any():
        r = m[lonely].iloc[0]
        raise BuildError(f"{what}: {int(lonely.sum())} directed row(s) lack their mirror row (first: line {first_line(lonely)}, "
                         f"{int(r.ccode1)}-{int(r.ccode2)} {int(r.year)}, has no {int(r.ccode2)}-{int(r.ccode1)} row); "
                         "the file looks truncated or damaged")
    a = m[ATOP_FLAGS].to_numpy()
    b = m[[f + "_mirror" for f in ATOP_FLAGS]].to_numpy().astype(np.int8)
    differ = (a != b).any(axis=1)
    d = m[differ]
    detail = [
        "; ".join(f"{f.removeprefix('atop_')} {x}, mirror {y}" for f, x, y in zip(ATOP_FLAGS, ra, rb) if x != y)
        for ra, rb in zip(a[differ], b[differ])
    ]
    asym = _issues("atop", "asymmetric_flags", d.rename(columns={"ccode1": "ccode"}), detail)
    outside = _outside_system("atop", al["ccode1"], al["year"], states, "directed rows")
    outside["detail"] = outside.detail.str.replace("directed rows with", "directed rows (and as many mirror rows) with", regex=False)
    # A row counts once even when both of its states are outside the system.
    out_rows = ~(in_system_mask(states, al.ccode1.to_numpy(), al.year.to_numpy())
                 & in_system_mask(states, al.ccode2.to_numpy(), al.year.to_numpy()))
    summary = {
        "rows": int(len(al)),
        "years": [int(al.year.min()), int(al.year.max())],
        "rows_without_mirror": 0,
        "rows_with_asymmetric_flags": int(differ.sum()),
        "asymmetric_by_flag": {f: int((a[:, i] != b[:, i]).sum()) for i, f in enumerate(ATOP_FLAGS)},
        "rows_with_no_obligation": int((a.sum(axis=1) == 0).sum()),
        "rows_with_a_state_outside_system": int(out_rows.sum()),
        "rows_before_state_list": int((al.year < SYSTEM_FIRST_YEAR).sum()),
        "states_outside_system": sorted(int(c) for c in outside.ccode.dropna().unique()),
    }
    return _concat_issues([asym, outside]), summary


def _check_idealpoints(ip: pd.DataFrame, states: pd.DataFrame, file: str = "ideal-point file") -> tuple[pd.DataFrame, dict]:
    """Checks of the ideal-point table against the state list; returns (issues, summary).

    Fails on a ``ccode`` that is not a COW state. Reports, without failing:
    state-years outside the state system (the Ukrainian and Byelorussian
    SSRs, founding UN members before 1991; Taiwan's China seat 1946-1948;
    India 1946; four states in the year before they enter it), rows without
    a name (17: the year a state joined, with only the legacy estimate),
    and an ``iso3c`` shared by two states in the same year (YAR, 1967-1989).
    """
    what = f"UN ideal points ({file})"
    bad = ~ip.ccode.isin(list(set(states.ccode.astype(int))))
    if bad.any():
        unknown = sorted(set(ip.ccode[bad].astype(int)))
        raise BuildError(f"{what}: column 'ccode' has {int(bad.sum())} code(s) that are not COW states "
                         f"(first: {int(ip.ccode[bad].iloc[0])} in line {first_line(bad)}; codes {unknown[:5]}); cannot place these rows")
    nameless = ip.iso3c.isna() & ip.countryname.isna()
    nameless_rows = _issues("unga_idealpoints", "no_name", ip[nameless],
                            ["iso3c and countryname empty; only the legacy estimate is given" if pd.isna(f) and pd.notna(g)
                             else "iso3c and countryname empty"
                             for f, g in zip(ip.idealpointall[nameless], ip.idealpointlegacy[nameless])])
    outside = _outside_system("unga_idealpoints", ip.ccode, ip.year, states, "row(s)")
    shared = ip.dropna(subset=["iso3c"])
    shared = shared[shared.duplicated(["iso3c", "year"], keep=False)]
    names = _state_names(states)
    shared_rows = _issues(
        "unga_idealpoints", "iso3c_shared", shared.assign(code=shared.iso3c),
        [f"iso3c {c} is given to {names[int(k)]} ({int(k)}) and another state in {int(y)}"
         for c, k, y in shared[["iso3c", "ccode", "year"]].itertuples(index=False)],
    )
    summary = {
        "rows": int(len(ip)),
        "years": [int(ip.year.min()), int(ip.year.max())],
        "states": int(ip.ccode.nunique()),
        "rows_without_name": int(nameless.sum()),
        "rows_outside_system": int(outside.rows.sum()),
        "states_outside_system": sorted(int(c) for c in outside.ccode.dropna().unique()),
        "rows_with_shared_iso3c": int(len(shared)),
        "empty": {c: int(ip[c].isna().sum()) for c in ("idealpointfp", "idealpointall", "idealpointlegacy")},
        "empty_idealpointall_by_year": {str(y): int(n) for y, n in ip[ip.idealpointall.isna()].year.value_counts().sort_index().items()},
    }
    return _concat_issues([nameless_rows, outside, shared_rows]), summary


def _iigo_ids(orgs: pd.DataFrame, members: pd.DataFrame) -> pd.Series:
    """One identifier per IIGO organization (by title).

    The organization file's ``igoID`` where it is given and unique there;
    else the member file's ``igoID`` for the same title where that is given
    and used by no other organization; else the title itself. Every
    identifier comes from the source; the rule only picks among them.
    """
    pub = orgs.igo_id_published
    counts = pub.value_counts()
    member_ids = members.dropna(subset=["igo_id_published"]).drop_duplicates("title").set_index("title").igo_id_published
    taken = set(pub.dropna())
    out = []
    for title, p in zip(orgs.title, pub):
        if pd.notna(p) and counts[p] == 1:
            out.append(p)
            continue
        alt = member_ids.get(title)
        if isinstance(alt, str) and alt not in taken and (member_ids == alt).sum() == 1:
            out.append(alt)
        else:
            out.append(title)
    ids = pd.Series(out, index=orgs.index, dtype="string")
    if ids.duplicated().any():
        raise BuildError(f"IIGO organizations: cannot give {ids[ids.duplicated()].iloc[0]!r} a unique identifier")
    return ids


def _iso3_to_ccode(codes: pd.Series, names: pd.Series, years: np.ndarray, states: pd.DataFrame) -> np.ndarray:
    """COW code for each (ISO3 code or, where empty, name; year); -1 where nothing maps.

    The ISO3 code of the ``states`` table (with ``ISO3_CODE_OVERRIDES`` for
    codes that table does not give) names the state; in a year that state
    is not in the system, the state that held the same ISO code before it
    (``ISO3_PREDECESSORS``: the German Federal Republic for DEU, the Yemen
    Arab Republic for YEM) is used when that one is.
    """
    iso = states.dropna(subset=["iso3"]).drop_duplicates("ccode").set_index("iso3").ccode.astype(int).to_dict()
    iso.update(ISO3_CODE_OVERRIDES)
    primary = codes.map(iso)
    primary = primary.where(codes.notna(), names.map(ISO3_NAME_OVERRIDES))
    out = primary.fillna(-1).astype(np.int64).to_numpy().copy()
    for code, pred in ISO3_PREDECESSORS.items():
        sel = (codes == code).fillna(False).to_numpy(bool)
        if sel.any():
            use_pred = sel & ~in_system_mask(states, out, years) & in_system_mask(states, np.full(len(out), pred), years)
            out[use_pred] = pred
    return out


def _informal(orgs: pd.DataFrame, members: pd.DataFrame, migo: pd.DataFrame, states: pd.DataFrame,
              files: tuple[str, str, str]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    """IIGO and MIGO into ``informal_organizations`` and ``informal_memberships``; returns (orgs, memberships, issues, summary)."""
    from multivector.data.sources.informal_igo import IIGO_VINTAGE

    org_file, member_file, migo_file = files
    names = _state_names(states)
    spells = _spell_text(states)
    # --- IIGO: members onto organizations, by title (the published igoID differs between the two files for 7 organizations)
    known = orgs.set_index("title")
    unknown = ~members.title.isin(known.index)
    if unknown.any():
        raise BuildError(f"IIGO memberships ({member_file}): {int(unknown.sum())} row(s) name an organization that is not in "
                         f"{org_file} (first: {members.title[unknown].iloc[0]!r} in line {first_line(unknown)}); cannot place them")
    orgs = orgs.assign(igo_id=_iigo_ids(orgs, members))
    o = orgs.set_index("title")
    mem = members.assign(igo_id=members.title.map(o.igo_id), org_begin=members.title.map(o.begin).astype("int64"),
                         org_end=members.title.map(o.end))
    differs = (mem.begin.notna() & (mem.begin != mem.org_begin)) | (mem.end.fillna(-1) != mem.org_end.fillna(-1))
    issues = [_issues("iigo", "spell_differs", mem[differs].assign(code=mem.state_id[differs]),
                      [f"member row gives {b}-{e}, the organization {ob}-{oe}" for b, e, ob, oe in
                       mem.loc[differs, ["begin", "end", "org_begin", "org_end"]].itertuples(index=False)])]
    no_begin = mem.begin.isna()
    filled = mem[no_begin].groupby("igo_id").size().rename("rows").reset_index()
    issues.append(_issues("iigo", "begin_from_organization", filled,
                          [f"{n} member row(s) have no Begin (the packager's join on igoID failed); the organization's Begin is used"
                           for n in filled.rows]))
    # one row per member and year of the organization's spell, to the data's vintage when it has not ended
    last = mem.org_end.fillna(IIGO_VINTAGE).astype("int64").to_numpy()
    first = mem.org_begin.to_numpy()
    n = last - first + 1
    idx = np.repeat(np.arange(len(mem)), n)
    years = (first[idx] + np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)).astype(np.int64)
    ccode = _iso3_to_ccode(mem.state_id.iloc[idx].reset_index(drop=True), mem.state_name.iloc[idx].reset_index(drop=True),
                           years, states)
    unmapped = ccode < 0
    if unmapped.any():
        u = mem.iloc[idx[unmapped]].drop_duplicates(["igo_id", "state_name"])
        issues.append(_issues("iigo", "unmapped_code", u.assign(code=u.state_id),
                              [f"{s} ({c if pd.notna(c) else 'no code'}) maps to no COW state; its rows are left out"
                               for s, c in zip(u.state_name, u.state_id)]))
    by_name = mem.state_id.isna() & mem.state_name.isin(list(ISO3_NAME_OVERRIDES))
    named = mem[by_name]
    issues.append(_issues("iigo", "code_from_name", named.assign(ccode=named.state_name.map(ISO3_NAME_OVERRIDES)),
                          [f"stateID empty; placed by its name {s!r}" for s in named.state_name]))
    alive = in_system_mask(states, ccode, years)
    out_of = ~alive & ~unmapped
    if out_of.any():
        x = pd.DataFrame({"igo_id": mem.igo_id.to_numpy()[idx[out_of]], "ccode": ccode[out_of], "year": years[out_of]})
        g = x.groupby(["igo_id", "ccode"]).year.agg(["min", "max", "size"]).reset_index()
        issues.append(_issues("iigo", "not_in_system", g.rename(columns={"min": "year", "size": "rows"}),
                              [f"years {a}-{b} of the organization's spell: {names[c]} ({c}) not in the COW system "
                               f"(in it {spells[c]}); those years are left out"
                               for c, a, b in g[["ccode", "min", "max"]].itertuples(index=False)]))
    keep = alive & ~unmapped
    iigo_long = pd.DataFrame({
        "source": "iigo",
        "igo_id": mem.igo_id.to_numpy()[idx[keep]],
        "ccode": ccode[keep].astype(np.int16),
        "year": years[keep].astype(np.int16),
        "membership": np.ones(int(keep.sum()), np.int8),
        "state_id": mem.state_id.to_numpy()[idx[keep]],
    })
    dup = iigo_long.duplicated(["igo_id", "ccode", "year"])
    if dup.any():
        r = iigo_long[dup].iloc[0]
        raise BuildError(f"IIGO memberships ({member_file}): two member rows land on the same state-year "
                         f"({r.igo_id}, ccode {r.ccode}, {r.year})")
    listed = mem.groupby("igo_id").size()
    cnt = orgs.set_index("igo_id").n_members_published
    diff = cnt[cnt != listed.reindex(cnt.index).fillna(0).astype(int)]
    issues.append(_issues("iigo", "member_count_differs", pd.DataFrame({"igo_id": diff.index, "rows": 1}),
                          [f"{int(listed.get(i, 0))} states listed as members; the organization file gives "
                           f"{int(v)} members (2017 or at its end)" for i, v in diff.items()]))
    # --- MIGO: state-year rows as published
    what = f"MIGO memberships ({migo_file})"
    bad = ~migo.ccode.isin(list(set(states.ccode.astype(int))))
    if bad.any():
        raise BuildError(f"{what}: column 'cowID' has {int(bad.sum())} code(s) that are not COW states "
                         f"(first: {int(migo.ccode[bad].iloc[0])} in line {first_line(bad)}); cannot place these rows")
    issues.append(_outside_system("migo", migo.ccode, migo.year, states, "row(s)"))
    migo_long = pd.DataFrame({
        "source": "migo", "igo_id": migo.igo_id.to_numpy(), "ccode": migo.ccode.to_numpy(np.int16),
        "year": migo.year.to_numpy(np.int16), "membership": migo.membership.to_numpy(np.int8),
        "state_id": migo.state_id.to_numpy(),
    })
    long = pd.concat([iigo_long, migo_long], ignore_index=True)
    long["source"] = long.source.astype("string")
    long["igo_id"] = long.igo_id.astype("string")
    long["state_id"] = long.state_id.astype("string")
    long = long.sort_values(["source", "igo_id", "ccode", "year"], kind="stable").reset_index(drop=True)
    # --- organizations of both sources
    stats = long.groupby(["source", "igo_id"]).agg(first_year=("year", "min"), last_year=("year", "max"),
                                                   n_states=("ccode", "nunique"), member_years=("year", "size"))
    iigo_orgs = orgs.assign(source="iigo")
    iigo_orgs["domain"] = iigo_orgs.domain.replace({"Social Affairs": "Social affairs"})
    m = migo.groupby("igo_id").year.agg(["min", "max"])
    migo_orgs = pd.DataFrame({"source": "migo", "igo_id": m.index, "igo_id_published": m.index,
                              "begin": m["min"].to_numpy(), "end": m["max"].to_numpy()})
    cols = ["source", "igo_id", "title", "igo_id_published", "begin", "end", "end_reason", "regional", "domain", "nbr",
            "n_members_published", "secretariat_year", "treaty_year", "follow_on"]
    allorgs = pd.concat([iigo_orgs, migo_orgs], ignore_index=True).reindex(columns=cols)
    allorgs = allorgs.join(stats, on=["source", "igo_id"])
    types = {"source": "string", "igo_id": "string", "title": "string", "igo_id_published": "string", "begin": "Int16",
             "end": "Int16", "end_reason": "Int8", "regional": "Int8", "domain": "string", "nbr": "Int16",
             "n_members_published": "Int16", "secretariat_year": "Int16", "treaty_year": "Int16", "follow_on": "string",
             "first_year": "Int16", "last_year": "Int16", "n_states": "Int16", "member_years": "Int32"}
    allorgs = allorgs.astype(types).sort_values(["source", "igo_id"]).reset_index(drop=True)
    issues_df = _concat_issues(issues)
    summary = {
        "iigo": {
            "organizations": int(len(orgs)),
            "member_rows": int(len(members)),
            "state_years": int(len(iigo_long)),
            "years": [int(iigo_long.year.min()), int(iigo_long.year.max())],
            "member_rows_without_begin": int(no_begin.sum()),
            "member_rows_placed_by_name": int(by_name.sum()),
            "codes_not_mapped": sorted({str(c) for c in mem.state_id.iloc[idx[unmapped]].dropna()}),
            "state_years_outside_system": int(out_of.sum()),
            "organizations_with_member_count_differing": int(len(diff)),
        },
        "migo": {
            "organizations": int(migo.igo_id.nunique()),
            "rows": int(len(migo)),
            "states": int(migo.ccode.nunique()),
            "years": [int(migo.year.min()), int(migo.year.max())],
            "rows_outside_system": int((~in_system_mask(states, migo.ccode.to_numpy(), migo.year.to_numpy())).sum()),
            "membership_codes": {str(k): int(v) for k, v in migo.membership.value_counts().sort_index().items()},
        },
    }
    return allorgs, long, issues_df, summary


def _write(df: pd.DataFrame, path: Path, *, split_floats: bool = False) -> None:
    """Parquet, zstd. ``split_floats``: byte-stream-split encoding for float columns (ideal points:
    1.77 MB with dictionaries, 1.38 MB split; values unchanged)."""
    kw = {}
    if split_floats:
        floats = [c for c in df.columns if df[c].dtype.kind == "f"]
        kw = {"use_byte_stream_split": floats, "use_dictionary": [c for c in df.columns if c not in floats]}
    df.to_parquet(path, index=False, compression="zstd", compression_level=19, **kw)


def build_data(
    source_dir: str | Path = DEFAULT_SOURCE_DIR,
    out_dir: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
    **paths: str | Path | None,
) -> dict:
    """Validate the published source files and write the shipped data.

    Parameters:
        source_dir: folder laid out like ``../shared/data``.
        out_dir: where to write Parquet files and ``manifest.json``
            (default: the installed package's ``data/`` folder).
        progress: optional callback taking a one-line step description.
        **paths: explicit file paths overriding ``source_dir``; keys are
            ``cow_igo_state_year``, ``cow_igo_igo_year``, ``cow_states``,
            ``un_votes``, ``un_roll_calls``, ``un_issues``, ``atop``,
            ``unga_idealpoints``, ``iigo_organizations``,
            ``iigo_memberships``, ``migo_memberships``.

    Returns:
        The manifest (also written as ``manifest.json``).

    Raises:
        BuildError: a file is missing, malformed, truncated, or has rows
            that cannot be placed on a COW state.

    Example:
        >>> import multivector as mv
        >>> manifest = mv.build_data("../shared/data", out_dir="/tmp/mv-data")  # doctest: +SKIP
        >>> manifest["tables"]["memberships"]["rows"]  # doctest: +SKIP
        8307438
    """
    step = progress or (lambda s: None)
    bp = BuildPaths.from_dir(source_dir, **paths)
    out = Path(out_dir) if out_dir is not None else PACKAGE_DATA
    for key, p in bp.items():
        if not Path(p).exists():
            flag = "--" + key.replace("_", "-")
            raise BuildError(f"source file not found: {p} (pass {flag} PATH or --source-dir DIR)")
    # Fail before the long build when the output folder cannot be made, but
    # create nothing until the sources have passed every check.
    existing = out
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise BuildError(f"cannot create the output folder {out}: {existing} is not a folder")
    if not os.access(existing, os.W_OK):
        raise BuildError(f"cannot write to the output folder {out}: permission denied")

    step("reading COW state system")
    raw_states = read_states(bp.cow_states)
    states = _build_states(raw_states)
    step("reading COW IGO state-year file")
    sy = read_state_year(bp.cow_igo_state_year)
    _check_state_year(sy, raw_states)
    step("reading COW IGO-year file")
    iy = read_igo_year(bp.cow_igo_igo_year, list(raw_states.state.unique()))
    igos = [c for c in sy.columns if c not in ("ccode", "year", "state")]
    step("reshaping memberships")
    long = _memberships_long(sy)
    orgs, org_years = _organizations(iy, igos)
    step("comparing the two IGO files")
    quality, qsum = _quality(long, iy, raw_states)
    step("reading UN votes")
    rc = read_roll_calls(bp.un_roll_calls)
    issues = read_roll_call_issues(bp.un_issues)
    votes = read_votes(bp.un_votes)
    unknown = ~issues.rcid.isin(rc.rcid)
    if unknown.any():
        raise BuildError(f"UN roll-call issues: {int(unknown.sum())} row(s) refer to unknown roll calls (first rcid {issues.rcid[unknown].iloc[0]})")
    step("placing UN votes on COW states")
    un_votes = _map_votes(votes, states, rc)
    rc = rc.assign(year=(rc.session + 1945).astype("int16"), rcid=rc.rcid.astype("int32"), session=rc.session.astype("int16"))
    issues = issues.assign(rcid=issues.rcid.astype("int32"))
    step("reading ATOP alliances")
    alliances = read_atop(bp.atop)
    atop_issues, atop_checks = _check_alliances(alliances, raw_states, Path(bp.atop).name)
    alliances = alliances.sort_values(["ccode1", "ccode2", "year"], kind="stable").reset_index(drop=True)
    step("reading UN ideal points")
    ideal_points = read_idealpoints(bp.unga_idealpoints)
    ip_issues, ip_checks = _check_idealpoints(ideal_points, raw_states, Path(bp.unga_idealpoints).name)
    ideal_points = ideal_points.sort_values(["ccode", "year"], kind="stable").reset_index(drop=True)
    step("reading informal IGOs")
    iigo_orgs = read_iigo_organizations(bp.iigo_organizations)
    iigo_members = read_iigo_memberships(bp.iigo_memberships)
    migo = read_migo_memberships(bp.migo_memberships)
    informal_orgs, informal_members, informal_issues, informal_checks = _informal(
        iigo_orgs, iigo_members, migo, states,
        (Path(bp.iigo_organizations).name, Path(bp.iigo_memberships).name, Path(bp.migo_memberships).name))
    source_issues = _concat_issues([atop_issues, ip_issues, informal_issues])

    tables = {
        "states": states,
        "organizations": orgs,
        "organization_years": org_years,
        "memberships": long,
        "quality": quality,
        "un_roll_calls": rc,
        "un_issues": issues,
        "un_votes": un_votes,
        "alliances": alliances,
        "ideal_points": ideal_points,
        "informal_organizations": informal_orgs,
        "informal_memberships": informal_members,
        "source_issues": source_issues,
    }
    step("writing Parquet files")
    with _Publisher(out) as pub:
        manifest_tables = {name: pub.add(name, df, split_floats=name == "ideal_points") for name, df in tables.items()}
        inputs = {}
        for key, p in bp.items():
            p = Path(p)
            inputs[key] = {"file": p.name, "source": INPUT_SOURCE[key], "sha256": sha256(p), "bytes": p.stat().st_size}
        inputs["cow_igo_state_year"]["rows"] = int(len(sy))
        inputs["cow_igo_igo_year"]["rows"] = int(len(iy))
        inputs["cow_states"]["rows"] = int(len(raw_states))
        inputs["un_votes"]["rows"] = int(len(votes))
        inputs["un_roll_calls"]["rows"] = int(len(rc))
        inputs["un_issues"]["rows"] = int(len(issues))
        inputs["atop"]["rows"] = int(len(alliances))
        inputs["unga_idealpoints"]["rows"] = int(len(ideal_points))
        inputs["iigo_organizations"]["rows"] = int(len(iigo_orgs))
        inputs["iigo_memberships"]["rows"] = int(len(iigo_members))
        inputs["migo_memberships"]["rows"] = int(len(migo))
        manifest = {
            "format": 1,
            "built": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "sources": {k: {kk: vv for kk, vv in v.items() if kk != "bibtex"} for k, v in SOURCES.items() if k != "records"},
            "inputs": inputs,
            "tables": manifest_tables,
            "coverage": {
                "igo_years": [int(sy.year.min()), int(sy.year.max())],
                "un_sessions": [int(rc.session.min()), int(rc.session.max())],
                "un_years": [int(rc.year.min()), int(rc.year.max())],
                "states": int(states.ccode.nunique()),
                "organizations": int(len(orgs)),
                "alliance_years": atop_checks["years"],
                "idealpoint_years": ip_checks["years"],
                "iigo_years": informal_checks["iigo"]["years"],
                "migo_years": informal_checks["migo"]["years"],
                "state_system_years": [SYSTEM_FIRST_YEAR, SYSTEM_LAST_YEAR],
            },
            "quality": qsum,
            "checks": {"atop": atop_checks, "unga_idealpoints": ip_checks, **informal_checks},
        }
        step("replacing the data in one step")
        pub.commit(manifest)
    step("done")
    return manifest


class _Publisher:
    """Writes a build next to its target and swaps it in with one atomic rename, so an interrupted or
    failed build leaves the data that was there intact (docs/data.md, "Building").

    Tables are written into a temporary folder beside the target (same file system), each named after
    its content (``memberships-<sha256[:12]>.parquet``). A target that does not exist yet is that
    folder, renamed. An existing target (the package's ``data/`` folder holds code too, so it cannot be
    swapped whole) receives the new files under their content names, which no file of the data in use
    has unless its content is the same; ``manifest.json``, which names the files, is then replaced
    atomically: that rename is the switch. Files of the old manifest that the new one does not name
    are removed afterwards. Until the switch, readers see the old manifest and the old files; after
    it, the new ones. An interrupt before the switch removes what the build added.
    """

    def __init__(self, out: Path):
        self.out = Path(out)
        self.files: dict[str, Path] = {}

    def __enter__(self) -> "_Publisher":
        import tempfile

        self.made = [p for p in [self.out.parent, *self.out.parent.parents] if not p.exists()]  # to remove on failure
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.building-", dir=self.out.parent))
        self.added: list[Path] = []
        self.committed = False
        return self

    def add(self, name: str, df: pd.DataFrame, *, split_floats: bool = False) -> dict:
        path = self.tmp / f"{name}.parquet"
        _write(df, path, split_floats=split_floats)
        digest = sha256(path)
        final = path.with_name(f"{name}-{digest[:12]}.parquet")
        path.rename(final)
        self.files[name] = final
        return {"file": final.name, "rows": int(len(df)), "sha256": digest, "bytes": final.stat().st_size}

    def commit(self, manifest: dict) -> None:
        text = json.dumps(manifest, indent=2, sort_keys=False) + "\n"
        (self.tmp / "manifest.json").write_text(text)
        if not self.out.exists():
            os.rename(self.tmp, self.out)  # the whole folder appears at once
            self.committed = True
            return
        old = self._old_files()
        for src in self.files.values():
            dst = self.out / src.name
            if not dst.exists():
                self.added.append(dst)
            os.replace(src, dst)  # a name in use holds the same content (or a damaged copy of it)
        os.replace(self.tmp / "manifest.json", self.out / "manifest.json")  # the switch
        self.committed = True
        keep = {p.name for p in self.files.values()}
        for name in old - keep:
            (self.out / name).unlink(missing_ok=True)

    def _old_files(self) -> set[str]:
        """Table files named by the manifest in use (only these are ever removed)."""
        try:
            doc = json.loads((self.out / "manifest.json").read_text())
            return {str(t["file"]) for t in doc.get("tables", {}).values() if "/" not in str(t["file"])}
        except (OSError, ValueError, AttributeError, KeyError, TypeError):
            return set()

    def __exit__(self, *exc) -> None:
        import shutil

        if not self.committed:
            for p in self.added:
                p.unlink(missing_ok=True)
        shutil.rmtree(self.tmp, ignore_errors=True)
        if not self.committed:
            for p in self.made:  # folders the build created, innermost first, if still empty
                try:
                    p.rmdir()
                except OSError:
                    break
