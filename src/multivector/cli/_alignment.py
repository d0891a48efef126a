"""Alignment commands: tilt, hedging, alliances, evenness, validate."""

from __future__ import annotations

import typer

from multivector.cli._analysis import (
    BootstrapOpt, ChannelOpt, ExtendedOpt, MethodOpt, OwnOpt, PillarsOpt, RuleOpt, SeedOpt, seed_note,
)
from multivector.cli._app import app
from multivector.cli._members import FromOpt, ToOpt, YearOpt, years_arg
from multivector.cli._output import VIEWS, ColumnsOpt, FormatOpt, OutputOpt, emit

PolesOpt = typer.Option(None, "--poles", help="The two poles: pillar keys, poles separated by a comma, pillars of a pole "
                                              "joined by + (default usa+eu,russia+china: West vs East).")
LevelOpt = typer.Option(0.95, "--level", help="Confidence level of the intervals.")
IdealOpt = typer.Option("fp", "--ideal-point", help="UN ideal-point series: fp (final-passage votes, to 2024), all (to 2023) or legacy.")
TiltChannelOpt = typer.Option("combined", "--channel", "-c",
                              help="combined (default), security, diplomatic, institutional, or all (one row per channel).")
AlignExtendedOpt = typer.Option(False, "--extended", help="Use the provisional extended panel after 2014 (institutional) and "
                                                          "carry ATOP's 2018 ties forward (security, to 2025).")

TILT_FOOTER = ("Tilt: -1 wholly with the second pole (East), +1 wholly with the first (West), 0 where the average state "
               "stands; combined = mean of the channels with data. See docs/methodology.md, 'Tilt'.")
HEDGING_FOOTER = ("Hedging = (1 - commitment) x (1 - |diplomatic tilt|) x engagement balance: 0 committed to a pole or "
                  "clearly on one side, 1 engages both poles and is committed to neither. See docs/methodology.md, 'Hedging'.")


def _years(start, end, year):
    return years_arg(start, end, year)


@app.command("tilt")
def tilt_cmd(
    states: str = typer.Argument(None, help="State(s): name, COW code or ISO code; several comma-separated (default: every state)."),
    start: int = FromOpt,
    end: int = ToOpt,
    year: int = YearOpt,
    channel: str = TiltChannelOpt,
    poles: str = PolesOpt,
    bootstrap: int = BootstrapOpt,
    seed: int = SeedOpt,
    level: float = LevelOpt,
    ideal_point: str = IdealOpt,
    extended: bool = AlignExtendedOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """A state's signed position between two poles per year (security, diplomatic, institutional, combined), with intervals."""
    from multivector import tilt

    ys = _years(start, end, year)
    df = tilt(states, ys, channel=channel, poles=poles, bootstrap=bootstrap, seed=seed, level=level, extended=extended,
              ideal_point=ideal_point)
    emit(df, fmt, output, title=f"Tilt between the poles: {df.attrs['poles']}", footer=f"{TILT_FOOTER} {seed_note(df)}",
         view=VIEWS["tilt"], columns=columns)


@app.command("hedging")
def hedging_cmd(
    states: str = typer.Argument(None, help="State(s): name, COW code or ISO code; several comma-separated (default: every state)."),
    start: int = FromOpt,
    end: int = ToOpt,
    year: int = YearOpt,
    poles: str = PolesOpt,
    bootstrap: int = BootstrapOpt,
    seed: int = SeedOpt,
    level: float = LevelOpt,
    ideal_point: str = IdealOpt,
    extended: bool = AlignExtendedOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """Hedging per state-year (engaging both poles while committed to neither) with its components and intervals."""
    from multivector import hedging

    ys = _years(start, end, year)
    df = hedging(states, ys, poles=poles, bootstrap=bootstrap, seed=seed, level=level, extended=extended, ideal_point=ideal_point)
    emit(df, fmt, output, title=f"Hedging between the poles: {df.attrs['poles']}", footer=f"{HEDGING_FOOTER} {seed_note(df)}",
         view=VIEWS["hedging"], columns=columns)


@app.command("alliances")
def alliances_cmd(
    states: str = typer.Argument(None, help="State(s): name, COW code or ISO code; several comma-separated (default: every state)."),
    start: int = FromOpt,
    end: int = ToOpt,
    year: int = YearOpt,
    poles: str = PolesOpt,
    extended: bool = typer.Option(False, "--extended", help="Carry ATOP's 2018 ties forward to 2025 (provisional)."),
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """ATOP alliance obligations with the poles' states and the security commitment to each pole."""
    from multivector import alliances

    ys = _years(start, end, year)
    df = alliances(states, ys, poles=poles, extended=extended)
    emit(df, fmt, output, title=f"Alliances with the poles: {df.attrs['poles']}",
         footer="Shares of each pillar's states with an obligation (either direction). A commitment counts a bilateral treaty "
                "or one between members of an alliance organization (NATO, CSTO, ...); 1 for members of the pole.",
         view=VIEWS["alliances"], columns=columns)


@app.command("evenness")
def evenness_cmd(
    states: str = typer.Argument(..., help="State(s): name, COW code or ISO code; several comma-separated."),
    start: int = FromOpt,
    end: int = ToOpt,
    year: int = YearOpt,
    channel: str = ChannelOpt,
    method: str = MethodOpt,
    pillars: str = PillarsOpt,
    rule: str = RuleOpt,
    bootstrap: int = BootstrapOpt,
    seed: int = SeedOpt,
    chance: int = typer.Option(1000, "--chance", help="Random portfolios (vote shuffles) behind the chance band (0: none)."),
    level: float = LevelOpt,
    exclude_own: bool = OwnOpt,
    extended: bool = ExtendedOpt,
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """How evenly a state's engagement spreads over the pillars per year (entropy of pillar shares), against its chance band."""
    from multivector import evenness

    ys = _years(start, end, year)
    df = evenness(states, ys, channel=channel, pillars=pillars, bootstrap=bootstrap, seed=seed, chance=chance, method=method,
                  rule=rule, exclude_own=exclude_own, level=level, extended=extended)
    emit(df, fmt, output, title=f"Pillar evenness ({channel})",
         footer="Evenness = normalised Shannon entropy of the pillar shares (1 even, 0 one pillar); the chance band is the "
                "evenness of random portfolios of the same size (or the state's votes shuffled). A description, not a "
                f"measure of hedging. {seed_note(df)}", view=VIEWS["evenness"], columns=columns)


@app.command("validate")
def validate_cmd(
    bootstrap: int = typer.Option(1000, "--bootstrap", "-b", help="Replicates for the AUC intervals."),
    seed: int = SeedOpt,
    table: str = typer.Option("auc", "--table", help="Which table to show: auc, scores, convergent, chance, face, contested, baselines."),
    fmt: str = FormatOpt,
    output: str = OutputOpt,
    columns: str = ColumnsOpt,
):
    """Validate tilt and hedging on the literature reference set: known-groups AUC, convergent validity, chance, face validity."""
    from multivector import validate
    from multivector._errors import InvalidArgumentError

    tables = ("auc", "scores", "convergent", "chance", "face", "contested", "baselines")
    if table not in tables:
        raise InvalidArgumentError(f"--table: unknown table {table!r}; valid: {', '.join(tables)}", "table")
    v = validate(bootstrap=bootstrap, seed=seed)
    df = v.attrs["baselines"] if table == "baselines" else getattr(v, table)
    emit(df, fmt, output, title=f"Validation: {table}", footer=v.summary() + " See docs/validation.md.", columns=columns)
