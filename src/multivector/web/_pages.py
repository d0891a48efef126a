"""Server-rendered pages of the explorer.

Each page resolves its arguments, calls library functions, hands the
DataFrames to chart specs and templates. Every view is a plain GET URL with
a query string, so any view can be bookmarked and shared.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from multivector._errors import InvalidArgumentError
from multivector import _charts
from multivector.web import _http, _specs
from multivector.web._http import check_work
from multivector.web._search import ccode_of_label, ioname_of_label

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

FromQ = Annotated[int | None, Query(alias="from", ge=0, le=9999)]
ToQ = Annotated[int | None, Query(alias="to", ge=0, le=9999)]
YearQ = Annotated[int | None, Query(ge=0, le=9999)]

#: Portfolio columns offered on the compare page, with their labels.
COMPARE_MEASURES = {
    "full": "Full memberships", "associate": "Associate memberships", "observer": "Observer statuses",
    "joins": "New full memberships (joins)", "exits": "Exits", "political": "Full memberships, political IGOs",
    "social": "Full memberships, social IGOs", "economic": "Full memberships, economic IGOs",
}
#: Balance measures on the compare page -> column of :func:`multivector.balance_panel`.
BALANCE_MEASURES = {"balance": "entropy", "dominant_share": "dominant_share"}
COMPARE_MEASURES.update({"balance": "Balance index (normalised entropy)", "dominant_share": "Share of the dominant pillar"})
MAX_COMPARE = 12


def _render(request: Request, template: str, **context):
    return request.app.state.templates.TemplateResponse(request, template, context)


def footer() -> dict:
    """Names and versions of the data sources, for every page's footer (empty if the data cannot be read)."""
    from multivector._errors import MultivectorError
    from multivector._store import get_store

    try:
        m = get_store().manifest
    except MultivectorError:
        return {"sources": [], "built": ""}
    return {"sources": [(s["name"], s["version"]) for s in m.get("sources", {}).values()], "built": m.get("built", "")}


def _span(first: int, last: int, start: int | None, end: int | None) -> tuple[int, int]:
    """The year range of a view: the request's, else the entity's life within the IGO data."""
    from multivector._store import get_store

    lo, hi = get_store().igo_years
    a = start if start is not None else max(lo, min(first, hi))
    b = end if end is not None else min(hi, max(last, lo))
    return a, b


def spells_text(spells: str) -> str:
    """``"1991-12-26-2016-12-31; ..."`` as ``"from 26 Dec 1991 to 31 Dec 2016; ..."`` for pages.

    Example:
        >>> spells_text("1991-12-26-2016-12-31")
        'from 26 Dec 1991 to 31 Dec 2016'
    """
    import datetime as dt

    out = []
    for part in str(spells).split(";"):
        m = re.fullmatch(r"\s*(\d{4}-\d{2}-\d{2})-(\d{4}-\d{2}-\d{2})\s*", part)
        if not m:
            out.append(part.strip())
            continue
        a, b = (dt.date.fromisoformat(x).strftime("%-d %b %Y") for x in m.groups())
        out.append(f"from {a} to {b}")
    return "; ".join(out)


def code_spans(text: str):
    """Escape ``text`` for HTML and show its `backticked` parts as code (for the API reference page).

    Example:
        >>> str(code_spans("Wraps `multivector.states` <b>"))
        'Wraps <code>multivector.states</code> &lt;b&gt;'
    """
    from markupsafe import Markup, escape

    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


def _chart(chart_id: str, spec: dict) -> dict:
    """A chart for a page: the shared spec, sized to fill its box."""
    return {"id": chart_id, "spec": _charts.sized(spec, width="container", height=240)}


def _records(df) -> list[dict]:
    """A library table as plain JSON values for a template (missing -> None, never a pandas NA)."""
    import json

    from multivector.web._http import records_json

    return json.loads(records_json(df))


def _row(df, key: str, value) -> dict:
    """One row of a library table as plain JSON values (missing -> None)."""
    import json

    from multivector.web._http import records_json

    return json.loads(records_json(df[df[key] == value]))[0]


def error_links(error: dict) -> list[tuple[str, str]]:
    """Links for an error page: the suggested states or organizations."""
    out = []
    for s in error.get("suggestions", []):
        c = ccode_of_label(s)
        if c is not None:
            out.append((s, f"/state/{c}"))
        elif (io := ioname_of_label(s)):
            out.append((s, f"/organization/{io}"))
    return out


# ---------------------------------------------------------------- home and search

@router.get("/")
def home(request: Request):
    from multivector._store import get_store

    m = get_store().manifest
    return _render(request, "home.html", coverage=m.get("coverage", {}))


