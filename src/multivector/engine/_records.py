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
EXIT_EVENTS = ("left", "expelled", "suspended")
#: Events shown in the engagement timeline (no change of status).
ENGAGEMENT_EVENTS = tuple(k for k, v in EVENT_STATUS.items() if v is None)
CONFIDENCE = ("high", "medium", "low")
COLUMNS = ("state", "org", "org_name", "event", "date", "confidence", "source_title", "source_url")
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
class RecordSet:
    """Validated records: events, organization definitions and aliases."""

    events: pd.DataFrame
    organizations: dict[str, OrgDef] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
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


def _read_yaml(path: Path, problems: _Problems, cow: pd.DataFrame, orgs: dict, aliases: dict, member_rows: list):
    doc = _yaml_load(path, problems)
    if not isinstance(doc, dict):
        problems.add(path, 1, "expected a mapping with 'aliases' and/or 'organizations'")
        return
    unknown = sorted(k for k in doc if k not in ("aliases", "organizations", "__line__"))
    if unknown:
        problems.add(path, doc.get("__line__", 1), f"unknown top-level key(s) {', '.join(map(repr, unknown))}; valid: 'aliases', 'organizations'")
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


def _read_csv(path: Path, problems: _Problems) -> list[dict]:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")  # tolerate a BOM (spreadsheet exports)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        problems.add(path, None, _unreadable(exc, "CSV"))
        return []
    return _frame_rows(df, str(path), problems, header_line=1)


def _frame_rows(df: pd.DataFrame, path: str, problems: _Problems, header_line: int | None = 1) -> list[dict]:
    cols = [str(c).strip() for c in df.columns]
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        problems.add(path, header_line, f"missing column(s) {', '.join(missing)}; a records CSV needs: {', '.join(COLUMNS)}")
        return []
    df = df.copy()
    df.columns = cols
    rows = []
    for i, r in enumerate(df.to_dict("records")):
        r = {k: (v.strip() if isinstance(v, str) else v) for k, v in r.items() if k in COLUMNS}
        r.setdefault("org_name", "")
        r["file"] = path
        r["line"] = i + 2 if header_line else i + 1
        rows.append(r)
    return rows


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


def _validate(rows: list[dict], orgs: dict[str, OrgDef], aliases: dict[str, str], problems: _Problems) -> pd.DataFrame:
    from multivector.engine._resolve import state_index

    store = get_store()
    cube = store.cube
    last_cow = store.igo_years[1]
    in_sys_last = cube.in_system()[:, last_cow - cube.year0]
    cow = store.table("organizations")
    resolver = _OrgResolver(cow, orgs, aliases)
    sidx = state_index()
    good = []
    for r in rows:
        path, line = r["file"], r["line"]
        missing = [c for c in REQUIRED if _blank(r.get(c))]
        if missing:
            problems.add(path, line, f"empty {', '.join(missing)}")
            continue
        try:
            y, mo, d = parse_date(r["date"])
        except ValueError as exc:
            problems.add(path, line, str(exc))
            continue
        event = str(r["event"]).strip().lower()
        if event not in EVENT_STATUS:
            problems.add(path, line, f"unknown event {r['event']!r}; valid: {', '.join(EVENT_STATUS)}")
            continue
        try:
            ccode = sidx.resolve(r["state"], year=min(y, 2016))
        except (UnknownStateError, AmbiguousNameError) as exc:
            sugg = f" Did you mean: {'; '.join(exc.suggestions)}?" if exc.suggestions else ""
            what = "ambiguous" if isinstance(exc, AmbiguousNameError) else "unknown"
            problems.add(path, line, f"{what} state {str(r['state'])!r}.{sugg}")
            continue
        try:
            io = resolver.resolve(r["org"])
        except LookupError as exc:
            sugg = exc.args[0]
            problems.add(path, line, f"unknown organization {str(r['org'])!r}." + (f" Did you mean: {'; '.join(sugg)}?" if sugg else "")
                         + " Define new organizations in a records YAML file (see docs/records.md).")
            continue
        conf = str(r["confidence"]).strip().lower()
        if conf not in CONFIDENCE:
            problems.add(path, line, f"unknown confidence {r['confidence']!r}; valid: {', '.join(CONFIDENCE)}")
            continue
        if not str(r["source_url"]).startswith(("http://", "https://")):
            problems.add(path, line, f"source_url {r['source_url']!r} must start with http:// or https://")
            continue
        if y <= last_cow:
            ok = sidx.in_system(ccode, y)
        else:
            si = cube.state_index.get(ccode)
            ok = si is not None and bool(in_sys_last[si])
        if not ok:
            when = str(y) if y <= last_cow else f"{y} (after {last_cow}, the panel holds the states in the system at the end of {last_cow})"
            problems.add(path, line, f"{sidx.label(ccode)} is not in the state system in {when}")
            continue
        fy = resolver.founded_year(io)
        if fy is not None and y < fy:
            problems.add(path, line, f"{resolver.label(io)} was founded in {fy}, after this event ({_date_str(y, mo, d)})")
            continue
        cly = resolver.cow_last_year(io)
        if event in MEMBERSHIP_EVENTS and io not in orgs:
            if y <= last_cow:
                problems.add(path, line, f"the COW IGO data cover {resolver.label(io)} in {y}; records may change COW memberships only after {last_cow} (use an engagement event, or a new organization in YAML)")
                continue
        if io not in orgs and cly is not None and cly < last_cow and y > cly:
            problems.add(path, line, f"{resolver.label(io)} is not alive after {cly} in the COW data")
            continue
        good.append({
            "file": path, "line": int(line) if line is not None else 0, "state": str(r["state"]), "ccode": int(ccode),
            "org": str(r["org"]), "ioname": io, "org_name": str(r.get("org_name") or resolver.name(io)),
            "event": event, "date": _date_str(y, mo, d), "year": y, "month": mo or 0, "day": d or 0,
            "confidence": conf, "source_title": str(r["source_title"]), "source_url": str(r["source_url"]),
        })
    ev = pd.DataFrame(good, columns=["file", "line", "state", "ccode", "org", "ioname", "org_name", "event", "date",
                                     "year", "month", "day", "confidence", "source_title", "source_url"])
    if ev.empty:
        return ev
    ev = ev.sort_values(["ccode", "ioname", "year", "month", "day", "file", "line"], kind="stable").reset_index(drop=True)
    _check_duplicates(ev, problems)
    _check_sequences(ev, orgs, resolver, problems, cube, last_cow)
    return ev


