"""Section builders: every sentence of a brief, computed from library results.

Each builder takes the :class:`Context` (state, period, cached library
results) and returns a :class:`~multivector.report._model.Section`. The
numbers come from public library functions (``portfolio``,
``membership_changes``, ``state_memberships``, and the analysis functions
of the pillar, alignment, peers and UN modules when they are installed);
nothing here is written about a particular country. A section whose
analysis is unavailable, or whose years lie outside a source's coverage,
says so in a note instead of showing an empty chart.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from multivector.charts import _specs as _charts
from multivector.engine._regions import REGIONS, region_of  # noqa: F401  (re-exported for the brief)
from multivector._errors import InvalidYearError
from multivector.report._model import Chart, Figure, Section, Table
from multivector.report._text import dec, is_missing, listing, num, ordinal, plural, span, years_list

#: Short names of the sources, as cited under each section.
SOURCE_NAMES = {
    "cow_igo": "COW IGO v3.0 (Pevehouse et al. 2020)",
    "cow_states": "COW State System Membership v2016",
    "unga": "UN General Assembly votes (Voeten, Strezhnev and Bailey)",
}

def optional(module: str, *names: str):
    """Functions of an analysis module, or None when the module or a name is not available.

    The brief degrades to a note for that section rather than failing.
    """
    try:
        mod = importlib.import_module(f"multivector.{module}")
    except ImportError:
        return None
    fns = [getattr(mod, n, None) for n in names]
    if any(f is None for f in fns):
        return None
    return fns[0] if len(fns) == 1 else fns


def similar_peers(ccode: int, start: int, end: int, n: int = 4) -> list[int]:
    """Default peers outside the named groups: the ``n`` states whose memberships were most alike the state's.

    Candidates are the states in the system for at least half of the years
    ``start..end`` that the state itself was; they are ranked by Cohen's
    kappa of full memberships with the state (chance-corrected agreement,
    ``mv.dyads``) in the last year of the period within the IGO data, the
    nearest COW code breaking ties. Nearest COW codes alone ranked South
    Sudan beside Sudan, Iran, Libya and Tunisia; measured similarity gives
    Ethiopia, Eritrea, Somalia and Seychelles.

    Example:
        >>> similar_peers(626, 2011, 2014)
        [530, 531, 520, 591]
    """
    from multivector.engine._dyads import dyads
    from multivector.engine._membership import states
    from multivector.data._store import get_store

    st = states()
    cube = get_store().cube
    ys = cube.years.astype(int)
    inside = (ys >= start) & (ys <= end)
    present = cube.in_system()[:, inside]  # [state, year] within the period and the IGO data
    idx = cube.state_index.get(ccode)
    own = present[idx] if idx is not None else None
    if own is None or not own.any():
        return []
    need = max(1, int(own.sum()) // 2)
    overlap = pd.Series((present & own[None, :]).sum(axis=1), index=cube.ccodes.astype(int))
    st = st.assign(overlap=st.ccode.map(overlap).fillna(0))
    cand = st[(st.ccode != ccode) & (st.overlap >= need)].copy()
    cand["dist"] = (cand.ccode - ccode).abs()
    last = int(ys[inside][own][-1])  # the state's last year in the period and the data
    d = dyads(last, [ccode], measures=("kappa",), pairs="any")
    other = np.where(d.ccode1 == ccode, d.ccode2, d.ccode1).astype(int)
    cand["kappa"] = cand.ccode.map(pd.Series(d.kappa.to_numpy(dtype="float64"), index=other))
    cand = cand.sort_values(["kappa", "dist", "ccode"], ascending=[False, True, True], na_position="last")
    return [int(c) for c in cand.ccode.head(n)]


@dataclass
class Context:
    """The state, the brief's period, and library results shared by the sections."""

    ccode: int
    start: int
    end: int
    peers: list[int]
    peers_given: bool
    peers_how: str
    state_input: str
    info: dict
    notes: list[str] = field(default_factory=list)
    numbers: dict = field(default_factory=dict)
    extended: bool = False

    # ---- identity
    @cached_property
    def row(self) -> dict:
        from multivector.engine._membership import states

        st = states()
        return st[st.ccode == self.ccode].iloc[0].to_dict()

    @property
    def name(self) -> str:
        return str(self.row["statenme"])

    @property
    def abb(self) -> str:
        return str(self.row["stateabb"])

    @cached_property
    def label(self) -> str:
        from multivector.engine._resolve import state_label

        return state_label(self.ccode)

    # ---- coverage
    @cached_property
    def igo_years(self) -> tuple[int, int] | None:
        """Years of the brief within the IGO data's coverage, or the extended panel's (None if none)."""
        lo, hi = self.info["coverage"]["igo_years"]
        if self.extended:
            from multivector.report import _extended_last

            hi = max(hi, _extended_last())
        a, b = max(self.start, lo), min(self.end, hi)
        return (a, b) if a <= b else None

    @cached_property
    def cow_years(self) -> tuple[int, int] | None:
        """Years of the brief within the published COW IGO data only (None if none)."""
        lo, hi = self.info["coverage"]["igo_years"]
        a, b = max(self.start, lo), min(self.end, hi)
        return (a, b) if a <= b else None

    @cached_property
    def un_years(self) -> tuple[int, int] | None:
        lo, hi = self.info["coverage"]["un_years"]
        a, b = max(self.start, lo), min(self.end, hi)
        return (a, b) if a <= b else None

    # ---- library results (cached; each section reads them)
    @cached_property
    def portfolio(self) -> pd.DataFrame:
        from multivector.engine._membership import portfolio

        if self.igo_years is None:
            return _empty_like_portfolio()
        return portfolio(self.ccode, self.igo_years, extended=self.extended)

    @cached_property
    def changes(self) -> pd.DataFrame:
        from multivector.engine._changes import _empty, membership_changes

        if self.cow_years is None:
            return _empty()
        return membership_changes(self.ccode, self.cow_years)

    @cached_property
    def igo_data_years(self) -> tuple[int, int] | None:
        """First and last year with membership counts (not all missing) in the period."""
        p = self.portfolio
        p = p[p.full.notna()] if len(p) else p
        if len(p) == 0:
            return None
        return int(p.year.min()), int(p.year.max())

    @cached_property
    def org_names(self) -> dict[str, str]:
        """ioname -> the organization's full name as published (``longorgname``), for tables."""
        from multivector.engine._membership import organizations

        o = organizations()
        return dict(zip(o.ioname.astype(str), o.longorgname.fillna(o.orgname).astype(str)))

    def cmd(self, command: str, years: tuple[int, int] | None = None, extra: str = "") -> str:
        """A CLI command that prints the figures behind a section (with ``--extended`` on an extended brief)."""
        y = f" --from {years[0]} --to {years[1]}" if years else ""
        ext = " --extended" if self.extended and command != "memberships" else ""
        return f"multivector {command} {self.abb}{y}{ext}{extra}"

    @property
    def igo_source(self) -> str:
        """Short name of the membership data behind the IGO sections."""
        return "COW IGO v3.0 + sourced records (provisional)" if self.extended else "COW IGO v3.0"


