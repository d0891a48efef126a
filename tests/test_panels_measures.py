"""add_tilt, add_hedging, add_evenness, add_pillar_alignment (docs/panels.md, "Tilt, hedging and the pillars").

Three kinds of reference:

- the library's own functions (``mv.tilt``, ``mv.hedging``, ``mv.evenness``,
  ``mv.alignment``) merged onto the rows with a plain ``pandas.merge``
  (a different mechanism from the steps' key lookup): every value equal;
- with ``bootstrap`` > 0, the library's call for the same states with the
  same seed: the intervals equal;
- hand computations from the source CSVs in ../shared/data where they are
  cheap: security commitments from the ATOP rows and the COW IGO alliance
  organizations, a diplomatic tilt from the ideal points, evenness and the
  Herfindahl index from the shares, hedging from its factors.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector.panels._keys import UnmatchedKeysWarning

KEY = ["ccode", "year"]
PILLARS = ["russia", "china", "usa", "eu", "turkey"]


def _quiet(fn, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedKeysWarning)
        return fn(*args, **kw)


def _f(s) -> np.ndarray:
    return pd.Series(s).to_numpy(dtype="float64", na_value=np.nan)


def _same(a, b, tol=0.0) -> bool:
    a, b = _f(a), _f(b)
    if tol:
        return bool(np.allclose(a, b, rtol=0, atol=tol, equal_nan=True))
    return bool(np.array_equal(a, b, equal_nan=True))


def _merged(panel: pd.DataFrame, lib: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    left = panel[KEY].astype("int64").reset_index(drop=True)
    right = lib[KEY + cols].astype({"ccode": "int64", "year": "int64"})
    return left.merge(right, on=KEY, how="left", validate="many_to_one")


@pytest.fixture(scope="module")
def sy() -> pd.DataFrame:
    """State-years 1816-2024 with every new step, as a researcher would build them."""
    return _quiet(lambda: mv.state_years((1816, 2024)).pipe(mv.add_tilt, channel="all")
                  .pipe(mv.add_hedging, components=True).pipe(mv.add_evenness).pipe(mv.add_pillar_alignment))


# --- every value equals the library's --------------------------------------------------------------

def test_tilt_equals_the_library_on_every_state_year(sy):
    lib = mv.tilt(years=(1816, 2024), channel="all", bootstrap=0)
    wide = lib.assign(channel=lib.channel.astype(str)).pivot(index=KEY, columns="channel", values="tilt").reset_index()
    chans = lib[lib.channel == "combined"][KEY + ["channels"]]
    m = _merged(sy, wide.merge(chans, on=KEY, how="left"), ["security", "diplomatic", "institutional", "combined",
                                                              "channels"])
    for ch, col in (("security", "tilt_security"), ("diplomatic", "tilt_diplomatic"),
                    ("institutional", "tilt_institutional"), ("combined", "tilt")):
        assert _same(sy[col], m[ch]), col
        assert sy[col].dtype == "Float64"
    assert sy.tilt.notna().sum() == (lib.channel == "combined").sum() == 17_495  # every library row lands
    assert (sy.tilt_channels.astype(object).where(sy.tilt_channels.notna(), None).tolist()
            == m.channels.astype(object).where(m.channels.notna(), None).tolist())
    # the combined tilt is the mean of the channels it names (a second computation)
    ch = sy[["tilt_security", "tilt_diplomatic", "tilt_institutional"]].astype("float64")
    assert _same(sy.tilt, ch.mean(axis=1, skipna=True), tol=1e-12)


def test_hedging_equals_the_library_and_its_factors(sy):
    lib = mv.hedging(years=(1816, 2018), bootstrap=0)
    cols = ["hedging", "commitment", "commitment_west", "commitment_east", "diplomatic_tilt", "engagement_west",
            "engagement_east", "engagement_balance"]
    m = _merged(sy, lib, cols + ["committed_to", "commitment_via"])
    for c in cols:
        assert _same(sy[c], m[c]), c
    for c in ("committed_to", "commitment_via"):
        assert sy[c].astype(object).where(sy[c].notna(), None).tolist() == \
            m[c].astype(object).where(m[c].notna(), None).tolist(), c
    assert sy.hedging.notna().sum() == len(lib) and sy.loc[sy.year > 2018, "hedging"].isna().all()
    # the product of the factors, a factor without data left out (docs/methodology.md, "Hedging")
    d = sy.diplomatic_tilt.astype("float64")
    e = sy.engagement_balance.astype("float64")
    prod = (1 - sy.commitment.astype("float64")) * (1 - d.abs()).fillna(1.0) * e.fillna(1.0)
    has = sy.hedging.notna()
    # 11,975 state-years 1816-2018 (fewer before 1946 since the balance needs >= 3 memberships with a pole)
    assert has.sum() > 11_500 and _same(sy.hedging[has], prod[has], tol=1e-12)
    # hedging's diplomatic factor is the diplomatic tilt
    both = has & sy.diplomatic_tilt.notna()
    assert _same(sy.diplomatic_tilt[both], sy.tilt_diplomatic[both])


def test_evenness_and_shares_equal_the_library(sy):
    ev = mv.evenness(years=(1816, 2014), bootstrap=0, chance=0)
    m = _merged(sy, ev, ["evenness", "hhi", "n_pillars", "n", "dominant"])
    assert _same(sy.evenness, m.evenness) and _same(sy.evenness_hhi, m.hhi)
    assert _same(sy.evenness_pillars, m.n_pillars) and _same(sy.evenness_n, m.n)
    assert sy.evenness_pillars.dtype == "Int64" and sy.dominant_pillar.dtype == "string"
    assert sy.dominant_pillar.astype(object).where(sy.dominant_pillar.notna(), None).tolist() == \
        m.dominant.astype(object).where(m.dominant.notna(), None).tolist()
    # the shares are mv.alignment's (a separate library function, long format)
    al = mv.alignment(None, years=(2000, 2014))
    wide = al.pivot(index=KEY, columns="pillar", values="share").reset_index()
    part = sy[sy.year.between(2000, 2014)]
    m2 = _merged(part, wide, PILLARS)
    for p in PILLARS:
        assert _same(part[f"share_{p}"], m2[p]), p
    assert part.share_russia.notna().sum() > 2_000


def test_evenness_and_herfindahl_from_the_shares(sy):
    """Second computation: -sum s ln s / ln K and sum s^2 over the pillars considered (missing share = not
    considered; a share of 0 counts, 0 ln 0 = 0)."""
    s = sy[[f"share_{p}" for p in PILLARS]].astype("float64").to_numpy()
    k = np.isfinite(s).sum(axis=1)
    has = sy.evenness.notna().to_numpy()
    assert has.sum() > 13_000
    assert (k[has] == sy.evenness_pillars.to_numpy(dtype="float64")[has]).all()
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -np.nansum(np.where(s > 0, s * np.log(s), 0.0), axis=1) / np.log(k)
    assert np.allclose(h[has], sy.evenness.to_numpy(dtype="float64")[has], atol=1e-12)
    assert np.allclose(np.nansum(s ** 2, axis=1)[has], sy.evenness_hhi.to_numpy(dtype="float64")[has], atol=1e-12)
    assert np.allclose(np.nansum(s, axis=1)[has], 1.0)
    # Russia has no Russia share (its own pillar is left out), and a dominant pillar among the others
    ru = sy[(sy.ccode == 365) & (sy.year == 2014)].iloc[0]
    assert pd.isna(ru.share_russia) and ru.evenness_pillars == 4 and ru.dominant_pillar == "usa"


# --- hand computations from the source CSVs ----------------------------------------------------------

@pytest.fixture(scope="module")
def security_2014(source_dir):
    """Security commitments of 2014 by the rule of docs/methodology.md, from the CSVs."""
    atop = pd.read_csv(source_dir / "atop-5.1" / "atop_alliance_dyad_year.csv.gz")
    a = atop[(atop.year == 2014) & ((atop.atop_defense == 1) | (atop.atop_offense == 1))]
    allies: dict[int, set] = {}
    for c1, c2 in zip(a.ccode1, a.ccode2):  # either direction
        allies.setdefault(c1, set()).add(c2)
        allies.setdefault(c2, set()).add(c1)
    orgs = ["nato", "wpact", "seato", "cento", "anzus", "weu", "csto"]
    igo = pd.read_csv(source_dir / "cow-igo-v3" / "state_year_formatv3.csv.gz", usecols=["ccode", "year", "eu"] + orgs)
    igo = igo[igo.year == 2014].set_index("ccode")
    eu = set(igo.index[igo.eu == 1])
    in_org = {c: {o for o in orgs if igo.loc[c, o] == 1} for c in igo.index}

    def counted(s, g):
        if g not in allies.get(s, set()):
            return False
        common = (allies[s] & allies.get(g, set())) - {s, g}
        return not common or bool(in_org.get(s, set()) & in_org.get(g, set()))

    def commitment(s, pillars):
        return max(sum(counted(s, g) for g in members) / len(members) for members in pillars)

    def via(s, pole_states):
        tied = [g for g in pole_states if counted(s, g)]
        shared = sorted({o.upper() for g in tied for o in in_org.get(s, set()) & in_org.get(g, set())})
        return ", ".join(shared) if shared else "bilateral treaty"

    return {"west": lambda s: commitment(s, [{2}, eu]), "east": lambda s: commitment(s, [{365}, {710}]),
            "via": via, "eu": eu, "allies": allies}


def test_security_commitments_by_hand(sy, security_2014):
    """Kazakhstan: CSTO (a defence pact with Russia, both CSTO members): committed to the East, 1.
    Venezuela: a defence obligation with the United States (the OAS Charter) shared with many third states
    and no alliance organization: not counted, 0. Japan: bilateral with the United States. Norway: NATO."""
    row = sy[sy.year == 2014].set_index("ccode")
    ref = security_2014
    assert 365 in ref["allies"][705] and 2 in ref["allies"][101]  # the treaty rows are there
    for state in (705, 101, 740, 385, 830):
        assert float(row.loc[state, "commitment_west"]) == ref["west"](state), state
        assert float(row.loc[state, "commitment_east"]) == ref["east"](state), state
    assert float(row.loc[705, "commitment_east"]) == 1.0 and row.loc[705, "commitment_via"] == "CSTO"
    assert row.loc[705, "committed_to"] == "East" and float(row.loc[705, "hedging"]) == 0.0
    assert float(row.loc[101, "commitment_west"]) == 0.0
    assert row.loc[740, "commitment_via"] == ref["via"](740, [2] + sorted(ref["eu"])) == "bilateral treaty"
    assert row.loc[385, "commitment_via"] == "NATO"
    # the security tilt is the difference of the two commitments
    for state in (705, 101, 740, 385, 830):
        assert float(row.loc[state, "tilt_security"]) == ref["west"](state) - ref["east"](state)


def test_diplomatic_tilt_by_hand(sy, source_dir):
    """Poland 2014 from the ideal points CSV: against the median state of the system, in units of the
    median's distance to the farther pole; the West is the United States and the other EU members."""
    ip = pd.read_csv(source_dir / "unga-idealpoints" / "idealpoints_2025-07.csv.gz")
    ip = ip[ip.year == 2014].set_index("ccode").idealpointfp
    igo = pd.read_csv(source_dir / "cow-igo-v3" / "state_year_formatv3.csv.gz", usecols=["ccode", "year", "eu"])
    eu = set(igo[(igo.year == 2014) & (igo.eu == 1)].ccode)
    system = set(mv.state_years(2014).ccode.astype(int))
    med = float(np.median([v for c, v in ip.items() if c in system and np.isfinite(v)]))
    west = (ip[2] + np.mean([ip[c] for c in eu - {290}])) / 2  # leave-one-out: the EU without Poland
    east = (ip[365] + ip[710]) / 2
    expected = (ip[290] - med) / max(abs(west - med), abs(east - med))
    got = float(sy.loc[(sy.ccode == 290) & (sy.year == 2014), "tilt_diplomatic"].iloc[0])
    assert round(med, 3) == -0.391 and abs(got - expected) < 1e-9 and round(got, 3) == 0.648


