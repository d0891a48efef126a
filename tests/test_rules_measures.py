"""Rules of docs/methodology.md ("Pillars", "Organization signatures and categories", "Trajectories") that a
mutation audit found unpinned: deleting any of them from the code left every other test passing.

| rule | mutation that used to survive |
| --- | --- |
| group pillar, rule ``any``: member when f >= 1 | f >= 2 |
| rule ``all``: member when f = n | f >= n - 1 |
| rule ``all``: unknown only when missing cells could change the answer | missing read as "not a member" |
| own initiatives leave out organizations alive in 1816 (founding not observed) | 1816 taken as a founding year |
| change points: BIC counts a mean per segment *and* a location per break | location not counted |
| change points: at most ``max_changes`` = 2 breaks by default | 3 |
| permutation p-value (1 + #{as large}) / (permutations + 1) | #/permutations (p = 0 possible) |
| ``phi_bc`` = phi + (1 + 3 phi) / n (Kendall 1954) | another correction |
| what-if: a joined organization must be alive that year | a dead organization joined |
"""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector.data._store import get_store
from multivector.measures._pillars import MEMBER, NOT_MEMBER, UNKNOWN, as_pillar_set
from _sources import igo_state_year as _igo  # each CSV read once per session


@pytest.mark.parametrize("year", [2014, 1995])
def test_group_pillar_rules_by_hand_for_every_organization(source_dir, year):
    """The EU pillar in every organization alive that year, by each rule, from the CSV: n members of the EU
    (the ``eu`` column; ``eec`` before 1993), f of them full members, u coded -9."""
    d = _igo(source_dir)
    y = d[d.year == year].set_index("ccode")
    col = "eu" if year >= 1993 else "eec"
    eu = y.index[y[col] == 1]
    n = len(eu)
    orgs = [c for c in d.columns if c not in ("ccode", "year", "state") and (y[c] != -1).any()]
    cells = y.loc[eu, orgs]
    f, u = (cells == 1).sum(), (cells == -9).sum()
    known_non = (cells.isin([0, 2, 3])).sum()
    want = {
        "majority": np.where(f >= n / 2, MEMBER, np.where(f + u < n / 2, NOT_MEMBER, UNKNOWN)),
        "any": np.where(f >= 1, MEMBER, np.where(f + u < 1, NOT_MEMBER, UNKNOWN)),
        "all": np.where(f == n, MEMBER, np.where(known_non >= 1, NOT_MEMBER, UNKNOWN)),
    }
    cube = get_store().cube
    ps = as_pillar_set(None)
    p = ps.keys.index("eu")
    oi = [cube.org_index[o] for o in orgs]
    for rule, w in want.items():
        got = ps.org_status(cube, rule)[p, oi, year - cube.year0]
        bad = [o for o, a, b in zip(orgs, got, w) if a != b]
        assert not bad, (rule, bad[:5])
    if year == 2014:  # the cases the rules are about
        assert f["aalco"] == 1 and u["aalco"] == 0  # one EU member: in under 'any' only
        assert f["eurocontrol"] == n - 1 and u["eurocontrol"] == 0  # all but one: not in under 'all'
        assert ((f + u == n) & (u > 0)).any()  # full or missing only (the coding gaps): unknown under 'all'


def test_own_initiatives_leave_out_organizations_alive_in_1816(source_dir):
    """France is in the system from 1816; the organization already alive in 1816 (the Rhine commission,
    France a member) has no observed founding, so it is never an initiative. Recomputed from the CSV:
    full member in the organization's first year with any code other than -1, that year after 1816."""
    d = _igo(source_dir)
    orgs = [c for c in d.columns if c not in ("ccode", "year", "state")]
    alive = (d[orgs] != -1).groupby(d.year).any()
    first = alive.idxmax().where(alive.any())
    fr = d[d.ccode == 220].set_index("year")
    want = sorted(o for o in orgs if pd.notna(first[o]) and first[o] > 1816 and fr.loc[int(first[o]), o] == 1)
    old = [o for o in orgs if alive.loc[1816, o] and fr.loc[1816, o] == 1]
    assert old  # the case the rule is about
    got = mv.own_initiatives("France")
    assert sorted(got.ioname) == want and not set(old) & set(got.ioname)


def _bic(x, bounds):
    n = len(x)
    sse = sum(((x[a:b] - x[a:b].mean()) ** 2).sum() for a, b in zip(bounds, bounds[1:]))
    p = (len(bounds) - 1) + (len(bounds) - 2)  # a mean per segment, a location per break
    return n * np.log(sse / n) + p * np.log(n)


@pytest.mark.parametrize("step, breaks", [(0.45, 0), (0.7, 1)])
def test_change_point_bic_counts_the_break_location(step, breaks):
    """Twenty years alternating 0, 1 with a step after ten: a step of 0.45 lowers n ln(SSE/n) by 4.8, more
    than ln 20 (one parameter) but less than 2 ln 20 (a mean and a location): no break. A step of 0.7 (9.0)
    is a break."""
    x = np.array([0.0, 1.0] * 10)
    x[10:] += step
    k = min(range(3, 18), key=lambda k: ((x[:k] - x[:k].mean()) ** 2).sum() + ((x[k:] - x[k:].mean()) ** 2).sum())
    assert (_bic(x, [0, k, 20]) < _bic(x, [0, 20])) == bool(breaks)
    cp = mv.change_points(pd.Series(x, index=range(1995, 2015)), permutations=0)
    assert len(cp) == 1 + breaks
    if breaks:
        assert cp.start.iloc[1] == 1995 + k


def test_change_points_default_to_two_breaks():
    """Four clear levels: the default finds two breaks, max_changes=3 all three."""
    s = pd.Series(np.repeat([0.0, 1.0, 2.0, 3.0], 5) + np.tile([0.01, -0.01], 10), index=range(2000, 2020))
    assert len(mv.change_points(s, permutations=0)) == 3
    assert mv.change_points(s, max_changes=3, permutations=0).start.tolist() == [2000, 2005, 2010, 2015]


def test_permutation_p_value_counts_the_observed_order():
    """A perfect step of ten years each: no reordering of 99 splits as well as the data (a 2 in 184,756
    chance), so p = (1 + 0) / (99 + 1) = 0.01, never 0."""
    s = pd.Series([0.0] * 10 + [1.0] * 10, index=range(2000, 2020))
    cp = mv.change_points(s, permutations=99, seed=3)
    assert cp.break_p.iloc[1] == pytest.approx(0.01)


def test_mean_reversion_bias_correction():
    """phi_bc = phi + (1 + 3 phi) / n, n the pairs of consecutive years (Kendall 1954)."""
    b = mv.evenness("Kazakhstan", (1992, 2014), bootstrap=0, chance=0)
    r = mv.mean_reversion(b).iloc[0]
    e = b.evenness.to_numpy()
    phi = np.polyfit(e[:-1], e[1:], 1)[0]
    assert r.n_pairs == 22
    assert r.phi_bc == pytest.approx(phi + (1 + 3 * phi) / 22)


def test_scenario_joins_only_organizations_alive_that_year(source_dir):
    """What-if rule 1: a joined organization must be alive that year. SEATO is coded -1 (not alive) for every
    state in 2014 (the CSV): joining it is an error, not a membership of a dead organization."""
    y = _igo(source_dir).query("year == 2014")
    assert (y.seato == -1).all()
    with pytest.raises(mv.InvalidArgumentError, match="SEATO does not exist in 2014"):
        mv.scenario("Kazakhstan", 2014, join=["SEATO"])
