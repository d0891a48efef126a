"""Readers for the COW Intergovernmental Organizations v3 files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from multivector._errors import BuildError
from multivector.data.sources._csv import first_line, numeric_column, read_csv_checked, require_unique

#: Membership codes as published (codebook, COW IGO v3).
STATUS_CODES = {1: "full", 2: "associate", 3: "observer", 0: "none", -9: "missing", -1: "not_applicable"}

#: Non-state columns of the IGO-year file.
IGO_YEAR_META = [
    "ioname", "orgname", "year", "sdate", "deaddate", "dead", "integrated", "replaced", "longorgname",
    "ionum", "igocode", "version", "accuracyofpre1965membershipdates", "sourcesandnotes", "imputed",
    "political", "social", "economic",
]


def read_state_year(path: str | Path) -> pd.DataFrame:
    """Read and check the COW IGO state-year file (wide: one column per IGO).

    IGO columns are lower-cased (the publisher's release uses upper case) and
    stored as ``int8`` codes; every cell must be one of 1, 2, 3, 0, -9, -1.

    Example:
        >>> from multivector.data.sources import read_state_year
        >>> sy = read_state_year("../shared/data/cow-igo-v3/state_year_formatv3.csv.gz")  # doctest: +SKIP
        >>> int(sy.loc[(sy.ccode == 705) & (sy.year == 2014), "sco"].iloc[0])  # doctest: +SKIP
        1
    """
    what = f"COW IGO state-year ({Path(path).name})"
    df = read_csv_checked(path, required=["ccode", "year"], what=what, low_memory=False)
    if "state" not in df.columns:
        df["state"] = ""
    igos = [c for c in df.columns if c not in ("ccode", "year", "state")]
    if not igos:
        raise BuildError(f"{what}: no IGO columns found")
    lower = [c.lower() for c in igos]
    if len(set(lower)) != len(lower):
        raise BuildError(f"{what}: IGO columns repeat when compared case-insensitively")
    df = df.rename(columns=dict(zip(igos, lower)))
    df["ccode"] = numeric_column(df, "ccode", what=what, integer=True, lo=1, hi=999)
    df["year"] = numeric_column(df, "year", what=what, integer=True, lo=1700, hi=2100)
    for c in lower:
        if not pd.api.types.is_numeric_dtype(df[c]):
            numeric_column(df, c, what=what, empty_ok=True)  # names the column and line of the first bad cell
    values = df[lower].to_numpy()
    ok = np.isin(values, list(STATUS_CODES))
    if not ok.all():
        r, c = np.argwhere(~ok)[0]
        v = values[r, c]
        v = int(v) if v == v and float(v).is_integer() else v
        raise BuildError(
            f"{what}: {int((~ok).sum())} cell(s) outside the status codes [-9, -1, 0, 1, 2, 3] "
            f"(first: {v!r} in column {lower[c]!r}, line {r + 2}); the file may be truncated or damaged"
        )
    require_unique(df, ["ccode", "year"], what=what)
    out = df[["ccode", "year", "state"]].copy()
    codes = pd.DataFrame(values.astype(np.int8), columns=lower, index=df.index)
    return pd.concat([out, codes], axis=1)


def read_igo_year(path: str | Path, state_columns: list[str]) -> pd.DataFrame:
    """Read and check the COW IGO-year file (wide: one column per state).

    ``state_columns`` are the short state names expected as columns (from the
    state-system list). State cells that are empty are the codebook's -1
    (state not in the system) and are returned as ``-1``. ``ioname`` is
    lower-cased. Returns the metadata columns and one ``int8`` column per state.

    Example:
        >>> from multivector.data.sources import read_igo_year
        >>> iy = read_igo_year("../shared/data/cow-igo-v3/igo_year_formatv3.csv.gz", ["usa"])  # doctest: +SKIP
    """
    what = f"COW IGO-year ({Path(path).name})"
    df = read_csv_checked(path, required=["ioname", "year", "orgname", "political", "social", "economic"], what=what, low_memory=False)
    df.columns = [c.lower() for c in df.columns]
    states = [c for c in df.columns if c in set(state_columns)]
    unknown = [c for c in df.columns if c not in set(state_columns) and c not in IGO_YEAR_META]
    if unknown:
        raise BuildError(f"{what}: column(s) {', '.join(unknown[:5])} are neither metadata nor known state names")
    if not states:
        raise BuildError(f"{what}: no state columns found")
    blank = df["ioname"].isna() | (df["ioname"].astype(str).str.strip() == "")
    if blank.any():
        raise BuildError(f"{what}: column 'ioname' has {int(blank.sum())} empty cell(s) (first in line {first_line(blank)}); "
                         "the file may be truncated or damaged")
    df["ioname"] = df["ioname"].astype(str).str.strip().str.lower()
    df["year"] = numeric_column(df, "year", what=what, integer=True, lo=1700, hi=2100)
    vals = df[states].apply(pd.to_numeric, errors="coerce")
    raw_nonempty = df[states].notna() & (df[states].astype("string").apply(lambda s: s.str.strip()) != "")
    if (vals.isna() & raw_nonempty).any().any():
        bad_col = next(c for c in states if (vals[c].isna() & raw_nonempty[c]).any())
        numeric_column(df, bad_col, what=what, empty_ok=True)  # names the column and line of the first bad cell
    filled = vals.fillna(-1)
    ok = np.isin(filled.to_numpy(), list(STATUS_CODES))
    if not ok.all():
        r, c = np.argwhere(~ok)[0]
        v = filled.to_numpy()[r, c]
        v = int(v) if float(v).is_integer() else v
        raise BuildError(f"{what}: {int((~ok).sum())} state cell(s) outside the status codes [-9, -1, 0, 1, 2, 3] "
                         f"(first: {v!r} in column {states[c]!r}, line {r + 2}); the file may be truncated or damaged")
    for c in ("sdate", "deaddate", "dead", "integrated", "replaced", "ionum", "imputed"):
        if c in df.columns:  # numbers the build aggregates: a damaged cell must not pass as text
            df[c] = numeric_column(df, c, what=what, integer=True, empty_ok=True)
    for c in ("political", "social", "economic"):
        # Empty flags occur in the real file (PCB 1920, whose notes cell
        # swallowed the last fields); they stay missing, never 0.
        df[c] = numeric_column(df, c, what=what, integer=True, empty_ok=True, lo=0, hi=1)
    require_unique(df, ["ioname", "year"], what=what)
    meta = [c for c in IGO_YEAR_META if c in df.columns]
    return pd.concat([df[meta], filled.astype(np.int8)], axis=1)
