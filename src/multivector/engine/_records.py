"""Sourced engagement records beyond the COW IGO data: reading and validation.

Records come in two kinds of file (format in ``docs/records.md``):

- CSV event files: one event per row (``state, org, org_name, event, date,
  confidence, source_title, source_url``), e.g. a state joining, leaving or
  chairing an organization;
- YAML organization files: ``aliases`` (record abbreviation -> COW ioname)
  and ``organizations`` the COW data lack (EAEU, AIIB, BRICS, ...), each with
  founding date, functional types, predecessor, and members.

The package ships its records in ``multivector/data/records/``. Users add
their own with the ``records=`` argument, the environment variable
``MULTIVECTOR_RECORDS`` (paths separated by ``os.pathsep``) or the CLI option
``--records FILE``; they are validated exactly like the shipped ones. Every
problem is a :class:`multivector.RecordsError` naming file and line.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from multivector._errors import AmbiguousNameError, RecordsError, UnknownStateError
from multivector.data._store import ABSENT, PACKAGE_DATA, get_store

RECORDS_DIR = PACKAGE_DATA / "records"
ENV_VAR = "MULTIVECTOR_RECORDS"

#: Event code -> the status it sets (``None``: status unchanged).
EVENT_STATUS: dict[str, int | None] = {
    "founded_as_member": 1,
    "joined_full": 1,
    "joined_associate": 2,
    "joined_observer": 3,
    "left": 0,
    "expelled": 0,
    "suspended": None,
    "reinstated": None,
    "partner": None,
    "chair": None,
    "host": None,
    "unsc_seat": None,
    "candidate_status": None,
    "bid": None,
}
#: Events that change a membership status in the panel.
MEMBERSHIP_EVENTS = tuple(k for k, v in EVENT_STATUS.items() if v is not None)
#: Events that require the state to be a member at the time.
EXIT_EVENTS = ("left", "expelled", "suspended", "reinstated")
#: Events shown in the engagement timeline (no change of status).
ENGAGEMENT_EVENTS = tuple(k for k, v in EVENT_STATUS.items() if v is None)
CONFIDENCE = ("high", "medium", "low")
COLUMNS = ("state", "org", "org_name", "event", "date", "confidence", "source_title", "source_url", "notes")
REQUIRED = ("state", "org", "event", "date", "confidence", "source_title", "source_url")

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass
class OrgDef:
    """An organization defined in a records YAML file."""

    id: str
    abbreviation: str
    name: str
    founded: str
    founded_year: int
    political: int
    social: int
    economic: int
    predecessor: str | None
    complete_through: int | None
    confidence: str
    source_title: str
    source_url: str
    note: str
    path: str
    line: int


@dataclass
class Coverage:
    """A statement that the records hold every membership change of a COW organization
    from the year after the COW data to ``complete_through`` (the "known non-member" fact)."""

    ioname: str
    org: str
    complete_through: int
    confidence: str
    source_title: str
    source_url: str
    note: str
    path: str
    line: int


@dataclass
class RecordSet:
    """Validated records: events, organization definitions, coverage statements and aliases."""

    events: pd.DataFrame
    organizations: dict[str, OrgDef] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    #: COW ioname -> its coverage statement (organizations of the records carry ``complete_through`` themselves)
    coverage: dict[str, Coverage] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    #: fingerprint of the files read (None when a DataFrame was given: not cacheable)
    key: tuple | None = None


# ----------------------------------------------------------------- paths


def shipped_paths() -> list[Path]:
    """The records files shipped with the package (YAML first, then CSV)."""
    if not RECORDS_DIR.is_dir():
        return []
    return sorted(RECORDS_DIR.glob("*.yaml")) + sorted(RECORDS_DIR.glob("*.csv"))


def env_paths() -> list[Path]:
    """Paths listed in ``MULTIVECTOR_RECORDS`` (separated by ``os.pathsep``)."""
    raw = os.environ.get(ENV_VAR, "")
    return [Path(p) for p in raw.split(os.pathsep) if p.strip()]


def _missing(path: Path) -> str:
    """The message for a records file that does not exist, saying where a name from the environment came from."""
    from_env = any(str(path) == str(e) for e in env_paths())
    return "no such records file" + (f" (listed in {ENV_VAR})" if from_env else "")


def _as_paths(records) -> list:
    if records is None:
        return []
    from multivector._errors import InvalidArgumentError

    items = [records] if isinstance(records, (str, Path, pd.DataFrame)) else records
    try:
        items = list(items)
    except TypeError:
        items = [records]
    for r in items:
        if not isinstance(r, (str, Path, pd.DataFrame)):
            raise InvalidArgumentError(f"records: expected a file path, a list of paths or a DataFrame, got {r!r}", "records")
        if isinstance(r, str) and not r.strip():
            raise InvalidArgumentError("records: empty file name; give a .csv (events) or .yaml (organizations) file", "records")
    return items


def record_sources(records=None, include_shipped: bool = True) -> list:
    """All record inputs in load order: shipped files, ``MULTIVECTOR_RECORDS``, then ``records``."""
    out: list = []
    seen: set = set()
    cands = (shipped_paths() if include_shipped else []) + env_paths() + _as_paths(records)
    for src in cands:
        if not isinstance(src, pd.DataFrame):
            key = str(Path(src).resolve())
            if key in seen:  # a file given twice (e.g. a shipped file validated by name) is read once
                continue
            seen.add(key)
        out.append(src)
    return out


# ----------------------------------------------------------------- parsing helpers


def parse_date(value) -> tuple[int, int | None, int | None]:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into (year, month, day).

    Raises ValueError with a reason.

    Example:
        >>> parse_date("2015-11-30"), parse_date("2015-11"), parse_date(2015)
        ((2015, 11, 30), (2015, 11, None), (2015, None, None))
    """
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.year, value.month, value.day
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = str(int(value))
    if not isinstance(value, str) or not value.strip():
        raise ValueError("empty date")
    s = value.strip()
    m = _DATE_RE.match(s)
    if not m:
        raise ValueError(f"bad date {s!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    y = int(m.group(1))
    mo = int(m.group(2)) if m.group(2) else None
    d = int(m.group(3)) if m.group(3) else None
    if mo is not None and not 1 <= mo <= 12:
        raise ValueError(f"bad date {s!r}: month {mo} out of range")
    if d is not None:
        try:
            _dt.date(y, mo, d)
        except ValueError:
            raise ValueError(f"bad date {s!r}: no such day") from None
    if y < 1816 or y > 2100:
        raise ValueError(f"bad date {s!r}: year outside 1816-2100")
    return y, mo, d


def _date_str(y: int, mo: int | None, d: int | None) -> str:
    return f"{y:04d}" + (f"-{mo:02d}" if mo else "") + (f"-{d:02d}" if d else "")


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or (isinstance(v, str) and not v.strip())


class _Problems:
    """Collects validation problems; raises the first as a RecordsError."""

    def __init__(self):
        self.items: list[tuple[str, int | None, str]] = []

    def add(self, path, line, message):
        self.items.append((str(path), line, message))

    def raise_if_any(self):
        if not self.items:
            return
        path, line, msg = self.items[0]
        more = len(self.items) - 1
        if more:
            msg += f" (and {more} more problem{'s' if more > 1 else ''}; run 'multivector records validate' to list them)"
        err = RecordsError(msg, path, line)
        err.problems = list(self.items)
        raise err


# ----------------------------------------------------------------- YAML


def _yaml_load(path: Path, problems: _Problems):
    try:
        import yaml
    except ImportError as exc:  # pragma: no cover - PyYAML is a core dependency
        from multivector._errors import MissingExtraError

        raise MissingExtraError("pyyaml", "all") from exc

    class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        pass

    # dates stay strings, checked by parse_date (a bad date is then our error, with a line)
    _Loader.yaml_implicit_resolvers = {
        k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"] for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def _mapping(loader, node):
        loader.flatten_mapping(node)
        m = {loader.construct_object(k, deep=True): loader.construct_object(v, deep=True) for k, v in node.value}
        m["__line__"] = node.start_mark.line + 1
        return m

    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problems.add(path, line, f"cannot read YAML: {getattr(exc, 'problem', exc)}")
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(path, None, _unreadable(exc, "file"))
        return {}


_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def _read_yaml(path: Path, problems: _Problems, cow: pd.DataFrame, orgs: dict, aliases: dict, member_rows: list,
               coverage_rows: list):
    """Read one YAML file: aliases, organization definitions (their members go to ``member_rows``) and
    coverage statements (to ``coverage_rows``, checked once every file's organizations are known)."""
    doc = _yaml_load(path, problems)
    if not isinstance(doc, dict):
        problems.add(path, 1, "expected a mapping with 'aliases' and/or 'organizations'")
        return
    unknown = sorted(k for k in doc if k not in ("aliases", "organizations", "coverage", "__line__"))
    if unknown:
        problems.add(path, doc.get("__line__", 1), f"unknown top-level key(s) {', '.join(map(repr, unknown))}; valid: 'aliases', 'organizations', 'coverage'")
    cov = doc.get("coverage") or []
    if not isinstance(cov, list):
        problems.add(path, doc.get("__line__", 1), "coverage must be a list of {org, complete_through, source_title, source_url}")
        cov = []
    for c in cov:
        if not isinstance(c, dict):
            problems.add(path, None, "each coverage entry must be a mapping {org, complete_through, source_title, source_url}")
            continue
        coverage_rows.append((path, c))
    cow_names = set(cow.ioname)
    for abbr, io in (doc.get("aliases") or {}).items():
        if abbr == "__line__":
            continue
        line = doc["aliases"].get("__line__")
        if str(io).lower() not in cow_names:
            problems.add(path, line, f"alias {abbr!r}: {io!r} is not a COW ioname")
            continue
        aliases[_key(abbr)] = str(io).lower()
    for od in doc.get("organizations") or []:
        if not isinstance(od, dict):
            problems.add(path, None, "each organization must be a mapping")
            continue
        line = od.get("__line__")
        missing = [k for k in ("id", "abbreviation", "name", "founded", "source_title", "source_url") if _blank(od.get(k))]
        if missing:
            problems.add(path, line, f"organization {od.get('id', '?')!r}: missing {', '.join(missing)}")
            continue
        oid = str(od["id"])
        if not _ID_RE.match(oid):
            problems.add(path, line, f"organization id {oid!r} must be lower-case letters, digits or _ (e.g. 'eaeu')")
            continue
        if oid in cow_names:
            problems.add(path, line, f"organization id {oid!r} is already a COW ioname; records use COW organizations directly")
            continue
        if oid in orgs:
            prev = orgs[oid]
            problems.add(path, line, f"organization {oid!r} is defined twice (first at {prev.path}:{prev.line})")
            continue
        try:
            fy, fm, fd = parse_date(od["founded"])
        except ValueError as exc:
            problems.add(path, line, f"organization {oid!r}: founded: {exc}")
            continue
        pred = od.get("predecessor")
        if not _blank(pred) and str(pred).lower() not in cow_names:
            problems.add(path, line, f"organization {oid!r}: predecessor {pred!r} is not a COW ioname")
            continue
        ct = od.get("complete_through")
        if not _blank(ct) and not (isinstance(ct, int) and not isinstance(ct, bool)):
            problems.add(path, line, f"organization {oid!r}: complete_through must be a year or null, not {ct!r}")
            continue
        flags = {}
        for k in ("political", "social", "economic"):
            v = od.get(k, 0)
            if v not in (0, 1):
                problems.add(path, line, f"organization {oid!r}: {k} must be 0 or 1, not {v!r}")
            flags[k] = int(v in (1, True))
        conf = str(od.get("confidence", "high")).strip().lower()
        if conf not in CONFIDENCE:
            problems.add(path, line, f"organization {oid!r}: confidence {conf!r}; valid: {', '.join(CONFIDENCE)}")
        if not str(od["source_url"]).startswith(("http://", "https://")):
            problems.add(path, line, f"organization {oid!r}: source_url must start with http:// or https://")
        orgs[oid] = OrgDef(
            id=oid, abbreviation=str(od["abbreviation"]), name=str(od["name"]), founded=_date_str(fy, fm, fd),
            founded_year=fy, predecessor=None if _blank(pred) else str(pred).lower(),
            complete_through=None if _blank(ct) else int(ct), confidence=conf,
            source_title=str(od["source_title"]), source_url=str(od["source_url"]),
            note=str(od.get("note") or "").strip(), path=str(path), line=line or 0, **flags,
        )
        for mem in od.get("members") or []:
            if not isinstance(mem, dict):
                problems.add(path, line, f"organization {oid!r}: each member must be a mapping")
                continue
            row = {
                "state": mem.get("state"), "org": oid, "org_name": str(od["name"]),
                "event": mem.get("event", "founded_as_member"), "date": mem.get("date"),
                "confidence": mem.get("confidence", conf),
                "source_title": mem.get("source_title", od["source_title"]),
                "source_url": mem.get("source_url", od["source_url"]),
                "notes": mem.get("notes", ""),
                "file": str(path), "line": mem.get("__line__", line),
            }
            member_rows.append(row)


def _key(abbr) -> str:
    return re.sub(r"[^a-z0-9+]", "", str(abbr).lower())


# ----------------------------------------------------------------- CSV


def _unreadable(exc: Exception, what: str) -> str:
    """Why a records file cannot be read, in the user's terms."""
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a records file"
    if isinstance(exc, UnicodeDecodeError):
        return "is not UTF-8 text (save it as UTF-8)"
    if isinstance(exc, PermissionError):
        return "cannot be read: permission denied"
    if isinstance(exc, pd.errors.EmptyDataError):
        return "is empty; a records CSV needs a header line"
    first = str(exc).splitlines()[0] if str(exc) else ""
    return f"cannot read {what}: {exc.__class__.__name__}: {first}" if first else f"cannot read {what}: {exc.__class__.__name__}"


def _read_csv(path: Path, problems: _Problems, progress=None) -> pd.DataFrame | None:
    """Read a records CSV as strings, in chunks so that ``progress(bytes_read, bytes_total)`` can report."""
    try:
        total = path.stat().st_size
        chunks = []
        with path.open("rb") as fh:
            reader = pd.read_csv(fh, dtype=str, keep_default_na=False, encoding="utf-8-sig",  # tolerate a BOM
                                 chunksize=_CHUNK_ROWS)
            for chunk in reader:
                chunks.append(chunk)
                if progress is not None:
                    progress(min(fh.tell(), total), total)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        problems.add(path, None, _unreadable(exc, "CSV"))
        return None
    df = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    return _frame_rows(df, str(path), problems, header_line=1)


def _as_text(col: pd.Series) -> pd.Series:
    """A column as stripped text: a missing value is empty, a number its digits (a COW code, a year)."""
    if not (pd.api.types.is_string_dtype(col) and not pd.api.types.is_object_dtype(col)):
        col = col.astype(object).map(lambda v: "" if _blank(v) else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)))
        col = col.astype("string")
    return col.fillna("").str.strip()


