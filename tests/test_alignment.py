"""Poles, security commitment, tilt and hedging (docs/methodology.md, "Poles", "Security commitment",
"Tilt", "Hedging").

The kernel works on whole arrays; every figure here is checked against a second, plain implementation
that reads the published CSVs in ../shared/data directly (ATOP dyad-years, COW IGO state-years, the UN
ideal points) and loops over states and organizations as the methodology describes the rules. Deleting
any rule from the kernel (the bilateral or alliance-organization test of a treaty, leave-one-out, world
bodies, eligibility, the minimum of three discriminating memberships, the chance baseline, the median
state, the clip) changes some state's figure in 2014 and fails these tests.
"""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector._random import DEFAULT_SEED
from _sources import atop_dyad_year as _atop, ideal_points as _ideal, igo_state_year as _igo  # each CSV read once per session

ALLIANCE_ORGS = ("nato", "wpact", "seato", "cento", "anzus", "weu", "csto")
WEST, EAST = {"usa": 2}, {"russia": 365, "china": 710}


def region(c: int) -> int:
    return 0 if c < 200 else 1 if c < 400 else 2 if c < 600 else 3 if c < 700 else 4 if c < 900 else 5


def _year(source_dir, year):
    d = _igo(source_dir)
    y = d[d.year == year].set_index("ccode")
    orgs = [c for c in d.columns if c not in ("ccode", "year", "state")]
    return y[orgs], orgs


# ---------------------------------------------------------------- security, by hand


def _security_by_hand(source_dir, year):
    y, _ = _year(source_dir, year)
    a = _atop(source_dir)
    a = a[(a.year == year) & ((a.atop_defense == 1) | (a.atop_offense == 1))]
    partners: dict = {}
    for c1, c2 in zip(a.ccode1, a.ccode2):
        partners.setdefault(c1, set()).add(c2)
        partners.setdefault(c2, set()).add(c1)
    eu = set(y.index[y["eu"] == 1])
    ao = {o: set(y.index[y[o] == 1]) for o in ALLIANCE_ORGS if o in y.columns}

    def counted(s, g):
        if g not in partners.get(s, set()):
            return False
        if not (partners[s] & partners[g]):
            return True
        return any(s in m and g in m for m in ao.values())

    out = {}
    for s in y.index:
        west = 1.0 if (s == 2 or s in eu) else max(float(counted(s, 2)),
                                                   np.mean([counted(s, g) for g in eu if g != s]) if eu - {s} else 0.0)
        east = 1.0 if s in (365, 710) else max(float(counted(s, 365)), float(counted(s, 710)))
        shares = ([float(2 in partners.get(s, set()))] if s != 2 else []) + \
            ([np.mean([g in partners.get(s, set()) for g in eu if g != s])] if eu - {s} else [])
        treaty_w = max(shares)  # ATOP as published: no override for members of the pole
        out[s] = (west, east, treaty_w)
    return out


@pytest.mark.parametrize("year", [2014, 2000])
def test_commitments_equal_a_plain_recomputation(source_dir, year):
    hand = _security_by_hand(source_dir, year)
    a = mv.alliances(None, year).set_index("ccode")
    assert set(a.index) == set(hand)
    for s, (w, e, tw) in hand.items():
        assert a.loc[s, "commitment_west"] == pytest.approx(w), s
        assert a.loc[s, "commitment_east"] == pytest.approx(e), s
        assert a.loc[s, "treaty_west"] == pytest.approx(tw), s


