"""Reader for roll-call votes in the UN Digital Library's voting CSV layout.

The UN Digital Library (Dag Hammarskjöld Library) distributes General
Assembly voting data as one row per member state and vote: ``undl_id``
(the record of the vote), ``ms_code`` (ISO 3166-1 alpha-3 code of the
member state), ``ms_name``, ``ms_vote`` (``Y`` yes, ``N`` no, ``A``
abstention, ``X`` or empty: did not vote), ``date``, ``session``,
``resolution`` (symbol, e.g. ``A/RES/77/1``), ``title`` and more columns
that this reader keeps out. Its licence is non-commercial use with
attribution, so multivector never ships it: users bring the file, the
reader checks it and the ideal-point estimator merges it with the shipped
votes (``ideal_points(votes=...)``, docs/methodology.md, "UN ideal points").

Every problem is a :class:`~multivector._errors.VotesFileError` naming the
file and the line (the header is line 1).
"""

from __future__ import annotations

import csv
import datetime as _dt
import gzip
import re
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from multivector._errors import VotesFileError

#: Columns the reader needs (matched case-insensitively); ``session`` and ``title`` are optional.
REQUIRED = ("undl_id", "ms_code", "ms_vote", "date", "resolution")
OPTIONAL = ("session", "title", "ms_name")

#: ``ms_vote`` codes: yes, no, abstain as multivector's 1, 3, 2; ``X`` and empty are not votes.
VOTE_CODES = {"Y": 1, "A": 2, "N": 3}
NOT_VOTING = {"X", ""}

#: Codes whose state depends on the date of the vote: (first day of the later state, before, from).
#: DEU and GER (the code the UN Digital Library gives Germany in some records): the Federal
#: Republic (COW 260) until unification on 3 October 1990, Germany (255) from then; YEM: the Yemen
#: Arab Republic (678) until unification on 22 May 1990, Yemen (679) from then.
DATED_CODES = {
    "DEU": (_dt.date(1990, 10, 3), 260, 255),
    "GER": (_dt.date(1990, 10, 3), 260, 255),
    "YEM": (_dt.date(1990, 5, 22), 678, 679),
}