#: rows per chunk when reading a records CSV (progress is reported after each)
_CHUNK_ROWS = 50_000


def _frame_rows(df: pd.DataFrame, path: str, problems: _Problems, header_line: int | None = 1) -> pd.DataFrame | None:
    """The rows of a records table as a frame of the CSV columns plus ``file`` and ``line``."""
    cols = [str(c).strip() for c in df.columns]
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        problems.add(path, header_line, f"missing column(s) {', '.join(missing)}; a records CSV needs: {', '.join(COLUMNS)}")
        return None
    df = df.copy()
    df.columns = cols
    out = pd.DataFrame(index=pd.RangeIndex(len(df)))
    for c in COLUMNS:
        out[c] = _as_text(df[c]) if c in df.columns else ""
    out["file"] = path
    out["line"] = np.arange(len(df)) + (2 if header_line else 1)
    return out


# ----------------------------------------------------------------- validation


class _OrgResolver:
    def __init__(self, cow: pd.DataFrame, orgs: dict[str, OrgDef], aliases: dict[str, str]):
        self.cow = cow.set_index("ioname")
        self.orgs = orgs
        self.lookup: dict[str, str] = {}
        for io in self.cow.index:
            self.lookup[_key(io)] = io
        for oid, od in orgs.items():
            self.lookup[_key(oid)] = oid
            self.lookup[_key(od.abbreviation)] = oid
        self.lookup.update(aliases)

    def resolve(self, value) -> str:
        k = _key(value)
        if k in self.lookup:
            return self.lookup[k]
        raise LookupError(self.suggest(str(value)))

    def suggest(self, value: str) -> list[str]:
        from rapidfuzz import fuzz, process

        labels = {}
        for k, io in self.lookup.items():
            labels.setdefault(k, io)
        found = process.extract(_key(value), list(labels), scorer=fuzz.WRatio, limit=8, score_cutoff=70)
        out = []
        for k, _s, _ in found:
            lab = self.label(labels[k])
            if lab not in out:
                out.append(lab)
        if not out:
            from multivector.engine._resolve import org_index

            out = org_index()._suggest(value)
        return out[:3]

    def label(self, io: str) -> str:
        if io in self.orgs:
            return f"{self.orgs[io].abbreviation} ({self.orgs[io].name})"
        return f"{io.upper()} ({self.cow.loc[io, 'orgname']})"

    def founded_year(self, io: str) -> int | None:
        if io in self.orgs:
            return self.orgs[io].founded_year
        v = self.cow.loc[io, "sdate"]
        return None if pd.isna(v) else int(v)

    def cow_last_year(self, io: str) -> int | None:
        if io in self.orgs:
            return None
        v = self.cow.loc[io, "last_year"]
        return None if pd.isna(v) else int(v)

    def name(self, io: str) -> str:
        return self.orgs[io].name if io in self.orgs else str(self.cow.loc[io, "orgname"])


