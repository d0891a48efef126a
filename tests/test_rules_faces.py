"""Rules of docs/methodology.md ("Dyad-years and joint membership", "Country briefs") that a mutation audit
found unpinned: deleting any of them from the code left every other test passing.

| rule | mutation that used to survive |
| --- | --- |
| dyad detail: one state -9, the other -1: -1 (not alive) wins | missing wins |
| brief peers: rank = 1 + the number of states with a strictly larger value (ties share a rank), by full memberships, joins and mean hedging | ties counted as ahead |
| brief evenness: a tied dominant pillar is named as a tie | the first of the tied pillars named alone |
| brief tilt wording: strongly from 0.5, somewhat from 0.2 | other thresholds |
| default peers: candidates in the system for at least half of the state's years | any overlap |
| brief memberships: the peak is the earliest year on ties | the latest |
| brief: the year with most joins; the year with most missing cells | the year with fewest |
"""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector.report import build_brief
from multivector.report._sections import similar_peers
from _sources import igo_state_year as _igo  # each CSV read once per session


def _text(brief) -> str:
    return "\n".join(p for s in brief.sections for p in s.paragraphs)


def test_dyad_detail_not_alive_wins_over_missing(source_dir):
    """INTELSAT, 1964: the United States is coded -9, Zanzibar -1 (the source's own rows); the codebook does
    not say which code the dyad gets, and here -1 (not alive) wins."""
    y = _igo(source_dir).query("year == 1964").set_index("ccode")
    assert (y.loc[2, "intelsat"], y.loc[511, "intelsat"]) == (-9, -1)
    m = mv.dyad_members(2, 511, 1964, include_not_alive=True).set_index("ioname")
    assert m.loc["intelsat", "dyad_status"] == "not_alive"
    assert "intelsat" not in set(mv.dyad_members(2, 511, 1964).ioname)  # left out by default


def test_brief_rank_ties_share_a_rank(source_dir):
    """Spain 2014 against Sweden and Germany (as many full memberships, 101) and the Netherlands and Finland
    (102): 1 + the two with strictly more = 3rd, shared with Sweden and Germany."""
    y = _igo(source_dir).query("year == 2014").set_index("ccode")
    orgs = [c for c in y.columns if c not in ("year", "state")]
    full = (y[orgs] == 1).sum(axis=1)
    peers = [380, 255, 210, 375]
    assert full[230] == full[380] == full[255] == 101 and full[210] == full[375] == 102
    b = build_brief("Spain", (2014, 2014), peers=peers)
    want = 1 + int((full[peers] > full[230]).sum())
    assert want == 3 and b.numbers["peer_rank_full"] == want
    assert "ranked 3rd of 5 by full memberships" in _text(b)
    # joins in 2014 (full in 2014, none, associate, observer or not alive in 2013): Spain, Sweden and Finland 1
    prev = _igo(source_dir).query("year == 2013").set_index("ccode")
    joins = {c: int(((y.loc[c, orgs] == 1) & prev.loc[c, orgs].isin([0, 2, 3, -1])).sum()) for c in [230, *peers]}
    assert joins == {230: 1, 380: 1, 255: 0, 210: 0, 375: 1}
    assert "By organizations joined in these years it ranked 1st of 5 (1)." in _text(b)
    # all five are EU members in 2014 (the CSV), so members of the West pole: hedging 0, one shared first rank
    assert (y.loc[[230, *peers], "eu"] == 1).all()
    assert b.numbers["peer_rank_hedging"] == 1


def test_brief_names_tied_dominant_pillars():
    """Eritrea 2014: China and the United States share the largest weight (pinned by hand in
    tests/test_rules_evenness.py); the brief names both as tied, not one of them."""
    b = build_brief("Eritrea", (2014, 2014))
    assert b.numbers["dominant_tied"] and "China and United States tied for the largest share" in _text(b)


