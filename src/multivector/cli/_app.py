"""The Typer application object and the one place where errors are rendered."""

from __future__ import annotations

import typer
from typer.core import TyperGroup

STATE = {"debug": False}


#: Words a user may put after a switch as if it took a value (``--extended true``).
_BOOL_WORDS = {"true", "false", "yes", "no", "on", "off", "1", "0", "t", "f", "y", "n"}


def _flag_help_type(self, ctx):
    """A switch takes no value, so its help shows no ``<bool>`` type."""
    return None if getattr(self, "is_flag", False) else _TYPE_HELP(self, ctx)


from typer.core import TyperOption  # noqa: E402

_TYPE_HELP = TyperOption.display_type_rich
TyperOption.display_type_rich = _flag_help_type


def refuse_flag_values(cmd, args: list[str]) -> None:
    """``--extended true`` is refused in one clear sentence, on every command alike (a switch takes no value).

    Without this, the word was taken as the next argument (a state called
    'true') or reported as an unexpected extra argument.

    Example:
        >>> from multivector.cli import app
        >>> from typer.main import get_command
        >>> refuse_flag_values(get_command(app).commands["portfolio"], ["KZK", "--extended"]) is None
        True
    """
    flags = {o for p in cmd.params if getattr(p, "is_flag", False) for o in (*p.opts, *p.secondary_opts)}
    for opt, nxt in zip(args, args[1:]):
        if opt in flags and nxt.lower() in _BOOL_WORDS:
            raise typer.BadParameter(f"{opt} is a switch and takes no value: write {opt} to turn it on and leave it out "
                                   f"to keep it off (got {opt} {nxt})")


class Group(TyperGroup):
    """Turns :class:`multivector.MultivectorError` (and an OSError on a named file) into a one-line error (``--debug``: traceback)."""

    def resolve_command(self, ctx, args):
        name, cmd, rest = super().resolve_command(ctx, args)
        if cmd is not None and not isinstance(cmd, TyperGroup):
            refuse_flag_values(cmd, rest)
        return name, cmd, rest

    def invoke(self, ctx):
        from multivector._errors import MultivectorError

        try:
            return super().invoke(ctx)
        except MultivectorError as exc:
            if STATE["debug"]:
                raise
            typer.echo(f"Error: {exc}{self._hint(ctx, exc)}", err=True)
            raise typer.Exit(1) from None
        except OSError as exc:
            # a file the user named cannot be read or written (a full disk, a missing folder, no permission)
            if STATE["debug"] or exc.filename is None:
                raise
            typer.echo(f"Error: cannot use {exc.filename}: {exc.strerror or exc}", err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            # Ctrl-C: outputs are written through temporary files, so nothing half-written is left behind
            raise typer.Exit(130) from None

    def _hint(self, ctx, exc) -> str:
        """A year after the IGO data on a command that has --extended: point to it."""
        import re

        from multivector._errors import InvalidYearError

        m = re.search(r"(\d{4}) is outside the IGO data \(\d{4}-(\d{4})\)", str(exc))
        if not isinstance(exc, InvalidYearError) or not m or int(m.group(1)) <= int(m.group(2)):
            return ""
        cmd = self.get_command(ctx, ctx.invoked_subcommand) if ctx.invoked_subcommand else None
        if cmd is None or not any(p.name == "extended" for p in cmd.params):
            return ""
        return "; add --extended for the provisional panel after it"


app = typer.Typer(
    cls=Group,
    name="multivector",
    help="Measure how states engage with international organizations and position themselves between great powers.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

data_app = typer.Typer(cls=Group, help="Build the shipped data from the published sources, or describe it.", no_args_is_help=True)
app.add_typer(data_app, name="data")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("multivector")
        except PackageNotFoundError:  # running from a source tree that was never installed
            v = "unknown (not installed)"
        typer.echo(f"multivector {v}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show a full traceback on errors."),
    data_dir: str = typer.Option(None, "--data-dir", envvar="MULTIVECTOR_DATA_DIR", help="Use built data from this folder instead of the shipped data."),
):
    """multivector: IGO memberships, dyads, UN agreement, alliances, and tilt, hedging and evenness between great powers."""
    STATE["debug"] = debug
    if data_dir:
        from multivector.data._store import use_data

        use_data(data_dir)