def _blank_mask(col: pd.Series) -> np.ndarray:
    """Empty cells of a column of stripped text (see :func:`_as_text`)."""
    return (col == "").to_numpy(bool)


def _unique_map(keys: pd.DataFrame, fn) -> list:
    """``fn`` applied once per distinct row of ``keys`` (tuples of the key columns), spread back over all rows."""
    codes = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup().to_numpy()
    firsts = keys.drop_duplicates().itertuples(index=False, name=None)
    values = [fn(*k) for k in firsts]
    return [values[c] for c in codes]


class _RowProblems:
    """Row-level problems of the event table: the first problem of each row, reported in row order."""

    def __init__(self, raw: pd.DataFrame):
        self.raw = raw
        self.bad = np.zeros(len(raw), bool)
        self.messages: dict[int, str] = {}

    def flag(self, mask: np.ndarray, message) -> None:
        """Rows where ``mask`` holds and no earlier check failed get ``message(i)``."""
        new = np.flatnonzero(np.asarray(mask, bool) & ~self.bad)
        for i in new:
            self.messages[int(i)] = message(int(i))
        self.bad[new] = True

    def emit(self, problems: _Problems) -> None:
        files, lines = self.raw["file"].to_numpy(), self.raw["line"].to_numpy()
        for i in sorted(self.messages):
            problems.add(files[i], int(lines[i]) if lines[i] is not None else None, self.messages[i])