@pytest.mark.parametrize("state, ccode, word", [("Armenia", 371, "strongly towards the East"),
                                                 ("Ecuador", 130, "slightly towards the East")])
def test_brief_tilt_wording_thresholds(state, ccode, word):
    """Armenia's 2014 tilt is -0.53 (|t| >= 0.5: strongly), Ecuador's -0.19 (below 0.2: slightly)."""
    t = mv.tilt(state, 2014).tilt.iloc[0]
    assert (0.5 <= abs(t) < 0.6) if word.startswith("strongly") else (0.1 <= abs(t) < 0.2)
    assert word in _text(build_brief(state, (2014, 2014)))


def test_default_peers_need_half_of_the_states_years(source_dir):
    """The Yemen Arab Republic, 1946-1990 (44 years in the IGO data, to 1989): in 1989 Bahrain and Oman are
    more alike than Lebanon and Saudi Arabia, but in the data only from 1971 (20 and 19 of the years, fewer
    than half), so they are no candidates."""
    d = _igo(source_dir)
    years = d[(d.year >= 1946) & (d.year <= 1990)].groupby("ccode").year.agg(["count", "max"])
    assert tuple(years.loc[678]) == (44, 1989)
    assert max(years.loc[692, "count"], years.loc[698, "count"]) < 44 // 2 <= years.loc[[680, 663, 660, 690], "count"].min()
    k = mv.dyads(1989, [678], measures=("kappa",), pairs="any")
    other = np.where(k.ccode1 == 678, k.ccode2, k.ccode1).astype(int)
    kappa = pd.Series(k.kappa.to_numpy(dtype="float64"), index=other)
    assert kappa[692] > kappa[660] and kappa[698] > kappa[690]
    candidates = [c for c in years.index[years["count"] >= 44 // 2] if c != 678]
    assert kappa.reindex(candidates).nlargest(4).index.tolist() == [680, 663, 660, 690]  # no ties among them
    assert similar_peers(678, 1946, 1990) == [680, 663, 660, 690]


def test_brief_peak_is_the_earliest_year_on_ties(source_dir):
    """Montenegro's full memberships (counted from the CSV) reach their maximum, 50, in 2013 and again in 2014:
    the brief's peak is the earliest of the tied years."""
    d = _igo(source_dir)
    m = d[d.ccode == 341].set_index("year")
    full = (m.drop(columns=["ccode", "state"]) == 1).sum(axis=1)
    assert full.max() == 50 and full.index[full == full.max()].tolist() == [2013, 2014]
    b = build_brief("Montenegro", (2006, 2014))
    assert (b.numbers["full_peak"], b.numbers["full_peak_year"]) == (50, 2013)
    assert "peaked at 50 in 2013" in _text(b)


def test_brief_names_the_year_with_most_joins_and_most_missing_cells(source_dir):
    """Kazakhstan 1991-2014, from the CSV: joins per year (full now; none, associate, observer or not alive the
    year before; the first year's memberships are initial), and the -9 cells among living organizations. The
    brief names the year with most joins and the year with most missing cells (earliest on ties)."""
    d = _igo(source_dir)
    k = d[(d.ccode == 705) & (d.year <= 2014)].set_index("year").drop(columns=["ccode", "state"])
    joins = ((k == 1) & k.shift(1).isin([0, 2, 3, -1])).sum(axis=1).iloc[1:]
    missing, alive = (k == -9).sum(axis=1), (k != -1).sum(axis=1)
    jy, my = int(joins.idxmax()), int(missing.idxmax())
    b = build_brief("Kazakhstan", (1991, 2014))
    assert (b.numbers["joins_peak"], b.numbers["joins_peak_year"]) == (int(joins.max()), jy)
    assert f"the most in one year was {joins.max()}, in {jy}" in _text(b)
    notes = " ".join(n for s in b.sections for n in s.notes)
    assert f"at most {missing.max()} of {alive[my]} living organizations, in {my}" in notes
