"""A plain pandas implementation of tilt and hedging (issue 10's benchmark baseline).

The same measures as :mod:`multivector.measures._alignment` (``docs/methodology.md``, "Poles" to
"Hedging"), written the way a researcher would with pandas: long tables, merges and group-bys, one pass
over all years, no dense arrays. It covers the published years (1816-2014; 1946-2014 for the diplomatic
channel) and the default poles. ``tests/test_bench_alignment.py`` checks that it gives the kernel's figures;
``bench/bench_alignment.py`` times both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

ALLIANCE_ORGS = ("nato", "wpact", "seato", "cento", "anzus", "weu", "csto")
US, RU, CN = 2, 365, 710


def region(c):
    c = np.asarray(c)
    return np.select([c < 200, c < 400, c < 600, c < 700, c < 900], [0, 1, 2, 3, 4], 5)


def load():
    """The store's tables the baseline reads (loading is not timed)."""
    from multivector.data._store import get_store

    s = get_store()
    mem = s.table("memberships")[["ccode", "ioname", "year", "status"]]
    return {"mem": mem, "alliances": s.table("alliances"), "ideal": s.table("ideal_points"), "states": s.table("states")}


def _eu(mem: pd.DataFrame) -> pd.DataFrame:
    """EU pillar members per year: the EEC's full members 1958-1992, the EU's from 1993."""
    e = mem[((mem.ioname == "eec") & mem.year.between(1958, 1992)) | ((mem.ioname == "eu") & (mem.year >= 1993))]
    return e[e.status == 1][["year", "ccode"]].drop_duplicates()


def security(t, years) -> pd.DataFrame:
    """commitment_west, commitment_east per state-year (states in the system by the COW state list)."""
    from multivector.data._system import system_spells

    mem = t["mem"]
    mem = mem[mem.year.isin(years)]
    sp = system_spells(t["states"])
    present = pd.concat([pd.DataFrame({"year": y, "ccode": sp[(sp.styear <= y) & (sp.endyear >= y)].ccode.unique()})
                         for y in years], ignore_index=True)
    a = t["alliances"]
    a = a[a.year.isin(years) & ((a.atop_defense == 1) | (a.atop_offense == 1))][["year", "ccode1", "ccode2"]]
    e = pd.concat([a.rename(columns={"ccode1": "s", "ccode2": "g"}), a.rename(columns={"ccode1": "g", "ccode2": "s"})])
    e = e[e.s != e.g].drop_duplicates()
    eu = _eu(mem)
    poles = pd.concat([eu.assign(pillar="eu"), pd.DataFrame({"year": list(years) * 3, "ccode": [US] * len(years) + [RU] * len(years)
                                                            + [CN] * len(years), "pillar": ["usa"] * len(years) + ["russia"] * len(years)
                                                            + ["china"] * len(years)})])
    poles = poles.merge(present, on=["year", "ccode"])
    ties = e.merge(poles.rename(columns={"ccode": "g"}), on=["year", "g"])  # s allied with pillar state g
    # allies in common of s and g
    common = ties[["year", "s", "g"]].merge(e.rename(columns={"s": "k", "g": "s2"}), left_on=["year", "s"], right_on=["year", "s2"])
    common = common.merge(e.rename(columns={"s": "k2", "g": "g2"}), left_on=["year", "k", "g"], right_on=["year", "k2", "g2"])
    n_common = common.groupby(["year", "s", "g"]).size().rename("common")
    ties = ties.merge(n_common.reset_index(), on=["year", "s", "g"], how="left").fillna({"common": 0})
    ao = mem[mem.ioname.isin(ALLIANCE_ORGS) & (mem.status == 1)][["year", "ioname", "ccode"]]
    shared = ao.rename(columns={"ccode": "s"}).merge(ao.rename(columns={"ccode": "g"}), on=["year", "ioname"])
    shared = shared[["year", "s", "g"]].drop_duplicates().assign(shared=True)
    ties = ties.merge(shared, on=["year", "s", "g"], how="left").fillna({"shared": False})
    ties["counted"] = (ties.common == 0) | ties.shared.astype(bool)
    # share of each pillar's (other) members with a counted tie
    size = poles.groupby(["year", "pillar"]).size().rename("n").reset_index()
    cnt = ties[ties.counted].groupby(["year", "s", "pillar"]).size().rename("k").reset_index()
    own = poles.rename(columns={"ccode": "s"}).assign(own=1)
    grid = present.rename(columns={"ccode": "s"}).merge(size, on="year")
    grid = grid.merge(cnt, on=["year", "s", "pillar"], how="left").merge(own, on=["year", "s", "pillar"], how="left")
    grid = grid.fillna({"k": 0, "own": 0})
    grid["others"] = grid.n - grid.own
    grid["share"] = np.where(grid.others > 0, grid.k / grid.others.where(grid.others > 0, 1), np.nan)
    grid["pole"] = np.where(grid.pillar.isin(["usa", "eu"]), "west", "east")
    c = grid.groupby(["year", "s", "pole"]).agg(share=("share", "max"), own=("own", "max")).reset_index()
    c["commitment"] = np.where(c.own > 0, 1.0, c.share)
    out = c.pivot_table(index=["year", "s"], columns="pole", values="commitment").reset_index()
    out.columns = ["year", "ccode", "commitment_east", "commitment_west"]
    return out


