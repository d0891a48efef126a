"""Chart specifications (multivector.charts._specs): data equal the library's, missing stays missing, every spec renders."""

from __future__ import annotations

import pandas as pd
import pytest

import multivector as mv
from multivector.charts import _specs as _charts


@pytest.fixture(scope="module")
def kz():
    return mv.portfolio("Kazakhstan", (1991, 2014))


def _rows(spec, **match):
    return [r for r in spec["data"]["values"] if all(r.get(k) == v for k, v in match.items())]


def test_memberships_by_status_values_equal_portfolio(kz):
    spec = _charts.memberships_by_status(kz)
    full = {r["year"]: r["value"] for r in _rows(spec, status="Full")}
    assert full == dict(zip(kz.year.astype(int), kz.full.astype(int)))
    # hand-checked in the foundation's tests: 57 full memberships in 2013, 55 in 2014
    assert full[2013] == 57 and full[2014] == 55
    assert {r["status"] for r in spec["data"]["values"]} == {"Full", "Associate", "Observer"}
    assert spec["encoding"]["x"]["axis"]["format"] == "d"


def test_memberships_by_type_values_equal_portfolio(kz):
    spec = _charts.memberships_by_type(kz)
    for col, label in _charts.TYPE_SERIES.items():
        got = {r["year"]: r["value"] for r in _rows(spec, type=label)}
        assert got == dict(zip(kz.year.astype(int), kz[col].astype(int)))


def test_missing_stays_null_never_zero():
    p = pd.DataFrame({"year": [2000, 2001, 2002], "full": pd.array([3, pd.NA, 5], dtype="Int64"),
                      "associate": pd.array([0, pd.NA, 1], dtype="Int64"), "observer": pd.array([0, pd.NA, 0], dtype="Int64")})
    spec = _charts.memberships_by_status(p)
    assert _rows(spec, year=2001, status="Full")[0]["value"] is None
    b = _charts.balance_index(pd.DataFrame({"year": [1, 2], "balance": [0.5, float("nan")], "lower": [0.4, None], "upper": [0.6, None]}))
    assert b["data"]["values"][1]["value"] is None


def test_joins_exits_signs_and_every_year_in_domain(kz):
    spec = _charts.joins_exits(kz)
    joined = {r["year"]: r["value"] for r in _rows(spec, change="Joined")}
    left = {r["year"]: r["value"] for r in _rows(spec, change="Left")}
    ch = kz[kz.joins.notna()]
    assert sum(joined.values()) == int(ch.joins.sum())
    assert all(v < 0 for v in left.values()) and -sum(left.values()) == int(ch.exits.sum())
    # years without any change keep their place on the axis (1991 has no previous year: not in the domain)
    assert spec["encoding"]["x"]["scale"]["domain"] == list(range(1992, 2015))


def test_empty_frames_give_a_message_not_an_empty_plot(kz):
    empty = kz.iloc[0:0]
    for spec in (_charts.memberships_by_status(empty), _charts.joins_exits(empty),
                 _charts.un_agreement(pd.DataFrame(columns=["year", "pillar", "agree"])),
                 _charts.peer_comparison(pd.DataFrame(columns=["year", "state", "value"]), focus="A")):
        assert spec["mark"]["type"] == "text"
        assert spec["data"]["values"][0]["message"]
    # a first year alone has no joins or exits to draw
    assert _charts.joins_exits(kz.iloc[:1])["mark"]["type"] == "text"


def test_engagements_drop_empty_categories_and_keep_order():
    d = pd.DataFrame({"year": [2000, 2000, 2001, 2001], "category": ["Western", "Universal", "Western", "Universal"],
                      "n": [3, 5, 0, 6]})
    spec = _charts.engagements_by_category(d, order=["Universal", "Russia-centred", "Western"])
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Universal", "Western"]
    assert spec["encoding"]["y"]["stack"] == "zero"


def test_peer_comparison_highlights_the_focus():
    d = pd.DataFrame({"year": [2000, 2000], "state": ["B", "A"], "value": [1, 2]})
    spec = _charts.peer_comparison(d, focus="A")
    assert spec["encoding"]["color"]["scale"]["domain"][0] == "A"
    assert spec["encoding"]["strokeWidth"]["condition"]["test"] == 'datum.state === "A"'


def test_sized_leaves_the_original_alone(kz):
    spec = _charts.memberships_by_status(kz)
    s2 = _charts.sized(spec, width="container", height=300)
    assert s2["width"] == "container" and s2["height"] == 300 and s2["autosize"]["type"] == "fit-x"
    assert spec["width"] == _charts.WIDTH