# --- intervals: the library's call with the same seed ------------------------------------------------

def test_bootstrap_intervals_equal_the_library_with_the_same_seed():
    user = pd.DataFrame({"iso3c": ["KAZ", "POL", "SGP", "KAZ", "IND"], "year": [2014, 2010, 2014, 2014, 1995]},
                        index=[5, 4, 3, 2, 1])
    with pytest.warns(UnmatchedKeysWarning, match=r"India \(IND, 750\) in 1995; Singapore"):
        out = mv.add_tilt(user, channel="all", bootstrap=200, seed=7)
    assert out.index.equals(user.index) and list(out.columns[:3]) == ["iso3c", "ccode", "year"]
    lib = mv.tilt([705, 290, 830, 750], [1995, 2010, 2014], channel="all", bootstrap=200, seed=7)
    for ch, col in (("security", "tilt_security"), ("diplomatic", "tilt_diplomatic"),
                    ("institutional", "tilt_institutional"), ("combined", "tilt")):
        m = _merged(out, lib[lib.channel == ch], ["tilt", "tilt_lo", "tilt_hi"])
        for end in ("", "_lo", "_hi"):
            assert _same(out[col + end], m["tilt" + end]), col + end
    assert (out.tilt_lo < out.tilt).all() and out.attrs["panel_columns"]["tilt_lo"]["seed"] == 7
    # the intervals do not depend on the other rows: the same as the library's run over every state
    every = mv.tilt(None, 2014, bootstrap=200, seed=7)
    kz = every[(every.ccode == 705)].iloc[0]
    assert (float(out.loc[5, "tilt_lo"]), float(out.loc[5, "tilt_hi"])) == (kz.tilt_lo, kz.tilt_hi)
    # another seed, another draw
    other = mv.add_tilt(user, bootstrap=200, seed=8)
    assert not _same(other.tilt_lo, out.tilt_lo)

    h = mv.add_hedging(user, bootstrap=100, seed=3, components=True)
    hl = mv.hedging([705, 290, 830, 750], [1995, 2010, 2014], bootstrap=100, seed=3)
    m = _merged(h, hl, ["hedging", "hedging_lo", "hedging_hi", "diplomatic_tilt_lo", "engagement_balance_hi"])
    for c in ("hedging", "hedging_lo", "hedging_hi", "diplomatic_tilt_lo", "engagement_balance_hi"):
        assert _same(h[c], m[c]), c
    assert float(h.loc[3, "hedging_lo"]) < float(h.loc[3, "hedging"]) < float(h.loc[3, "hedging_hi"])

    e = mv.add_evenness(user, bootstrap=100, chance=150, seed=11)
    el = mv.evenness([705, 290, 830, 750], [1995, 2010, 2014], bootstrap=100, chance=150, seed=11)
    m = _merged(e, el, ["evenness", "evenness_lo", "evenness_hi", "chance_mean", "chance_lo", "chance_hi"])
    for a, b in (("evenness", "evenness"), ("evenness_lo", "evenness_lo"), ("evenness_hi", "evenness_hi"),
                 ("evenness_chance", "chance_mean"), ("evenness_chance_lo", "chance_lo"),
                 ("evenness_chance_hi", "chance_hi")):
        assert _same(e[a], m[b]), a
    assert e.evenness_chance_lo.notna().all()


