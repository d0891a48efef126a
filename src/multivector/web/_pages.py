"""Server-rendered pages of the explorer.

Each page resolves its arguments, calls library functions, hands the
DataFrames to chart specs and templates. Every view is a plain GET URL with
a query string, so any view can be bookmarked and shared.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from multivector._errors import InvalidArgumentError
from multivector.web import _specs
from multivector.web._http import check_work, n_years
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

@router.get("/state/{state}")
def state_page(request: Request, state: str, start: FromQ = None, end: ToQ = None, year: YearQ = None):
    from multivector import portfolio, resolve_state, state_memberships, states
    from multivector._resolve import state_label

    ccode = resolve_state(state)
    info = _row(states(), "ccode", ccode)
    a, b = _span(info["first_year"], info["last_year"], start, end)
    pf = portfolio(ccode, (a, b))
    table_year = year if year is not None else (int(pf.year.max()) if len(pf) else b)
    members = state_memberships(ccode, table_year, status=("full", "associate", "observer"))
    label = state_label(ccode)
    charts = []
    if len(pf):
        charts = [
            {"id": "chart-memberships", "spec": _specs.lines(pf, {"full": "Full", "associate": "Associate", "observer": "Observer"},
                                                              title=f"{info['statenme']}: memberships in IGOs", y_title="Organizations")},
            {"id": "chart-types", "spec": _specs.lines(pf, {"political": "Political", "social": "Social", "economic": "Economic"},
                                                        title="Full memberships by type of organization", y_title="Organizations")},
            {"id": "chart-changes", "spec": _specs.lines(pf, {"joins": "Joins", "exits": "Exits", "dissolved": "Dissolved"},
                                                          title="Joins and exits per year", y_title="Organizations")},
        ]
    q = urlencode({"from": a, "to": b})
    return _render(request, "state.html", ccode=ccode, label=label, info=info, start=a, end=b, charts=charts,
                   portfolio=pf, members=members, table_year=table_year,
                   api={"portfolio": f"/api/states/{ccode}/portfolio?{q}",
                        "memberships": f"/api/states/{ccode}/memberships?year={table_year}&status=full,associate,observer"})


# ---------------------------------------------------------------- organization

@router.get("/organization/{org}")
def organization_page(request: Request, org: str, start: FromQ = None, end: ToQ = None, year: YearQ = None):
    from multivector import organization_members, organizations, resolve_organization
    from multivector._resolve import org_index

    io = resolve_organization(org)
    info = _row(organizations(), "ioname", io)
    a, b = _span(info["first_year"] or 1816, info["last_year"] or 2014, start, end)
    members = organization_members(io, (a, b), status=("full", "associate", "observer"))
    counts = members.groupby(["year", "status_label"], observed=True).size().rename("states").reset_index()
    table_year = year if year is not None else (int(members.year.max()) if len(members) else b)
    in_year = organization_members(io, table_year, status=("full", "associate", "observer"))
    charts = []
    if len(counts):
        charts.append({"id": "chart-members", "spec": _specs.stacked_bars(
            counts, category="status_label", value="states", title=f"{io.upper()}: member states by year",
            y_title="States", sort=["full", "associate", "observer"])})
    q = urlencode({"from": a, "to": b})
    return _render(request, "organization.html", io=io, label=org_index().label(io), info=info, start=a, end=b,
                   charts=charts, members=in_year, table_year=table_year,
                   api={"members": f"/api/organizations/{io}/members?{q}", "detail": f"/api/organizations/{io}"})


# ---------------------------------------------------------------- compare

@router.get("/compare")
def compare_page(request: Request, states: Annotated[str, Query(max_length=500)] = "", start: FromQ = None,
                 end: ToQ = None, measure: Annotated[str, Query(max_length=40)] = "full"):
    import pandas as pd

    from multivector import portfolio, resolve_states
    from multivector._resolve import state_label
    from multivector._store import get_store

    if measure not in COMPARE_MEASURES:
        raise InvalidArgumentError(f"measure: unknown measure {measure!r}; valid: {', '.join(COMPARE_MEASURES)}", "measure")
    lo, hi = get_store().igo_years
    a = start if start is not None else 1991
    b = end if end is not None else hi
    ccodes = resolve_states(states) if states.strip() else []
    if len(ccodes) > MAX_COMPARE:
        raise InvalidArgumentError(f"states: at most {MAX_COMPARE} states on one chart (got {len(ccodes)})", "states")
    check_work(years=n_years((a, b), (lo, hi)), states=max(1, len(ccodes)))
    charts, frames = [], []
    for c in ccodes:
        pf = portfolio(c, (a, b))
        frames.append(pf.assign(state=state_label(c)))
    if frames and sum(len(f) for f in frames):
        df = pd.concat(frames, ignore_index=True)
        charts.append({"id": "chart-compare", "spec": _specs.series(df, by="state", value=measure,
                                                                     title=COMPARE_MEASURES[measure], y_title="Organizations")})
    return _render(request, "compare.html", states=states, ccodes=ccodes, labels=[state_label(c) for c in ccodes],
                   start=a, end=b, measure=measure, measures=COMPARE_MEASURES, charts=charts)


# ---------------------------------------------------------------- dyad

@router.get("/dyad")
def dyad_page(request: Request, a: Annotated[str, Query(max_length=100)] = "", b: Annotated[str, Query(max_length=100)] = "",
              start: FromQ = None, end: ToQ = None, year: YearQ = None):
    from multivector import resolve_state, states
    from multivector._dyads import dyad_members, dyads
    from multivector._resolve import state_label

    ca = resolve_state(a) if a.strip() else None
    cb = resolve_state(b) if b.strip() else None
    ctx = {"a": a, "b": b, "ca": ca, "cb": cb, "start": start, "end": end, "charts": [], "shared": None,
           "table_year": None, "label_a": "", "label_b": "", "notice": ""}
    if ca is None or cb is None:
        return _render(request, "dyad.html", **ctx)
    if ca == cb:
        raise InvalidArgumentError("b: a state paired with itself is not a dyad; choose two different states", "b")
    st = states()
    ia, ib = _row(st, "ccode", ca), _row(st, "ccode", cb)
    s0, e0 = _span(max(ia["first_year"], ib["first_year"]), min(ia["last_year"], ib["last_year"]), start, end)
    ctx.update(label_a=state_label(ca), label_b=state_label(cb), start=s0, end=e0)
    if s0 > e0:
        ctx["notice"] = "These two states were never in the state system at the same time within the IGO data."
        return _render(request, "dyad.html", **ctx)
    d = dyads((s0, e0), [ca, cb], measures=("joint", "table", "s", "kappa", "jaccard"))
    if len(d):
        ctx["charts"] = [
            {"id": "chart-joint", "spec": _specs.lines(d, {"joint": "Joint memberships", "n11": "Both full members"},
                                                        title="Shared organizations", y_title="Organizations")},
            {"id": "chart-similarity", "spec": _specs.lines(d, {"s": "S", "kappa": "Kappa", "jaccard": "Jaccard"},
                                                             title="Similarity of the two portfolios", y_title="Similarity")},
        ]
        ty = year if year is not None else int(d.year.max())
        m = dyad_members(ca, cb, ty)
        ctx.update(table_year=ty, shared=m[m.dyad_status == "joint"])
    else:
        ctx["notice"] = f"No year between {s0} and {e0} when both states were in the state system."
    ctx["api"] = {"dyads": f"/api/dyads?{urlencode({'states': f'{ca},{cb}', 'from': s0, 'to': e0})}",
                  "members": f"/api/dyads/members?{urlencode({'a': ca, 'b': cb, 'year': ctx['table_year'] or e0})}"}
    return _render(request, "dyad.html", **ctx)


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
