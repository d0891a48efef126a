"""Formatting of DataFrames for the terminal and for files, shared by every command.

Tables for people, frames for programs: on the terminal a command shows
the few columns a person reads (its *view*: e.g. ``year``, the measure with
its interval as ``0.890 [0.76-0.95]``, the dominant pillar, the shares),
as many as fit the terminal's width, then one line naming the rest and how
to get them (``--columns all``, or a file format). CSV, JSON, Parquet and
Stata files always carry every column, unchanged.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import typer

from multivector._errors import InvalidArgumentError, MissingExtraError

FORMATS = ("table", "csv", "json", "parquet", "dta")
SUFFIX = {".csv": "csv", ".json": "json", ".parquet": "parquet", ".pq": "parquet", ".dta": "dta", ".txt": "table"}
#: Machine formats: every column, every row.
MACHINE = "csv|json|parquet|dta"

FormatOpt = typer.Option(None, "--format", "-f", help="Output format: table, csv, json, parquet or dta (default: from --output's suffix, else table).")
#: Rows drawn in a terminal table (rich draws about 250 rows a second); files and other formats get all rows.
TABLE_MAX_ROWS = 1000

OutputOpt = typer.Option(None, "--output", "-o", help="Write to this file instead of the terminal (.csv, .json, .parquet, .dta or .txt).")
ColumnsOpt = typer.Option(None, "--columns", help="Terminal table: 'all' for every column, or comma-separated column names (default: the command's main columns that fit).")


def resolve_format(fmt: str | None, output: str | None) -> str:
    """Pick the output format from ``--format`` or the output file's suffix.

    An output file whose suffix names no format is an error listing the
    valid suffixes (it was silently written as a text table).

    Example:
        >>> resolve_format(None, "k.parquet"), resolve_format("CSV", None)
        ('parquet', 'csv')
    """
    if fmt is None and output:
        suffix = Path(output).suffix.lower()
        if suffix not in SUFFIX:
            raise InvalidArgumentError(
                f"--output: cannot tell the format of {output!r} from its suffix {suffix or '(none)'!r}; "
                f"valid suffixes: {', '.join(SUFFIX)} (or give --format)", "output")
        fmt = SUFFIX[suffix]
    fmt = (fmt or "table").lower()
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


# --------------------------------------------------------------------------- views: the columns a person reads


@dataclass(frozen=True)
class Col:
    """One column of a terminal view: a header, the source columns it shows, and how to render them."""

    header: str
    uses: tuple[str, ...]
    render: Callable[[pd.DataFrame], pd.Series]
    numeric: bool = True


def _fmt_num(v, digits: int) -> str:
    if v is None or pd.isna(v):
        return "—"
    if isinstance(v, (int,)) or (hasattr(v, "is_integer") and float(v).is_integer() and digits == 0):
        return f"{int(v)}"
    return f"{float(v):.{digits}f}"


def col(name: str, header: str | None = None, digits: int | None = None, *, numeric: bool | None = None,
        labels: bool = False) -> Col:
    """A source column as it is (numbers with ``digits`` decimals; ``labels``: library codes as plain words).

    Example:
        >>> col("year").render(pd.DataFrame({"year": [2014]})).tolist()
        ['2014']
    """
    def render(df: pd.DataFrame) -> pd.Series:
        s = df[name]
        if labels:
            from multivector.charts._palette import label

            return s.map(lambda v: "—" if v is None or (not isinstance(v, str) and pd.isna(v)) else label(v))
        if pd.api.types.is_float_dtype(s) and digits != 0:
            return s.map(lambda v: _fmt_num(v, 3 if digits is None else digits))
        return s.map(lambda v: "—" if v is None or (not isinstance(v, (str, list, tuple)) and pd.isna(v)) else str(v))
    is_num = numeric if numeric is not None else not labels
    return Col(header or name, (name,), render, is_num)


def interval(name: str, lo: str, hi: str, header: str | None = None, digits: int = 3) -> Col:
    """A value with its interval in one cell: ``0.890 [0.76-0.95]`` (the bounds with one digit less);
    a negative bound is written with "to" so that no minus sign reads as a dash.

    Example:
        >>> d = pd.DataFrame({"e": [0.8901, -0.66], "lo": [0.7612, -0.71], "hi": [0.9534, -0.59]})
        >>> interval("e", "lo", "hi").render(d).tolist()
        ['0.890 [0.76-0.95]', '-0.660 [-0.71 to -0.59]']
    """
    def render(df: pd.DataFrame) -> pd.Series:
        out = []
        for v, a, b in zip(df[name], df[lo] if lo in df else [None] * len(df), df[hi] if hi in df else [None] * len(df)):
            if v is None or pd.isna(v):
                out.append("—")
            elif a is None or b is None or pd.isna(a) or pd.isna(b):
                out.append(_fmt_num(v, digits))
            else:
                sep = " to " if min(a, b) < 0 else "-"
                out.append(f"{_fmt_num(v, digits)} [{_fmt_num(a, digits - 1)}{sep}{_fmt_num(b, digits - 1)}]")
        return pd.Series(out, index=df.index)
    return Col(header or name, (name, lo, hi), render)


def percent(name: str, header: str | None = None) -> Col:
    """A share in [0, 1] as a whole percentage (``0.4278`` -> ``43%``).

    Example:
        >>> percent("s").render(pd.DataFrame({"s": [0.4278, None]})).tolist()
        ['43%', '—']
    """
    def render(df: pd.DataFrame) -> pd.Series:
        return df[name].map(lambda v: "—" if v is None or pd.isna(v) else f"{100 * float(v):.0f}%")
    return Col(header or name, (name,), render)


def shares(df: pd.DataFrame, prefix: str = "share_") -> list[Col]:
    """One percentage column per pillar share (``share_russia`` -> ``Russia``).

    Example:
        >>> [c.header for c in shares(pd.DataFrame(columns=["share_russia", "share_usa", "year"]))]
        ['Russia', 'US']
    """
    from multivector.charts._palette import label

    short = {"United States": "US", "European Union": "EU"}
    out = []
    for c in df.columns:
        if str(c).startswith(prefix):
            name = label(c[len(prefix):])
            out.append(percent(c, short.get(name, name)))
    return out


View = Callable[[pd.DataFrame], Sequence[Col]]


def _display(df: pd.DataFrame, cols: Sequence[Col]) -> pd.DataFrame:
    return pd.DataFrame({c.header: c.render(df).astype(str).to_numpy() for c in cols}, index=range(len(df)))


def _text_width(series: pd.Series, header: str) -> int:
    return max([len(header), *series.map(len).tolist()]) if len(series) else len(header)


def table_width() -> int | None:
    """Width a terminal table must fit: the terminal's, or ``COLUMNS``; None when writing a file or a pipe without it."""
    if sys.stdout.isatty() or os.environ.get("COLUMNS"):
        return shutil.get_terminal_size((100, 24)).columns
    return None