def test_point_estimates_by_default():
    out = mv.add_tilt(mv.state_years(2014))
    assert not any(c.endswith(("_lo", "_hi")) for c in out.columns)
    assert out.attrs["panel_columns"]["tilt"]["bootstrap"] == 0
    e = mv.add_evenness(mv.state_years(2014))
    assert not any("chance" in c or c.endswith(("_lo", "_hi")) for c in e.columns)


# --- dyad-years --------------------------------------------------------------------------------------

def test_dyads_get_both_states_and_the_tilt_distance():
    d = _quiet(lambda: mv.dyad_years(2014, directed=True).pipe(mv.add_tilt, channel="security,combined")
               .pipe(mv.add_hedging).pipe(mv.add_evenness, channel="diplomatic").pipe(mv.add_pillar_alignment))
    s = _quiet(lambda: mv.state_years(2014).pipe(mv.add_tilt, channel="security,combined").pipe(mv.add_hedging)
               .pipe(mv.add_evenness, channel="diplomatic").pipe(mv.add_pillar_alignment))
    s = s.astype({"ccode": "int64", "year": "int64"}).set_index("ccode")
    for base in ("tilt", "tilt_security", "hedging", "un_evenness", "share_china"):
        for i in ("1", "2"):
            exp = s[base].reindex(d[f"ccode{i}"].astype("int64").to_numpy())
            assert _same(d[base + i], exp), base + i
    for base in ("tilt", "tilt_security"):
        assert _same(d[base + "_dist"], (d[base + "1"].astype("float64") - d[base + "2"].astype("float64")).abs())
    assert "hedging_dist" not in d.columns and "un_evenness_dist" not in d.columns
    r = d[(d.ccode1 == 2) & (d.ccode2 == 365)].iloc[0]
    assert float(r.tilt_security_dist) == 2.0  # committed to the West (a member) and to the East
    assert d.dominant_pillar1.dtype == "string"


