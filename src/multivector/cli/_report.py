"""The ``report`` command: a country brief as HTML, PDF or Markdown."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from multivector.cli._app import app
from multivector.cli._members import FromOpt, ToOpt, years_arg

SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md", ".markdown": "md"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "brief"


@app.command("report")
def report_cmd(
    state: str = typer.Argument(..., help="State: name, COW code or abbreviation, or ISO code."),
    start: int = FromOpt,
    end: int = ToOpt,
    output: str = typer.Option(None, "--output", "-o", help="File to write (default: <state>.<format> in the current folder)."),
    fmt: str = typer.Option(None, "--format", "-f", help="html (self-contained, opens offline), pdf or md (Markdown with chart files beside it). Default: from --output's suffix, else html."),
    pdf: bool = typer.Option(False, "--pdf", help="Write a PDF (same as --format pdf)."),
    peers: str = typer.Option(None, "--peers", help="Comma-separated states to compare with (default: regional neighbours)."),
    chart_format: str = typer.Option("svg", "--chart-format", help="Chart files of a Markdown brief: svg or png."),
    extended: bool = typer.Option(False, "--extended", help="Use the provisional extended panel: years may run past 2014 to the last record year; the brief is marked provisional and lists sourced engagements (the UN section stays on published votes)."),
):
    """Write a country brief with charts: memberships, joins and exits, engagements, tilt and hedging, pillar evenness, UN agreement, peers."""
    from multivector._errors import InvalidArgumentError
    from multivector.engine._resolve import resolve_state, state_index
    from multivector.report import report

    if pdf:
        if fmt not in (None, "pdf"):
            raise InvalidArgumentError(f"--pdf conflicts with --format {fmt}", "format")
        fmt = "pdf"
    from multivector._files import check_output

    if output:
        check_output(output, "--output")  # the rule report() applies, worded with the option's name; a folder first
    if fmt is None and output:
        suffix = Path(output).suffix.lower()
        if suffix not in SUFFIXES:  # it was written silently as HTML
            raise InvalidArgumentError(f"--output: cannot tell the format of {output!r} from its suffix "
                                       f"{suffix or '(none)'!r}; valid suffixes: {', '.join(SUFFIXES)} (or give --format)",
                                       "output")
        fmt = SUFFIXES[suffix]
    if fmt is None:
        fmt = "html"
    fmt = fmt.lower()
    if output is None:
        ccode = resolve_state(state)
        name = state_index().label(ccode).split(" (")[0]
        output = f"{_slug(name)}.{fmt}"
    path = report(state, years_arg(start, end), format=fmt, peers=peers, output=output, chart_format=chart_format,
                  extended=extended)
    typer.echo(f"Wrote {path}")