def _empty_like_portfolio() -> pd.DataFrame:
    from multivector.engine._membership import _empty_portfolio

    return _empty_portfolio()


# --------------------------------------------------------------------------- coverage


def coverage_notes(ctx: Context) -> list[str]:
    """Notes on the brief's period against the state's life and the sources' coverage."""
    notes = []
    r = ctx.row
    spells = str(r["spells"]).split("; ")
    if int(r["n_spells"]) > 1:
        notes.append(f"{ctx.name} was in the state system in {len(spells)} spells: "
                     + listing([_spell_text(s) for s in spells]) + ".")
    else:
        first, last = _spell_dates(spells[0])
        end_data = int(ctx.info["sources"]["cow_states"]["version"]) if str(ctx.info["sources"]["cow_states"]["version"]).isdigit() else None
        if end_data is not None and last.startswith(str(end_data)):
            notes.append(f"{ctx.name} entered the state system on {first} (COW State System, which ends in {end_data}).")
        else:
            notes.append(f"{ctx.name} was in the state system from {first} to {last}.")
    lo, hi = ctx.info["coverage"]["igo_years"]
    if ctx.igo_years is None:
        notes.append(f"The IGO data cover {lo}-{hi}, none of the brief's years {span(ctx.start, ctx.end)}: "
                     "membership sections are left out.")
    elif ctx.extended and ctx.end > hi:
        from multivector.engine._extended import completeness_note

        notes.append(f"The published IGO data end in {hi}; membership figures for {span(hi + 1, ctx.igo_years[1])} "
                     "come from the provisional extended panel (statuses carried forward and updated by sourced records).")
        notes.append(completeness_note(ctx.ccode, ctx.igo_years[1]))
    elif ctx.end > hi:
        notes.append(f"The IGO data end in {hi}: membership figures stop there; "
                     f"{span(hi + 1, ctx.end)} {'is' if hi + 1 == ctx.end else 'are'} not covered.")
    ulo, uhi = ctx.info["coverage"]["un_years"]
    if ctx.un_years is None:
        notes.append(f"The UN voting data cover {ulo}-{uhi}, none of the brief's years: the UN section is left out.")
    elif ctx.start < ulo:
        notes.append(f"The UN voting data begin in {ulo}: the UN section covers {span(*ctx.un_years)}.")
    return notes


