"""Rules of docs/methodology.md ("Security commitment", "Tilt", "Hedging") that a mutation audit found
unpinned: deleting any of them from the kernel left every other test passing. Each test checks real
figures against the published CSVs in ../shared/data or against a second, plain computation.

| rule | mutation that used to survive |
| --- | --- |
| an offence obligation is a tie like a defence one | ally = defence only |
| the median state is taken over the states in the system | median over every state with an estimate |
| the first pole is the positive end, whichever it is | sign of (x_A - x_B) dropped |
| posterior spread (q95 - q5) / (2 x 1.645) | spread doubled |
| the legacy series has no posterior: no interval | interval drawn anyway |
| combined replicates: the mean of the channels with a figure | divided by every channel |
| hedging needs a factor besides security | hedging from security alone |
| hedging replicates keep the (1 - commitment) factor | factor dropped from the replicates |
| period summaries of hedging use 1 - abs(diplomatic tilt) | abs dropped in the trajectory path |
| figures on the extended panel are provisional | flag only after 2014 (tilt and hedging) |
| after 2014, alliance organizations and pole members come from the extended panel | COW cube only (no CSTO in 2016; the UK in the EU in 2021) |
"""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector._random import DEFAULT_SEED, normal_draws
from multivector.measures import _alignment as A
from multivector.measures._poles import default_poles
from _sources import atop_dyad_year as _atop, ideal_points as _ideal, igo_state_year as _igo  # each CSV read once per session

Z90 = 1.6448536269514722  # standard normal 95% quantile: the publisher's q5/q95 are a 90% interval


def _in_system(source_dir, year: int) -> set:
    s = pd.read_csv(source_dir / "cow-states" / "states2016.csv")
    return set(s[(s.styear <= year) & (s.endyear >= year)].ccode)


# ---------------------------------------------------------------- security


def test_an_offence_obligation_is_a_tie(source_dir):
    """Prussia and Russia, 1863 (the Alvensleben Convention): ATOP codes an offence obligation and no defence
    one, in either direction. 'Defence or offence' makes it a tie, and it is bilateral: no third state has a
    defence or offence obligation with both that year."""
    a = _atop(source_dir)
    y = a[a.year == 1863]
    pair = y[((y.ccode1 == 255) & (y.ccode2 == 365)) | ((y.ccode1 == 365) & (y.ccode2 == 255))]
    assert pair.atop_offense.max() == 1 and pair.atop_defense.max() == 0
    ally = y[(y.atop_defense == 1) | (y.atop_offense == 1)]
    partners = {c: set(ally.ccode2[ally.ccode1 == c]) | set(ally.ccode1[ally.ccode2 == c]) for c in (255, 365)}
    assert not (partners[255] & partners[365])  # bilateral
    r = mv.alliances("Prussia", 1863).iloc[0]
    assert (r.offense_russia, r.defense_russia) == (1.0, 0.0)
    assert (r.treaty_east, r.commitment_east, r.via_east) == (1.0, 1.0, "bilateral treaty")
    assert mv.tilt("Prussia", 1863, channel="security", bootstrap=0).tilt.iloc[0] == -1.0


# ---------------------------------------------------------------- diplomatic


def test_median_state_is_over_the_states_in_the_system(source_dir):
    """1980: the Ukrainian and Byelorussian SSRs have UN ideal points but are not in the COW state system;
    the median state, the poles and every tilt are taken without them (recomputed here from the CSVs)."""
    year = 1980
    ip = _ideal(source_dir)
    x_all = ip[ip.year == year].set_index("ccode").idealpointfp.dropna()
    assert {369, 370} <= set(x_all.index)  # the trap
    system = _in_system(source_dir, year)
    assert not ({369, 370} & system)
    x = x_all[x_all.index.isin(system)]
    igo = _igo(source_dir)
    eec = set(igo[(igo.year == year) & (igo.eec == 1)].ccode)
    m = x.median()
    assert m != pytest.approx(x_all.median())  # the rule matters this year

    def tilt(s):
        west = ([x[2]] if s != 2 else []) + [np.mean([x[g] for g in eec if g != s and g in x])]
        east = [x[g] for g in (365, 710) if g != s and g in x]
        w, e = np.mean(west), np.mean(east)
        return float(np.clip(np.sign(w - e) * (x[s] - m) / max(abs(w - m), abs(e - m)), -1, 1))

    t = mv.tilt(None, year, channel="diplomatic", bootstrap=0).set_index("ccode").tilt
    assert set(t.index) == set(x.index)
    for s in x.index:
        assert t[s] == pytest.approx(tilt(s), abs=1e-9), s


