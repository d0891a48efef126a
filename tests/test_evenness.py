"""Alignment with the pillars and pillar evenness (docs/methodology.md, "Alignment with the pillars",
"Pillar evenness", "Bootstrap intervals")."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector.measures._evenness import _Institutional, _metrics, _run
from multivector.measures._pillars import as_pillar_set
from multivector.data._store import get_store
from multivector._random import DEFAULT_SEED, poisson_weights
from _sources import igo_state_year as _state_year  # each CSV read once per session

ORDER = ["russia", "china", "usa", "eu", "turkey"]


# ---- the measures on hand-made shares ------------------------------------------------------


def _m(scores, cons=None):
    s = np.asarray(scores, dtype=float)[None, :]
    c = np.ones_like(s, dtype=bool) if cons is None else np.asarray(cons)[None, :]
    return {k: v[0] for k, v in _metrics(s, c).items()}


def test_one_pillar_gives_zero():
    m = _m([3.0, 0, 0, 0, 0])
    assert m["entropy"] == 0.0 and m["hhi"] == 1.0


def test_even_split_gives_one():
    m = _m([2.0, 2.0, 2.0, 2.0, 2.0])
    assert m["entropy"] == pytest.approx(1.0) and m["hhi"] == pytest.approx(0.2)


def test_worked_example():
    """Shares 1/2, 1/4, 1/4 over three pillars: H = (ln 2 / 2 + ln 4 / 2) / ln 3 = 0.9464, HHI = 0.375."""
    m = _m([2.0, 1.0, 1.0])
    assert m["entropy"] == pytest.approx((0.5 * np.log(2) + 0.5 * np.log(4)) / np.log(3))
    assert m["entropy"] == pytest.approx(0.94639, abs=1e-5)
    assert m["hhi"] == pytest.approx(0.375)
    assert m["shares"].tolist() == [0.5, 0.25, 0.25]


def test_relabelling_changes_nothing():
    rng = np.random.default_rng(0)
    x = rng.random(5)
    for perm in ([4, 3, 2, 1, 0], [1, 0, 3, 2, 4]):
        a, b = _m(x), _m(x[perm])
        assert a["entropy"] == pytest.approx(b["entropy"]) and a["hhi"] == pytest.approx(b["hhi"])


def test_pillar_that_does_not_exist_is_excluded():
    """A pillar not considered drops out of K: two equal pillars of three existing give 1, not log2/log3."""
    m = _m([1.0, 1.0, 5.0], cons=[True, True, False])
    assert m["entropy"] == pytest.approx(1.0) and m["k"] == 2
    assert np.isnan(m["shares"][2])
    # a considered pillar with zero weight stays in K
    m = _m([1.0, 1.0, 0.0])
    assert m["entropy"] == pytest.approx(np.log(2) / np.log(3)) and m["shares"][2] == 0.0


def test_undefined_cases_are_missing_not_zero():
    assert np.isnan(_m([0.0, 0.0, 0.0])["entropy"])  # no unit at all
    assert np.isnan(_m([1.0, 0.0], cons=[True, False])["entropy"])  # K = 1


def test_negative_kappas_count_as_zero():
    """docs/methodology.md, "Alignment with the pillars": a pillar the state is less similar to than chance
    gets no share, never a negative one."""
    m = _m([-0.2, 0.3, 0.3])
    assert m["shares"].tolist() == [0.0, 0.5, 0.5]
    assert m["entropy"] == pytest.approx(np.log(2) / np.log(3))


# ---- institutional channel on the real data ---------------------------------------------------


def _signature_weights_by_hand(d: pd.DataFrame, ccode: int, year: int) -> dict:
    y = d[d.year == year].set_index("ccode")
    eu = y.index[y.eu == 1]
    orgs = [c for c in d.columns if c not in ("ccode", "year", "state")]
    # world bodies: more than half of the states in the system are full members (left out of the shares)
    orgs = [io for io in orgs if (y[io] == 1).sum() <= 0.5 * len(y)]
    w = dict.fromkeys(ORDER, 0.0)
    c = dict.fromkeys(ORDER, 0)
    n = 0
    for io in orgs:
        if y.loc[ccode, io] != 1:
            continue
        cells = {"russia": y.loc[365, io], "china": y.loc[710, io], "usa": y.loc[2, io], "turkey": y.loc[640, io]}
        if -9 in cells.values() or (y.loc[eu, io] == -9).any():
            continue
        sig = [k for k, v in cells.items() if v == 1]
        if (y.loc[eu, io] == 1).sum() >= len(eu) / 2:
            sig.append("eu")
        if 0 < len(sig) < 5:
            n += 1
            for k in sig:
                w[k] += 1 / len(sig)
                c[k] += 1
    return {"n": n, **w, "counts": c}


@pytest.mark.parametrize("ccode, year", [(705, 2014), (705, 2000), (704, 2005)])
def test_signature_weights_match_the_source_csv(source_dir, ccode, year):
    hand = _signature_weights_by_hand(_state_year(source_dir), ccode, year)
    a = mv.alignment(ccode, year).set_index("pillar")
    assert a.n_orgs.iloc[0] == hand["n"]
    for k in ORDER:
        assert a.loc[k, "weight"] == pytest.approx(hand[k]), k
        assert a.loc[k, "n_with_pillar"] == hand["counts"][k], k
    tot = sum(hand[k] for k in ORDER)
    shares = np.array([hand[k] / tot for k in ORDER])
    b = mv.evenness(ccode, year, bootstrap=0).iloc[0]
    h = -(shares[shares > 0] * np.log(shares[shares > 0])).sum() / np.log(5)
    assert b.evenness == pytest.approx(h)
    assert b.hhi == pytest.approx((shares**2).sum())
    assert b.dominant == ORDER[int(shares.argmax())]
    assert b.dominant_share == pytest.approx(shares.max())


def test_kazakhstan_2014_figures():
    """docs/methodology.md worked example (recomputed from the CSV by the test above)."""
    a = mv.alignment("Kazakhstan", 2014).set_index("pillar")
    assert a.loc["russia", "weight"] == pytest.approx(11 + 5 / 6)
    assert a.n_orgs.iloc[0] == 24
    b = mv.evenness("Kazakhstan", 2014, bootstrap=0, chance=0).iloc[0]
    assert b.dominant == "russia" and b.evenness == pytest.approx(0.8294, abs=1e-4)
    assert b.dominant_share == pytest.approx(0.4931, abs=1e-4)


def test_world_bodies_carry_no_weight(source_dir):
    """UNIDO (176 of 194 states in 2014, the United States out) would give Russia, China, the EU and Turkey a
    quarter each; as a world body it gives nothing."""
    d = _state_year(source_dir)
    y = d[d.year == 2014]
    assert (y.unido == 1).sum() > 0.5 * len(y) and y.set_index("ccode").loc[705, "unido"] == 1
    from multivector.measures._evenness import world_bodies
    from multivector.data._store import get_store

    cube = get_store().cube
    assert world_bodies(cube)[cube.org_index["unido"], 2014 - cube.year0]
    assert not world_bodies(cube)[cube.org_index["sco"], 2014 - cube.year0]


def test_chance_band_equals_a_loop_over_the_same_portfolios():
    """The cumulative-sum kernel gives every portfolio size at once; recompute a state's band with a plain
    loop over the same random orders of the organizations."""
    from multivector.measures._evenness import _chance_keys, _Institutional, _quantiles
    from multivector.measures._pillars import as_pillar_set
    from multivector.measures._signatures import data_cube

    ps = as_pillar_set(None)
    prov = _Institutional(ps, data_cube(False), "majority", "signature", True)
    cube, k = prov.cube, prov.kernel
    si = np.array([cube.state_index[705]])
    mean, lo, hi = prov.chance(2014, si, 60, 3, 0.95)
    yi = 2014 - cube.year0
    alive = np.flatnonzero(k["alive"][:, yi])
    n = int((cube.status[705 == cube.ccodes, :, yi][0][alive] == 1).sum())
    order = np.argsort(_chance_keys(3, prov.n_units, 60)[:, alive], axis=1, kind="stable")
    member = k["member"][:, alive, yi].T
    world = prov.world[alive, yi]
    ents = []
    for r in range(60):
        w = np.zeros(len(ORDER))
        for u in order[r, :n]:
            sig = member[u]
            if 0 < sig.sum() < 5 and not world[u] and not k["unknown"][alive[u], yi]:
                w += sig / sig.sum()
        s = w / w.sum()
        ents.append(-(s[s > 0] * np.log(s[s > 0])).sum() / np.log(5))
    want_lo, want_hi = _quantiles(np.array(ents)[:, None], [0.025, 0.975])
    assert (lo[0], hi[0], mean[0]) == pytest.approx((want_lo[0], want_hi[0], np.mean(ents)))


def test_chance_band_same_for_one_state_and_for_many():
    """A handful of portfolio sizes are drawn by partition, many by one running sum over a full
    order; both read the same random keys, so a state's band cannot depend on who else is asked for."""
    from multivector.measures._evenness import _Institutional
    from multivector.measures._pillars import as_pillar_set
    from multivector.measures._signatures import data_cube

    for method in ("signature", "kappa"):
        prov = _Institutional(as_pillar_set(None), data_cube(False), "majority", method, True)
        many = np.arange(len(prov.ccodes))
        m_all = np.array(prov.chance(2010, many, 40, 5, 0.95))  # [3, S]: well over 8 sizes
        sizes = (prov.cube.status[many, :, 2010 - prov.cube.year0] == 1).sum(axis=1)
        assert len(np.unique(sizes[np.isfinite(m_all[0])])) > 8
        for c in (705, 200, 365, 2):
            i = prov.state_index[c]
            one = np.array(prov.chance(2010, np.array([i]), 40, 5, 0.95))[:, 0]
            assert one == pytest.approx(m_all[:, i], rel=1e-9, abs=1e-12)