def fit(df: pd.DataFrame, view: View | None, columns: str | None, width: int | None) -> tuple[pd.DataFrame, list[str], set]:
    """The frame a terminal shows: the command's view (or ``--columns``), cut to ``width``.

    Returns the display frame (strings), the source columns left out, and
    the headers of numeric columns (right-aligned).

    Example:
        >>> d = pd.DataFrame({"year": [2014], "full": [55], "a_long_column_name": [1]})
        >>> shown, rest, _ = fit(d, lambda f: [col("year"), col("full")], None, 80)
        >>> list(shown.columns), rest
        (['year', 'full'], ['a_long_column_name'])
    """
    if columns is not None and columns.strip().lower() != "all":
        names = [c.strip() for c in columns.split(",") if c.strip()]
        unknown = [c for c in names if c not in df.columns]
        if unknown or not names:
            raise InvalidArgumentError(
                f"--columns: unknown column {unknown[0] if unknown else columns!r}; valid: all, {', '.join(map(str, df.columns))}",
                "columns")
        cols = [col(c) for c in names]
    elif columns is not None or view is None:
        cols = [col(c) for c in df.columns]
    else:
        cols = [c for c in view(df) if all(u in df.columns for u in c.uses)]
    cut = columns is None  # an explicit --columns is shown whole (the terminal wraps it)
    shown, used, total, short = [], set(), 1, {}
    for c in cols:
        cells = c.render(df.head(TABLE_MAX_ROWS))
        w = _text_width(cells.astype(str), c.header) + 3
        if cut and width is not None and shown and total + w > width:
            room = width - total - 3
            if c.numeric or room < max(12, len(c.header)):
                break
            short[c.header] = room  # a long text column (an organization's name) is shortened to fit, with "…"
            w = room + 3
        shown.append(c)
        used.update(c.uses)
        total += w
    rest = [str(c) for c in df.columns if c not in used]
    out = _display(df, shown)
    for h, n in short.items():
        out[h] = out[h].map(lambda v, n=n: v if len(v) <= n else v[:n - 1] + "…")
    return out, rest, {c.header for c in shown if c.numeric}