def test_every_spec_renders_offline_to_svg(kz):
    vlc = pytest.importorskip("vl_convert")
    bal = mv.evenness("Kazakhstan", (2010, 2014), bootstrap=50, seed=1)
    shares = bal.melt(id_vars=["year"], value_vars=[c for c in bal.columns if c.startswith("share_")],
                      var_name="pillar", value_name="share")
    specs = [
        _charts.memberships_by_status(kz), _charts.memberships_by_type(kz), _charts.joins_exits(kz),
        _charts.engagements_by_category(pd.DataFrame({"year": [2014, 2014], "category": ["Western", "Bridging"], "n": [1, 14]})),
        _charts.alignment_shares(shares),
        _charts.balance_index(bal, value="evenness", lower="evenness_lo", upper="evenness_hi"),
        _charts.balance_index(bal, value="evenness", lower="evenness_lo", upper="evenness_hi", chance=("chance_lo", "chance_hi")),
        _charts.un_agreement(pd.DataFrame({"year": [2018, 2019], "pillar": ["China", "China"], "agree": [0.9, 0.88], "n_votes": [80, 89]})),
        _charts.peer_comparison(pd.DataFrame({"year": [2014, 2014], "state": ["A", "B"], "value": [3, 4]}), focus="A"),
        _charts.no_data("Nothing", "No data here."),
    ]
    for spec in specs:
        svg = vlc.vegalite_to_svg(spec)
        assert svg.startswith("<svg") and spec["title"] in svg


def test_evenness_chart_draws_the_chance_band():
    e = mv.evenness("Kazakhstan", (2012, 2014), bootstrap=20, chance=100)
    spec = _charts.balance_index(e, value="evenness", lower="evenness_lo", upper="evenness_hi", chance=("chance_lo", "chance_hi"))
    dashed = [layer for layer in spec["layer"] if layer["mark"].get("strokeDash")]
    assert [layer["encoding"]["y"]["field"] for layer in dashed] == ["chance_lo", "chance_hi"]
    rows = {r["year"]: r for r in spec["data"]["values"]}
    assert rows[2014]["chance_lo"] == pytest.approx(e.set_index("year").loc[2014, "chance_lo"])
    assert "random portfolios" in spec["description"]
    plain = _charts.balance_index(e.assign(chance_lo=float("nan"), chance_hi=float("nan")), value="evenness",
                                  chance=("chance_lo", "chance_hi"))
    assert not any(layer["mark"].get("strokeDash") for layer in plain["layer"])  # no band, no lines


def test_doctests():
    import doctest

    res = doctest.testmod(_charts, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert res.failed == 0 and res.attempted > 10


def test_lines_break_across_years_out_of_the_system():
    """Czechoslovakia was out of the state system 1939-1945: the line has nulls there, not a bridge."""
    p = mv.portfolio(315, (1930, 1950))
    absent = sorted(set(range(1930, 1951)) - set(p.year.astype(int)))
    assert absent and min(absent) >= 1939 and max(absent) <= 1945
    spec = _charts.memberships_by_status(p)
    for y in absent:
        assert [r["value"] for r in _rows(spec, year=y)] == [None, None, None]


def _color_map(spec):
    enc = (spec.get("encoding") or {}).get("color") or {}
    sc = enc.get("scale") or {}
    return dict(zip(sc.get("domain", []), sc.get("range", [])))


def test_every_chart_takes_its_colours_from_the_one_palette(kz):
    from multivector.charts import _palette

    shares = pd.DataFrame({"year": [2000, 2000, 2000], "pillar": ["China", "Russia", "United States"], "share": [0.2, 0.5, 0.3]})
    un = shares.rename(columns={"share": "agree"})
    # the same pillar has the same colour whatever the order or the chart
    a = _color_map(_charts.alignment_shares(shares))
    b = _color_map(_charts.un_agreement(un, order=["United States", "Russia", "China"]))
    assert a == b and a["Russia"] == _palette.PILLARS["russia"] and a["United States"] == _palette.POLES["West"]
    assert _color_map(_charts.memberships_by_status(kz)) == {k: _palette.STATUSES[k] for k in ("Full", "Associate", "Observer")}
    assert _color_map(_charts.joins_exits(kz))["Joined"] == _palette.CHANGES["Joined"]
    # categories are shown in plain words with their palette colours, never the library's codes
    long = pd.DataFrame({"year": [2014] * 3, "category": ["russia_centred", "pillar-free", "western"], "n": [4, 9, 2]})
    cat = _charts.engagements_by_category(long)
    assert _color_map(cat) == {"Russia-centred": _palette.CATEGORIES["Russia-centred"],
                               "Pillar-free": _palette.CATEGORIES["Pillar-free"], "Western": _palette.CATEGORIES["Western"]}
    assert {r["category"] for r in cat["data"]["values"]} == {"Russia-centred", "Pillar-free", "Western"}


def test_alignment_title_names_the_channel():
    d = pd.DataFrame({"year": [2000], "pillar": ["Russia"], "share": [1.0]})
    assert _charts.alignment_shares(d)["title"] == "Institutional alignment by pillar"
    spec = _charts.alignment_shares(d, channel="diplomatic")
    assert spec["title"] == "Diplomatic alignment by pillar" and "UN General Assembly votes" in spec["description"]


def test_reading_of_a_highlighted_comparison_names_the_focus_only():
    d = pd.DataFrame({"year": [2000, 2001] * 9, "state": [f"S{i}" for i in range(9) for _ in (0, 1)],
                      "value": [i * 10 + k for i in range(9) for k in (0, 1)]})
    spec = _charts.peer_comparison(d, focus="S3")
    assert "encoding" in spec and spec["encoding"]["detail"]["field"] == "state"  # nine states: highlight mode
    assert _charts.reading(spec) == "S3: 30 in 2000, 31 in 2001."