def test_versus_chance_labels():
    e = mv.evenness(["Kazakhstan", "United Kingdom"], 2014, bootstrap=0, chance=300).set_index("ccode")
    for c in (705, 200):
        r = e.loc[c]
        want = ("less even than chance" if r.evenness < r.chance_lo else
                "more even than chance" if r.evenness > r.chance_hi else "as even as chance")
        assert r.versus_chance == want
    assert e.loc[705, "versus_chance"] == "less even than chance"
    assert mv.evenness("Kazakhstan", 2014, bootstrap=0, chance=0).chance_lo.isna().all()


def test_kappa_method_matches_a_hand_table(source_dir):
    """Kazakhstan and the Russia pillar, 2014: Cohen's kappa from the 2x2 table of the CSV."""
    d = _state_year(source_dir)
    y = d[d.year == 2014].set_index("ccode")
    orgs = [c for c in d.columns if c not in ("ccode", "year", "state")]
    orgs = [io for io in orgs if (y[io] == 1).sum() <= 0.5 * len(y)]  # world bodies left out
    kz, ru = y.loc[705, orgs], y.loc[365, orgs]
    ok = kz.isin([0, 1, 2, 3]) & ru.isin([0, 1, 2, 3])
    x, z = (kz[ok] == 1), (ru[ok] == 1)
    n = ok.sum()
    po = (x == z).mean()
    pe = x.mean() * z.mean() + (1 - x.mean()) * (1 - z.mean())
    a = mv.alignment("Kazakhstan", 2014).set_index("pillar")
    assert a.loc["russia", "n_compared"] == n
    assert a.loc["russia", "kappa"] == pytest.approx((po - pe) / (1 - pe))