def _rest_line(rest: list[str], output: str | None) -> str:
    if not rest:
        return ""
    names = ", ".join(rest[:6]) + (", ..." if len(rest) > 6 else "")
    where = "" if output else " --columns all shows them;"
    return f"{len(rest)} more column{'s' if len(rest) != 1 else ''} ({names}):{where} --format {MACHINE} writes every column."


def emit(df: pd.DataFrame, fmt: str | None = None, output: str | None = None, *, title: str | None = None,
         footer: str | None = None, float_digits: int = 3, view: View | None = None,
         columns: str | None = None) -> None:
    """Print or write a DataFrame in the chosen format.

    Missing values print as empty cells in CSV, ``null`` in JSON and ``—``
    in tables; they are never turned into 0. A terminal table shows the
    command's ``view`` (its few human columns) cut to the terminal's width,
    or ``columns`` (``--columns``: ``all`` or names); the other formats
    always get every column.
    """
    if not output:
        _emit(df, resolve_format(fmt, output), None, title=title, footer=footer, float_digits=float_digits, view=view,
              columns=columns)
        return
    from multivector._files import atomic_path, check_output

    path = check_output(output, "--output")  # the library's one rule for output paths (report() follows it too)
    fmt = resolve_format(fmt, output)
    try:
        with atomic_path(path) as tmp, _writing(path, len(df)) as progress:  # whole file or none, even on Ctrl-C
            _emit(df, fmt, str(tmp), title=title, footer=footer, float_digits=float_digits, view=view, columns=columns,
                  progress=progress)
    except OSError as exc:
        raise InvalidArgumentError(f"--output: cannot write {output!r}: {exc.strerror or exc}", "output") from exc


#: Rows above which writing a file shows its own progress bar (a CSV of 2 million dyad-years takes seconds).
PROGRESS_ROWS = 200_000
#: Rows per CSV chunk when writing with progress.
CHUNK_ROWS = 100_000


class _writing:
    """A progress bar on stderr while a large file is written (terminal only): the computation's bar
    used to finish long before the file was complete."""

    def __init__(self, path: Path, rows: int):
        self.path, self.rows = path, rows

    def __enter__(self):
        from rich.console import Console

        console = Console(stderr=True)
        if self.rows < PROGRESS_ROWS or not console.is_terminal:
            self.bar = None
            return lambda done: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn(f"writing {self.path.name}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("rows"), TimeElapsedColumn(), console=console, transient=True)
        self.bar.__enter__()
        task = self.bar.add_task("write", total=self.rows)
        return lambda done: self.bar.update(task, completed=done)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _emit(df: pd.DataFrame, fmt: str, output: str | None, *, title, footer, float_digits, view=None, columns=None,
          progress=None) -> None:
    if fmt == "table":
        width = None if output else table_width()
        shown, rest, numeric = fit(df, view, columns, width)
        more = _rest_line(rest, output)
        if more:
            footer = f"{more} {footer}" if footer else more
        df = shown
        if not output and len(df) > TABLE_MAX_ROWS:  # a terminal table of a whole panel would take hours to draw
            note = (f"Showing the first {TABLE_MAX_ROWS:,d} of {len(df):,d} rows; use --format csv or --output FILE "
                    "for all of them.")
            df, footer = df.head(TABLE_MAX_ROWS), f"{note} {footer}" if footer else note
        text = _table(df, title=title, footer=footer, float_digits=float_digits, to_file=bool(output), numeric=numeric,
                      width=width)
        if output:
            Path(output).write_text(text)
        else:
            sys.stdout.write(text)
        return
    if fmt == "csv":
        if output and progress is not None and len(df) >= PROGRESS_ROWS:
            with open(output, "w", encoding="utf-8", newline="") as f:
                for start in range(0, len(df), CHUNK_ROWS):
                    df.iloc[start:start + CHUNK_ROWS].to_csv(f, index=False, header=start == 0, lineterminator="\n")
                    progress(min(start + CHUNK_ROWS, len(df)))
        else:
            _write_text(df.to_csv(index=False, lineterminator="\n"), output)
    elif fmt == "json":
        text = df.to_json(orient="records", date_format="iso", force_ascii=False, indent=None)
        _write_text(json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n", output)
    elif fmt == "parquet":
        if output and progress is not None and len(df) >= PROGRESS_ROWS:
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(df, preserve_index=False)
            with pq.ParquetWriter(output, table.schema) as w:
                for start in range(0, len(df), CHUNK_ROWS):
                    w.write_table(table.slice(start, CHUNK_ROWS))
                    progress(min(start + CHUNK_ROWS, len(df)))
        else:
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


def _table(df: pd.DataFrame, *, title, footer, float_digits, to_file, numeric=None, width=None) -> str:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=title, show_lines=False, header_style="bold")
    for c in df.columns:
        is_num = (c in numeric) if numeric is not None else (
            pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]))
        t.add_column(str(c), justify="right" if is_num else "left", overflow="fold")
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
    natural = width is None
    if natural:  # files and pipes get the table's natural width, so nothing wraps
        probe = Console(file=io.StringIO(), width=100_000, color_system=None)
        width = max(80, probe.measure(t).maximum)
    console = Console(file=buf, width=width, force_terminal=False, color_system=None, highlight=False)
    console.print(t)
    if footer:
        console.print(footer, soft_wrap=natural)  # a pipe or file gets the note on one line
    return buf.getvalue()