def _spell_dates(spell: str) -> tuple[str, str]:
    parts = spell.split("-")
    return "-".join(parts[:3]), "-".join(parts[3:])


def _spell_text(spell: str) -> str:
    a, b = _spell_dates(spell)
    return f"{a} to {b}"


# --------------------------------------------------------------------------- memberships


def memberships(ctx: Context) -> Section:
    """Memberships over time by status and functional type."""
    sec = Section("memberships", "Memberships over time", sources=_igo_sources(ctx))
    if ctx.igo_years is None:
        sec.notes.append("No IGO data for the brief's years.")
        return sec
    p = ctx.portfolio
    sec.reproduce.append(ctx.cmd("portfolio", ctx.igo_years))
    known = p[p.full.notna()]
    if known.empty:
        sec.notes.append(f"The IGO data have no known membership status of {ctx.name} in {span(*ctx.igo_years)}.")
        return sec
    first, last = known.iloc[0], known.iloc[-1]
    y0, y1 = int(first.year), int(last.year)
    peak = known.loc[known.full.astype("float64").idxmax()]
    ctx.numbers.update(
        first_year=y0, last_year=y1, full_first=int(first.full), full_last=int(last.full),
        associate_last=int(last.associate), observer_last=int(last.observer),
        full_peak=int(peak.full), full_peak_year=int(peak.year),
        political_last=int(last.political), social_last=int(last.social), economic_last=int(last.economic),
    )
    entry = " (its first year in the state system)" if not is_missing(first.initial) else ""
    if y0 == y1:
        sec.paragraphs.append(
            f"In {y1}{entry}, {ctx.name} was a full member of {plural(last.full, 'international organization')}, "
            f"an associate member of {num(last.associate)} and an observer in {num(last.observer)}."
        )
    else:
        change = int(last.full) - int(first.full)
        trend = "up" if change > 0 else "down" if change < 0 else "unchanged"
        by = f" by {num(abs(change))}" if change else ""
        sec.paragraphs.append(
            f"In {y0}{entry}, {ctx.name} was a full member of {plural(first.full, 'international organization')}; "
            f"in {y1}, of {num(last.full)} ({trend}{by}), with {num(last.associate)} associate "
            f"{'membership' if int(last.associate) == 1 else 'memberships'} and {num(last.observer)} observer "
            f"{'seat' if int(last.observer) == 1 else 'seats'}."
        )
        if int(peak.year) != y1:
            sec.paragraphs.append(f"Its full memberships peaked at {num(peak.full)} in {int(peak.year)}.")
    sec.paragraphs.append(
        f"Of the {num(last.full)} full memberships in {y1}, {num(last.political)} were in organizations with a "
        f"political mandate, {num(last.social)} social and {num(last.economic)} economic "
        "(an organization may have several mandates, or none of the three)."
    )
    _provisional_memberships(ctx, sec, known)
    incomplete = known[~known.complete.astype(bool)]
    if len(incomplete):
        worst = incomplete.loc[incomplete.missing.astype("float64").idxmax()]
        sec.notes.append(
            f"The source codes {ctx.name}'s status as missing (-9) in some organizations in {plural(len(incomplete), 'year')} "
            f"of {num(len(known))} (at most {num(worst.missing)} of {num(worst.alive)} living organizations, "
            f"in {int(worst.year)}). These are left out of the counts, not counted as non-membership."
        )
    all_missing = p[p.full.isna()]
    if len(all_missing):
        sec.notes.append(f"Every status is missing in {years_list(all_missing.year)}: no counts are shown for "
                         f"{'that year' if len(all_missing) == 1 else 'those years'}.")
    if ctx.igo_data_years and ctx.igo_data_years[1] < ctx.igo_years[1]:
        sec.notes.append(f"The IGO data list {ctx.name} until {ctx.igo_data_years[1]}.")
    short = y1 - y0 + 1
    if short < 5:
        sec.notes.append(f"Only {plural(short, 'year')} of membership data: trends over so few years say little.")
    gaps = _coding_gaps(ctx, sec, known)
    sec.charts.append(Chart("memberships_by_status", "Memberships by status",
                            _charts.mark_gaps(_charts.memberships_by_status(p), gaps),
                            "Organizations in which the state is a full member, associate member or observer, per year."))
    sec.charts.append(Chart("memberships_by_type", "Full memberships by functional type", _charts.memberships_by_type(p),
                            "Full memberships by the organization's mandate (political, social, economic)."))
    return sec


