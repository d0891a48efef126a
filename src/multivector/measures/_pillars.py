"""Pillars: named sets of states, possibly changing by year, among which a state balances.

A :class:`Pillar` is defined by states (COW codes, optionally limited to
years) and/or by the full members of a COW organization in given years (the
European Union pillar is, each year, the full members of the EEC for
1958-1992 and of the EU from 1993). A :class:`PillarSet` is an ordered
collection of pillars; the default set (Russia, China, United States,
European Union, Turkey) ships in ``data/pillars.toml``.

Anything that takes ``pillars=`` accepts:

- ``None``: the default set;
- a :class:`PillarSet` or a list of :class:`Pillar`;
- a path to a TOML file laid out like ``data/pillars.toml``;
- a string of default keys, comma-separated, where ``+`` merges pillars:
  ``"russia,china,usa+eu"`` gives three pillars, the last one named
  "United States + European Union" (side ``west``);
- a dict ``{name: states}`` (states as names or COW codes), e.g.
  ``{"Russia": [365], "China": [710], "India": ["India"]}``.

A group pillar (several states) is a member of an organization in a year by
the ``rule`` (``docs/methodology.md``, "Pillars"): ``majority`` (default) when
at least half of its members in the state system that year are full members,
``any`` when at least one is, ``all`` when every one is. Missing cells (-9)
make the pillar's membership unknown only when they could change the
result.
"""

from __future__ import annotations

import re
import threading
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from multivector._errors import InvalidArgumentError, UnknownPillarError
from multivector.data._store import ABSENT, Cube, get_store
from multivector._years import YearsArg, parse_years

__all__ = ["RULES", "SIDES", "Pillar", "PillarSet", "default_pillars", "load_pillars", "pillar_members", "pillar_table"]

DEFAULT_PILLARS_FILE = Path(__file__).parent.parent / "data" / "pillars.toml"

#: Sides used by the organization categories.
SIDES = ("west", "russia", "china")

#: Membership rules for group pillars.
RULES = ("majority", "any", "all")

#: Pillar-in-organization codes returned by :meth:`PillarSet.org_status`.
MEMBER, NOT_MEMBER, UNKNOWN, NOT_ALIVE = np.int8(1), np.int8(0), np.int8(-9), np.int8(-1)


def _slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", str(name).casefold()).strip("_")
    if not s:
        raise InvalidArgumentError(f"pillars: cannot make a key from the name {name!r}", "pillars")
    return s


@dataclass(frozen=True)
class Pillar:
    """One pillar: states (with optional year limits) and/or the full members of organizations.

    Attributes:
        key: snake_case identifier, used in column names (``share_<key>``).
        name: display name.
        states: tuples ``(ccode, first_year, last_year)`` (years may be None).
        members_of: tuples ``(ioname, first_year, last_year)``: in those
            years the organization's full members belong to the pillar.
        side: ``"west"``, ``"russia"``, ``"china"`` or None (counts for no
            side of the organization categories).

    Build one with :meth:`Pillar.of`, which resolves names:

    Example:
        >>> from multivector.measures._pillars import Pillar
        >>> p = Pillar.of("India", states=["India"])
        >>> p.key, p.states
        ('india', ((750, None, None),))
    """

    key: str
    name: str
    states: tuple = ()
    members_of: tuple = ()
    side: str | None = None

    @classmethod
    def of(cls, name: str, states=(), members_of=(), side: str | None = None, key: str | None = None) -> "Pillar":
        """A pillar from names: ``states`` are names/codes or dicts ``{state, from, to}``;
        ``members_of`` are ionames/names or dicts ``{org, from, to}``."""
        from multivector.engine._resolve import resolve_organization, resolve_state

        if side is not None and side not in SIDES:
            raise InvalidArgumentError(f"pillars: side of {name!r} must be one of {', '.join(SIDES)} (or omitted), got {side!r}", "pillars")
        if isinstance(states, (str, int)):
            states = [states]
        if isinstance(members_of, (str, dict)):
            members_of = [members_of]
        st = [_spanned_entry(s, "state", "a state entry", resolve_state, name) for s in states]
        mo = [_spanned_entry(m, "org", "a members_of entry", resolve_organization, name) for m in members_of]
        if not st and not mo:
            raise InvalidArgumentError(f"pillars: pillar {name!r} has neither states nor members_of", "pillars")
        return cls(key=_slug(key or name), name=str(name), states=tuple(st), members_of=tuple(mo), side=side)

    def describe(self) -> str:
        """The definition in words, e.g. ``"full members of eec 1958-1992; full members of eu 1993-"``."""
        from multivector.engine._resolve import state_index

        parts = []
        info = state_index().info
        for c, a, b in self.states:
            lab = info.stateabb.get(c, str(c)) if c in info.index else str(c)
            parts.append(f"{lab} ({c})" + _span(a, b))
        for o, a, b in self.members_of:
            parts.append(f"full members of {o}" + _span(a, b))
        return "; ".join(parts)


