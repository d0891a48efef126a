"""One rule for the files users ask multivector to write, on every face.

- The output must name a file: an existing folder is an error, and so is a
  folder that does not exist (nothing creates folders on the user's behalf,
  so a typo in a path never scatters folders across the disk).
- A file is written whole or not at all: the bytes go to a temporary file
  beside it, which replaces the target in one rename when writing is done.
  An error or an interrupt (Ctrl-C) removes the temporary file and leaves
  any earlier file of that name as it was.

The CLI's table commands (``--output``) and :func:`multivector.report`
follow this rule, so a bad path gets the same one-line answer everywhere.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from multivector._errors import InvalidArgumentError

__all__ = ["atomic_path", "check_output"]


def check_output(output: str | os.PathLike, argument: str = "output") -> Path:
    """The output path, checked: not a folder, and in a folder that exists.

    Example:
        >>> check_output("/tmp/brief.html")
        PosixPath('/tmp/brief.html')
        >>> check_output("/tmp")
        Traceback (most recent call last):
        ...
        multivector._errors.InvalidArgumentError: output: '/tmp' is a folder; give a file name, e.g. '/tmp/out.csv'
        >>> check_output("/no/such/folder/k.html")
        Traceback (most recent call last):
        ...
        multivector._errors.InvalidArgumentError: output: cannot write '/no/such/folder/k.html': folder '/no/such/folder' does not exist
    """
    text = os.fspath(output)
    if not str(text).strip():
        raise InvalidArgumentError(f"{argument}: give a file name", argument)
    path = Path(text).expanduser()
    if path.is_dir():
        raise InvalidArgumentError(f"{argument}: {text!r} is a folder; give a file name, e.g. {str(path / 'out.csv')!r}",
                                   argument)
    folder = path.parent
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise InvalidArgumentError(f"{argument}: cannot write {text!r}: folder {str(folder)!r} {what}", argument)
    return path


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; it replaces ``path`` when the block ends without error.

    Example:
        >>> with atomic_path("/tmp/mv-atomic-example.txt") as tmp:
        ...     _ = tmp.write_text("whole or nothing")
        >>> open("/tmp/mv-atomic-example.txt").read()
        'whole or nothing'
    """
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part" + path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        # mkstemp makes the file private (0600): give it the mode a plain open() would have
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process umask, read without changing it (Linux), else the common 022."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022
