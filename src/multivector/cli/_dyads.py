"""Dyad commands: dyads (dyad-year panel), dyad (organization detail for a pair), un-agreement."""

from __future__ import annotations

from contextlib import contextmanager

import typer

from multivector.cli._app import app
from multivector.cli._members import FromOpt, ToOpt, YearOpt, coverage, years_arg
from multivector.cli._output import VIEWS, ColumnsOpt, FormatOpt, OutputOpt, emit, resolve_format

StatesOpt = typer.Option(None, "--states", "-s", help="Comma-separated states (names, COW codes or abbreviations, ISO codes). One state: that state with every other.")
PairsOpt = typer.Option("among", "--pairs", help="With --states: 'among' (both states listed) or 'any' (at least one listed).")
LabelsOpt = typer.Option(None, "--labels/--no-labels", help="Add COW abbreviations stateabb1/stateabb2 (default: in tables only).")


@contextmanager
def _progress(what: str):
    """A rich progress bar on stderr (only when stderr is a terminal); yields the library callback."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                  transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task(what, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _labels(labels: bool | None, fmt: str | None, output: str | None) -> bool:
    return labels if labels is not None else resolve_format(fmt, output) == "table"


@app.command("dyads")
def dyads_cmd(
    start: int = FromOpt,
    end: int = ToOpt,
    year: int = YearOpt,
    states: str = StatesOpt,
    pairs: str = PairsOpt,
    directed: bool = typer.Option(False, "--directed", help="Both orders of every pair (default: ccode1 < ccode2)."),
    joint: str = typer.Option("published", "--joint", help="Joint-membership rule: 'published' (full or associate; reproduces the COW dyadic file) or 'full' (full members only, the codebook's wording)."),
    measures: str = typer.Option(None, "--measures", "-m", help="Comma-separated column groups: joint, types, table, s, kappa, pi, jaccard, rules (both joint rules side by side), or all. Default: all but rules."),
    labels: bool = LabelsOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """Dyad-year panel: joint IGO memberships, counts by type, 2x2 table, S, kappa, pi and Jaccard for every pair of states in the system."""
    from multivector import dyads
    from multivector.engine._dyads import DEFAULT_MEASURES

    with _progress("dyad-years") as progress:
        df = dyads(years_arg(start, end, year), states, directed=directed, joint=joint,
                   measures=measures if measures else DEFAULT_MEASURES, pairs=pairs,
                   labels=_labels(labels, fmt, output), progress=progress)
    emit(df, fmt, output, title=f"Dyad-years ({df.attrs.get('joint_rule', joint)} joint rule)", view=VIEWS["dyads"],
         footer=f"{len(df):,d} dyad-years. Source: COW IGO v3 (Pevehouse et al. 2020), COW state system v2016. "
                "— = undefined/missing. See docs/methodology.md; 'multivector cite' for citations.", columns=columns)


@app.command("dyad")
def dyad_cmd(
    state_a: str = typer.Argument(..., help="First state (or several, comma-separated)."),
    state_b: str = typer.Argument(..., help="Second state (or several, comma-separated)."),
    year: int = YearOpt,
    start: int = FromOpt,
    end: int = ToOpt,
    orgs: str = typer.Option(None, "--orgs", help="Comma-separated organizations (COW abbreviations or names)."),
    status: str = typer.Option(None, "--status", help="Keep rows with these dyad statuses: joint, not_joint, missing, not_alive (comma-separated)."),
    joint: str = typer.Option("published", "--joint", help="Joint-membership rule: 'published' (full or associate) or 'full'."),
    include_not_alive: bool = typer.Option(False, "--include-not-alive", help="Also list organizations that did not exist that year."),
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """Organization-by-organization detail for a pair of states: joint, not joint, missing (default year: the last of the data, 2014)."""
    from multivector import dyad_members
    from multivector.data._store import get_store

    years = years_arg(start, end, year)
    if years is None:
        years = get_store().igo_years[1]
    if orgs and not include_not_alive:  # before the library, which words the same error for Python users
        from multivector.engine._resolve import require_org_in_years, resolve_organization
        from multivector._years import parse_years

        for o in [p.strip() for p in orgs.split(",") if p.strip()]:
            require_org_in_years(resolve_organization(o), parse_years(years, coverage()), "orgs",
                                 "; add --include-not-alive to list it anyway")
    df = dyad_members(state_a, state_b, years, orgs, joint=joint, include_not_alive=include_not_alive, status=status)
    emit(df, fmt, output, title=f"{state_a} and {state_b}: organizations",
         footer="dyad_status: not_alive if either state is coded -1, else missing if either is -9, else joint/not_joint. "
                "Source: COW IGO v3 (Pevehouse et al. 2020).", columns=columns)


@app.command("un-agreement")
def un_agreement_cmd(
    start: int = FromOpt,
    end: int = ToOpt,
    year: int = YearOpt,
    sessions: str = typer.Option(None, "--sessions", help="UN sessions instead of years (e.g. 47-74; session = year - 1945)."),
    states: str = StatesOpt,
    pairs: str = PairsOpt,
    issues: str = typer.Option(None, "--issues", help="Comma-separated topics: me, nu, di, co, hr, ec (or their names)."),
    important_only: bool = typer.Option(False, "--important-only", help="Only roll calls flagged as important votes."),
    keep_unanimous: bool = typer.Option(False, "--keep-unanimous", help="Keep roll calls on which every voting state voted alike (left out by default)."),
    labels: bool = LabelsOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """UN General Assembly voting agreement per dyad-session (agree, S, kappa, pi, n_votes)."""
    from multivector import un_agreement

    with _progress("sessions") as progress:
        df = un_agreement(years_arg(start, end, year), sessions, states, issues=issues, important_only=important_only,
                          drop_unanimous=not keep_unanimous, pairs=pairs, labels=_labels(labels, fmt, output),
                          progress=progress)
    emit(df, fmt, output, title="UN General Assembly agreement", view=VIEWS["un-agreement"],
         footer=f"{len(df):,d} dyad-sessions. agree: 1 same vote, 0.5 one abstained, 0 yes vs no, over roll calls both voted"
                f"{'' if keep_unanimous else ' (unanimous roll calls left out)'}. Source: Voeten, Strezhnev and Bailey, UNGA voting data.", columns=columns)
