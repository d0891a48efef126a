"""Keys of users' frames: find them, resolve them to COW codes, and merge by them.

Every ``add_*`` function goes through :func:`frame_keys`, which

- finds the unit: dyad-years (``ccode1, ccode2``) or state-years
  (``ccode``), or other columns named in ``keys=`` or found by name
  (``iso3c``, ``iso3``, ``iso2c``, ``iso2``, ``stateabb``, ``country``,
  ``countryname``, ``statenme``; with suffixes ``1``/``2`` for dyads);
- finds the time: ``year``, or ``session`` (UN General Assembly sessions,
  year = session + 1945);
- resolves state keys that are not COW codes (ISO2/ISO3 codes, names,
  abbreviations) once per distinct value, and adds ``ccode`` (or
  ``ccode1, ccode2``) so the next function in a chain does not resolve
  again;
- reports what did not match (unknown codes and names, with suggestions;
  state-years outside the state system; missing keys) in
  ``attrs["merge_report"]`` and one :class:`UnmatchedKeysWarning`, never as
  silent missing values.

Merging is a lookup, not a join: the source table's keys are packed into
one sorted int64 array and each row of the user's frame finds its key by
binary search (:func:`lookup`), so no row is ever dropped or duplicated,
the frame's order and index are kept, and duplicated keys in the user's
frame simply get the same values.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from multivector._errors import AmbiguousNameError, InvalidArgumentError, UnknownStateError

#: Column names recognised as state keys, in order of preference.
STATE_NAMES = ("ccode", "iso3c", "iso3", "iso2c", "iso2", "stateabb", "country", "countryname", "country_name",
               "statenme", "state")
#: UN General Assembly session <-> calendar year.
SESSION_OFFSET = 1945

_PACK = 1000  # COW codes are below 1000


class UnmatchedKeysWarning(UserWarning):
    """Some keys of a user's frame matched no state, or lie outside the state system; their columns are missing."""


@dataclass
class Keys:
    """The resolved keys of a frame: one entry per row (``-1`` where unknown)."""

    unit: str  # "state-year" | "dyad-year"
    time: str  # "year" | "session"
    t: np.ndarray  # year or session per row, -1 where missing
    c1: np.ndarray  # ccode (state-years) or ccode1 per row, -1 where unknown
    c2: np.ndarray | None = None  # ccode2 per row (dyad-years)
    columns: tuple[str, ...] = ()  # the frame's key columns, as found
    add: dict[str, pd.api.extensions.ExtensionArray] = field(default_factory=dict)  # ccode columns to add
    report: list[dict] = field(default_factory=list)
    in_system: np.ndarray | None = None  # per row: all its states in the COW state system that year
    _known: np.ndarray | None = None

    @property
    def year(self) -> np.ndarray:
        """Calendar year per row (sessions converted), -1 where missing."""
        if self.time == "year":
            return self.t
        return np.where(self.t >= 0, self.t + SESSION_OFFSET, -1)

    @property
    def known(self) -> np.ndarray:
        """Per row: every key is known (computed once)."""
        if self._known is None:
            ok = (self.t >= 0) & (self.c1 >= 0)
            if self.c2 is not None:
                ok &= self.c2 >= 0
            self._known = ok
        return self._known