def _validate(raw: pd.DataFrame, orgs: dict[str, OrgDef], aliases: dict[str, str], problems: _Problems,
              progress=None) -> pd.DataFrame:
    """Check every event row; the good rows as the events table.

    Each check runs once per distinct value (state and year, organization,
    date, ...) and is spread back over the rows, so a large file costs a
    few vectorised passes rather than one Python round per row.
    """
    from multivector.engine._resolve import state_index

    store = get_store()
    cube = store.cube
    last_cow = store.igo_years[1]
    in_sys_last = cube.in_system()[:, last_cow - cube.year0]
    cow = store.table("organizations")
    resolver = _OrgResolver(cow, orgs, aliases)
    sidx = state_index()
    raw = raw.reset_index(drop=True)
    n = len(raw)
    rp = _RowProblems(raw)
    col = {c: raw[c].to_numpy(object) for c in COLUMNS}
    steps = 6

    def step(k):
        if progress is not None:
            progress(k, steps)

    # 1. empty required cells
    blanks = np.column_stack([_blank_mask(raw[c]) for c in REQUIRED]) if n else np.zeros((0, len(REQUIRED)), bool)
    rp.flag(blanks.any(axis=1), lambda i: f"empty {', '.join(c for c, b in zip(REQUIRED, blanks[i]) if b)}")
    # 2. dates
    def _parse(v):
        try:
            return parse_date(v)
        except ValueError as exc:
            return str(exc)
    parsed = _unique_map(pd.DataFrame({"d": raw["date"]}), _parse) if n else []
    date_err = np.array([isinstance(v, str) for v in parsed], bool)
    rp.flag(date_err, lambda i: parsed[i])
    y = np.array([v[0] if not isinstance(v, str) else 0 for v in parsed], dtype=np.int64)
    mo = np.array([(v[1] or 0) if not isinstance(v, str) else 0 for v in parsed], dtype=np.int64)
    d = np.array([(v[2] or 0) if not isinstance(v, str) else 0 for v in parsed], dtype=np.int64)
    step(1)
    # 3. events
    event = raw["event"].str.lower().to_numpy(object)
    rp.flag(~pd.Series(event).isin(list(EVENT_STATUS)).to_numpy(), lambda i: f"unknown event {col['event'][i]!r}; valid: {', '.join(EVENT_STATUS)}")
    # 4. states (resolved once per name and year: a name can be ambiguous in one year only)
    def _state(value, year):
        try:
            return int(sidx.resolve(value, year=int(year)))
        except (UnknownStateError, AmbiguousNameError) as exc:
            sugg = f" Did you mean: {'; '.join(exc.suggestions)}?" if exc.suggestions else ""
            what = "ambiguous" if isinstance(exc, AmbiguousNameError) else "unknown"
            return f"{what} state {str(value)!r}.{sugg}"
    todo = ~rp.bad
    states = [None] * n
    if todo.any():
        sub = pd.DataFrame({"s": raw["state"][todo], "y": np.minimum(y[todo], 2016)})
        for i, v in zip(np.flatnonzero(todo), _unique_map(sub, _state)):
            states[i] = v
    rp.flag(np.array([isinstance(v, str) for v in states], bool), lambda i: states[i])
    ccode = np.array([v if isinstance(v, int) else -1 for v in states], dtype=np.int64)
    step(2)
    # 5. organizations
    def _org(value):
        try:
            return resolver.resolve(value)
        except LookupError as exc:
            sugg = exc.args[0]
            return LookupError(f"unknown organization {str(value)!r}." + (f" Did you mean: {'; '.join(sugg)}?" if sugg else "")
                               + " Define new organizations in a records YAML file (see docs/records.md).")
    todo = ~rp.bad
    ios = [None] * n
    if todo.any():
        for i, v in zip(np.flatnonzero(todo), _unique_map(pd.DataFrame({"o": raw["org"][todo]}), _org)):
            ios[i] = v
    rp.flag(np.array([isinstance(v, LookupError) for v in ios], bool), lambda i: str(ios[i]))
    # 6. confidence and source address
    conf = raw["confidence"].str.lower().to_numpy(object)
    rp.flag(~pd.Series(conf).isin(list(CONFIDENCE)).to_numpy(), lambda i: f"unknown confidence {col['confidence'][i]!r}; valid: {', '.join(CONFIDENCE)}")
    url_ok = raw["source_url"].str.startswith(("http://", "https://")).to_numpy(bool)
    rp.flag(~url_ok, lambda i: f"source_url {col['source_url'][i]!r} must start with http:// or https://")
    step(3)
    # 7. the state is in the system in the event's year (after the COW years: at the end of the last one)
    todo = ~rp.bad
    ok = np.ones(n, bool)
    if todo.any():
        def _in_sys(c, yy):
            if yy <= last_cow:
                return sidx.in_system(int(c), int(yy))
            si = cube.state_index.get(int(c))
            return si is not None and bool(in_sys_last[si])
        for i, v in zip(np.flatnonzero(todo), _unique_map(pd.DataFrame({"c": ccode[todo], "y": y[todo]}), _in_sys)):
            ok[i] = v

    def _not_in(i):
        yy = int(y[i])
        when = str(yy) if yy <= last_cow else f"{yy} (after {last_cow}, the panel holds the states in the system at the end of {last_cow})"
        return f"{sidx.label(int(ccode[i]))} is not in the state system in {when}"
    rp.flag(~ok, _not_in)
    # 8. organization's life: founding, COW years, COW death
    io_arr = np.array([v if isinstance(v, str) else "" for v in ios], dtype=object)
    uio = sorted(set(io_arr[~rp.bad]))
    founded = {io: resolver.founded_year(io) for io in uio}
    cly = {io: resolver.cow_last_year(io) for io in uio}
    fy = np.array([founded.get(io) if founded.get(io) is not None else -1 for io in io_arr], dtype=np.int64)
    rp.flag((fy >= 0) & (y < fy), lambda i: f"{resolver.label(io_arr[i])} was founded in {fy[i]}, after this event ({_date_str(int(y[i]), int(mo[i]) or None, int(d[i]) or None)})")
    is_mem = pd.Series(event).isin(list(MEMBERSHIP_EVENTS)).to_numpy()
    in_orgs = np.array([io in orgs for io in io_arr], bool)
    rp.flag(is_mem & ~in_orgs & (y <= last_cow),
            lambda i: f"the COW IGO data cover {resolver.label(io_arr[i])} in {y[i]}; records may change COW memberships only after {last_cow} (use an engagement event, or a new organization in YAML)")
    last = np.array([cly.get(io) if cly.get(io) is not None else 10_000 for io in io_arr], dtype=np.int64)
    rp.flag(~in_orgs & (last < last_cow) & (y > last), lambda i: f"{resolver.label(io_arr[i])} is not alive after {last[i]} in the COW data")
    step(4)
    rp.emit(problems)
    good = ~rp.bad
    gi = np.flatnonzero(good)
    names = {io: resolver.name(io) for io in set(io_arr[gi])}

    def text(c):  # kept as (Arrow-backed) text: a large file stays compact in memory
        return raw[c].iloc[gi].reset_index(drop=True)
    org_name = text("org_name")
    fallback = pd.Series([names[io] for io in io_arr[gi]], dtype="string")
    ev = pd.DataFrame({
        "file": raw["file"].iloc[gi].reset_index(drop=True), "line": raw["line"].to_numpy()[gi].astype(np.int64),
        "state": text("state"), "ccode": ccode[gi], "org": text("org"), "ioname": io_arr[gi],
        "org_name": org_name.where(org_name != "", fallback),
        "event": event[gi], "date": _unique_map(pd.DataFrame({"y": y[gi], "m": mo[gi], "d": d[gi]}), lambda a, b, c: _date_str(int(a), int(b) or None, int(c) or None)) if len(gi) else [],
        "year": y[gi], "month": mo[gi], "day": d[gi],
        "confidence": conf[gi], "source_title": text("source_title"), "source_url": text("source_url"),
        "notes": text("notes"),
    })
    if ev.empty:
        return ev
    # the checks below read the events by state, organization and date; they sort integer keys, not the table
    file_rank = pd.factorize(ev["file"].astype(str), sort=True)[0]
    order = np.lexsort((ev["line"].to_numpy(), file_rank, ev["day"].to_numpy(), ev["month"].to_numpy(),
                        ev["year"].to_numpy(), pd.factorize(ev["ioname"], sort=True)[0], ev["ccode"].to_numpy()))
    _check_duplicates(ev, order, problems)
    step(5)
    seq = ev["event"].isin(MEMBERSHIP_EVENTS + EXIT_EVENTS).to_numpy()
    _check_sequences(ev.iloc[order[seq[order]]], orgs, resolver, problems, cube, last_cow)
    step(6)
    return ev


