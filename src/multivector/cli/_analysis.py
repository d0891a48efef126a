"""Multi-vector analysis commands: periods, compare, rank, pillars, signatures, alignment, trajectories."""

from __future__ import annotations

import typer

from multivector.cli._app import app
from multivector.cli._members import FromOpt, ToOpt, YearOpt, coverage, require_states, years_arg
from multivector.cli._output import VIEWS, ColumnsOpt, FormatOpt, OutputOpt, emit

PillarsOpt = typer.Option(None, "--pillars", "-p", help="Pillars: a TOML file like the shipped pillars.toml, or default keys such as 'russia,china,usa+eu,turkey' (+ merges).")
RuleOpt = typer.Option("majority", "--rule", help="A group pillar's membership in an organization: majority, any or all.")
ChannelOpt = typer.Option("institutional", "--channel", "-c", help="institutional (IGO memberships, 1816-2014) or diplomatic (UN votes, 1946-2019).")
MethodOpt = typer.Option(None, "--method", "-m", help="institutional: signature (default) or kappa; diplomatic: agree (default) or kappa.")
ExtendedOpt = typer.Option(False, "--extended", help="Use the provisional extended panel (COW data carried past 2014 and updated by sourced records).")
OwnOpt = typer.Option(True, "--exclude-own/--include-own", help="Leave out the pillars the state belongs to (default) or keep them.")

FOOTER = ("Evenness = normalised Shannon entropy of the pillar shares (1 even, 0 one pillar); tilt: -1 East .. +1 West; "
          "hedging: 0 committed or on one side .. 1 engages both poles, committed to neither; intervals: Poisson bootstrap. "
          "See docs/methodology.md. — = missing.")
MeasureOpt = typer.Option("evenness", "--measure", help="evenness (pillar evenness), tilt or hedging.")
SeedOpt = typer.Option(None, "--seed", help="Seed of the bootstrap (default: the package's one seed, the same on every face).")
BootstrapOpt = typer.Option(1000, "--bootstrap", "-b", help="Bootstrap replicates (0: no intervals).")


def seed_note(df) -> str:
    """The footer sentence naming the seed and replicates a result was computed with (from its attrs)."""
    seed, reps = df.attrs.get("seed"), df.attrs.get("bootstrap")
    if not reps:
        return "No bootstrap intervals."
    return f"Bootstrap: {reps:,d} replicates, seed {seed} (pass --seed to change it)."


def window(df) -> str:
    """The years a comparison or ranking covers ("1991-2014"), named in its title and footer: own initiatives
    and joins are counted over them (the brief's 13 initiatives of 1991-2014 and a ranking's 11 of 1992-2014
    were both right, but neither said so)."""
    if df is None or df.empty or "first_year" not in df or df.first_year.isna().all():
        return "the years asked for"
    a, b = int(df.first_year.min()), int(df.last_year.max())
    return str(a) if a == b else f"{a}-{b}"


def _require_group_rows(df, group, years, cover) -> None:
    """Named states outside their life are an error (as in every command); so is a peer group none of whose
    states was in the system in the years (an empty table would say nothing)."""
    from multivector._errors import InvalidYearError, MultivectorError
    from multivector.engine._resolve import resolve_states
    from multivector._years import parse_years

    try:
        named = resolve_states(group)
    except MultivectorError:
        named = None  # a peer group's name
    if named is not None:
        require_states(named, years, cover)
    elif df.empty:
        ys = parse_years(years, cover)
        span = str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}-{ys[-1]}"
        raise InvalidYearError(f"years: no state of the group {group!r} was in the state system in {span}", "years")


