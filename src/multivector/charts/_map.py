"""A world map of any state-year measure: COW states on modern outlines, a registry of measures, a Vega-Lite choropleth.

Geometry: Natural Earth 1:110m country outlines, as TopoJSON from the npm
package ``world-atlas`` (copied into ``charts/geo/`` by
``scripts/vendor_map.py``; nothing is downloaded at run time). Each outline
carries an ISO 3166-1 numeric code (Kosovo, Northern Cyprus and Somaliland
have none and are matched by name).

COW to outline (:func:`outline_states`): an outline shows, in a year, the
first of its candidate COW states that is in the state system that year:
the state with the outline's ISO code (from the COW list's ISO3 code), then
the state it was part of (:data:`PREDECESSORS`): the Soviet Union for the
post-Soviet republics before 1991, Yugoslavia for Croatia, Slovenia, Bosnia,
Macedonia, Montenegro and Kosovo, Czechoslovakia, Sudan for South Sudan
before 2011, the Yemen Arab Republic for Yemen before 1990, the German
Federal Republic for Germany in 1955-1990, Pakistan for Bangladesh before
1971, and so on. An outline with no state in the system that year (a
colony, Antarctica) is drawn as "not a state". States too small for the
1:110m outlines (Nauru, Tuvalu, ...) are listed by :func:`unmapped`.

Measures (:data:`MEASURES`): adding one is one line,
``register("tilt", "Tilt (East -1 .. West +1)", fn, kind="tilt")``, where
``fn(year)`` returns a frame with ``ccode`` and ``value`` for the states in
the system that year. ``kind`` picks the palette scale: ``count``/``share``
(sequential), ``tilt`` (diverging East .. West), ``hedging`` (sequential
purple), ``pillar`` (categorical: the pillars' colours).

Example:
    >>> d = outline_states(2014)
    >>> int(d.loc[d.name == "Kazakhstan", "ccode"].item()), int(d.loc[d.name == "Kosovo", "ccode"].item())
    (705, 347)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from multivector.charts import _palette

GEO = Path(__file__).parent / "geo"
GEOMETRY = GEO / "countries-110m.json"
#: Outlines without an ISO numeric code in world-atlas, keyed by name -> the ISO-like key used here and its COW states.
NAMED = {"Kosovo": ("kosovo", [347, 345]), "N. Cyprus": ("ncyprus", [352]), "Somaliland": ("somaliland", [520])}
#: ISO 3166-1 numeric -> COW states tried after the outline's own (the state it belonged to, in order).
PREDECESSORS: dict[str, list[int]] = {
    **{iso: [365] for iso in ("804", "112", "498", "233", "428", "440", "268", "051", "031", "398", "417", "762",
                              "795", "860")},          # post-Soviet republics: the Soviet Union (COW 365)
    **{iso: [345] for iso in ("191", "705", "070", "807", "499")},  # Yugoslavia (COW 345)
    "203": [315], "703": [315],                         # Czechoslovakia
    "276": [260],                                       # Germany 1955-1990: the German Federal Republic
    "887": [678],                                       # Yemen before 1990: the Yemen Arab Republic
    "728": [625],                                       # South Sudan before 2011: Sudan
    "232": [530],                                       # Eritrea before 1993: Ethiopia
    "050": [770],                                       # Bangladesh before 1971: Pakistan
    "516": [560],                                       # Namibia before 1990: South Africa
    "626": [850],                                       # Timor-Leste before 2002: Indonesia
    "040": [300], "348": [300],                         # Austria, Hungary before 1918: Austria-Hungary
    "704": [816],                                       # Vietnam
}
#: COW states whose ISO3 in the COW list differs from the outline's (or is missing).
OWN = {"158": [713], "688": [345], "276": [255]}


@lru_cache(maxsize=1)
def _topology() -> dict:
    return json.loads(GEOMETRY.read_text())


def outlines() -> pd.DataFrame:
    """The map's outlines: ``id`` (ISO numeric, or a name key for the three without one) and ``name``.

    Example:
        >>> len(outlines())
        177
    """
    rows = []
    for g in _topology()["objects"]["countries"]["geometries"]:
        name = g["properties"]["name"]
        rows.append({"id": g.get("id") or NAMED.get(name, (name.lower(),))[0], "name": name})
    return pd.DataFrame(rows)


@lru_cache(maxsize=1)
def _candidates() -> dict[str, list[int]]:
    """Outline id -> COW codes in the order they are tried."""
    import pycountry

    from multivector import states

    st = states()
    by_iso: dict[str, list[int]] = {}
    for r in st.itertuples():
        if isinstance(r.iso3, str) and r.iso3:
            c = pycountry.countries.get(alpha_3=r.iso3) or pycountry.historic_countries.get(alpha_3=r.iso3)
            num = getattr(c, "numeric", None)
            if num:
                by_iso.setdefault(num, []).append(int(r.ccode))
    out = {}
    for o in outlines().itertuples():
        if o.name in NAMED:
            out[o.id] = list(NAMED[o.name][1])
            continue
        own = OWN.get(o.id, by_iso.get(o.id, []))
        out[o.id] = list(dict.fromkeys([*own, *PREDECESSORS.get(o.id, [])]))
    return out


def outline_states(year: int) -> pd.DataFrame:
    """Which COW state each outline shows in ``year``: ``id, name, ccode`` (ccode <NA>: no state in the system).

    Example:
        >>> d = outline_states(1985).set_index("name")
        >>> int(d.ccode["Kazakhstan"]), int(d.ccode["Germany"]), int(d.ccode["Yemen"]), int(d.ccode["S. Sudan"])
        (365, 260, 678, 625)
    """
    from multivector import in_system

    cand = _candidates()
    o = outlines()
    codes = []
    for i in o.id:
        hit = next((c for c in cand.get(i, []) if in_system(c, int(year))), None)
        codes.append(hit)
    return o.assign(ccode=pd.array(codes, dtype="Int64"))


def unmapped(year: int) -> list[int]:
    """COW states in the system in ``year`` that no outline shows (too small for 1:110m, or no outline).

    Example:
        >>> 970 in unmapped(2014)  # Nauru
        True
    """
    from multivector import states

    shown = set(outline_states(year).ccode.dropna().astype(int))
    return sorted(int(c) for c in states(int(year)).ccode if int(c) not in shown)


# --------------------------------------------------------------------------- measures


@dataclass(frozen=True)
class MapMeasure:
    """A state-year measure the map can show."""

    key: str
    label: str
    fn: Callable[[int], pd.DataFrame]
    kind: str = "count"
    source: str = "Correlates of War IGO data v3 (Pevehouse et al. 2020)"
    years: Callable[[], tuple[int, int]] | None = None


MEASURES: dict[str, MapMeasure] = {}


def register(key: str, label: str, fn: Callable[[int], pd.DataFrame], kind: str = "count", source: str | None = None,
             years: Callable[[], tuple[int, int]] | None = None) -> None:
    """Add a measure to the map: ``fn(year)`` returns ``ccode, value`` for the states in the system that year.

    Example:
        >>> register("demo", "Demo", lambda y: pd.DataFrame({"ccode": [705], "value": [1.0]}))
        >>> MEASURES.pop("demo").label
        'Demo'
    """
    MEASURES[key] = MapMeasure(key, label, fn, kind, source or MapMeasure.source, years)


def _igo_years() -> tuple[int, int]:
    from multivector.data._store import get_store

    return get_store().igo_years


@lru_cache(maxsize=256)
def _full_memberships(year: int) -> pd.DataFrame:
    """Full memberships of every state in the system in ``year``, from the cube in one array operation."""
    from multivector.data._store import get_store
    from multivector._years import parse_years

    (year,) = parse_years(int(year), _igo_years())
    cube = get_store().cube
    yi = year - cube.year0
    inside = cube.in_system()[:, yi]
    st = cube.status[:, :, yi]
    known = (st != -9) & (st != -1)
    full = (st == 1).sum(axis=1).astype(float)
    full[~known.any(axis=1)] = np.nan  # every status missing: missing, not 0
    return pd.DataFrame({"ccode": cube.ccodes[inside].astype(int), "value": full[inside]})


@lru_cache(maxsize=64)
def _evenness(year: int) -> pd.DataFrame:
    from multivector.measures._evenness import evenness

    e = evenness(None, int(year), bootstrap=0, chance=0)
    return e[["ccode", "evenness", "dominant"]]


@lru_cache(maxsize=64)
def _tilt(year: int) -> pd.DataFrame:
    from multivector.measures._tilt import tilt

    return tilt(None, int(year), bootstrap=0)[["ccode", "tilt"]]


@lru_cache(maxsize=64)
def _hedging(year: int) -> pd.DataFrame:
    from multivector.measures._hedging import hedging

    return hedging(None, int(year), bootstrap=0)[["ccode", "hedging"]]


def _pole_years() -> tuple[int, int]:
    """Tilt: the years any channel covers (the UN ideal points reach 2024)."""
    from multivector.measures._alignment import channel_coverage

    return channel_coverage("any", False)


def _hedging_years() -> tuple[int, int]:
    """Hedging needs the security data (ATOP to 2018)."""
    from multivector.measures._alignment import channel_coverage

    return channel_coverage("security", False)


register("memberships", "Full memberships in international organizations", _full_memberships, "count",
         years=_igo_years)
register("tilt", "Tilt between West and East",
         lambda y: _tilt(y).rename(columns={"tilt": "value"})[["ccode", "value"]], "tilt", years=_pole_years,
         source="ATOP 5.1 alliances, UN ideal points (Bailey, Strezhnev and Voeten 2017), COW IGO data v3")
register("hedging", "Hedging between West and East",
         lambda y: _hedging(y).rename(columns={"hedging": "value"})[["ccode", "value"]], "hedging", years=_hedging_years,
         source="ATOP 5.1 alliances, UN ideal points (Bailey, Strezhnev and Voeten 2017), COW IGO data v3")
register("evenness", "Pillar evenness of the memberships",
         lambda y: _evenness(y).rename(columns={"evenness": "value"})[["ccode", "value"]], "share", years=_igo_years)


def _dominant_label(code) -> str | None:
    """A dominant pillar in plain words; a tie (``china=eu``) is "Tie between pillars", never a code."""
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return None
    return "Tie between pillars" if "=" in str(code) else _palette.label(code)


register("dominant", "Dominant pillar (largest share of the memberships)",
         lambda y: _evenness(y).assign(value=lambda d: d.dominant.map(_dominant_label))[["ccode", "value"]], "pillar",
         years=_igo_years)


def map_values(measure: str, year: int) -> pd.DataFrame:
    """The measure's value on every outline in ``year``: ``id, name, ccode, state, value``.

    Example:
        >>> m = map_values("memberships", 2014).set_index("name")
        >>> int(m.value["Kazakhstan"]), int(m.value["United States of America"])
        (55, 89)
    """
    from multivector._errors import InvalidArgumentError
    from multivector.engine._resolve import state_label

    if measure not in MEASURES:
        raise InvalidArgumentError(f"measure: unknown map measure {measure!r}; valid: {', '.join(MEASURES)}", "measure")
    m = MEASURES[measure]
    o = outline_states(year)
    vals = m.fn(int(year))
    out = o.merge(vals, on="ccode", how="left")
    out["state"] = [state_label(int(c)) if pd.notna(c) else "" for c in out.ccode]
    return out


def choropleth(measure: str, year: int, geometry_url: str) -> dict:
    """A Vega-Lite world map of ``measure`` in ``year``; each state links to its page (``/state/<ccode>``).

    Parameters:
        geometry_url: where the page serves :data:`GEOMETRY` (TopoJSON).

    Example:
        >>> s = choropleth("memberships", 2014, "/map/countries-110m.json")
        >>> s["layer"][1]["encoding"]["href"]["field"], s["layer"][1]["transform"][0]["lookup"]
        ('url', 'id')
    """
    from multivector.charts._specs import SCHEMA, _clean

    m = MEASURES[measure]
    d = map_values(measure, year)
    rows = [{"id": r.id, "state": r.state or f"{r.name} (not a state in the system in {year})",
             "value": _clean(r.value), "url": f"/state/{int(r.ccode)}" if pd.notna(r.ccode) else None}
            for r in d.itertuples()]
    if m.kind == "pillar":
        cats = [c for c in (*_palette.PILLAR_NAMES, *sorted(set(d.value.dropna()) - set(_palette.PILLAR_NAMES)))
                if c in set(d.value.dropna())]
        color = {"field": "value", "type": "nominal", "title": None, "scale": _palette.scale("pillar", cats),
                 "legend": {"orient": "bottom", "columns": 2}}
    else:
        scheme = {"tilt": _palette.TILT, "hedging": _palette.HEDGING}.get(m.kind, _palette.HEDGING[:1] + ["#6baed6", "#08519c"])
        scale = {"range": scheme}
        if m.kind == "tilt":
            scale.update(domain=[-1, -0.5, 0, 0.5, 1], type="linear")
        color = {"field": "value", "type": "quantitative", "title": None, "scale": scale,
                 "legend": {"orient": "bottom", "direction": "horizontal", "gradientLength": 200}}
    tip = [{"field": "state", "type": "nominal", "title": "State"},
           {"field": "value", "type": "nominal" if m.kind == "pillar" else "quantitative", "title": m.label,
            **({} if m.kind == "pillar" else {"format": ",.3~f"})}]
    geo = {"url": geometry_url, "format": {"type": "topojson", "feature": "countries"}}
    lookup = {"lookup": "id", "from": {"data": {"values": rows}, "key": "id", "fields": ["state", "value", "url"]}}
    return {
        "$schema": SCHEMA, "title": f"{m.label}, {year}",
        "description": f"World map of {m.label.lower()} in {year}, one colour per state; grey: no data or not a state.",
        "width": "container", "height": 320, "autosize": {"type": "fit-x", "contains": "padding"},
        "projection": {"type": "equalEarth"},
        "data": {"values": rows},
        "layer": [
            {"data": geo, "mark": {"type": "geoshape", "fill": _palette.MISSING, "stroke": "#fff", "strokeWidth": 0.4}},
            {"data": geo, "transform": [lookup, {"filter": "isValid(datum.value)"}],
             "mark": {"type": "geoshape", "stroke": "#fff", "strokeWidth": 0.4, "cursor": "pointer"},
             "encoding": {"color": color, "tooltip": tip, "href": {"field": "url", "type": "nominal"}}},
        ],
        "config": {"view": {"stroke": None}, "legend": {"orient": "bottom"}},
    }
