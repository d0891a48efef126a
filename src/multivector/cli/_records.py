"""Commands over the engagement records and the extended panel:
``records validate``, ``records list``, ``records coverage``, ``engagements``, ``activism``, ``what-if``.
"""

from __future__ import annotations

from contextlib import contextmanager

import typer

from multivector.cli._app import Group, app
from multivector.cli._output import VIEWS, ColumnsOpt, FormatOpt, OutputOpt, emit

records_app = typer.Typer(cls=Group, help="Validate and list the sourced engagement records (after 2014).", no_args_is_help=True)
app.add_typer(records_app, name="records")

RecordsOpt = typer.Option(None, "--records", help="Extra records file (CSV events or YAML organizations); repeat for several. Also MULTIVECTOR_RECORDS.")

RECORDS_FOOTER = ("Source: sourced engagement records (each row cites its own source; 'multivector records list' shows them). "
                  "Provisional: not published COW data.")


def _records_of(ccode: int, records) -> bool:
    """Whether the records (shipped, MULTIVECTOR_RECORDS, --records) have any event of the state."""
    from multivector import load_records

    return bool((load_records(records).ccode == ccode).any())


def _no_records_note(ccode: int) -> str:
    from multivector import load_records
    from multivector.engine._resolve import state_label

    n = load_records().ccode.nunique()
    return (f"No records for {state_label(ccode)}: the records cover {n} states ('multivector records list'); "
            "add your own with --records FILE.")


def _extended_footer() -> str:
    from multivector.engine._extended import EXTENDED_NOTE

    return EXTENDED_NOTE + " Sources: COW IGO v3 (Pevehouse et al. 2020) and the records; run 'multivector cite'."