@app.command("periods")
def periods_cmd(
    state: str = typer.Argument(..., help="State: name, COW code or abbreviation, or ISO code."),
    periods: str = typer.Option(None, "--periods", help="Periods like '1992-2000,2001-2011,2012-' (default)."),
    measure: str = MeasureOpt,
    channel: str = typer.Option(None, "--channel", "-c", help="evenness: institutional (default) or diplomatic; tilt: combined (default) or a channel."),
    method: str = MethodOpt,
    pillars: str = PillarsOpt,
    rule: str = RuleOpt,
    bootstrap: int = BootstrapOpt,
    seed: int = SeedOpt,
    extended: bool = ExtendedOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """The mean of a measure (evenness, tilt or hedging) for a state per period, with intervals for each mean and the change."""
    from multivector import period_summary
    from multivector.engine._resolve import resolve_state, state_label

    df = period_summary(state, periods, channel=channel, pillars=pillars, bootstrap=bootstrap, seed=seed, method=method,
                        rule=rule, extended=extended, measure=measure)
    emit(df, fmt, output, title=f"{measure.capitalize()} by period: {state_label(resolve_state(state))} ({df.attrs['channel']})",
         footer=f"{FOOTER} {seed_note(df)}", view=VIEWS["periods"], columns=columns)


@app.command("compare")
def compare_cmd(
    states: list[str] = typer.Argument(..., help="States (names, codes) or one peer group name (post-soviet, central-asia, ...)."),
    start: int = FromOpt,
    end: int = ToOpt,
    channel: str = ChannelOpt,
    pillars: str = PillarsOpt,
    rule: str = RuleOpt,
    extended: bool = ExtendedOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """Compare states side by side: portfolio size, joins per year, own initiatives, tilt, hedging, evenness and pillar shares."""
    from multivector import compare

    arg = states[0] if len(states) == 1 else states
    df = compare(arg, years_arg(start, end), pillars=pillars, channel=channel, rule=rule, extended=extended)
    _require_group_rows(df, arg, years_arg(start, end), coverage(channel, extended))
    emit(df, fmt, output, title=f"Comparison, {window(df)}",
         footer=f"Own initiatives: organizations founded in {window(df)} that the state belonged to in their first year. "
                "Joins per year count years with a previous year in the system. " + FOOTER + _provisional(extended),
         view=VIEWS["compare"], columns=columns)


@app.command("rank")
def rank_cmd(
    group: str = typer.Option("post-soviet", "--group", "-g", help="Peer group: post-soviet, central-asia, south-caucasus, eu-members, all, or comma-separated states."),
    measure: str = typer.Option("joins", "--measure", help="joins, joins_total, initiatives, portfolio, portfolio_last, evenness, dominant_share, tilt, hedging or share_<pillar>."),
    start: int = FromOpt,
    end: int = ToOpt,
    channel: str = ChannelOpt,
    pillars: str = PillarsOpt,
    rule: str = RuleOpt,
    extended: bool = ExtendedOpt,
    ascending: bool = typer.Option(False, "--ascending", help="Rank 1 for the lowest value (e.g. the smallest Russia share)."),
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """Rank the states of a peer group by a measure (1 = highest)."""
    from multivector import rank

    df = rank(group, measure, years_arg(start, end), pillars=pillars, channel=channel, rule=rule, extended=extended,
              ascending=ascending)
    _require_group_rows(df, group, years_arg(start, end), coverage(channel, extended))
    df.attrs["measure"] = measure  # the ranked value's header in the terminal table
    emit(df, fmt, output, title=f"{group}: ranked by {measure}, {window(df)}",
         footer=f"Own initiatives: organizations founded in {window(df)} that the state belonged to in their first year. "
                + FOOTER + _provisional(extended), view=VIEWS["rank"], columns=columns)


def _provisional(extended: bool) -> str:
    """The extended panel's note for a footer (compare and rank said nothing when --extended was given)."""
    if not extended:
        return ""
    from multivector.engine._extended import EXTENDED_NOTE

    return " " + EXTENDED_NOTE


@app.command("pillars")
def pillars_cmd(
    year: int = YearOpt,
    pillars: str = PillarsOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """Show the pillar definitions (and, with --year, their member states that year)."""
    from multivector import pillar_table

    emit(pillar_table(pillars, year), fmt, output, title="Pillars", columns=columns)


@app.command("signatures")
def signatures_cmd(
    year: int = typer.Option(..., "--year", "-y", help="The year."),
    pillars: str = PillarsOpt,
    rule: str = RuleOpt,
    category: str = typer.Option(None, "--category", help="Only this category (comma-separated for several): western, russia-centred, china-centred, russia+china, bridging, universal, pillar-free, other."),
    extended: bool = ExtendedOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """List every organization alive in a year with its signature (member pillars) and category."""
    from multivector import organization_signatures

    emit(organization_signatures(year, pillars=pillars, rule=rule, extended=extended, category=category), fmt, output,
         title=f"Organization signatures, {year}", view=VIEWS["signatures"],
         footer="Categories: western, russia-centred, china-centred, russia+china, bridging, universal, pillar-free, other. — = unknown.", columns=columns)


@app.command("change-points")
def change_points_cmd(
    state: str = typer.Argument(..., help="State: name, COW code or abbreviation, or ISO code."),
    start: int = FromOpt,
    end: int = ToOpt,
    measure: str = MeasureOpt,
    channel: str = typer.Option(None, "--channel", "-c", help="evenness: institutional (default) or diplomatic; tilt: combined (default) or a channel."),
    pillars: str = PillarsOpt,
    max_changes: int = typer.Option(2, "--max-changes", help="Most breaks to report."),
    min_size: int = typer.Option(3, "--min-size", help="Fewest years per segment."),
    permutations: int = typer.Option(999, "--permutations", help="Permutations for the p-values (0: none)."),
    seed: int = typer.Option(None, "--seed", help="Seed of the permutations (default: the package's one seed)."),
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """Segments of a state's series (evenness, tilt or hedging) with different means (least-squares binary segmentation, BIC)."""
    from multivector import change_points
    from multivector.engine._resolve import resolve_state, state_label

    df = change_points(state, max_changes, min_size, permutations, seed, years=years_arg(start, end), channel=channel, pillars=pillars,
                       measure=measure)
    emit(df, fmt, output, title=f"Change points in the {measure} of {state_label(resolve_state(state))}",
         footer="break_p: permutation p-value of the break that starts the segment (optimistic: years are not independent)"
                + (f"; {df.attrs['permutations']:,d} permutations, seed {df.attrs['seed']}." if df.attrs.get("permutations") else "."),
         columns=columns)


@app.command("mean-reversion")
def mean_reversion_cmd(
    state: str = typer.Argument(..., help="State: name, COW code or abbreviation, or ISO code."),
    start: int = FromOpt,
    end: int = ToOpt,
    measure: str = MeasureOpt,
    channel: str = typer.Option(None, "--channel", "-c", help="evenness: institutional (default) or diplomatic; tilt: combined (default) or a channel."),
    pillars: str = PillarsOpt,
    level: float = typer.Option(0.95, "--level", help="Confidence level."),
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """AR(1) fit of a state's series (evenness, tilt or hedging): persistence, interval and half-life of a deviation."""
    from multivector import mean_reversion
    from multivector.engine._resolve import resolve_state, state_label

    df = mean_reversion(state, level, years=years_arg(start, end), channel=channel, pillars=pillars, measure=measure)
    emit(df, fmt, output, title=f"Mean reversion of the {measure} of {state_label(resolve_state(state))}", columns=columns)


@app.command("alignment")
def alignment_cmd(
    state: str = typer.Argument(..., help="State(s): name, COW code or ISO code; several comma-separated."),
    start: int = FromOpt,
    end: int = ToOpt,
    year: int = YearOpt,
    channel: str = ChannelOpt,
    pillars: str = PillarsOpt,
    rule: str = RuleOpt,
    exclude_own: bool = OwnOpt,
    extended: bool = ExtendedOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """Alignment with each pillar per year: signature weights and kappa (institutional) or UN agreement and kappa (diplomatic)."""
    from multivector import alignment

    years = years_arg(start, end, year)
    df = alignment(state, years, channel=channel, pillars=pillars, rule=rule, exclude_own=exclude_own, extended=extended)
    emit(df, fmt, output, title=f"Alignment of {state} ({channel})", view=VIEWS["alignment"], columns=columns)


@app.command("engagements-by-category")
def engagements_by_category_cmd(
    state: str = typer.Argument(..., help="State(s): name, COW code or ISO code; several comma-separated."),
    start: int = FromOpt,
    end: int = ToOpt,
    pillars: str = PillarsOpt,
    rule: str = RuleOpt,
    extended: bool = ExtendedOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """A state's full memberships per year split by organization category, with its own initiatives."""
    from multivector import engagements_by_category

    df = engagements_by_category(state, years_arg(start, end), pillars=pillars, rule=rule, extended=extended)
    emit(df, fmt, output, title=f"Engagements of {state} by organization category", columns=columns)


@app.command("own-initiatives")
def own_initiatives_cmd(
    state: str = typer.Argument(..., help="State: name, COW code or abbreviation, or ISO code."),
    pillars: str = PillarsOpt,
    rule: str = RuleOpt,
    extended: bool = ExtendedOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """Organizations a state helped found: full member in their first year, founded after it entered the state system."""
    from multivector import own_initiatives
    from multivector.engine._resolve import resolve_state, state_label

    emit(own_initiatives(state, pillars=pillars, rule=rule, extended=extended), fmt, output,
         title=f"Own initiatives of {state_label(resolve_state(state))}",
         footer="A proxy: founding memberships; the data cannot tell the initiator among the founders (n_founders).", columns=columns)
