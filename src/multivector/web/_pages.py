"""Server-rendered pages of the explorer.

Each page resolves its arguments, calls library functions, hands the
DataFrames to chart specs and templates. Every view is a plain GET URL with
a query string, so any view can be bookmarked and shared.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from multivector._errors import InvalidArgumentError
from multivector._random import DEFAULT_REPLICATES, DEFAULT_SEED
from multivector.charts import _palette
from multivector.charts import _specs as _charts
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
#: Alignment measures on the compare page -> (column, function): pillar evenness and the dominant share come
#: from :func:`multivector.evenness`, tilt and hedging from :func:`multivector.hedging`.
ALIGNMENT_MEASURES = {"tilt": "tilt", "hedging": "hedging", "evenness": "evenness", "dominant_share": "dominant_share"}
COMPARE_MEASURES.update({"tilt": "Tilt between the poles (-1 East, +1 West)", "hedging": "Hedging (0 to 1)",
                         "evenness": "Pillar evenness (normalised entropy)", "dominant_share": "Share of the dominant pillar"})
MAX_COMPARE = 12


#: A state or organization named in a page's path or form: the same cap as the API's (an unknown 100 KB name was
#: echoed into a 101 KB error page).
NamePath = Annotated[str, Path(min_length=1, max_length=_http.MAX_NAME_LENGTH)]
NameQ = Annotated[str, Query(max_length=_http.MAX_NAME_LENGTH)]


def _render(request: Request, template: str, **context):
    return request.app.state.templates.TemplateResponse(request, template, context)


def footer() -> dict:
    """Names and versions of the data sources, for every page's footer (empty if the data cannot be read)."""
    from multivector._errors import MultivectorError
    from multivector.data._store import get_store

    try:
        m = get_store().manifest
    except MultivectorError:
        return {"sources": [], "built": ""}
    return {"sources": [(s["name"], s["version"]) for s in m.get("sources", {}).values()], "built": m.get("built", "")}


def _span(first: int, last: int, start: int | None, end: int | None) -> tuple[int, int]:
    """The year range of a view: the request's, else the entity's life within the IGO data."""
    from multivector.data._store import get_store

    lo, hi = get_store().igo_years
    a = start if start is not None else max(lo, min(first, hi))
    b = end if end is not None else min(hi, max(last, lo))
    return a, b


def _unless_outside_life(notices: list[str], call, *args, **kwargs):
    """Call a library function; when it refuses a question outside a state's or an organization's life
    (:class:`InvalidYearError` naming the life, docs/methodology.md), add that sentence to the page's
    notices and return None, so the page still shows what it can and the form to change the years.

    The pages check the requested years against the data before, so the errors caught here are the
    library's life checks."""
    from multivector._errors import InvalidYearError

    try:
        return call(*args, **kwargs)
    except InvalidYearError as exc:
        text = str(exc).split(": ", 1)[1] if exc.argument and str(exc).startswith(f"{exc.argument}: ") else str(exc)
        notices.append(text[:1].upper() + text[1:] + ("" if text.endswith((".", "?")) else "."))
        return None


#: The last day of the COW state-system list: a spell ending then has not ended, the list has.
LIST_END = "2016-12-31"


def spells_text(spells: str) -> str:
    """``"1991-12-26-2016-12-31; ..."`` as ``"since 26 Dec 1991 (the COW list runs to 31 Dec 2016)"`` for pages.

    A spell that ends on the last day of the COW list is not an end of the
    state: it reads "since", and the list's end is named once.

    Example:
        >>> spells_text("1991-12-26-2016-12-31")
        'since 26 Dec 1991 (the COW list runs to 31 Dec 2016)'
        >>> spells_text("1954-09-20-1990-10-02")
        'from 20 Sep 1954 to 2 Oct 1990'
    """
    import datetime as dt

    out = []
    for part in str(spells).split(";"):
        m = re.fullmatch(r"\s*(\d{4}-\d{2}-\d{2})-(\d{4}-\d{2}-\d{2})\s*", part)
        if not m:
            out.append(part.strip())
            continue
        a, b = (dt.date.fromisoformat(x).strftime("%-d %b %Y") for x in m.groups())
        out.append(f"since {a} (the COW list runs to {b})" if m.group(2) == LIST_END else f"from {a} to {b}")
    return "; ".join(out)