def _coding_gaps(ctx: Context, sec: Section, known: pd.DataFrame) -> dict[int, str]:
    """Years where the count falls because the source codes organizations missing for every state: said in the text
    (never read as exits) and returned for the chart's marks."""
    from multivector import coding_gaps
    from multivector.data._store import get_store

    hi = min(int(known.year.max()), get_store().igo_years[1])
    lo = int(known.year.min())
    if lo > hi:
        return {}
    g = coding_gaps(ctx.ccode, (lo, hi))
    out = {}
    for y, d in g.groupby("year"):
        names = ", ".join(d.ioname.str.upper())
        out[int(y)] = names
        prev = known[known.year == y - 1]
        fall = (f" (its full memberships go from {num(prev.full.iloc[0])} to "
                f"{num(known[known.year == y].full.iloc[0])})") if len(prev) and (known.year == y).any() else ""
        sec.notes.append(
            f"In {int(y)} the source codes {plural(len(d), 'organization')} of which {ctx.name} was a full member the "
            f"year before as missing for every state ({names}){fall}: a gap in the data, not exits. The charts mark "
            "such years with a dashed line.")
        ctx.numbers.setdefault("coding_gaps", {})[int(y)] = len(d)
    return out


def _provisional_memberships(ctx: Context, sec: Section, known: pd.DataFrame) -> None:
    """Extended briefs: the first year after the published data, and the full memberships the records add in it."""
    cow_end = ctx.info["coverage"]["igo_years"][1]
    after = known[known.year > cow_end]
    if not ctx.extended or after.empty:
        return
    from multivector import extended_memberships

    first = after.iloc[0]
    y = int(first.year)
    m = extended_memberships(ctx.ccode, y)
    rec = m[m.provenance.astype(str) == "record"].sort_values("ioname")
    ctx.numbers.update(provisional_year=y, provisional_full=int(first.full),
                       provisional_record_orgs=[str(x) for x in rec.ioname])
    names = [f"{ctx.org_names.get(str(r.ioname), str(r.orgname))} ({r.ioname})" for r in rec.itertuples()]
    text = (f"Provisional: in {y}, the first year after the published IGO data, {ctx.name} was a full member of "
            f"{plural(first.full, 'organization')} in the extended panel")
    text += (f", {num(len(rec))} of them from sourced records: {listing(names)}." if len(rec) else
             "; no full membership that year comes from a record (all carried forward).")
    sec.paragraphs.append(text)