def test_the_first_pole_is_the_positive_end_whatever_it_is():
    """Swapping the poles swaps the ends: every channel's tilt changes sign exactly (the diplomatic unit, the
    institutional baseline and the security difference are all symmetric in the two poles)."""
    a = mv.tilt(None, 2014, channel="all", bootstrap=0).set_index(["ccode", "channel"]).tilt
    b = mv.tilt(None, 2014, channel="all", poles="russia+china,usa+eu", bootstrap=0).set_index(["ccode", "channel"]).tilt
    assert len(a) > 600 and a.index.equals(b.index)
    assert np.allclose(a.to_numpy(dtype=float), -b.to_numpy(dtype=float), atol=1e-12)
    assert b[(290, "diplomatic")] == pytest.approx(-0.648, abs=1e-3)  # Poland, the worked example, now negative


def test_diplomatic_replicates_draw_from_the_publishers_posterior(source_dir):
    """Each replicate draws every state's ideal point from a normal with sd (q95 - q5) / (2 x 1.645), then
    recomputes the median state and the poles. Recomputed here from the CSV with the package's standard
    normal stream (the only shared input)."""
    year, B = 2014, 4
    ps = default_poles()
    res = A.diplomatic(ps, year, "fp", n_rep=B, seed=DEFAULT_SEED)
    order = A.inputs().ip[["ccode", "year"]].reset_index(drop=True)  # the draws' unit universe
    z = normal_draws(DEFAULT_SEED, "ideal_points", len(order), B).astype(np.float32).astype(np.float64)
    ip = _ideal(source_dir)
    ip = ip[ip.year == year].set_index("ccode")
    system = set(_igo(source_dir).query("year == @year").ccode)
    eu = set(_igo(source_dir).query("year == @year and eu == 1").ccode)
    rows = order.index[order.year == year]
    row_of = dict(zip(order.ccode[rows], rows))
    states = [c for c in ip.index if c in system and np.isfinite(ip.loc[c, "idealpointfp"])]
    sd = (ip.q95fp - ip.q5fp) / (2 * Z90)
    axis = A.state_axis()
    for b in range(B):
        xr = {c: ip.loc[c, "idealpointfp"] + sd[c] * z[b, row_of[c]] for c in states}
        m = np.median(list(xr.values()))
        for s in (290, 705, 830, 750, 220, 365):
            west = ([xr[2]] if s != 2 else []) + [np.mean([xr[g] for g in eu if g != s and g in xr])]
            east = [xr[g] for g in (365, 710) if g != s and g in xr]
            w, e = np.mean(west), np.mean(east)
            want = np.clip(np.sign(w - e) * (xr[s] - m) / max(abs(w - m), abs(e - m)), -1, 1)
            got = res.reps[b, int(np.searchsorted(axis, s))]
            assert got == pytest.approx(want, abs=1e-5), (b, s)


def test_the_legacy_series_has_no_interval():
    """The legacy series has no posterior quantiles: the point, but no interval (never a made-up one)."""
    t = mv.tilt("Poland", 2014, channel="diplomatic", ideal_point="legacy", bootstrap=50).iloc[0]
    assert np.isfinite(t.tilt) and pd.isna(t.tilt_lo) and pd.isna(t.tilt_hi)
    f = mv.tilt("Poland", 2014, channel="diplomatic", bootstrap=50).iloc[0]
    assert f.tilt_lo < f.tilt < f.tilt_hi


# ---------------------------------------------------------------- combined