def code_spans(text: str):
    """Escape ``text`` for HTML and show its `backticked` parts as code (for the API reference page).

    Example:
        >>> str(code_spans("Wraps `multivector.states` <b>"))
        'Wraps <code>multivector.states</code> &lt;b&gt;'
    """
    from markupsafe import Markup, escape

    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


#: The note shown on every view computed from the provisional extended panel.
PROVISIONAL_NOTE = "Provisional: after 2014 these figures come from sourced records, not from the COW data."


def _ideal_point_chart(notices: list, ccode: int, span: tuple[int, int]) -> dict:
    """The state's estimated UN ideal point with the poles' (the first request fits the model: seconds)."""
    import pandas as pd

    from multivector.charts._idealpoints import ideal_point_chart
    from multivector.measures._ideal_poles import ideal_points_with_poles

    d = _unless_outside_life(notices, ideal_points_with_poles, ccode, span)
    if d is None:
        d = pd.DataFrame(columns=["series", "role", "year", "ideal_point", "ideal_point_lo", "ideal_point_hi"])
    return _chart("chart-ideal-point", ideal_point_chart(d), source="un-ideal")


#: Source lines under the charts, by the data they draw.
SOURCES = {
    "igo": "Source: Correlates of War IGO data v3 (Pevehouse et al. 2020).",
    "un": "Source: UN General Assembly votes (Voeten, Strezhnev and Bailey), as published.",
    "records": "Source: sourced records compiled for multivector (provisional; each row cites its source).",
    "igo+records": "Source: COW IGO data v3 to 2014, then sourced records (provisional).",
    "un-ideal": "Source: ideal points estimated here from the UN General Assembly votes (Voeten, Strezhnev and Bailey); "
                "method in docs/methodology.md, 'UN ideal points'.",
}


def _chart(chart_id: str, spec: dict, provisional: bool = False, source: str = "igo") -> dict:
    """A chart for a page: the shared spec sized to fill its box, its data as a table (for the Table view and screen
    readers), a one-sentence reading and its source line; provisional charts say so in title and description."""
    spec = _charts.sized(spec, width="container", height=240)
    if provisional:
        spec = dict(spec)
        if isinstance(spec.get("title"), str):
            spec["title"] += " (provisional after 2014)"
        spec["description"] = f"{spec.get('description', '')} {PROVISIONAL_NOTE}".strip()
        source = "igo+records" if source == "igo" else source
    title = spec.get("title") if isinstance(spec.get("title"), str) else chart_id
    spec = _charts.wrap_title(spec, 38)  # fits a phone's width; the full title stays in the table caption
    return {"id": chart_id, "spec": spec, "title": title, "table": _charts.table_of(spec),
            "reading": _charts.reading(spec), "source": SOURCES.get(source, source)}


def _gap_years(ccode: int, years: tuple[int, int]) -> dict[int, str]:
    """Years of the COW data in which the state's memberships fall through a coding gap -> the organizations."""
    from multivector import coding_gaps
    from multivector.data._store import get_store

    hi = min(years[1], get_store().igo_years[1])
    if years[0] > hi:
        return {}
    g = coding_gaps(ccode, (years[0], hi))
    return {int(y): ", ".join(d.ioname.str.upper()) for y, d in g.groupby("year")}


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
    from multivector.data._store import get_store

    m = get_store().manifest
    return _render(request, "home.html", coverage=m.get("coverage", {}))


#: Results per kind on the search page; "all" shows up to this many.
SEARCH_LIMIT, SEARCH_ALL = 8, 200


@router.get("/search")
def search_page(request: Request, q: Annotated[str, Query(max_length=200)] = "", all: bool = False):  # noqa: A002
    from multivector.web._search import search

    result = search(q, limit=SEARCH_ALL if all else SEARCH_LIMIT)
    hits = result["states"] + result["organizations"]
    if len(hits) == 1:
        hit = hits[0]
        url = hit["url"]
        if _searched_differs(q, hit):  # a typo or a code: the page says what it shows instead
            url += "?" + urlencode({"searched": q.strip()})
        return RedirectResponse(url, status_code=303)
    return _render(request, "search.html", q=q, result=result, all=all)


