"""Sections over the multi-vector analysis: engagements by category, alignment between the poles (tilt,
commitment, hedging), pillar evenness, UN agreement, peers.

These read the analysis modules (:mod:`multivector.measures._signatures`,
:mod:`multivector.measures._hedging`, :mod:`multivector.measures._evenness`, :mod:`multivector.measures._peers`,
:mod:`multivector.engine._unvotes`) through :func:`~multivector.report._sections.optional`:
when one is not available, its section carries a note saying so and the
rest of the brief is unaffected.
"""

from __future__ import annotations

import pandas as pd

from multivector.charts import _palette
from multivector.charts import _specs as _charts
from multivector.report import _sections
from multivector.report._model import Chart, Section, Table
from multivector.report._sections import SOURCE_NAMES, Context, optional
from multivector.report._text import dec, is_missing, listing, num, pct, plural, span, years_list

#: Display names of the organization categories (keys: engagements() columns).
#: Column of engagements_by_category -> the display label every face uses (from the one palette module).
CATEGORY_LABELS = {c: _palette.label(c) for c in ("western", "russia_centred", "china_centred", "russia_china", "bridging",
                                                  "universal", "pillar_free", "other", "unknown")}

UNAVAILABLE = "This part of the brief needs the {what}, which this installation of multivector does not provide yet."


def default_peers(ccode: int, start: int, end: int) -> tuple[list[int], str]:
    """Default peers and how they were chosen.

    The smallest named peer group of :mod:`multivector.measures._peers` that contains
    the state and has at most 8 members (e.g. Central Asia for Kazakhstan);
    otherwise the states whose memberships were most alike (Cohen's kappa), from
    :func:`~multivector.report._sections.similar_peers`.

    Example:
        >>> default_peers(705, 1991, 2014)[0]
        [701, 702, 703, 704]
    """
    fns = optional("measures._peers", "peer_groups", "peer_group")
    if fns is not None:
        groups_fn, group_fn = fns
        g = groups_fn()
        g = g[g.n_states.notna() & (g.n_states <= 8)].sort_values("n_states")
        for row in g.itertuples():
            members = group_fn(row.group)
            if ccode in members:
                return [c for c in members if c != ccode], f"the peer group '{row.group}' ({row.description})"
    peers = _sections.similar_peers(ccode, start, end)
    return peers, (f"the {plural(len(peers), 'state')} whose memberships in international organizations were most "
                   "alike its own in the last year (Cohen's kappa)")


# --------------------------------------------------------------------------- engagements by category


