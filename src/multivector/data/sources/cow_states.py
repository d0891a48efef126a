"""Reader for the COW State System Membership list (states2016.csv)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from multivector._errors import BuildError
from multivector.data.sources._csv import first_line, numeric_column, read_csv_checked, require_unique

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
    path = Path(path)
    what = f"COW states ({path.name})"
    df = read_csv_checked(path, required=COLUMNS, what=what, dtype=str, keep_default_na=False)
    if "state" not in df.columns:
        df["state"] = df["statenme"].str.lower().str.replace(r"[^a-z]", "", regex=True)
    df = df[COLUMNS + ["state"]].copy()
    for c in ("stateabb", "statenme"):
        blank = df[c].str.strip() == ""
        if blank.any():
            raise BuildError(f"{what}: column {c!r} has {int(blank.sum())} empty cell(s) (first in line {first_line(blank)}); "
                             "the file may be truncated or damaged")
    bounds = {"ccode": (1, 999), "styear": (1700, 2100), "endyear": (1700, 2100), "stmonth": (1, 12), "endmonth": (1, 12),
              "stday": (1, 31), "endday": (1, 31), "version": (None, None)}
    for c, (lo, hi) in bounds.items():
        df[c] = numeric_column(df, c, what=what, integer=True, lo=lo, hi=hi)
    for prefix in ("st", "end"):
        date = pd.to_datetime(dict(year=df[f"{prefix}year"], month=df[f"{prefix}month"], day=df[f"{prefix}day"]), errors="coerce")
        bad = date.isna()
        if bad.any():
            r = df[bad].iloc[0]
            raise BuildError(f"{what}: column {prefix + 'day'!r} gives {int(bad.sum())} impossible date(s) "
                             f"(first: {r[prefix + 'year']}-{r[prefix + 'month']:02d}-{r[prefix + 'day']:02d} in line "
                             f"{first_line(bad)}); the file may be damaged")
    if len(df) == 0:
        raise BuildError(f"{what}: the file has no rows")
    bad = df.endyear < df.styear
    if bad.any():
        r = df[bad].iloc[0]
        raise BuildError(f"{what}: impossible spell for ccode {r.ccode} in line {first_line(bad)}: column 'endyear' "
                         f"{r.endyear} is before 'styear' {r.styear}")
    require_unique(df, ["ccode", "styear", "stmonth", "stday"], what=what)
    names = df.groupby("state").ccode.nunique()
    if (names > 1).any():
        raise BuildError(f"{what}: short name {names[names > 1].index[0]!r} is used by several ccodes")
    df = df.sort_values(["ccode", "styear", "stmonth", "stday"]).reset_index(drop=True)
    df["spell"] = df.groupby("ccode").cumcount() + 1
    return df
