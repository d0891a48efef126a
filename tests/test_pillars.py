"""Pillars (docs/methodology.md, "Pillars"): definitions, TOML loading, membership by year, group rules."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector.measures._pillars import MEMBER, NOT_ALIVE, NOT_MEMBER, UNKNOWN, PillarSet, as_pillar_set
from multivector.data._store import get_store


@lru_cache(maxsize=1)
def _state_year(source_dir) -> pd.DataFrame:
    return pd.read_csv(source_dir / "cow-igo-v3" / "state_year_formatv3.csv.gz")


def test_default_pillars():
    ps = mv.default_pillars()
    assert ps.keys == ("russia", "china", "usa", "eu", "turkey")
    assert [p.side for p in ps] == ["russia", "china", "west", "west", None]
    assert ps["eu"].members_of == (("eec", 1958, 1992), ("eu", 1993, None))
    assert ps["russia"].states == ((365, None, None),)


def test_eu_pillar_members_match_the_source_csv(source_dir):
    d = _state_year(source_dir)
    m = mv.pillar_members([1958, 1992, 1993, 1995, 2004, 2014])
    eu = m[m.pillar == "eu"]
    for year, col in [(1958, "eec"), (1992, "eec"), (1993, "eu"), (1995, "eu"), (2004, "eu"), (2014, "eu")]:
        expected = sorted(d.loc[(d.year == year) & (d[col] == 1), "ccode"])
        assert sorted(eu.loc[eu.year == year, "ccode"]) == expected, year
    assert (eu.year == 1958).sum() == 6 and (eu.year == 2014).sum() == 28
    # before 1958 the EU pillar does not exist
    assert mv.pillar_table().set_index("pillar").loc["eu", "first_year"] == 1958


def test_pillar_table_year():
    t = mv.pillar_table(year=1995).set_index("pillar")
    assert t.loc["eu", "n_members"] == 15
    assert t.loc["russia", "members"] == "RUS"
    assert "full members of eec 1958-1992" in t.loc["eu", "definition"]


def test_toml_round_trip(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text('[[pillar]]\nname = "India"\nstates = ["India"]\n\n[[pillar]]\nkey = "west"\nname = "West"\nside = "west"\n'
                 'states = ["United States"]\nmembers_of = [{ org = "eu", from = 1993 }]\n'
                 '[[pillar]]\nname = "GDR"\nstates = [{ state = 265, from = 1960, to = 1970 }]\n')
    ps = mv.load_pillars(f)
    assert ps.keys == ("india", "west", "gdr")
    assert ps["india"].states == ((750, None, None),)
    m = mv.pillar_members([1965, 1975, 2000], str(f))
    assert m[(m.pillar == "gdr")].year.tolist() == [1965]  # limited to 1960-1970
    assert (m[(m.pillar == "west") & (m.year == 2000)].ccode == 2).any()
    assert ((m.pillar == "west") & (m.year == 2000)).sum() == 16  # the US and 15 EU members


def test_key_strings_and_merging():
    ps = as_pillar_set("russia, china, usa+eu")
    assert ps.keys == ("russia", "china", "usa_eu")
    assert ps["usa_eu"].side == "west" and ps["usa_eu"].name == "United States + European Union"
    m = mv.pillar_members(2014, "usa+eu")
    assert len(m) == 29


def test_dict_pillars():
    ps = as_pillar_set({"Russia": [365], "India": ["India"]})
    assert ps.keys == ("russia", "india")


@pytest.mark.parametrize("bad, match", [
    ("russia,chna", "Unknown pillar 'chna'"),
    ("russia,russia", "duplicate pillar keys russia"),
    (42, "pillars: expected"),
])
def test_bad_pillar_arguments(bad, match):
    with pytest.raises(mv.MultivectorError, match=match):
        as_pillar_set(bad)


def test_unknown_pillar_suggests():
    with pytest.raises(mv.UnknownPillarError) as e:
        as_pillar_set("chna")
    assert "china" in e.value.suggestions


@pytest.mark.parametrize("text, match", [
    ("[[pillar]]\nname = 'X'\n", "neither states nor members_of"),
    ("[[pillar]]\nname = 'X'\nstates = [365]\nsde = 'west'\n", "unknown fields sde"),
    ("[[pillar]]\nname = 'X'\nstates = [365]\nside = 'east'\n", "side of 'X' must be one of"),
    ("[[pillar]\nname = 'X'\n", "not valid TOML"),
    ("title = 'no pillars'\n", "defines no"),
    ("[[pillar]]\nname = 'X'\nstates = [{ state = 365, from = '1990' }]\n", "must be integers"),
])
def test_bad_toml(text, match):
    with pytest.raises(mv.InvalidArgumentError, match=match):
        mv.load_pillars(text)


def test_missing_toml_file():
    with pytest.raises(mv.InvalidArgumentError, match="file not found"):
        mv.load_pillars("no-such-file.toml")


def test_group_rules_by_hand(source_dir):
    """NATO 2014: 22 of the 28 EU members are full members -> majority yes, any yes, all no."""
    d = _state_year(source_dir)
    eu14 = d[(d.year == 2014) & (d.eu == 1)]
    n_in = int((eu14.nato == 1).sum())
    assert (n_in, len(eu14)) == (22, 28)
    cube = get_store().cube
    ps = mv.default_pillars()
    o, y, p = cube.org_index["nato"], 2014 - cube.year0, ps.keys.index("eu")
    assert ps.org_status(cube, "majority")[p, o, y] == MEMBER
    assert ps.org_status(cube, "any")[p, o, y] == MEMBER
    assert ps.org_status(cube, "all")[p, o, y] == NOT_MEMBER
    # an organization all of whose cells are missing (turksoy 2014) is unknown, not "not a member"
    assert ps.org_status(cube)[p, cube.org_index["turksoy"], y] == UNKNOWN
    # the EU (eu) did not exist in 1980
    assert ps.org_status(cube)[0, cube.org_index["eu"], 1980 - cube.year0] == NOT_ALIVE


def test_group_rule_counts_match_a_loop(source_dir):
    """Majority rule for the EU pillar in every organization in 2004, against a plain pandas count from the CSV."""
    d = _state_year(source_dir)
    y = d[d.year == 2004].set_index("ccode")
    members = y.index[y.eu == 1]
    cube = get_store().cube
    got = mv.default_pillars().org_status(cube)[3, :, 2004 - cube.year0]
    checked = 0
    for io, code in zip(cube.ionames, got):
        col = y.loc[members, io]
        if (col == -1).all():
            assert code == NOT_ALIVE or not (y[io] != -1).any()
            continue
        if (col == -9).any():
            continue
        expected = MEMBER if (col == 1).sum() >= len(members) / 2 else NOT_MEMBER
        assert code == expected, io
        checked += 1
    assert checked > 250


def test_bad_rule():
    with pytest.raises(mv.InvalidArgumentError, match="rule: unknown membership rule 'most'"):
        mv.organization_signatures(2014, rule="most")


def test_pillarset_needs_pillars():
    with pytest.raises(mv.InvalidArgumentError):
        PillarSet(())


def test_membership_only_in_system():
    cube = get_store().cube
    m = mv.default_pillars().membership(cube)
    present = cube.status[:, 0, :] != -128
    assert not (m & ~present[None]).any()
    assert np.array_equal(m[0].sum(axis=0) > 0, present[cube.state_index[365]])


def test_cli_pillars(runner, cli):
    r = runner.invoke(cli, ["pillars", "--year", "2014", "-f", "csv"])
    assert r.exit_code == 0, r.output
    assert "eu,European Union,west" in r.output and ",28," in r.output
    r = runner.invoke(cli, ["pillars", "--pillars", "russia,chna"])
    assert r.exit_code == 1 and "Unknown pillar 'chna'" in r.output


def test_docstring_examples():
    import doctest

    import multivector.measures._pillars as module

    assert doctest.testmod(module).failed == 0


def test_toml_file_without_suffix(tmp_path):
    f = tmp_path / "my-pillars"
    f.write_text('[[pillar]]\nname = "Japan"\nstates = ["Japan"]\n')
    assert as_pillar_set(str(f)).keys == ("japan",)


def test_caches_follow_the_cube():
    """Kernels are cached per cube object, so another data directory never gets stale results."""
    from multivector.measures._pillars import cache_get, cache_put

    cache: dict = {}
    a, b = object(), object()
    cache_put(cache, ("k", 1), a, "value")
    assert cache_get(cache, ("k", 1), a) == "value" and cache_get(cache, ("k", 1), b) is None
