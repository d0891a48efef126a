"""The REST API: read-only GET routes, each a thin wrapper over one library function.

Every route parses its parameters, checks the work cap, calls the library
and serialises the DataFrame; errors are rendered in one place
(:mod:`multivector.web.app`).
"""

from __future__ import annotations

import threading
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from multivector._errors import InvalidArgumentError
from multivector._random import DEFAULT_REPLICATES, DEFAULT_SEED
from multivector.web import _http
from multivector.web._models import (
    ActivismRow, AlignmentRow, AllianceRow, EngagementRow, EvennessRow, HedgingRow, TiltRow, ScenarioRow, CompareRow, PeerGroupRow, PillarRow, RankRow, SignatureRow,
    Citation, DataInfo, DyadMemberRow, DyadRow, ErrorResponse, IdealPointRow, MemberRow, MembershipRow, OrganizationDetail, OrganizationRow, Page, PortfolioRow,
    SearchResult, StateDetail, StateRow, UNAgreementRow, ValidationAucRow, ValidationStateRow,
)

ERRORS = {
    404: {"model": ErrorResponse, "description": "Unknown state, organization or path (with suggestions)."},
    422: {"model": ErrorResponse, "description": "Invalid parameters, or a request over the work cap."},
}

router = APIRouter(prefix="/api", responses=ERRORS)

#: Tables may also be asked for as CSV (``?format=csv``).
CSV = {200: {"content": {"text/csv": {"schema": {"type": "string"}}},
             "description": "One page of the table: JSON by default, CSV with format=csv."}}

# ---------------------------------------------------------------- shared parameters

StatePath = Annotated[str, Path(description="State: name, COW code or abbreviation, or ISO code (e.g. 705, KZK, KZ, Kazakhstan).",
                                min_length=1, max_length=_http.MAX_NAME_LENGTH, examples=["705"])]
OrgPath = Annotated[str, Path(description="Organization: COW abbreviation or words of its name (e.g. sco).",
                              min_length=1, max_length=_http.MAX_NAME_LENGTH, examples=["sco"])]
YearQ = Annotated[int | None, Query(description="A single year (instead of from/to).", ge=0, le=9999)]
FromQ = Annotated[int | None, Query(alias="from", description="First year, inclusive (default: start of the data).", ge=0, le=9999)]
ToQ = Annotated[int | None, Query(alias="to", description="Last year, inclusive (default: end of the data).", ge=0, le=9999)]
StatusQ = Annotated[str, Query(description="Comma-separated statuses: full, associate, observer, none, missing, not_alive, or all.",
                               max_length=100)]
LimitQ = Annotated[int, Query(description=f"Rows per page (at most {_http.MAX_LIMIT}).", ge=1, le=_http.MAX_LIMIT)]
OffsetQ = Annotated[int, Query(description="Index of the first row to return.", ge=0, le=10_000_000)]
FormatQ = Annotated[Literal["json", "csv"], Query(description="json (default) or csv (one page as CSV; X-Total-Count and Link headers).")]
ExtendedQ = Annotated[bool, Query(description="Use the provisional extended panel: the COW IGO data (to 2014) carried forward and updated by "
                                              "sourced records, to the last record year (2025). Required for years after 2014; answers "
                                              "computed from it carry meta.provisional = true (and a provenance column where there is one).")]


def _igo_years(extended: bool = False):
    """Years of the membership panel: the COW IGO data, or the provisional extended panel."""
    from multivector.data._store import get_store

    if extended:
        from multivector.engine._extended import extended_coverage

        return extended_coverage()
    return get_store().igo_years


def _panel_years(year: int | None, start: int | None, end: int | None, extended: bool, channel: str = "institutional"):
    """The years argument of a membership-panel route; a year after the COW data needs ``extended=true``."""
    years = _http.years_arg(year, start, end)
    if channel == "institutional" and not extended:
        from multivector._errors import InvalidYearError

        lo, hi = _igo_years()
        for arg, v in (("year", year), ("from", start), ("to", end)):
            if v is not None and v > hi and v <= (ext_hi := _igo_years(True)[1]):  # the records' span only when needed
                raise InvalidYearError(f"{arg}: {v} is after the COW IGO data ({lo}-{hi}); add extended=true for the "
                                       f"provisional extended panel from sourced records (to {ext_hi})", arg)
    return years


def _provisional(df, extended: bool) -> dict:
    """Meta entries saying whether an answer comes from the provisional extended panel, and from which sources."""
    if not extended:
        return {"extended": False, "provisional": False}
    from multivector.engine._extended import EXTENDED_NOTE

    return {"extended": True, "provisional": True, "note": EXTENDED_NOTE,
            "sources": list(df.attrs.get("sources") or ["cow_igo", "cow_states", "records"]),
            "cite": "/api/cite?sources=cow_igo,cow_states,records"}


# ---------------------------------------------------------------- states

