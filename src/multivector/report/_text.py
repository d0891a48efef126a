"""Small helpers that turn numbers into words: counts, shares, lists, ranks."""

from __future__ import annotations

import math

import pandas as pd


def is_missing(v) -> bool:
    """True for None, <NA> and NaN."""
    if v is None or v is pd.NA:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def num(v, missing: str = "missing") -> str:
    """An integer with thousands separators, or ``missing``.

    Example:
        >>> num(1234), num(None)
        ('1,234', 'missing')
    """
    if is_missing(v):
        return missing
    return f"{int(v):,d}"


def dec(v, digits: int = 2, missing: str = "missing") -> str:
    """A decimal number, or ``missing``.

    Example:
        >>> dec(0.4567), dec(float("nan")), dec(-0.0001)
        ('0.46', 'missing', '0.00')
    """
    if is_missing(v) or (isinstance(v, float) and math.isnan(v)):
        return missing
    out = f"{float(v):.{digits}f}"
    return out[1:] if out.startswith("-") and float(out) == 0 else out


def pct(v, digits: int = 0, missing: str = "missing") -> str:
    """A share in [0, 1] as a percentage.

    Example:
        >>> pct(0.256), pct(0.256, 1)
        ('26%', '25.6%')
    """
    if is_missing(v):
        return missing
    return f"{100 * float(v):.{digits}f}%"


def plural(n: int, one: str, many: str | None = None) -> str:
    """``"1 organization"``, ``"3 organizations"``.

    Example:
        >>> plural(1, "organization"), plural(3, "organization"), plural(2, "was", "were")
        ('1 organization', '3 organizations', '2 were')
    """
    word = one if int(n) == 1 else (many or one + "s")
    return f"{num(n)} {word}"


def listing(items: list[str], conj: str = "and") -> str:
    """Join words as English prose.

    Example:
        >>> listing(["a"]), listing(["a", "b"]), listing(["a", "b", "c"])
        ('a', 'a and b', 'a, b and c')
    """
    items = [str(i) for i in items]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``11th``.

    Example:
        >>> [ordinal(i) for i in (1, 2, 3, 4, 11, 12, 13, 21)]
        ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st']
    """
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def span(a: int, b: int) -> str:
    """``"2014"`` or ``"1991-2014"``."""
    return str(a) if a == b else f"{a}-{b}"


def years_list(years, limit: int = 6) -> str:
    """Years as a compact list with ranges: ``1992-1994, 1998``.

    Example:
        >>> years_list([1992, 1993, 1994, 1998])
        '1992-1994, 1998'
    """
    ys = sorted({int(y) for y in years})
    runs: list[list[int]] = []
    for y in ys:
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    parts = [span(a, b) for a, b in runs]
    if len(parts) > limit:
        parts = parts[:limit] + [f"and {len(parts) - limit} more"]
    return ", ".join(parts)