def _where(r) -> str:
    return f"{r.file}:{r.line}"


def _check_duplicates(ev: pd.DataFrame, order: np.ndarray, problems: _Problems) -> None:
    """Duplicates (same state, organization, event, date) and same-day contradictions, in ``order``."""
    codes = pd.DataFrame({"c": ev["ccode"].to_numpy(), "o": pd.factorize(ev["ioname"])[0],
                          "e": pd.factorize(ev["event"])[0], "d": pd.factorize(ev["date"])[0]}).iloc[order]
    dup = codes.duplicated(keep="first").to_numpy()
    if dup.any():
        first_pos = codes.groupby(["c", "o", "e", "d"], sort=False).cumcount().to_numpy()
        firsts = {}
        for k, (row, n) in enumerate(zip(codes.itertuples(index=False, name=None), first_pos)):
            if n == 0:
                firsts[row] = order[k]
            elif dup[k]:
                r, a = ev.iloc[order[k]], ev.iloc[firsts[row]]
                problems.add(r.file, int(r.line), f"duplicate record: {r.state} {r.org} {r.event} {r.date} is already at {a.file}:{a.line}")
    is_mem = ev["event"].isin(MEMBERSHIP_EVENTS).to_numpy()
    sub = order[is_mem[order]]
    if not len(sub):
        return
    mem = ev.iloc[sub]
    status = mem.event.map(EVENT_STATUS)
    g = mem.assign(_s=status).groupby(["ccode", "ioname", "date"], sort=False)
    first = g[["event", "file", "line", "_s"]].transform("first")
    clash = (status.to_numpy() != first["_s"].to_numpy())
    for j in np.flatnonzero(clash):
        r, a = mem.iloc[j], first.iloc[j]
        problems.add(r.file, int(r.line), f"contradicts {a.file}:{a.line}: {r.state} {r.org} on {r.date} is both {a.event!r} and {r.event!r}")


