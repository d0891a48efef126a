"""Reader for the Bailey-Strezhnev-Voeten UN General Assembly ideal points (July 2025 release)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import numpy as np
import pandas as pd

from multivector._errors import BuildError
from multivector.data.sources._csv import first_line, numeric_column, read_text_table, require_unique

#: Posterior quantile suffixes as published: ``qo`` is the 0% quantile (letter o, not zero).
QUANTILES = ["qo", "q5", "q10", "q50", "q90", "q95", "q100"]

#: The publisher's columns, names and order unchanged.
IDEALPOINT_COLUMNS = [
    "ccode", "iso3c", "countryname", "year",
    "idealpointfp", "idealpointall", "idealpointlegacy",
    "nvotesfp", *[q + "fp" for q in QUANTILES],
    "nvotesall", *[q + "all" for q in QUANTILES],
    "nvotesLegacy",
]

#: Estimate families: each is a block (estimate, vote count, quantiles) that is wholly present or wholly empty.
FAMILIES = {
    "fp": ["idealpointfp", "nvotesfp", *[q + "fp" for q in QUANTILES]],
    "all": ["idealpointall", "nvotesall", *[q + "all" for q in QUANTILES]],
    "legacy": ["idealpointlegacy", "nvotesLegacy"],
}

#: First year of the UN (and of the estimates).
FIRST_YEAR = 1946


def read_idealpoints(path: str | Path) -> pd.DataFrame:
    """Read and check the UN ideal-point file: one row per state-year, publisher's columns unchanged.

    Checks: every publisher column present (a renamed column is named in
    the error); ``ccode`` and ``year`` whole numbers (years 1946 to the
    current year); every estimate, count and quantile numeric or empty;
    counts whole and positive; within each family (``fp``, ``all``,
    ``legacy``) the estimate, its vote count and its quantiles are all
    present or all empty; quantiles in order ``qo <= q5 <= q10 <= q50 <=
    q90 <= q95 <= q100`` and the estimate between ``qo`` and ``q100``; one
    row per (ccode, year). Empty cells stay missing (NaN), never 0: the
    2024 ``idealpointall`` is empty in this release.

    Returns the publisher's 24 columns in order: ``ccode``, ``year``
    (int16), ``iso3c``, ``countryname`` (string) and float64 for the rest
    (vote counts are whole numbers kept as floats so that missing stays
    missing), rows in file order (row ``i`` is line ``i + 2``).

    Example:
        >>> from multivector.data.sources import read_idealpoints
        >>> ip = read_idealpoints("../shared/data/unga-idealpoints/idealpoints_2025-07.csv.gz")  # doctest: +SKIP
        >>> round(ip[(ip.ccode == 2) & (ip.year == 2022)].idealpointall.item(), 2)  # doctest: +SKIP
        2.11
    """
    path = Path(path)
    what = f"UN ideal points ({path.name})"
    df = read_text_table(path, IDEALPOINT_COLUMNS, what=what)
    out = pd.DataFrame(index=df.index)
    out["ccode"] = numeric_column(df, "ccode", what=what, integer=True, lo=1, hi=999).astype("int16")
    for c in ("iso3c", "countryname"):
        s = df[c].astype("string").str.strip()
        out[c] = s.mask(s == "")
    out["year"] = numeric_column(df, "year", what=what, integer=True, lo=FIRST_YEAR,
                                 hi=_dt.date.today().year).astype("int16")
    for cols in FAMILIES.values():
        for c in cols:
            count = c.startswith("nvotes")
            out[c] = numeric_column(df, c, what=what, integer=count, empty_ok=True, lo=1 if count else None)
    for fam, cols in FAMILIES.items():
        present = out[cols].notna()
        partial = present.any(axis=1) & ~present.all(axis=1)
        if partial.any():
            row = present[partial].iloc[0]
            raise BuildError(f"{what}: the {fam!r} estimate is incomplete in {int(partial.sum())} row(s) "
                             f"(first in line {first_line(partial)}: {', '.join(row.index[~row])} empty); "
                             "the file may be damaged")
        if fam == "legacy":
            continue
        q = out[[s + fam for s in QUANTILES]].to_numpy()
        est = out["idealpoint" + fam].to_numpy()
        with np.errstate(invalid="ignore"):
            disorder = (np.diff(q, axis=1) < 0).any(axis=1)
            outside = (est < q[:, 0]) | (est > q[:, -1])
        for bad, msg in ((disorder, "quantiles out of order (qo <= q5 <= ... <= q100)"),
                         (outside, "estimate outside its posterior range qo-q100")):
            if bad.any():
                raise BuildError(f"{what}: {int(bad.sum())} row(s) with the {fam!r} {msg} "
                                 f"(first in line {first_line(bad)}); the file may be damaged")
    require_unique(out, ["ccode", "year"], what=what)
    out = out[IDEALPOINT_COLUMNS]
    return out.reset_index(drop=True)  # in file order: row i is line i + 2