# --- users' frames, lags, reports ---------------------------------------------------------------------

def test_user_frame_rows_kept_and_every_gap_reported():
    user = pd.DataFrame({"country": ["Kazakhstan", "Switzerland", "HKG", "Kazakhstan", "Poland", "Poland", "Russia"],
                         "year": [2014, 1990, 2014, 1985, 2016, 2021, 2014], "gdp": np.arange(7.0)},
                        index=list("abcdefg"))
    with pytest.warns(UnmatchedKeysWarning, match="no tilt_diplomatic figure") as rec:
        out = mv.add_tilt(user, channel="all")
    msg = str(rec[0].message)
    assert "HKG" in msg and "provisional" in msg
    assert out.index.equals(user.index) and out.gdp.equals(user.gdp) and list(user.columns) == ["country", "year", "gdp"]
    rep = mv.merge_report(out)
    why = rep.set_index(["reason", "column"])
    assert why.loc[("no figure", "tilt_diplomatic"), "value"] == "Switzerland (SWZ, 225) in 1990"
    assert "ideal point" in why.loc[("no figure", "tilt_diplomatic"), "suggestions"]
    assert why.loc[("outside the data's years", "ATOP alliances (security tilt)"), "rows"] == 1  # Poland 2021
    prov = rep[rep.reason == "provisional"].iloc[0]
    assert prov.value == "years 2016, 2021" and prov.rows == 2 and "tilt" in prov.column.split(", ")
    assert out.loc[["c", "d"], "tilt"].isna().all()  # unknown state; Kazakhstan before 1991
    assert out.loc["f", "tilt_security"] is pd.NA and pd.notna(out.loc["f", "tilt_diplomatic"])
    with pytest.warns(UnmatchedKeysWarning, match="outside the years of ATOP alliances"):
        h = mv.add_hedging(user)
    assert pd.isna(h.loc["f", "hedging"]) and pd.notna(h.loc["e", "hedging"])