def engagements(ctx: Context) -> Section:
    """Full memberships by organization category, and own initiatives."""
    sec = Section("engagements", "Engagements by category", sources=[*_sections._igo_sources(ctx), "pillar definitions of multivector"])
    eng_fn = optional("measures._signatures", "engagements_by_category") or optional("_signatures", "engagements")
    own_fn = optional("measures._signatures", "own_initiatives")
    if eng_fn is None or own_fn is None:
        sec.notes.append(UNAVAILABLE.format(what="organization signatures (multivector.measures._signatures)"))
        return sec
    if ctx.igo_years is None:
        sec.notes.append("No IGO data for the brief's years.")
        return sec
    ext = {"extended": True} if ctx.extended else {}
    e = eng_fn(ctx.ccode, ctx.igo_years, **ext)
    sec.reproduce.append(f'mv.engagements_by_category("{ctx.abb}", {ctx.igo_years}{_ext_arg(ctx)})')
    e = e[e.full.notna()] if len(e) else e
    if ctx.igo_data_years is not None and len(e):
        e = e[(e.year >= ctx.igo_data_years[0]) & (e.year <= ctx.igo_data_years[1])]
    cats = [c for c in CATEGORY_LABELS if c in e.columns]
    if e.empty or not cats:
        sec.notes.append(f"No categorised memberships of {ctx.name} in {span(*ctx.igo_years)}.")
        return sec
    last = e.iloc[-1]
    y1 = int(last.year)
    ctx.numbers["engagements_last"] = {c: int(last[c]) for c in cats}
    if int(e.full.sum()) == 0:
        sec.notes.append(f"{ctx.name} was a full member of no organization in {span(int(e.year.min()), y1)}, "
                         "so there is nothing to categorise.")
        return sec
    parts = [f"{num(last[c])} {CATEGORY_LABELS[c]}" for c in cats if c != "unknown" and int(last[c]) > 0]
    sec.paragraphs.append(
        f"In {y1}, {ctx.name}'s {plural(last.full, 'full membership')} split by the great-power pillars that belong to "
        f"each organization: {listing(parts) or 'none in any category'}."
    )
    if "unknown" in cats and int(last.unknown) > 0:
        sec.notes.append(f"{plural(last.unknown, 'organization')} in {y1} could not be categorised because a pillar's "
                         "membership is missing in the source; they are shown as 'Unknown'.")
    aligned = {c: int(last[c]) for c in ("western", "russia_centred", "china_centred", "russia_china", "bridging") if c in cats}
    if aligned and max(aligned.values()) > 0:
        top = max(aligned, key=lambda c: (aligned[c], -list(aligned).index(c)))
        sec.paragraphs.append(
            f"Leaving out universal and pillar-free organizations, the largest group in {y1} was "
            f"{CATEGORY_LABELS[top]} ({num(aligned[top])})."
        )
    first = e.iloc[0]
    if int(first.year) != y1:
        moves = []
        for c in ("western", "russia_centred", "china_centred", "russia_china", "bridging"):
            if c in cats and int(first[c]) != int(last[c]):
                moves.append(f"{CATEGORY_LABELS[c]} {num(first[c])} → {num(last[c])}")
        if moves:
            sec.paragraphs.append(f"From {int(first.year)} to {y1}: {listing(moves)}.")
    long = e.melt(id_vars=["year"], value_vars=cats, var_name="category", value_name="n")
    long["category"] = long.category.map(CATEGORY_LABELS)
    long = long[long.n > 0]
    order = [CATEGORY_LABELS[c] for c in cats]
    if long.empty:
        sec.notes.append(f"{ctx.name} was a full member of no organization in {span(int(e.year.min()), y1)}, "
                         "so there is nothing to categorise.")
    else:
        sec.charts.append(Chart("engagements", "Full memberships by category",
                                _charts.engagements_by_category(long, order=order, title="Full memberships by category"),
                                "Each organization is categorised by which pillars are full members of it that year."))
    # own initiatives
    own = own_fn(ctx.ccode, **ext)
    own = own[(own.founded >= ctx.igo_years[0]) & (own.founded <= ctx.igo_years[1])] if len(own) else own
    ctx.numbers["own_initiatives"] = int(len(own))
    if len(own):
        ctx.numbers["own_initiatives_detail"] = f"founding memberships, {span(int(own.founded.min()), int(own.founded.max()))}"
        sec.paragraphs.append(
            f"{ctx.name} was a founding member of {plural(len(own), 'organization')} created in {span(*ctx.igo_years)} "
            "after it entered the state system, the data's closest measure of its own initiatives "
            f"(founders per organization: {num(own.n_founders.min())} to {num(own.n_founders.max())})."
        )
        rows = [[ctx.org_names.get(str(r.ioname), str(r.orgname)), str(r.ioname).upper(), str(int(r.founded)), num(r.n_founders),
                 CATEGORY_LABELS.get(str(r.category).replace("-", "_").replace("+", "_"), "unknown") if not is_missing(r.category) else "unknown"]
                for r in own.itertuples()]
        sec.tables.append(Table(["Organization", "Abbrev.", "Founded", "Founders", "Category at founding"], rows,
                                "Own initiatives: organizations the state belonged to in their first year."))
    else:
        ctx.numbers["own_initiatives_detail"] = "no founding memberships in these years"
        sec.paragraphs.append(f"{ctx.name} was a founding member of no organization created in {span(*ctx.igo_years)}.")
    sec.reproduce.append(f'mv.own_initiatives("{ctx.abb}"{_ext_arg(ctx)})')
    return sec


