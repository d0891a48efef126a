"""Write docs/cli.md from the CLI's own --help texts (run after changing a command).

    python scripts/gen_cli_docs.py            # rewrite docs/cli.md
    python scripts/gen_cli_docs.py --check    # exit 1 if docs/cli.md is stale
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def render() -> str:
    import typer.main
    from typer.testing import CliRunner

    from multivector.cli import app

    os.environ["COLUMNS"] = "100"
    os.environ["TERMINAL_WIDTH"] = "100"
    runner = CliRunner()
    group = typer.main.get_command(app)

    def walk(cmd, path):
        yield path
        if hasattr(cmd, "commands"):
            for name in sorted(cmd.commands):
                yield from walk(cmd.commands[name], path + [name])

    parts = ["# Command-line reference\n",
             "Generated from `--help` by `scripts/gen_cli_docs.py`; do not edit by hand.\n"]
    for path in walk(group, []):
        res = runner.invoke(app, path + ["--help"], env={"COLUMNS": "100", "TERMINAL_WIDTH": "100", "NO_COLOR": "1"})
        title = "multivector " + " ".join(path) if path else "multivector"
        text = "\n".join(line.rstrip() for line in res.stdout.strip().splitlines())
        parts.append(f"## `{title}`\n\n```\n{text}\n```\n")
    return "\n".join(parts)


def main() -> None:
    text = render()
    if "--check" in sys.argv:
        if not OUT.exists() or OUT.read_text() != text:
            sys.exit("docs/cli.md is stale: run python scripts/gen_cli_docs.py")
        return
    OUT.write_text(text)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