def read_undl_votes(path: str | Path) -> pd.DataFrame:
    """Read and check a UN Digital Library voting CSV (plain or .gz).

    Checks, each failing with the file and line: the required columns
    (``undl_id, ms_code, ms_vote, date, resolution``); ``ms_vote`` one of
    ``Y, N, A, X`` or empty; ``ms_code`` an ISO alpha-3 code of a state of
    the COW list (withdrawn codes such as ``SUN``, ``CSK``, ``YUG``,
    ``DDR`` included; ``DEU``, ``GER`` and ``YEM`` by the date of the vote);
    ``date`` as ``YYYY-MM-DD``; a session from the ``session`` column or the
    resolution symbol (``A/RES/77/1`` is session 77); one date, session and
    resolution per ``undl_id``; no state twice on one ``undl_id``.

    Returns one row per vote cast (``X`` and empty are left out; their
    number is in ``attrs["not_voting"]``): ``undl_id`` (str), ``ccode``
    (int16), ``vote`` (int8: 1 yes, 2 abstain, 3 no, as the shipped votes),
    ``date`` (datetime.date), ``session`` and ``year`` (int16, year =
    session + 1945 as in the shipped roll calls), ``resolution``,
    ``title`` (str, empty when absent) and ``line`` (the row's line).

    Example:
        >>> import pandas as pd, tempfile, os
        >>> rows = "undl_id,ms_code,ms_vote,date,resolution\\n1,USA,N,2020-12-07,A/RES/75/27\\n1,CUB,Y,2020-12-07,A/RES/75/27\\n"
        >>> f = os.path.join(tempfile.mkdtemp(), "votes.csv"); _ = open(f, "w").write(rows)
        >>> read_undl_votes(f)[["ccode", "vote", "session", "year"]].values.tolist()
        [[2, 3, 75, 2020], [40, 1, 75, 2020]]
    """
    path = Path(path)
    name = path.name
    if not path.exists():
        raise VotesFileError("file not found", str(path))
    if path.stat().st_size == 0:
        raise VotesFileError("file is empty", str(path))
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], compression="infer")
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise VotesFileError(f"corrupted or truncated compressed file ({exc.__class__.__name__})", name) from exc
    except UnicodeDecodeError as exc:
        raise VotesFileError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", name) from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        raise VotesFileError(f"cannot be read as CSV ({msg})", name) from exc
    df.columns = [str(c).strip() for c in df.columns]
    lower = {c.lower(): c for c in df.columns}
    missing = [c for c in REQUIRED if c not in lower]
    if missing:
        raise VotesFileError(
            f"not a UN Digital Library voting file: no column {', '.join(missing)} "
            f"(found {', '.join(list(df.columns)[:8])}{' ...' if len(df.columns) > 8 else ''})", name, 1)
    df = df.rename(columns={lower[c]: c for c in (*REQUIRED, *OPTIONAL) if c in lower})
    if len(df) == 0:
        raise VotesFileError("the file has a header but no rows", name, 1)
    lines = _line_numbers(path, len(df))

    def fail(mask, message):
        i = int(np.asarray(mask).nonzero()[0][0])
        raise VotesFileError(message(i), name, int(lines[i]))

    undl_id = df["undl_id"].str.strip()
    if (undl_id == "").any():
        fail(undl_id == "", lambda i: "empty undl_id")
    vote = df["ms_vote"].str.strip().str.upper()
    bad = ~vote.isin([*VOTE_CODES, *NOT_VOTING])
    if bad.any():
        fail(bad, lambda i: f"ms_vote {df['ms_vote'].iloc[i]!r} is not one of Y (yes), N (no), A (abstain), X (not voting)")
    date = pd.to_datetime(df["date"].str.strip(), format="%Y-%m-%d", errors="coerce")
    if date.isna().any():
        fail(date.isna(), lambda i: f"date {df['date'].iloc[i]!r} is not a date as YYYY-MM-DD")
    session = _sessions(df, name, lines)
    code = df["ms_code"].str.strip().str.upper()
    dates = date.dt.date
    ccode = _ccodes(code, dates, name, lines)
    out = pd.DataFrame({
        "undl_id": undl_id,
        "ccode": ccode.astype("int16"),
        "vote": vote.map(VOTE_CODES),
        "date": dates,
        "session": session.astype("int16"),
        "year": (session + 1945).astype("int16"),
        "resolution": df["resolution"].str.strip(),
        "title": df["title"].str.strip() if "title" in df.columns else "",
        "line": lines,
    })
    # one record of a vote has one date, session and resolution
    for c in ("date", "session", "resolution"):
        first = out.groupby("undl_id", sort=False)[c].transform("first")
        odd = (out[c] != first).to_numpy()
        if odd.any():
            fail(odd, lambda i, c=c: f"undl_id {out['undl_id'].iloc[i]} has {c} {out[c].iloc[i]!s} here but "
                                     f"{first.iloc[i]!s} in an earlier row")
    dup = out.duplicated(["undl_id", "ccode"], keep="first").to_numpy()
    if dup.any():
        i = int(dup.nonzero()[0][0])
        earlier = out[(out.undl_id == out.undl_id.iloc[i]) & (out.ccode == out.ccode.iloc[i])].line.iloc[0]
        raise VotesFileError(f"{code.iloc[i]} votes twice on undl_id {out['undl_id'].iloc[i]} (also line {earlier})",
                             name, int(lines[i]))
    cast = out["vote"].notna().to_numpy()
    res = out[cast].copy()
    res["vote"] = res["vote"].astype("int8")
    res = res.reset_index(drop=True)
    res.attrs["not_voting"] = int((~cast).sum())
    res.attrs["file"] = name
    return res


def _line_numbers(path: Path, n: int) -> np.ndarray:
    """Line of each data row (header = line 1), counting line breaks inside quoted fields."""
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            next(reader, None)
            starts = []
            line = reader.line_num + 1
            for _ in reader:
                starts.append(line)
                line = reader.line_num + 1
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, csv.Error):  # pandas read it; fall back to counting rows
        return np.arange(2, n + 2)
    if len(starts) != n:
        return np.arange(2, n + 2)
    return np.asarray(starts, dtype=np.int64)