def test_lag_takes_the_year_before():
    now = _quiet(mv.add_tilt, mv.state_years(2014), channel="all")
    lagged = _quiet(mv.add_tilt, mv.state_years(2015), channel="all", lag=1)
    m = now[KEY + ["tilt", "tilt_institutional"]].merge(lagged[KEY + ["tilt_lag1", "tilt_institutional_lag1"]]
                                                        .assign(year=lagged.year - 1), on=KEY)
    assert len(m) > 190 and _same(m.tilt, m.tilt_lag1) and _same(m.tilt_institutional, m.tilt_institutional_lag1)
    cb = mv.codebook(lagged).set_index("column")
    assert cb.loc["tilt_lag1", "lag"] == 1 and cb.loc["tilt_lag1", "function"] == "add_tilt"
    # evenness of 2015 is outside the COW IGO data, its lag is 2014's
    e = _quiet(mv.add_evenness, mv.state_years(2015), lag=1)
    e0 = mv.add_evenness(mv.state_years(2014))
    assert _same(e.set_index("ccode").evenness_lag1, e0.set_index("ccode").evenness.reindex(e.ccode.to_numpy()))


def test_other_poles_and_pillars_name_their_columns():
    with pytest.warns(UnmatchedKeysWarning, match=r"United States of America \(USA, 2\) in 2014; Kosovo"):
        out = mv.add_hedging(mv.state_years(2014), poles="usa,china", components=True)
    assert {"commitment_usa", "commitment_china", "engagement_usa", "engagement_china"} <= set(out.columns)
    lib = mv.hedging(None, 2014, poles="usa,china", bootstrap=0)
    m = _merged(out, lib, ["hedging", "commitment_china"])
    assert _same(out.hedging, m.hedging) and _same(out.commitment_china, m.commitment_china)
    cb = mv.codebook(out).set_index("column")
    assert cb.loc["commitment_china", "label"] == "Security commitment to China"
    assert "poles=usa,china" in cb.loc["hedging", "options"]
    p = _quiet(mv.add_pillar_alignment, mv.state_years(2014), pillars="russia+china,usa+eu")
    assert [c for c in p.columns if c.startswith("share_")] == ["share_russia_china", "share_usa_eu"]
    assert _same(p.share_russia_china + p.share_usa_eu, pd.Series(1.0, index=p.index).where(p.share_usa_eu.notna()),
                 tol=1e-12)