def _span(a, b) -> str:
    if a is None and b is None:
        return ""
    return f" {a if a is not None else ''}-{b if b is not None else ''}"


def _year(v, name):
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int):
        raise InvalidArgumentError(f"pillars: years of {name!r} must be integers, got {v!r}", "pillars")
    return v


def _spanned_entry(entry, key: str, what: str, resolve, name: str) -> tuple:
    """``(resolved, from, to)`` from a plain name/code or a ``{key, from, to}`` table of a pillar file."""
    if not isinstance(entry, dict):
        return (resolve(entry), None, None)
    if set(entry) - {key, "from", "to"} or key not in entry:
        raise InvalidArgumentError(f"pillars: {what} of {name!r} needs '{key}' and may have 'from', 'to'; got {entry}", "pillars")
    return (resolve(entry[key]), *_span_years(entry.get("from"), entry.get("to"), name))


def _span_years(a, b, name):
    a, b = _year(a, name), _year(b, name)
    if a is not None and b is not None and a > b:
        raise InvalidArgumentError(f"pillars: an entry of {name!r} runs from {a} to {b}: 'from' is after 'to'", "pillars")
    return a, b


@dataclass(frozen=True)
class PillarSet:
    """An ordered set of pillars with unique keys.

    Example:
        >>> from multivector.measures._pillars import default_pillars
        >>> default_pillars().keys
        ('russia', 'china', 'usa', 'eu', 'turkey')
    """

    pillars: tuple
    _cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self):
        keys = [p.key for p in self.pillars]
        if not keys:
            raise InvalidArgumentError("pillars: at least one pillar is needed", "pillars")
        dup = sorted({k for k in keys if keys.count(k) > 1})
        if dup:
            raise InvalidArgumentError(f"pillars: duplicate pillar keys {', '.join(dup)}", "pillars")

    def __len__(self) -> int:
        return len(self.pillars)

    def __iter__(self):
        return iter(self.pillars)

    @property
    def keys(self) -> tuple:
        return tuple(p.key for p in self.pillars)

    @property
    def names(self) -> tuple:
        return tuple(p.name for p in self.pillars)

    def __getitem__(self, key: str) -> Pillar:
        for p in self.pillars:
            if p.key == key:
                return p
        raise UnknownPillarError(key, _suggest(key, self.keys), "pillars", valid=self.keys)

    def side_masks(self) -> dict[str, np.ndarray]:
        """Boolean vectors over pillars, one per side."""
        return {s: np.array([p.side == s for p in self.pillars]) for s in SIDES}

    # ---- kernels ---------------------------------------------------------
    def membership(self, cube: Cube) -> np.ndarray:
        """Boolean ``[pillar, state, year]`` over the cube's axes: the state belongs to the pillar.

        A state belongs only in years it is in the state system.
        """
        key = ("membership", id(cube))
        hit = cache_get(self._cache, key, cube)
        if hit is not None:
            return hit
        n_s, _, n_y = cube.status.shape
        present = cube.status[:, 0, :] != ABSENT
        years = np.asarray(cube.years)
        m = np.zeros((len(self.pillars), n_s, n_y), dtype=bool)
        for i, p in enumerate(self.pillars):
            for c, a, b in p.states:
                si = cube.state_index.get(int(c))
                if si is None:
                    continue
                m[i, si] |= _in_span(years, a, b) & present[si]
            for o, a, b in p.members_of:
                oi = cube.org_index.get(o)
                if oi is None:
                    continue
                m[i] |= (cube.status[:, oi, :] == 1) & _in_span(years, a, b)[None, :]
        m.setflags(write=False)
        cache_put(self._cache, key, cube, m)
        return m

    def exists(self, cube: Cube) -> np.ndarray:
        """Boolean ``[pillar, year]``: the pillar has at least one member state that year."""
        return self.membership(cube).any(axis=1)

    def org_status(self, cube: Cube, rule: str = "majority") -> np.ndarray:
        """int8 ``[pillar, org, year]``: 1 the pillar is a member of the organization by ``rule``,
        0 it is not, -9 unknown (missing cells could change the answer), -1 the organization
        is not alive that year or the pillar does not exist."""
        rule = check_rule(rule)
        key = ("org_status", id(cube), rule)
        hit = cache_get(self._cache, key, cube)
        if hit is not None:
            return hit
        m = self.membership(cube).astype(np.float32)  # [P, S, Y]
        st = cube.status
        n_p, _, n_y = m.shape
        n_o = st.shape[1]
        full = np.empty((n_p, n_o, n_y), np.float32)
        known = np.empty((n_p, n_o, n_y), np.float32)
        for y in range(n_y):  # one small matrix product per year
            sy = st[:, :, y]
            full[:, :, y] = m[:, :, y] @ (sy == 1).astype(np.float32)
            known[:, :, y] = m[:, :, y] @ ((sy >= 0)).astype(np.float32)
        n = m.sum(axis=1)[:, None, :]  # members in system, [P, 1, Y]
        unknown = n - known  # members whose cell is -9 (or -1: org not alive)
        alive = ((st >= 0) | (st == -9)).any(axis=0)  # [O, Y]
        if rule == "majority":
            yes = full >= n / 2
            no = full + unknown < n / 2
        elif rule == "any":
            yes = full >= 1
            no = (full + unknown) < 1
        else:  # all
            yes = full >= n
            no = (known - full) >= 1
        out = np.where(yes, MEMBER, np.where(no, NOT_MEMBER, UNKNOWN)).astype(np.int8)
        out[(n[:, 0, :] == 0)[:, None, :] | ~alive[None, :, :]] = NOT_ALIVE
        out.setflags(write=False)
        cache_put(self._cache, key, cube, out)
        return out