@router.get("/search")
def search_page(request: Request, q: Annotated[str, Query(max_length=200)] = ""):
    from multivector.web._search import search

    result = search(q)
    hits = result["states"] + result["organizations"]
    if len(hits) == 1:
        return RedirectResponse(hits[0]["url"], status_code=303)
    return _render(request, "search.html", q=q, result=result)


# ---------------------------------------------------------------- state

CHANNELS = {"institutional": "Institutional (IGO memberships)", "diplomatic": "Diplomatic (UN votes)"}
PILLAR_KEY = re.compile(r"^[a-z_]{1,40}$")


def _check_range(start: int | None, end: int | None) -> tuple[int, int, int, int]:
    """Validate a page's from/to against the union of the IGO and UN data; return both coverages."""
    from multivector._errors import InvalidYearError
    from multivector._store import get_store

    store = get_store()
    (ilo, ihi), (ulo, uhi) = store.igo_years, store.un_years
    lo, hi = min(ilo, ulo), max(ihi, uhi)
    for arg, v in (("from", start), ("to", end)):
        if v is not None and not lo <= v <= hi:
            raise InvalidYearError(f"{arg}: {v} is outside the data ({lo}-{hi}: IGO memberships to {ihi}, UN votes to {uhi})", arg)
    if start is not None and end is not None and start > end:
        raise InvalidYearError(f"from: start year {start} is after end year {end}", "from")
    return ilo, ihi, ulo, uhi


def _pillar_arg(pillars: list[str]) -> str | None:
    """Checked pillar keys from the page's check boxes (keys only, never a file name)."""
    keys = [k.strip().lower() for k in pillars if k.strip()]
    bad = [k for k in keys if not PILLAR_KEY.match(k)]
    if bad:
        raise InvalidArgumentError(f"pillars: {bad[0]!r} is not a pillar key", "pillars")
    return ",".join(dict.fromkeys(keys)) or None


@router.get("/state/{state}")
def state_page(request: Request, state: str, start: FromQ = None, end: ToQ = None, year: YearQ = None,
               channel: Annotated[str, Query(max_length=20)] = "institutional",
               pillars: Annotated[list[str], Query(max_length=40)] = []):  # noqa: B006 - FastAPI copies defaults
    import pandas as pd

    from multivector import portfolio, resolve_state, state_memberships
    from multivector._balance import alignment, balance
    from multivector._pillars import pillar_table
    from multivector._resolve import state_label
    from multivector._signatures import engagements_by_category

    if channel not in CHANNELS:
        raise InvalidArgumentError(f"channel: unknown channel {channel!r}; valid: {', '.join(CHANNELS)}", "channel")
    ilo, ihi, ulo, uhi = _check_range(start, end)
    ccode = resolve_state(state)
    info = _row(_http.states_table(), "ccode", ccode)
    pkeys = _pillar_arg(pillars)
    all_pillars = pillar_table()
    names = dict(zip(pillar_table(pkeys).pillar, pillar_table(pkeys).name))
    # the range: the request's, else the state's life within the channel's data
    chi = ihi if channel == "institutional" else uhi
    a = start if start is not None else max(info["first_year"], ilo if channel == "institutional" else ulo)
    b = end if end is not None else (min(info["last_year"], ihi) if channel == "institutional"
                                     else (uhi if info["last_year"] >= ihi else info["last_year"]))
    if start is None:
        a = min(a, chi)
    charts, notices = [], []
    igo = (max(a, ilo), min(b, ihi))
    pf = portfolio(ccode, igo) if igo[0] <= igo[1] else portfolio(ccode, ihi).iloc[0:0]
    if len(pf):
        charts += [
            _chart("chart-memberships", _charts.memberships_by_status(pf, title=f"{info['statenme']}: memberships in IGOs")),
            _chart("chart-types", _charts.memberships_by_type(pf)),
            _chart("chart-changes", _charts.joins_exits(pf)),
        ]
        eng = engagements_by_category(ccode, igo, pkeys)
        cats = [c for c in eng.columns if c not in ("ccode", "year", "full", "own_initiatives")]
        long = eng.melt(id_vars="year", value_vars=cats, var_name="category", value_name="n")
        charts.append(_chart("chart-categories", _charts.engagements_by_category(
            long, order=cats, title="Full memberships by category of organization")))
    else:
        notices.append(f"No IGO membership data for {info['statenme']} between {a} and {b} (IGO data {ilo}-{ihi}).")
    span = igo if channel == "institutional" else (max(a, ulo), min(b, uhi))
    bal = balance(ccode, span, channel=channel, pillars=pkeys, bootstrap=200, seed=1) if span[0] <= span[1] else None
    if bal is not None and bal.entropy.notna().any():
        al = alignment(ccode, span, channel=channel, pillars=pkeys)
        al = al[al.considered].assign(pillar=lambda d: d.pillar.map(names).fillna(d.pillar))
        order = [names[k] for k in names if names[k] in set(al.pillar)]
        charts.append(_chart("chart-balance", _charts.balance_index(
            bal, value="entropy", lower="entropy_lo", upper="entropy_hi", label="Balance (normalised entropy)",
            title=f"Balance among the pillars ({CHANNELS[channel].split(' (')[0].lower()} channel)")))
        charts.append(_chart("chart-alignment", _charts.alignment_shares(al, order=order)))
        if channel == "diplomatic":
            charts.append(_chart("chart-un", _charts.un_agreement(al, order=order)))
    else:
        hint = " (the IGO data end in 2014: choose the diplomatic channel for later years)" if channel == "institutional" and b > ihi else ""
        notices.append(f"No balance figures for {info['statenme']} between {a} and {b} on the {channel} channel{hint}.")
    table_year = year if year is not None else (int(pf.year.max()) if len(pf) else None)
    members = (state_memberships(ccode, table_year, status=("full", "associate", "observer"))
               if table_year is not None else pd.DataFrame(columns=["ioname", "orgname", "status_label"]))
    from multivector import engagements

    eng_rows = _records(engagements(ccode))
    pq = f"&pillars={pkeys}" if pkeys else ""
    return _render(request, "state.html", ccode=ccode, label=state_label(ccode), info=info, start=a, end=b,
                   charts=charts, notices=notices, members=_records(members), table_year=table_year, channel=channel,
                   engagements=eng_rows,
                   channels=CHANNELS, pillar_choices=list(zip(all_pillars.pillar, all_pillars.name)),
                   chosen=set(pkeys.split(",")) if pkeys else set(all_pillars.pillar),
                   api={"portfolio": f"/api/states/{ccode}/portfolio?{urlencode({'from': igo[0], 'to': igo[1]})}",
                        "engagements": f"/api/states/{ccode}/engagements",
                        "brief": f"/api/states/{ccode}/brief?{urlencode({'from': igo[0], 'to': igo[1]})}",
                        "balance": f"/api/states/{ccode}/balance?{urlencode({'from': span[0], 'to': span[1], 'channel': channel})}{pq}",
                        "memberships": f"/api/states/{ccode}/memberships?year={table_year}&status=full,associate,observer"})