def test_relabelled_pillars_give_the_same_balance():
    a = mv.evenness("Kazakhstan", (2000, 2014), bootstrap=0)
    b = mv.evenness("Kazakhstan", (2000, 2014), pillars="turkey,eu,usa,china,russia", bootstrap=0)
    assert np.allclose(a.evenness, b.evenness) and np.allclose(a.hhi, b.hhi)
    assert (a.dominant == b.dominant).all()


def test_non_existent_pillar_is_excluded(tmp_path):
    """A GDR pillar (in the system until 1990) adds nothing in 1995 and is counted in 1985."""
    f = tmp_path / "p.toml"
    base = open(get_store().data_dir / "pillars.toml").read() if (get_store().data_dir / "pillars.toml").exists() else None
    from multivector.measures._pillars import DEFAULT_PILLARS_FILE

    base = DEFAULT_PILLARS_FILE.read_text()
    f.write_text(base + '\n[[pillar]]\nkey = "gdr"\nname = "GDR"\nstates = [265]\n')
    b = mv.evenness("Poland", [1985, 1995], pillars=str(f), bootstrap=0).set_index("year")
    d = mv.evenness("Poland", [1985, 1995], bootstrap=0).set_index("year")
    assert b.loc[1995, "n_pillars"] == 5 and np.isnan(b.loc[1995, "share_gdr"])
    assert b.loc[1995, "evenness"] == pytest.approx(d.loc[1995, "evenness"])
    assert b.loc[1985, "n_pillars"] == 6 and b.loc[1985, "share_gdr"] > 0


