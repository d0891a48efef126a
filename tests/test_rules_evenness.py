"""Rules of docs/methodology.md ("Alignment with the pillars", "Pillar evenness", "Pillars") that a mutation
audit found unpinned: deleting any of them from the code left every other test passing. Each test checks
real figures against the published CSVs in ../shared/data or a plain loop.

| rule | mutation that used to survive |
| --- | --- |
| the dominant pillar's ties are named as ties (``china=usa``) | ties resolved to the first pillar |
| the chance band leaves out the state's own single-state pillar | random portfolios over all five pillars |
| an organization whose signature is unknown is left out (shares and chance band) | unknown signatures used |
| diplomatic channel: the state's own single-state pillar left out | Russia balanced against itself |
| kappa compares the organizations where *both* are known | the state's -9 cells read as "not a member" |
| UN years after 2014 use the 2014 members of the EU pillar | no EU pillar after 2014 |
| dominant-share and HHI percentile intervals, dominant_prob | other quantiles; a constant probability |
| diplomatic chance: the state's own votes shuffled over the roll calls it voted on | shuffled over every roll call |
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector.data._store import get_store
from multivector.measures._evenness import _chance_keys, _Institutional, _quantiles
from multivector.measures._pillars import as_pillar_set
from multivector.measures._signatures import data_cube
from _sources import igo_state_year as _igo  # each CSV read once per session

ORDER = ["russia", "china", "usa", "eu", "turkey"]
SINGLE = {"russia": 365, "china": 710, "usa": 2, "turkey": 640}


@lru_cache(maxsize=1)
def _votes(source_dir) -> pd.DataFrame:
    v = pd.read_csv(source_dir / "unga" / "un_votes.csv.gz", keep_default_na=False, na_values=[""])
    rc = pd.read_csv(source_dir / "unga" / "un_roll_calls.csv.gz", usecols=["rcid", "session"])
    return v.merge(rc, on="rcid")


def _weights_by_hand(source_dir, ccode: int, year: int) -> dict:
    """Signature weights from the CSV: world bodies out, organizations with any missing pillar cell out,
    signatures neither empty nor all five, 1/|signature| to each pillar."""
    d = _igo(source_dir)
    y = d[d.year == year].set_index("ccode")
    eu = y.index[y.eu == 1]
    orgs = [c for c in d.columns if c not in ("ccode", "year", "state") and (y[c] == 1).sum() <= 0.5 * len(y)]
    w = dict.fromkeys(ORDER, 0.0)
    for io in orgs:
        if y.loc[ccode, io] != 1:
            continue
        cells = {k: y.loc[c, io] for k, c in SINGLE.items()}
        if -9 in cells.values() or (y.loc[eu, io] == -9).any():
            continue
        sig = [k for k, v in cells.items() if v == 1] + (["eu"] if (y.loc[eu, io] == 1).sum() >= len(eu) / 2 else [])
        if 0 < len(sig) < 5:
            for k in sig:
                w[k] += 1 / len(sig)
    return w


def test_dominant_ties_are_named_as_ties(source_dir):
    """Eritrea 2014: China and the United States carry the same, largest weight; the dominant pillar is
    'china=usa', not whichever comes first."""
    w = _weights_by_hand(source_dir, 531, 2014)
    top = max(w.values())
    assert [k for k in ORDER if abs(w[k] - top) < 1e-9] == ["china", "usa"]
    e = mv.evenness("Eritrea", 2014, bootstrap=0, chance=0).iloc[0]
    assert e.dominant == "china=usa"
    assert e.dominant_share == pytest.approx(top / sum(w.values()))


def _chance_by_loop(prov, ccode: int, year: int, draws: int, seed: int, considered: list) -> tuple:
    """The chance band by a plain loop over the same random orders of the organizations alive that year:
    each portfolio's organizations with a known signature, restricted to the pillars considered, neither
    empty nor all of them, outside world bodies, give 1/|signature| to each pillar."""
    cube, k = prov.cube, prov.kernel
    yi = year - cube.year0
    alive = np.flatnonzero(k["alive"][:, yi])
    n = int((cube.status[cube.state_index[ccode], alive, yi] == 1).sum())
    order = np.argsort(_chance_keys(seed, prov.n_units, draws)[:, alive], axis=1, kind="stable")
    cols = [ORDER.index(p) for p in considered]
    member = k["member"][:, alive, yi].T[:, cols]
    world = prov.world[alive, yi]
    unknown = k["unknown"][alive, yi]
    ents = []
    for r in range(draws):
        w = np.zeros(len(cols))
        for u in order[r, :n]:
            sig = member[u]
            if 0 < sig.sum() < len(cols) and not world[u] and not unknown[u]:
                w += sig / sig.sum()
        s = w / w.sum()
        ents.append(-(s[s > 0] * np.log(s[s > 0])).sum() / np.log(len(cols)))
    lo, hi = _quantiles(np.array(ents)[:, None], [0.025, 0.975])
    return lo[0], hi[0], float(np.mean(ents))


def test_chance_band_leaves_out_the_states_own_pillar():
    """Russia 2014: its figure is over the four other pillars, and so is every random portfolio of the band."""
    prov = _Institutional(as_pillar_set(None), data_cube(False), "majority", "signature", True)
    mean, lo, hi = prov.chance(2014, np.array([prov.state_index[365]]), 40, 7, 0.95)
    want = _chance_by_loop(prov, 365, 2014, 40, 7, ["china", "usa", "eu", "turkey"])
    assert (lo[0], hi[0], mean[0]) == pytest.approx(want)
    e = mv.evenness("Russia", 2014, bootstrap=0, chance=0).iloc[0]
    assert (e.n_pillars, e.own_pillar) == (4, "russia") and pd.isna(e.share_russia)


def test_unknown_signatures_are_left_out():
    """Extended panel, 1995: the Barents Euro-Arctic Council (records, member list not declared complete)
    has Norway, Russia and the Nordic states as members and every other state unknown (-9), so whether the
    EU and the United States belong is unknown. Norway is a full member, yet its weights are those of the
    published data alone; and the chance band skips the organization too."""
    c = mv.extended_cube()
    o, yi = c.org_index["beac"], 1995 - c.year0
    st = c.status[:, o, yi]
    assert st[c.state_index[385]] == 1 and st[c.state_index[365]] == 1 and st[c.state_index[2]] == -9
    assert c.organizations.set_index("ioname").loc["beac", "origin"] == "records"
    ext = mv.alignment("Norway", 1995, extended=True).set_index("pillar")
    cow = mv.alignment("Norway", 1995).set_index("pillar")
    assert ext.n_orgs.iloc[0] == cow.n_orgs.iloc[0]
    assert np.allclose(ext.weight.to_numpy(float), cow.weight.to_numpy(float))
    prov = _Institutional(as_pillar_set(None), data_cube(True), "majority", "signature", True)
    assert prov.kernel["unknown"][o, yi] and prov.kernel["member"][0, o, yi]  # Russia known to be in it
    mean, lo, hi = prov.chance(1995, np.array([prov.state_index[385]]), 40, 7, 0.95)
    assert (lo[0], hi[0], mean[0]) == pytest.approx(_chance_by_loop(prov, 385, 1995, 40, 7, ORDER))


def test_diplomatic_channel_leaves_out_the_states_own_pillar():
    """Russia 2014 in the UN: balanced over China, the United States, the EU and Turkey; its agreement with
    China and the United States is the dyadic UN agreement. With exclude_own=False it agrees with itself
    on every roll call (1)."""
    a = mv.alignment("Russia", 2014, channel="diplomatic").set_index("pillar")
    assert not a.loc["russia", "considered"] and pd.isna(a.loc["russia", "share"])
    u = mv.un_agreement(2014, states="Russia,China,United States").set_index(["ccode1", "ccode2"])
    assert a.loc["china", "agree"] == pytest.approx(float(u.loc[(365, 710), "agree"]))
    assert a.loc["usa", "agree"] == pytest.approx(float(u.loc[(2, 365), "agree"]))
    considered = a[a.considered]
    assert list(considered.index) == ["china", "usa", "eu", "turkey"]
    assert np.allclose(considered.share, considered.agree / considered.agree.sum())
    e = mv.evenness("Russia", 2014, channel="diplomatic", bootstrap=0, chance=0).iloc[0]
    assert (e.n_pillars, e.own_pillar) == (4, "russia")
    k = mv.alignment("Russia", 2014, channel="diplomatic", exclude_own=False).set_index("pillar")
    assert k.loc["russia", "considered"] and k.loc["russia", "agree"] == 1.0
    assert mv.evenness("Russia", 2014, channel="diplomatic", exclude_own=False, bootstrap=0, chance=0).n_pillars.iloc[0] == 5


def test_kappa_compares_only_organizations_known_for_both(source_dir):
    """North Korea 1990 has a missing (-9) cell in organizations whose Russia cell is known: the kappa table
    leaves those organizations out instead of reading the -9 as 'not a member'."""
    d = _igo(source_dir)
    y = d[d.year == 1990].set_index("ccode")
    orgs = [c for c in d.columns if c not in ("ccode", "year", "state") and (y[c] == 1).sum() <= 0.5 * len(y)]
    nk, ru = y.loc[731, orgs], y.loc[365, orgs]
    assert ((nk == -9) & ru.isin([0, 1, 2, 3])).any()  # the case the rule is about
    ok = nk.isin([0, 1, 2, 3]) & ru.isin([0, 1, 2, 3])
    x, z = (nk[ok] == 1), (ru[ok] == 1)
    po = (x == z).mean()
    pe = x.mean() * z.mean() + (1 - x.mean()) * (1 - z.mean())
    a = mv.alignment("North Korea", 1990).set_index("pillar")
    assert a.loc["russia", "n_compared"] == ok.sum()
    assert a.loc["russia", "kappa"] == pytest.approx((po - pe) / (1 - pe))


def test_un_years_after_2014_use_the_2014_eu(source_dir):
    """Kazakhstan 2017 (session 72): agreement with the EU pillar is agreement with the plurality vote of the
    28 EU members of 2014 (the United Kingdom still in), read from the COW CSV and the vote CSV."""
    d = _igo(source_dir)
    eu = set(d[(d.year == 2014) & (d.eu == 1)].ccode)
    assert len(eu) == 28 and 200 in eu
    states = get_store().table("states")
    iso = states[states.ccode.isin(eu)].iso2.dropna().unique()
    v = _votes(source_dir)
    s = v[v.session == 72]
    divided = s.groupby("rcid").vote.nunique()
    s = s[s.rcid.isin(divided.index[divided > 1])]
    wide = s.assign(v=s.vote.map({"yes": 0, "abstain": 1, "no": 2})).pivot_table(index="rcid", columns="country_code", values="v")

    def plurality(row):
        c = row.dropna().value_counts()
        if c.empty:
            return np.nan
        top = c[c == c.max()]
        return 1.0 if len(top) > 1 else float(top.index[0])

    pos = wide[[c for c in iso if c in wide]].apply(plurality, axis=1)
    kz = wide["KZ"]
    both = kz.notna() & pos.notna()
    want = (1 - (kz[both] - pos[both]).abs() / 2).mean()
    a = mv.alignment("Kazakhstan", 2017, channel="diplomatic").set_index("pillar")
    assert a.loc["eu", "considered"] and a.loc["eu", "agree"] == pytest.approx(want)


def test_dominant_share_interval_and_probability_equal_a_loop():
    """Kazakhstan 2014, 40 replicates: each replicate reweights the organizations with the package's Poisson
    weights; dominant_share_lo/hi are the 2.5% and 97.5% percentiles of the share of the pillar dominant in the
    point estimate, dominant_prob the share of replicates whose largest share is that same pillar, and the
    HHI interval the percentiles of sum(share^2)."""
    from multivector._random import poisson_weights
    from multivector.measures._evenness import _Institutional

    cube = get_store().cube
    prov = _Institutional(as_pillar_set(None), cube, "majority", "signature", True)
    B, seed = 40, 3
    w = poisson_weights(seed, "organizations", prov.n_units, B)
    yr = prov.year(2014, np.array([cube.state_index[705]]))
    contrib = yr.comps[0, :, 0, :]  # [units, pillars]: 1/|signature| per organization (pinned by hand elsewhere)
    point = contrib.sum(axis=0)
    dom = int(point.argmax())
    assert ORDER[dom] == "russia"
    shares = np.array([(w[b, yr.units][:, None] * contrib).sum(axis=0) for b in range(B)])
    shares = shares / shares.sum(axis=1, keepdims=True)
    e = mv.evenness("Kazakhstan", 2014, bootstrap=B, seed=seed, chance=0).iloc[0]
    assert (e.dominant_share_lo, e.dominant_share_hi) == pytest.approx(tuple(np.percentile(shares[:, dom], [2.5, 97.5])), rel=1e-5)
    assert e.dominant_prob == pytest.approx(float((shares.argmax(axis=1) == dom).mean()))
    assert (e.hhi_lo, e.hhi_hi) == pytest.approx(tuple(np.percentile((shares**2).sum(axis=1), [2.5, 97.5])), rel=1e-5)


def test_diplomatic_chance_shuffles_the_states_own_votes_over_its_roll_calls():
    """Kazakhstan 2014: each chance draw puts the state's own votes (its numbers of yes, abstain and no kept)
    on a random order of the roll calls it voted on, and scores agreement with the pillars' positions (the
    positions are pinned against the vote CSV elsewhere). A plain loop over the same random keys."""
    from multivector.measures._evenness import AGREE, _Diplomatic

    prov = _Diplomatic(as_pillar_set(None), "agree", "plurality", True)
    units, vote, _, _, yv, exists = prov._positions(2014)
    s = prov.state_index[705]
    v = vote[s]
    voted = np.flatnonzero(v >= 0)
    draws, seed = 30, 5
    keys = _chance_keys(seed, prov.n_units, draws)[:, units]
    ents = []
    for r in range(draws):
        shuffled = np.full(len(units), -1)
        shuffled[voted[np.argsort(keys[r, voted], kind="stable")]] = v[voted]
        assert np.array_equal(np.bincount(shuffled[shuffled >= 0], minlength=3), np.bincount(v[voted], minlength=3))
        agree = np.array([np.mean([AGREE[shuffled[u]] @ yv[p, u] for u in voted if yv[p, u].sum() > 0])
                          for p in range(len(ORDER)) if exists[p]])
        sh = agree / agree.sum()
        ents.append(-(sh * np.log(sh)).sum() / np.log(len(sh)))
    lo, hi = _quantiles(np.array(ents)[:, None], [0.025, 0.975])
    mean, c_lo, c_hi = prov.chance(2014, np.array([s]), draws, seed, 0.95)
    assert (c_lo[0], c_hi[0], mean[0]) == pytest.approx((lo[0], hi[0], np.mean(ents)))