# ---------------------------------------------------------------- organization

@router.get("/organization/{org}")
def organization_page(request: Request, org: str, start: FromQ = None, end: ToQ = None, year: YearQ = None):
    from multivector import organization_members, organization_summary, organizations, resolve_organization
    from multivector._resolve import org_index

    io = resolve_organization(org)
    info = _row(organizations(), "ioname", io)
    a, b = _span(info["first_year"] or 1816, info["last_year"] or 2014, start, end)
    summary = organization_summary(io, (a, b))
    counts = summary[["year", "full", "associate", "observer"]].melt(id_vars="year", var_name="status_label", value_name="states")
    counts = counts[counts.states > 0]
    with_members = summary[summary[["full", "associate", "observer"]].sum(axis=1) > 0]
    table_year = year if year is not None else (int(with_members.year.max()) if len(with_members) else b)
    in_year = organization_members(io, table_year, status=("full", "associate", "observer"))
    charts = []
    if len(counts):
        charts.append(_chart("chart-members", _specs.stacked_bars(
            counts, category="status_label", value="states", title=f"{io.upper()}: member states by year",
            y_title="States", sort=["full", "associate", "observer"])))
    from multivector._signatures import CATEGORIES, organization_signatures

    sig = organization_signatures((a, b))
    sig = sig[sig.ioname == io].assign(signature=lambda d: d.signature.replace("", "none"),
                                       category=lambda d: d.category.fillna("unknown"))
    if len(sig):
        charts.append(_chart("chart-category", _specs.category_strip(
            sig, title=f"{io.upper()}: category by year (from the pillars among its full members)",
            order=[c for c in (*CATEGORIES, "unknown") if c in set(sig.category)])))
    q = urlencode({"from": a, "to": b})
    return _render(request, "organization.html", io=io, label=org_index().label(io), info=info, start=a, end=b,
                   charts=charts, members=_records(in_year), table_year=table_year,
                   signature=sig[sig.year == table_year].iloc[0].to_dict() if (sig.year == table_year).any() else None,
                   api={"members": f"/api/organizations/{io}/members?{q}", "detail": f"/api/organizations/{io}",
                        "signature": f"/api/organizations/{io}/signature?{q}"})