def test_evenness_computed_once_for_both_steps(monkeypatch):
    from multivector.measures import _evenness
    from multivector.panels import _measures

    _measures.clear_cache()
    calls = []
    real = _evenness.evenness
    monkeypatch.setattr(_evenness, "evenness", lambda *a, **k: calls.append(k) or real(*a, **k))
    out = mv.state_years(2014).pipe(mv.add_evenness).pipe(mv.add_pillar_alignment)
    assert len(calls) == 1 and out.evenness.notna().sum() > 150
    # another question is another computation, never the kept one
    mine = mv.add_pillar_alignment(mv.state_years(2014), exclude_own=False)
    assert len(calls) == 2
    assert pd.notna(mine.loc[mine.ccode == 365, "share_russia"].iloc[0])
    assert pd.isna(out.loc[out.ccode == 365, "share_russia"].iloc[0])


def test_bad_input_is_one_clear_error():
    sy = mv.state_years(2014)
    cases = [
        (lambda: mv.add_tilt(sy, channel="economic"), "channel: unknown channel 'economic'"),
        (lambda: mv.add_tilt(sy, bootstrap=-1), "bootstrap"),
        (lambda: mv.add_hedging(sy, components="yes"), "components: expected True or False"),
        (lambda: mv.add_evenness(sy, channel="security"), "channel: unknown channel 'security'"),
        (lambda: mv.add_evenness(sy, channel="diplomatic", extended=True), "extended panel has no UN votes"),
        (lambda: mv.add_evenness(sy, chance=-5), "chance"),
        (lambda: mv.add_pillar_alignment(sy, method="plurality"), "method: 'plurality' is not a method"),
        (lambda: mv.add_tilt(sy, poles="usa"), "poles: give two groups"),
        (lambda: mv.add_tilt(pd.DataFrame({"ccode": [705], "session": [69]})), "calendar year"),
        (lambda: mv.add_tilt(mv.add_tilt(sy)), "already has column 'tilt'"),
    ]
    for call, match in cases:
        with pytest.raises(mv.InvalidArgumentError, match=match):
            call()


def test_codebook_cite_and_stata_labels(sy, tmp_path):
    cb = mv.codebook(sy).set_index("column")
    added = [c for c in sy.columns if c not in ("ccode", "year", "stateabb", "statenme")]
    assert (cb.loc[added, "source"] != "user").all() and (cb.loc[added, "label"].str.len() <= 80).all()
    assert cb.loc["tilt", "function"] == "add_tilt" and "atop" in cb.loc["tilt", "source"]
    assert "unga_idealpoints" in cb.loc["tilt_diplomatic", "source"] and cb.loc["share_eu", "source"] == "cow_igo, cow_states"
    assert "Lim" not in cb.loc["hedging", "definition"] and "1 - commitment" in cb.loc["hedging", "definition"]
    text = mv.cite(sy)
    for who in ("Leeds", "Bailey", "Pevehouse", "Correlates of War"):
        assert who in text, who
    path = mv.write_panel(sy[sy.year == 2014], tmp_path / "p.dta")
    import pyreadstat

    data, meta = pyreadstat.read_dta(str(path))
    assert meta.column_names_to_labels["hedging"] == cb.loc["hedging", "label"]
    assert meta.column_names_to_labels["share_russia"].startswith("Share of pillar russia")
    kz = data[data.ccode == 705].iloc[0]
    assert kz.commitment_via == "CSTO" and abs(kz.evenness - 0.829403) < 1e-6
    assert np.isnan(data.loc[data.ccode == 365, "share_russia"].iloc[0])  # missing, never 0


def test_figures_on_the_extended_panel_cite_the_records():
    """Tilt after 2014 reads the pillars' members from the extended panel (provisional): the records are
    cited then, and only then."""
    assert "records" not in mv.add_tilt(mv.state_years(2014)).attrs["sources"]
    late = _quiet(mv.add_tilt, mv.state_years(2016))
    assert "records" in late.attrs["sources"] and "multivector team" in mv.cite(late)
    with pytest.warns(UnmatchedKeysWarning, match="195 rows have provisional evenness"):
        ext = mv.add_evenness(mv.state_years(2014), extended=True)
    assert "records" in ext.attrs["sources"]
    rep = mv.merge_report(late)
    assert rep.loc[rep.reason == "provisional", "suggestions"].iloc[0].startswith("after 2014 the pillars' members")