def _searched_differs(q: str, hit: dict) -> bool:
    """True when the search text is not simply the name of what it found (so the page should say what it shows)."""
    from multivector.engine._resolve import _norm

    name = hit["label"].split(" (")[0] if hit["kind"] == "state" else hit["id"]
    return _norm(q) != _norm(name)


def searched_note(searched: str, shown: str) -> str:
    """The line a page shows after a search redirected to it: "Showing results for X (you searched for 'y')".

    Example:
        >>> searched_note("Kazakstan", "Kazakhstan")
        'Showing results for Kazakhstan (you searched for “Kazakstan”).'
    """
    searched = (searched or "").strip()[:200]
    return f"Showing results for {shown} (you searched for “{searched}”)." if searched else ""


# ---------------------------------------------------------------- state

CHANNELS = {"institutional": "Institutional (IGO memberships)", "diplomatic": "Diplomatic (UN votes)"}
PILLAR_KEY = re.compile(r"^[a-z_]{1,40}$")


def _check_range(start: int | None, end: int | None, extended: bool = False) -> tuple[int, int, int, int]:
    """Validate a page's from/to against the union of the IGO and UN data (or the extended panel); return both coverages.

    With ``extended`` the IGO coverage returned is the provisional extended panel's."""
    from multivector._errors import InvalidYearError
    from multivector.engine._extended import extended_coverage
    from multivector.data._store import get_store

    store = get_store()
    (ilo, ihi), (ulo, uhi) = store.igo_years, store.un_years
    ehi = extended_coverage()[1]
    if extended:
        ihi = ehi
    lo, hi = min(ilo, ulo), max(ihi, uhi)
    for arg, v in (("from", start), ("to", end)):
        if v is not None and not lo <= v <= hi:
            hint = "" if extended or not hi < v <= ehi else f"; tick 'Extended panel' for provisional IGO figures to {ehi}"
            raise InvalidYearError(f"{arg}: {v} is outside the data ({lo}-{hi}: IGO memberships to {ihi}, UN votes to {uhi}){hint}", arg)
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
def state_page(request: Request, state: NamePath, start: FromQ = None, end: ToQ = None, year: YearQ = None,
               channel: Annotated[str, Query(max_length=20)] = "institutional",
               pillars: Annotated[list[str], Query(max_length=40)] = [],  # noqa: B006 - FastAPI copies defaults
               extended: bool = False, searched: Annotated[str, Query(max_length=200)] = ""):
    import pandas as pd

    from multivector import (engagements, extended_memberships, portfolio, record_organizations, resolve_state,
                             state_memberships)
    from multivector.measures._evenness import alignment, evenness
    from multivector.measures._hedging import hedging
    from multivector.engine._extended import EXTENDED_NOTE, completeness_note, extended_coverage
    from multivector.measures._pillars import pillar_table
    from multivector.engine._resolve import state_label
    from multivector.measures._signatures import engagements_by_category
    from multivector.data._store import get_store

    if channel not in CHANNELS:
        raise InvalidArgumentError(f"channel: unknown channel {channel!r}; valid: {', '.join(CHANNELS)}", "channel")
    ilo, ihi, ulo, uhi = _check_range(start, end, extended)
    ccode = resolve_state(state)
    info = _row(_http.states_table(), "ccode", ccode)
    pkeys = _pillar_arg(pillars)
    all_pillars = pillar_table()
    names = dict(zip(pillar_table(pkeys).pillar, pillar_table(pkeys).name))
    # the range: the request's, else the state's life within the channel's data
    chi = ihi if channel == "institutional" else uhi
    a = start if start is not None else max(info["first_year"], ilo if channel == "institutional" else ulo)
    cow_last = get_store().igo_years[1]
    alive_at_end = info["last_year"] >= cow_last  # in the system at the end of the COW data: carried on to later data
    if end is not None:
        b = end
    else:
        b = (ihi if channel == "institutional" else uhi) if alive_at_end else info["last_year"]
    if start is None:
        a = min(a, chi)
    charts, notices = [], []
    igo = (max(a, ilo), min(b, ihi))
    pf = _unless_outside_life(notices, portfolio, ccode, igo, extended=extended) if igo[0] <= igo[1] else None
    if pf is None:
        pf = pd.DataFrame({"year": pd.Series(dtype="int64")})
    # provisional: the view reaches into the extended panel's years (after the COW data)
    prov = extended and igo[1] > cow_last
    if extended and igo[0] <= min(igo[1], cow_last):
        from multivector.engine._gaps import extended_note

        note = extended_note(ccode, (igo[0], min(igo[1], cow_last)))
        if note:  # the toggle changes published years too: say exactly what and why
            notices.append(note)
    if len(pf):
        charts += [
            _chart("chart-memberships", _charts.mark_gaps(
                _charts.memberships_by_status(pf, title=f"{info['statenme']}: memberships in IGOs"),
                _gap_years(ccode, igo)), prov),
            _chart("chart-types", _charts.memberships_by_type(pf), prov),
            _chart("chart-changes", _charts.joins_exits(pf), prov),
        ]
        eng = engagements_by_category(ccode, igo, pkeys, extended=extended)
        cats = [c for c in eng.columns if c not in ("ccode", "year", "full", "own_initiatives")]
        long = eng.melt(id_vars="year", value_vars=cats, var_name="category", value_name="n")
        charts.append(_chart("chart-categories", _charts.engagements_by_category(
            long, order=cats, title="Full memberships by category of organization"), prov))
    elif not notices:
        notices.append(f"No IGO membership data for {info['statenme']} between {a} and {b} (IGO data {ilo}-{ihi}).")
    span = igo if channel == "institutional" else (max(a, ulo), min(b, uhi))
    ext_bal = extended and channel == "institutional"  # UN votes are published data: the extension is for memberships only
    if extended and channel == "diplomatic":
        notices.append("The extended panel covers IGO memberships; the pillar charts use UN votes, published data to "
                       f"{uhi}, and are not provisional.")
    # tilt and hedging between the poles (one hedging call): hedging needs the security data (ATOP to 2018,
    # carried forward to 2025 in the extended panel), so the charts end where those data end
    from multivector.measures._alignment import channel_coverage

    acov = channel_coverage("security", extended)
    aspan = (max(a, 1816), min(b, acov[1]))
    said = [] if notices else notices  # the life sentence once
    hd = _unless_outside_life(said, hedging, ccode, aspan, extended=extended) if aspan[0] <= aspan[1] else None
    if hd is not None and len(hd):
        hprov = bool(hd.provisional.any())
        charts.append(_chart("chart-tilt", _charts.balance_index(
            hd, value="tilt", lower="tilt_lo", upper="tilt_hi", label="Tilt", domain=(-1, 1),
            reading="-1 wholly with Russia and China, 0 where the average state stands, +1 wholly with the United States and the EU",
            title="Tilt between West and East"), hprov))
        charts.append(_chart("chart-hedging", _charts.balance_index(
            hd, value="hedging", lower="hedging_lo", upper="hedging_hi", label="Hedging",
            reading="0 committed to a pole or clearly on one side, 1 engages both poles and is committed to neither",
            title="Hedging between West and East"), hprov))
    why: list[str] = []  # the life sentence, said once
    bal = (_unless_outside_life(why, evenness, ccode, span, channel=channel, pillars=pkeys, extended=ext_bal)  # default seed
           if span[0] <= span[1] else None)
    if why and not notices:
        notices.extend(why)
    bprov = ext_bal and span[1] > cow_last
    if bal is not None and bal.evenness.notna().any():
        al = alignment(ccode, span, channel=channel, pillars=pkeys, extended=ext_bal)
        al = al[al.considered].assign(pillar=lambda d: d.pillar.map(names).fillna(d.pillar))
        order = [names[k] for k in names if names[k] in set(al.pillar)]
        charts.append(_chart("chart-evenness", _charts.balance_index(
            bal, value="evenness", lower="evenness_lo", upper="evenness_hi", label="Pillar evenness",
            chance=("chance_lo", "chance_hi"),
            title=f"Pillar evenness ({'memberships' if channel == 'institutional' else 'UN votes'})"), bprov,
            source="igo" if channel == "institutional" else "un"))
        charts.append(_chart("chart-alignment", _charts.alignment_shares(al, order=order, channel=channel), bprov,
                             source="igo" if channel == "institutional" else "un"))
        if channel == "diplomatic":
            charts.append(_chart("chart-un", _charts.un_agreement(al, order=order), source="un"))
            charts.append(_ideal_point_chart(notices, ccode, span))
    elif not why:  # outside the state's life the notice already says why
        hint = (f" (the IGO data end in {ihi}: choose the diplomatic channel or the extended panel for later years)"
                if channel == "institutional" and b > ihi else "")
        notices.append(f"No pillar evenness for {info['statenme']} between {a} and {b} on the {channel} channel{hint}.")
    table_year = year if year is not None else (int(pf.year.max()) if len(pf) else None)
    statuses = ("full", "associate", "observer")
    members = None
    if table_year is not None:
        members = _unless_outside_life(notices, extended_memberships if extended else state_memberships, ccode,
                                       table_year, status=statuses)
    if members is None:
        members = pd.DataFrame(columns=["ioname", "orgname", "status_label"])
    eng = engagements(ccode)
    if len(eng):
        charts_eng = [_chart("chart-engagements", _specs.engagement_timeline(
            eng, title=f"{info['statenme']}: chairs, hosting, Security Council seats and other engagements"), source="records")]
    else:
        charts_eng = []
    pq = f"&pillars={pkeys}" if pkeys else ""
    eq = "&extended=true" if extended else ""
    whatif_year = table_year if table_year is not None else min(b, ihi)
    return _render(request, "state.html", ccode=ccode, label=state_label(ccode), info=info, start=a, end=b,
                   searched=searched_note(searched, info["statenme"]),
                   charts=charts, notices=notices, members=_records(members), table_year=table_year, channel=channel,
                   bootstrap={"replicates": DEFAULT_REPLICATES, "seed": DEFAULT_SEED},
                   engagements=_records(eng), engagement_charts=charts_eng, extended=extended,
                   provisional=extended, provisional_note=PROVISIONAL_NOTE,
                   extended_note=EXTENDED_NOTE.removeprefix("Provisional: ").replace("years", "Years", 1),
                   completeness=completeness_note(ccode) if extended else "",
                   cow_last=cow_last, ext_last=extended_coverage()[1], un_last=uhi, year_max=max(ihi, uhi),
                   record_orgs=set(record_organizations().ioname) if extended else set(),
                   whatif={"year": whatif_year, "url": f"/whatif?{urlencode({'state': ccode, 'year': whatif_year})}"},
                   channels=CHANNELS, pillar_choices=list(zip(all_pillars.pillar, all_pillars.name)),
                   chosen=set(pkeys.split(",")) if pkeys else set(all_pillars.pillar),
                   api={"portfolio": f"/api/states/{ccode}/portfolio?{urlencode({'from': igo[0], 'to': igo[1]})}{eq}",
                        "engagements": f"/api/states/{ccode}/engagements",
                        "brief": f"/api/states/{ccode}/brief?"
                                 f"{urlencode({'from': igo[0], 'to': igo[1] if extended else min(igo[1], cow_last)})}{eq}",
                        "evenness": f"/api/states/{ccode}/evenness?{urlencode({'from': span[0], 'to': span[1], 'channel': channel})}{pq}",
                        "hedging": f"/api/states/{ccode}/hedging?{urlencode({'from': aspan[0], 'to': aspan[1]})}{eq}",
                        "tilt": f"/api/states/{ccode}/tilt?{urlencode({'from': aspan[0], 'to': aspan[1], 'channel': 'all'})}{eq}"
                                   f"{eq if ext_bal else ''}",
                        "memberships": f"/api/states/{ccode}/memberships?year={table_year}&status=full,associate,observer{eq}"})