def _where(r) -> str:
    return f"{r.file}:{r.line}"


def _check_duplicates(ev: pd.DataFrame, problems: _Problems) -> None:
    first: dict = {}
    for r in ev.itertuples(index=False):
        key = (r.ccode, r.ioname, r.event, r.date)
        if key in first:
            problems.add(r.file, r.line, f"duplicate record: {r.state} {r.org} {r.event} {r.date} is already at {_where(first[key])}")
        else:
            first[key] = r
    seen: dict = {}
    for r in ev.itertuples(index=False):
        if r.event not in MEMBERSHIP_EVENTS:
            continue
        key = (r.ccode, r.ioname, r.date)
        a = seen.setdefault(key, r)
        if EVENT_STATUS[a.event] != EVENT_STATUS[r.event]:
            problems.add(r.file, r.line, f"contradicts {_where(a)}: {r.state} {r.org} on {r.date} is both {a.event!r} and {r.event!r}")


_LABEL = {1: "a full member", 2: "an associate member", 3: "an observer", 0: "not a member", -9: "of unknown status", -1: "not alive"}


def _check_sequences(ev: pd.DataFrame, orgs: dict[str, OrgDef], resolver: _OrgResolver, problems: _Problems, cube, last_cow: int) -> None:
    yi = last_cow - cube.year0
    state: dict = {}  # (ccode, ioname) -> (status, origin); ev is sorted by pair and date
    for r in ev.itertuples(index=False):
        if r.event not in MEMBERSHIP_EVENTS and r.event != "suspended":
            continue
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
                problems.add(r.file, r.line, f"{r.state} cannot be {r.event!r} from {r.org}: it never joined (it is {_LABEL[status]} according to {origin})")
                continue
        elif status == new:
            problems.add(r.file, r.line, f"contradiction: {r.state} is already {_LABEL[status]} of {r.org} according to {origin}, so {r.event!r} on {r.date} changes nothing")
            continue
        if new is not None:
            state[key] = (new, _where(r))


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


def load_record_set(records=None, include_shipped: bool = True) -> RecordSet:
    """Read and validate records (shipped, ``MULTIVECTOR_RECORDS``, and ``records``).

    ``records`` is a path, a list of paths, or a DataFrame with the CSV
    columns. YAML files are read first (their organizations and aliases
    serve every CSV), then all events are validated together, so a user's
    file may refer to organizations defined in the shipped YAML.

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
    rows: list[dict] = []
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
            _read_yaml(p, problems, cow, orgs, aliases, rows)
    for src in sources:
        if isinstance(src, pd.DataFrame):
            files.append("<DataFrame>")
            rows.extend(_frame_rows(src.astype(object), "<DataFrame>", problems, header_line=None))
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
        rows.extend(_read_csv(p, problems))
    problems.raise_if_any()
    events = _validate(rows, orgs, aliases, problems)
    problems.raise_if_any()
    events = events.sort_values(["year", "month", "day", "ccode", "ioname", "file", "line"], kind="stable").reset_index(drop=True)
    events["kind"] = np.where(events.event.isin(MEMBERSHIP_EVENTS), "membership", "engagement")
    cacheable = not any(isinstance(s, pd.DataFrame) for s in sources)
    rs = RecordSet(events=events, organizations=orgs, aliases=aliases, files=files, key=key if cacheable else None)
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
        kind`` (``kind`` is ``membership`` or ``engagement``), sorted by date.
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


def validate_records(paths, include_shipped: bool = True) -> pd.DataFrame:
    """Validate records files and list every problem (empty when all is well).

    Unlike :func:`load_records`, this does not stop at the first problem.

    Returns:
        DataFrame ``file, line, message``.

    Example:
        >>> import multivector as mv
        >>> from multivector.engine._records import shipped_paths
        >>> len(mv.validate_records(shipped_paths(), include_shipped=False))
        0
    """
    try:
        load_record_set(paths, include_shipped)
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
        source_title, source_url, file, line`` sorted by date.

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
    cols = ["date", "ccode", "state", "org", "ioname", "event", "confidence", "source_title", "source_url", "file", "line"]
    out = ev[cols].copy()
    out["file"] = out["file"].map(lambda f: Path(f).name if f != "<DataFrame>" else f)
    return out.reset_index(drop=True)


def clear_cache() -> None:
    """Forget loaded records (after editing a records file in place)."""
    with _LOCK:
        _CACHE.clear()