# --------------------------------------------------------------------------- each command's human columns


def abbrev(name: str = "ioname", header: str = "Abb.") -> Col:
    """An organization's COW abbreviation as it is written (upper case: ``sco`` -> ``SCO``).

    Example:
        >>> abbrev().render(pd.DataFrame({"ioname": ["sco"]})).tolist()
        ['SCO']
    """
    return Col(header, (name,), lambda df: df[name].astype(str).str.upper(), False)


def pillar_list(name: str = "signature", header: str = "Pillars") -> Col:
    """A signature of pillar keys as names (``china+turkey`` -> ``China, Turkey``; empty -> ``none``).

    Example:
        >>> pillar_list().render(pd.DataFrame({"signature": ["china+turkey", ""]})).tolist()
        ['China, Turkey', 'none']
    """
    from multivector.charts._palette import label

    def render(df):
        return df[name].map(lambda v: "—" if v is None or (not isinstance(v, str) and pd.isna(v))
                            else (", ".join(label(k) for k in str(v).split("+")) if str(v) else "none"))
    return Col(header, (name,), render, False)


def _state(df: pd.DataFrame) -> list[Col]:
    return [col("statenme", "State", numeric=False)] if "statenme" in df else [col("stateabb", "State", numeric=False)]


def _evenness_cols(df: pd.DataFrame) -> list[Col]:
    return [interval("evenness", "evenness_lo", "evenness_hi", "Evenness [95%]"),
            interval("chance_mean", "chance_lo", "chance_hi", "Chance [95%]"),
            col("versus_chance", "Against chance", numeric=False),
            col("dominant", "Dominant", labels=True), *shares(df)]


def _summary_cols(df: pd.DataFrame) -> list[Col]:
    return [col("tilt_mean", "Tilt", 2), col("hedging_mean", "Hedging", 2), col("evenness_mean", "Evenness", 3),
            col("dominant", "Dominant", labels=True)]


def _rank_view(df: pd.DataFrame) -> list[Col]:
    """Rank, state, the ranked value under its measure's name, then the summary columns that are not the same figure."""
    measure = df.attrs.get("measure", "value")
    cols = [col("rank", "Rank"), *_state(df), col("value", str(measure).replace("_", " ").capitalize(), 3)]
    for c in (col("full_last", "Full (last)"), col("joins_per_year", "Joins/yr", 2), col("tilt_mean", "Tilt", 2),
              col("hedging_mean", "Hedging", 2), col("evenness_mean", "Evenness", 3), col("dominant", "Dominant", labels=True)):
        src = c.uses[0]
        if (src in df and "value" in df and pd.api.types.is_numeric_dtype(df[src]) and pd.api.types.is_numeric_dtype(df["value"])
                and df[src].astype("float64").round(9).equals(df["value"].astype("float64").round(9))):
            continue  # the ranked measure itself: shown once
        cols.append(c)
    return cols