# ---------------------------------------------------------------- compare

@router.get("/compare")
def compare_page(request: Request, states: Annotated[str, Query(max_length=500)] = "", start: FromQ = None,
                 end: ToQ = None, measure: Annotated[str, Query(max_length=40)] = "full",
                 channel: Annotated[str, Query(max_length=20)] = "institutional"):
    import pandas as pd

    from multivector import portfolio, resolve_states
    from multivector._balance import balance_panel
    from multivector._errors import MultivectorError
    from multivector._peers import compare, peer_group, peer_groups
    from multivector._resolve import state_label

    if measure not in COMPARE_MEASURES:
        raise InvalidArgumentError(f"measure: unknown measure {measure!r}; valid: {', '.join(COMPARE_MEASURES)}", "measure")
    if channel not in CHANNELS:
        raise InvalidArgumentError(f"channel: unknown channel {channel!r}; valid: {', '.join(CHANNELS)}", "channel")
    ilo, ihi, ulo, uhi = _check_range(start, end)
    balance_measure = measure in BALANCE_MEASURES
    chi = uhi if (balance_measure and channel == "diplomatic") else ihi
    a = start if start is not None else 1991
    b = end if end is not None else chi
    groups = peer_groups()
    text = states.strip()
    ccodes: list[int] = []
    if text and "," not in text and text.lower() in set(groups.group):
        try:
            ccodes = peer_group(text.lower(), min(b, ihi))
        except MultivectorError:
            ccodes = []
    elif text:
        ccodes = resolve_states(text)
    if len(ccodes) > MAX_COMPARE:
        raise InvalidArgumentError(f"states: at most {MAX_COMPARE} states on one chart (got {len(ccodes)})", "states")
    check_work(years=b - a + 1, states=max(1, len(ccodes)))
    labels = [state_label(c) for c in ccodes]
    charts, summary = [], None
    span = (max(a, ulo if chi == uhi else ilo), min(b, chi))
    if ccodes and span[0] <= span[1]:
        if balance_measure:
            df = balance_panel(ccodes, span, channel=channel, bootstrap=0)
            df = df.assign(state=df.ccode.map(dict(zip(ccodes, labels))))
        else:
            df = pd.concat([portfolio(c, span).assign(state=lab) for c, lab in zip(ccodes, labels)], ignore_index=True)
        col = BALANCE_MEASURES.get(measure, measure)
        if len(df):
            charts.append(_chart("chart-compare", _charts.peer_comparison(
                df, focus=labels[0], value=col, y_title=COMPARE_MEASURES[measure],
                title=f"{COMPARE_MEASURES[measure]}, {span[0]}-{span[1]}")))
        igo = (max(a, ilo), min(b, ihi))
        if igo[0] <= igo[1]:
            summary = _records(compare(ccodes, igo, channel=channel))
    return _render(request, "compare.html", states=states, ccodes=ccodes, labels=labels, start=a, end=b,
                   measure=measure, measures=COMPARE_MEASURES, channel=channel, channels=CHANNELS, charts=charts,
                   summary=summary, groups=list(zip(groups.group, groups.description)),
                   api=f"/api/compare?{urlencode({'states': ','.join(map(str, ccodes)), 'from': max(a, ilo), 'to': min(b, ihi), 'channel': channel})}")


# ---------------------------------------------------------------- dyad

