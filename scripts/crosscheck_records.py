"""Cross-check the records against two public compilations and write docs/records-crosscheck.md.

The compilations are checks, never sources (../shared/data/README.md, "crosscheck"): both are
incomplete and partly stale. This script lists every disagreement between them and the records
(the provisional extended panel after 2014) for a person to resolve; it changes nothing.

- internacia-db ``intblocks`` (a current snapshot of block members, ISO2): a state it lists as a
  member that the panel has as a non-member (or unknown) in the last year, a member of the panel
  it does not list, and a join date it gives that differs from the recorded one.
- manytreaties GGO (treaty parties, ISO3, with entry-into-force and end dates): for the treaties
  that found an organization the records cover, every year after 2014 in which a party's status
  in GGO (in force that year, not ended) differs from full membership in the panel.

Usage::

    python scripts/crosscheck_records.py [--source-dir ../shared/data] [--output docs/records-crosscheck.md]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data"
DEFAULT_OUTPUT = ROOT / "docs" / "records-crosscheck.md"

#: internacia-db block id -> ioname of the panel (the organizations the records cover)
BLOCKS = {
    "NATO": "nato", "EU": "eu", "COE": "coe", "OSCE": "osce", "OECD": "oecd", "WTO": "wto", "SCO": "sco",
    "CSTO": "csto", "CIS": "cis", "OPEC": "opec", "AFUNION": "au", "ECOWAS": "ecowas", "COMMONWEALTH": "comsec",
    "OAS": "oas", "LAS": "loas", "ASEAN": "asean", "PIF": "pif", "OIC": "oic", "UNESCO": "unesco", "WHO": "who",
    "EAEU": "eaeu", "AIIB": "aiib", "BRICS": "brics", "AES": "aes", "NDB": "ndb",
}
#: manytreaties GGO treaty id -> ioname (treaties that found a covered organization)
TREATIES = {
    "ERSNEU_2014O": "eaeu",   # Treaty on the Eurasian Economic Union
    "ESTWTO_1994A": "wto",    # Marrakesh Agreement establishing the WTO
    "CNSWHO_1946A": "who",    # Constitution of the WHO
    "CHROAS_1948A": "oas",    # Charter of the OAS
    "STTICC_1998A": "icc",    # Rome Statute of the International Criminal Court
}
MEMBER_WORDS = ("member", "founding_member")

STATUS_WORDS = {1: "member", 2: "associate", 3: "observer", 0: "non-member", -9: "unknown", -1: "not alive"}


def _iso_maps():
    import multivector as mv

    st = mv.states().drop_duplicates("ccode", keep="last")
    iso2 = {str(k): int(v) for k, v in zip(st.iso2, st.ccode) if isinstance(k, str)}
    iso3 = {str(k): int(v) for k, v in zip(st.iso3, st.ccode) if isinstance(k, str)}
    names = dict(zip(st.ccode.astype(int), st.statenme))
    return iso2, iso3, names


def internacia(source_dir: Path, cube, names, iso2) -> pd.DataFrame:
    """Disagreements with the internacia-db snapshot (compared with the panel's last year)."""
    d = pd.read_csv(source_dir / "crosscheck" / "internacia_intblocks_members.csv.gz", dtype=str, keep_default_na=False)
    d = d[d.block_id.isin(BLOCKS)]
    last = int(cube.years[-1])
    yi = last - cube.year0
    ev = cube.records
    rows = []
    for block, io in BLOCKS.items():
        if io not in cube.org_index:
            continue
        o = cube.org_index[io]
        sub = d[d.block_id == block]
        theirs = {}
        for r in sub.itertuples():
            c = iso2.get(r.member_id)
            if c is not None and c in cube.state_index:
                theirs[c] = (r.member_status, r.joined)
        st = cube.status[:, o, yi]
        ours_members = {int(cube.ccodes[i]) for i in np.flatnonzero(np.isin(st, (1, 2)))}
        for c, (status, joined) in sorted(theirs.items()):
            s = int(cube.status[cube.state_index[c], o, yi])
            if status in MEMBER_WORDS and s not in (1, 2):
                rows.append((block, io, c, names.get(c, str(c)), f"{status}", f"{STATUS_WORDS.get(s, s)} in {last}",
                             "listed as a member, not a member in the panel"))
            elif status not in MEMBER_WORDS and s in (1, 2):
                rows.append((block, io, c, names.get(c, str(c)), f"{status}", f"{STATUS_WORDS.get(s, s)} in {last}",
                             "listed with a status short of membership"))
            if joined and status in MEMBER_WORDS:
                rec = ev[(ev.ccode == c) & (ev.ioname == io) & ev.event.isin(["joined_full", "founded_as_member"])]
                if len(rec) and joined[:10] not in set(rec.date) and joined[:4] == str(int(rec.year.iloc[-1])):
                    rows.append((block, io, c, names.get(c, str(c)), f"joined {joined[:10]}",
                                 f"recorded {rec.date.iloc[-1]}", "join date differs"))
                elif len(rec) and joined[:4] != str(int(rec.year.iloc[-1])):
                    rows.append((block, io, c, names.get(c, str(c)), f"joined {joined[:10]}",
                                 f"recorded {rec.date.iloc[-1]}", "join year differs"))
        for c in sorted(ours_members - set(theirs)):
            rows.append((block, io, c, names.get(c, str(c)), "not listed",
                         f"{STATUS_WORDS[int(cube.status[cube.state_index[c], o, yi])]} in {last}",
                         "a member in the panel, not listed"))
    return pd.DataFrame(rows, columns=["block", "ioname", "ccode", "state", "internacia", "panel", "disagreement"])


def ggo(source_dir: Path, cube, names, iso3) -> pd.DataFrame:
    """Disagreements with the GGO treaty parties, year by year after the COW data."""
    d = pd.read_csv(source_dir / "crosscheck" / "manytreaties_ggo_parties.csv.gz", dtype=str, keep_default_na=False,
                    low_memory=False)
    d = d[d.treatyID.isin(TREATIES)]
    years = [int(y) for y in cube.years if y > cube.last_cow_year]
    rows = []
    for tid, io in TREATIES.items():
        o = cube.org_index[io]
        sub = d[d.treatyID == tid]
        parties = {}
        for r in sub.itertuples():
            c = iso3.get(r.stateID)
            if c is None or c not in cube.state_index:
                continue
            begin = r.StateForce or r.StateRatification  # a signature alone does not make a party
            parties[c] = (begin[:10], r.StateEnd[:10] if begin else "")
        for k, c in enumerate(cube.ccodes):
            c = int(c)
            s_row = cube.status[k, o, :]
            if s_row[years[0] - cube.year0] == -128:  # not in the system
                continue
            diff = []
            for y in years:
                s = int(s_row[y - cube.year0])
                b, e = parties.get(c, ("", ""))
                in_ggo = bool(b) and int(b[:4]) <= y and not (e and int(e[:4]) < y)
                ours = s in (1, 2)
                if in_ggo != ours and s != -9:
                    diff.append((y, in_ggo, s))
            if diff:
                span = f"{diff[0][0]}-{diff[-1][0]}" if len(diff) > 1 else str(diff[0][0])
                b, e = parties.get(c, ("", ""))
                theirs = (f"party from {b}" + (f" to {e}" if e else "")) if b else "not a party"
                rows.append((tid, io, c, names.get(c, str(c)), theirs,
                             f"{STATUS_WORDS.get(diff[0][2], diff[0][2])} in {span}", f"{len(diff)} year(s)"))
    return pd.DataFrame(rows, columns=["treaty", "ioname", "ccode", "state", "ggo", "panel", "years"])


def _md_table(df: pd.DataFrame) -> str:
    if df.empty:
        return "_No disagreement._\n"
    cols = list(df.columns)
    out = ["| " + " | ".join(cols) + " |", "| " + " | ".join("---" for _ in cols) + " |"]
    for r in df.itertuples(index=False):
        out.append("| " + " | ".join(str(v).replace("|", "/") for v in r) + " |")
    return "\n".join(out) + "\n"


def build(source_dir: Path = DEFAULT_SOURCE) -> str:
    """The cross-check report as Markdown (deterministic: the same data give the same text)."""
    import multivector as mv

    cube = mv.extended_cube()
    iso2, iso3, names = _iso_maps()
    a = internacia(Path(source_dir), cube, names, iso2)
    g = ggo(Path(source_dir), cube, names, iso3)
    last = int(cube.years[-1])
    parts = [
        "# Records cross-check (generated)\n",
        "Generated by `python scripts/crosscheck_records.py`; do not edit (a test regenerates it and fails when it is stale).\n",
        "Every disagreement between the records (the provisional extended panel, `docs/records.md`) and two public "
        "compilations, for a person to resolve. The compilations are checks, not sources: both are incomplete and partly "
        "stale (`../shared/data/README.md`). A row is not an error of the records until a source says so; where a "
        "compilation is known to be wrong the row says why in the summary below.\n",
        "Known errors and gaps of the compilations (from their README and from the sources cited in the records): "
        "internacia-db still lists Georgia (left 2009) and Ukraine (left CIS bodies 2018) in the CIS and gives "
        "Armenia's EAEU date as 2015-01-01 (2 January); its lists are a current snapshot (no exit dates, few join "
        "dates) and include non-members among its statuses. GGO's WTO list stops in 2013 (so every later accession shows "
        "as a disagreement), its Rome Statute parties stop in 2020, and it has no NATO, SCO, CSTO, AIIB or NDB treaty.\n",
        "## Summary\n",
        _md_table(pd.concat([
            a.groupby("disagreement").size().rename("rows").reset_index().assign(source="internacia-db")[["source", "disagreement", "rows"]],
            g.assign(disagreement="status differs in some year after 2014").groupby("disagreement").size().rename("rows")
             .reset_index().assign(source="manytreaties GGO")[["source", "disagreement", "rows"]],
        ], ignore_index=True)),
        f"\n## internacia-db blocks against the panel in {last}\n",
        f"{len(a)} rows. Blocks compared: {', '.join(f'{k} ({v.upper()})' for k, v in BLOCKS.items())}.\n",
        _md_table(a.sort_values(["block", "disagreement", "state"], kind="stable")),
        "\n## manytreaties GGO treaty parties against the panel, 2015 on\n",
        f"{len(g)} rows. Treaties compared: {', '.join(f'{k} ({v.upper()})' for k, v in TREATIES.items())}. "
        "A party counts in a year from the year of "
        "its entry into force for the state (or its ratification) to the year of its end, as the panel's year-of-event rule; "
        "a signature alone is not party status.\n",
        _md_table(g.sort_values(["treaty", "state"], kind="stable")),
    ]
    return "\n".join(parts)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source-dir", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = ap.parse_args(argv)
    if not (args.source_dir / "crosscheck").is_dir():
        print(f"Error: no crosscheck folder in {args.source_dir} (give --source-dir)", file=sys.stderr)
        return 1
    text = build(args.source_dir)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