def joins_exits(ctx: Context) -> Section:
    """Joins and exits timeline."""
    sec = Section("joins_exits", "Joins and exits", sources=_igo_sources(ctx))
    if ctx.igo_years is None:
        sec.notes.append("No IGO data for the brief's years.")
        return sec
    p = ctx.portfolio
    sec.reproduce.append(ctx.cmd("portfolio", ctx.igo_years))
    ch = p[p.joins.notna()]
    if ch.empty:
        sec.notes.append(f"No year-to-year comparison is possible in {span(*ctx.igo_years)}: "
                         "the state's first year has no previous year, and every other year is missing.")
        return sec
    a, b = int(ch.year.min()), int(ch.year.max())
    joins, exits, dissolved = int(ch.joins.sum()), int(ch.exits.sum()), int(ch.dissolved.sum())
    unknown = int(ch.changes_unknown.sum())
    ctx.numbers.update(joins=joins, exits=exits, dissolved=dissolved, changes_unknown=unknown, changes_from=a, changes_to=b)
    text = (f"From {a} to {b}, {ctx.name} joined {plural(joins, 'organization')} as a full member, "
            f"left {num(exits)} and lost {num(dissolved)} full "
            f"{'membership' if dissolved == 1 else 'memberships'} when the organization dissolved.")
    sec.paragraphs.append(text)
    if joins:
        top = ch.loc[ch.joins.astype("float64").idxmax()]
        ctx.numbers.update(joins_peak=int(top.joins), joins_peak_year=int(top.year))
        years_with = int((ch.joins > 0).sum())
        sec.paragraphs.append(
            f"It joined organizations in {plural(years_with, 'year')} of {num(len(ch))}; the most in one year was "
            f"{num(top.joins)}, in {int(top.year)}."
        )
    if unknown:
        sec.notes.append(
            f"In {plural(unknown, 'case')} the status changed to or from missing (-9), so whether {ctx.name} joined or "
            "left is unknown; these are not counted as joins or exits."
        )
    initial = p[p.initial.notna() & (p.initial > 0)]
    if len(initial) == 1:
        y = int(initial.year.iloc[0])
        sec.notes.append(f"{y} is {ctx.name}'s first year in the state system: its {num(initial.initial.iloc[0])} "
                         "full memberships that year have no previous year to compare with and are not counted as joins.")
    elif len(initial) > 1:
        sec.notes.append(f"{listing([str(int(y)) for y in initial.year])} are the first years of {ctx.name}'s spells in the "
                         f"state system: their full memberships ({listing([num(v) for v in initial.initial])}) have no "
                         "previous year to compare with and are not counted as joins.")
    if joins + exits + dissolved == 0:
        sec.notes.append("No organization was joined or left in these years, so there is no timeline to draw.")
    else:
        sec.charts.append(Chart("joins_exits", "Joins and exits", _charts.joins_exits(p),
                                "Organizations joined (above zero) and full memberships ended (below zero), per year."))
    return sec


def organizations_table(ctx: Context) -> Section:
    """Table of the organizations joined and left, with years."""
    sec = Section("organizations", "Organizations joined and left", sources=[SOURCE_NAMES["cow_igo"]])
    if ctx.igo_years is None:
        sec.notes.append("No IGO data for the brief's years.")
        return sec
    if ctx.cow_years is None:
        sec.notes.append("This table uses the published COW IGO data only, which cover none of the brief's years.")
        return sec
    if ctx.extended and ctx.igo_years[1] > ctx.cow_years[1]:
        sec.notes.append(f"This table uses the published COW IGO data only ({span(*ctx.cow_years)}); joins and exits "
                         "after that are in the engagements timeline and in 'multivector records list'.")
    c = ctx.changes
    sec.reproduce.append(ctx.cmd("memberships", ctx.cow_years, " --status all"))
    ev = c[c.change.isin(["initial", "join", "exit", "dissolved"])]
    if ev.empty:
        sec.notes.append(f"{ctx.name} joined or left no organization in {span(*ctx.cow_years)}.")
        return sec
    from multivector.engine._membership import state_memberships

    y1 = min(ctx.igo_data_years[1], ctx.cow_years[1]) if ctx.igo_data_years else ctx.cow_years[1]
    now = state_memberships(ctx.ccode, y1, status="all").set_index("ioname").status_label
    events: dict[str, dict] = {}
    for year, io, org, change in zip(ev.year.astype(int), ev.ioname.astype(str), ev.orgname.astype(str),
                                     ev.change.astype(str)):
        e = events.setdefault(io, {"org": ctx.org_names.get(io, org), "first": year, "initial": [], "join": [],
                                   "exit": [], "dissolved": []})
        e[change].append(year)
        e["first"] = min(e["first"], year)
    rows = []
    for io, e in events.items():
        j = [f"member on entry ({y})" for y in e["initial"][:1]] + [str(y) for y in sorted(e["join"])]
        lft = [str(y) for y in sorted(e["exit"])] + [f"{y} (dissolved)" for y in sorted(e["dissolved"])]
        rows.append((e["first"], e["org"], io.upper(), ", ".join(j) or "-", ", ".join(lft) or "-", _status_text(now.get(io))))
    rows.sort(key=lambda r: (r[0], r[1]))
    table = Table(["Organization", "Abbrev.", "Joined", "Left", f"Status in {y1}"], [list(r[1:]) for r in rows],
                  f"Full memberships that began or ended in {span(*ctx.cow_years)}; "
                  "'member on entry' = already a member in the state's first year.")
    sec.tables.append(table)
    n_join = int((ev.change == "join").sum())
    n_left = int(ev.change.isin(["exit", "dissolved"]).sum())
    ctx.numbers.update(table_rows=len(rows))
    sec.paragraphs.append(
        f"{plural(len(rows), 'organization')} {'appears' if len(rows) == 1 else 'appear'} below: {plural(n_join, 'join')} and {plural(n_left, 'exit')} "
        f"(including dissolutions) in {span(*ctx.cow_years)}."
    )
    return sec