# --------------------------------------------------------------------------- alignment between the poles


def poles(ctx: Context) -> Section:
    """Tilt between the West and the East, security commitment and hedging, with intervals."""
    sec = Section("poles", "Between the West and the East: tilt, commitment and hedging",
                  sources=["ATOP 5.1 alliances", "UN General Assembly ideal points (July 2025 release)", *_sections._igo_sources(ctx)])
    fns = optional("measures._hedging", "hedging")
    if fns is None:
        sec.notes.append(UNAVAILABLE.format(what="alignment measures (multivector.measures._hedging)"))
        return sec
    from multivector._errors import InvalidYearError
    from multivector.measures._alignment import channel_coverage

    lo_y, hi_y = channel_coverage("security", ctx.extended)  # hedging needs the alliance data
    a, b = max(ctx.start, lo_y), min(ctx.end, hi_y)
    no_data = (f"No tilt or hedging figures for {ctx.name} in {span(ctx.start, ctx.end)}: the alliance data (ATOP) run "
               f"to {hi_y}" + ("" if ctx.extended else "; the extended panel carries them to 2025") + ".")
    if a > b:
        sec.notes.append(no_data)
        return sec
    try:
        h = fns(ctx.ccode, (a, b), extended=ctx.extended)  # the library's default replicates and seed
    except InvalidYearError as exc:  # no figure in these years: the library says what is missing
        sec.notes.append(f"No tilt or hedging figures for {ctx.name}: {str(exc).split(': ', 1)[-1]}.")
        return sec
    ext = " --extended" if ctx.extended else ""
    sec.reproduce.append(f"multivector hedging {ctx.abb} --from {a} --to {b}{ext}")
    sec.reproduce.append(f"multivector tilt {ctx.abb} --from {a} --to {b} --channel all{ext}")
    last = h.iloc[-1]
    y = int(last.year)
    ctx.numbers.update(hedging_year=y, hedging_last=float(last.hedging), tilt_last=float(last.tilt),
                       hedging_lower=float(last.hedging_lo), hedging_upper=float(last.hedging_hi),
                       commitment_last=float(last.commitment))
    side = "the West (the United States and the EU)" if last.tilt > 0 else "the East (Russia and China)"
    strength = "strongly" if abs(last.tilt) >= 0.5 else ("somewhat" if abs(last.tilt) >= 0.2 else "slightly")
    if last.commitment > 0:
        commit = (f"it was committed by treaty to {'the West' if last.committed_to == 'West' else 'the East'} "
                  f"({last.commitment_via})")
    else:
        commit = "it had no security commitment to either pole"
    sec.paragraphs.append(
        f"In {y}, {ctx.name}'s tilt was {dec(last.tilt, 2)} (95% interval {dec(last.tilt_lo, 2)} to {dec(last.tilt_hi, 2)}) "
        f"on a scale from -1 (wholly with Russia and China) to +1 (wholly with the United States and the EU): "
        f"{strength} towards {side}, combining its alliances, its UN votes and its memberships. In {y} {commit}.")
    sec.paragraphs.append(
        f"Its hedging was {dec(last.hedging, 2)} (interval {dec(last.hedging_lo, 2)} to {dec(last.hedging_hi, 2)}), on a scale from "
        "0 (committed to one pole, or clearly on one side) to 1 (engages both poles evenly, votes like the average state and "
        "is committed to neither)." + (" A security commitment to one pole sets hedging to 0, as in the literature that "
                                        "treats treaty allies as aligned, not hedging." if last.commitment > 0 else ""))
    if len(h) > 1:
        hi_row = h.loc[h.hedging.astype("float64").idxmax()]
        sec.paragraphs.append(f"Over {span(int(h.year.min()), y)} hedging ranged from {dec(h.hedging.min(), 2)} to "
                              f"{dec(h.hedging.max(), 2)} (highest in {int(hi_row.year)}).")
    if bool(h.provisional.any()):
        sec.notes.append("Figures after 2014 count alliance-organization memberships (NATO, CSTO, ...) from the provisional "
                         "extended panel" + (", memberships from the extended panel, and after 2018 ATOP's 2018 alliances "
                                             "carried forward." if ctx.extended else "; the membership channel stops in 2014."))
    sec.charts.append(Chart("tilt", "Tilt between West and East",
                            _charts.balance_index(h, value="tilt", lower="tilt_lo", upper="tilt_hi", label="Tilt", domain=(-1, 1),
                                                  reading="-1 with Russia and China, +1 with the United States and the EU",
                                                  title="Tilt between West and East"),
                            "Mean of the security, diplomatic and institutional tilts with data; the band is the bootstrap interval."))
    sec.charts.append(Chart("hedging", "Hedging",
                            _charts.balance_index(h, value="hedging", lower="hedging_lo", upper="hedging_hi", label="Hedging",
                                                  reading="0 committed or on one side, 1 engages both poles and is committed to neither",
                                                  title="Hedging between West and East"),
                            "(1 - commitment) x (1 - |diplomatic tilt|) x engagement balance; the band is the bootstrap interval."))
    return sec