def _col_as_int(s: pd.Series, what: str) -> tuple[np.ndarray, np.ndarray] | None:
    """Integer values of a numeric column and its missing mask, or None when it is not numeric."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return None
    if pd.api.types.is_bool_dtype(s.dtype) or not pd.api.types.is_numeric_dtype(s.dtype):
        return None
    if isinstance(s.dtype, np.dtype) and s.dtype.kind in "iu":  # plain integers: nothing can be missing
        return s.to_numpy().astype(np.int64, copy=False), np.zeros(len(s), dtype=bool)
    if pd.api.types.is_integer_dtype(s.dtype):  # nullable integers
        na = s.isna().to_numpy()
        return s.to_numpy(dtype="int64", na_value=-1), na
    na = s.isna().to_numpy()
    v = s.to_numpy(dtype="float64", na_value=np.nan)
    bad = ~na & (v != np.round(v))
    if bad.any():
        raise InvalidArgumentError(f"{what}: column {s.name!r} holds non-whole numbers such as {v[bad][0]!r}", what)
    out = np.where(na, -1, v).astype(np.int64)
    return out, na


def _find_time(df: pd.DataFrame, name: str | None, fn: str) -> tuple[str, str]:
    if name is not None:
        if name not in df.columns:
            raise InvalidArgumentError(f"{fn}: keys names a time column {name!r} that the frame does not have "
                                       f"(columns: {_cols(df)})", "keys")
        return name, "session" if name == "session" else "year"
    if "year" in df.columns:
        return "year", "year"
    if "session" in df.columns:
        return "session", "session"
    raise InvalidArgumentError(f"{fn}: the frame has no 'year' (or 'session') column (columns: {_cols(df)}); "
                               "name the time column with keys=(..., 'yr')", "keys")


def _cols(df: pd.DataFrame, limit: int = 8) -> str:
    cols = [str(c) for c in df.columns]
    return ", ".join(cols[:limit]) + (", ..." if len(cols) > limit else "") if cols else "none"


def _find_states(df: pd.DataFrame, names: tuple[str, ...] | None, fn: str) -> tuple[str, ...]:
    if names is not None:
        missing = [n for n in names if n not in df.columns]
        if missing:
            raise InvalidArgumentError(f"{fn}: keys names column {missing[0]!r}, which the frame does not have "
                                       f"(columns: {_cols(df)})", "keys")
        return names
    if "ccode1" in df.columns and "ccode2" in df.columns:
        return ("ccode1", "ccode2")
    for base in STATE_NAMES[1:]:
        for a, b in ((f"{base}1", f"{base}2"), (f"{base}_1", f"{base}_2"), (f"{base}_a", f"{base}_b")):
            if a in df.columns and b in df.columns:
                return (a, b)
    for base in STATE_NAMES:
        if base in df.columns:
            return (base,)
    raise InvalidArgumentError(
        f"{fn}: cannot find the states of the frame (columns: {_cols(df)}); expected 'ccode' (state-years) or "
        "'ccode1', 'ccode2' (dyad-years), or ISO codes or names in a column such as 'iso3c'; "
        "or name them with keys=('iso3c', 'year')", "keys")


def _parse_keys(keys, fn: str) -> tuple[tuple[str, ...] | None, str | None]:
    if keys is None:
        return None, None
    if isinstance(keys, str):
        keys = [k.strip() for k in keys.split(",") if k.strip()]
    keys = tuple(keys)
    if len(keys) not in (2, 3) or not all(isinstance(k, str) for k in keys):
        raise InvalidArgumentError(f"{fn}: keys must name 2 columns (state, year) or 3 (state 1, state 2, year), "
                                   f"got {keys!r}", "keys")
    return keys[:-1], keys[-1]


def frame_keys(df: pd.DataFrame, fn: str, keys=None, *, unit: str | None = None, allow_sessions: bool = False) -> Keys:
    """Find, check and resolve the keys of a user's frame (see the module docstring).

    ``unit`` (``"state-year"`` or ``"dyad-year"``) is the unit the calling
    function needs; a frame of the other unit is an error naming the
    right frame to build.
    """
    if not isinstance(df, pd.DataFrame):
        raise InvalidArgumentError(f"{fn}: expected a pandas DataFrame, got {type(df).__name__}", "df")
    state_cols, time_col = _parse_keys(keys, fn)
    time_col, time = _find_time(df, time_col, fn)
    state_cols = _find_states(df, state_cols, fn)
    found = "dyad-year" if len(state_cols) == 2 else "state-year"
    if unit is not None and found != unit:
        make = "mv.dyad_years()" if unit == "dyad-year" else "mv.state_years()"
        have = ", ".join(state_cols)
        raise InvalidArgumentError(
            f"{fn} adds {unit} columns and needs a {unit} frame ("
            + ("ccode1, ccode2, year" if unit == "dyad-year" else "ccode, year")
            + f"); this frame is {found} ({have}, {time_col}). Build one with {make}", "df")
    if time == "session" and not allow_sessions:
        raise InvalidArgumentError(
            f"{fn}: the frame counts time in UN sessions ('{time_col}'), but these data are by calendar year; "
            f"add a year column first (year = session + {SESSION_OFFSET}, e.g. df.assign(year=df.{time_col} + "
            f"{SESSION_OFFSET})) or use add_un_agreement, which merges by session", "keys")
    tv = _col_as_int(df[time_col], "keys")
    if tv is None:
        raise InvalidArgumentError(f"{fn}: the time column {time_col!r} is not numeric (dtype {df[time_col].dtype}); "
                                   "years must be whole numbers", "keys")
    t, t_na = tv
    report: list[dict] = []
    if t_na.any():
        report.append(_entry(fn, time_col, None, int(t_na.sum()), "missing"))
    codes, add = [], {}
    for col in state_cols:
        c, rep, resolved = _resolve_column(df[col], np.where(t_na, -1, t if time == "year" else t + SESSION_OFFSET), fn)
        codes.append(c)
        report += rep
        if resolved:
            add[_ccode_name(col, state_cols)] = pd.array(np.where(c >= 0, c, 0), dtype="Int64")
            add[_ccode_name(col, state_cols)][c < 0] = pd.NA
    k = Keys(found, time, t, codes[0], codes[1] if len(codes) == 2 else None, tuple(state_cols) + (time_col,), add, report)
    if k.c2 is not None:
        same = (k.c1 == k.c2) & (k.c1 >= 0)
        if same.any():
            raise InvalidArgumentError(f"{fn}: {int(same.sum()):,d} rows pair a state with itself "
                                       f"(e.g. {int(k.c1[same][0])}); a dyad is two different states", "df")
    from multivector.data._system import in_system

    sides = [(k.columns[0], k.c1, in_system(k.c1, k.year))]
    if k.c2 is not None:
        sides.append((k.columns[1], k.c2, in_system(k.c2, k.year)))
    k.in_system = k.known.copy()
    for _, _, ok in sides:
        k.in_system &= ok
    k.report += _outside_entries(k, sides, fn)
    return k


def _outside_entries(k: Keys, sides, fn: str) -> list[dict]:
    """One report entry per state (and key column) with rows outside the state system, naming the years
    and the states of the same name that were in the system then (Germany in 1960: the two Germanys)."""
    from multivector.engine._resolve import _alive_namesakes

    out = []
    year = k.year
    for col, codes, ok in sides:
        bad = k.known & ~ok
        if not bad.any():
            continue
        for code in np.unique(codes[bad]):
            rows = bad & (codes == code)
            ys = sorted({int(y) for y in np.unique(year[rows])})
            near = _alive_namesakes(int(code), ys)
            out.append(_entry(fn, col, f"{label(int(code))} in {_spans(ys)}", rows.sum(),
                              "outside the state system", [label(c) for c in near]))
    return out


def label(ccode: int) -> str:
    """``"Name (ABB, code)"`` from the state list (the same text as the resolver's labels, without building
    its name index).

    Example:
        >>> label(705)
        'Kazakhstan (KZK, 705)'
    """
    from multivector.data._store import get_store

    st = get_store().table("states")
    row = st.loc[st["ccode"].to_numpy() == int(ccode)].iloc[0]
    return f"{row.statenme} ({row.stateabb}, {int(ccode)})"


def _spans(years: list[int]) -> str:
    """``[1960, 1961, 1962, 1990]`` -> ``"1960-1962, 1990"``."""
    parts, start = [], years[0]
    for a, b in zip(years, years[1:] + [None]):
        if b != a + 1:
            parts.append(str(start) if start == a else f"{start}-{a}")
            start = b
    return ", ".join(parts)


def _in_system(k: Keys) -> np.ndarray:
    """Per row: every state of the row is in the COW state system that year (False where a key is unknown)."""
    from multivector.data._system import in_system

    ok = k.known & in_system(k.c1, k.year)
    if k.c2 is not None:
        ok &= in_system(k.c2, k.year)
    return ok


def _ccode_name(col: str, cols: tuple[str, ...]) -> str:
    if len(cols) == 1:
        return "ccode"
    return "ccode1" if col == cols[0] else "ccode2"


def _entry(fn, column, value, rows, reason, suggestions=()) -> dict:
    return {"function": fn, "column": column, "value": value, "rows": int(rows), "reason": reason,
            "suggestions": "; ".join(suggestions)}


def _resolve_column(s: pd.Series, year: np.ndarray, fn: str) -> tuple[np.ndarray, list[dict], bool]:
    """COW codes of one state column; unknown values are -1 and reported.

    Returns ``(codes, report, resolved)``; ``resolved`` is True when the
    column held names or ISO codes rather than COW codes.
    """
    from multivector.engine._resolve import state_index

    from multivector.data._store import get_store

    report: list[dict] = []
    as_int = _col_as_int(s, "keys")
    if as_int is not None:  # COW codes: checked against the state list (no name index needed)
        c, na = as_int
        lut = np.zeros(1000, dtype=bool)
        lut[get_store().table("states")["ccode"].to_numpy()] = True
        known = np.take(lut, np.clip(c, 0, 999)) & (c >= 0) & (c < 1000)
        out = np.where(known & ~na, c, -1)
        if na.any():
            report.append(_entry(fn, s.name, None, int(na.sum()), "missing"))
        bad = ~known & ~na
        if bad.any():
            vals, counts = np.unique(c[bad], return_counts=True)
            for v, n in zip(vals, counts):
                report.append(_entry(fn, s.name, int(v), n, "not a COW state code", _suggest(state_index(), v)))
        return out, report, False
    idx = state_index()
    values = s.astype("object").to_numpy()
    na = pd.isna(values)
    if na.any():
        report.append(_entry(fn, s.name, None, int(na.sum()), "missing"))
    out = np.full(len(values), -1, dtype=np.int64)
    text = np.where(na, "", values.astype(str))
    uniq, inv = np.unique(text, return_inverse=True)
    for u_i, u in enumerate(uniq):
        rows = (inv == u_i) & ~na
        if not rows.any():
            continue
        try:
            out[rows] = idx.resolve(u)
        except AmbiguousNameError as exc:  # a name shared over time (Germany, Korea): the row's year decides
            for y in np.unique(year[rows]):
                sub = rows & (year == y)
                try:
                    out[sub] = idx.resolve(u, int(y) if y >= 0 else None)
                except AmbiguousNameError:
                    report.append(_entry(fn, s.name, u, sub.sum(), "ambiguous", exc.suggestions))
        except UnknownStateError as exc:  # fuzzy matches of a short code (HKG) would only mislead
            report.append(_entry(fn, s.name, u, rows.sum(), "unknown state", exc.suggestions if len(u) > 3 else ()))
    return out, report, True


def _suggest(idx, value) -> list[str]:
    try:
        return idx._suggest(str(value))
    except Exception:  # noqa: BLE001 - suggestions are a courtesy
        return []


def pack(t: np.ndarray, c1: np.ndarray, c2: np.ndarray | None = None) -> np.ndarray:
    """One int64 key per row, in the order of peacesciencer's frames (state, then year):
    ``c * 10000 + t`` or ``(c1 * 1000 + c2) * 10000 + t``."""
    c = np.asarray(c1, dtype=np.int64)
    if c2 is not None:
        c = c * _PACK + np.asarray(c2, dtype=np.int64)
    return c * 10_000 + np.asarray(t, dtype=np.int64)


def lookup(source_keys: np.ndarray, row_keys: np.ndarray, valid: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Position of each row key in the source keys (any order, unique) and whether it was found.

    Binary search over the sorted source keys; keys already in order (a
    frame from :func:`dyad_years`) are not sorted again, and the needles are
    searched in sorted order (much faster on large frames).

    Example:
        >>> import numpy as np
        >>> pos, found = lookup(np.array([30, 10, 20]), np.array([20, 40, 20, 30]))
        >>> pos[found].tolist(), found.tolist()
        ([2, 2, 0], [True, False, True, True])
    """
    src = np.asarray(source_keys, dtype=np.int64)
    rk = np.asarray(row_keys, dtype=np.int64)
    if len(src) == 0:
        return np.zeros(len(rk), dtype=np.int64), np.zeros(len(rk), dtype=bool)
    if (src[1:] > src[:-1]).all():
        order, sk = None, src
    else:
        order = np.argsort(src, kind="stable")
        sk = src[order]
        if (sk[1:] == sk[:-1]).any():
            raise AssertionError("lookup: source keys are not unique")  # a bug in the caller, never user input
    if len(rk) > 1 and not (rk[1:] >= rk[:-1]).all():
        ro = np.argsort(rk, kind="stable")
        i = np.empty(len(rk), dtype=np.int64)
        i[ro] = np.searchsorted(sk, rk[ro])
    else:
        i = np.searchsorted(sk, rk)
    np.minimum(i, len(sk) - 1, out=i)
    found = sk[i] == rk
    if valid is not None:
        found &= valid
    return (i if order is None else order[i]), found