_LABEL = {1: "a full member", 2: "an associate member", 3: "an observer", 0: "not a member", -9: "of unknown status", -1: "not alive"}


def _check_sequences(ev: pd.DataFrame, orgs: dict[str, OrgDef], resolver: _OrgResolver, problems: _Problems, cube, last_cow: int) -> None:
    yi = last_cow - cube.year0
    state: dict = {}  # (ccode, ioname) -> (status, origin); ev is sorted by pair and date
    suspended: dict = {}  # (ccode, ioname) -> where the open suspension is recorded
    for r in ev[ev.event.isin(MEMBERSHIP_EVENTS + EXIT_EVENTS)].itertuples(index=False):
        key = (r.ccode, r.ioname)
        if key not in state:
            if r.ioname in orgs:
                od = orgs[r.ioname]
                s = 0 if od.complete_through is not None and r.year <= od.complete_through else -9
                state[key] = (s, f"the member list of {od.abbreviation} ({od.path}:{od.line})" if s == 0 else None)
            else:
                si, oi = cube.state_index.get(r.ccode), cube.org_index.get(r.ioname)
                s = int(cube.status[si, oi, yi]) if si is not None and oi is not None else -9
                state[key] = (-9 if s == int(ABSENT) else s, f"the COW data ({last_cow})")
        status, origin = state[key]
        new = EVENT_STATUS[r.event]
        if r.event in EXIT_EVENTS:
            if status in (0, -1):
                verb = "reinstated in" if r.event == "reinstated" else f"{r.event!r} from"
                problems.add(r.file, r.line, f"{r.state} cannot be {verb} {r.org}: it never joined (it is {_LABEL[status]} according to {origin})")
                continue
            if r.event == "reinstated" and key not in suspended:
                problems.add(r.file, r.line, f"{r.state} cannot be reinstated in {r.org} on {r.date}: no earlier suspension is recorded (add the 'suspended' row)")
                continue
            if r.event == "suspended":
                suspended[key] = _where(r)
            else:
                suspended.pop(key, None)
        elif status == new:
            problems.add(r.file, r.line, f"contradiction: {r.state} is already {_LABEL[status]} of {r.org} according to {origin}, so {r.event!r} on {r.date} changes nothing")
            continue
        if new is not None:
            state[key] = (new, _where(r))
            if new == 0:
                suspended.pop(key, None)


def _read_coverage(items: list, orgs: dict[str, OrgDef], aliases: dict[str, str], problems: _Problems) -> dict[str, Coverage]:
    """Check the coverage statements of the YAML files (after every file's organizations and aliases are known)."""
    store = get_store()
    last_cow = store.igo_years[1]
    resolver = _OrgResolver(store.table("organizations"), orgs, aliases)
    out: dict[str, Coverage] = {}
    for path, c in items:
        line = c.get("__line__")
        missing = [k for k in ("org", "complete_through", "source_title", "source_url") if _blank(c.get(k))]
        if missing:
            problems.add(path, line, f"coverage of {c.get('org', '?')!r}: missing {', '.join(missing)}")
            continue
        unknown = sorted(k for k in c if k not in ("org", "complete_through", "confidence", "source_title", "source_url", "note", "__line__"))
        if unknown:
            problems.add(path, line, f"coverage of {c['org']!r}: unknown key(s) {', '.join(map(repr, unknown))}; valid: org, complete_through, confidence, source_title, source_url, note")
            continue
        try:
            io = resolver.resolve(c["org"])
        except LookupError as exc:
            sugg = exc.args[0]
            problems.add(path, line, f"coverage: unknown organization {str(c['org'])!r}." + (f" Did you mean: {'; '.join(sugg)}?" if sugg else ""))
            continue
        if io in orgs:
            problems.add(path, line, f"coverage of {c['org']!r}: {orgs[io].abbreviation} is defined in the records; give its complete_through in its definition ({orgs[io].path}:{orgs[io].line})")
            continue
        ct = c["complete_through"]
        if not (isinstance(ct, int) and not isinstance(ct, bool)) or not last_cow < ct <= 2100:
            problems.add(path, line, f"coverage of {c['org']!r}: complete_through must be a year after {last_cow} (the COW data are the record until then), not {ct!r}")
            continue
        cly = resolver.cow_last_year(io)
        if cly is not None and cly < last_cow:
            problems.add(path, line, f"coverage of {c['org']!r}: {resolver.label(io)} is not alive after {cly} in the COW data")
            continue
        if io in out:
            problems.add(path, line, f"coverage of {c['org']!r}: {resolver.label(io)} is covered twice (first at {out[io].path}:{out[io].line})")
            continue
        conf = str(c.get("confidence", "high")).strip().lower()
        if conf not in CONFIDENCE:
            problems.add(path, line, f"coverage of {c['org']!r}: confidence {conf!r}; valid: {', '.join(CONFIDENCE)}")
            continue
        if not str(c["source_url"]).startswith(("http://", "https://")):
            problems.add(path, line, f"coverage of {c['org']!r}: source_url must start with http:// or https://")
            continue
        out[io] = Coverage(ioname=io, org=str(c["org"]), complete_through=int(ct), confidence=conf,
                           source_title=str(c["source_title"]), source_url=str(c["source_url"]),
                           note=str(c.get("note") or "").strip(), path=str(path), line=line or 0)
    return out