def test_combined_replicates_are_the_mean_of_the_channels_with_a_figure():
    """Singapore and India, 2014: no institutional figure (too few discriminating memberships), so each
    combined replicate is (security + diplomatic replicate) / 2; security has no sampling error, and a
    percentile commutes with that increasing affine map."""
    t = mv.tilt(["Singapore", "India"], 2014, channel="all", bootstrap=200)
    for c in (830, 750):
        r = t[t.ccode == c].set_index("channel")
        assert r.loc["combined", "channels"] == "security, diplomatic"
        sec = r.loc["security", "tilt"]
        assert r.loc["combined", "tilt_lo"] == pytest.approx((sec + r.loc["diplomatic", "tilt_lo"]) / 2, abs=1e-6)
        assert r.loc["combined", "tilt_hi"] == pytest.approx((sec + r.loc["diplomatic", "tilt_hi"]) / 2, abs=1e-6)


# ---------------------------------------------------------------- hedging


def test_hedging_needs_a_factor_besides_security(source_dir):
    """Taiwan 2016: ATOP has the year (no commitment), but Taiwan has no UN ideal point after 1971 and the
    published IGO data end in 2014: hedging is missing (no row), never the security factor alone (1.0)."""
    ip = _ideal(source_dir)
    assert ip[(ip.ccode == 713) & (ip.year == 2016)].empty
    a = mv.alliances("Taiwan", 2016).iloc[0]
    assert (a.commitment_west, a.commitment_east) == (0.0, 0.0)
    with pytest.raises(mv.InvalidYearError, match="Taiwan .* has no hedging figure in 2016"):
        mv.hedging("Taiwan", 2016, bootstrap=0)
    # with the extended panel the engagement factor exists, and the figure rests on it
    e = mv.hedging("Taiwan", 2016, bootstrap=0, extended=True)
    assert e.empty or "engagement" in str(e.rests_on.iloc[0])


def test_a_committed_states_hedging_interval_is_zero():
    """Poland 2014 is committed to the West (a member of the pole): hedging 0 in every replicate, so the
    interval is [0, 0], while an uncommitted state's interval has width."""
    h = mv.hedging(["Poland", "Japan", "Singapore"], 2014, bootstrap=100).set_index("ccode")
    for c in (290, 740):
        assert h.loc[c, "commitment"] == 1.0
        assert (h.loc[c, "hedging"], h.loc[c, "hedging_lo"], h.loc[c, "hedging_hi"]) == (0.0, 0.0, 0.0)
    assert h.loc[830, "hedging_lo"] < h.loc[830, "hedging_hi"]
    # the pole it is committed to, only when the commitment is positive (missing, not a pole, otherwise)
    assert (h.loc[290, "committed_to"], h.loc[740, "committed_to"]) == ("West", "West")
    assert pd.isna(h.loc[830, "committed_to"]) and pd.isna(h.loc[830, "commitment_via"])


def test_period_summary_of_hedging_uses_the_absolute_diplomatic_tilt():
    """India 2005-2014: uncommitted, diplomatic tilt mostly negative (with the East). The period mean of
    hedging equals the mean of the yearly figures, each (1 - 0) x (1 - |tilt|) x balance <= 1."""
    h = mv.hedging("India", (2005, 2014), bootstrap=0)
    assert (h.diplomatic_tilt < 0).sum() >= 8 and (h.hedging <= 1).all()
    d = h.diplomatic_tilt.abs()
    want = (1 - h.commitment) * np.where(d.notna(), 1 - d, 1.0) * np.where(h.engagement_balance.notna(), h.engagement_balance, 1.0)
    assert np.allclose(h.hedging, want)
    p = mv.period_summary("India", "2005-2014", measure="hedging", bootstrap=0).iloc[0]
    assert p["mean"] == pytest.approx(float(np.mean(want)), abs=1e-9)


def test_figures_on_the_extended_panel_are_provisional():
    """With extended=True a 2014 figure that rests on the extended panel (institutional, combined, hedging)
    is marked provisional; the security and diplomatic channels of 2014 rest on published data only."""
    t = mv.tilt("Kazakhstan", 2014, channel="all", bootstrap=0, extended=True).set_index("channel").provisional
    assert t.to_dict() == {"security": False, "diplomatic": False, "institutional": True, "combined": True}
    assert not mv.tilt("Kazakhstan", 2014, channel="all", bootstrap=0).provisional.any()
    assert bool(mv.hedging("Kazakhstan", 2014, bootstrap=0, extended=True).provisional.iloc[0])
    assert not bool(mv.hedging("Kazakhstan", 2014, bootstrap=0).provisional.iloc[0])