# --------------------------------------------------------------------------- pillar evenness


def alignment(ctx: Context) -> Section:
    """Institutional pillar shares with pillar evenness, its interval and its chance band."""
    sec = Section("alignment", "How evenly the pillars share its memberships",
                  sources=[*_sections._igo_sources(ctx), "pillar definitions of multivector"])
    bal = optional("measures._evenness", "evenness")
    if bal is None:
        sec.notes.append(UNAVAILABLE.format(what="pillar analysis (multivector.measures._evenness)"))
        return sec
    if ctx.igo_years is None:
        sec.notes.append("No IGO data for the brief's years.")
        return sec
    ext = {"extended": True} if ctx.extended else {}
    b = bal(ctx.ccode, ctx.igo_years, channel="institutional", **ext)  # the library's default replicates and seed
    return _evenness_section(ctx, sec, b, "institutional")


def _evenness_section(ctx: Context, sec: Section, b: pd.DataFrame, channel: str) -> Section:
    reps, seed = (b.attrs.get("bootstrap"), b.attrs.get("seed")) if b is not None else (None, None)
    sec.reproduce.append(f"multivector evenness {ctx.abb} --channel {channel} --from {ctx.igo_years[0]} --to {ctx.igo_years[1]}"
                         + (f" --bootstrap {reps} --seed {seed}" if reps else "") + (" --extended" if ctx.extended else ""))
    val = "evenness" if b is not None and "evenness" in b.columns else None
    if b is None or len(b) == 0 or val is None or b[val].notna().sum() == 0:
        sec.notes.append(f"No pillar shares could be measured for {ctx.name} in {span(*ctx.igo_years)} "
                         "(no full membership in an organization with some but not all pillars).")
        return sec
    lo, hi = "evenness_lo", "evenness_hi"
    shares = [c for c in b.columns if c.startswith("share_")]
    known = b[b[val].notna()]
    last = known.iloc[-1]
    y1 = int(last.year)
    ctx.numbers.update(evenness_year=y1, evenness_last=float(last[val]))
    interval = ""
    if not is_missing(last[lo]) and dec(last[lo]) != dec(last[hi]):
        interval = (f" (95% bootstrap interval {dec(last[lo])} to {dec(last[hi])}; {reps:,d} replicates over "
                    f"organizations, seed {seed})")
        ctx.numbers.update(evenness_lower=float(last[lo]), evenness_upper=float(last[hi]))
    names = _pillar_names()
    text = (f"In {y1}, {ctx.name}'s pillar evenness was {dec(last[val])}{interval}, on a scale from 0 (one pillar only) "
            "to 1 (all pillars the same share).")
    if not is_missing(last.get("versus_chance")) and not is_missing(last.get("chance_lo")):
        text += (f" Random portfolios of the same size score {dec(last.chance_lo)} to {dec(last.chance_hi)}: it was "
                 f"{last.versus_chance}.")
        ctx.numbers["evenness_versus_chance"] = str(last.versus_chance)
    if not is_missing(last["dominant"]):
        keys = str(last["dominant"]).split("=")
        dname = listing([names.get(k, k) for k in keys])
        ctx.numbers.update(dominant=dname, dominant_tied=len(keys) > 1)
        share = f" ({pct(last['dominant_share'])}{' each' if len(keys) > 1 else ''})"
        text += (f" The largest share went to {dname}{share}." if len(keys) == 1
                 else f" {dname} tied for the largest share{share}.")
        ctx.numbers["evenness_detail"] = (f"interval {dec(last[lo])}-{dec(last[hi])}; " if interval else "") + f"largest share: {dname}"
    sec.paragraphs.append(text)
    sec.paragraphs.append("Evenness describes how the state's memberships spread over the pillars; it is not a measure "
                          "of hedging (see the section on the poles).")
    if len(known) > 1:
        hi_row = known.loc[known[val].astype("float64").idxmax()]
        lo_row = known.loc[known[val].astype("float64").idxmin()]
        if dec(lo_row[val]) == dec(hi_row[val]):
            sec.paragraphs.append(f"Over {span(int(known.year.min()), y1)} evenness stayed at {dec(lo_row[val])}.")
        else:
            sec.paragraphs.append(f"Over {span(int(known.year.min()), y1)} evenness ranged from {dec(lo_row[val])} "
                                  f"({int(lo_row.year)}) to {dec(hi_row[val])} ({int(hi_row.year)}).")
    if shares:
        long = known.melt(id_vars=["year"], value_vars=shares, var_name="pillar", value_name="share")
        long["pillar"] = long.pillar.str.removeprefix("share_").map(lambda k: names.get(k, k))
        order = [names.get(c.removeprefix("share_"), c.removeprefix("share_")) for c in shares]
        sec.charts.append(Chart("alignment_shares", "Pillar shares",
                                _charts.alignment_shares(long, order=order), "Share of the state's memberships going to each pillar, per year."))
    sec.charts.append(Chart("evenness", "Pillar evenness",
                            _charts.balance_index(known, value=val, lower=lo, upper=hi, chance=("chance_lo", "chance_hi")),
                            "Normalised entropy of the pillar shares; the band is the bootstrap interval, the dashed lines "
                            "bound what random portfolios of the same size score."))
    if len(known) < len(b):
        sec.notes.append(f"Evenness is undefined in {plural(len(b) - len(known), 'year')}: no full membership in an "
                         "organization with some but not all pillars.")
    return sec


