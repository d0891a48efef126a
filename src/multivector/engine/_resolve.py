"""Resolve user input (names, COW codes, ISO codes, abbreviations) to
``ccode`` and ``ioname``, once, at the edge, with "did you mean" errors.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from multivector.data._countries import ALIASES
from multivector._errors import (
    AmbiguousNameError, InvalidArgumentError, InvalidYearError, UnknownOrganizationError, UnknownStateError,
)
from multivector.data._store import get_store


def _norm(s: str) -> str:
    """The matching form of a name: ASCII, lower case, no punctuation, no leading or trailing "the", "St." as "saint".

    Example:
        >>> _norm("The Côte d’Ivoire"), _norm("St. Kitts & Nevis")
        ('cote divoire', 'saint kitts and nevis')
    """
    s = unicodedata.normalize("NFKD", str(s)).encode("ascii", "ignore").decode()
    s = s.casefold().replace("&", " and ")
    s = re.sub(r"[’'`.]", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    s = re.sub(r"^the | the$", "", s)  # "The Gambia", "Gambia, The"
    return re.sub(r"\bst\b", "saint", s)


def _compact(key: str) -> str:
    """A normalised name without spaces: "cote d ivoire" and "cote divoire" meet as "cotedivoire". "saint"
    is written "st" here, so a user's "St Kitts" (normalised "saint kitts") meets the IGO files' short name
    "stkitts", in which no word boundary shows the "St"."""
    return re.sub(r"\bsaint\b", "st", key).replace(" ", "")


class _StateIndex:
    """Every name a state is known by, from maintained sources, in tiers of trust.

    1. codes and COW names: COW code, COW abbreviation, ``statenme``, the
       short ``state`` name of the IGO files, ISO alpha-2 and alpha-3, and
       the documented :data:`~multivector.data._countries.ALIASES`;
    2. pycountry's name, official name and common name of the state's ISO
       code, and of the withdrawn ISO 3166-3 countries that were COW states
       (:data:`~multivector.data._countries.HISTORIC_ISO3`), with ISO's
       "Korea, Republic of" also read as "Republic of Korea";
    3. the head of such a name ("Korea", "Micronesia").

    A key of a lower tier is only added when no higher tier claims it for
    another state, so pycountry's "Congo, The Democratic Republic of the"
    does not take "Congo" (COW's 484). Keys of one tier shared by several
    states stay ambiguous (a year can break the tie), and
    :data:`~multivector.data._countries.AMBIGUOUS_NAMES` ("Korea") always
    are. Lookups try the normalised key (:func:`_norm`), then the key
    without spaces.
    """

    def __init__(self, states: pd.DataFrame):
        import pycountry

        from multivector.data._countries import AMBIGUOUS_NAMES, HISTORIC_ISO3, name_variants

        first = states.groupby("ccode").agg(
            stateabb=("stateabb", "first"), statenme=("statenme", "first"), iso2=("iso2", "first"),
            iso3=("iso3", "first"), state=("state", "first"), styear=("styear", "min"), endyear=("endyear", "max"),
        )
        self.info = first
        self.spells = states[["ccode", "styear", "endyear"]]
        tiers: list[dict[str, set[int]]] = [{}, {}, {}]

        def add(tier, key, ccode):
            if key is None or (isinstance(key, float) and pd.isna(key)):
                return
            k = _norm(key)
            if k:
                tiers[tier].setdefault(k, set()).add(int(ccode))

        def add_iso_names(country, c):
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if value:
                    variants = name_variants(value)
                    for v in variants[:-1] if len(variants) > 2 else variants:
                        add(1, v, c)
                    if len(variants) > 1 and "," in value:
                        add(2, variants[-1], c)

        for c, r in first.iterrows():
            add(0, str(c), c)
            add(0, r.stateabb, c)
            add(0, r.statenme, c)
            add(0, r.state, c)
            if isinstance(r.iso2, str):
                add(0, r.iso2, c)
                add(0, r.iso3, c)
                country = pycountry.countries.get(alpha_3=r.iso3)
                if country is not None:
                    add_iso_names(country, c)
        for a3, c in HISTORIC_ISO3.items():
            country = pycountry.historic_countries.get(alpha_3=a3)
            if country is not None and c in first.index:
                add_iso_names(country, c)
                if "," in country.name:  # "USSR, Union of Soviet Socialist Republics": both parts are names
                    add(1, country.name.split(",", 1)[1], c)
        for k, c in ALIASES.items():
            add(0, k, c)
        keys: dict[str, set[int]] = {}
        for tier in tiers:
            for k, codes in tier.items():
                keys.setdefault(k, set(codes))
        for k, codes in AMBIGUOUS_NAMES.items():
            keys[_norm(k)] = {c for c in codes if c in first.index}
        self.keys = keys
        self.compact: dict[str, set[int]] = {}
        for k, codes in keys.items():
            self.compact.setdefault(_compact(k), set()).update(codes)
        self.choices = {k: v for k, v in keys.items() if len(k) > 3}

    def label(self, ccode: int) -> str:
        r = self.info.loc[ccode]
        return f"{r.statenme} ({r.stateabb}, {ccode})"

    def label_with_life(self, ccode: int) -> str:
        """The label, with the state's years when it left the system before the data's end ("Korea (KOR, 730), 1887-1905")."""
        r = self.info.loc[ccode]
        if int(r.endyear) >= int(self.spells.endyear.max()):
            return self.label(ccode)
        return f"{self.label(ccode)}, {int(r.styear)}-{int(r.endyear)}"

    def _ordered(self, key: str, hits) -> list[int]:
        from multivector.data._countries import AMBIGUOUS_NAMES

        for name, codes in AMBIGUOUS_NAMES.items():
            if _norm(name) == key:
                return [c for c in codes if c in hits]
        return sorted(hits)

    def spell_bounds(self, ccode: int) -> tuple[np.ndarray, np.ndarray]:
        """First and last years of a state's spells; a spell running at the end of the state data (2016) runs on."""
        bounds = self.__dict__.get("_bounds")
        if bounds is None:
            last = int(self.spells.endyear.max())
            sp = self.spells.assign(endyear=self.spells.endyear.where(self.spells.endyear < last, 10_000))
            bounds = {int(c): (g.styear.to_numpy(np.int64), g.endyear.to_numpy(np.int64)) for c, g in sp.groupby("ccode")}
            self._bounds = bounds
        empty = np.zeros(0, dtype=np.int64)
        return bounds.get(int(ccode), (empty, empty))

    def in_system(self, ccode: int, year: int) -> bool:
        s = self.spells[self.spells.ccode == ccode]
        return bool(((s.styear <= year) & (s.endyear >= year)).any())

    def resolve(self, value, year: int | None = None, argument: str = "state") -> int:
        if isinstance(value, bool):
            raise UnknownStateError(value, argument=argument)
        if isinstance(value, float) and value.is_integer():  # codes read from a CSV as floats (705.0)
            value = int(value)
        if not isinstance(value, (str, int)) and not hasattr(value, "__index__"):
            raise InvalidArgumentError(f"{argument}: expected a state name, COW code or ISO code, got {value!r}", argument)
        if isinstance(value, int) or (hasattr(value, "__index__") and not isinstance(value, str)):
            c = int(value)
            if c in self.info.index:
                return c
            raise UnknownStateError(value, self._suggest(str(value)), argument)
        k = _norm(value)
        hits = self.keys.get(k) or self.compact.get(_compact(k), set())
        if len(hits) == 1:
            return next(iter(hits))
        if len(hits) > 1:
            if year is not None:
                alive = [c for c in hits if self.in_system(c, year)]
                if len(alive) == 1:
                    return alive[0]
            raise AmbiguousNameError(value, [self.label_with_life(c) for c in self._ordered(k, hits)], argument)
        err = UnknownStateError(value, self._suggest(value), argument)
        if re.search(r"[;|/\t]", value):  # "Kazakhstan; Russia": several states with the wrong separator
            err.args = (f"{err} Separate several states with commas.",)
        elif "," in value:  # resolve_states splits on commas, so here one state was expected
            err.args = (f"{err} Give one state here.",)
        raise err

    def _suggest(self, value: str, limit: int = 3) -> list[str]:
        from rapidfuzz import fuzz, process

        k = _norm(value)
        if not k:
            return []
        found = process.extract(k, list(self.choices), scorer=fuzz.WRatio, limit=12, score_cutoff=60)
        out: list[str] = []
        for key, _score, _ in found:
            for c in sorted(self.choices[key]):
                lab = self.label(c)
                if lab not in out:
                    out.append(lab)
        return out[:limit]


class _OrgIndex:
    def __init__(self, orgs: pd.DataFrame):
        self.orgs = orgs.set_index("ioname")
        self.exact: dict[str, set[str]] = {}
        for io, r in self.orgs.iterrows():
            for v in (io, r.orgname, r.longorgname):
                if isinstance(v, str) and v:
                    self.exact.setdefault(_norm(v), set()).add(io)
        self.words = {io: set(_norm(f"{io} {r.orgname} {r.longorgname if isinstance(r.longorgname, str) else ''}").split())
                      for io, r in self.orgs.iterrows()}

    def label(self, io: str) -> str:
        return f"{io.upper()} ({self.orgs.loc[io, 'orgname']})"

    def search(self, text: str) -> list[str]:
        words = _norm(text).split()
        return [io for io, ws in self.words.items() if all(any(w2.startswith(w) for w2 in ws) for w in words)]

    def resolve(self, value, argument: str = "organization") -> str:
        if not isinstance(value, str):
            raise InvalidArgumentError(f"{argument}: expected an organization abbreviation or name, got {value!r}", argument)
        k = _norm(value)
        hits = self.exact.get(k, set())
        if len(hits) == 1:
            return next(iter(hits))
        if len(hits) > 1:
            raise AmbiguousNameError(value, [self.label(i) for i in sorted(hits)], argument)
        found = self.search(value) if len(k) >= 3 else []
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise AmbiguousNameError(value, [self.label(i) for i in found[:8]] + (["..."] if len(found) > 8 else []), argument)
        raise UnknownOrganizationError(value, self._suggest(value), argument)

    def _suggest(self, value: str, limit: int = 3) -> list[str]:
        from rapidfuzz import fuzz, process

        k = _norm(value)
        if not k:
            return []
        found = process.extract(k, list(self.exact), scorer=fuzz.WRatio, limit=10, score_cutoff=60)
        out: list[str] = []
        for key, _s, _ in found:
            for io in sorted(self.exact[key]):
                lab = self.label(io)
                if lab not in out:
                    out.append(lab)
        return out[:limit]


@lru_cache(maxsize=4)
def _state_index(store_id: int) -> _StateIndex:
    return _StateIndex(get_store().table("states"))


@lru_cache(maxsize=4)
def _org_index(store_id: int) -> _OrgIndex:
    return _OrgIndex(get_store().table("organizations"))


def state_index() -> _StateIndex:
    return _state_index(id(get_store()))


def org_index() -> _OrgIndex:
    return _org_index(id(get_store()))


def resolve_state(state: str | int, year: int | None = None) -> int:
    """Return the COW code of a state given by name, COW code or abbreviation, or ISO code.

    Matching is case- and accent-insensitive. ``year`` breaks ties between
    states sharing a name over time.

    Raises:
        UnknownStateError: nothing matches; ``.suggestions`` has the closest states.
        AmbiguousNameError: several states match equally.

    Example:
        >>> import multivector as mv
        >>> mv.resolve_state("Kazakhstan"), mv.resolve_state("KZ"), mv.resolve_state("KZK"), mv.resolve_state(705)
        (705, 705, 705, 705)
        >>> mv.resolve_state("German Democratic Republic")
        265
    """
    return state_index().resolve(state, year)


def resolve_states(states: str | int | Iterable[str | int] | None, year: int | None = None) -> list[int] | None:
    """Resolve one state, a comma-separated string, or an iterable of states; ``None`` stays ``None``.

    Example:
        >>> import multivector as mv
        >>> mv.resolve_states("Kazakhstan, Russia, China, USA")
        [705, 365, 710, 2]
    """
    if states is None:
        return None
    if isinstance(states, str):
        parts = [p.strip() for p in states.split(",") if p.strip()] if "," in states else [states]
        if not parts:
            raise InvalidArgumentError(f"states: no state in {states!r}; give names or codes, comma-separated", "states")
    elif isinstance(states, int):
        parts = [states]
    else:
        parts = list(states)
    out: list[int] = []
    for p in parts:
        c = resolve_state(p, year)
        if c not in out:
            out.append(c)
    return out


def resolve_organization(org: str) -> str:
    """Return the COW ``ioname`` of an organization given by abbreviation or words of its name.

    Example:
        >>> import multivector as mv
        >>> mv.resolve_organization("SCO"), mv.resolve_organization("Shanghai Cooperation")
        ('sco', 'sco')
    """
    return org_index().resolve(org)


def state_label(ccode: int) -> str:
    """Display label ``"Name (ABB, code)"`` of a state.

    Example:
        >>> from multivector.engine._resolve import state_label
        >>> state_label(705)
        'Kazakhstan (KZK, 705)'
    """
    return state_index().label(int(ccode))


def years_in_system(ccode: int, years) -> list[int]:
    """The years among ``years`` in which a state was in the COW state system.

    A state still in the system at the end of the COW state data (2016)
    counts as in it in later years (the UN data and the extended panel run
    on).

    Example:
        >>> from multivector.engine._resolve import years_in_system
        >>> years_in_system(705, range(1989, 1994)), years_in_system(705, [2020])
        ([1991, 1992, 1993], [2020])
    """
    starts, ends = state_index().spell_bounds(int(ccode))
    ys = np.fromiter((int(y) for y in years), dtype=np.int64)
    inside = ((starts[None, :] <= ys[:, None]) & (ends[None, :] >= ys[:, None])).any(axis=1)
    return ys[inside].tolist()


def require_in_system(states, years, argument: str = "years") -> None:
    """Raise :class:`InvalidYearError` for the first state that was in the state system in none of ``years``.

    Used where an empty table would otherwise answer a question about a
    state outside its life (e.g. Kazakhstan in 1850).

    Example:
        >>> from multivector.engine._resolve import require_in_system
        >>> require_in_system([705], [1850])
        Traceback (most recent call last):
        ...
        multivector._errors.InvalidYearError: years: Kazakhstan (KZK, 705) was not in the state system in 1850 (it was in 1991-2016)
    """
    ys = sorted({int(y) for y in years})
    if not ys:
        return
    idx = state_index()
    for c in states:
        if not years_in_system(c, ys):
            sp = idx.spells[idx.spells.ccode == int(c)].sort_values("styear")
            life = ", ".join(f"{a}-{b}" for a, b in zip(sp.styear, sp.endyear))
            span = str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}-{ys[-1]}"
            msg = f"{argument}: {idx.label(int(c))} was not in the state system in {span} (it was in {life})"
            near = _alive_namesakes(int(c), ys)
            if near:
                msg += ". Did you mean: " + "; ".join(idx.label(x) for x in near) + "?"
            raise InvalidYearError(msg, argument)


