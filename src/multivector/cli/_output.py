"""Formatting of DataFrames for the terminal and for files, shared by every command."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pandas as pd
import typer

from multivector._errors import InvalidArgumentError, MissingExtraError

FORMATS = ("table", "csv", "json", "parquet", "dta")
SUFFIX = {".csv": "csv", ".json": "json", ".parquet": "parquet", ".pq": "parquet", ".dta": "dta", ".txt": "table"}

FormatOpt = typer.Option(None, "--format", "-f", help="Output format: table, csv, json, parquet or dta (default: from --output's suffix, else table).")
#: Rows drawn in a terminal table (rich draws about 250 rows a second); files and other formats get all rows.
TABLE_MAX_ROWS = 1000

OutputOpt = typer.Option(None, "--output", "-o", help="Write to this file instead of the terminal.")


def resolve_format(fmt: str | None, output: str | None) -> str:
    """Pick the output format from ``--format`` or the output file's suffix."""
    if fmt is None:
        fmt = SUFFIX.get(Path(output).suffix.lower(), "table") if output else "table"
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise InvalidArgumentError(f"--format: unknown format {fmt!r}; valid: {', '.join(FORMATS)}", "format")
    if fmt in ("parquet", "dta") and not output:
        raise InvalidArgumentError(f"--format {fmt} writes a binary file: give --output FILE", "output")
    return fmt


def _for_stata(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        s = out[c]
        if isinstance(s.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(s) or s.dtype == object:
            out[c] = s.astype(object).where(s.notna(), "").astype(str)
        elif pd.api.types.is_bool_dtype(s):
            out[c] = s.astype("float").astype("Int8") if s.isna().any() else s.astype("int8")
        elif pd.api.types.is_extension_array_dtype(s):
            out[c] = s.astype("float64")
    out.columns = [c[:32] for c in out.columns]
    return out


def emit(df: pd.DataFrame, fmt: str | None = None, output: str | None = None, *, title: str | None = None,
         footer: str | None = None, float_digits: int = 3) -> None:
    """Print or write a DataFrame in the chosen format.

    Missing values print as empty cells in CSV, ``null`` in JSON and ``—``
    in tables; they are never turned into 0.
    """
    fmt = resolve_format(fmt, output)
    if output:
        folder = Path(output).parent
        if not folder.is_dir():
            raise InvalidArgumentError(f"--output: cannot write {output!r}: folder {str(folder)!r} does not exist", "output")
    try:
        _emit(df, fmt, output, title=title, footer=footer, float_digits=float_digits)
    except OSError as exc:
        raise InvalidArgumentError(f"--output: cannot write {output!r}: {exc.strerror or exc}", "output") from exc


def _emit(df: pd.DataFrame, fmt: str, output: str | None, *, title, footer, float_digits) -> None:
    if fmt == "table":
        if not output and len(df) > TABLE_MAX_ROWS:  # a terminal table of a whole panel would take hours to draw
            note = (f"Showing the first {TABLE_MAX_ROWS:,d} of {len(df):,d} rows; use --format csv or --output FILE "
                    "for all of them.")
            df, footer = df.head(TABLE_MAX_ROWS), f"{note} {footer}" if footer else note
        text = _table(df, title=title, footer=footer, float_digits=float_digits, to_file=bool(output))
        if output:
            Path(output).write_text(text)
        else:
            sys.stdout.write(text)
        return
    if fmt == "csv":
        text = df.to_csv(index=False, lineterminator="\n")
        _write_text(text, output)
    elif fmt == "json":
        text = df.to_json(orient="records", date_format="iso", force_ascii=False, indent=None)
        _write_text(json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n", output)
    elif fmt == "parquet":
        df.to_parquet(output, index=False)
    elif fmt == "dta":
        try:
            import pyreadstat
        except ImportError as exc:
            raise MissingExtraError("pyreadstat", "stata") from exc
        pyreadstat.write_dta(_for_stata(df), output)
    if output and footer:
        typer.echo(footer, err=True)


def _write_text(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text)
    else:
        sys.stdout.write(text)


def _table(df: pd.DataFrame, *, title, footer, float_digits, to_file) -> str:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=title, show_lines=False, header_style="bold")
    for c in df.columns:
        numeric = pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])
        t.add_column(str(c), justify="right" if numeric else "left", overflow="fold")
    for row in df.itertuples(index=False):
        cells = []
        for v in row:
            if v is None or (not isinstance(v, (list, tuple, dict, str)) and pd.isna(v)):
                cells.append("—")
            elif isinstance(v, float):
                cells.append(f"{v:.{float_digits}f}")
            else:
                cells.append(str(v))
        t.add_row(*cells)
    buf = io.StringIO()
    if sys.stdout.isatty() and not to_file:
        width = None  # the terminal's width; rich wraps cells to fit
    else:  # files and pipes get the table's natural width, so nothing wraps
        probe = Console(file=io.StringIO(), width=100_000, color_system=None)
        width = max(80, probe.measure(t).maximum)
    console = Console(file=buf, width=width, force_terminal=False, color_system=None, highlight=False)
    console.print(t)
    if footer:
        console.print(footer)
    return buf.getvalue()