def _first_col(df, names):
    if df is None:
        return None
    for n in names:
        if n in df.columns:
            return n
    return None


def _pillar_names() -> dict[str, str]:
    dp = optional("measures._pillars", "default_pillars")
    if dp is None:
        return {}
    ps = dp()
    return {p.key: p.name for p in ps}


# --------------------------------------------------------------------------- UN agreement


def un_votes(ctx: Context) -> Section:
    """UN General Assembly agreement with each pillar over time."""
    sec = Section("un", "UN General Assembly agreement with each pillar", sources=[SOURCE_NAMES["unga"]])
    if ctx.extended:
        sec.notes.append("This section uses the published UN voting data only: the extended panel changes memberships, "
                         "not votes.")
    if ctx.un_years is None:
        lo, hi = ctx.info["coverage"]["un_years"]
        sec.notes.append(f"The UN voting data cover {lo}-{hi}, none of the brief's years.")
        return sec
    align = optional("measures._evenness", "alignment")
    if align is not None:
        return _un_from_alignment(ctx, sec, align)
    agree = optional("engine._unvotes", "un_agreement")
    if agree is None:
        sec.notes.append(UNAVAILABLE.format(what="UN agreement engine (multivector.engine._unvotes)"))
        return sec
    pillars = _single_state_pillars()
    pcodes = [c for c in pillars if c != ctx.ccode]
    df = agree(years=ctx.un_years, states=[ctx.ccode, *pcodes])
    df = df[(df.ccode1 == ctx.ccode) | (df.ccode2 == ctx.ccode)].copy()
    df["other"] = df.ccode1.where(df.ccode2 == ctx.ccode, df.ccode2)
    df["pillar"] = df.other.map(pillars)
    df = df[df.pillar.notna() & (df.n_votes > 0)]
    sec.reproduce.append(f"multivector un-agreement --from {ctx.un_years[0]} --to {ctx.un_years[1]} "
                         f"--states {','.join([ctx.abb] + [_sections_abb(c) for c in pcodes])}")
    if df.empty:
        sec.notes.append(f"{ctx.name} cast no recorded vote alongside the pillars in the UN General Assembly in "
                         f"{span(*ctx.un_years)} (it may not have been a UN member then).")
        return sec
    missing_groups = _group_pillar_names()
    note = (f"Group pillars ({listing(missing_groups)}) are not shown: agreement with a group's position needs the "
            "pillar measures' diplomatic channel." if missing_groups else "")
    df = df[["year", "pillar", "agree", "n_votes"]].astype({"year": "int64"})
    return _un_text(ctx, sec, df, order=list(dict.fromkeys(pillars.values())), method=note)