def test_commitment_worked_examples():
    a = mv.alliances(["Venezuela", "Japan", "Norway", "Kazakhstan", "Azerbaijan", "Poland", "Russia"], 2014).set_index("ccode")
    # Venezuela: the OAS Charter ties it to the United States (ATOP), not a counted commitment
    assert (a.loc[101, "defense_usa"], a.loc[101, "treaty_west"], a.loc[101, "commitment_west"]) == (1.0, 1.0, 0.0)
    assert (a.loc[740, "commitment_west"], a.loc[740, "via_west"]) == (1.0, "bilateral treaty")
    assert (a.loc[385, "commitment_west"], a.loc[385, "via_west"]) == (1.0, "NATO")
    assert (a.loc[705, "commitment_east"], a.loc[705, "via_east"]) == (1.0, "CSTO")
    assert (a.loc[373, "treaty_east"], a.loc[373, "commitment_east"]) == (1.0, 0.0)
    assert (a.loc[290, "commitment_west"], a.loc[290, "via_west"]) == (1.0, "member of the pole")
    assert (a.loc[365, "commitment_east"], a.loc[365, "commitment_west"]) == (1.0, 0.0)
    u = mv.alliances("Uzbekistan", [2010, 2013]).set_index("year")  # in the CSTO 2006-2012
    assert (u.loc[2010, "commitment_east"], u.loc[2013, "commitment_east"]) == (1.0, 0.0)


def test_alliance_flags_equal_the_source_rows(source_dir):
    """Single-state pillars: the flag is the ATOP row in either direction (the US defends Japan)."""
    raw = _atop(source_dir)
    r = raw[(raw.year == 2014) & (((raw.ccode1 == 740) & (raw.ccode2 == 2)) | ((raw.ccode1 == 2) & (raw.ccode2 == 740)))]
    a = mv.alliances("Japan", 2014).iloc[0]
    for f in ("defense", "offense", "neutral", "nonagg", "consul"):
        assert a[f"{f}_usa"] == float(r[f"atop_{f}"].max()), f


def test_security_needs_atop_years():
    with pytest.raises(mv.InvalidYearError, match=r"2019 is outside the security data \(ATOP 5.1\) \(1816-2018\); extended=True"):
        mv.alliances("Kazakhstan", 2019)  # ATOP ends in 2018: an error that names the way on, not an empty table
    e = mv.alliances("Kazakhstan", 2019, extended=True).iloc[0]
    assert e.atop_year == 2018 and bool(e.provisional) and e.commitment_east == 1.0


# ---------------------------------------------------------------- diplomatic, by hand


def _diplomatic_by_hand(source_dir, year, series="idealpointfp"):
    y, _ = _year(source_dir, min(year, 2014))
    ip = _ideal(source_dir)
    x = ip[ip.year == year].set_index("ccode")[series].dropna()
    x = x[x.index.isin(y.index)] if year <= 2014 else x
    eu = set(y.index[y["eu"] == 1])
    m = x.median()
    out = {}
    for s in x.index:
        us = [x[2]] if s != 2 and 2 in x else []
        eu_others = [x[g] for g in eu if g != s and g in x]
        west_pillars = us + ([np.mean(eu_others)] if eu_others else [])
        east_pillars = [x[g] for g in (365, 710) if g != s and g in x]
        w, e = np.mean(west_pillars), np.mean(east_pillars)
        unit = max(abs(w - m), abs(e - m))
        out[s] = float(np.clip(np.sign(w - e) * (x[s] - m) / unit, -1, 1))
    return out


def test_diplomatic_tilt_equals_a_plain_recomputation(source_dir):
    hand = _diplomatic_by_hand(source_dir, 2014)
    t = mv.tilt(None, 2014, channel="diplomatic", bootstrap=0).set_index("ccode").tilt
    assert set(t.index) == set(hand)
    for s, v in hand.items():
        assert t[s] == pytest.approx(v, abs=1e-9), s
    assert t[290] == pytest.approx(0.648, abs=1e-3)  # docs/methodology.md worked example
    assert t[2] == 1.0  # clipped: the United States is further out than its own pole (the EU)


def test_diplomatic_tilt_in_2024_uses_the_final_passage_series(source_dir):
    t = mv.tilt(["Kazakhstan", "Poland"], 2024, channel="diplomatic", bootstrap=0)
    assert len(t) == 2 and t.provisional.all()  # after 2014: the EU's members come from the extended panel
    ip = _ideal(source_dir)
    assert ip[(ip.year == 2024)].idealpointall.isna().all()  # the trap: the 'all' series is empty in 2024
    with pytest.raises(mv.InvalidArgumentError, match="ideal_point"):
        mv.tilt("Poland", 2014, ideal_point="median")