def test_after_2014_alliance_organizations_come_from_the_extended_panel(source_dir):
    """Kazakhstan 2016 (ATOP has the year; the COW IGO data end in 2014): its ties with Russia are not
    bilateral (third states are allied to both, from the CSV), so the commitment rests on the CSTO, whose
    2016 members come from the extended panel (Kazakhstan's 2014 membership carried forward)."""
    a = _atop(source_dir)
    y = a[(a.year == 2016) & ((a.atop_defense == 1) | (a.atop_offense == 1))]
    partners = {c: set(y.ccode2[y.ccode1 == c]) | set(y.ccode1[y.ccode2 == c]) for c in (705, 365)}
    assert 365 in partners[705] and partners[705] & partners[365]
    c = mv.extended_cube()
    assert c.status[c.state_index[705], c.org_index["csto"], 2016 - c.year0] == 1
    r = mv.alliances("Kazakhstan", 2016).iloc[0]
    assert (r.commitment_east, r.via_east) == (1.0, "CSTO")


def test_after_2014_pole_members_come_from_the_extended_panel(source_dir):
    """2021: the United Kingdom left the EU in 2020 (records), so the West's EU position is the mean of the
    27 other members of 2014 (the COW CSV); recomputed here from the ideal-point CSV."""
    year = 2021
    d = _igo(source_dir)
    eu = set(d[(d.year == 2014) & (d.eu == 1)].ccode) - {200}
    assert len(eu) == 27
    ip = _ideal(source_dir)
    system = _in_system(source_dir, 2016)  # the COW list ends in 2016: its last states carry on
    x = ip[ip.year == year].set_index("ccode").idealpointfp.dropna()
    x = x[x.index.isin(system)]
    m = x.median()

    def tilt(s):
        west = ([x[2]] if s != 2 else []) + [np.mean([x[g] for g in eu if g != s and g in x])]
        east = [x[g] for g in (365, 710) if g != s and g in x]
        w, e = np.mean(west), np.mean(east)
        return float(np.clip(np.sign(w - e) * (x[s] - m) / max(abs(w - m), abs(e - m)), -1, 1))

    t = mv.tilt(None, year, channel="diplomatic", bootstrap=0).set_index("ccode").tilt
    assert set(t.index) == set(x.index)
    for s in (290, 705, 200, 220, 750, 830, 365):
        assert t[s] == pytest.approx(tilt(s), abs=1e-9), s


def test_engagement_balance_needs_three_memberships_with_a_pole():
    """The engagement factor follows the tilt's minimum: with fewer than 3 memberships in organizations
    where a pole takes part it is missing (a ratio of one or two organizations says nothing), and hedging
    rests on the other factors; with 3 or more it is min / max of the two counts (recomputed here)."""
    h = mv.hedging(None, 2014, bootstrap=0)
    hi = h[["engagement_west", "engagement_east"]].astype("float64").max(axis=1)
    lo = h[["engagement_west", "engagement_east"]].astype("float64").min(axis=1)
    bal = h.engagement_balance.astype("float64")
    few = hi < 3
    assert few.sum() >= 5 and bal[few].isna().all()
    assert np.allclose(bal[~few & (hi > 0)], (lo / hi)[~few & (hi > 0)])
    dj = h.set_index("ccode").loc[522]  # Djibouti: 2 and 2
    assert (dj.engagement_west, dj.engagement_east) == (2, 2) and "engagement" not in dj.rests_on
    assert dj.hedging == pytest.approx((1 - dj.commitment) * (1 - abs(dj.diplomatic_tilt)))
    # Kosovo: no UN ideal point and too few memberships: no figure (it read 1.0 from one organization)
    with pytest.raises(mv.InvalidYearError, match="Kosovo .* has no hedging figure in 2014"):
        mv.hedging("Kosovo", 2014, bootstrap=0)
