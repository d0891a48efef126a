"""Commands over the membership data: states, orgs, members, memberships, portfolio, cite, data."""

from __future__ import annotations

import json

import typer

from multivector.cli._app import app, data_app
from multivector.cli._output import VIEWS, ColumnsOpt, FormatOpt, OutputOpt, emit, resolve_format


def years_arg(start: int | None, end: int | None, year: int | None = None):
    """``--year`` or ``--from/--to`` as the library's years argument."""
    if year is not None:
        if start is not None or end is not None:
            from multivector._errors import InvalidYearError

            raise InvalidYearError("give either --year or --from/--to, not both", "year")
        return year
    if start is None and end is None:
        return None
    return (start, end)


def coverage(channel: str = "institutional", extended: bool = False) -> tuple[int, int]:
    """The years a command's data cover: IGO (or extended panel) years, or UN years for the diplomatic channel."""
    from multivector.data._store import get_store

    if channel == "diplomatic":
        return get_store().un_years
    if extended:
        from multivector.engine._extended import extended_cube

        cube = extended_cube()
        return int(cube.years[0]), int(cube.years[-1])
    return get_store().igo_years


def require_states(states, years, cover: tuple[int, int], channel: str = "institutional") -> None:
    """A question about a state outside its life in the state system (or, on the diplomatic channel, outside
    the UN) is an error, not an empty table.

    The engine's functions (portfolio, memberships, dyads, UN agreement, ...) raise this themselves; the
    analysis commands still call it after their library function, so that its own checks of the
    arguments (unknown names, years outside the data) come first.
    """
    if states is None:
        return
    from multivector.engine._resolve import require_in_system, resolve_states
    from multivector._years import parse_years

    codes, ys = resolve_states(states), parse_years(years, cover)
    require_in_system(codes, ys)
    if channel == "diplomatic":  # in the system but outside the UN (Taiwan after 1971): no votes, not an empty table
        from multivector.engine._unvotes import require_votes

        require_votes(codes, ys)


FromOpt = typer.Option(None, "--from", help="First year (inclusive).")
ToOpt = typer.Option(None, "--to", help="Last year (inclusive).")
YearOpt = typer.Option(None, "--year", "-y", help="A single year.")