# ---------------------------------------------------------------- institutional, by hand


def _institutional_by_hand(source_dir, year):
    y, orgs = _year(source_dir, year)
    states = list(y.index)
    n_states = len(states)
    eu = set(y.index[y["eu"] == 1])
    pole_states = eu | {2, 365, 710}
    pillars = {"usa": ({2}, 0), "eu": (eu, 0), "russia": ({365}, 1), "china": ({710}, 1)}
    full = {o: set(y.index[y[o] == 1]) for o in orgs}
    alive = {o: bool(((y[o] >= 0) | (y[o] == -9)).any()) for o in orgs}
    world = {o: len(full[o]) > 0.5 * n_states for o in orgs}
    org_regions = {}
    for o in orgs:
        others = [c for c in full[o] if c not in pole_states] or list(full[o])
        cnt = np.bincount([region(c) for c in others], minlength=6)
        org_regions[o] = {r for r in range(6) if others and cnt[r] / len(others) >= 0.25}
    out = {}
    for s in states:
        W = E = NA = NB = eW = eE = 0
        for o in orgs:
            if not alive[o] or world[o]:
                continue
            pres, avail = [False, False], [False, False]
            for members, pole in pillars.values():
                others = members - {s}
                if not others:
                    continue
                here = bool(others & full[o])
                regs = {region(c) for c in others}
                if here or (regs & org_regions[o]):
                    avail[pole] = True
                    pres[pole] |= here
            if not (avail[0] and avail[1]):
                continue
            mem = s in full[o]
            if pres[0]:
                eW += mem
            if pres[1]:
                eE += mem
            if pres[0] != pres[1]:
                NA += pres[0]
                NB += pres[1]
                W += mem and pres[0]
                E += mem and pres[1]
        r = (W - E) / (W + E) if W + E >= 3 else np.nan
        r0 = (NA - NB) / (NA + NB) if NA + NB else np.nan
        if np.isnan(r) or np.isnan(r0):
            t = np.nan
        elif r >= r0:
            t = (r - r0) / (1 - r0) if r0 < 1 else 0.0  # every open organization is the first pole's: no lean to measure
        else:
            t = (r - r0) / (1 + r0) if r0 > -1 else 0.0
        bal = min(eW, eE) / max(eW, eE) if max(eW, eE) >= 3 else np.nan  # like r: at least 3 memberships
        out[s] = (t, eW, eE, bal, W, E)
    return out


def test_institutional_tilt_and_engagement_equal_a_plain_recomputation(source_dir):
    hand = _institutional_by_hand(source_dir, 2014)
    t = mv.tilt(None, 2014, channel="institutional", bootstrap=0).set_index("ccode").tilt
    h = mv.hedging(None, 2014, bootstrap=0).set_index("ccode")
    for s, (ti, ew, ee, bal, w, e) in hand.items():
        if np.isnan(ti):
            assert s not in t.index, s
        else:
            assert t[s] == pytest.approx(ti, abs=1e-9), s
        if s not in h.index:  # no hedging figure: no ideal point (Kosovo) and no balance either
            assert np.isnan(bal), s
            continue
        assert h.loc[s, "engagement_west"] == ew and h.loc[s, "engagement_east"] == ee, s
        assert h.loc[s, "engagement_balance"] == pytest.approx(bal, nan_ok=True), s
    # docs/methodology.md worked examples
    assert hand[705][4:] == (0, 6) and t[705] == -1.0
    assert hand[290][4:] == (15, 0) and t[290] == 1.0


# ---------------------------------------------------------------- combined tilt and hedging


def test_combined_tilt_is_the_mean_of_the_channels():
    t = mv.tilt(None, 2014, channel="all", bootstrap=0)
    w = t.pivot(index="ccode", columns="channel", values="tilt")
    mean = w[["security", "diplomatic", "institutional"]].mean(axis=1, skipna=True)
    assert np.allclose(w["combined"], mean)
    c = t[t.channel == "combined"].set_index("ccode")
    assert c.loc[705, "channels"] == "security, diplomatic, institutional"
    assert c.loc[830, "channels"] == "security, diplomatic"  # Singapore: too few discriminating memberships