# ---------------------------------------------------------------- organization

@router.get("/organization/{org}")
def organization_page(request: Request, org: NamePath, start: FromQ = None, end: ToQ = None, year: YearQ = None,
                      searched: Annotated[str, Query(max_length=200)] = ""):
    from multivector import organization_members, organization_summary, organizations, resolve_organization
    from multivector.engine._resolve import org_index

    io = resolve_organization(org)
    info = _row(organizations(), "ioname", io)
    a, b = _span(info["first_year"] or 1816, info["last_year"] or 2014, start, end)
    notices: list[str] = []
    summary = _unless_outside_life(notices, organization_summary, io, (a, b))
    if summary is None:
        summary = organization_summary(io).iloc[0:0]
    counts = summary[["year", "full", "associate", "observer"]].melt(id_vars="year", var_name="status_label", value_name="states")
    counts = counts[counts.states > 0]
    with_members = summary[summary[["full", "associate", "observer"]].sum(axis=1) > 0]
    table_year = year if year is not None else (int(with_members.year.max()) if len(with_members) else b)
    in_year = _unless_outside_life([] if notices else notices, organization_members, io, table_year,  # said once
                                   status=("full", "associate", "observer"))
    if in_year is None:
        in_year = organization_members(io, status=("full", "associate", "observer")).iloc[0:0]
    charts = []
    if len(counts):
        charts.append(_chart("chart-members", _specs.stacked_bars(
            counts, category="status_label", value="states", title=f"{io.upper()}: member states by year",
            y_title="States", sort=["full", "associate", "observer"])))
    from multivector.measures._signatures import CATEGORIES, organization_signatures

    sig = organization_signatures((a, b))
    sig = sig[sig.ioname == io].assign(signature=lambda d: d.signature.replace("", "none"),
                                       category=lambda d: d.category.fillna("unknown"))
    if len(sig):
        charts.append(_chart("chart-category", _specs.category_strip(
            sig, title=f"{io.upper()}: category by year (from the pillars among its full members)",
            order=[c for c in (*CATEGORIES, "unknown") if c in set(sig.category)])))
    q = urlencode({"from": a, "to": b})
    from multivector.web._search import org_label

    return _render(request, "organization.html", io=io, label=org_index().label(io), info=info, start=a, end=b,
                   searched=searched_note(searched, org_label(io)),
                   charts=charts, members=_records(in_year), table_year=table_year, notices=notices,
                   signature=sig[sig.year == table_year].iloc[0].to_dict() if (sig.year == table_year).any() else None,
                   api={"members": f"/api/organizations/{io}/members?{q}", "detail": f"/api/organizations/{io}",
                        "signature": f"/api/organizations/{io}/signature?{q}"})


