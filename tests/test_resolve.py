"""Name resolution: every way a user names a state or an organization."""

from __future__ import annotations

import pytest

import multivector as mv


@pytest.mark.parametrize(
    "value, ccode",
    [
        ("Kazakhstan", 705), ("kazakhstan", 705), ("KZK", 705), ("KZ", 705), ("KAZ", 705), (705, 705), ("705", 705),
        ("German Democratic Republic", 265), ("GDR", 265), ("DDR", 265), ("East Germany", 265),
        ("German Federal Republic", 260), ("Yemen Arab Republic", 678), ("Yemen People's Republic", 680),
        ("Germany", 255), ("DEU", 255), ("Russia", 365), ("Russian Federation", 365), ("USSR", 365),
        ("United States of America", 2), ("USA", 2), ("US", 2), ("Namibia", 565), ("NA", 565),
        ("Côte d'Ivoire", 437), ("Ivory Coast", 437), ("Türkiye", 640), ("South Korea", 732),
        ("Korea, Republic of", 732), ("Bolivia, Plurinational State of", 145), ("Zanzibar", 511),
    ],
)
def test_resolve_state(value, ccode):
    assert mv.resolve_state(value) == ccode


def test_unknown_state_suggests():
    with pytest.raises(mv.UnknownStateError) as e:
        mv.resolve_state("Kazakstan")
    assert e.value.suggestions[0] == "Kazakhstan (KZK, 705)"
    assert str(e.value).startswith("Unknown state 'Kazakstan'. Did you mean: Kazakhstan (KZK, 705)")


def test_unknown_code():
    with pytest.raises(mv.UnknownStateError):
        mv.resolve_state(999)


def test_resolve_states_list():
    assert mv.resolve_states("Kazakhstan, Russia, China, USA") == [705, 365, 710, 2]
    assert mv.resolve_states(["KZ", 705]) == [705]
    assert mv.resolve_states(None) is None


@pytest.mark.parametrize(
    "value, ioname",
    [("SCO", "sco"), ("sco", "sco"), ("Shanghai Cooperation", "sco"), ("European Union", "eu"),
     ("Collective Security", "csto"), ("OPEC", "opec"), ("North Atlantic Treaty", "nato")],
)
def test_resolve_organization(value, ioname):
    assert mv.resolve_organization(value) == ioname


def test_ambiguous_organization_lists_candidates():
    with pytest.raises(mv.AmbiguousNameError) as e:
        mv.resolve_organization("eurasian")
    assert any("EAEC" in s for s in e.value.suggestions)


def test_unknown_organization():
    with pytest.raises(mv.UnknownOrganizationError) as e:
        mv.resolve_organization("Shangai Coop Org")
    assert isinstance(e.value, mv.MultivectorError)