def test_hedging_is_the_product_of_its_factors():
    h = mv.hedging(None, 2014, bootstrap=0)
    d = h.diplomatic_tilt.abs()
    want = (1 - h.commitment) * np.where(d.notna(), 1 - d, 1.0) * np.where(h.engagement_balance.notna(), h.engagement_balance, 1.0)
    assert np.allclose(h.hedging, want)
    assert (h.commitment == np.fmax(h.commitment_west, h.commitment_east)).all()
    s = h.set_index("ccode").loc[830]  # docs/methodology.md worked example: Singapore 2014
    assert s.hedging == pytest.approx(0.906, abs=1e-3) and s.commitment == 0
    assert (h[h.commitment == 1].hedging == 0).all()
    assert "security (ATOP 2014)" in s.rests_on and "diplomatic" in s.rests_on


def test_hedging_is_missing_not_zero_without_security_data():
    with pytest.raises(mv.InvalidYearError, match="outside the security data"):
        mv.hedging("Singapore", 2020, bootstrap=0)  # ATOP ends in 2018
    with pytest.raises(mv.InvalidYearError, match="2019 is outside the security data"):
        mv.hedging(None, (2017, 2019), bootstrap=0)  # every state: the same rule, never 2017-2018 alone in silence
    assert mv.hedging(None, bootstrap=0).year.max() == 2018  # the default years are the security data's
    e = mv.hedging("Singapore", 2020, bootstrap=0, extended=True).iloc[0]
    assert "carried" in e.rests_on and bool(e.provisional)


def test_pole_states_and_leave_one_out():
    t = mv.tilt(["Russia", "United States", "France"], 2014, channel="security", bootstrap=0).set_index("ccode").tilt
    assert (t[365], t[2], t[220]) == (-1.0, 1.0, 1.0)
    h = mv.hedging(["Russia", "France"], 2014, bootstrap=0).set_index("ccode")
    assert (h.loc[365, "commitment_via"], h.loc[220, "committed_to"]) == ("member of the pole", "West")


def test_user_poles():
    t = mv.tilt(["Japan", "North Korea"], 2014, poles="usa,china", channel="security", bootstrap=0).set_index("ccode").tilt
    assert t[740] == 1.0 and t[731] == -1.0
    assert mv.tilt("Japan", 2014, poles={"Maritime": ["usa"], "Continental": ["china"]}, bootstrap=0).attrs["poles"] \
        == "Maritime (United States) vs Continental (China)"
    for bad, msg in [("usa", "two groups"), ("usa,usa", "both poles"), ("usa,chna", "Unknown pillar")]:
        with pytest.raises(mv.MultivectorError, match=msg):
            mv.tilt("Japan", 2014, poles=bad, bootstrap=0)


# ---------------------------------------------------------------- intervals


def test_intervals_bracket_the_point_and_do_not_depend_on_the_request():
    one = mv.tilt("Kazakhstan", 2014, channel="all", bootstrap=200).set_index("channel")
    many = mv.tilt(["Kazakhstan", "Poland"], (2012, 2014), channel="all", bootstrap=200)
    row = many[(many.ccode == 705) & (many.year == 2014)].set_index("channel")
    for ch in ("diplomatic", "institutional", "combined"):
        assert (one.loc[ch, "tilt_lo"], one.loc[ch, "tilt_hi"]) == (row.loc[ch, "tilt_lo"], row.loc[ch, "tilt_hi"]), ch
        assert one.loc[ch, "tilt_lo"] <= one.loc[ch, "tilt"] <= one.loc[ch, "tilt_hi"] or ch == "institutional"
    assert one.loc["security", "tilt_lo"] == one.loc["security", "tilt_hi"] == one.loc["security", "tilt"]
    assert one.attrs["seed"] == DEFAULT_SEED


