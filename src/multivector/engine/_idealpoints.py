"""UN General Assembly ideal points: the published series, one function.

``ideal_points(states, years, source="published")`` returns the estimates of
Bailey, Strezhnev and Voeten (2017) as the publisher distributes them
(July 2025 release, 1946-2024), with the publisher's column names.
Definitions: docs/methodology.md, "UN ideal points".
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from multivector._errors import InvalidArgumentError, InvalidYearError
from multivector._years import YearsArg, parse_years
from multivector.data._store import get_store

__all__ = ["SOURCES", "ideal_points"]

#: Where the figures come from; the message of a wrong ``source`` lists these.
SOURCES = {
    "published": "the publisher's estimates, Bailey, Strezhnev and Voeten, July 2025 release, 1946-2024",
}


def _source(source) -> str:
    key = str(source).strip().lower() if isinstance(source, str) else source
    if key not in SOURCES:
        valid = "; ".join(f"{k}: {v}" for k, v in SOURCES.items())
        raise InvalidArgumentError(f"source: unknown source {source!r}; valid: {valid}", "source")
    return key


def ideal_points(
    states: str | int | Iterable[str | int] | None = None,
    years: YearsArg = None,
    source: str = "published",
) -> pd.DataFrame:
    """UN General Assembly ideal points per state-year.

    ``source="published"`` returns the estimates of Bailey, Strezhnev and
    Voeten (2017), July 2025 release, as distributed: higher is closer to
    the United States-led liberal order. Three series sit side by side,
    each with its vote count and (for ``fp`` and ``all``) the posterior
    quantiles: ``idealpointfp`` (final-passage votes, 1946-2024),
    ``idealpointall`` (all votes, 1946-2023; missing in 2024) and
    ``idealpointlegacy`` (the older session-based estimates, year = session
    + 1945, 1946-2023). Missing stays missing (NaN), never 0.

    Parameters:
        states: one state, a list, or a comma-separated string of names, COW
            codes or ISO codes; default every state.
        years: a year, ``(start, end)``, ``"1991-2024"`` or a list; default
            all years of the source.
        source: ``"published"``.

    Returns:
        DataFrame sorted by ``ccode, year`` with the publisher's 24 columns:
        ``ccode, iso3c, countryname, year, idealpointfp, idealpointall,
        idealpointlegacy, nvotesfp, qofp ... q100fp, nvotesall, qoall ...
        q100all, nvotesLegacy`` (``qo`` is the publisher's name of the 0%
        quantile). ``attrs["sources"]`` names the source for :func:`cite`.

    Raises:
        UnknownStateError: a state that cannot be resolved (with suggestions).
        InvalidYearError: years outside 1946-2024, or a state given
            explicitly without an estimate in any of the years (the message
            says in which years it has one).
        InvalidArgumentError: an unknown ``source``.

    Example:
        >>> import multivector as mv
        >>> ip = mv.ideal_points("Kazakhstan, Russia", 2022)
        >>> ip[["countryname", "idealpointall"]].round(2).values.tolist()
        [['Russia', -1.41], ['Kazakhstan', -0.99]]
    """
    from multivector.data._cite import with_sources
    from multivector.engine._resolve import resolve_states

    src = _source(source)
    store = get_store()
    ys = parse_years(years, store.idealpoint_years, what="the published UN ideal points")
    chosen = resolve_states(states)
    table = store.table("ideal_points")
    keep = table["year"].isin(ys).to_numpy().copy()
    if chosen is not None:
        keep &= table["ccode"].isin(chosen).to_numpy()
    out = table[keep].sort_values(["ccode", "year"], kind="stable").reset_index(drop=True)
    if chosen is not None:
        _require_rows(table, out, chosen, ys)
    out.attrs["source"] = src
    return with_sources(out, "unga_idealpoints")


def _require_rows(table: pd.DataFrame, out: pd.DataFrame, chosen: list[int], ys: list[int]) -> None:
    """A state asked for by name with no estimate in the years is a question the data cannot answer."""
    from multivector.engine._resolve import state_label
    from multivector.engine._unvotes import _spans

    have = set(out["ccode"].astype(int))
    for c in chosen:
        if c in have:
            continue
        its = sorted(int(y) for y in table.loc[table["ccode"].to_numpy() == c, "year"])
        span = str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}-{ys[-1]}"
        when = f"it has estimates for {_spans(its)}" if its else "the publisher gives it no estimate in any year"
        raise InvalidYearError(f"years: {state_label(c)} has no published UN ideal point in {span} ({when})", "years")