def _status_text(label) -> str:
    if is_missing(label):
        return "not listed"
    return {"full": "full member", "associate": "associate", "observer": "observer", "none": "not a member",
            "missing": "missing (-9)", "not_alive": "dissolved"}.get(str(label), str(label))


# --------------------------------------------------------------------------- peers


def peers(ctx: Context) -> Section:
    """The state beside its peers: full memberships over time and a summary table."""
    from multivector.engine._membership import portfolio
    from multivector.engine._resolve import state_label

    sec = Section("peers", "Compared with peers", sources=_igo_sources(ctx))
    if ctx.igo_years is None or ctx.igo_data_years is None:
        sec.notes.append("No IGO data for the brief's years, so no comparison.")
        return sec
    a, b = ctx.igo_data_years
    how = ctx.peers_how if ctx.peers_given else f"by default, {ctx.peers_how}; choose others with --peers"
    if not ctx.peers:
        sec.notes.append(f"No peers found ({how}).")
        return sec
    frames, rows, left_out = [], [], []
    for c in [ctx.ccode, *ctx.peers]:
        p = portfolio(c, (a, b), extended=ctx.extended)
        p = p[p.full.notna()]
        if p.empty:
            left_out.append(state_label(c))
            continue
        lab = state_label(c).split(" (")[0]
        frames.append(pd.DataFrame({"year": p.year.astype("int64"), "state": lab, "value": p.full.astype("float64")}))
        last = p.iloc[-1]
        ch = p[p.joins.notna()]
        rows.append({"ccode": c, "state": lab, "last_year": int(last.year), "full": int(last.full),
                     "joins": int(ch.joins.sum()) if len(ch) else None, "exits": int(ch.exits.sum()) if len(ch) else None,
                     "first_year": int(p.year.min())})
    sec.reproduce.append(ctx.cmd("portfolio", (a, b)))
    if left_out:
        sec.notes.append(f"No membership data in {span(a, b)} for {listing(left_out)}.")
    if len(rows) < 2:
        sec.notes.append("None of the peers has membership data in these years, so there is nothing to compare.")
        return sec
    df = pd.DataFrame(rows)
    me = df[df.ccode == ctx.ccode].iloc[0]
    rank = int((df.full > me.full).sum()) + 1
    others = df[df.ccode != ctx.ccode]
    ctx.numbers.update(peers=[int(x) for x in others.ccode], peer_rank_full=rank)
    sec.paragraphs.append(f"Peers: {listing(list(others.state))} — {how}.")
    same_year = bool((df.last_year == me.last_year).all())
    if same_year:
        sec.paragraphs.append(
            f"In {int(me.last_year)}, {ctx.name} ranked {ordinal(rank)} of {len(df)} by full memberships ({num(me.full)}; "
            f"the peers had {num(others.full.min())} to {num(others.full.max())})."
        )
    if me.joins is not None and not is_missing(me.joins):
        jr = int((df.joins.fillna(-1) > me.joins).sum()) + 1
        sec.paragraphs.append(f"By organizations joined in these years it ranked {ordinal(jr)} of {len(df)} "
                              f"({num(me.joins)}).")
    table = Table(["State", "Data from", f"Full memberships (last year)", "Joined", "Left"],
                  [[r.state, str(r.first_year), f"{num(r.full)} ({r.last_year})", num(r.joins, '-'), num(r.exits, '-')]
                   for r in df.itertuples()],
                  f"Full memberships, and organizations joined and left, {span(a, b)} ({ctx.igo_source}).")
    sec.tables.append(table)
    long = pd.concat(frames, ignore_index=True)
    sec.charts.append(Chart("peers_full", "Full memberships compared with peers",
                            _charts.peer_comparison(long, focus=ctx.name, y_title="Full memberships",
                                                    title="Full memberships compared with peers"),
                            f"{ctx.name} (thick line) and its peers."))
    return sec