def _un_from_alignment(ctx: Context, sec: Section, align) -> Section:
    from multivector._errors import InvalidYearError

    names = _pillar_names()
    try:
        a = align(ctx.ccode, ctx.un_years, channel="diplomatic")
    except InvalidYearError:  # no UN vote in these years (never a member, or Taiwan after 1971)
        a = pd.DataFrame()
    a = a[a.agree.notna()] if len(a) else a
    sec.reproduce.append(f'mv.alignment("{ctx.abb}", {ctx.un_years}, channel="diplomatic")')
    if a.empty:
        sec.notes.append(f"{ctx.name} cast no recorded vote alongside the pillars in the UN General Assembly in "
                         f"{span(*ctx.un_years)} (it may not have been a UN member then).")
        return sec
    df = pd.DataFrame({"year": a.year.astype("int64"), "pillar": a.pillar.map(lambda k: names.get(str(k), str(k))),
                       "agree": a.agree.astype("float64"), "n_votes": a.n_votes})
    return _un_text(ctx, sec, df, order=[names[k] for k in names if k in set(a.pillar.astype(str))],
                    method="Agreement with a group pillar (e.g. the European Union) is with the plurality vote of its "
                           "members who voted.")


def _un_text(ctx: Context, sec: Section, df: pd.DataFrame, order: list[str], method: str = "") -> Section:
    a, b = int(df.year.min()), int(df.year.max())
    if a > ctx.un_years[0]:
        sec.notes.append(f"{ctx.name}'s first recorded UN vote in the brief's years is in {a}.")
    gaps = sorted(set(range(a, b + 1)) - set(df.year))
    if gaps:
        sec.notes.append(f"No agreement figure in {years_list(gaps)} (no roll call, or no vote recorded for the state).")
    last = df[df.year == b]
    top = last.loc[last.agree.idxmax()]
    ctx.numbers.update(un_year=b, un_top_pillar=str(top.pillar), un_top_agree=float(top.agree),
                       un_agree_last={str(r.pillar): float(r.agree) for r in last.itertuples()})
    parts = [f"{r.pillar} {dec(r.agree)}" for r in last.sort_values("agree", ascending=False).itertuples()]
    sec.paragraphs.append(
        f"In {b}, {ctx.name} voted most often with {top.pillar} (agreement {dec(top.agree)} over "
        f"{plural(top.n_votes, 'roll call')}); agreement with each: {listing(parts)}."
    )
    if b > a:
        means = df.groupby("pillar").agree.mean().sort_values(ascending=False)
        sec.paragraphs.append(f"Averaged over the years {span(a, b)}: " + listing([f"{k} {dec(v)}" for k, v in means.items()]) + ".")
    sec.notes.append("Agreement: 1 same vote, 0.5 when exactly one abstained, 0 yes against no, over roll calls both voted on; "
                     "unanimous roll calls are left out. " + method)
    sec.charts.append(Chart("un_agreement", "UN agreement with each pillar", _charts.un_agreement(df, order=order),
                            "Agreement per year (UN session) with each pillar; the number of roll calls behind each figure is in the data."))
    return sec


