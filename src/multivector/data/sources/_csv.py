"""Shared CSV reading with errors turned into one-line BuildErrors."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable
from pathlib import Path

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
        first = df.loc[dup, keys].iloc[0].to_dict()
        raise BuildError(f"{what}: {int(dup.sum())} rows share a key {keys} (first: {first})")
