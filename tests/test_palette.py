"""The one palette (multivector.charts._palette): colour-blind safe sets, disjoint pillars and categories, used by every chart."""

from __future__ import annotations

import doctest
import itertools

import numpy as np
import pytest

from multivector.charts import _palette as P

SETS = {
    "pillars (default + user)": [*P.PILLARS.values(), *P.EXTRA],
    "poles": list(P.POLES.values()),
    "categories": list(P.CATEGORIES.values()),
    "statuses": [P.STATUSES[k] for k in ("Full", "Associate", "Observer")],
    "channels": list(P.CHANNELS.values()),
    "changes": list(P.CHANGES.values()),
    "types": list(P.TYPES.values()),
    "states": P.STATE_SERIES,
    "tilt": P.TILT,
    "hedging": P.HEDGING,
}


@pytest.mark.parametrize("vision", P.VISIONS)
@pytest.mark.parametrize("name", list(SETS))
def test_every_pair_of_a_set_stays_apart_for_colour_blind_readers(name, vision):
    worst = min((P.delta_e(a, b, vision), a, b) for a, b in itertools.combinations(SETS[name], 2))
    assert worst[0] >= P.MIN_DELTA_E, f"{name}: {worst[1]} and {worst[2]} merge under {vision} (dE {worst[0]:.1f})"


def test_simulation_matrices_reproduce_known_cases():
    # an independent check of the matrices: greys are unchanged by any simulation (rows of Machado's matrices sum to 1),
    # and pure red and green, far apart for normal vision, come close for deuteranopes and protanopes
    for vision in P.VISIONS:
        assert np.allclose(P.simulate("#808080", vision), P.simulate("#808080", "normal"), atol=0.2)
    assert P.delta_e("#ff0000", "#00ff00") > 80
    assert P.delta_e("#cc0000", "#7a8a00", "deuteranopia") < 25
    # the merge the issue reported: with Vega-Lite's default scheme (tableau10) the third pillar (United States,
    # #e45756) and the fifth (Turkey, #54a24b) are far apart for normal vision and all but equal for deuteranopes
    assert P.delta_e("#e45756", "#54a24b") > 90
    assert P.delta_e("#e45756", "#54a24b", "deuteranopia") < 3


def test_pillars_and_categories_never_share_a_colour():
    pillars = {*P.PILLARS.values(), *P.EXTRA}
    assert not pillars & set(P.CATEGORIES.values())
    assert not pillars & {P.STATUSES[k] for k in ("Full", "Associate", "Observer")}
    assert not pillars & set(P.CHANGES.values())


def test_meaning_carries_across_sets():
    # the poles take their leading pillar's colour; the tilt scale runs from East to West through neutral
    assert P.POLES["West"] == P.PILLARS["usa"] and P.POLES["East"] == P.PILLARS["russia"]
    assert P.TILT[2] == P.NEUTRAL and P.TILT[-1] == P.POLES["West"]
    # hedging's scale gets darker (CIELAB lightness falls) as the value rises
    lightness = [P.simulate(c, "normal")[0] for c in P.HEDGING]
    assert lightness == sorted(lightness, reverse=True)


def test_labels_codes_and_user_pillars():
    assert P.pillar_colors(["russia", "Russia"]) == {"russia": P.PILLARS["russia"], "Russia": P.PILLARS["russia"]}
    assert P.pillar_colors(["United States + European Union"])["United States + European Union"] == P.POLES["West"]
    user = P.pillar_colors(["Russia", "Central Asia", "Gulf"])
    assert [user["Central Asia"], user["Gulf"]] == P.EXTRA[:2]
    assert P.color("category", "russia+china") == P.CATEGORIES["Russia + China"]
    assert P.label("pillar-free") == "Pillar-free" and P.label("not_alive") == "Not alive"
    with pytest.raises(KeyError):
        P.color("category", "no such")


def test_doctests():
    assert doctest.testmod(P).failed == 0