# ----------------------------------------------------------------- loading


_CACHE: dict = {}
_LOCK = threading.Lock()


def _fingerprint(src) -> tuple:
    if isinstance(src, pd.DataFrame):
        return ("df", id(src))
    p = Path(src)
    try:
        st = p.stat()
        return (str(p.resolve()), st.st_mtime_ns, st.st_size)
    except OSError:
        return (str(p), None, None)


def load_record_set(records=None, include_shipped: bool = True, progress=None) -> RecordSet:
    """Read and validate records (shipped, ``MULTIVECTOR_RECORDS``, and ``records``).

    ``records`` is a path, a list of paths, or a DataFrame with the CSV
    columns. YAML files are read first (their organizations and aliases
    serve every CSV), then all events are validated together, so a user's
    file may refer to organizations defined in the shipped YAML.
    ``progress(stage, done, total)``, if given, is called while large files
    are read (bytes) and checked (steps).

    Raises:
        RecordsError: the first problem, as ``file:line: message``; the
            exception's ``problems`` attribute lists all of them.
    """
    sources = record_sources(records, include_shipped)
    key = (id(get_store()), tuple(_fingerprint(s) for s in sources))
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None and not any(isinstance(s, pd.DataFrame) for s in sources):
            return hit
    problems = _Problems()
    store = get_store()
    cow = store.table("organizations")
    orgs: dict[str, OrgDef] = {}
    aliases: dict[str, str] = {}
    member_rows: list[dict] = []
    coverage_rows: list = []
    frames: list[pd.DataFrame] = []
    files: list[str] = []
    for src in sources:
        if isinstance(src, pd.DataFrame):
            continue
        p = Path(src)
        if p.suffix.lower() in (".yaml", ".yml"):
            files.append(str(p))
            if not p.exists():
                problems.add(p, None, _missing(p))
                continue
            _read_yaml(p, problems, cow, orgs, aliases, member_rows, coverage_rows)
    coverage = _read_coverage(coverage_rows, orgs, aliases, problems)
    if member_rows:
        mf = pd.DataFrame(member_rows, columns=list(COLUMNS) + ["file", "line"])
        for c in COLUMNS:
            mf[c] = _as_text(mf[c])
        frames.append(mf)
    for src in sources:
        if isinstance(src, pd.DataFrame):
            files.append("<DataFrame>")
            f = _frame_rows(src.astype(object), "<DataFrame>", problems, header_line=None)
            if f is not None:
                frames.append(f)
            continue
        p = Path(src)
        if p.suffix.lower() in (".yaml", ".yml"):
            continue
        files.append(str(p))
        if not p.exists():
            problems.add(p, None, _missing(p))
            continue
        if p.suffix.lower() != ".csv":
            problems.add(p, None, "records files must be .csv (events) or .yaml/.yml (organizations)")
            continue
        f = _read_csv(p, problems, None if progress is None else (lambda done, total, _n=p.name: progress(f"reading {_n}", done, total)))
        if f is not None:
            frames.append(f)
    problems.raise_if_any()
    raw = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({c: pd.Series(dtype="string") for c in COLUMNS})
    for c in COLUMNS:  # one text type for every column, whatever the frames had
        if not (pd.api.types.is_string_dtype(raw[c]) and not pd.api.types.is_object_dtype(raw[c])):
            raw[c] = _as_text(raw[c])
    if "file" not in raw:
        raw["file"], raw["line"] = pd.Series(dtype=object), pd.Series(dtype="int64")
    events = _validate(raw, orgs, aliases, problems, None if progress is None else (lambda done, total: progress("checking", done, total)))
    problems.raise_if_any()
    if events.empty:
        events = pd.DataFrame({c: pd.Series(dtype="int64" if c in ("line", "ccode", "year", "month", "day") else object)
                               for c in ["file", "line", "state", "ccode", "org", "ioname", "org_name", "event", "date",
                                         "year", "month", "day", "confidence", "source_title", "source_url", "notes"]})
    events = events.sort_values(["year", "month", "day", "ccode", "ioname", "file", "line"], kind="stable").reset_index(drop=True)
    events["kind"] = np.where(events.event.isin(MEMBERSHIP_EVENTS), "membership", "engagement")
    cacheable = not any(isinstance(s, pd.DataFrame) for s in sources)
    rs = RecordSet(events=events, organizations=orgs, aliases=aliases, coverage=coverage, files=files,
                   key=key if cacheable else None)
    if cacheable:
        with _LOCK:
            if len(_CACHE) > 16:
                _CACHE.clear()
            _CACHE[key] = rs
    return rs