def test_own_single_state_pillar_excluded_group_pillar_kept():
    """Russia is not balanced against Russia; France keeps the European Union (issue 10: EU members lost
    their own pillar), and Estonia's dominant pillar is the EU, not Turkey."""
    r = mv.evenness("Russia", 2014, bootstrap=0, chance=0).iloc[0]
    assert r.n_pillars == 4 and np.isnan(r.share_russia) and r.own_pillar == "russia"
    f = mv.evenness("France", 2014, bootstrap=0, chance=0).iloc[0]
    assert f.n_pillars == 5 and f.share_eu > 0 and pd.isna(f.own_pillar)
    r2 = mv.evenness("Russia", 2014, bootstrap=0, chance=0, exclude_own=False).iloc[0]
    assert r2.n_pillars == 5
    assert mv.evenness("Estonia", 2014, bootstrap=0, chance=0).dominant.iloc[0] == "eu"


def test_state_outside_the_system_has_no_rows():
    b = mv.evenness("Kazakhstan", (1985, 1992), bootstrap=0)
    assert b.year.tolist() == [1991, 1992]


# ---- diplomatic channel ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _votes(source_dir):
    v = pd.read_csv(source_dir / "unga" / "un_votes.csv.gz", keep_default_na=False, na_values=[""])
    rc = pd.read_csv(source_dir / "unga" / "un_roll_calls.csv.gz", usecols=["rcid", "session"])
    return v.merge(rc, on="rcid")


def test_diplomatic_agreement_matches_the_source_csv(source_dir):
    """Kazakhstan 2014 (session 69): agreement with Russia and with the EU plurality, by pandas from the CSV."""
    v = _votes(source_dir)
    s = v[v.session == 69]
    divided = s.groupby("rcid").vote.nunique()
    s = s[s.rcid.isin(divided.index[divided > 1])]
    code = {"yes": 0, "abstain": 1, "no": 2}
    wide = s.assign(v=s.vote.map(code)).pivot_table(index="rcid", columns="country_code", values="v")
    kz = wide["KZ"]

    def agree(other):
        both = kz.notna() & other.notna()
        return (1 - (kz[both] - other[both]).abs() / 2).mean()

    states = get_store().table("states")
    eu_codes = mv.pillar_members(2014)
    eu_iso = states[states.ccode.isin(eu_codes[eu_codes.pillar == "eu"].ccode)].iso2.dropna().unique()

    def plurality(row):
        c = row.dropna().value_counts()
        if c.empty:
            return np.nan
        top = c[c == c.max()]
        return 1.0 if len(top) > 1 else float(top.index[0])

    eu_pos = wide[[c for c in eu_iso if c in wide]].apply(plurality, axis=1)
    a = mv.alignment("Kazakhstan", 2014, channel="diplomatic").set_index("pillar")
    assert a.loc["russia", "agree"] == pytest.approx(agree(wide["RU"]))
    assert a.loc["eu", "agree"] == pytest.approx(agree(eu_pos))
    assert a.loc["usa", "agree"] == pytest.approx(agree(wide["US"]))
    assert a.n_votes.iloc[0] == kz.notna().sum()
    # group_vote="mean": per roll call, the mean agreement with the EU members who voted; then the mean over roll calls
    eu_cols = wide[[c for c in eu_iso if c in wide]]
    per_rc = (1 - eu_cols.sub(kz, axis=0).abs() / 2).mean(axis=1)  # NaN where KZ or every member is absent
    m = mv.alignment("Kazakhstan", 2014, channel="diplomatic", group_vote="mean").set_index("pillar")
    assert m.loc["eu", "agree"] == pytest.approx(per_rc.dropna().mean())