# --------------------------------------------------------------------------- headline


def headline(ctx: Context) -> list[Figure]:
    """Headline figures, each with its year and source, from the numbers the sections computed."""
    n = ctx.numbers
    src = ctx.igo_source
    out = []
    if "full_last" in n:
        gap = (n.get("coding_gaps") or {}).get(n["last_year"])
        gap_text = f"; {gap} coded missing for every state in {n['last_year']}, not exits" if gap else ""
        out.append(Figure(f"Full memberships, {n['last_year']}", num(n["full_last"]),
                          f"{num(n['full_first'])} in {n['first_year']}; peak {num(n['full_peak'])} in "
                          f"{n['full_peak_year']}{gap_text}", src))
    if "joins" in n:
        out.append(Figure(f"Organizations joined, {span(n['changes_from'], n['changes_to'])}", num(n["joins"]),
                          f"left {num(n['exits'])}; dissolved while a member {num(n['dissolved'])}", src))
    if "own_initiatives" in n:
        out.append(Figure("Own initiatives", num(n["own_initiatives"]), n.get("own_initiatives_detail", ""),
                          src))
    if "hedging_last" in n:
        out.append(Figure(f"Hedging between West and East, {n['hedging_year']}", dec(n["hedging_last"], 2),
                          f"interval {dec(n['hedging_lower'], 2)}-{dec(n['hedging_upper'], 2)}; tilt {dec(n['tilt_last'], 2)} "
                          "(-1 East, +1 West)", "ATOP + UN ideal points + " + src))
    if "evenness_last" in n:
        out.append(Figure(f"Pillar evenness, {n['evenness_year']}", dec(n["evenness_last"]),
                          n.get("evenness_detail", ""), src + " + pillars"))
    if "un_top_pillar" in n:
        out.append(Figure(f"Closest pillar in UN votes, {n['un_year']}", n["un_top_pillar"],
                          f"agreement {dec(n['un_top_agree'])}", "UNGA votes"))
    if "peer_rank_full" in n:
        out.append(Figure("Rank among peers by full memberships", f"{ordinal(n['peer_rank_full'])} of {len(n['peers']) + 1}",
                          f"in {n['last_year']}", src))
    return out


def summary(ctx: Context) -> str:
    """The opening paragraph: what the brief covers and its main figures, all from ``ctx.numbers``."""
    n = ctx.numbers
    parts = [f"This brief describes how {ctx.name} took part in international organizations"]
    if "un_year" in n:
        parts.append(" and voted in the UN General Assembly")
    parts.append(f", {span(ctx.start, ctx.end)}, " + ("from published data and, after the published IGO data end, "
                                                      "a provisional panel built from sourced records."
                                                      if ctx.extended else "from published data only."))
    s = "".join(parts)
    if "full_last" in n:
        s += f" In {n['last_year']} it was a full member of {plural(n['full_last'], 'organization')}"
        if n["first_year"] != n["last_year"]:
            s += f" ({num(n['full_first'])} in {n['first_year']})"
        if "peer_rank_full" in n:
            s += f", {ordinal(n['peer_rank_full'])} of {len(n['peers']) + 1} beside its peers"
        s += "."
    if "hedging_last" in n:
        side = "the West" if n["tilt_last"] > 0 else "the East"
        s += (f" Between the West and the East, its tilt was {dec(n['tilt_last'], 2)} (towards {side}) and its hedging "
              f"{dec(n['hedging_last'], 2)} in {n['hedging_year']}"
              + (" (committed by treaty to one pole)." if n.get("commitment_last", 0) > 0 else "."))
    if "evenness_last" in n:
        s += f" Its pillar evenness was {dec(n['evenness_last'])} in {n['evenness_year']}"
        if n.get("dominant") and n.get("dominant_tied"):
            s += f", with {n['dominant']} tied for the largest share"
        elif n.get("dominant"):
            s += f", with the largest share going to {n['dominant']}"
        s += "."
    if "un_top_pillar" in n:
        s += f" In the {n['un_year']} UN General Assembly it voted most often with {n['un_top_pillar']}."
    return s


def validate_period(name: str, start: int, end: int, life: tuple[int, int]) -> None:
    """Refuse a period in which the state was never in the state system."""
    first, last = life
    if end < first or start > last:
        raise InvalidYearError(f"years: {name} was in the state system {first}-{last}; "
                               f"{span(start, end)} lies outside it", "years")


