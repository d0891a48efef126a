"""Poles: two groups of pillars that compete, the frame of tilt, commitment and hedging.

A pole is a group of pillars (``docs/methodology.md``, "Poles"). The default
is West = United States + European Union against East = Russia + China
(``data/poles.toml``). The first pole is the positive end of every tilt.

Anything that takes ``poles=`` accepts:

- ``None``: the default poles;
- a :class:`PoleSet`;
- a string of two groups of pillar keys separated by a comma, pillars of a
  group joined by ``+``: ``"usa+eu,russia+china"`` (the default),
  ``"usa,china"`` (a United States - China frame);
- a dict ``{name: [pillar keys]}`` with two entries;
- a path to a TOML file laid out like ``data/poles.toml``.

The pillars come from ``pillars=`` (default: the shipped pillar set), so a
user's own pillars can form poles too.

Example:
    >>> from multivector.measures._poles import as_pole_set
    >>> ps = as_pole_set("usa,china")
    >>> ps.keys, ps.names
    (('usa', 'china'), ('United States', 'China'))
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from multivector._errors import InvalidArgumentError
from multivector.measures._pillars import Pillar, PillarSet, as_pillar_set, default_pillars

__all__ = ["Pole", "PoleSet", "as_pole_set", "alliance_organizations", "default_poles"]

DEFAULT_POLES_FILE = Path(__file__).parent.parent / "data" / "poles.toml"


@dataclass(frozen=True)
class Pole:
    """One pole: a key, a display name and its pillars."""

    key: str
    name: str
    pillars: tuple  # of Pillar


@dataclass(frozen=True)
class PoleSet:
    """Two poles; the first is the positive end of the tilt.

    Example:
        >>> from multivector.measures._poles import default_poles
        >>> default_poles().names
        ('West', 'East')
    """

    poles: tuple  # of Pole, length 2
    alliance_orgs: tuple = ()

    def __post_init__(self):
        if len(self.poles) != 2:
            raise InvalidArgumentError(f"poles: exactly two poles are needed, got {len(self.poles)}", "poles")
        a, b = (set(p.key for p in pole.pillars) for pole in self.poles)
        if a & b:
            raise InvalidArgumentError(f"poles: a pillar cannot belong to both poles ({', '.join(sorted(a & b))})", "poles")
        if self.poles[0].key == self.poles[1].key:
            raise InvalidArgumentError(f"poles: the two poles need different keys, both are {self.poles[0].key!r}", "poles")

    @property
    def keys(self) -> tuple:
        return tuple(p.key for p in self.poles)

    @property
    def names(self) -> tuple:
        return tuple(p.name for p in self.poles)

    @property
    def pillar_set(self) -> PillarSet:
        """The pillars of both poles, first pole first."""
        return PillarSet(tuple(p for pole in self.poles for p in pole.pillars))

    @property
    def pillar_pole(self) -> tuple:
        """For each pillar of :attr:`pillar_set`, the index (0 or 1) of its pole."""
        return tuple(i for i, pole in enumerate(self.poles) for _ in pole.pillars)

    def describe(self) -> str:
        """One line: ``West (United States + European Union) vs East (Russia + China)``."""
        return " vs ".join(f"{p.name} ({' + '.join(x.name for x in p.pillars)})" for p in self.poles)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name).casefold()).strip("_") or "pole"


_DEFAULT: dict = {}


def _read_file(path: Path, pillars: PillarSet) -> PoleSet:
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidArgumentError(f"poles: cannot read {path.name}: {exc}", "poles") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidArgumentError(f"poles: {path.name} is not valid TOML ({exc})", "poles") from None
    spec = doc.get("pole")
    if not isinstance(spec, list) or len(spec) != 2:
        raise InvalidArgumentError(f"poles: {path.name} must define exactly two [[pole]] tables", "poles")
    poles = []
    for d in spec:
        if not isinstance(d, dict) or "pillars" not in d or "name" not in d:
            raise InvalidArgumentError(f"poles: each [[pole]] in {path.name} needs 'name' and 'pillars'", "poles")
        poles.append(Pole(d.get("key") or _slug(d["name"]), str(d["name"]), tuple(pillars[k] for k in d["pillars"])))
    orgs = doc.get("alliance_organizations", {}).get("orgs", [])
    return PoleSet(tuple(poles), tuple(str(o).lower() for o in orgs))


def alliance_organizations() -> tuple:
    """COW abbreviations of the alliance organizations (``data/poles.toml``).

    Example:
        >>> "nato" in alliance_organizations() and "csto" in alliance_organizations()
        True
    """
    return default_poles().alliance_orgs


def default_poles() -> PoleSet:
    """West (United States + European Union) against East (Russia + China).

    Example:
        >>> default_poles().describe()
        'West (United States + European Union) vs East (Russia + China)'
    """
    key = id(default_pillars())
    if key not in _DEFAULT:
        _DEFAULT.clear()
        _DEFAULT[key] = _read_file(DEFAULT_POLES_FILE, default_pillars())
    return _DEFAULT[key]


def _pole_of(group: list, pillars: PillarSet) -> Pole:
    ps = [p if isinstance(p, Pillar) else pillars[str(p).strip().lower()] for p in group]
    if not ps:
        raise InvalidArgumentError("poles: a pole needs at least one pillar", "poles")
    key = "_".join(p.key for p in ps)
    return Pole(key, " + ".join(p.name for p in ps), tuple(ps))


def as_pole_set(poles=None, pillars=None) -> PoleSet:
    """Normalise any accepted ``poles`` argument (module docstring) to a :class:`PoleSet`.

    Example:
        >>> as_pole_set("usa+eu,russia+china").names
        ('West', 'East')
        >>> as_pole_set({"Maritime": ["usa"], "Continental": ["china"]}).keys
        ('maritime', 'continental')
    """
    default = default_poles()
    if poles is None and pillars is None:
        return default
    ps = as_pillar_set(pillars)
    orgs = default.alliance_orgs
    if poles is None:
        poles = "usa+eu,russia+china"
    if isinstance(poles, PoleSet):
        return poles
    if isinstance(poles, Path) or (isinstance(poles, str) and poles.strip().endswith(".toml")):
        path = Path(poles)
        if not path.is_file():
            raise InvalidArgumentError(f"poles: file not found: {poles}", "poles")
        return _read_file(path, ps)
    if isinstance(poles, str):
        groups = [g.strip() for g in poles.split(",") if g.strip()]
        if len(groups) != 2:
            raise InvalidArgumentError(
                f"poles: give two groups of pillar keys separated by a comma, e.g. 'usa+eu,russia+china'; got {poles!r}",
                "poles")
        built = [_pole_of(g.split("+"), ps) for g in groups]
        if pillars is None and [tuple(p.key for p in b.pillars) for b in built] == \
                [tuple(p.key for p in d.pillars) for d in default.poles]:
            return default  # the default poles keep their names West and East
        return PoleSet(tuple(built), orgs)
    if isinstance(poles, dict):
        if len(poles) != 2:
            raise InvalidArgumentError(f"poles: a dict of exactly two poles is needed, got {len(poles)}", "poles")
        out = []
        for name, group in poles.items():
            group = [group] if isinstance(group, (str, Pillar)) else list(group)
            pole = _pole_of(group, ps)
            out.append(Pole(_slug(name), str(name), pole.pillars))
        return PoleSet(tuple(out), orgs)
    raise InvalidArgumentError("poles: expected None, keys like 'usa+eu,russia+china', a dict of two poles "
                               f"or a TOML file; got {type(poles).__name__}", "poles")