# ---------------------------------------------------------------- compare

@router.get("/compare")
def compare_page(request: Request, states: Annotated[str, Query(max_length=500)] = "", start: FromQ = None,
                 end: ToQ = None, measure: Annotated[str, Query(max_length=40)] = "full",
                 channel: Annotated[str, Query(max_length=20)] = "institutional",
                 focus: Annotated[str, Query(max_length=100)] = ""):
    import pandas as pd

    from multivector import portfolio, resolve_state, resolve_states
    from multivector.measures._evenness import evenness
    from multivector.measures._hedging import hedging
    from multivector._errors import MultivectorError
    from multivector.measures._peers import compare, peer_group, peer_groups
    from multivector.engine._resolve import state_label

    if measure not in COMPARE_MEASURES:
        raise InvalidArgumentError(f"measure: unknown measure {measure!r}; valid: {', '.join(COMPARE_MEASURES)}", "measure")
    if channel not in CHANNELS:
        raise InvalidArgumentError(f"channel: unknown channel {channel!r}; valid: {', '.join(CHANNELS)}", "channel")
    ilo, ihi, ulo, uhi = _check_range(start, end)
    align_measure = measure in ALIGNMENT_MEASURES
    chi = uhi if (align_measure and channel == "diplomatic") else ihi
    if measure in ("tilt", "hedging"):  # both from one hedging call: the security data's years (ATOP to 2018)
        from multivector.measures._alignment import channel_coverage

        chi = channel_coverage("security", False)[1]
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
    check_work(years=b - a + 1, states=max(1, len(ccodes)))
    labels = [state_label(c) for c in ccodes]
    # the focus: the user's choice (a state of the group), else the first state named (a group: its first member)
    focus_code = ccodes[0] if ccodes else None
    if focus.strip() and ccodes:
        focus_code = resolve_state(focus)
        if focus_code not in ccodes:
            raise InvalidArgumentError(f"focus: {state_label(focus_code)} is not among the compared states; "
                                       f"choose one of {', '.join(labels)}", "focus")
    focus_label = state_label(focus_code) if focus_code is not None else ""
    charts, summary, notices = [], None, []
    span = (max(a, ulo if chi == uhi else ilo), min(b, chi))
    if ccodes and span[0] <= span[1]:
        # one call per state: a state outside its life in these years gets its sentence, the others their lines
        if measure in ("tilt", "hedging"):
            parts = [_unless_outside_life(notices, hedging, c, span, bootstrap=0) for c in ccodes]
        elif align_measure:
            parts = [_unless_outside_life(notices, evenness, c, span, channel=channel, bootstrap=0, chance=0)
                     for c in ccodes]
        else:
            parts = [_unless_outside_life(notices, portfolio, c, span) for c in ccodes]
        df = pd.concat([p.assign(state=lab) for p, lab in zip(parts, labels) if p is not None] or [pd.DataFrame()],
                       ignore_index=True)
        col = ALIGNMENT_MEASURES.get(measure, measure)
        if len(df):
            charts.append(_chart("chart-compare", _charts.peer_comparison(
                df, focus=focus_label, value=col, y_title=COMPARE_MEASURES[measure],
                title=f"{COMPARE_MEASURES[measure]}, {span[0]}-{span[1]}")))
        igo = (max(a, ilo), min(b, ihi))
        if igo[0] <= igo[1]:
            summary = _records(compare(ccodes, igo, channel=channel))
    return _render(request, "compare.html", states=states, ccodes=ccodes, labels=labels, start=a, end=b,
                   focus=focus_code, many=len(ccodes) > len(_palette.STATE_SERIES),
                   measure=measure, measures=COMPARE_MEASURES, channel=channel, channels=CHANNELS, charts=charts,
                   summary=summary, groups=list(zip(groups.group, groups.description)), notices=notices,
                   api=f"/api/compare?{urlencode({'states': ','.join(map(str, ccodes)), 'from': max(a, ilo), 'to': min(b, ihi), 'channel': channel})}")


