"""The ``ideal-points`` command: UN General Assembly ideal points, estimated or as published."""

from __future__ import annotations

import pandas as pd
import typer

from multivector.cli._app import app
from multivector.cli._members import FromOpt, ToOpt, YearOpt, years_arg
from multivector.cli._output import Col, ColumnsOpt, FormatOpt, OutputOpt, col, emit, interval


def _state_name(df):
    """The state's COW name, from its code (the estimates carry codes only)."""
    from multivector.engine._resolve import state_index

    names = state_index().info["statenme"]
    return df["ccode"].map(lambda c: str(names.get(int(c), c)))


#: The terminal table's columns (files get every column).
ESTIMATE_VIEW = lambda df: [col("year", "Year"), Col("State", ("ccode",), _state_name, False),  # noqa: E731
                            interval("ideal_point", "ideal_point_lo", "ideal_point_hi", "Ideal point [95%]", digits=3),
                            col("n_votes", "Votes")]
PUBLISHED_VIEW = lambda df: [col("year", "Year"), col("countryname", "State", numeric=False),  # noqa: E731
                             col("idealpointfp", "Final passage", 3), col("idealpointall", "All votes", 3),
                             col("idealpointlegacy", "Legacy", 3),
                             Col("Votes (all)", ("nvotesall",), lambda df: df["nvotesall"].map(
                                 lambda v: "—" if pd.isna(v) else f"{int(v)}"))]


@app.command("ideal-points")
def ideal_points_cmd(
    states: str = typer.Argument(None, help="States, comma-separated (names, COW codes or abbreviations, ISO codes); default every state."),
    start: int = FromOpt,
    end: int = ToOpt,
    year: int = YearOpt,
    source: str = typer.Option("estimate", "--source", help="estimate (fitted here on the UN roll calls) or published (Bailey, Strezhnev and Voeten, July 2025)."),
    issues: str = typer.Option(None, "--issues", help="Fit on roll calls of these topics only: me, nu, di, co, hr, ec (or their names), comma-separated."),
    important_only: bool = typer.Option(False, "--important-only", help="Fit on the US State Department's important votes only (1983-2017)."),
    votes: str = typer.Option(None, "--votes", help="A UN Digital Library voting CSV (.csv or .csv.gz) to merge with the shipped votes (e.g. sessions after 2019)."),
    fit_years: str = typer.Option(None, "--fit-years", help="Fit on the sessions of these years only, e.g. 1992-2019 (default all)."),
    among: str = typer.Option(None, "--among", help="Fit on the votes of these states only, comma-separated (at least 3)."),
    level: float = typer.Option(0.95, "--level", help="Coverage of the interval ideal_point_lo..ideal_point_hi."),
    conflicts: str = typer.Option(None, "--conflicts", help="With --votes: write the votes on which the file and the shipped data disagree to this CSV."),
    columns: str = ColumnsOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
):
    """UN General Assembly ideal points per state-year: a dynamic ordinal model fitted on the roll calls in seconds, by topic or on your own roll calls, or the publisher's estimates."""
    from multivector import ideal_points
    from multivector._files import atomic_path, check_output

    target = check_output(conflicts, "conflicts") if conflicts else None  # before the fit: seconds
    df = ideal_points(states, years_arg(start, end, year), source=source, issues=issues, important_only=important_only,
                      votes=votes, fit_years=fit_years, among=among, level=level)
    rep = df.attrs.get("votes_merge")
    if rep is not None:
        typer.echo(merge_summary(rep), err=True)
        if target is not None:
            with atomic_path(target) as tmp:  # the whole file or none
                rep["conflict_list"].to_csv(tmp, index=False)
    if df.attrs.get("source") == "published":
        emit(df, fmt, output, title="UN ideal points (published)", view=PUBLISHED_VIEW, columns=columns,
             footer=f"{len(df):,d} state-years. Source: Bailey, Strezhnev and Voeten (2017), July 2025 release; "
                    "legacy: year = session + 1945; — = missing.")
        return
    m = df.attrs.get("model", {})
    fit = (f"fit on {m.get('roll_calls', 0):,d} roll calls ({m.get('bridges', 0):,d} repeated titles bridge sessions), "
           f"{m.get('iterations')} EM iterations")
    emit(df, fmt, output, title="UN ideal points (estimated)", view=ESTIMATE_VIEW, columns=columns,
         footer=f"{len(df):,d} state-years; {fit}. Higher = closer to the United States; interval: {level:.0%} "
                "posterior, given the roll calls' parameters (docs/methodology.md). year = session + 1945. "
                "Source: Voeten, Strezhnev and Bailey, UNGA voting data.")


def merge_summary(rep: dict) -> str:
    """One line on how a votes file was merged with the shipped votes."""
    return (f"{rep['file']}: {rep['roll_calls']:,d} roll calls ({rep['matched']:,d} already in the shipped data, "
            f"{rep['new']:,d} new, {rep['ambiguous']:,d} left out as ambiguous); {rep['duplicates']:,d} duplicate votes "
            f"kept once; {rep['conflicts']:,d} conflicting votes (the shipped vote kept); {rep['added_votes']:,d} votes added; "
            f"{rep['not_voting']:,d} rows not voting (X).")
