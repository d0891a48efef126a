"""The ``panel`` command: a state-year or dyad-year panel with measures added, to a file."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import typer

from multivector.cli._app import app
from multivector.cli._members import FromOpt, ToOpt, YearOpt, years_arg
from multivector.cli._output import ColumnsOpt, FormatOpt, emit, resolve_format


def _read_frame(path: str):
    """A user's frame from CSV, Parquet or Stata; unreadable files are a one-line error."""
    from multivector._errors import InvalidArgumentError

    p = Path(path)
    if not p.is_file():
        raise InvalidArgumentError(f"--input: no such file {path!r}", "input")
    suffix = p.suffix.lower()
    try:
        if suffix == ".csv":
            return pd.read_csv(p, keep_default_na=False, na_values=[""])  # Namibia's ISO2 code is the string "NA"
        if suffix in (".parquet", ".pq"):
            return pd.read_parquet(p)
        if suffix == ".dta":
            return pd.read_stata(p, convert_categoricals=False)
    except Exception as exc:  # noqa: BLE001 - pandas/pyarrow raise many types for a damaged file
        raise InvalidArgumentError(f"--input: cannot read {path!r} as {suffix[1:]} ({exc.__class__.__name__}: "
                                   f"{str(exc).splitlines()[0][:120] if str(exc) else 'damaged file'})", "input") from None
    raise InvalidArgumentError(f"--input: unknown file type {suffix or '(none)'!r}; valid: .csv, .parquet, .dta", "input")


def _view(df):
    """The terminal view: the keys, then the added columns (or the user's columns), by their own names."""
    from multivector.cli._output import col

    keys = [c for c in ("ccode", "ccode1", "ccode2", "year", "session") if c in df.columns]
    rest = [c for c in df.columns if c not in keys and c not in ("stateabb", "statenme")]
    return [col(c, c, 3 if pd.api.types.is_float_dtype(df[c]) else None,
                numeric=pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]))
            for c in keys + rest]


@app.command("panel")
def panel_cmd(
    unit: str = typer.Option("state-year", "--unit", "-u", help="state-year or dyad-year."),
    start: int = FromOpt,
    end: int = ToOpt,
    year: int = YearOpt,
    add: str = typer.Option(None, "--add", "-a", help="Measures to add, comma-separated: igos, igo-similarity, un-agreement, alliances, ideal-points, tilt, hedging, evenness, pillar-alignment (state-years: igos, ideal-points, tilt, hedging, evenness, pillar-alignment)."),
    directed: bool = typer.Option(False, "--directed", help="Dyad-years in both orders (default: ccode1 < ccode2)."),
    joint: str = typer.Option("published", "--joint", help="Joint IGO memberships on dyad-years: published (full or associate: dyadigos), full (dyadigos_full) or both."),
    lag: int = typer.Option(0, "--lag", help="Lag every added measure by this many years (1: the year before; columns get _lag1)."),
    tilt_channel: str = typer.Option("combined", "--tilt-channel", help="tilt: combined (tilt), security, diplomatic, institutional, several (comma-separated) or all."),
    pillar_channel: str = typer.Option("institutional", "--pillar-channel", help="evenness and pillar-alignment: institutional (IGO memberships) or diplomatic (UN votes; columns un_...)."),
    poles: str = typer.Option(None, "--poles", help="tilt and hedging: the two poles, e.g. usa+eu,russia+china (the default) or usa,china, or a TOML file."),
    pillars: str = typer.Option(None, "--pillars", help="evenness and pillar-alignment: pillar keys (russia,china,usa+eu) or a TOML file."),
    bootstrap: int = typer.Option(0, "--bootstrap", "-b", help="tilt, hedging, evenness: bootstrap replicates for _lo/_hi intervals (default 0: point estimates)."),
    seed: int = typer.Option(None, "--seed", help="Seed of the bootstrap and chance draws (default: the package seed)."),
    chance: int = typer.Option(0, "--chance", help="evenness: random portfolios behind the chance band (default 0: no band)."),
    components: bool = typer.Option(False, "--components", help="hedging: add its factors (commitment, diplomatic tilt, engagement balance)."),
    input: str = typer.Option(None, "--input", "-i", help="Add to your own panel (CSV, Parquet or Stata) instead of building one; states as COW codes, ISO codes or names."),
    keys: str = typer.Option(None, "--keys", help="With --input: the key columns when not ccode[1,2] and year, e.g. iso3c,year."),
    codebook: str = typer.Option(None, "--codebook", help="Also write the codebook (label, definition, source, citation of every column) to this CSV file."),
    fmt: str = FormatOpt,
    output: str = typer.Option(None, "--output", "-o", help="Write to this file: .dta (Stata, with variable labels), .parquet, .csv, .json."),
    columns: str = ColumnsOpt,
):
    """A state-year or dyad-year panel with IGO counts, alliances, UN agreement, tilt, hedging ... added, for Stata, R or Python."""
    from multivector import codebook as make_codebook
    from multivector import panel, write_panel

    fmt = resolve_format(fmt, output)
    frame = _read_frame(input) if input else None
    if input and (start is not None or end is not None or year is not None):
        from multivector._errors import InvalidArgumentError

        raise InvalidArgumentError("give either --input (your own rows) or --from/--to/--year, not both", "input")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = panel(unit, years_arg(start, end, year) if frame is None else None, add, directed=directed,
                   joint=joint, lag=lag, frame=frame, keys=keys, tilt_channel=tilt_channel,
                   pillar_channel=pillar_channel, poles=poles, pillars=pillars, bootstrap=bootstrap, seed=seed,
                   chance=chance, components=components)
    notes = [str(w.message) for w in caught if w.category.__name__ == "UnmatchedKeysWarning"]
    for note in notes:
        typer.echo(f"Note: {note.replace('; see mv.merge_report(df).', '.')}", err=True)
    if codebook:
        write_panel(make_codebook(df), codebook, "csv")
    unit_name = df.attrs.get("panel_unit", "panel")
    footer = (f"{len(df):,d} {unit_name}s, {len(df.columns)} columns. Sources: "
              + ", ".join(df.attrs.get("sources", [])) + ". 'multivector cite' for citations; --codebook FILE "
              "for every column's definition. — = missing (never 0).")
    if output and fmt in ("dta", "parquet", "csv"):
        write_panel(df, output, fmt)  # Stata files get the codebook's variable labels
        typer.echo(footer, err=True)
        return
    emit(df, fmt, output, title=f"{unit_name.capitalize()} panel", footer=footer, view=_view, columns=columns)
