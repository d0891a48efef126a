"""Readers for the informal IGO files (IIGO 2.0 and MIGO, as packaged in manyios)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from multivector._errors import BuildError
from multivector.data.sources._csv import first_line, numeric_column, read_text_table, require_unique

#: The data's vintage: the IIGO member lists are those of the publisher's 2017 sheet.
IIGO_VINTAGE = 2017

IIGO_ORG_COLUMNS = {
    # published name -> our name
    "igoID": "igo_id_published",
    "Title": "title",
    "Begin": "begin",
    "End": "end",
    "End_reason": "end_reason",
    "Regional": "regional",
    "Nbr.": "nbr",
    "Domain": "domain",
    "Nbr State Mbrs 2017 (or end)": "n_members_published",
    "Ind. Sec. Year": "secretariat_year",
    "Formal Treaty Year": "treaty_year",
    "Follow-on IGO": "follow_on",
}
IIGO_MEMBER_COLUMNS = ["stateID", "StateName", "igoID", "Title", "Begin", "End", "Year"]
MIGO_COLUMNS = ["igoID", "stateID", "StateName", "membership", "Year", "Begin", "End", "cowID", "active"]


def _text(df: pd.DataFrame, column: str, *, what: str, empty_ok: bool = True) -> pd.Series:
    s = df[column].astype("string").str.strip()
    s = s.mask(s == "")
    if not empty_ok and s.isna().any():
        raise BuildError(f"{what}: column {column!r} has {int(s.isna().sum())} empty cell(s) "
                         f"(first in line {first_line(s.isna())}); the file may be truncated or damaged")
    return s


def _spell_order(begin: pd.Series, end: pd.Series, *, what: str) -> None:
    bad = (end < begin).fillna(False).to_numpy(bool)
    if bad.any():
        raise BuildError(f"{what}: {int(bad.sum())} row(s) end before they begin (first in line {first_line(bad)}: "
                         f"Begin {int(begin[bad].iloc[0])}, End {int(end[bad].iloc[0])}); the file may be damaged")


def read_iigo_organizations(path: str | Path) -> pd.DataFrame:
    """Read and check the IIGO 2.0 organization file (one row per informal IGO).

    Columns are renamed to snake_case (``igoID`` -> ``igo_id_published``,
    ``Title`` -> ``title``, ``Nbr State Mbrs 2017 (or end)`` ->
    ``n_members_published``, ...; see ``IIGO_ORG_COLUMNS``). Checks: titles
    present and unique (the published ``igoID`` is neither: two are empty,
    G11 and BP are used twice); years whole numbers from 1815 to 2017 with
    ``End`` not before ``Begin``; ``End_reason`` in 0/1/2; ``Regional`` 0/1;
    ``Nbr.`` unique. ``Follow-on IGO`` "0" (none) becomes empty. Rows in
    file order (row ``i`` is line ``i + 2``).

    Example:
        >>> from multivector.data.sources import read_iigo_organizations
        >>> o = read_iigo_organizations("../shared/data/informal-igo/iigo_organizations.csv.gz")  # doctest: +SKIP
        >>> o.loc[o.title == "BRICS", "begin"].item()  # doctest: +SKIP
        2009
    """
    path = Path(path)
    what = f"IIGO organizations ({path.name})"
    df = read_text_table(path, list(IIGO_ORG_COLUMNS), what=what)
    out = pd.DataFrame(index=df.index)
    out["igo_id_published"] = _text(df, "igoID", what=what)
    out["title"] = _text(df, "Title", what=what, empty_ok=False)
    out["begin"] = numeric_column(df, "Begin", what=what, integer=True, lo=1815, hi=IIGO_VINTAGE).astype("int16")
    out["end"] = numeric_column(df, "End", what=what, integer=True, empty_ok=True, lo=1815, hi=IIGO_VINTAGE).astype("Int16")
    _spell_order(out.begin, out.end, what=what)
    out["end_reason"] = numeric_column(df, "End_reason", what=what, integer=True, lo=0, hi=2).astype("int8")
    out["regional"] = numeric_column(df, "Regional", what=what, integer=True, lo=0, hi=1).astype("int8")
    out["nbr"] = numeric_column(df, "Nbr.", what=what, integer=True, lo=1).astype("int16")
    out["domain"] = _text(df, "Domain", what=what)
    out["n_members_published"] = numeric_column(df, "Nbr State Mbrs 2017 (or end)", what=what, integer=True, lo=0).astype("int16")
    out["secretariat_year"] = numeric_column(df, "Ind. Sec. Year", what=what, integer=True, empty_ok=True, lo=1815,
                                             hi=2100).astype("Int16")
    out["treaty_year"] = numeric_column(df, "Formal Treaty Year", what=what, integer=True, empty_ok=True, lo=1815,
                                        hi=2100).astype("Int16")
    follow = _text(df, "Follow-on IGO", what=what)
    out["follow_on"] = follow.mask(follow == "0")
    require_unique(out, ["title"], what=what)
    require_unique(out, ["nbr"], what=what)
    return out.reset_index(drop=True)


def read_iigo_memberships(path: str | Path) -> pd.DataFrame:
    """Read and check the IIGO 2.0 member file: one row per state and informal IGO.

    Columns ``state_id`` (``stateID``: ISO3, not COW; may be empty),
    ``state_name``, ``igo_id_published``, ``title``, ``begin``, ``end``
    (the organization's years, copied onto every member row by the
    packager; ``begin`` is empty where that copy failed) and ``vintage``
    (``Year``, 2017). Checks: names and titles present; years whole numbers
    (1815-2017), ``End`` not before ``Begin``; one row per (title, state name).
    Rows in file order.

    Example:
        >>> from multivector.data.sources import read_iigo_memberships
        >>> m = read_iigo_memberships("../shared/data/informal-igo/iigo_memberships.csv.gz")  # doctest: +SKIP
        >>> len(m)  # doctest: +SKIP
        3502
    """
    path = Path(path)
    what = f"IIGO memberships ({path.name})"
    df = read_text_table(path, IIGO_MEMBER_COLUMNS, what=what)
    out = pd.DataFrame(index=df.index)
    out["state_id"] = _text(df, "stateID", what=what)
    out["state_name"] = _text(df, "StateName", what=what, empty_ok=False)
    out["igo_id_published"] = _text(df, "igoID", what=what)
    out["title"] = _text(df, "Title", what=what, empty_ok=False)
    out["begin"] = numeric_column(df, "Begin", what=what, integer=True, empty_ok=True, lo=1815, hi=IIGO_VINTAGE).astype("Int16")
    out["end"] = numeric_column(df, "End", what=what, integer=True, empty_ok=True, lo=1815, hi=IIGO_VINTAGE).astype("Int16")
    _spell_order(out.begin, out.end, what=what)
    out["vintage"] = numeric_column(df, "Year", what=what, integer=True, lo=1815, hi=2100).astype("int16")
    require_unique(out, ["title", "state_name"], what=what)
    return out.reset_index(drop=True)


def read_migo_memberships(path: str | Path) -> pd.DataFrame:
    """Read and check the MIGO state-year member file.

    Columns ``igo_id`` (``igoID``), ``state_id`` (``stateID``, ISO3, empty
    for two states), ``state_name``, ``membership`` (1, 2 or 3 as
    published), ``year``, ``begin``, ``end`` (the state's first and last
    year in the whole data set, not a membership spell), ``ccode``
    (``cowID``) and ``active`` (0/1). Checks: codes whole numbers, ccode
    1-999, years 1900-2100, ``membership`` in 1/2/3, ``active`` 0/1, one row
    per (igoID, cowID, Year). Rows in file order.

    Example:
        >>> from multivector.data.sources import read_migo_memberships
        >>> g = read_migo_memberships("../shared/data/informal-igo/migo_memberships.csv.gz")  # doctest: +SKIP
        >>> int(g.year.min()), int(g.year.max())  # doctest: +SKIP
        (1925, 2010)
    """
    path = Path(path)
    what = f"MIGO memberships ({path.name})"
    df = read_text_table(path, MIGO_COLUMNS, what=what)
    out = pd.DataFrame(index=df.index)
    out["igo_id"] = _text(df, "igoID", what=what, empty_ok=False)
    out["state_id"] = _text(df, "stateID", what=what)
    out["state_name"] = _text(df, "StateName", what=what, empty_ok=False)
    out["membership"] = numeric_column(df, "membership", what=what, integer=True, lo=1, hi=3).astype("int8")
    for ours, theirs in (("year", "Year"), ("begin", "Begin"), ("end", "End")):
        out[ours] = numeric_column(df, theirs, what=what, integer=True, lo=1900, hi=2100).astype("int16")
    _spell_order(out.begin, out.end, what=what)
    out["ccode"] = numeric_column(df, "cowID", what=what, integer=True, lo=1, hi=999).astype("int16")
    out["active"] = numeric_column(df, "active", what=what, integer=True, lo=0, hi=1).astype("int8")
    require_unique(out, ["igo_id", "ccode", "year"], what=what)
    return out.reset_index(drop=True)