def gather(values: np.ndarray, pos: np.ndarray, found: np.ndarray, dtype: str = "Int64"):
    """Nullable column: ``values[pos]`` where found, missing elsewhere (never 0)."""
    vals = np.asarray(values)
    if dtype == "Int64":
        data = np.where(found, vals[pos] if len(vals) else 0, 0).astype(np.int64)
        return pd.arrays.IntegerArray(data, ~found)
    data = np.where(found, vals[pos] if len(vals) else np.nan, np.nan).astype(np.float64)
    return pd.arrays.FloatingArray(data, ~found | np.isnan(data))


def check_lag(lag) -> int:
    """A lag as a whole number >= 0."""
    if isinstance(lag, bool) or not isinstance(lag, (int, np.integer)):
        raise InvalidArgumentError(f"lag: expected a whole number of years >= 0 (e.g. lag=1), got {lag!r}", "lag")
    if lag < 0:
        raise InvalidArgumentError(f"lag: {lag} is negative; a lag takes values from earlier years (lag=1: "
                                   "the year before)", "lag")
    return int(lag)


def suffix(lag: int) -> str:
    """Column-name suffix of a lagged variable (``""`` for lag 0)."""
    return f"_lag{lag}" if lag else ""


def finish(df: pd.DataFrame, keys: Keys, columns: dict[str, object], fn: str, sources: tuple[str, ...],
           params: dict | None = None, on_unmatched: str = "warn", extra_report: list[dict] | None = None) -> pd.DataFrame:
    """Return a copy of ``df`` with the resolved ccode columns and ``columns`` added, attrs updated.

    Columns already in the frame are an error (re-running a step on its own
    output would otherwise silently replace or duplicate them).
    """
    from multivector.data._cite import with_sources

    clash = [c for c in columns if c in df.columns]
    if clash:
        raise InvalidArgumentError(f"{fn}: the frame already has column {clash[0]!r}; drop it first "
                                   "(or use lag= for a lagged copy)", "df")
    out = df.copy(deep=False)
    out.attrs = {k: (v.copy() if isinstance(v, (list, dict)) else v) for k, v in df.attrs.items()}
    for name, arr in keys.add.items():
        if name not in out.columns:
            at = int(out.columns.get_loc(_after(keys, name))) + 1
            out.insert(at, name, arr)
    for name, arr in columns.items():
        out[name] = arr
    out.attrs.setdefault("panel_unit", keys.unit)
    report = keys.report + (extra_report or [])
    out.attrs["merge_report"] = list(out.attrs.get("merge_report", [])) + report
    added = dict(out.attrs.get("panel_columns", {}))
    for name in columns:
        added[name] = {"function": fn, **(params or {})}
    out.attrs["panel_columns"] = added
    _warn(report, fn, on_unmatched)
    return with_sources(out, *sources)


