"""The world map (multivector.charts._map): geometry from the npm package world-atlas with its provenance,
COW states matched to outlines (historical states included), values equal to the library's, one-line registration."""

from __future__ import annotations

import doctest
import hashlib
import json
from pathlib import Path

import pytest

import multivector as mv
from multivector.charts import _map

ROOT = Path(__file__).resolve().parents[1]


def test_geometry_is_the_registry_packages_file():
    meta = json.loads((_map.GEO / "source.json").read_text())
    data = _map.GEOMETRY.read_bytes()
    assert meta["package"] == "world-atlas" and meta["sha256"] == hashlib.sha256(data).hexdigest()
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/world-atlas"]
    assert (lock["version"], lock["integrity"]) == (meta["version"], meta["integrity"])
    installed = ROOT / "node_modules" / "world-atlas" / meta["file"]
    if installed.exists():  # `make install` ran npm ci: the shipped copy is byte for byte the package's
        assert installed.read_bytes() == data


@pytest.mark.parametrize("name,year,ccode", [
    ("Kazakhstan", 2014, 705), ("Kazakhstan", 1985, 365),          # the Soviet Union before 1991
    ("Kosovo", 2014, 347), ("Kosovo", 2000, 345),                  # no ISO code: matched by name
    ("Taiwan", 2014, 713), ("S. Sudan", 2014, 626), ("S. Sudan", 2005, 625),
    ("Yemen", 2014, 679), ("Yemen", 1985, 678),                    # Yemen Arab Republic before 1990
    ("Serbia", 2014, 345), ("Montenegro", 2014, 341), ("Montenegro", 2000, 345),
    ("Germany", 1985, 260), ("Germany", 2014, 255), ("Czechia", 1985, 315), ("Bangladesh", 1965, 770),
    ("Russia", 1900, 365), ("United States of America", 1816, 2),
])
def test_cow_states_on_modern_outlines(name, year, ccode):
    d = _map.outline_states(year).set_index("name")
    assert int(d.ccode[name]) == ccode
    assert mv.in_system(ccode, year)  # the state shown is in the system that year


def test_colonies_and_microstates_are_said_not_hidden():
    d = _map.outline_states(1950).set_index("name")
    assert int(d.ccode["Namibia"]) == 560  # before 1990 the outline shows South Africa, which held it
    assert pd_isna(_map.outline_states(1900).set_index("name").ccode["Nigeria"])  # a colony: not a state
    small = _map.unmapped(2014)
    assert 970 in small and 947 in small and 705 not in small  # Nauru, Tuvalu too small for 1:110m


def pd_isna(v) -> bool:
    import pandas as pd

    return bool(pd.isna(v))


def test_memberships_equal_the_portfolio():
    m = _map.map_values("memberships", 2014).dropna(subset=["ccode"]).set_index("ccode")
    for c in (705, 2, 365, 713, 345):
        assert m.value[c] == mv.portfolio(c, 2014).full.iloc[0]


def test_alignment_measures_equal_the_library():
    """The map's tilt, hedging, evenness and dominant pillar are the library's figures (no bootstrap needed
    for a point estimate); the diverging tilt scale is centred on 0."""
    t = _map.map_values("tilt", 2014).dropna(subset=["ccode"]).set_index("ccode")
    h = _map.map_values("hedging", 2014).dropna(subset=["ccode"]).set_index("ccode")
    e = _map.map_values("evenness", 2014).dropna(subset=["ccode"]).set_index("ccode")
    d = _map.map_values("dominant", 2014).dropna(subset=["ccode"]).set_index("ccode")
    for c in (705, 2, 365, 704, 840):
        lib = mv.hedging(c, 2014, bootstrap=0).iloc[0]
        assert t.value[c] == pytest.approx(lib.tilt) and h.value[c] == pytest.approx(lib.hedging)
        ev = mv.evenness(c, 2014, bootstrap=0, chance=0).iloc[0]
        assert e.value[c] == pytest.approx(ev.evenness)
    assert d.value[366] == "European Union"  # Estonia
    spec = _map.choropleth("tilt", 2014, "/g.json")
    assert spec["layer"][1]["encoding"]["color"]["scale"]["domain"] == [-1, -0.5, 0, 0.5, 1]
    assert _map.MEASURES["tilt"].years()[1] == 2024  # UN ideal points reach 2024
    assert _map.MEASURES["hedging"].years()[1] == 2018  # hedging needs ATOP, which ends in 2018
    t20 = _map.map_values("tilt", 2020).dropna(subset=["ccode"]).set_index("ccode").value
    assert t20[705] == pytest.approx(mv.tilt("Kazakhstan", 2020, bootstrap=0).tilt.item())  # the UN channel alone


def test_registering_a_measure_is_one_line():
    _map.register("test-twice", "Twice the memberships", lambda y: _map._full_memberships(y).assign(value=lambda d: 2 * d.value))
    try:
        v = _map.map_values("test-twice", 2014).set_index("name").value["Kazakhstan"]
        assert v == 110
        spec = _map.choropleth("test-twice", 2014, "/g.json")
        assert spec["layer"][1]["encoding"]["color"]["type"] == "quantitative"
    finally:
        _map.MEASURES.pop("test-twice")
    with pytest.raises(mv.InvalidArgumentError, match="unknown map measure 'nope'; valid: memberships"):
        _map.map_values("nope", 2014)


def test_map_page(tmp_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from multivector.web import create_app

    c = TestClient(create_app())
    r = c.get("/map", params={"measure": "memberships", "year": 2014})
    assert r.status_code == 200 and 'id="chart-map"' in r.text and 'type="range"' in r.text
    assert "Nauru (NAU, 970)" in r.text  # too small for the outlines: named
    assert c.get("/map/countries-110m.json").content == _map.GEOMETRY.read_bytes()
    assert c.get("/map", params={"year": 3000}).status_code == 422
    assert c.get("/map", params={"measure": "gdp"}).status_code in (400, 422)


def test_doctests():
    assert doctest.testmod(_map).failed == 0


def test_dominant_pillar_map_speaks_plain_words():
    vals = set(_map.map_values("dominant", 2014).value.dropna())
    assert vals and not any("=" in v or v != v.strip() or v.islower() for v in vals)
    assert {"Russia", "European Union"} <= vals
