"""Reader for the ATOP 5.1 directed dyad-year alliance file (peacesciencer layout)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pandas as pd

from multivector._errors import BuildError
from multivector.data.sources._csv import first_line, numeric_column, read_text_table, require_unique

#: The five obligation flags, in the published order.
ATOP_FLAGS = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
ATOP_COLUMNS = ["ccode1", "ccode2", "year", *ATOP_FLAGS]
#: ATOP's first year (its coverage starts in 1815, a year before the COW state list).
ATOP_FIRST_YEAR = 1815


def read_atop(path: str | Path) -> pd.DataFrame:
    """Read and check the ATOP directed dyad-year file.

    One row per directed dyad-year with at least one alliance in force:
    ``ccode1, ccode2, year`` (COW codes; ATOP's ``stateA, stateB``) and the
    0/1 flags ``atop_defense, atop_offense, atop_neutral, atop_nonagg,
    atop_consul``. Every cell must be a whole number; flags 0 or 1; codes
    1-999; years from 1815 to the current year; no state allied with itself;
    one row per (ccode1, ccode2, year). Checks that need the state list
    (mirror rows, COW codes, years in the system) are made by the build.
    Returns the columns in that order, ``int16`` codes and years, ``int8``
    flags, rows in file order (row ``i`` is line ``i + 2``).

    Example:
        >>> from multivector.data.sources import read_atop
        >>> a = read_atop("../shared/data/atop-5.1/atop_alliance_dyad_year.csv.gz")  # doctest: +SKIP
        >>> a[(a.ccode1 == 2) & (a.ccode2 == 640) & (a.year == 2014)].atop_defense.item()  # doctest: +SKIP
        1
    """
    path = Path(path)
    what = f"ATOP alliances ({path.name})"
    df = read_text_table(path, ATOP_COLUMNS, what=what)
    this_year = _dt.date.today().year
    out = pd.DataFrame(index=df.index)
    for c in ("ccode1", "ccode2"):
        out[c] = numeric_column(df, c, what=what, integer=True, lo=1, hi=999).astype("int16")
    out["year"] = numeric_column(df, "year", what=what, integer=True, lo=ATOP_FIRST_YEAR, hi=this_year).astype("int16")
    for c in ATOP_FLAGS:
        out[c] = numeric_column(df, c, what=what, integer=True, lo=0, hi=1).astype("int8")
    self_dyad = out.ccode1 == out.ccode2
    if self_dyad.any():
        raise BuildError(f"{what}: {int(self_dyad.sum())} row(s) pair a state with itself "
                         f"(first: ccode {int(out.ccode1[self_dyad].iloc[0])} in line {first_line(self_dyad)})")
    require_unique(out, ["ccode1", "ccode2", "year"], what=what)
    return out.reset_index(drop=True)  # in file order: row i is line i + 2