def _after(keys: Keys, name: str) -> str:
    cols = keys.columns[:-1]
    if name == "ccode2" and len(cols) == 2:
        return cols[1]
    return cols[0]


ON_UNMATCHED = ("warn", "raise", "ignore")


def check_on_unmatched(value: str) -> str:
    if value not in ON_UNMATCHED:
        raise InvalidArgumentError(f"on_unmatched: unknown value {value!r}; valid: {', '.join(ON_UNMATCHED)}",
                                   "on_unmatched")
    return value


def _warn(report: list[dict], fn: str, on_unmatched: str) -> None:
    """One line on everything that left added columns missing: unknown keys, rows outside the state
    system or the data's years, missing keys. ``"raise"`` raises for unknown and missing keys only."""
    bad = [r for r in report if r["reason"] in ("unknown state", "not a COW state code", "ambiguous")]
    outside = sum(r["rows"] for r in report if r["reason"] == "outside the state system")
    years = [r for r in report if r["reason"] == "outside the data's years"]
    absent = [r for r in report if r["reason"] == "not in the source data"]
    empty = [r for r in report if r["reason"] == "empty in the source"]
    nofig = [r for r in report if r["reason"] == "no figure"]
    prov = [r for r in report if r["reason"] == "provisional"]
    missing = sum(r["rows"] for r in report if r["reason"] == "missing")
    if on_unmatched == "ignore" or not (bad or outside or missing or years or absent or empty or nofig or prov):
        return
    parts = []
    if bad:
        shown = ", ".join(f"{r['value']!s} ({_rows(r['rows'])}"
                          + (f"; did you mean {r['suggestions'].split('; ')[0]}" if r["suggestions"] else "") + ")"
                          for r in bad[:3])
        more = f" and {len(bad) - 3} more" if len(bad) > 3 else ""
        parts.append(f"{len(bad)} key value{'s' if len(bad) > 1 else ''} matched no COW state: {shown}{more}")
    if missing:
        parts.append(f"{_rows(missing)} {'has' if missing == 1 else 'have'} a missing key")
    if outside:
        ex = [r for r in report if r["reason"] == "outside the state system"]
        shown = "; ".join(r["value"] + (f": did you mean {r['suggestions']}?" if r["suggestions"] else "") for r in ex[:2])
        more = f"; and {len(ex) - 2} more states" if len(ex) > 2 else ""
        parts.append(f"{_rows(outside)} {'is' if outside == 1 else 'are'} outside the COW state system that year "
                     f"({shown}{more})")
    for r in absent:
        parts.append(f"{_rows(r['rows'])} {'has' if r['rows'] == 1 else 'have'} no row in {r['column']} ({r['value']})")
    for r in empty:
        parts.append(f"{_rows(r['rows'])} {'has' if r['rows'] == 1 else 'have'} no published {r['column']} ({r['value']})")
    for r in nofig:
        parts.append(f"{_rows(r['rows'])} of the state system {'has' if r['rows'] == 1 else 'have'} no {r['column']} "
                     f"figure ({r['value']})")
    for r in years:
        parts.append(f"{_rows(r['rows'])} {'lies' if r['rows'] == 1 else 'lie'} outside the years of {r['column']} "
                     f"({r['value']})")
    said = [f"{_rows(r['rows'])} {'has a' if r['rows'] == 1 else 'have'} provisional {r['column']} ({r['value']}"
            + (f": {r['suggestions']}" if r["suggestions"] else "") + ")" for r in prov]
    if parts:
        msg = f"{fn}: " + "; ".join(parts) + ". Their added columns are missing" + "".join("; " + p for p in said)
    else:
        msg = f"{fn}: " + "; ".join(said)
    msg += "; see mv.merge_report(df)."
    if on_unmatched == "raise" and (bad or missing):
        raise InvalidArgumentError(msg, "df")
    warnings.warn(msg, UnmatchedKeysWarning, stacklevel=_user_level())


