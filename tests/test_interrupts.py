"""Interrupts (Ctrl-C) and partial outputs (issue 11): every command exits 130 quietly, writes a file whole or
not at all, and an interrupted data build leaves the previous data intact.

A terminal's Ctrl-C sends SIGINT to the whole process group (the command, and Playwright's driver and Chromium
for a PDF), so the subprocess tests start each command in its own session and signal the group.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import multivector as mv
from multivector.data._build import _Publisher
from multivector.data._store import Store, get_store

CLI = [sys.executable, "-c", "from multivector.cli import main; main()"]


def _start(args: list[str], cwd: Path) -> subprocess.Popen:
    def pre():  # own process group, SIGINT handled as in a terminal (not ignored as in a background job)
        os.setsid()
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    return subprocess.Popen(CLI + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=pre)


def _ctrl_c(p: subprocess.Popen, timeout: float = 120) -> tuple[int, str, str]:
    os.killpg(p.pid, signal.SIGINT)
    out, err = p.communicate(timeout=timeout)
    return p.returncode, out, err


def _wait_for(cond, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def _descendant_has(root: int, word: str) -> bool:
    """A descendant of ``root`` whose command line contains ``word`` (from /proc)."""
    parent, cmd = {}, {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            parent[int(d.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            cmd[int(d.name)] = (d / "cmdline").read_bytes().decode(errors="ignore")
        except (OSError, ValueError, IndexError):
            continue
    for pid, line in cmd.items():
        if word in line:
            up = pid
            while up in parent and up > 1:
                up = parent[up]
                if up == root:
                    return True
    return False


# ---- the CLI: exit 130 quietly, no partial files ------------------------------------------------------------------

def test_interrupted_table_write_leaves_the_old_file(runner, cli, tmp_path, monkeypatch):
    """An interrupt while the file is written: exit 130, the earlier file unchanged, no temporary file left."""
    import multivector.cli._output as out

    target = tmp_path / "k.csv"
    target.write_text("earlier contents\n")

    def boom(df, fmt, output, **kw):
        Path(output).write_text("half a fi")
        raise KeyboardInterrupt

    monkeypatch.setattr(out, "_emit", boom)
    r = runner.invoke(cli, ["portfolio", "Kazakhstan", "-o", str(target)])
    assert r.exit_code == 130 and r.stderr == "", r.output
    assert target.read_text() == "earlier contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.csv"]


@pytest.mark.parametrize("delay", [0.2, 4.0])
def test_ctrl_c_on_a_long_export_is_quiet_and_leaves_no_part(tmp_path, delay):
    """Ctrl-C during start-up (imports) or the export: status 130, nothing on stderr (it was a traceback
    during the imports), the earlier file intact."""
    target = tmp_path / "x.csv"
    target.write_text("earlier\n")
    p = _start(["dyads", "--directed", "-o", str(target)], tmp_path)
    time.sleep(delay)
    if p.poll() is not None:
        pytest.skip("the command finished before the interrupt")
    code, out, err = _ctrl_c(p)
    assert code == 130 and err == "" and out == "", (code, out, err)
    assert target.read_text() == "earlier\n"
    assert sorted(q.name for q in tmp_path.iterdir()) == ["x.csv"]


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Chromium not installed")
def test_ctrl_c_on_a_pdf_brief_is_quiet(tmp_path):
    """Before: 'Future exception was never retrieved ... Connection closed while reading from the driver'
    (Playwright's driver gets the same SIGINT). Now: status 130, nothing printed, no PDF."""
    pytest.importorskip("playwright.sync_api")
    p = _start(["report", "Kazakhstan", "--pdf", "-o", str(tmp_path / "k.pdf")], tmp_path)
    # Playwright starts Chromium in a process group of its own; its driver (node ... run-driver) is in ours and
    # dies of the SIGINT, which is what left the unread futures
    _wait_for(lambda: _descendant_has(p.pid, "chromium") or p.poll() is not None, 120, "Chromium to start")
    if p.poll() is not None:
        pytest.skip("the brief was printed before Chromium could be seen")
    time.sleep(1.0)
    code, out, err = _ctrl_c(p)
    assert code == 130 and err == "" and out == "", (code, out, err)
    assert not (tmp_path / "k.pdf").exists() and not any(tmp_path.iterdir())


# ---- the data build: atomic ---------------------------------------------------------------------------------------

def _tables(n: int) -> dict[str, pd.DataFrame]:
    return {"a": pd.DataFrame({"x": range(n)}), "b": pd.DataFrame({"y": [f"v{i}" for i in range(n)]})}


def _publish(out: Path, tables: dict[str, pd.DataFrame]) -> dict:
    with _Publisher(out) as pub:
        files = {k: pub.add(k, v) for k, v in tables.items()}
        manifest = {"tables": files}
        pub.commit(manifest)
    return manifest


def test_publisher_swaps_a_new_folder_in_whole(tmp_path):
    out = tmp_path / "new" / "data"
    m = _publish(out, _tables(3))
    assert sorted(p.name for p in out.iterdir()) == sorted([m["tables"]["a"]["file"], m["tables"]["b"]["file"], "manifest.json"])
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]