@app.command("states")
def states_cmd(
    year: int = YearOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """List the states of the COW state system (in the system during --year, if given)."""
    from multivector import states

    emit(states(year), fmt, output, title=f"States{' in ' + str(year) if year else ''}", view=VIEWS["states"], columns=columns)


@app.command("orgs")
def orgs_cmd(
    search: str = typer.Argument(None, help="Words that must start words of the abbreviation or names."),
    year: int = YearOpt,
    kind: str = typer.Option(None, "--kind", help="Functional type: political, social or economic."),
    signature: bool = typer.Option(False, "--signature", help="Add each organization's signature (member pillars) and category in --year (default: the last year)."),
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """List organizations of the COW IGO data, optionally searched by name, year and type."""
    from multivector import organizations

    df = organizations(search, year, kind)
    if df.empty and search and search.strip():
        from multivector._errors import UnknownOrganizationError
        from multivector.engine._resolve import org_index

        idx = org_index()
        if not idx.search(search):  # nothing matches the words at all: say so, with the closest names
            raise UnknownOrganizationError(search, idx._suggest(search), "search")
    if signature:
        from multivector import organization_signatures
        from multivector.data._store import get_store

        sig = organization_signatures(year if year is not None else get_store().igo_years[1])
        df = df.merge(sig[["ioname", "signature", "category"]], on="ioname", how="inner")
    emit(df, fmt, output, title="Organizations", view=VIEWS["orgs"], columns=columns)


@app.command("members")
def members_cmd(
    org: str = typer.Argument(..., help="Organization: COW abbreviation (SCO) or words of its name."),
    year: int = YearOpt,
    start: int = FromOpt,
    end: int = ToOpt,
    status: str = typer.Option("full", "--status", help="Comma-separated statuses: full, associate, observer, none, missing, not_alive, or all."),
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """List the member states of an organization in a year or range of years."""
    from multivector import organization_members

    df = organization_members(org, years_arg(start, end, year), status=status)  # years outside its life: an error
    emit(df, fmt, output, title=f"Members of {org}", view=VIEWS["members"], columns=columns)


@app.command("memberships")
def memberships_cmd(
    state: str = typer.Argument(..., help="State: name, COW code or abbreviation, or ISO code."),
    start: int = FromOpt,
    end: int = ToOpt,
    year: int = YearOpt,
    status: str = typer.Option("full", "--status", help="Comma-separated statuses: full, associate, observer, none, missing, not_alive, or all."),
    extended: bool = typer.Option(False, "--extended", help="Use the provisional extended panel (default years 2015 to the last record year), with a provenance column."),
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """List the organizations a state belongs to, per year."""
    if extended:
        from multivector import extended_memberships
        from multivector.engine._extended import EXTENDED_NOTE

        years = years_arg(start, end, year)
        df = extended_memberships(state, years, status=status)
        emit(df, fmt, output, title=f"Memberships of {state} (extended panel)", footer=EXTENDED_NOTE, view=VIEWS["memberships"],
             columns=columns)
        return
    from multivector import state_memberships

    years = years_arg(start, end, year)
    df = state_memberships(state, years, status=status)
    emit(df, fmt, output, title=f"Memberships of {state}", view=VIEWS["memberships"], columns=columns)


@app.command("portfolio")
def portfolio_cmd(
    state: str = typer.Argument(..., help="State: name, COW code or abbreviation, or ISO code."),
    start: int = FromOpt,
    end: int = ToOpt,
    extended: bool = typer.Option(False, "--extended", help="Use the provisional extended panel (to the last record year; MULTIVECTOR_RECORDS adds your records)."),
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """Show a state's portfolio per year: counts by status and type, joins and exits."""
    from multivector import portfolio
    from multivector.engine._resolve import resolve_state, state_label

    df = portfolio(state, years_arg(start, end), extended=extended)
    footer = "Source: COW IGO v3 (Pevehouse et al. 2020). — = missing. Run 'multivector cite' for full citations."
    if extended:
        from multivector.engine._extended import EXTENDED_NOTE
        from multivector.engine._gaps import extended_note

        before = extended_note(state, (int(df.year.min()), int(df.year.max()))) if len(df) else ""
        footer = EXTENDED_NOTE + (" " + before if before else "") + " " + footer
    gaps = _gaps(state, df)
    if len(gaps):
        footer = _gap_note(gaps) + footer
        if resolve_format(fmt, output) == "table":  # files keep the library's columns unchanged
            counts = gaps.groupby("year").size()
            df = df.assign(gap=df.year.map(lambda y: int(counts.get(int(y), 0))))
    emit(df, fmt, output, title=f"Portfolio of {state_label(resolve_state(state))}", footer=footer,
         view=VIEWS["portfolio"], columns=columns)


def _gaps(state, df):
    """The state's full memberships lost to coding gaps in the portfolio's years (within the COW data)."""
    from multivector import coding_gaps

    if not len(df) or int(df.year.min()) > coverage()[1]:
        return df.iloc[0:0]
    return coding_gaps(state, (int(df.year.min()), min(int(df.year.max()), coverage()[1])))


def _gap_note(gaps) -> str:
    """A note naming the years where the source codes organizations missing for every state (not exits)."""
    parts = [f"{y}: {', '.join(g.ioname.str.upper())}" for y, g in gaps.groupby("year")]
    return ("Gap: full memberships of the year before in organizations the source codes missing (-9) for every "
            f"state that year ({'; '.join(parts)}), a gap in the data, not exits. ")


@app.command("cite")
def cite_cmd(
    sources: str = typer.Argument(None, help="Comma-separated sources: cow_igo, cow_states, unga, atop, unga_idealpoints, iigo, migo, records (default: all shipped)."),
    bibtex: bool = typer.Option(False, "--bibtex", help="Print BibTeX instead of plain text."),
):
    """Print citations for the data sources."""
    from multivector import cite

    typer.echo(cite(sources, format="bibtex" if bibtex else "text"), nl=False)


@data_app.command("build")
def data_build_cmd(
    source_dir: str = typer.Option("../shared/data", "--source-dir", help="Folder laid out like the published sources."),
    out_dir: str = typer.Option(None, "--out-dir", help="Where to write the built data (default: the package's data folder)."),
    cow_igo_state_year: str = typer.Option(None, "--cow-igo-state-year", help="Path of the COW IGO state-year CSV."),
    cow_igo_igo_year: str = typer.Option(None, "--cow-igo-igo-year", help="Path of the COW IGO IGO-year CSV."),
    cow_states: str = typer.Option(None, "--cow-states", help="Path of the COW states2016 CSV."),
    un_votes: str = typer.Option(None, "--un-votes", help="Path of the UN votes CSV."),
    un_roll_calls: str = typer.Option(None, "--un-roll-calls", help="Path of the UN roll calls CSV."),
    un_issues: str = typer.Option(None, "--un-issues", help="Path of the UN roll-call issues CSV."),
    atop: str = typer.Option(None, "--atop", help="Path of the ATOP 5.1 directed dyad-year CSV."),
    unga_idealpoints: str = typer.Option(None, "--unga-idealpoints", help="Path of the UN ideal points CSV (July 2025 release)."),
    iigo_organizations: str = typer.Option(None, "--iigo-organizations", help="Path of the IIGO 2.0 organizations CSV."),
    iigo_memberships: str = typer.Option(None, "--iigo-memberships", help="Path of the IIGO 2.0 memberships CSV."),
    migo_memberships: str = typer.Option(None, "--migo-memberships", help="Path of the MIGO state-year memberships CSV."),
):
    """Validate the published source files and write the compact Parquet data and manifest."""
    from rich.console import Console

    from multivector import build_data

    console = Console(stderr=True)
    with console.status("building") as status:
        manifest = build_data(
            source_dir, out_dir, progress=lambda s: status.update(s),
            cow_igo_state_year=cow_igo_state_year, cow_igo_igo_year=cow_igo_igo_year, cow_states=cow_states,
            un_votes=un_votes, un_roll_calls=un_roll_calls, un_issues=un_issues,
            atop=atop, unga_idealpoints=unga_idealpoints, iigo_organizations=iigo_organizations,
            iigo_memberships=iigo_memberships, migo_memberships=migo_memberships,
        )
    for name, t in manifest["tables"].items():
        typer.echo(f"{name:24s} {t['rows']:>10,d} rows  {t['bytes'] / 1e6:6.2f} MB")
    q = manifest["quality"]
    typer.echo(f"IGO files disagree in {q['differing_cells']:,d} of {q['shared_cells']:,d} shared cells (see 'multivector data info').")


@data_app.command("info")
def data_info_cmd(
    as_json: bool = typer.Option(False, "--json", help="Print the whole manifest as JSON."),
):
    """Describe the data in use: versions, coverage, row counts, data-quality summary, and every file checked
    against its checksum (exit 1 if one is missing or damaged)."""
    from multivector import data_info
    from multivector.data._cite import source_check_lines

    info = data_info()
    if as_json:
        typer.echo(json.dumps(info, indent=2))
        _fail_if_damaged(info)
        return
    typer.echo(f"Data folder: {info['data_dir']}  (built {info['built']})")
    for key, s in info["sources"].items():
        # the coverage without what the version already says ("sessions 1-74" was printed twice)
        parts = [p.strip() for p in str(s["coverage"]).split(", ")]
        coverage = ", ".join(p for p in parts if p and p not in str(s["version"]))
        typer.echo(f"- {s['name']} {s['version']}" + (f": {coverage}" if coverage else ""))
    c = info["coverage"]
    typer.echo(f"IGO years {c['igo_years'][0]}-{c['igo_years'][1]}; UN sessions {c['un_sessions'][0]}-{c['un_sessions'][1]} "
               f"({c['un_years'][0]}-{c['un_years'][1]}); {c['states']} states; {c['organizations']} organizations")
    for line in source_check_lines(info):
        typer.echo(line)
    typer.echo("Tables (each file checked against its size and sha256):")
    for name, t in info["tables"].items():
        f = info["files"][name]
        mark = "ok" if f["status"] == "ok" else f"{f['status'].upper()}: {f['detail']}"
        typer.echo(f"  {name:24s} {t['rows']:>10,d} rows  sha256 {t['sha256'][:16]}…  {mark}")
    typer.echo("Inputs:")
    for name, t in info["inputs"].items():
        typer.echo(f"  {t['file']:32s} {t.get('rows', 0):>10,d} rows  sha256 {t['sha256'][:16]}…")
    q = info["quality"]
    typer.echo(
        f"Data quality: the two COW IGO files share {q['shared_cells']:,d} cells; {q['differing_cells']:,d} differ "
        f"({q['differ_codes']:,d} with different codes, {q['not_alive_in_state_year']:,d} where the state-year file says the IGO "
        f"was not alive); {q['only_state_year']:,d} cells only in the state-year file, {q['only_igo_year']:,d} only in the IGO-year file. "
        "The state-year file is used; see docs/data.md."
    )
    _fail_if_damaged(info)


def _fail_if_damaged(info: dict) -> None:
    if info["damaged"]:
        from multivector import verify_data

        verify_data()  # raises the one-line DataError (exit 1) naming the files and the rebuild command


@data_app.command("verify")
def data_verify_cmd():
    """Check every data file against the manifest's size and sha256 (exit 1 naming any missing or damaged file)."""
    from multivector import data_info, verify_data

    verify_data()
    info = data_info()
    typer.echo(f"All {len(info['files'])} data files in {info['data_dir']} match their manifest checksums.")