def _single_state_pillars() -> dict[int, str]:
    dp = optional("measures._pillars", "default_pillars")
    if dp is None:
        return {365: "Russia", 710: "China", 2: "United States", 640: "Turkey"}
    out = {}
    for p in dp():
        states = [s[0] if isinstance(s, tuple) else s for s in getattr(p, "states", ())]
        if len(states) == 1 and not getattr(p, "members_of", ()):
            out[int(states[0])] = p.name
    return out


def _group_pillar_names() -> list[str]:
    dp = optional("measures._pillars", "default_pillars")
    if dp is None:
        return ["European Union"]
    return [p.name for p in dp() if getattr(p, "members_of", ()) or len(getattr(p, "states", ())) > 1]


def _sections_abb(c: int) -> str:
    from multivector.report import _abb

    return _abb(c)


# --------------------------------------------------------------------------- peers


def peers(ctx: Context) -> Section:
    """The state beside its peers: full memberships, hedging and tilt over time, and a summary table."""
    sec = _sections.peers(ctx)
    compare = optional("measures._peers", "compare")
    panel = optional("measures._hedging", "hedging")
    if compare is None or not sec.tables or ctx.igo_data_years is None:
        return sec
    a, b = ctx.igo_data_years
    codes = [ctx.ccode] + [c for c in ctx.numbers.get("peers", [])]
    ext = {"extended": True} if ctx.extended else {}
    c = compare(codes, (a, b), **ext)
    names = _pillar_names()
    rows = []
    for r in c.itertuples():
        dom = "-" if is_missing(r.dominant) else " = ".join(names.get(k, k) for k in str(r.dominant).split("="))
        rows.append([str(r.statenme), str(r.entered), f"{num(r.full_first)} → {num(r.full_last)}",
                     num(r.joins_total, "-"), dec(r.joins_per_year, 1, "-"), num(r.initiatives, "-"),
                     dec(r.tilt_mean, 2, "-"), dec(r.hedging_mean, 2, "-"), dec(r.evenness_mean, 2, "-"), dom])
    sec.tables = [Table(["State", "Entered system", f"Full memberships {a} → {b}", "Joined", "Joined per year",
                         "Own initiatives", "Mean tilt", "Mean hedging", "Mean evenness", "Dominant pillar"], rows,
                        f"{span(a, b)}, {ctx.igo_source}. Joined per year: over the years with a previous year in the system. "
                        "Tilt: -1 with Russia and China, +1 with the United States and the EU; hedging: 0 committed or on one "
                        "side, 1 engages both poles; evenness: 0 one pillar, 1 every pillar the same share.")]
    sec.reproduce = [f"multivector compare {' '.join(_sections_abb(x) for x in codes)} --from {a} --to {b}"
                     + (" --extended" if ctx.extended else "")]
    me = c[c.ccode == ctx.ccode]
    if len(me) and not is_missing(me.hedging_mean.iloc[0]):
        known = c[c.hedging_mean.notna()]
        r = int((known.hedging_mean > me.hedging_mean.iloc[0]).sum()) + 1
        ctx.numbers["peer_rank_hedging"] = r
        sec.paragraphs.append(f"By mean hedging over {span(a, b)} it ranked {_sections.ordinal(r)} of {len(known)} "
                              f"({dec(me.hedging_mean.iloc[0], 2)}; higher hedges more).")
    if panel is not None:
        bp = panel(codes, (a, b), bootstrap=0, **ext)
        bp = bp[bp.hedging.notna()] if len(bp) else bp
        if len(bp):
            from multivector.engine._resolve import state_label

            labels = {x: state_label(x).split(" (")[0] for x in codes}
            long = pd.DataFrame({"year": bp.year.astype("int64"), "state": bp.ccode.map(labels), "value": bp.hedging})
            sec.charts.append(Chart("peers_hedging", "Hedging compared with peers",
                                    _charts.peer_comparison(long, focus=ctx.name, y_title="Hedging",
                                                            title="Hedging compared with peers"),
                                    f"Hedging per year, {ctx.name} (thick line) and its peers."))
    return sec