_SYMBOL_SESSION = re.compile(r"^\s*A\s*/\s*RES\s*/\s*(\d{1,3})\s*/", re.I)
_ROMAN = re.compile(r"\(\s*([IVXLC]+)\s*\)\s*$", re.I)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(s: str) -> int:
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        v = _ROMAN_VALUES[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def _sessions(df: pd.DataFrame, name: str, lines: np.ndarray) -> pd.Series:
    """Session of each row: the ``session`` column, else the resolution symbol
    (``A/RES/77/1`` -> 77; ``A/RES/2758(XXVI)`` -> 26)."""
    res = df["resolution"].str.strip()
    from_symbol = res.str.extract(_SYMBOL_SESSION)[0]
    roman = res.str.extract(_ROMAN)[0]
    sym = pd.to_numeric(from_symbol, errors="coerce")
    sym = sym.fillna(roman.map(lambda r: _roman(r) if isinstance(r, str) else np.nan))
    if "session" in df.columns:
        raw = df["session"].str.strip()
        num = pd.to_numeric(raw.str.extract(r"^(\d{1,3})")[0], errors="coerce")
        bad = (raw != "") & num.isna()
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise VotesFileError(f"session {df['session'].iloc[i]!r} is not a session number", name, int(lines[i]))
        sess = num.fillna(sym)
    else:
        sess = sym
    if sess.isna().any():
        i = int(sess.isna().to_numpy().nonzero()[0][0])
        raise VotesFileError(f"no session: the session column is empty and the resolution symbol "
                             f"{res.iloc[i]!r} does not name one (A/RES/<session>/<number>)", name, int(lines[i]))
    if ((sess < 1) | (sess > 200)).any():
        i = int(((sess < 1) | (sess > 200)).to_numpy().nonzero()[0][0])
        raise VotesFileError(f"session {int(sess.iloc[i])} is not a session of the General Assembly", name, int(lines[i]))
    return sess.astype("int64")


def iso3_table() -> dict[str, int]:
    """ISO alpha-3 code -> COW code for the codes a voting file may use (current and withdrawn).

    Example:
        >>> t = iso3_table()
        >>> t["KAZ"], t["SUN"], t["CSK"]
        (705, 365, 315)
    """
    from multivector.data._countries import HISTORIC_ISO3
    from multivector.data._store import get_store

    st = get_store().table("states").dropna(subset=["iso3"]).drop_duplicates("ccode")
    table = {str(k): int(v) for k, v in zip(st["iso3"], st["ccode"])}
    for k, v in HISTORIC_ISO3.items():
        table.setdefault(k, v)
    return table


def _ccodes(code: pd.Series, dates: pd.Series, name: str, lines: np.ndarray) -> np.ndarray:
    table = iso3_table()
    out = code.map(table)
    for k, (switch, before, after) in DATED_CODES.items():
        m = (code == k).to_numpy()
        if m.any():
            d = dates[m]
            out[m] = np.where(np.array([x < switch for x in d]), before, after)
    bad = out.isna().to_numpy()
    if bad.any():
        i = int(bad.nonzero()[0][0])
        c = code.iloc[i]
        if c == "":
            raise VotesFileError("empty ms_code", name, int(lines[i]))
        near = _near_codes(c, table)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise VotesFileError(f"ms_code {c!r} is not the ISO alpha-3 code of a state in the COW list{hint}", name,
                             int(lines[i]))
    return out.to_numpy(dtype=np.int64)


def _near_codes(code: str, table: dict[str, int], limit: int = 3) -> list[str]:
    """Codes one typo away (a letter changed, added, dropped or two swapped), anagrams first."""
    from rapidfuzz.distance import OSA

    from multivector.data._store import get_store

    names = get_store().table("states").drop_duplicates("ccode").set_index("ccode")["statenme"]
    near = [(OSA.distance(code, k), sorted(code) != sorted(k), k) for k in table]
    found = sorted(x for x in near if x[0] <= 1)[:limit]
    return [f"{k} ({names.get(table[k], table[k])})" for _d, _a, k in found]