# ---------------------------------------------------------------- dyad

@router.get("/dyad")
def dyad_page(request: Request, a: NameQ = "", b: NameQ = "",
              start: FromQ = None, end: ToQ = None, year: YearQ = None):
    from multivector import resolve_state
    from multivector.engine._dyads import dyad_members, dyads
    from multivector.engine._resolve import state_label
    from multivector.data._store import get_store

    ca = resolve_state(a) if a.strip() else None
    cb = resolve_state(b) if b.strip() else None
    ctx = {"a": a, "b": b, "ca": ca, "cb": cb, "start": start, "end": end, "charts": [], "shared": None,
           "table_year": None, "label_a": "", "label_b": "", "notice": ""}
    if ca is None or cb is None:
        return _render(request, "dyad.html", **ctx)
    if ca == cb:
        raise InvalidArgumentError("b: a state paired with itself is not a dyad; choose two different states", "b")
    from multivector._errors import InvalidYearError
    from multivector.engine._unvotes import un_agreement

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
    d = (_unless_outside_life(notices, dyads, igo, [ca, cb], measures=("joint", "table", "s", "kappa", "jaccard"))
         if igo[0] <= igo[1] else None)
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
    elif not notices:
        notices.append(f"No IGO data for both states between {s0} and {e0} (IGO data {ilo}-{ihi}).")
    un_span = (max(s0, ulo), min(e0, uhi))
    n_before = len(notices)
    un = _unless_outside_life(notices, un_agreement, un_span, states=[ca, cb]) if un_span[0] <= un_span[1] else None
    if un is not None and len(un):
        ctx["charts"].append(_chart("chart-un", _charts.un_agreement(
            un.assign(pillar=ib["statenme"]),
            title=f"{ia['statenme']}: agreement with {ib['statenme']} in UN General Assembly votes", pillar_kind="state"),
            source="un"))
        ctx.setdefault("api", {})["un"] = f"/api/un-agreement?{urlencode({'states': f'{ca},{cb}', 'from': un_span[0], 'to': un_span[1]})}"
    elif len(notices) == n_before:
        notices.append(f"No UN General Assembly session between {s0} and {e0} in which both states voted (UN data {ulo}-{uhi}).")
    ctx["notice"] = " ".join(notices)
    return _render(request, "dyad.html", **ctx)