_LOCK = threading.Lock()


def cache_get(cache: dict, key, cube):
    """A cached value computed for this very cube object (ids can be reused after a cube is freed)."""
    with _LOCK:
        hit = cache.get(key)
    return hit[1] if hit is not None and hit[0] is cube else None


def cache_put(cache: dict, key, cube, value) -> None:
    with _LOCK:
        if len(cache) > 32:
            cache.clear()
        cache[key] = (cube, value)


def _in_span(years: np.ndarray, a, b) -> np.ndarray:
    ok = np.ones(len(years), dtype=bool)
    if a is not None:
        ok &= years >= a
    if b is not None:
        ok &= years <= b
    return ok


def check_rule(rule: str) -> str:
    if rule not in RULES:
        raise InvalidArgumentError(f"rule: unknown membership rule {rule!r}; valid: {', '.join(RULES)}", "rule")
    return rule


def _suggest(key: str, keys) -> list[str]:
    from rapidfuzz import process

    return [k for k, score, _ in process.extract(str(key), list(keys), limit=3) if score >= 50]


def _from_spec(spec: list[dict], where: str) -> PillarSet:
    out = []
    for i, d in enumerate(spec):
        if not isinstance(d, dict) or "name" not in d:
            raise InvalidArgumentError(f"pillars: entry {i + 1} in {where} needs at least 'name' and 'states' or 'members_of'", "pillars")
        unknown = set(d) - {"key", "name", "side", "states", "members_of"}
        if unknown:
            raise InvalidArgumentError(f"pillars: entry {d['name']!r} in {where} has unknown fields {', '.join(sorted(unknown))} "
                                       "(valid: key, name, side, states, members_of)", "pillars")
        out.append(Pillar.of(d["name"], d.get("states", ()), d.get("members_of", ()), d.get("side"), d.get("key")))
    return PillarSet(tuple(out))