def test_diplomatic_single_state_pillar_matches_un_agreement():
    a = mv.alignment("Kazakhstan", (2010, 2012), channel="diplomatic")
    ru = a[a.pillar == "russia"].set_index("year")
    u = mv.un_agreement((2010, 2012), states="Kazakhstan,Russia").set_index("year")
    for y in (2010, 2011, 2012):
        assert ru.loc[y, "agree"] == pytest.approx(float(u.loc[y, "agree"]))
        assert ru.loc[y, "kappa"] == pytest.approx(float(u.loc[y, "kappa"]))


def test_diplomatic_mean_group_vote_differs_and_is_bounded():
    p = mv.alignment("Kazakhstan", 2014, channel="diplomatic").set_index("pillar")
    m = mv.alignment("Kazakhstan", 2014, channel="diplomatic", group_vote="mean").set_index("pillar")
    assert p.loc["russia", "agree"] == pytest.approx(m.loc["russia", "agree"])  # one member: no difference
    assert 0 <= m.loc["eu", "agree"] <= 1


def test_diplomatic_balance_years_after_2014():
    b = mv.evenness("Kazakhstan", (2015, 2019), channel="diplomatic", bootstrap=0)
    assert b.year.tolist() == list(range(2015, 2020)) and b.evenness.between(0, 1).all()


# ---- bootstrap -------------------------------------------------------------------------------------


def test_vectorised_bootstrap_equals_a_loop():
    """The matrix-product bootstrap equals recomputing each replicate with explicit weights."""
    ps = as_pillar_set(None)
    cube = get_store().cube
    prov = _Institutional(ps, cube, "majority", "signature", True)
    si = np.array([cube.state_index[705]])
    B, seed, y = 7, 3, 2014
    res = _run(prov, si, [y], B, seed, 0.95, keep_replicates=True)
    w = poisson_weights(seed, "organizations", prov.n_units, B).astype(np.float32)
    yr = prov.year(y, si)
    for b in range(B):
        weights = np.zeros(len(ORDER))
        for j, u in enumerate(yr.units):
            weights += w[b, u] * yr.comps[0, j, 0]
        sh = weights / weights.sum()
        h = -(sh[sh > 0] * np.log(sh[sh > 0])).sum() / np.log(5)
        assert res["replicates"][b, 0, 0] == pytest.approx(h, rel=1e-5)