@router.get("/dyad")
def dyad_page(request: Request, a: Annotated[str, Query(max_length=100)] = "", b: Annotated[str, Query(max_length=100)] = "",
              start: FromQ = None, end: ToQ = None, year: YearQ = None):
    from multivector import resolve_state
    from multivector._dyads import dyad_members, dyads
    from multivector._resolve import state_label
    from multivector._store import get_store

    ca = resolve_state(a) if a.strip() else None
    cb = resolve_state(b) if b.strip() else None
    ctx = {"a": a, "b": b, "ca": ca, "cb": cb, "start": start, "end": end, "charts": [], "shared": None,
           "table_year": None, "label_a": "", "label_b": "", "notice": ""}
    if ca is None or cb is None:
        return _render(request, "dyad.html", **ctx)
    if ca == cb:
        raise InvalidArgumentError("b: a state paired with itself is not a dyad; choose two different states", "b")
    from multivector._errors import InvalidYearError
    from multivector._unvotes import un_agreement

    store = get_store()
    (ilo, ihi), (ulo, uhi) = store.igo_years, store.un_years
    lo, hi = min(ilo, ulo), max(ihi, uhi)
    for arg, v in (("from", start), ("to", end)):
        if v is not None and not lo <= v <= hi:
            raise InvalidYearError(f"{arg}: {v} is outside the data ({lo}-{hi}: IGO memberships to {ihi}, UN votes to {uhi})", arg)
    st = _http.states_table()
    ia, ib = _row(st, "ccode", ca), _row(st, "ccode", cb)
    s0 = start if start is not None else max(ia["first_year"], ib["first_year"], lo)
    e0 = end if end is not None else hi
    if s0 > e0:
        raise InvalidYearError(f"from: start year {s0} is after end year {e0}", "from")
    ctx.update(label_a=state_label(ca), label_b=state_label(cb), start=s0, end=e0)
    notices = []
    igo = (max(s0, ilo), min(e0, ihi))
    d = dyads(igo, [ca, cb], measures=("joint", "table", "s", "kappa", "jaccard")) if igo[0] <= igo[1] else None
    if d is not None and len(d):
        ctx["charts"] = [
            _chart("chart-joint", _specs.lines(d, {"joint": "Joint memberships", "n11": "Both full members"},
                                               title="Shared organizations", y_title="Organizations")),
            _chart("chart-similarity", _specs.lines(d, {"s": "S", "kappa": "Kappa", "jaccard": "Jaccard"},
                                                    title="Similarity of the two portfolios", y_title="Similarity")),
        ]
        ty = year if year is not None else int(d.year.max())
        m = dyad_members(ca, cb, ty)
        ctx.update(table_year=ty, shared=_records(m[m.dyad_status == "joint"]))
        ctx["api"] = {"dyads": f"/api/dyads?{urlencode({'states': f'{ca},{cb}', 'from': igo[0], 'to': igo[1]})}",
                      "members": f"/api/dyads/members?{urlencode({'a': ca, 'b': cb, 'year': ty})}"}
    else:
        notices.append(f"No IGO data for both states between {s0} and {e0} (IGO data {ilo}-{ihi}).")
    un_span = (max(s0, ulo), min(e0, uhi))
    un = un_agreement(un_span, states=[ca, cb]) if un_span[0] <= un_span[1] else None
    if un is not None and len(un):
        ctx["charts"].append(_chart("chart-un", _charts.un_agreement(
            un.assign(pillar=ib["statenme"]),
            title=f"{ia['statenme']}: agreement with {ib['statenme']} in UN General Assembly votes")))
        ctx.setdefault("api", {})["un"] = f"/api/un-agreement?{urlencode({'states': f'{ca},{cb}', 'from': un_span[0], 'to': un_span[1]})}"
    else:
        notices.append(f"No UN General Assembly session between {s0} and {e0} in which both states voted (UN data {ulo}-{uhi}).")
    ctx["notice"] = " ".join(notices)
    return _render(request, "dyad.html", **ctx)


# ---------------------------------------------------------------- what if

@router.get("/whatif")
def whatif_page(request: Request, state: Annotated[str, Query(max_length=100)] = "",
                year: YearQ = None, join: Annotated[str, Query(max_length=500)] = "",
                leave: Annotated[str, Query(max_length=500)] = ""):
    from multivector import resolve_state, scenario
    from multivector._resolve import state_label
    from multivector.web._api import _org_list

    ctx = {"state": state, "year": year, "join": join, "leave": leave, "rows": None, "summary": "", "label": ""}
    if state.strip():
        ccode = resolve_state(state)
        ctx["label"] = state_label(ccode)
        if year is None:
            raise InvalidArgumentError("year: give the year whose portfolio changes (e.g. 2014)", "year")
        joins, leaves = _org_list(join, "join"), _org_list(leave, "leave")
        if not joins and not leaves:
            raise InvalidArgumentError("join: name at least one organization to join or to leave (e.g. OECD)", "join")
        df = scenario(ccode, year, join=joins, leave=leaves)
        ctx.update(rows=_records(df), summary=df.attrs.get("summary", ""), ccode=ccode,
                   api=f"/api/states/{ccode}/scenario?{urlencode({'year': year, 'join': join, 'leave': leave})}")
    return _render(request, "whatif.html", **ctx)


# ---------------------------------------------------------------- API reference

@router.get("/api")
def api_reference(request: Request):
    spec = request.app.openapi()
    ops = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "description": op.get("description", ""),
                        "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                        "description": p.get("description", "")} for p in op.get("parameters", [])]})
    return _render(request, "api.html", ops=ops, info=spec["info"])