def _igo_sources(ctx: Context) -> list[str]:
    if ctx.extended:
        return [SOURCE_NAMES["cow_igo"], "sourced engagement records of multivector (provisional extended panel)"]
    return [SOURCE_NAMES["cow_igo"]]


# --------------------------------------------------------------------------- extended panel

#: Display names of the non-membership engagement events.
EVENT_LABELS = {"chair": "Chair", "host": "Host", "unsc_seat": "UN Security Council seat",
                "candidate_status": "Candidate status", "bid": "Bid", "partner": "Partner"}


def engagement_timeline(ctx: Context) -> Section:
    """Extended briefs: the non-membership engagements (chairs, hosting, UN Security Council seats, ...) in the
    brief's years, each with its source, and the activism counts per year."""
    import multivector

    sec = Section("engagement_timeline", "Engagements beyond membership (provisional, sourced records)",
                  sources=["sourced engagement records of multivector (each row cites its own source)"])
    sec.reproduce.append(f'mv.engagements("{ctx.abb}")')
    e = multivector.engagements(ctx.ccode)
    if len(e):
        yt = e.year_to.fillna(e.year_from).astype("int64")
        e = e[(e.year_from.astype("int64") <= ctx.end) & (yt >= ctx.start)]
    ctx.numbers["engagement_events"] = [
        {"event": str(r.event), "org": str(r.org), "year_from": int(r.year_from),
         "year_to": None if is_missing(r.year_to) else int(r.year_to), "source_title": str(r.source_title),
         "source_url": str(r.source_url)} for r in e.itertuples()] if len(e) else []
    if e.empty:
        sec.notes.append(f"The records list no chair, hosting, UN Security Council seat, candidacy or bid of {ctx.name} "
                         f"in {span(ctx.start, ctx.end)}.")
    else:
        rows = []
        for r in e.sort_values(["year_from", "date"]).itertuples():
            yrs = str(int(r.year_from)) if is_missing(r.year_to) or int(r.year_to) == int(r.year_from) \
                else f"{int(r.year_from)}-{int(r.year_to)}"
            rows.append([yrs, EVENT_LABELS.get(str(r.event), str(r.event)), f"{r.org_name} ({r.org})", str(r.date),
                         str(r.confidence), f"{r.source_title} <{r.source_url}>"])
        sec.tables.append(Table(["Years", "Engagement", "Organization", "Date", "Confidence", "Source"], rows,
                                "Non-membership engagements from the sourced records; each row names its source."))
        kinds = e.event.astype(str).map(lambda k: EVENT_LABELS.get(k, k))
        counts = kinds.value_counts()
        sec.paragraphs.append(
            f"The records list {plural(len(e), 'engagement')} of {ctx.name} beyond membership in "
            f"{span(ctx.start, ctx.end)}: " + listing([f"{k} ({num(v)})" for k, v in counts.items()]) + "."
        )
    try:
        act = multivector.activism(ctx.ccode, (ctx.start, ctx.end))
    except Exception as exc:  # noqa: BLE001 - the library's own refusal becomes a note
        from multivector._errors import InvalidArgumentError, InvalidYearError

        if not isinstance(exc, (InvalidArgumentError, InvalidYearError)):
            raise
        sec.notes.append(f"No activism measure: {exc}")
        return sec
    sec.reproduce.append(f'mv.activism("{ctx.abb}", ({ctx.start}, {ctx.end}))')
    if len(act) and int(act.total.sum()) > 0:
        total = int(act.total.sum())
        ctx.numbers["activism_total"] = total
        sec.paragraphs.append(
            f"Activism in the records (initiatives, chairs, hosting, bids, candidacies and Security Council seats, "
            f"counted per year, {span(int(act.year.min()), int(act.year.max()))}): {num(total)} in all. It is kept "
            "out of tilt, hedging and evenness."
        )
    return sec


def mark_provisional(sections: list[Section], cow_end: int) -> None:
    """Mark every chart of an extended brief as provisional (title shown above the chart, and its caption)."""
    for s in sections:
        if s.key == "un":  # published votes only
            continue
        for c in s.charts:
            c.title = f"{c.title} (provisional after {cow_end})"
            c.spec = dict(c.spec)
            c.spec["title"] = c.title
            c.caption = (c.caption + " " if c.caption else "") + \
                f"Years after {cow_end}: provisional extended panel (sourced records)."