def test_a_few_states_get_the_intervals_of_a_run_over_every_state():
    """Asking for a few states bootstraps only those (the brief and the web pages); their intervals are
    those of the run over every state, to the last digit."""
    from multivector.measures import _alignment as A

    few = ["Kazakhstan", "Poland", "Russia", "United States of America"]
    A._YCACHE.clear()
    h_few = mv.hedging(few, (2013, 2014), bootstrap=150).set_index(["ccode", "year"])
    t_few = mv.tilt(few, 2014, channel="all", bootstrap=150).set_index(["ccode", "channel"])
    A._YCACHE.clear()
    h_all = mv.hedging(None, (2013, 2014), bootstrap=150).set_index(["ccode", "year"]).loc[h_few.index]
    t_all = mv.tilt(None, 2014, channel="all", bootstrap=150).set_index(["ccode", "channel"]).loc[t_few.index]
    pd.testing.assert_frame_equal(h_few, h_all, check_categorical=False, check_dtype=False)
    pd.testing.assert_frame_equal(t_few, t_all, check_categorical=False, check_dtype=False)
    assert h_few.hedging_lo.notna().any() and t_few.tilt_lo.notna().all()


def test_institutional_replicates_equal_a_loop():
    """The replicate matrix product equals summing each organization's Poisson weight by hand."""
    from multivector.measures import _alignment as A
    from multivector.measures._poles import default_poles

    ps = default_poles()
    core = A.institutional_core(ps, 2014)
    res = A.institutional(ps, 2014, n_rep=4, seed=7)
    w = A._org_weights(7, core["full"].shape[1], 4)
    i = A.inputs().index[705]
    for b in range(4):
        W = float((w[b] * (core["full"][i] & core["to_first"][i])).sum())
        E = float((w[b] * (core["full"][i] & core["to_second"][i])).sum())
        NA, NB = core["to_first"][i].sum(), core["to_second"][i].sum()
        r, r0 = ((W - E) / (W + E) if W + E >= 3 else np.nan), (NA - NB) / (NA + NB)
        want = (r - r0) / (1 - r0) if r >= r0 else (r - r0) / (1 + r0)
        assert res.reps["tilt"][b, i] == pytest.approx(want, abs=1e-6, nan_ok=True)


def test_period_summary_of_hedging_and_tilt():
    p = mv.period_summary("Kazakhstan", "1992-2001,2002-2014", measure="hedging", bootstrap=100).set_index("period")
    h = mv.hedging("Kazakhstan", (1992, 2014), bootstrap=0).set_index("year").hedging
    assert p.loc["1992-2001", "mean"] == pytest.approx(h.loc[1992:2001].mean())
    assert p.loc["2002-2014", "mean"] == 0.0  # in the CSTO from its founding in 2002
    assert p.loc["2002-2014", "diff_prev_hi"] < 0  # the fall is outside the interval
    t = mv.period_summary("Kazakhstan", "1992-2001,2002-2014", measure="tilt", bootstrap=0).set_index("period")
    tt = mv.tilt("Kazakhstan", (1992, 2014), bootstrap=0).set_index("year").tilt
    assert t.loc["2002-2014", "mean"] == pytest.approx(tt.loc[2002:2014].mean())


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize("call, msg", [
    (lambda: mv.tilt("Kazakstan", 2014), "Unknown state 'Kazakstan'"),
    (lambda: mv.tilt("Kazakhstan", 2014, channel="votes"), "channel: unknown channel 'votes'"),
    (lambda: mv.tilt("Kazakhstan", 1700), "1700"),
    (lambda: mv.tilt("Kazakhstan", 2014, bootstrap=-1), "bootstrap"),
    (lambda: mv.hedging("Kazakhstan", 2014, level=2), "level"),
    (lambda: mv.hedging([], 2014), "no state given"),
    (lambda: mv.alliances("Kazakhstan", 2014, poles="usa+eu"), "two groups"),
])
def test_bad_input_is_a_clear_error(call, msg):
    with pytest.raises(mv.MultivectorError, match=msg):
        call()