_COMMON_WORDS = {"republic", "democratic", "people", "peoples", "united", "kingdom", "islands", "federal", "federation",
                 "state", "states", "saint", "north", "south", "east", "west", "central", "arab", "and", "the", "of"}


def _alive_namesakes(ccode: int, years: list[int], limit: int = 3) -> list[int]:
    """States sharing a distinctive name word that were in the system in ``years``.

    Korea (730) in 2000: North Korea and South Korea; the German Democratic
    Republic in 2000: Germany.
    """
    idx = state_index()

    def stems(c) -> set[str]:
        return {w[:5] for w in _norm(idx.info.loc[c, "statenme"]).split() if w not in _COMMON_WORDS and len(w) > 3}

    mine = stems(ccode)
    out = [int(c) for c in idx.info.index if c != ccode and mine & stems(c) and years_in_system(c, years)]
    return out[:limit]


def require_org_in_years(ioname: str, years, argument: str = "years", hint: str = "") -> None:
    """Raise :class:`InvalidYearError` when an organization existed in none of ``years`` (COW IGO-year file).

    Example:
        >>> from multivector.engine._resolve import require_org_in_years
        >>> require_org_in_years("wpact", [2000])
        Traceback (most recent call last):
        ...
        multivector._errors.InvalidYearError: years: WPACT (Warsaw Treaty Org) did not exist in 2000 (it did in 1955-1991)
    """
    ys = sorted({int(y) for y in years})
    oy = get_store().table("organization_years")
    alive = oy.year[oy.ioname == ioname].astype(int)
    if not ys or alive.isin(ys).any():
        return
    span = str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}-{ys[-1]}"
    life = f"{alive.min()}-{alive.max()}" if len(alive) else "no year of the data"
    raise InvalidYearError(f"{argument}: {org_index().label(ioname)} did not exist in {span} (it did in {life}){hint}", argument)
