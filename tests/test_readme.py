"""The README's Python tour runs as written (docs that cannot drift)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_python_tour_runs(tmp_path, monkeypatch):
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "README has no Python block"
    monkeypatch.chdir(tmp_path)
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {})
    assert (tmp_path / "kazakhstan.html").stat().st_size > 10_000


def test_readme_cli_commands_exist(runner, cli):
    text = (ROOT / "README.md").read_text()
    block = re.search(r"### Command line\n\n```bash\n(.*?)```", text, flags=re.S).group(1)
    commands = {line.split()[1] for line in block.splitlines() if line.startswith("multivector ")}
    for name in sorted(commands):
        r = runner.invoke(cli, [name, "--help"])
        assert r.exit_code == 0, f"README names a command that does not exist: {name}"