def test_bootstrap_reproducible_and_consistent():
    a = mv.evenness("Kazakhstan", (2000, 2003), bootstrap=50, seed=7)
    b = mv.evenness("Kazakhstan", (2000, 2003), bootstrap=50, seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert (a.evenness_lo <= a.evenness_hi).all() and (a.hhi_lo <= a.hhi_hi).all()
    assert a.dominant_prob.between(0, 1).all()
    p = mv.evenness("Kazakhstan, Uzbekistan", (2000, 2003), bootstrap=50, seed=7)
    pd.testing.assert_frame_equal(p[p.ccode == 705].reset_index(drop=True), a)
    c = mv.evenness("Kazakhstan", (2000, 2003), bootstrap=0)
    assert c.evenness_lo.isna().all() and np.allclose(c.evenness, a.evenness)


def test_default_seed_is_the_package_seed_and_recorded():
    """No seed given: the package's one seed, stored in attrs (it was a fresh random draw per call: issue 11)."""
    a = mv.evenness("Kazakhstan", 2014)
    b = mv.evenness("Kazakhstan", 2014)
    pd.testing.assert_frame_equal(a, b)
    assert {k: a.attrs[k] for k in ("seed", "bootstrap", "chance_draws")} == {"seed": DEFAULT_SEED, "bootstrap": 1000,
                                                                              "chance_draws": 1000}
    c = mv.evenness("Kazakhstan", 2014, seed=DEFAULT_SEED)
    assert (c.evenness_lo.iloc[0], c.evenness_hi.iloc[0]) == (a.evenness_lo.iloc[0], a.evenness_hi.iloc[0])
    d = mv.evenness("Kazakhstan", 2014, seed=DEFAULT_SEED + 1)
    assert d.attrs["seed"] == DEFAULT_SEED + 1 and d.evenness_lo.iloc[0] != a.evenness_lo.iloc[0]
    assert mv.evenness("Kazakhstan", 2014, bootstrap=50).attrs["bootstrap"] == 50


@pytest.mark.parametrize("channel, year, wider", [("institutional", 2014, (1992, 2014)),
                                                  ("diplomatic", 2010, (1995, 2019))])
def test_a_years_interval_does_not_depend_on_the_range_asked(channel, year, wider):
    """Weights belong to every organization (roll call) of the data, so 2014 asked alone or within 1992-2014
    gives the same interval (it changed with the range before: issue 11)."""
    one = mv.evenness("Kazakhstan", year, channel=channel, bootstrap=200).iloc[0]
    many = mv.evenness("Kazakhstan", wider, channel=channel, bootstrap=200).set_index("year").loc[year]
    panel = mv.evenness(["Uzbekistan", "Kazakhstan", "Russia"], (year - 1, year), channel=channel, bootstrap=200)
    row = panel[(panel.ccode == 705) & (panel.year == year)].iloc[0]
    for col in ("evenness_lo", "evenness_hi", "hhi_lo", "hhi_hi", "dominant_prob"):
        assert one[col] == many[col] == row[col], col


def test_extended_panel_keeps_the_cow_organizations_weights():
    """The extended cube appends the records' organizations after the COW ones; the weights are prefix-stable,
    so a COW organization gets the same replicate weights in both cubes (checked on the weights themselves and
    on a year whose figure is the same in both panels)."""
    from multivector.measures._evenness import _weights
    from multivector.measures._signatures import data_cube

    cow, ext = get_store().cube, data_cube(True)
    assert list(ext.ionames[: len(cow.ionames)]) == list(cow.ionames) and len(ext.ionames) > len(cow.ionames)
    w_cow = _weights(DEFAULT_SEED, "organizations", len(cow.ionames), 100)
    w_ext = _weights(DEFAULT_SEED, "organizations", len(ext.ionames), 100)
    assert np.array_equal(w_ext[:, : len(cow.ionames)], w_cow)
    a = mv.evenness("Kazakhstan", 2000, bootstrap=200).iloc[0]
    b = mv.evenness("Kazakhstan", 2000, bootstrap=200, extended=True).iloc[0]
    assert a.evenness == b.evenness and (a.evenness_lo, a.evenness_hi) == (b.evenness_lo, b.evenness_hi)


def test_same_interval_on_every_face(runner, cli):
    """Library, CLI (twice), web API and brief give the same 2014 interval for Kazakhstan (before: the CLI
    drew a new seed per run, the API and the briefs used different fixed seeds and replicate counts)."""
    from fastapi.testclient import TestClient

    from multivector.report import build_brief
    from multivector.web import create_app

    lib = mv.evenness("Kazakhstan", 2014).iloc[0]
    want = (round(lib.evenness_lo, 6), round(lib.evenness_hi, 6))
    for _ in range(2):
        r = runner.invoke(cli, ["evenness", "Kazakhstan", "--from", "2014", "--to", "2014", "-f", "csv"])
        assert r.exit_code == 0, r.output
        row = pd.read_csv(__import__("io").StringIO(r.stdout)).iloc[0]
        assert (round(row.evenness_lo, 6), round(row.evenness_hi, 6)) == want
    body = TestClient(create_app(warm_up=False)).get("/api/states/705/evenness?year=2014").json()
    assert body["meta"]["seed"] == DEFAULT_SEED and body["meta"]["bootstrap"] == 1000
    api = body["data"][0]
    assert (round(api["evenness_lo"], 6), round(api["evenness_hi"], 6)) == want
    brief = build_brief("Kazakhstan", (1992, 2014))
    assert (round(brief.numbers["evenness_lower"], 6), round(brief.numbers["evenness_upper"], 6)) == want
    sec = next(s for s in brief.sections if any("pillar evenness was" in p for p in s.paragraphs))
    assert f"seed {DEFAULT_SEED}" in " ".join(sec.paragraphs)
    assert any(f"--seed {DEFAULT_SEED}" in r for r in sec.reproduce)


def test_cli_footer_names_the_seed(runner, cli):
    r = runner.invoke(cli, ["evenness", "Kazakhstan", "--from", "2014", "--to", "2014", "-b", "30"])
    assert r.exit_code == 0, r.output
    assert f"30 replicates, seed {DEFAULT_SEED}" in " ".join(r.output.split())


def test_panel_all_states():
    p = mv.evenness(years=(2013, 2014))
    assert p.ccode.nunique() > 180
    ok = p.evenness.notna()
    assert p.loc[ok, "evenness"].between(0, 1).all()
    shares = p[[f"share_{k}" for k in ORDER]].sum(axis=1, min_count=1)
    assert np.allclose(shares[ok], 1.0)


def test_panel_diplomatic_kappa_runs():
    p = mv.evenness("Kazakhstan, Kyrgyzstan", 2014, channel="diplomatic", method="kappa", bootstrap=20, seed=1)
    assert len(p) == 2 and p.evenness.between(0, 1).all()


# ---- errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kw, match", [
    ({"channel": "economic"}, "channel: unknown channel 'economic'; valid: institutional, diplomatic"),
    ({"method": "agree"}, "method: 'agree' is not a method of the institutional channel"),
    ({"bootstrap": -1}, "bootstrap must be between 0 and 100,000 replicates"),
    ({"level": 1.5}, "level: confidence level"),
    ({"group_vote": "median"}, "group_vote: unknown rule"),
    ({"years": 2016}, "outside the IGO data"),
])
def test_bad_arguments(kw, match):
    with pytest.raises(mv.InvalidArgumentError, match=match):
        mv.evenness("Kazakhstan", **({"bootstrap": 0} | kw))