def diplomatic(t, years) -> pd.DataFrame:
    """diplomatic tilt per state-year from the final-passage ideal points."""
    from multivector.data._system import in_system_mask

    ip = t["ideal"]
    ip = ip[ip.year.isin(years)][["ccode", "year", "idealpointfp"]].dropna().rename(columns={"idealpointfp": "x"})
    ip = ip[in_system_mask(t["states"], ip.ccode.to_numpy(), ip.year.to_numpy())]
    med = ip.groupby("year").x.median().rename("m")
    eu = _eu(t["mem"][t["mem"].year.isin(years)])
    eux = ip.merge(eu, on=["year", "ccode"])
    eusum = eux.groupby("year").x.agg(["sum", "count"]).rename(columns={"sum": "eu_sum", "count": "eu_n"})
    single = ip[ip.ccode.isin([US, RU, CN])].pivot(index="year", columns="ccode", values="x")
    single = single.reindex(columns=[US, RU, CN])
    single.columns = ["x_us", "x_ru", "x_cn"]
    d = ip.merge(med, on="year").merge(eusum, on="year", how="left").merge(single, on="year", how="left")
    d = d.merge(eu.assign(is_eu=True), on=["year", "ccode"], how="left").fillna({"is_eu": False})
    eu_n = d.eu_n - d.is_eu.astype(int)
    eu_pos = np.where(eu_n > 0, (d.eu_sum - np.where(d.is_eu, d.x, 0)) / eu_n.where(eu_n > 0, 1), np.nan)
    us_pos = np.where(d.ccode == US, np.nan, d.x_us)
    ru_pos = np.where(d.ccode == RU, np.nan, d.x_ru)
    cn_pos = np.where(d.ccode == CN, np.nan, d.x_cn)
    with np.errstate(invalid="ignore"), __import__("warnings").catch_warnings():
        __import__("warnings").simplefilter("ignore", RuntimeWarning)
        west = np.nanmean(np.stack([us_pos, eu_pos]), axis=0)
        east = np.nanmean(np.stack([ru_pos, cn_pos]), axis=0)
    unit = np.fmax(np.abs(west - d.m), np.abs(east - d.m))
    d["tilt_diplomatic"] = np.clip(np.sign(west - east) * (d.x - d.m) / unit, -1, 1)
    return d[["ccode", "year", "tilt_diplomatic"]]