def load_records(paths=None, include_shipped: bool = True) -> pd.DataFrame:
    """The validated engagement records as a DataFrame, one row per event.

    Parameters:
        paths: extra records files (CSV events, YAML organizations), a list
            of them, or a DataFrame with the CSV columns; added to the
            shipped records and those named in ``MULTIVECTOR_RECORDS``.
        include_shipped: read the records shipped with the package.

    Returns:
        DataFrame ``file, line, state, ccode, org, ioname, org_name, event,
        date, year, month, day, confidence, source_title, source_url,
        notes, kind`` (``kind`` is ``membership`` or ``engagement``;
        ``notes`` is empty unless the row says more, e.g. that sources
        disagree on the date), sorted by date.
        ``month``/``day`` are 0 where the source gives only a year or month.

    Raises:
        RecordsError: a row fails validation (message ``file:line: ...``).

    Example:
        >>> import multivector as mv
        >>> r = mv.load_records()
        >>> r[(r.ccode == 705) & (r.ioname == "wto")][["event", "date"]].values.tolist()
        [['joined_full', '2015-11-30']]
    """
    ev = load_record_set(paths, include_shipped).events
    return ev.copy()


def record_organizations(paths=None, include_shipped: bool = True) -> pd.DataFrame:
    """Organizations defined in the records (not in the COW data).

    Returns:
        DataFrame ``ioname, abbreviation, orgname, founded, founded_year,
        political, social, economic, predecessor, complete_through,
        confidence, source_title, source_url, note``.

    Example:
        >>> import multivector as mv
        >>> o = mv.record_organizations().set_index("ioname")
        >>> o.loc["eaeu", "predecessor"], int(o.loc["aiib", "founded_year"])
        ('eaec', 2015)
    """
    rs = load_record_set(paths, include_shipped)
    rows = [{
        "ioname": o.id, "abbreviation": o.abbreviation, "orgname": o.name, "founded": o.founded,
        "founded_year": o.founded_year, "political": o.political, "social": o.social, "economic": o.economic,
        "predecessor": o.predecessor, "complete_through": o.complete_through, "confidence": o.confidence,
        "source_title": o.source_title, "source_url": o.source_url, "note": o.note,
    } for o in rs.organizations.values()]
    df = pd.DataFrame(rows, columns=["ioname", "abbreviation", "orgname", "founded", "founded_year", "political", "social",
                                     "economic", "predecessor", "complete_through", "confidence", "source_title",
                                     "source_url", "note"])
    df["complete_through"] = df["complete_through"].astype("Int64")
    return df


def validate_records(paths, include_shipped: bool = True, progress=None) -> pd.DataFrame:
    """Validate records files and list every problem (empty when all is well).

    Unlike :func:`load_records`, this does not stop at the first problem.
    ``progress(stage, done, total)``, if given, is called while the files
    are read (``"reading NAME"``, bytes) and checked (``"checking"``, steps).

    Returns:
        DataFrame ``file, line, message``.

    Example:
        >>> import multivector as mv
        >>> from multivector.engine._records import shipped_paths
        >>> len(mv.validate_records(shipped_paths(), include_shipped=False))
        0
    """
    try:
        load_record_set(paths, include_shipped, progress=progress)
    except RecordsError as exc:
        items = getattr(exc, "problems", [(exc.path, exc.line, exc.message)])
        return pd.DataFrame(items, columns=["file", "line", "message"]).astype({"line": "Int64"})
    return pd.DataFrame({"file": pd.Series(dtype="string"), "line": pd.Series(dtype="Int64"), "message": pd.Series(dtype="string")})


def list_records(state=None, org=None, event=None, records=None) -> pd.DataFrame:
    """The records, filtered by state, organization and event, for display.

    Parameters:
        state: a state (name, code, ISO) or None.
        org: a record abbreviation (``EAEU``), COW ioname or None.
        event: an event code (``joined_full``, ``unsc_seat``, ...) or None.
        records: extra records files or a DataFrame.

    Returns:
        DataFrame ``date, ccode, state, org, ioname, event, confidence,
        source_title, source_url, notes, file, line`` sorted by date.

    Example:
        >>> from multivector.engine._records import list_records
        >>> list_records("Kazakhstan", event="unsc_seat")[["date", "org"]].values.tolist()
        [['2017-01-01', 'UNSC']]
    """
    from multivector._errors import InvalidArgumentError, UnknownOrganizationError
    from multivector.engine._resolve import resolve_state

    rs = load_record_set(records)
    ev = rs.events
    if state is not None:
        ev = ev[ev.ccode == resolve_state(state)]
    if org is not None:
        resolver = _OrgResolver(get_store().table("organizations"), rs.organizations, rs.aliases)
        try:
            io = resolver.resolve(org)
        except LookupError as exc:
            raise UnknownOrganizationError(org, exc.args[0], "org") from None
        ev = ev[ev.ioname == io]
    if event is not None:
        if event not in EVENT_STATUS:
            raise InvalidArgumentError(f"event: unknown event {event!r}; valid: {', '.join(EVENT_STATUS)}", "event")
        ev = ev[ev.event == event]
    cols = ["date", "ccode", "state", "org", "ioname", "event", "confidence", "source_title", "source_url", "notes", "file", "line"]
    out = ev[cols].copy()
    out["file"] = out["file"].map(lambda f: Path(f).name if f != "<DataFrame>" else f)
    return out.reset_index(drop=True)


def clear_cache() -> None:
    """Forget loaded records (after editing a records file in place)."""
    with _LOCK:
        _CACHE.clear()