@router.get("/states", response_model=Page[StateRow], responses=CSV, summary="States of the COW state system")
def api_states(request: Request, year: YearQ = None, limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """All states, or those in the state system during `year`. Wraps `multivector.states`."""
    from multivector import states

    return _http.page_response(states(year), limit=limit, offset=offset, request=request, meta={"year": year})


@router.get("/states/{state}", response_model=StateDetail, summary="One state")
def api_state(state: StatePath):
    """Codes, names and spells in the state system of one state, with links to its other resources."""
    from multivector import resolve_state
    from multivector.engine._resolve import state_label

    ccode = resolve_state(state)
    out = _http.state_record(ccode)
    out["label"] = state_label(ccode)
    out["links"] = {
        "page": f"/state/{ccode}",
        "memberships": f"/api/states/{ccode}/memberships",
        "portfolio": f"/api/states/{ccode}/portfolio",
        "tilt": f"/api/states/{ccode}/tilt",
        "hedging": f"/api/states/{ccode}/hedging",
        "alliances": f"/api/states/{ccode}/alliances",
        "evenness": f"/api/states/{ccode}/evenness",
        "alignment": f"/api/states/{ccode}/alignment",
        "brief": f"/api/states/{ccode}/brief",
        "ideal_points": f"/api/states/{ccode}/ideal-points",
    }
    return _http.json_response(out)


@router.get("/states/{state}/memberships", response_model=Page[MembershipRow], responses=CSV, summary="A state's memberships by year")
def api_memberships(request: Request, state: StatePath, year: YearQ = None, start: FromQ = None, end: ToQ = None,
                    status: StatusQ = "full", extended: ExtendedQ = False,
                    limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """The organizations a state belongs to, per year, with the published status. Wraps `multivector.state_memberships`
    (with `extended`: `multivector.extended_memberships`, which adds each row's provenance: cow, carried, record or confirmed)."""
    from multivector import extended_memberships, resolve_state, state_memberships

    years = _panel_years(year, start, end, extended)
    if extended:
        df = extended_memberships(state, years if years is not None else _igo_years(True), status=status)
    else:
        df = state_memberships(state, years, status=status)
    return _http.page_response(df, limit=limit, offset=offset, request=request,
                               meta={"ccode": resolve_state(state), "years": _years_meta(years), "status": status,
                                     **_provisional(df, extended)})


@router.get("/states/{state}/portfolio", response_model=Page[PortfolioRow], responses=CSV, summary="A state's portfolio by year")
def api_portfolio(request: Request, state: StatePath, year: YearQ = None, start: FromQ = None, end: ToQ = None,
                  extended: ExtendedQ = False, limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """Counts by status and type, joins and exits per year; missing counts are null, never 0. Wraps `multivector.portfolio`.

    With `extended=true` the years run to 2025 and each row has a `provenance` (cow, carried, record, confirmed or mixed)."""
    from multivector import portfolio, resolve_state

    years = _panel_years(year, start, end, extended)
    df = portfolio(state, years, extended=extended)
    return _http.page_response(df, limit=limit, offset=offset, request=request,
                               meta={"ccode": resolve_state(state), "years": _years_meta(years), **_provisional(df, extended)})


#: Heavy requests (a brief takes seconds of CPU, a tilt, hedging or evenness request with its bootstrap a tenth of one) wait for a slot here,
#: in the event loop, holding no worker thread: light requests always find threads and a core. Made on first use
#: (a limiter belongs to the running event loop).
_HEAVY: dict = {}


#: Heavy requests of each kind computed at once (a brief is mostly Python, so one; a bootstrap's matrix products
#: release the GIL, so two can share two cores).
HEAVY_SLOTS = {"brief": 1, "bootstrap": 2, "ideal_points": 1}


async def run_heavy(kind: str, fn, *args, **kwargs):
    """Run ``fn`` in a worker thread once one of the few slots for heavy work of this kind is free."""
    import functools

    import anyio

    limiter = _HEAVY.get(kind)
    if limiter is None:
        limiter = _HEAVY.setdefault(kind, anyio.CapacityLimiter(HEAVY_SLOTS[kind]))
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=limiter)


@router.get("/states/{state}/brief", summary="A state's country brief (HTML)", response_model=None,
            responses={200: {"content": {"text/html": {"schema": {"type": "string"}}},
                             "description": "A self-contained HTML document with charts."}})
async def api_brief(state: StatePath, start: FromQ = None, end: ToQ = None,
              peers: Annotated[str | None, Query(description="Comma-separated states to compare with (default: regional neighbours).", max_length=500)] = None,
              download: Annotated[bool, Query(description="Send as a file to save rather than to display.")] = False,
              extended: ExtendedQ = False):
    """The country brief as one self-contained HTML file (charts, tables, sources, the commands to reproduce it), offline-ready. Wraps `multivector.report`.

    Building a brief takes a few seconds; briefs are built one at a time, without holding back other requests.
    The answer's Content-Security-Policy allows the brief's own inline scripts by their hashes."""
    from multivector import report, resolve_state
    from multivector.engine._resolve import state_index

    years = _http.years_arg(None, start, end)

    def build():
        html = report(state, years, format="html", peers=peers, extended=extended)
        return html, _http.document_csp(html)

    html, csp = await run_heavy("brief", build)
    headers = {"Content-Security-Policy": csp}
    if download:
        abb = state_index().info.loc[resolve_state(state), "stateabb"]
        span = f"-{start or ''}-{end or ''}" if (start or end) else ""
        headers["Content-Disposition"] = f'attachment; filename="multivector-brief-{abb}{span}.html"'
    return HTMLResponse(html, headers=headers)


# ---------------------------------------------------------------- tilt, hedging, evenness and alignment

ChannelQ = Annotated[Literal["institutional", "diplomatic"], Query(description="institutional: IGO memberships (1816-2014); diplomatic: UN votes (1946-2019).")]
PillarsQ = Annotated[str | None, Query(description="Pillar keys, comma-separated; '+' merges pillars (e.g. russia,china,usa+eu). Default: russia, china, usa, eu, turkey.",
                                       max_length=200, pattern=r"^\s*[A-Za-z_]+(\s*[+,]\s*[A-Za-z_]+)*\s*,?\s*$")]
RuleQ = Annotated[Literal["majority", "any", "all"], Query(description="When a group pillar (e.g. the EU) belongs to an organization: at least half, any, or all of its members.")]
ExcludeOwnQ = Annotated[bool, Query(description="Leave out the pillars the state belongs to.")]

#: Largest ``years x bootstrap replicates`` one evenness request may compute: every year of the extended
#: panel (1816-2025) at the library's default 1000 replicates (about 0.15 s).
MAX_EVENNESS_WORK = 250_000

#: Largest ``years x bootstrap replicates`` one tilt or hedging request may compute (the kernel works on
#: every state of a year at once: about 0.05 s a year at 1000 replicates).
MAX_ALIGNMENT_WORK = 60_000


def _pillars(pillars: str | None) -> str | None:
    """Pillar keys only: the library also reads TOML files, which a web request must never name."""
    return None if pillars is None or not pillars.strip() else pillars


def _channel_years(channel: str):
    from multivector.data._store import get_store

    store = get_store()
    return store.igo_years if channel == "institutional" else store.un_years


@router.get("/states/{state}/evenness", response_model=Page[EvennessRow], responses=CSV, summary="How evenly a state's engagement spreads over the pillars, by year")
async def api_evenness(request: Request, state: StatePath, year: YearQ = None, start: FromQ = None, end: ToQ = None,
                 channel: ChannelQ = "institutional", pillars: PillarsQ = None,
                 method: Annotated[Literal["signature", "kappa", "agree"] | None, Query(description="signature or kappa (institutional), agree or kappa (diplomatic); default signature / agree.")] = None,
                 bootstrap: Annotated[int, Query(description="Bootstrap replicates for the intervals (0: none); the library's default.", ge=0, le=2000)] = DEFAULT_REPLICATES,
                 seed: Annotated[int | None, Query(description=f"Seed of the bootstrap (default {DEFAULT_SEED}, the library's, so a URL gives the same answer as the library, the CLI and the briefs).", ge=0, le=2**32 - 1)] = None,
                 chance: Annotated[int, Query(description="Random portfolios (vote shuffles) behind the chance band (0: none).", ge=0, le=2000)] = 1000,
                 level: Annotated[float, Query(description="Confidence level of the intervals.", gt=0, lt=1)] = 0.95,
                 rule: RuleQ = "majority", exclude_own: ExcludeOwnQ = True, extended: ExtendedQ = False,
                 limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """Pillar shares, their normalised entropy (pillar evenness), HHI and the dominant pillar, with bootstrap intervals and the chance band. Wraps `multivector.evenness`.

    A description of the spread over the pillars, not a measure of hedging (see `/hedging`).
    `extended=true` (institutional channel only) uses the provisional extended panel to 2025.
    A request may compute at most 250,000 years x bootstrap replicates; bootstraps wait for their turn without holding
    back light requests."""
    from starlette.concurrency import run_in_threadpool

    def compute():
        from multivector import resolve_state
        from multivector.measures._evenness import evenness

        years = _panel_years(year, start, end, extended, channel)
        cover = _igo_years(True) if (extended and channel == "institutional") else _channel_years(channel)
        _http.check_work(years=_http.n_years(years, cover), states=1, measures=max(1, bootstrap, chance),
                         cap=MAX_EVENNESS_WORK, measure_unit="bootstrap replicates")
        df = evenness(state, years, channel=channel, pillars=_pillars(pillars), bootstrap=bootstrap, seed=seed, chance=chance,
                      method=method, rule=rule, exclude_own=exclude_own, level=level, extended=extended)
        return _http.page_response(df, limit=limit, offset=offset, request=request,
                                   meta={"ccode": resolve_state(state), "years": _years_meta(years), "channel": channel,
                                         "pillars": pillars, "bootstrap": df.attrs["bootstrap"], "seed": df.attrs["seed"],
                                         "chance_draws": df.attrs["chance_draws"], **_provisional(df, extended)})

    # the bootstrap is heavy: it waits for its slot in the event loop, holding no thread that light requests need
    return await (run_heavy("bootstrap", compute) if (bootstrap or chance) else run_in_threadpool(compute))


PolesQ = Annotated[str | None, Query(description="The two poles: pillar keys, poles separated by a comma, pillars of a pole joined by '+' (default usa+eu,russia+china: West vs East).",
                                     max_length=100, pattern=r"^\s*[A-Za-z_]+(\s*\+\s*[A-Za-z_]+)*\s*,\s*[A-Za-z_]+(\s*\+\s*[A-Za-z_]+)*\s*$")]
TiltChannelQ = Annotated[Literal["combined", "security", "diplomatic", "institutional", "all"], Query(description="combined (mean of the channels with data), one channel, or all.")]
AlignBootstrapQ = Annotated[int, Query(description="Bootstrap replicates for the intervals (0: none); the library's default.", ge=0, le=2000)]
SeedQ = Annotated[int | None, Query(description=f"Seed of the bootstrap (default {DEFAULT_SEED}, the library's).", ge=0, le=2**32 - 1)]
IdealQ = Annotated[Literal["fp", "all", "legacy"], Query(description="UN ideal-point series: fp (final-passage votes, to 2024), all (to 2023), legacy.")]


def _alignment_years(year, start, end, extended, need: str = "any", state=None):
    """The years argument for an alignment measure: an open end of a range is the end of the data
    the measure needs (``need``: a channel, or ``any``), so ``?from=2010`` asks hedging for
    2010-2018, the security data's last year, not for years the library refuses. With no years,
    a named state's life within those data (Kazakhstan's hedging: 1991-2018), not 1816 on."""
    from multivector.measures._alignment import channel_coverage

    cover = channel_coverage(need, extended)
    if year is not None:
        return year, cover
    if start is None and end is None:
        if state is None:
            return None, cover
        from multivector.engine._resolve import resolve_state, state_index

        first, last = state_index().spell_bounds(resolve_state(state))
        if not len(first):
            return None, cover
        lo, hi = max(cover[0], int(first.min())), min(cover[1], int(last.max()))
        return ((lo, hi) if lo <= hi else None), cover
    return (start if start is not None else cover[0], end if end is not None else cover[1]), cover


def _alignment_meta(state, years, df, extended) -> dict:
    from multivector import resolve_state

    prov = bool(len(df)) and bool(df["provisional"].any())
    meta = {"ccode": resolve_state(state), "years": _years_meta(years), "poles": df.attrs.get("poles")}
    if "seed" in df.attrs:
        meta.update(bootstrap=df.attrs["bootstrap"], seed=df.attrs["seed"])
    if prov:
        meta.update(provisional=True, note="Rows marked provisional rest on the extended panel (after 2014) or on ATOP's "
                                           "2018 ties carried forward; see docs/records.md.")
    return meta


@router.get("/states/{state}/tilt", response_model=Page[TiltRow], responses=CSV, summary="A state's tilt between the two poles by year and channel")
async def api_tilt(request: Request, state: StatePath, year: YearQ = None, start: FromQ = None, end: ToQ = None,
             channel: TiltChannelQ = "combined", poles: PolesQ = None, bootstrap: AlignBootstrapQ = DEFAULT_REPLICATES,
             seed: SeedQ = None, level: Annotated[float, Query(description="Confidence level of the intervals.", gt=0, lt=1)] = 0.95,
             ideal_point: IdealQ = "fp", extended: ExtendedQ = False,
             limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """Signed position between two poles: -1 wholly with the second (East), +1 with the first (West), 0 where the average state stands; per channel (security from ATOP, diplomatic from UN ideal points, institutional from IGO memberships) and combined. Wraps `multivector.tilt`.

    A request may compute at most 60,000 years x bootstrap replicates."""
    from starlette.concurrency import run_in_threadpool

    def compute():
        from multivector import tilt

        from multivector.measures._alignment import channel_need

        years, cover = _alignment_years(year, start, end, extended, channel_need(channel), state)
        _http.check_work(years=_http.n_years(years, cover), states=1, measures=max(1, bootstrap), cap=MAX_ALIGNMENT_WORK,
                         measure_unit="bootstrap replicates")
        df = tilt(state, years, channel=channel, poles=poles, bootstrap=bootstrap, seed=seed, level=level,
                  ideal_point=ideal_point, extended=extended)
        return _http.page_response(df, limit=limit, offset=offset, request=request,
                                   meta=_alignment_meta(state, years, df, extended))

    return await (run_heavy("bootstrap", compute) if bootstrap else run_in_threadpool(compute))


@router.get("/states/{state}/hedging", response_model=Page[HedgingRow], responses=CSV, summary="A state's hedging between the two poles by year, with its components")
async def api_hedging(request: Request, state: StatePath, year: YearQ = None, start: FromQ = None, end: ToQ = None,
                poles: PolesQ = None, bootstrap: AlignBootstrapQ = DEFAULT_REPLICATES, seed: SeedQ = None,
                level: Annotated[float, Query(description="Confidence level of the intervals.", gt=0, lt=1)] = 0.95,
                ideal_point: IdealQ = "fp", extended: ExtendedQ = False,
                limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """Hedging = (1 - security commitment) x (1 - |diplomatic tilt|) x engagement balance: 0 committed to a pole or clearly on one side, 1 engages both poles and is committed to neither. Wraps `multivector.hedging`.

    A request may compute at most 60,000 years x bootstrap replicates."""
    from starlette.concurrency import run_in_threadpool

    def compute():
        from multivector import hedging

        years, cover = _alignment_years(year, start, end, extended, "security", state)
        _http.check_work(years=_http.n_years(years, cover), states=1, measures=max(1, bootstrap), cap=MAX_ALIGNMENT_WORK,
                         measure_unit="bootstrap replicates")
        df = hedging(state, years, poles=poles, bootstrap=bootstrap, seed=seed, level=level, ideal_point=ideal_point,
                     extended=extended)
        return _http.page_response(df, limit=limit, offset=offset, request=request,
                                   meta=_alignment_meta(state, years, df, extended))

    return await (run_heavy("bootstrap", compute) if bootstrap else run_in_threadpool(compute))


@router.get("/states/{state}/alliances", response_model=Page[AllianceRow], responses=CSV, summary="A state's alliance obligations with the poles' states and its security commitments")
def api_alliances(request: Request, state: StatePath, year: YearQ = None, start: FromQ = None, end: ToQ = None,
                  poles: PolesQ = None, extended: ExtendedQ = False,
                  limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """ATOP obligations (defense, offense, neutrality, non-aggression, consultation) with each pillar's states, and the commitment to each pole (bilateral treaties and alliance organizations such as NATO and the CSTO; 1 for members of a pole). Wraps `multivector.alliances`."""
    from multivector import alliances

    years, _ = _alignment_years(year, start, end, extended, "security", state)
    df = alliances(state, years, poles=poles, extended=extended)
    return _http.page_response(df, limit=limit, offset=offset, request=request, meta=_alignment_meta(state, years, df, extended))


_VALIDATION: dict = {}
_VALIDATION_LOCK = threading.Lock()


def _validation():
    """The built-in validation at the package's defaults (one seed, 1000 replicates), computed once."""
    with _VALIDATION_LOCK:
        if "v" not in _VALIDATION:
            from multivector import validate

            _VALIDATION["v"] = validate()
        return _VALIDATION["v"]


async def _validation_async():
    """The cached validation; its first computation waits for a heavy-request slot like a bootstrap."""
    if "v" in _VALIDATION:
        return _VALIDATION["v"]
    return await run_heavy("bootstrap", _validation)


def _validation_meta(v) -> dict:
    def rows(df):
        return [{k: (None if isinstance(x, float) and x != x else x) for k, x in r.items()}
                for r in df.astype(object).to_dict(orient="records")]

    return {"seed": int(v.attrs.get("seed")), "bootstrap": int(v.attrs.get("bootstrap")),
            "baselines": rows(v.attrs["baselines"]) if "baselines" in v.attrs else [],
            "convergent": rows(v.convergent), "chance": rows(v.chance),
            "docs": "docs/validation.md; the reference set and its citations: docs/reference-set.md"}


@router.get("/validation", response_model=Page[ValidationAucRow], responses=CSV, summary="How well tilt and hedging separate the reference states")
async def api_validation(request: Request, limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """Known-groups AUCs with bootstrap intervals on the reference set (hedgers, West-aligned and East-aligned states in 2014 and 2019, each with a citation); `meta` adds the simple baselines, the convergent correlations and the chance bands. Wraps `multivector.validate` at the package defaults; the first request computes it (about half a minute), later ones reuse it."""
    v = await _validation_async()
    return _http.page_response(v.auc, limit=limit, offset=offset, request=request, meta=_validation_meta(v))


@router.get("/validation/states", response_model=Page[ValidationStateRow], responses=CSV, summary="The reference states with their tilt and hedging")
async def api_validation_states(request: Request, limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """Each reference state-year: its group in the published literature and its tilt (with the channels), hedging and commitment. Wraps `multivector.validate`."""
    v = await _validation_async()
    return _http.page_response(v.scores, limit=limit, offset=offset, request=request, meta={"seed": int(v.attrs.get("seed"))})


@router.get("/states/{state}/alignment", response_model=Page[AlignmentRow], responses=CSV, summary="A state's alignment with each pillar by year")
def api_alignment(request: Request, state: StatePath, year: YearQ = None, start: FromQ = None, end: ToQ = None,
                  channel: ChannelQ = "institutional", pillars: PillarsQ = None, rule: RuleQ = "majority",
                  exclude_own: ExcludeOwnQ = True, extended: ExtendedQ = False,
                  limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """Per pillar and year: signature weights and shares, kappa (institutional), or UN agreement (diplomatic). Wraps `multivector.alignment`.

    `extended=true` (institutional channel only) uses the provisional extended panel to 2025."""
    from multivector import resolve_state
    from multivector.measures._evenness import alignment

    years = _panel_years(year, start, end, extended, channel)
    df = alignment(state, years, channel=channel, pillars=_pillars(pillars), rule=rule, exclude_own=exclude_own,
                   extended=extended)
    return _http.page_response(df, limit=limit, offset=offset, request=request,
                               meta={"ccode": resolve_state(state), "years": _years_meta(years), "channel": channel,
                                     "pillars": pillars, **_provisional(df, extended)})


# ---------------------------------------------------------------- UN ideal points


@router.get("/states/{state}/ideal-points", response_model=Page[IdealPointRow], responses=CSV, summary="A state's UN ideal points by year")
async def api_ideal_points(request: Request, state: StatePath, year: YearQ = None, start: FromQ = None, end: ToQ = None,
                     source: Annotated[Literal["estimate", "published"], Query(description="estimate: the dynamic ordinal model fitted on the roll calls (1946-2019); published: Bailey, Strezhnev and Voeten's estimates, July 2025 release (1946-2024), the publisher's columns.")] = "estimate",
                     issues: Annotated[Literal["me", "nu", "di", "co", "hr", "ec"] | None, Query(description="estimate: fit on one topic only: me Palestinian conflict, nu nuclear weapons, di arms control, co colonialism, hr human rights, ec economic development.")] = None,
                     important_only: Annotated[bool, Query(description="estimate: fit on the US State Department's important votes only (1983-2017).")] = False,
                     level: Annotated[float, Query(description="Coverage of the interval.", gt=0, lt=1)] = 0.95,
                     limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """UN General Assembly ideal points of one state per year (higher: closer to the United States). Wraps `multivector.ideal_points`.

    A fit on a topic or on important votes takes seconds the first time it is asked for (one at a time, without
    holding back other requests); it is then cached."""
    from multivector import ideal_points, resolve_state

    years = _http.years_arg(year, start, end)
    kw = {} if source == "published" else {"issues": issues, "important_only": important_only, "level": level}
    if source == "published" and (issues is not None or important_only):
        raise InvalidArgumentError("issues and important_only apply to source=estimate only", "source")
    df = await run_heavy("ideal_points", ideal_points, state, years, source=source, **kw)
    meta = {"ccode": resolve_state(state), "years": _years_meta(years), "source": source, "sources": df.attrs.get("sources")}
    if source == "estimate":
        m = df.attrs.get("model", {})
        meta.update({"issues": issues, "important_only": important_only, "level": level,
                     "model": {k: m.get(k) for k in ("roll_calls", "bridges", "votes", "states", "iterations", "converged",
                                                     "omega2", "level_var")}})
    return _http.page_response(df, limit=limit, offset=offset, request=request, meta=meta)


# ---------------------------------------------------------------- beyond 2014: records, activism, what-if
# ``records`` (extra files) is never taken from a request: only the shipped records are used.

OrgListQ = Annotated[str | None, Query(description="Comma-separated organizations (COW or record abbreviations, e.g. OECD, EAEU); at most 20.",
                                       max_length=500)]


def _org_list(text: str | None, argument: str) -> list[str]:
    items = [x.strip() for x in (text or "").split(",") if x.strip()]
    if len(items) > 20:
        raise InvalidArgumentError(f"{argument}: at most 20 organizations per request (got {len(items)})", argument)
    return items


@router.get("/states/{state}/engagements", response_model=Page[EngagementRow], responses=CSV, summary="A state's engagements from the records")
def api_engagements(request: Request, state: StatePath, limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """Chairs, hosting, UN Security Council seats, candidacies, bids and suspensions from the sourced records (not memberships; never in tilt, hedging or evenness). Wraps `multivector.engagements`."""
    from multivector import engagements, resolve_state

    return _http.page_response(engagements(state), limit=limit, offset=offset, request=request,
                               meta={"ccode": resolve_state(state), "provenance": "record"})


@router.get("/states/{state}/activism", response_model=Page[ActivismRow], responses=CSV, summary="A state's activism per year from the records")
def api_activism(request: Request, state: StatePath, year: YearQ = None, start: FromQ = None, end: ToQ = None,
                 limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """Initiatives, chairs, hosting, bids and Security Council seats per year (default: the extended years after 2014). Wraps `multivector.activism`."""
    from multivector import activism, resolve_state

    years = _http.years_arg(year, start, end)
    return _http.page_response(activism(state, years), limit=limit, offset=offset, request=request,
                               meta={"ccode": resolve_state(state), "years": _years_meta(years), "provenance": "record"})


@router.get("/states/{state}/scenario", response_model=Page[ScenarioRow], responses=CSV, summary="What if a state joined or left organizations")
def api_scenario(request: Request, state: StatePath,
                 year: Annotated[int, Query(description="The year whose portfolio is changed (after 2014: the provisional extended panel).", ge=0, le=9999)],
                 join: OrgListQ = None, leave: OrgListQ = None, pillars: PillarsQ = None, rule: RuleQ = "majority",
                 exclude_own: ExcludeOwnQ = True, format: FormatQ = "json"):
    """Pillar shares, pillar evenness and dominant pillar before and after the changes, one row per pillar. Wraps `multivector.scenario`."""
    from multivector import resolve_state, scenario

    df = scenario(state, year, join=_org_list(join, "join"), leave=_org_list(leave, "leave"), pillars=_pillars(pillars),
                  rule=rule, exclude_own=exclude_own)
    return _http.page_response(df, limit=_http.MAX_LIMIT, offset=0, request=request,
                               meta={"ccode": resolve_state(state), "year": year, "join": join, "leave": leave,
                                     "summary": df.attrs.get("summary"), **_provisional(df, bool(df.attrs.get("extended")))})


@router.get("/pillars", response_model=Page[PillarRow], responses=CSV, summary="Pillar definitions")
def api_pillars(request: Request, pillars: PillarsQ = None, year: YearQ = None, format: FormatQ = "json"):
    """The pillars (default Russia, China, United States, European Union, Turkey) and, with `year`, their members. Wraps `multivector.pillar_table`."""
    from multivector.measures._pillars import pillar_table

    df = pillar_table(_pillars(pillars), year)
    return _http.page_response(df, limit=_http.MAX_LIMIT, offset=0, request=request, meta={"pillars": pillars, "year": year})


# ---------------------------------------------------------------- peers: compare and rank

GroupStatesQ = Annotated[str, Query(description="Comma-separated states (names, COW codes, ISO codes) or a peer group name (see /api/peer-groups).",
                                    min_length=1, max_length=1000)]
MethodQ = Annotated[Literal["signature", "kappa", "agree"] | None, Query(description="Balance method: signature or kappa (institutional), agree or kappa (diplomatic).")]


def _group_size(states: str) -> int:
    """How many states a list or a peer group name stands for (for the work cap)."""
    from multivector._errors import MultivectorError
    from multivector.measures._peers import peer_group

    if "," not in states:
        try:
            return len(peer_group(states))
        except MultivectorError:
            pass
    return _n_states(states)


@router.get("/compare", response_model=Page[CompareRow], responses=CSV, summary="Several states side by side")
def api_compare(request: Request, states: GroupStatesQ, year: YearQ = None, start: FromQ = None, end: ToQ = None,
                channel: ChannelQ = "institutional", pillars: PillarsQ = None, rule: RuleQ = "majority",
                method: MethodQ = None, exclude_own: ExcludeOwnQ = True, extended: ExtendedQ = False,
                limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """Memberships, joins, own initiatives, tilt, hedging and pillar evenness of several states over a range of years, one row per state. Wraps `multivector.compare`.

    `extended=true` uses the provisional extended panel to 2025 (evenness: institutional channel only)."""
    from multivector.measures._peers import compare

    years = _panel_years(year, start, end, extended)
    _http.check_work(years=_http.n_years(years, _igo_years(extended)), states=_group_size(states))
    df = compare(states, years, _pillars(pillars), channel, rule=rule, method=method, exclude_own=exclude_own,
                 extended=extended)
    return _http.page_response(df, limit=limit, offset=offset, request=request,
                               meta={"states": states, "years": _years_meta(years), "channel": channel, "pillars": pillars,
                                     **_provisional(df, extended)})


@router.get("/rank", response_model=Page[RankRow], responses=CSV, summary="Rank the states of a peer group")
def api_rank(request: Request,
             group: Annotated[str, Query(description="Peer group name (post-soviet, central-asia, south-caucasus, eu-members, all) or comma-separated states.",
                                         min_length=1, max_length=1000)] = "post-soviet",
             measure: Annotated[str, Query(description="joins, joins_total, initiatives, portfolio, portfolio_last, evenness, dominant_share, tilt, hedging, or share_<pillar>.",
                                           max_length=60)] = "joins",
             year: YearQ = None, start: FromQ = None, end: ToQ = None, channel: ChannelQ = "institutional",
             pillars: PillarsQ = None, rule: RuleQ = "majority", method: MethodQ = None, exclude_own: ExcludeOwnQ = True,
             extended: ExtendedQ = False, limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """The states of a group ordered by a measure over a range of years (1 = highest). Wraps `multivector.rank`.

    `extended=true` uses the provisional extended panel to 2025 (evenness: institutional channel only)."""
    from multivector.measures._peers import rank

    years = _panel_years(year, start, end, extended)
    _http.check_work(years=_http.n_years(years, _igo_years(extended)), states=_group_size(group))
    df = rank(group, measure, years, _pillars(pillars), channel, rule=rule, method=method, exclude_own=exclude_own,
              extended=extended)
    return _http.page_response(df, limit=limit, offset=offset, request=request,
                               meta={"group": group, "measure": measure, "years": _years_meta(years), "channel": channel,
                                     **_provisional(df, extended)})


@router.get("/peer-groups", response_model=Page[PeerGroupRow], responses=CSV, summary="Named peer groups")
def api_peer_groups(request: Request, format: FormatQ = "json"):
    """The named groups of states that `compare` and `rank` accept. Wraps `multivector.peer_groups`."""
    from multivector.measures._peers import peer_groups

    return _http.page_response(peer_groups(), limit=_http.MAX_LIMIT, offset=0, request=request)


# ---------------------------------------------------------------- organizations

@router.get("/organizations", response_model=Page[OrganizationRow], responses=CSV, summary="Search organizations")
def api_organizations(request: Request,
                      search: Annotated[str | None, Query(description="Words that must start words of the abbreviation or names.", max_length=200)] = None,
                      year: YearQ = None,
                      kind: Annotated[Literal["political", "social", "economic"] | None, Query(description="Functional type.")] = None,
                      limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """Organizations of the COW IGO data, by words of their names, year alive and type. Wraps `multivector.organizations`."""
    from multivector import organizations

    df = organizations(search, year, kind)
    return _http.page_response(df, limit=limit, offset=offset, request=request,
                               meta={"search": search, "year": year, "kind": kind})


@router.get("/organizations/{org}", response_model=OrganizationDetail, summary="One organization")
def api_organization(org: OrgPath):
    """Names, founding and dissolution years and functional types of one organization."""
    import json

    from multivector import organizations, resolve_organization
    from multivector.engine._resolve import org_index

    io = resolve_organization(org)
    df = organizations()
    row = json.loads(_http.records_json(df[df.ioname == io]))[0]
    row["label"] = org_index().label(io)
    row["links"] = {"page": f"/organization/{io}", "members": f"/api/organizations/{io}/members",
                    "signature": f"/api/organizations/{io}/signature"}
    return _http.json_response(row)


@router.get("/organizations/{org}/members", response_model=Page[MemberRow], responses=CSV, summary="An organization's members by year")
def api_members(request: Request, org: OrgPath, year: YearQ = None, start: FromQ = None, end: ToQ = None,
                status: StatusQ = "full", limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """The member states of an organization per year. Wraps `multivector.organization_members`."""
    from multivector import organization_members, resolve_organization

    years = _http.years_arg(year, start, end)
    df = organization_members(org, years, status=status)
    return _http.page_response(df, limit=limit, offset=offset, request=request,
                               meta={"ioname": resolve_organization(org), "years": _years_meta(years), "status": status})


@router.get("/organizations/{org}/signature", response_model=Page[SignatureRow], responses=CSV, summary="An organization's signature and category by year")
def api_signature(request: Request, org: OrgPath, year: YearQ = None, start: FromQ = None, end: ToQ = None,
                  pillars: PillarsQ = None, rule: RuleQ = "majority", extended: ExtendedQ = False,
                  limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """Which pillars are full members each year (the signature) and the category that follows. Wraps `multivector.organization_signatures`.

    With `extended=true` the years run to 2025 and organizations defined in the records (e.g. eaeu, aiib, brics) are known."""
    from multivector.measures._signatures import organization_signatures

    io = _organization(org, extended)
    years = _panel_years(year, start, end, extended)
    df = organization_signatures(years if years is not None else _igo_years(extended), _pillars(pillars), rule=rule,
                                 extended=extended)
    return _http.page_response(df[df.ioname == io], limit=limit, offset=offset, request=request,
                               meta={"ioname": io, "years": _years_meta(years), "pillars": pillars, "rule": rule,
                                     **_provisional(df, extended)})


def _organization(org: str, extended: bool) -> str:
    """A COW organization, or with ``extended`` also one defined in the shipped records (by id or abbreviation)."""
    from multivector import resolve_organization
    from multivector._errors import UnknownOrganizationError

    try:
        return resolve_organization(org)
    except UnknownOrganizationError:
        if not extended:
            raise
        from multivector import record_organizations

        rec = record_organizations()
        key = org.strip().lower()
        hit = rec[(rec.ioname.str.lower() == key) | (rec.abbreviation.str.lower() == key)]
        if len(hit):
            return str(hit.ioname.iloc[0])
        raise


@router.get("/signatures", response_model=Page[SignatureRow], responses=CSV, summary="Signatures and categories of all organizations")
def api_signatures(request: Request, year: YearQ = None, start: FromQ = None, end: ToQ = None, pillars: PillarsQ = None,
                   rule: RuleQ = "majority", extended: ExtendedQ = False,
                   limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """Signature and category of every organization alive in the years asked. Wraps `multivector.organization_signatures`.

    With `extended=true` the years run to 2025 and the organizations defined in the records are included."""
    from multivector.measures._signatures import organization_signatures

    years = _panel_years(year, start, end, extended)
    _http.check_work(years=_http.n_years(years, _igo_years(extended)), states=534, cap=_http.MAX_WORK * 5, unit="organizations")
    df = organization_signatures(years if years is not None else _igo_years(extended), _pillars(pillars), rule=rule,
                                 extended=extended)
    return _http.page_response(df, limit=limit, offset=offset, request=request,
                               meta={"years": _years_meta(years), "pillars": pillars, "rule": rule, **_provisional(df, extended)})


# ---------------------------------------------------------------- dyads

StatesQ = Annotated[str | None, Query(description="Comma-separated states (names, COW codes, ISO codes); default all.", max_length=1000)]
JointQ = Annotated[Literal["published", "full"], Query(description="Joint membership rule: published (full or associate, as the publisher's dyadic file) or full (both full members).")]

#: Largest number of dyad-years one request may compute.
MAX_DYAD_YEARS = 200_000


def _n_states(states: str | None) -> int:
    from multivector import resolve_states

    if states is None:
        return 200  # about the number of states in the system in recent years
    return len(resolve_states(states))


@router.get("/dyads", response_model=Page[DyadRow], responses=CSV, summary="Dyad-years: joint memberships and similarity")
def api_dyads(request: Request, states: StatesQ = None, year: YearQ = None, start: FromQ = None, end: ToQ = None,
              joint: JointQ = "published",
              measures: Annotated[str, Query(description="Comma-separated column groups: joint, types, table, s, kappa, pi, jaccard, rules, or all.", max_length=200)] = "joint,types,table,s,kappa,pi,jaccard",
              pairs: Annotated[Literal["among", "any"], Query(description="among: both states listed; any: at least one.")] = "among",
              directed: Annotated[bool, Query(description="Both orders of every pair.")] = False,
              limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """Dyad-year panel of joint IGO memberships and portfolio similarity. Wraps `multivector.dyads`.

    A request may compute at most 200,000 dyad-years (e.g. all pairs of states for 10 years)."""
    from multivector.engine._dyads import dyads

    years = _http.years_arg(year, start, end)
    n = _n_states(states)
    n_pairs = n * (n - 1) // 2 if (pairs == "among" and n > 1) else n * 200
    if directed:
        n_pairs *= 2
    _http.check_work(years=_http.n_years(years, _igo_years()), states=n_pairs, measures=1, cap=MAX_DYAD_YEARS,
                     unit="dyads")
    df = dyads(years, states, directed=directed, joint=joint, measures=measures.split(","), pairs=pairs)
    return _http.page_response(df, limit=limit, offset=offset, request=request,
                               meta={"states": states, "years": _years_meta(years), "joint": joint, "pairs": pairs})


@router.get("/dyads/members", response_model=Page[DyadMemberRow], responses=CSV, summary="Organization-level detail for pairs of states")
def api_dyad_members(request: Request,
                     a: Annotated[str, Query(description="First state, or several separated by commas.", min_length=1, max_length=500)],
                     b: Annotated[str, Query(description="Second state, or several separated by commas.", min_length=1, max_length=500)],
                     year: YearQ = None, start: FromQ = None, end: ToQ = None,
                     orgs: Annotated[str | None, Query(description="Comma-separated organizations (default all).", max_length=1000)] = None,
                     joint: JointQ = "published",
                     limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """For each pair, year and organization: both states' status and whether the membership is joint. Wraps `multivector.dyad_members`.

    A request may cover at most 2,000 pair-years."""
    from multivector.engine._dyads import dyad_members

    years = _http.years_arg(year, start, end)
    _http.check_work(years=_http.n_years(years, _igo_years()), states=_n_states(a) * _n_states(b), cap=2000, unit="pairs")
    df = dyad_members(a, b, years, orgs, joint=joint)
    return _http.page_response(df, limit=limit, offset=offset, request=request,
                               meta={"a": a, "b": b, "years": _years_meta(years), "joint": joint})


@router.get("/un-agreement", response_model=Page[UNAgreementRow], responses=CSV, summary="UN General Assembly voting agreement per dyad-session")
def api_un_agreement(request: Request, states: StatesQ = None, year: YearQ = None, start: FromQ = None, end: ToQ = None,
                     issues: Annotated[str | None, Query(description="Comma-separated topics: me, nu, di, co, hr, ec (or their names).", max_length=200)] = None,
                     important_only: Annotated[bool, Query(description="Only the US State Department's important votes (from 1983).")] = False,
                     drop_unanimous: Annotated[bool, Query(description="Leave out roll calls on which every voting state voted alike.")] = True,
                     pairs: Annotated[Literal["among", "any"], Query(description="among: both states listed; any: at least one.")] = "among",
                     labels: Annotated[bool, Query(description="Add the states' COW abbreviations.")] = False,
                     limit: LimitQ = _http.DEFAULT_LIMIT, offset: OffsetQ = 0, format: FormatQ = "json"):
    """Agreement of pairs of states in UN General Assembly roll calls, per session, with the number of roll calls behind each figure. Wraps `multivector.un_agreement`.

    Years are calendar years of the sessions (1946-2019). A request may compute at most 200,000 dyad-sessions."""
    from multivector.data._store import get_store
    from multivector.engine._unvotes import un_agreement

    years = _http.years_arg(year, start, end)
    n = _n_states(states)
    n_pairs = n * (n - 1) // 2 if (pairs == "among" and n > 1) else n * 200
    _http.check_work(years=_http.n_years(years, get_store().un_years), states=n_pairs, cap=MAX_DYAD_YEARS, unit="dyads")
    df = un_agreement(years, states=states, issues=issues, important_only=important_only,
                      drop_unanimous=drop_unanimous, pairs=pairs, labels=labels)
    return _http.page_response(df, limit=limit, offset=offset, request=request,
                               meta={"states": states, "years": _years_meta(years), "issues": issues,
                                     "important_only": important_only, "drop_unanimous": drop_unanimous})


# ---------------------------------------------------------------- search, citations, data

@router.get("/search", response_model=SearchResult, summary="Search states and organizations")
def api_search(q: Annotated[str, Query(description="Text to look for; typos are tolerated.", min_length=1, max_length=200)]):
    """States and organizations matching `q`, best first (exact, prefix, then close spellings)."""
    from multivector.web._search import search

    return _http.json_response(search(q))


@router.get("/cite", response_model=Citation, summary="Citations of the data sources")
def api_cite(sources: Annotated[str | None, Query(description="Comma-separated sources: cow_igo, cow_states, unga, atop, unga_idealpoints, iigo, migo, records (default: all shipped).", max_length=200)] = None,
             format: Annotated[Literal["text", "bibtex"], Query(description="Citation format.")] = "text"):
    """The citations to give for results drawn from these sources. Wraps `multivector.cite`."""
    from multivector import cite
    from multivector.data._cite import _keys

    return _http.json_response({"format": format, "sources": _keys(sources), "citation": cite(sources, format)})


@router.get("/data", response_model=DataInfo, summary="Data versions, coverage and checksums")
def api_data():
    """Versions, coverage, row counts, checksums and quality summary of the data in use. Wraps `multivector.data_info`."""
    from multivector import data_info

    info = data_info()
    info.pop("data_dir", None)  # a server path is nobody's business
    return _http.json_response(info)


def _years_meta(years):
    if years is None:
        return None
    return list(years) if isinstance(years, tuple) else years
