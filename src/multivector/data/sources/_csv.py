"""Shared CSV reading with errors turned into one-line BuildErrors."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from multivector._errors import BuildError


def read_csv_checked(path: str | Path, *, required: Iterable[str] = (), what: str = "file", **kwargs) -> pd.DataFrame:
    """Read a CSV (plain or .gz) and check that it has the required columns.

    Column names are stripped; matching of ``required`` is case-insensitive
    and the returned frame uses lower-case names for them.

    Example:
        >>> from multivector.data.sources import read_csv_checked
        >>> df = read_csv_checked("../shared/data/cow-states/states2016.csv", required=["ccode"])  # doctest: +SKIP
    """
    path = Path(path)
    if not path.exists():
        raise BuildError(f"{what}: file not found: {path}")
    if path.stat().st_size == 0:
        raise BuildError(f"{what}: file is empty: {path}")
    try:
        df = pd.read_csv(path, compression="infer", **kwargs)
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
        raise BuildError(f"{what}: {path.name} is corrupted or truncated ({exc.__class__.__name__}: {exc})") from exc
    except UnicodeDecodeError as exc:
        raise BuildError(f"{what}: {path.name} is not valid UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        raise BuildError(f"{what}: {path.name} cannot be parsed as CSV ({msg})") from exc
    df.columns = [str(c).strip() for c in df.columns]
    lower = {c.lower(): c for c in df.columns}
    missing = [c for c in required if c.lower() not in lower]
    if missing:
        raise BuildError(
            f"{what}: {path.name} lacks the expected column(s) {', '.join(missing)}; "
            f"found {', '.join(list(df.columns)[:8])}{' ...' if len(df.columns) > 8 else ''}"
        )
    return df.rename(columns={lower[c.lower()]: c.lower() for c in required})


def require_domain(series: pd.Series, allowed: set, *, what: str, column: str) -> None:
    """Raise BuildError if ``series`` holds a value outside ``allowed`` (NaN included)."""
    bad = ~series.isin(list(allowed))
    if bad.any():
        first = series[bad].iloc[0]
        first = first.item() if hasattr(first, "item") else first
        if isinstance(first, float) and first.is_integer():
            first = int(first)
        raise BuildError(
            f"{what}: column {column!r} has {int(bad.sum())} value(s) outside {sorted(allowed, key=_order)} "
            f"(first: {first!r} in line {int(bad.to_numpy().nonzero()[0][0]) + 2}); the file may be truncated or damaged"
        )


def _order(v):
    return (0, v, "") if isinstance(v, (int, float)) else (1, 0, str(v))


def require_unique(df: pd.DataFrame, keys: list[str], *, what: str) -> None:
    """Raise BuildError if ``keys`` do not identify rows uniquely."""
    dup = df.duplicated(keys, keep=False)
    if dup.any():
        first = df.loc[dup, keys].iloc[0]
        same = (df[keys] == first).all(axis=1).to_numpy().nonzero()[0][:2]
        where = f" in lines {same[0] + 2} and {same[1] + 2}" if df.index.equals(pd.RangeIndex(len(df))) else ""
        first = {k: (v.item() if hasattr(v, "item") else v) for k, v in first.to_dict().items()}
        raise BuildError(f"{what}: {int(dup.sum())} rows share a key {keys} (first: {first}{where})")


def numeric_column(df: pd.DataFrame, column: str, *, what: str, integer: bool = False, empty_ok: bool = False,
                   lo: float | None = None, hi: float | None = None) -> pd.Series:
    """``df[column]`` as numbers, or BuildError naming the column and the line of the first bad cell.

    ``integer`` requires whole numbers (returned as int64, or float64 with
    NaN where ``empty_ok`` lets cells be empty); ``lo`` / ``hi`` bound the
    values. Line numbers count the header as line 1.

    Example:
        >>> import pandas as pd
        >>> from multivector.data.sources._csv import numeric_column
        >>> numeric_column(pd.DataFrame({"year": ["2014", "x"]}), "year", what="ATOP (f.csv)")
        Traceback (most recent call last):
        ...
        multivector._errors.BuildError: ATOP (f.csv): column 'year' has 1 non-numeric value(s) (first: 'x' in line 3); the file may be truncated or damaged
    """
    raw = df[column]
    num = pd.to_numeric(raw, errors="coerce") if not pd.api.types.is_numeric_dtype(raw) else raw.astype("float64")
    blank = raw.isna() | (raw.astype("string").str.strip() == "")
    bad = num.isna() & ~blank
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise BuildError(f"{what}: column {column!r} has {int(bad.sum())} non-numeric value(s) "
                         f"(first: {raw.iloc[i]!r} in line {i + 2}); the file may be truncated or damaged")
    if not empty_ok and blank.any():
        i = int(blank.to_numpy().nonzero()[0][0])
        raise BuildError(f"{what}: column {column!r} has {int(blank.sum())} empty cell(s) "
                         f"(first in line {i + 2}); the file may be truncated or damaged")
    vals = num.to_numpy(dtype="float64")
    checks = []
    if integer:
        checks.append((~np.isnan(vals) & (vals != np.round(vals)), "a whole number"))
    if lo is not None or hi is not None:
        lo_, hi_ = -np.inf if lo is None else lo, np.inf if hi is None else hi
        checks.append((~np.isnan(vals) & ((vals < lo_) | (vals > hi_)), f"within {_fmt(lo_)}-{_fmt(hi_)}"))
    for bad, need in checks:
        if bad.any():
            i = int(bad.nonzero()[0][0])
            raise BuildError(f"{what}: column {column!r} has {int(bad.sum())} value(s) that are not {need} "
                             f"(first: {_fmt(vals[i])} in line {i + 2}); the file may be damaged")
    out = pd.Series(vals, index=df.index, name=column)
    if integer and not np.isnan(vals).any():
        return out.astype("int64")
    return out


def _fmt(v: float) -> str:
    if np.isinf(v):
        return "any"
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def first_line(mask) -> int:
    """Line number (header = line 1) of the first True in a boolean row mask."""
    return int(np.asarray(mask).nonzero()[0][0]) + 2


def read_text_table(path: str | Path, columns: Iterable[str], *, what: str) -> pd.DataFrame:
    """A CSV read as text (no type inference, no missing-value conversion), with the publisher's column names.

    ``columns`` must all be present (matched case-insensitively, returned
    with the spelling given here); an empty file or one with a header only
    is a BuildError. Row ``i`` is line ``i + 2``.

    Example:
        >>> from multivector.data.sources._csv import read_text_table
        >>> t = read_text_table("../shared/data/atop-5.1/atop_alliance_dyad_year.csv.gz", ["ccode1"], what="ATOP")  # doctest: +SKIP
    """
    columns = list(columns)
    df = read_csv_checked(path, required=columns, what=what, dtype=str, keep_default_na=False)
    df = df.rename(columns={c.lower(): c for c in columns})
    if len(df) == 0:
        raise BuildError(f"{what}: the file has no rows")
    return df