def test_publisher_replaces_only_what_the_manifest_named(tmp_path):
    out = tmp_path / "data"
    out.mkdir()
    (out / "__init__.py").write_text("# code beside the data (the package folder) is never touched\n")
    old = _publish(out, _tables(3))
    new = _publish(out, {"a": _tables(3)["a"], "b": _tables(5)["b"]})
    assert new["tables"]["a"]["file"] == old["tables"]["a"]["file"]  # same content, same name: kept
    assert new["tables"]["b"]["file"] != old["tables"]["b"]["file"]
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["__init__.py", "manifest.json", new["tables"]["a"]["file"], new["tables"]["b"]["file"]])
    assert json.loads((out / "manifest.json").read_text()) == new


@pytest.mark.parametrize("where", ["writing", "switch"])
def test_publisher_interrupted_leaves_the_old_data(tmp_path, monkeypatch, where):
    """An interrupt while tables are written, or at the switch itself (before the manifest is replaced):
    the old manifest and files are untouched, the build's files and temporary folder are gone."""
    out = tmp_path / "data"
    old = _publish(out, _tables(3))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_replace = os.replace

    def replace(src, dst):
        if where == "switch" and Path(dst).name == "manifest.json":
            raise KeyboardInterrupt
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        with _Publisher(out) as pub:
            pub.add("a", _tables(7)["a"])
            if where == "writing":
                raise KeyboardInterrupt
            pub.add("b", _tables(7)["b"])
            pub.commit({"tables": {}})
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert json.loads((out / "manifest.json").read_text()) == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_ctrl_c_during_a_real_rebuild_leaves_the_previous_data_intact(source_dir, tmp_path):
    """The issue's case, end to end: 'data build' over an existing data folder, interrupted while it writes
    (its temporary folder exists): status 130, quiet, the folder as it was, every checksum good."""
    out = tmp_path / "data"
    out.mkdir()
    for p in get_store().data_dir.glob("*"):
        if p.is_file() and (p.suffix == ".parquet" or p.name == "manifest.json"):
            shutil.copy(p, out / p.name)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    proc = _start(["data", "build", "--source-dir", str(source_dir), "--out-dir", str(out)], tmp_path)
    _wait_for(lambda: any(q.name.startswith(".data.building-") and any(q.iterdir()) for q in tmp_path.iterdir())
              or proc.poll() is not None, 600, "the build to start writing")
    if proc.poll() is not None:
        pytest.skip(f"the build ended before it could be interrupted: {proc.communicate()[1][-300:]}")
    code, out_text, err = _ctrl_c(proc)
    assert code == 130 and err == "", (code, err)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
    store = Store(out)
    assert all(store.check_file(t) == ("ok", "") for t in store.manifest["tables"])
    assert mv.resolve_state("KZ") == 705


# ---- progress to the end of long writes ---------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_large_files_are_written_in_chunks_with_progress_to_the_end(tmp_path, monkeypatch, fmt):
    """'dyads --directed -o x.csv': the bar finished with the computation, then 11 s of silence while the CSV
    was written. Large files are now written in chunks, reporting each; the file equals a one-go write."""
    import multivector.cli._output as out

    monkeypatch.setattr(out, "PROGRESS_ROWS", 10)
    monkeypatch.setattr(out, "CHUNK_ROWS", 7)
    df = mv.dyads(2014, states="Kazakhstan,Russia,China,USA,Uzbekistan,Turkey,France", directed=True)
    assert len(df) == 42
    done: list[int] = []
    path = tmp_path / f"x.{fmt}"
    out._emit(df, fmt, str(path), title=None, footer=None, float_digits=3, progress=done.append)
    assert done == [7, 14, 21, 28, 35, 42]
    if fmt == "csv":
        assert path.read_text() == df.to_csv(index=False, lineterminator="\n")
    else:
        pd.testing.assert_frame_equal(pd.read_parquet(path), df)