def institutional(t, years) -> pd.DataFrame:
    """institutional tilt and engagement per state-year (COW years)."""
    mem = t["mem"]
    mem = mem[mem.year.isin(years)]
    present = mem[["year", "ccode"]].drop_duplicates()
    n_states = present.groupby("year").size().rename("n_states")
    alive = mem[(mem.status >= 0) | (mem.status == -9)][["year", "ioname"]].drop_duplicates()
    full = mem[mem.status == 1][["year", "ioname", "ccode"]]
    nfull = full.groupby(["year", "ioname"]).size().rename("nfull").reset_index().merge(n_states.reset_index(), on="year")
    world = nfull[nfull.nfull > 0.5 * nfull.n_states][["year", "ioname"]].assign(world=True)
    orgs = alive.merge(world, on=["year", "ioname"], how="left").fillna({"world": False})
    orgs = orgs[~orgs.world.astype(bool)].drop(columns="world")
    eu = _eu(mem).assign(is_eu=True)
    pole_states = set([US, RU, CN])
    f = full.merge(eu, on=["year", "ccode"], how="left").fillna({"is_eu": False})
    f["pole_state"] = f.is_eu.astype(bool) | f.ccode.isin(pole_states)
    f["region"] = region(f.ccode.to_numpy())
    # presence counts per organization
    pres = f.groupby(["year", "ioname"]).agg(us=("ccode", lambda s: (s == US).any()), ru=("ccode", lambda s: (s == RU).any()),
                                             cn=("ccode", lambda s: (s == CN).any()), eu_n=("is_eu", "sum")).reset_index()
    # regions of the organization: from members outside the poles (all members if none)
    others = f[~f.pole_state]
    reg = others.groupby(["year", "ioname", "region"]).size().rename("k").reset_index()
    tot = reg.groupby(["year", "ioname"]).k.transform("sum")
    reg["share"] = reg.k / tot
    reg_all = f.groupby(["year", "ioname", "region"]).size().rename("k").reset_index()
    reg_all["share"] = reg_all.k / reg_all.groupby(["year", "ioname"]).k.transform("sum")
    have_others = set(map(tuple, reg[["year", "ioname"]].drop_duplicates().to_numpy()))
    reg_all = reg_all[[(y, o) not in have_others for y, o in zip(reg_all.year, reg_all.ioname)]]
    regs = pd.concat([reg, reg_all])
    regs = regs[regs.share >= 0.25]
    r_flags = regs.assign(v=True).pivot_table(index=["year", "ioname"], columns="region", values="v", aggfunc="any")
    r_flags = r_flags.reindex(columns=range(6)).fillna(False).astype(bool)
    r_flags.columns = [f"r{c}" for c in r_flags.columns]
    o = orgs.merge(pres, on=["year", "ioname"], how="left").merge(r_flags.reset_index(), on=["year", "ioname"], how="left")
    for c in ["us", "ru", "cn"] + [f"r{i}" for i in range(6)]:
        o[c] = o[c].fillna(False).astype(bool)
    o["eu_n"] = o.eu_n.fillna(0)
    eu_reg = eu.assign(region=region(eu.ccode.to_numpy()))[["year", "region"]].drop_duplicates().assign(v=True)
    eu_reg = eu_reg.pivot_table(index="year", columns="region", values="v", aggfunc="any").reindex(columns=range(6))
    eu_reg = eu_reg.astype("boolean").fillna(False).astype(bool)
    eu_size = eu.groupby("year").size()

    def flags(o, viewer):
        """Discrimination and engagement flags of every organization as one kind of state sees it."""
        us_ok = viewer != "usa"
        ru_ok = viewer != "russia"
        cn_ok = viewer != "china"
        eu_n = o.eu_n - (1 if viewer == "eu_member_full" else 0)
        eu_n_members = o.year.map(eu_size).fillna(0) - (1 if viewer.startswith("eu_member") else 0)
        eu_usable = eu_n_members > 0
        eu_pres = eu_usable & (eu_n > 0)
        eu_in_reg = np.zeros(len(o), bool)
        for i in range(6):
            eu_in_reg |= o.year.map(eu_reg[i]).fillna(False).to_numpy(bool) & o[f"r{i}"].to_numpy(bool)
        us_pres = us_ok & o.us
        ru_pres = ru_ok & o.ru
        cn_pres = cn_ok & o.cn
        us_el = us_ok & (o.us | o.r0)
        eu_el = eu_usable & (eu_pres | eu_in_reg)
        ru_el = ru_ok & (o.ru | o.r1)
        cn_el = cn_ok & (o.cn | o.r4)
        pA = (us_pres & us_el) | (eu_pres & eu_el)
        pB = (ru_pres & ru_el) | (cn_pres & cn_el)
        avA, avB = us_el | eu_el, ru_el | cn_el
        contested = avA & avB
        return pd.DataFrame({"year": o.year, "ioname": o.ioname, "toA": contested & pA & ~pB, "toB": contested & pB & ~pA,
                             "engA": contested & pA, "engB": contested & pB})

    views = {v: flags(o, v) for v in ("generic", "eu_member_full", "eu_member_notfull", "usa", "russia", "china")}
    # each state's view: its class, and for EU members whether it is a full member of the organization
    st = present.merge(eu, on=["year", "ccode"], how="left").fillna({"is_eu": False})
    st["view"] = np.select([st.ccode == US, st.ccode == RU, st.ccode == CN, st.is_eu.astype(bool)],
                           ["usa", "russia", "china", "eu_member"], "generic")
    fm = full.merge(st[["year", "ccode", "view"]], on=["year", "ccode"])
    fm["view"] = np.where(fm.view == "eu_member", "eu_member_full", fm.view)
    num = pd.concat([fm[fm.view == v].merge(views[v], on=["year", "ioname"]) for v in views if (fm.view == v).any()])
    sums = num.groupby(["year", "ccode"])[["toA", "toB", "engA", "engB"]].sum()
    # the chance baseline: discriminating organizations open to the state
    base_counts = {v: views[v].groupby("year")[["toA", "toB"]].sum() for v in views}
    st = st.merge(sums.reset_index(), on=["year", "ccode"], how="left").fillna({"toA": 0, "toB": 0, "engA": 0, "engB": 0})
    # the chance baseline: discriminating organizations open to the state, in its view
    for v in ("generic", "usa", "russia", "china", "eu_member_notfull"):
        b = base_counts[v].rename(columns={"toA": f"NA_{v}", "toB": f"NB_{v}"})
        st = st.merge(b.reset_index(), on="year", how="left")
    view_col = st.view.replace({"eu_member": "eu_member_notfull"})
    st["NA"] = [getattr(r, f"NA_{v}") for r, v in zip(st.itertuples(), view_col)]
    st["NB"] = [getattr(r, f"NB_{v}") for r, v in zip(st.itertuples(), view_col)]
    # an EU member sees the organizations it belongs to without itself (leave-one-out)
    eum = full.merge(st[st.view == "eu_member"][["year", "ccode"]], on=["year", "ccode"])
    adj = eum.merge(views["eu_member_full"], on=["year", "ioname"]).merge(
        views["eu_member_notfull"], on=["year", "ioname"], suffixes=("", "_g"))
    adj = adj.assign(dA=adj.toA.astype(int) - adj.toA_g.astype(int), dB=adj.toB.astype(int) - adj.toB_g.astype(int))
    adj = adj.groupby(["year", "ccode"])[["dA", "dB"]].sum().reset_index()
    st = st.merge(adj, on=["year", "ccode"], how="left").fillna({"dA": 0, "dB": 0})
    st["NA"] = st.NA + st.dA
    st["NB"] = st.NB + st.dB
    tot = st.toA + st.toB
    r = np.where(tot >= 3, (st.toA - st.toB) / tot.where(tot > 0, 1), np.nan)
    r0 = np.where(st.NA + st.NB > 0, (st.NA - st.NB) / (st.NA + st.NB).where(st.NA + st.NB > 0, 1), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        tilt = np.where(r >= r0, np.where(1 - r0 > 0, (r - r0) / (1 - r0), 0.0), np.where(1 + r0 > 0, (r - r0) / (1 + r0), 0.0))
    st["tilt_institutional"] = np.where(np.isfinite(r) & np.isfinite(r0), np.clip(tilt, -1, 1), np.nan)
    hi = np.fmax(st.engA, st.engB)
    st["engagement_balance"] = np.where(hi >= 3, np.fmin(st.engA, st.engB) / hi.where(hi > 0, 1), np.nan)  # >= 3, as r
    return st[["ccode", "year", "tilt_institutional", "engagement_balance"]]


def tilt_and_hedging(t, years) -> pd.DataFrame:
    """All channels, the combined tilt and hedging per state-year (published years)."""
    sec = security(t, years)
    dip = diplomatic(t, years)
    ins = institutional(t, years)
    d = ins.merge(sec, on=["ccode", "year"], how="outer").merge(dip, on=["ccode", "year"], how="left")
    d["tilt_security"] = d.commitment_west - d.commitment_east
    d["tilt"] = d[["tilt_security", "tilt_diplomatic", "tilt_institutional"]].mean(axis=1, skipna=True)
    commit = np.fmax(d.commitment_west, d.commitment_east)
    fd = 1 - d.tilt_diplomatic.abs()
    fe = d.engagement_balance
    ok = commit.notna() & (fd.notna() | fe.notna())
    d["hedging"] = np.where(ok, (1 - commit) * fd.fillna(1.0) * fe.fillna(1.0), np.nan)
    return d.sort_values(["ccode", "year"]).reset_index(drop=True)