def load_pillars(source: str | Path) -> PillarSet:
    """Read pillars from a TOML file (or TOML text) laid out like the shipped ``pillars.toml``.

    Parameters:
        source: path of a ``.toml`` file, or the TOML text itself.

    Returns:
        :class:`PillarSet`.

    Raises:
        InvalidArgumentError: the file is missing, not valid TOML, or a pillar is malformed.

    Example:
        >>> import multivector as mv
        >>> ps = mv.load_pillars('[[pillar]]\\nname = "India"\\nstates = ["India"]\\n')
        >>> ps.keys
        ('india',)
    """
    text = str(source)
    where = "the TOML text"
    if "\n" not in text and "=" not in text:
        p = Path(text)
        if not text.strip():
            raise InvalidArgumentError("pillars: empty; give a TOML file or TOML text", "pillars")
        if not p.exists():
            raise InvalidArgumentError(f"pillars: file not found: {text}", "pillars")
        if not p.is_file():
            raise InvalidArgumentError(f"pillars: {text} is not a file (give a TOML file like the shipped pillars.toml)", "pillars")
        try:
            text, where = p.read_text(encoding="utf-8"), p.name
        except UnicodeDecodeError:
            raise InvalidArgumentError(f"pillars: {p.name} is not a UTF-8 text file", "pillars") from None
        except OSError as exc:
            raise InvalidArgumentError(f"pillars: cannot read {text}: {exc.strerror or exc}", "pillars") from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidArgumentError(f"pillars: {where} is not valid TOML ({exc})", "pillars") from None
    spec = doc.get("pillar")
    if not isinstance(spec, list) or not spec:
        raise InvalidArgumentError(f"pillars: {where} defines no [[pillar]] tables", "pillars")
    return _from_spec(spec, where)


_DEFAULT: dict = {}


def default_pillars() -> PillarSet:
    """The shipped default pillars: Russia, China, United States, European Union, Turkey.

    Example:
        >>> import multivector as mv
        >>> [p.name for p in mv.default_pillars()]
        ['Russia', 'China', 'United States', 'European Union', 'Turkey']
    """
    key = id(get_store())
    ps = _DEFAULT.get(key)
    if ps is None:
        ps = _DEFAULT[key] = load_pillars(DEFAULT_PILLARS_FILE)
    return ps


def as_pillar_set(pillars) -> PillarSet:
    """Normalise any accepted ``pillars`` argument (see the module docstring) to a :class:`PillarSet`."""
    if pillars is None:
        return default_pillars()
    if isinstance(pillars, PillarSet):
        return pillars
    if isinstance(pillars, Pillar):
        return PillarSet((pillars,))
    if isinstance(pillars, Path) or (isinstance(pillars, str) and (pillars.endswith(".toml") or "\n" in pillars
                                                                    or ("," not in pillars and pillars.strip() and Path(pillars).exists()))):
        return load_pillars(pillars)
    if isinstance(pillars, str):
        return _from_keys(pillars)
    if isinstance(pillars, dict):
        return PillarSet(tuple(v if isinstance(v, Pillar) else Pillar.of(k, states=v) for k, v in pillars.items()))
    if isinstance(pillars, (list, tuple)) and all(isinstance(p, Pillar) for p in pillars):
        return PillarSet(tuple(pillars))
    raise InvalidArgumentError("pillars: expected None, a PillarSet, a TOML path, keys like 'russia,china,usa+eu', "
                               f"or a dict of name -> states; got {type(pillars).__name__}", "pillars")