def _user_level() -> int:
    """``stacklevel`` pointing at the user's line (past multivector and pandas' ``pipe``)."""
    import sys

    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] in ("multivector", "pandas"):
        frame, level = frame.f_back, level + 1
    return level


def _rows(n: int) -> str:
    return f"{n:,d} row{'' if n == 1 else 's'}"


def merge_report(df: pd.DataFrame) -> pd.DataFrame:
    """What the ``add_*`` steps behind a frame could not match, one row per problem.

    Returns:
        DataFrame with columns ``function`` (the step), ``column`` (the key
        column, or the data for a coverage row), ``value`` (the key value
        that matched nothing; empty for counts), ``rows`` (rows affected),
        ``reason`` (``unknown state``, ``not a COW state code``,
        ``ambiguous``, ``missing``, ``outside the state system``,
        ``outside the data's years``, ``not in the source data``, ``empty in
        the source``: the source has the row but publishes no value; ``no
        figure``: a state of the system for which the measure is undefined
        that year, the reason in ``suggestions``; ``provisional``: a figure
        that rests on provisional data, not missing) and ``suggestions``.
        Empty when everything matched.

    Example:
        >>> import warnings, pandas as pd, multivector as mv
        >>> user = pd.DataFrame({"iso3c": ["KAZ", "HKG", "KAZ"], "year": [2014, 2014, 1980]})
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     out = mv.add_igos(user)
        >>> mv.merge_report(out)[["value", "rows", "reason"]].values.tolist()
        [['HKG', 1, 'unknown state'], ['Kazakhstan (KZK, 705) in 1980', 1, 'outside the state system']]
    """
    if not isinstance(df, pd.DataFrame):
        raise InvalidArgumentError(f"merge_report: expected a pandas DataFrame, got {type(df).__name__}", "df")
    cols = ["function", "column", "value", "rows", "reason", "suggestions"]
    rows = df.attrs.get("merge_report", [])
    out = pd.DataFrame(rows, columns=cols)
    out["rows"] = out["rows"].astype("int64")
    out["value"] = out["value"].astype(object).where(out["value"].notna(), None)
    return out
