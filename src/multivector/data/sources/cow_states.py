"""Reader for the COW State System Membership list (states2016.csv)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from multivector._errors import BuildError
from multivector.data.sources._csv import read_csv_checked, require_unique

COLUMNS = ["ccode", "stateabb", "statenme", "styear", "stmonth", "stday", "endyear", "endmonth", "endday", "version"]


def read_states(path: str | Path) -> pd.DataFrame:
    """Read and check the COW state-system list: one row per spell of statehood.

    Returns columns ``ccode, stateabb, statenme, styear, stmonth, stday,
    endyear, endmonth, endday, version, state`` plus ``spell`` (1, 2, ... per
    state, in date order). ``state`` is the short lower-case name used as a
    column in the IGO files; when the file lacks it (the publisher's own
    release), it is derived from ``statenme``.

    Example:
        >>> from multivector.data.sources import read_states
        >>> read_states("../shared/data/cow-states/states2016.csv").shape  # doctest: +SKIP
        (243, 12)
    """
    what = "COW states"
    df = read_csv_checked(path, required=COLUMNS, what=what)
    if "state" not in df.columns:
        df["state"] = df["statenme"].str.lower().str.replace(r"[^a-z]", "", regex=True)
    df = df[COLUMNS + ["state"]].copy()
    if df[COLUMNS].isna().any().any():
        col = df[COLUMNS].columns[df[COLUMNS].isna().any()][0]
        raise BuildError(f"{what}: column {col!r} has empty cells; the file may be truncated or damaged")
    try:
        for c in ["ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday", "version"]:
            df[c] = df[c].astype("int64")
    except (TypeError, ValueError) as exc:
        raise BuildError(f"{what}: non-integer value in a numeric column ({exc})") from exc
    if len(df) == 0:
        raise BuildError(f"{what}: the file has no rows")
    bad = df[(df.endyear < df.styear) | (df.ccode <= 0) | (df.ccode > 999)]
    if len(bad):
        raise BuildError(f"{what}: impossible spell for ccode {bad.ccode.iloc[0]} (start {bad.styear.iloc[0]}, end {bad.endyear.iloc[0]})")
    require_unique(df, ["ccode", "styear", "stmonth", "stday"], what=what)
    names = df.groupby("state").ccode.nunique()
    if (names > 1).any():
        raise BuildError(f"{what}: short name {names[names > 1].index[0]!r} is used by several ccodes")
    df = df.sort_values(["ccode", "styear", "stmonth", "stday"]).reset_index(drop=True)
    df["spell"] = df.groupby("ccode").cumcount() + 1
    return df
