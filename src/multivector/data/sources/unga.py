"""Readers for the UN General Assembly voting data (unvotes layout)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from multivector._errors import BuildError
from multivector.data.sources._csv import first_line, numeric_column, read_csv_checked, require_domain, require_unique

#: Vote codes, as in Voeten's data: 1 yes, 2 abstain, 3 no.
VOTE_CODES = {"yes": 1, "abstain": 2, "no": 3}

#: The six topic codes of the roll-call issues file.
ISSUES = {
    "me": "Palestinian conflict",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "co": "Colonialism",
    "hr": "Human rights",
    "ec": "Economic development",
}


def read_votes(path: str | Path) -> pd.DataFrame:
    """Read and check the votes file: ``rcid, country, country_code, vote``.

    Country codes are read as text with no missing-value conversion, so
    Namibia's ``"NA"`` survives and historical members keep an empty code
    (``""``). Votes are returned as codes 1 yes, 2 abstain, 3 no in ``vote``.

    Example:
        >>> from multivector.data.sources import read_votes
        >>> v = read_votes("../shared/data/unga/un_votes.csv.gz")  # doctest: +SKIP
        >>> (v.country_code == "NA").sum() > 0  # doctest: +SKIP
        True
    """
    what = f"UN votes ({Path(path).name})"
    df = read_csv_checked(
        path, required=["rcid", "country", "country_code", "vote"], what=what,
        dtype={"country": str, "country_code": str, "vote": str}, keep_default_na=False, na_values=[],
    )
    df["rcid"] = numeric_column(df, "rcid", what=what, integer=True, lo=1)
    vote = df["vote"].str.strip().str.lower()
    require_domain(vote, set(VOTE_CODES), what=what, column="vote")
    df["vote"] = vote.map(VOTE_CODES).astype("int8")
    df["country"] = df["country"].str.strip()
    df["country_code"] = df["country_code"].str.strip()
    if (df["country"] == "").any():
        raise BuildError(f"{what}: column 'country' has {int((df.country == '').sum())} empty cell(s) "
                         f"(first in line {first_line(df.country == '')}); the file may be damaged")
    require_unique(df, ["rcid", "country"], what=what)
    return df[["rcid", "country", "country_code", "vote"]]


def read_roll_calls(path: str | Path) -> pd.DataFrame:
    """Read and check the roll-call file: one row per ``rcid`` with session and date.

    Example:
        >>> from multivector.data.sources import read_roll_calls
        >>> rc = read_roll_calls("../shared/data/unga/un_roll_calls.csv.gz")  # doctest: +SKIP
    """
    what = f"UN roll calls ({Path(path).name})"
    df = read_csv_checked(path, required=["rcid", "session", "date"], what=what)
    df["rcid"] = numeric_column(df, "rcid", what=what, integer=True, lo=1)
    df["session"] = numeric_column(df, "session", what=what, integer=True, lo=1, hi=200)
    date = pd.to_datetime(df["date"], errors="coerce", format="%Y-%m-%d")
    if date.isna().any():
        raise BuildError(f"{what}: column 'date' has {int(date.isna().sum())} unreadable date(s) "
                         f"(first: {df.loc[date.isna(), 'date'].iloc[0]!r} in line {first_line(date.isna())}; expected YYYY-MM-DD)")
    df["date"] = date.dt.date
    for c in ("importantvote", "amend", "para"):
        if c not in df.columns:
            df[c] = pd.NA
        df[c] = numeric_column(df, c, what=what, integer=True, empty_ok=True, lo=0, hi=1).astype("Int8")
    for c in ("unres", "short", "descr"):
        if c not in df.columns:
            df[c] = None
    require_unique(df, ["rcid"], what=what)
    return df[["rcid", "session", "date", "importantvote", "amend", "para", "unres", "short", "descr"]]


def read_roll_call_issues(path: str | Path) -> pd.DataFrame:
    """Read and check the topics file: ``rcid, short_name, issue``.

    Example:
        >>> from multivector.data.sources import read_roll_call_issues
        >>> iss = read_roll_call_issues("../shared/data/unga/un_roll_call_issues.csv.gz")  # doctest: +SKIP
    """
    what = f"UN roll-call issues ({Path(path).name})"
    df = read_csv_checked(path, required=["rcid", "short_name", "issue"], what=what, keep_default_na=False, dtype={"short_name": str, "issue": str})
    df["rcid"] = numeric_column(df, "rcid", what=what, integer=True, lo=1)
    require_domain(df["short_name"], set(ISSUES), what=what, column="short_name")
    require_unique(df, ["rcid", "short_name"], what=what)
    return df[["rcid", "short_name", "issue"]]