def _from_keys(spec: str) -> PillarSet:
    base = default_pillars()
    out = []
    for part in [p.strip() for p in spec.split(",") if p.strip()]:
        ks = [k.strip().lower() for k in part.split("+")]
        ps = [base[k] for k in ks]  # raises UnknownPillarError with suggestions
        if len(ps) == 1:
            out.append(ps[0])
            continue
        sides = {p.side for p in ps}
        out.append(Pillar(key="_".join(ks), name=" + ".join(p.name for p in ps),
                          states=tuple(s for p in ps for s in p.states),
                          members_of=tuple(m for p in ps for m in p.members_of),
                          side=sides.pop() if len(sides) == 1 else None))
    if not out:
        raise InvalidArgumentError(f"pillars: no pillar keys in {spec!r}; valid keys: {', '.join(base.keys)}", "pillars")
    return PillarSet(tuple(out))


def pillar_members(years: YearsArg = None, pillars=None) -> pd.DataFrame:
    """The member states of each pillar, per year.

    Parameters:
        years: a year, ``(start, end)``, ``"1991-2014"`` or a list (default: all IGO years).
        pillars: pillar definitions (default: the shipped set; see the module docstring).

    Returns:
        DataFrame ``pillar, pillar_name, year, ccode, stateabb`` sorted by
        pillar order, year and ccode.

    Example:
        >>> import multivector as mv
        >>> m = mv.pillar_members(2004)
        >>> int((m.pillar == "eu").sum()), m[m.pillar == "russia"].stateabb.tolist()
        (25, ['RUS'])
    """
    store = get_store()
    ps = as_pillar_set(pillars)
    cube = store.cube
    ys = parse_years(years, store.igo_years)
    m = ps.membership(cube)[:, :, np.asarray(ys) - cube.year0]
    p, s, y = np.nonzero(m)
    info = store.table("states").drop_duplicates("ccode").set_index("ccode").stateabb
    df = pd.DataFrame({
        "pillar": np.asarray(ps.keys, dtype=object)[p], "pillar_name": np.asarray(ps.names, dtype=object)[p],
        "year": np.asarray(ys, dtype=np.int16)[y], "ccode": cube.ccodes[s].astype(np.int16),
    })
    df["stateabb"] = df.ccode.map(info).astype("string")
    order = {k: i for i, k in enumerate(ps.keys)}
    df = df.sort_values(["pillar", "year", "ccode"], key=lambda c: c.map(order) if c.name == "pillar" else c, kind="stable")
    return df.astype({"pillar": "string", "pillar_name": "string"}).reset_index(drop=True)


def pillar_table(pillars=None, year: int | None = None) -> pd.DataFrame:
    """The pillar definitions, and with ``year`` their members that year.

    Parameters:
        pillars: pillar definitions (default: the shipped set).
        year: a year of the IGO data; adds ``n_members`` and ``members``
            (COW abbreviations, comma-separated).

    Returns:
        DataFrame ``pillar, name, side, definition, first_year, last_year``
        (years in which the pillar has at least one member) and, with
        ``year``, ``n_members, members``.

    Example:
        >>> import multivector as mv
        >>> t = mv.pillar_table(year=1995)
        >>> t.set_index("pillar").loc["eu", "n_members"]
        np.int64(15)
    """
    store = get_store()
    ps = as_pillar_set(pillars)
    cube = store.cube
    ex = ps.exists(cube)
    rows = []
    for i, p in enumerate(ps):
        yrs = cube.years[ex[i]]
        rows.append({"pillar": p.key, "name": p.name, "side": p.side, "definition": p.describe(),
                     "first_year": int(yrs[0]) if len(yrs) else None, "last_year": int(yrs[-1]) if len(yrs) else None})
    df = pd.DataFrame(rows)
    df["side"] = df["side"].astype("string")
    df["first_year"] = df["first_year"].astype("Int64")
    df["last_year"] = df["last_year"].astype("Int64")
    if year is not None:
        mem = pillar_members(year, ps)
        g = mem.groupby("pillar", sort=False).stateabb
        df["n_members"] = df.pillar.map(g.size()).fillna(0).astype("int64")
        df["members"] = df.pillar.map(g.agg(lambda s: ", ".join(s))).astype("string")
    return df
