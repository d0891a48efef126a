"""The Typer application object and the one place where errors are rendered."""

from __future__ import annotations

import typer
from typer.core import TyperGroup

STATE = {"debug": False}


class Group(TyperGroup):
    """Turns :class:`multivector.MultivectorError` (and an OSError on a named file) into a one-line error (``--debug``: traceback)."""

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
    help="Measure how states engage with international organizations and balance among great-power pillars.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

data_app = typer.Typer(cls=Group, help="Build the shipped data from the published sources, or describe it.", no_args_is_help=True)
app.add_typer(data_app, name="data")


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show a full traceback on errors."),
    data_dir: str = typer.Option(None, "--data-dir", envvar="MULTIVECTOR_DATA_DIR", help="Use built data from this folder instead of the shipped data."),
):
    """multivector: IGO memberships, dyads, UN agreement and multi-vector balance from COW and UNGA data."""
    STATE["debug"] = debug
    if data_dir:
        from multivector.data._store import use_data

        use_data(data_dir)