# ---------------------------------------------------------------- what if

@router.get("/whatif")
def whatif_page(request: Request, state: NameQ = "",
                year: YearQ = None, join: Annotated[str, Query(max_length=500)] = "",
                leave: Annotated[str, Query(max_length=500)] = ""):
    from multivector import resolve_state, scenario
    from multivector.engine._resolve import state_label
    from multivector.web._api import _org_list

    ctx = {"state": state, "year": year, "join": join, "leave": leave, "rows": None, "summary": "", "label": "",
           "prompt": ""}
    if state.strip():
        ccode = resolve_state(state)
        ctx["label"] = state_label(ccode)
        joins, leaves = _org_list(join, "join"), _org_list(leave, "leave")
        if year is None or (not joins and not leaves):  # a half-filled form (the country page's own link): ask, not a 422
            ctx["prompt"] = (f"Name the organizations {ctx['label']} would join or leave"
                             + (f" in {year}" if year is not None else " and the year") + ", then press Recompute.")
            return _render(request, "whatif.html", **ctx)
        df = scenario(ccode, year, join=joins, leave=leaves)
        ctx.update(rows=_records(df), summary=df.attrs.get("summary", ""), ccode=ccode,
                   provisional=bool(df.attrs.get("extended")), provisional_note=PROVISIONAL_NOTE,
                   api=f"/api/states/{ccode}/scenario?{urlencode({'year': year, 'join': join, 'leave': leave})}")
    return _render(request, "whatif.html", **ctx)


