"""Parsing and checking of year arguments, shared by every function."""

from __future__ import annotations

import re
from collections.abc import Iterable

from multivector._errors import InvalidYearError

YearsArg = int | str | tuple | list | range | None


def parse_years(years: YearsArg, coverage: tuple[int, int], *, what: str = "the IGO data", argument: str = "years") -> list[int]:
    """Turn a years argument into a sorted list of years within ``coverage``.

    Accepts ``None`` (all years), an int, ``"1991"``, ``"1991-2014"``,
    ``"1991:2014"``, a ``(start, end)`` tuple (inclusive; either may be
    None), a ``range`` or a list of ints.

    Raises:
        InvalidYearError: malformed input, start after end, or years outside
            ``coverage``; the message states the coverage.

    Example:
        >>> parse_years((1991, 1993), (1816, 2014))
        [1991, 1992, 1993]
        >>> parse_years("2013-2014", (1816, 2014))
        [2013, 2014]
    """
    lo, hi = coverage
    if years is None:
        return list(range(lo, hi + 1))
    if isinstance(years, bool):
        raise InvalidYearError(f"{argument}: expected a year or a range of years, got {years!r}", argument)
    if isinstance(years, str):
        s = years.strip()
        m = re.fullmatch(r"(\d{1,4})\s*(?:[-:]|\.\.)\s*(\d{1,4})", s)
        if m:
            years = (int(m.group(1)), int(m.group(2)))
        elif re.fullmatch(r"\d{1,4}", s):
            years = int(s)
        elif re.fullmatch(r"\d{1,4}(\s*,\s*\d{1,4})+", s):
            years = [int(x) for x in s.split(",")]
        else:
            raise InvalidYearError(f"{argument}: cannot read {years!r} as a year or range (use e.g. 1991 or 1991-2014)", argument)
    if isinstance(years, tuple) and len(years) == 2 and not isinstance(years, range):
        a, b = years
        a = lo if a is None else _as_int(a, argument)
        b = hi if b is None else _as_int(b, argument)
        _check(a, a, coverage, what, argument)
        _check(b, b, coverage, what, argument)
        if a > b:
            unit = "session" if argument == "sessions" else "year"
            raise InvalidYearError(f"{argument}: start {unit} {a} is after end {unit} {b}", argument)
        return list(range(a, b + 1))
    if isinstance(years, (int,)) or hasattr(years, "__index__"):
        y = _as_int(years, argument)
        _check(y, y, coverage, what, argument)
        return [y]
    if isinstance(years, Iterable):
        ys = sorted({_as_int(y, argument) for y in years})
        if not ys:
            raise InvalidYearError(f"{argument}: no years given", argument)
        bad = [y for y in ys if y < lo or y > hi]
        if bad:
            _check(bad[0], bad[0], coverage, what, argument)
        return ys
    raise InvalidYearError(f"{argument}: expected a year or a range of years, got {years!r}", argument)


def _as_int(y, argument: str) -> int:
    try:
        if isinstance(y, float) and not y.is_integer():
            raise ValueError
        return int(y)
    except (TypeError, ValueError):
        raise InvalidYearError(f"{argument}: {y!r} is not a year", argument) from None


def _check(a: int, b: int, coverage: tuple[int, int], what: str, argument: str) -> None:
    lo, hi = coverage
    if a < lo or b > hi:
        span = f"{a}" if a == b else f"{a}-{b}"
        raise InvalidYearError(f"{argument}: {span} is outside {what} ({lo}-{hi})", argument)
