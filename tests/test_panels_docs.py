"""docs/panels.md runs as written and prints what it shows; the panels' docstring examples run."""

from __future__ import annotations

import contextlib
import doctest
import io
import re
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _examples() -> list[tuple[str, str]]:
    """Each ```python block of docs/panels.md with the ```text block that follows it (its printed output)."""
    text = (ROOT / "docs" / "panels.md").read_text()
    return re.findall(r"```python\n(.*?)```\s*```text\n(.*?)```", text, flags=re.S)


def test_panels_doc_examples_print_what_the_doc_shows(tmp_path, monkeypatch):
    examples = _examples()
    assert len(examples) == 4
    monkeypatch.chdir(tmp_path)
    for code, shown in examples:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(compile(code, "docs/panels.md", "exec"), {})
        assert out.getvalue().strip() == shown.strip(), code.splitlines()[0]
    assert (tmp_path / "panel.dta").stat().st_size > 1_000_000


def test_panels_doc_cli_line_runs(runner, cli, tmp_path, monkeypatch):
    text = (ROOT / "docs" / "panels.md").read_text()
    line = re.search(r"```bash\n(multivector panel .*?)\n```", text).group(1)
    monkeypatch.chdir(tmp_path)
    args = line.split()[1:]
    args[args.index("--from") + 1] = "2013"  # the same command over two years, to keep the test short
    r = runner.invoke(cli, args)
    assert r.exit_code == 0, r.output
    assert (tmp_path / "panel.dta").exists() and (tmp_path / "codebook.csv").exists()


@pytest.mark.parametrize("module", ["multivector.panels", "multivector.panels._frames", "multivector.panels._keys",
                                    "multivector.panels._add", "multivector.panels._measures",
                                    "multivector.panels._codebook", "multivector.panels._panel"])
def test_docstring_examples_run(module):
    import importlib

    mod = importlib.import_module(module)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert res.failed == 0 and res.attempted > 0
