"""The embedded store: DuckDB and pandas over the shipped Parquet files.

Nothing is loaded at import. ``get_store()`` returns a process-wide
:class:`Store` over the package's data (or ``MULTIVECTOR_DATA_DIR``); tables
are read once, checked against the manifest's sha256, and cached. The store
never writes: DuckDB sees the files through read-only views.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from multivector._errors import DataError

PACKAGE_DATA = Path(__file__).parent

#: Internal cube code for a state-year absent from the state-year file
#: (the state was not in the state system that year).
ABSENT = np.int8(-128)

#: Published membership codes and their labels.
STATUS_LABELS = {1: "full", 2: "associate", 3: "observer", 0: "none", -9: "missing", -1: "not_alive"}
STATUS_CODES = {v: k for k, v in STATUS_LABELS.items()}


class Cube:
    """Dense membership array ``status[state, organization, year]`` (int8).

    ``ccodes``, ``ionames`` and ``years`` label the three axes. Cells of
    state-years absent from the state-year file hold :data:`ABSENT`.
    """

    def __init__(self, status: np.ndarray, ccodes: np.ndarray, ionames: np.ndarray, years: np.ndarray):
        self.status = status
        self.ccodes = ccodes
        self.ionames = ionames
        self.years = years
        self.state_index = {int(c): i for i, c in enumerate(ccodes)}
        self.org_index = {str(o): i for i, o in enumerate(ionames)}
        self.year0 = int(years[0])

    def in_system(self) -> np.ndarray:
        """Boolean ``[state, year]``: the state has a row in the state-year file."""
        return self.status[:, 0, :] != ABSENT


#: Keys every manifest written by ``build_data`` has.
MANIFEST_KEYS = ("format", "built", "sources", "inputs", "tables", "coverage", "quality")


class Store:
    """Read-only access to one data directory (Parquet files + manifest.json)."""

    def __init__(self, data_dir: str | Path | None = None):
        self.data_dir = Path(data_dir) if data_dir is not None else PACKAGE_DATA
        self._tables: dict[str, pd.DataFrame] = {}
        self._lock = threading.RLock()

    @property
    def build_command(self) -> str:
        """The command that rebuilds this folder: ``multivector data build``, with ``--out-dir`` unless it is
        the package's own data (so a hint about a ``--data-dir`` folder names that folder).

        Example:
            >>> Store("/tmp/my data").build_command
            "multivector data build --out-dir '/tmp/my data'"
        """
        import shlex

        if self.data_dir.resolve() == PACKAGE_DATA.resolve():
            return "multivector data build"
        return f"multivector data build --out-dir {shlex.quote(str(self.data_dir))}"

    @property
    def rebuild_hint(self) -> str:
        return f"rebuild with '{self.build_command}'"

    @cached_property
    def manifest(self) -> dict:
        """The manifest written by ``build_data``."""
        path = self.data_dir / "manifest.json"
        if not path.exists():
            raise DataError(f"No built data in {self.data_dir}: run '{self.build_command}' first")
        try:
            doc = json.loads(path.read_text())
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise DataError(f"{path} is corrupted ({exc.__class__.__name__}); {self.rebuild_hint}") from exc
        except OSError as exc:
            raise DataError(f"{path} cannot be read ({exc.strerror or exc})") from exc
        lacking = [k for k in MANIFEST_KEYS if k not in doc] if isinstance(doc, dict) else list(MANIFEST_KEYS)
        if lacking:
            raise DataError(f"{path} is incomplete (no {', '.join(lacking)}); {self.rebuild_hint}")
        return doc

    def path(self, name: str) -> Path:
        """Path of a table's Parquet file, checked to exist and to match the manifest."""
        entry = self.manifest.get("tables", {}).get(name)
        if entry is None:
            known = ", ".join(sorted(self.manifest.get("tables", {})))
            raise DataError(f"The data in {self.data_dir} has no table {name!r} (tables: {known})")
        p = self.data_dir / entry["file"]
        if not p.exists():
            raise DataError(f"Data file missing: {p}; {self.rebuild_hint}")
        return p

    def check_file(self, name: str) -> tuple[str, str]:
        """``(status, detail)`` of a table's file against the manifest: ``ok``, ``missing``, ``truncated``
        (fewer bytes than built), ``resized`` (more bytes) or ``checksum`` (same size, other bytes)."""
        entry = self.manifest["tables"][name]
        p = self.data_dir / entry["file"]
        if not p.is_file():
            return "missing", f"{p.name} is missing"
        size, want = p.stat().st_size, entry.get("bytes")
        if want is not None and size != want:
            kind = "truncated" if size < want else "resized"
            return kind, f"{p.name} has {size:,d} bytes, the manifest {want:,d}"
        try:
            digest = hashlib.sha256(p.read_bytes()).hexdigest()
        except OSError as exc:
            return "unreadable", f"{p.name} cannot be read ({exc.strerror or exc})"
        if digest != entry["sha256"]:
            return "checksum", f"{p.name} does not match its manifest checksum"
        return "ok", ""

    def verify(self, name: str) -> None:
        """Raise DataError unless the table's file matches the manifest's size and sha256."""
        self.path(name)
        status, detail = self.check_file(name)
        if status != "ok":
            raise DataError(f"Data file {detail}; {self.rebuild_hint}")

    def table(self, name: str) -> pd.DataFrame:
        """A whole table as a DataFrame (cached; do not modify it in place).

        Example:
            >>> from multivector.data._store import get_store
            >>> get_store().table("states").shape[0]
            243
        """
        with self._lock:
            if name not in self._tables:
                self.verify(name)
                try:
                    df = pd.read_parquet(self.path(name))
                except Exception as exc:  # pyarrow raises several unrelated types on damage
                    raise DataError(f"Cannot read {self.path(name).name} ({exc.__class__.__name__}); {self.rebuild_hint}") from exc
                self._tables[name] = df
                _release_arrow_memory()
            return self._tables[name]

    @cached_property
    def con(self):
        """A DuckDB connection with one read-only view per table.

        Example:
            >>> from multivector.data._store import get_store
            >>> int(get_store().con.execute("select count(*) from un_votes").fetchone()[0])
            870109
        """
        import duckdb

        con = duckdb.connect(":memory:", config={"threads": 2})
        for name in self.manifest["tables"]:
            p = str(self.path(name)).replace("'", "''")
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{p}')")
        return con

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run SQL against the views and return a DataFrame (thread-safe)."""
        with self._lock:
            return self.con.execute(sql, params or []).df()

    @cached_property
    def cube(self) -> Cube:
        """The dense membership cube (about 23 MB), built once from ``memberships``.

        Once it exists, the 58 MB ``memberships`` frame it was built from leaves the table cache (every
        later use of it goes through the cube or DuckDB; ``table("memberships")`` reads it again if asked),
        which keeps a web server about 100 MB smaller."""
        m = self.table("memberships")
        c = m["ccode"].to_numpy()
        ccodes = np.flatnonzero(np.bincount(c, minlength=1000)).astype(np.int64)  # sorted, O(n)
        lut = np.full(max(1000, int(ccodes[-1]) + 1), -1, dtype=np.int32)
        lut[ccodes] = np.arange(len(ccodes), dtype=np.int32)
        ionames = np.asarray(m["ioname"].cat.categories, dtype=object)
        y0, y1 = int(m["year"].min()), int(m["year"].max())
        years = np.arange(y0, y1 + 1)
        status = np.full((len(ccodes), len(ionames), len(years)), ABSENT, dtype=np.int8)
        status[lut[c], m["ioname"].cat.codes.to_numpy(), m["year"].to_numpy() - np.int16(y0)] = m["status"].to_numpy()
        with self._lock:
            self._tables.pop("memberships", None)
        del m, c
        _release_arrow_memory()
        return Cube(status, ccodes, ionames, years)

    def state_matrix(self, ccode: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One state's slice of the cube, ``status[org, year]``, without building the whole cube.

        Returns ``(status, ionames, years)``; years where the state is not in
        the system hold :data:`ABSENT`. Uses the cube when it is already built.
        """
        if "cube" in self.__dict__:
            cube = self.cube
            si = cube.state_index.get(int(ccode))
            status = cube.status[si] if si is not None else np.full((len(cube.ionames), len(cube.years)), ABSENT, np.int8)
            return status, cube.ionames, cube.years
        m = self.table("memberships")
        ionames = np.asarray(m["ioname"].cat.categories, dtype=object)
        y0, y1 = self.igo_years
        years = np.arange(y0, y1 + 1)
        rows = m[m["ccode"].to_numpy() == ccode]
        status = np.full((len(ionames), len(years)), ABSENT, dtype=np.int8)
        status[rows["ioname"].cat.codes.to_numpy(), rows["year"].to_numpy().astype(np.int64) - y0] = rows["status"].to_numpy()
        return status, ionames, years

    @cached_property
    def igo_years(self) -> tuple[int, int]:
        """First and last year of the IGO data."""
        a, b = self.manifest["coverage"]["igo_years"]
        return int(a), int(b)

    @cached_property
    def un_years(self) -> tuple[int, int]:
        """First and last year of the UN voting data (session + 1945)."""
        a, b = self.manifest["coverage"]["un_years"]
        return int(a), int(b)


    @cached_property
    def alliance_years(self) -> tuple[int, int]:
        """First and last year of the ATOP alliance data (1815, 2018).

        Example:
            >>> from multivector.data._store import get_store
            >>> get_store().alliance_years
            (1815, 2018)
        """
        a, b = self._coverage("alliance_years", "alliances")
        return int(a), int(b)

    @cached_property
    def idealpoint_years(self) -> tuple[int, int]:
        """First and last year of the UN ideal points (1946, 2024).

        Example:
            >>> from multivector.data._store import get_store
            >>> get_store().idealpoint_years
            (1946, 2024)
        """
        a, b = self._coverage("idealpoint_years", "ideal_points")
        return int(a), int(b)

    def _coverage(self, key: str, table: str) -> list:
        cov = self.manifest["coverage"].get(key)
        if cov is None:
            raise DataError(f"The data in {self.data_dir} has no {table} table (built before it was added); "
                            f"{self.rebuild_hint}")
        return cov


def _release_arrow_memory() -> None:
    """Give the memory Arrow kept after decoding Parquet back to the system (it holds on to it otherwise:
    reading the memberships table left 60 MB behind)."""
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except AttributeError:  # an older pyarrow without it simply keeps the memory
        pass


_STORE: Store | None = None
_STORE_LOCK = threading.Lock()


def get_store() -> Store:
    """The process-wide store (``MULTIVECTOR_DATA_DIR`` overrides the package data).

    Example:
        >>> from multivector.data._store import get_store
        >>> get_store().igo_years
        (1816, 2014)
    """
    global _STORE
    with _STORE_LOCK:
        if _STORE is None:
            env = os.environ.get("MULTIVECTOR_DATA_DIR")
            _STORE = Store(env or None)
        return _STORE


def use_data(data_dir: str | Path | None) -> Store:
    """Point the library at another data directory (``None``: the shipped data).

    The folder is checked first: a folder without built data raises
    :class:`DataError` and leaves the data in use unchanged.

    Example:
        >>> import multivector as mv
        >>> _ = mv.use_data(None)
    """
    global _STORE
    store = Store(data_dir)
    store.manifest  # raises DataError when the folder holds no (readable) built data
    with _STORE_LOCK:
        _STORE = store
        return _STORE