VIEWS: dict[str, View] = {
    "portfolio": lambda df: [col("year", "Year"), col("full", "Full"), col("associate", "Assoc."), col("observer", "Obs."),
                             col("missing", "Missing"), col("joins", "Joined"), col("exits", "Left"),
                             col("dissolved", "Dissolved"), col("gap", "Gap"), col("provenance", "Source", numeric=False)],
    "evenness": lambda df: [col("ccode", "COW"), col("year", "Year"), *_evenness_cols(df), col("n", "Orgs")],
    "tilt": lambda df: [col("ccode", "COW"), col("year", "Year"), col("channel", "Channel", numeric=False),
                        interval("tilt", "tilt_lo", "tilt_hi", "Tilt [95%]"), col("n", "Units"),
                        col("provisional", "Provisional", numeric=False)],
    "hedging": lambda df: [col("ccode", "COW"), col("year", "Year"), interval("hedging", "hedging_lo", "hedging_hi", "Hedging [95%]"),
                           col("commitment", "Commitment", 2), col("commitment_via", "Via", numeric=False),
                           interval("diplomatic_tilt", "diplomatic_tilt_lo", "diplomatic_tilt_hi", "UN tilt [95%]"),
                           col("engagement_balance", "Engagement", 2), col("tilt", "Tilt", 2)],
    "alliances": lambda df: [col("ccode", "COW"), col("year", "Year"),
                             *[c for k in df.attrs.get("pole_keys", ("west", "east"))
                               for c in (col(f"treaty_{k}", f"Treaty {k}", 2), col(f"commitment_{k}", f"Commitment {k}", 2),
                                         col(f"via_{k}", "Via", numeric=False))]],
    "periods": lambda df: [col("period", "Period", numeric=False), interval("mean", "mean_lo", "mean_hi", "Mean [95%]"),
                           interval("diff_prev", "diff_prev_lo", "diff_prev_hi", "Change [95%]"),
                           col("dominant", "Dominant", labels=True), *shares(df)],
    "compare": lambda df: [*_state(df), col("full_last", "Full (last)"), col("joins_per_year", "Joins/yr", 2),
                           col("initiatives", "Own init."), *_summary_cols(df)],
    "rank": lambda df: _rank_view(df),
    "members": lambda df: [col("year", "Year"), col("statenme", "State", numeric=False), col("stateabb", "Abb.", numeric=False),
                           col("ccode", "COW"), col("status_label", "Status", labels=True)],
    "memberships": lambda df: [col("year", "Year"), abbrev(), col("status_label", "Status", labels=True),
                               col("provenance", "Source", numeric=False), col("orgname", "Organization", numeric=False)],
    "orgs": lambda df: [abbrev(), col("first_year", "From"), col("last_year", "To"),
                        col("category", "Category", labels=True), col("longorgname", "Organization", numeric=False)],
    "states": lambda df: [col("ccode", "COW"), col("stateabb", "Abb.", numeric=False), col("statenme", "State", numeric=False),
                          col("iso3", "ISO3", numeric=False), col("first_year", "From"), col("last_year", "To")],
    "signatures": lambda df: [abbrev(), col("category", "Category", labels=True),
                              col("n_full", "Members"), pillar_list(),
                              col("orgname", "Organization", numeric=False)],
    "dyads": lambda df: [col("year", "Year"), col("stateabb1", "State 1", numeric=False), col("stateabb2", "State 2", numeric=False),
                         col("joint", "Joint"), col("s", "S", 3), col("kappa", "Kappa", 3), col("jaccard", "Jaccard", 3)],
    "un-agreement": lambda df: [col("year", "Year"), col("stateabb1", "State 1", numeric=False),
                                col("stateabb2", "State 2", numeric=False), col("agree", "Agree", 3),
                                col("n_votes", "Roll calls"), col("kappa", "Kappa", 3)],
    "engagements": lambda df: [col("year_from", "From"), col("year_to", "To"), col("org", "Org.", numeric=False),
                               col("event", "Engagement", numeric=False), col("source_title", "Source", numeric=False)],
    "alignment": lambda df: [col("year", "Year"), col("pillar", "Pillar", labels=True), percent("share", "Share"),
                             col("weight", "Weight", 2), col("kappa", "Kappa", 3), col("n_orgs", "Orgs")],
}