# ---------------------------------------------------------------- world map

@router.get("/map/countries-110m.json", include_in_schema=False)
def map_geometry():
    """The map's outlines (Natural Earth via the npm package world-atlas, shipped in the package)."""
    from fastapi.responses import Response

    from multivector.charts._map import GEOMETRY

    return Response(GEOMETRY.read_bytes(), media_type="application/json",
                    headers={"Cache-Control": "public, max-age=86400"})


@router.get("/map")
def map_page(request: Request, measure: Annotated[str, Query(max_length=40)] = "memberships", year: YearQ = None):
    from multivector._years import parse_years
    from multivector.charts import _map
    from multivector.engine._resolve import state_label

    if measure not in _map.MEASURES:
        raise InvalidArgumentError(f"measure: unknown map measure {measure!r}; valid: {', '.join(_map.MEASURES)}",
                                   "measure")
    m = _map.MEASURES[measure]
    lo, hi = m.years() if m.years else (1816, 2014)
    y = parse_years(year if year is not None else hi, (lo, hi), argument="year")[0]
    spec = _map.choropleth(measure, y, "/map/countries-110m.json")
    chart = _chart("chart-map", spec, source=f"Source: {m.source}; outlines: Natural Earth (world-atlas).")
    small = [state_label(c) for c in _map.unmapped(y)]
    return _render(request, "map.html", measure=measure, measures={k: v.label for k, v in _map.MEASURES.items()},
                   year=y, lo=lo, hi=hi, charts=[chart], small=small, label=m.label)


# ---------------------------------------------------------------- glossary

@router.get("/glossary")
def glossary_page(request: Request):
    return _render(request, "glossary.html")


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