@records_app.command("validate")
def records_validate_cmd(
    files: list[str] = typer.Argument(..., help="Records files to check: CSV events and/or YAML organizations."),
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """Check records files against the data and the shipped records; list every problem with file and line."""
    import pandas as pd

    from multivector import load_records, record_organizations, validate_records

    with _progress() as progress:
        problems = validate_records(files, progress=progress)
    if len(problems):
        for r in problems.itertuples():
            where = f"{r.file}" if pd.isna(r.line) else f"{r.file}:{r.line}"
            typer.echo(f"{where}: {r.message}", err=True)
        typer.echo(f"Error: {len(problems)} problem{'s' if len(problems) > 1 else ''} in the records.", err=True)
        raise typer.Exit(1)
    ev = load_records(files)
    from pathlib import Path

    own = ev[ev.file.map(lambda f: str(Path(f).resolve())).isin([str(Path(f).resolve()) for f in files])]
    n_orgs = len(record_organizations(files))
    from multivector.report._text import plural

    typer.echo(f"OK: {plural(len(own), 'event')} in {plural(len(files), 'file')} {'is' if len(own) == 1 else 'are'} valid "
               f"({plural(len(ev), 'event')} and {plural(n_orgs, 'organization')} with the shipped records).")


@contextmanager
def _progress():
    """A progress bar on stderr for reading and checking large records files (only on a terminal)."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("records", total=None)

        def update(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        yield update


@records_app.command("coverage")
def records_coverage_cmd(
    by: str = typer.Option("organization", "--by", help="'organization' (every organization the records touch after 2014) or 'state' (every state)."),
    year: int = typer.Option(None, "--year", "-y", help="Year whose memberships are counted (default: the last year of the records)."),
    records: list[str] = RecordsOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """How complete the records after 2014 are: per organization (complete through which year, joins and exits recorded) or per state (memberships known vs carried)."""
    from multivector import records_coverage

    df = records_coverage(by, year, records=records or None)
    y = df.attrs.get("year")
    if by == "organization":
        title = f"Records after 2014 by organization (members in {y})"
        foot = ("Complete: the last year in which every join, exit and status change of the organization is recorded "
                "(a state not listed is then known not to be a member); —: not declared complete, so after 2014 a 2014 "
                "status is carried forward (COW organizations) or a non-member is unknown. ")
    else:
        n0 = int((df.records == 0).sum())
        title = f"Records after 2014 by state (full memberships in {y})"
        foot = (f"{n0} of {len(df)} states have no record at all. Known: in organizations whose records are complete "
                f"in {y}; carried: 2014 statuses carried forward, or organizations with incomplete member lists. ")
    emit(df, fmt, output, title=title, footer=foot + RECORDS_FOOTER, view=_COVERAGE_VIEWS[by], columns=columns)


def _coverage_view_orgs(df):
    from multivector.cli._output import col

    return [col("org", "Org.", numeric=False), col("complete_through", "Complete"), col("members_2014", "Members 2014"),
            col("members", "Members"), col("joins", "Joins"), col("exits", "Exits"), col("status_changes", "Other"),
            col("engagements", "Engagements"), col("orgname", "Organization", numeric=False)]


def _coverage_view_states(df):
    from multivector.cli._output import col, percent

    return [col("ccode", "Code"), col("state", "State", numeric=False), col("records", "Records"),
            col("memberships", "Full"), col("memberships_known", "Known"), col("memberships_carried", "Carried"),
            percent("share_known", "Known share")]


_COVERAGE_VIEWS = {"organization": _coverage_view_orgs, "state": _coverage_view_states}


@records_app.command("list")
def records_list_cmd(
    state: str = typer.Option(None, "--state", "-s", help="Only this state (name, COW code or ISO code)."),
    org: str = typer.Option(None, "--org", help="Only this organization (record abbreviation or COW ioname)."),
    event: str = typer.Option(None, "--event", "-e", help="Only this event code, e.g. joined_full, chair, unsc_seat."),
    records: list[str] = RecordsOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """List the sourced records (events with date, confidence and source)."""
    from multivector.engine._records import list_records

    df = list_records(state=state, org=org, event=event, records=records or None)
    emit(df, fmt, output, title="Engagement records", footer=RECORDS_FOOTER, columns=columns, view=_list_view)


#: record event codes in plain words for the terminal
_EVENT_WORDS = {"founded_as_member": "founding member", "joined_full": "joined", "joined_associate": "associate member",
                "joined_observer": "observer", "left": "left", "expelled": "expelled", "suspended": "suspended",
                "reinstated": "reinstated", "partner": "partner status", "chair": "chair", "host": "host",
                "unsc_seat": "UN Security Council seat", "candidate_status": "candidate status", "bid": "bid"}


def _list_view(df):
    """Date, state, organization, what happened in words, and the source a reader can follow."""
    from multivector.cli._output import Col, col

    return [col("date", "Date", numeric=False), col("state", "State", numeric=False), col("org", "Org.", numeric=False),
            Col("Event", ("event",), lambda d: d["event"].map(lambda e: _EVENT_WORDS.get(str(e), str(e))), False),
            col("source_title", "Source", numeric=False)]


@app.command("engagements")
def engagements_cmd(
    state: str = typer.Argument(..., help="State: name, COW code or abbreviation, or ISO code."),
    records: list[str] = RecordsOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """Show a state's non-membership engagements (chairs, hosting, UN Security Council seats, candidacies) as a timeline."""
    from multivector import engagements
    from multivector.engine._resolve import resolve_state, state_label

    df = engagements(state, records=records or None)
    footer = RECORDS_FOOTER
    if df.empty and not _records_of(resolve_state(state), records or None):  # an empty timeline is no evidence of none
        footer = _no_records_note(resolve_state(state)) + " " + footer
    emit(df, fmt, output, title=f"Engagements of {state_label(resolve_state(state))}", footer=footer, columns=columns,
         view=VIEWS["engagements"])


@app.command("activism")
def activism_cmd(
    state: str = typer.Argument(..., help="State: name, COW code or abbreviation, or ISO code."),
    start: int = typer.Option(None, "--from", help="First year (inclusive)."),
    end: int = typer.Option(None, "--to", help="Last year (inclusive)."),
    records: list[str] = RecordsOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """Count a state's initiatives, chairs, hosting, bids and Security Council seats per year (kept apart from tilt, hedging and evenness)."""
    from multivector import activism
    from multivector.engine._resolve import resolve_state, state_label

    from multivector.data._store import get_store
    from multivector.cli._members import coverage, require_states

    years = None if start is None and end is None else (start, end)
    df = activism(state, years, records=records or None)
    require_states(state, years if years is not None else (get_store().igo_years[1] + 1, None), coverage(extended=True))
    emit(df, fmt, output, title=f"Activism of {state_label(resolve_state(state))}", footer=RECORDS_FOOTER, columns=columns)


@app.command("what-if")
def what_if_cmd(
    state: str = typer.Argument(..., help="State: name, COW code or abbreviation, or ISO code."),
    year: int = typer.Option(..., "--year", "-y", help="The year whose portfolio is changed."),
    join: list[str] = typer.Option(None, "--join", help="Organization the state joins as a full member (repeatable)."),
    leave: list[str] = typer.Option(None, "--leave", help="Organization the state leaves (repeatable)."),
    pillars: str = typer.Option(None, "--pillars", help="Pillar definitions (TOML file) instead of the defaults."),
    records: list[str] = RecordsOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """Recompute pillar shares, pillar evenness and the dominant pillar as if the state had joined or left organizations."""
    from multivector import scenario
    from multivector.engine._resolve import resolve_state, state_label

    res = scenario(state, year, join=join or [], leave=leave or [], pillars=pillars, records=records or None)
    title = f"What if {state_label(resolve_state(state))} in {year}"
    changes = "; ".join([f"joins {o}" for o in (join or [])] + [f"leaves {o}" for o in (leave or [])]) or "no change"
    footer = f"Scenario: {changes}. " + res.attrs.get("summary", "")
    if res.attrs.get("extended"):
        footer += " " + _extended_footer()
    from multivector.cli._output import resolve_format

    if resolve_format(fmt, output) == "table":  # the per-scenario columns are in the footer
        res = res[["pillar_name", "share_before", "share_after", "share_change"]]
    emit(res, fmt, output, title=title, footer=footer.strip(), columns=columns)