# --------------------------------------------------------------------------- glossary


def reading_guide(ctx: Context) -> Section:
    """How to read the brief: the terms and the pillar definitions (the same for every state)."""
    sec = Section("guide", "How to read this brief")
    sec.paragraphs += [
        "Memberships are those of the Correlates of War IGO data: a state is a full member, an associate member "
        "or an observer of an intergovernmental organization in a year, or not a member; where the source does not "
        "know, the status is missing (-9) and is left out of every count rather than counted as non-membership.",
        "A join is a new full membership since the previous year (including founding an organization); an exit is "
        "a full membership that ended while the organization lived on; a dissolution is one that ended with the "
        "organization. An own initiative is an organization the state belonged to in its first year of existence, "
        "founded after the state entered the state system.",
        "Tilt is the state's position between two poles, the West (the United States and the EU) and the East (Russia "
        "and China): -1 wholly with the East, +1 wholly with the West, 0 where the average state stands. It combines "
        "three channels: security (alliance treaties with the poles' states, from ATOP, counted when bilateral or set in "
        "an alliance organization such as NATO or the CSTO), diplomatic (the UN ideal point against the median state) "
        "and institutional (memberships in organizations that one pole joined and the other, though it could have, did not).",
        "Hedging is high when a state engages both poles and is committed to neither: (1 - commitment) x (1 - |diplomatic "
        "tilt|) x engagement balance. A treaty commitment to one pole sets it to 0.",
        "Pillars are the great powers among which a multi-vector foreign policy balances. An organization's "
        "category follows from which pillars are full members of it: Western (United States and/or European Union, "
        "without Russia or China), Russia-centred, China-centred, Russia+China, bridging (both sides, not all "
        "pillars), universal (every pillar) or pillar-free.",
        "Pillar shares: each organization the state belongs to with some but not all pillars as members (world "
        "bodies, joined by more than half of all states, left out) gives an equal part of one to each of its pillars; "
        "the shares add up to 100%. Pillar evenness is the normalised entropy of the shares: 1 when every pillar has "
        "the same share, 0 when one pillar has all of it, compared with random portfolios of the same size. Its "
        "interval comes from resampling the organizations (bootstrap). A state that is itself a pillar (Russia) is "
        "measured against the other pillars; an EU member keeps the European Union pillar.",
        "UN agreement is the share of General Assembly roll calls on which the state voted like a pillar "
        "(1 same vote, 0.5 when one of the two abstained, 0 yes against no).",
    ]
    table = optional("measures._pillars", "pillar_table")
    if table is not None:
        t = table()
        sec.tables.append(Table(["Pillar", "Definition", "Side"],
                                [[str(r.name), str(r.definition), "-" if is_missing(r.side) else str(r.side)]
                                 for r in t.itertuples()],
                                "The pillars used in this brief (multivector's default set)."))
    sec.sources = ["docs/methodology.md of multivector"]
    return sec


def _ext_arg(ctx: Context) -> str:
    return ", extended=True" if ctx.extended else ""