def test_unknown_state():
    with pytest.raises(mv.UnknownStateError):
        mv.evenness("Narnia")


def test_extended_institutional_or_clear_error():
    try:
        import multivector.engine._extended  # noqa: F401
    except ImportError:
        with pytest.raises(mv.InvalidArgumentError, match="extended panel not available"):
            mv.evenness("Kazakhstan", extended=True, bootstrap=0)
        return
    b = mv.evenness("Kazakhstan", (2014, 2016), extended=True, bootstrap=0)
    assert b.year.tolist() == [2014, 2015, 2016]
    with pytest.raises(mv.InvalidArgumentError, match="no UN votes"):
        mv.evenness("Kazakhstan", channel="diplomatic", extended=True)


def test_cli_evenness(runner, cli):
    r = runner.invoke(cli, ["evenness", "Kazakhstan", "--from", "2013", "--to", "2014", "-b", "20", "--seed", "1", "-f", "csv"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].startswith("ccode,year,channel,method,n,n_pillars,evenness")
    assert lines[2].startswith("705,2014,institutional,signature,24,5,0.829402")
    r = runner.invoke(cli, ["evenness", "Kazakhstan", "--channel", "votes"])
    assert r.exit_code == 1 and r.output.startswith("Error: channel: unknown channel 'votes'")
    r = runner.invoke(cli, ["evenness", "Narnia"])
    assert r.exit_code == 1 and "Unknown state 'Narnia'" in r.output


def test_docstring_examples():
    import doctest

    import multivector.measures._evenness as module

    assert doctest.testmod(module).failed == 0


def test_vectorised_quantiles_equal_nanpercentile():
    from multivector.measures._evenness import _quantiles

    rng = np.random.default_rng(0)
    x = rng.random((101, 7))
    x[rng.random((101, 7)) < 0.2] = np.nan
    x[:, 3] = np.nan
    x[:, 4] = np.nan
    x[0, 4] = 0.5  # a single valid replicate
    lo, hi = _quantiles(x, [0.025, 0.975])
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        ref = np.nanpercentile(x, [2.5, 97.5], axis=0)
    assert np.allclose(lo, ref[0], equal_nan=True) and np.allclose(hi, ref[1], equal_nan=True)


def test_even_split_from_rounding_stays_within_one():
    """Liberia 1995 cast one divided UN vote: every pillar agrees equally, entropy exactly 1 (not 1 + 1e-16)."""
    b = mv.evenness("Liberia", 1995, channel="diplomatic", bootstrap=0).iloc[0]
    assert b.n == 1 and b.evenness == 1.0


def test_cli_alignment(runner, cli):
    r = runner.invoke(cli, ["alignment", "Kazakhstan", "--year", "2014", "-f", "csv"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[1].startswith("705,2014,russia,True,24,19,11.83")
    r = runner.invoke(cli, ["alignment", "Kazakhstan", "--year", "2014", "--channel", "diplomatic", "-f", "csv"])
    assert r.exit_code == 0 and r.output.splitlines()[0] == "ccode,year,session,pillar,considered,n_votes,agree,kappa,share"
