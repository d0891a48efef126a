"""The REST API and pages (multivector.web), through an in-process client.

Golden values were checked by hand against the published CSV files (and,
where the source files are present, are recomputed from them here).
"""

from __future__ import annotations

import inspect
import re
import typing

import pandas as pd
import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from multivector.web import _http, create_app  # noqa: E402

ERROR_KEYS = {"type", "status", "message", "argument", "suggestions"}


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(warm_up=False))


def _error(r, status):
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == ERROR_KEYS
    assert body["error"]["status"] == status
    return body["error"]


# ---------------------------------------------------------------- the one error shape

def test_error_shape_is_pinned(client):
    """Every error, whatever raised it, has exactly this shape (datasette's practice)."""
    r = client.get("/api/states/Kazakstan")
    assert r.status_code == 404
    assert r.json() == {"error": {
        "type": "UnknownStateError", "status": 404,
        "message": "Unknown state 'Kazakstan'. Did you mean: Kazakhstan (KZK, 705); Pakistan (PAK, 770); Tajikistan (TAJ, 702)?",
        "argument": "state",
        "suggestions": ["Kazakhstan (KZK, 705)", "Pakistan (PAK, 770)", "Tajikistan (TAJ, 702)"],
    }}
    # FastAPI's own validation errors, unknown paths, wrong methods and work caps: the same keys
    assert _error(client.get("/api/states", params={"year": "abc"}), 422)["type"] == "ValidationError"
    assert _error(client.get("/api/nope"), 404)["type"] == "NotFound"
    assert _error(client.post("/api/states"), 405)["type"] == "MethodNotAllowed"
    assert _error(client.get("/api/dyads"), 422)["type"] == "TooMuchWorkError"
    assert _error(client.get("/api/states/705/portfolio", params={"from": 2020}), 422)["type"] == "InvalidYearError"


def test_validation_error_names_the_argument(client):
    e = _error(client.get("/api/organizations", params={"kind": "military"}), 422)
    assert e["argument"] == "kind"
    assert "political" in e["message"]
    e = _error(client.get("/api/states", params={"limit": 0}), 422)
    assert e["argument"] == "limit"


# ---------------------------------------------------------------- states

def test_states_in_1992(client, source_dir):
    r = client.get("/api/states", params={"year": 1992, "limit": 5000})
    assert r.status_code == 200
    body = r.json()
    got = {row["ccode"] for row in body["data"]}
    st = pd.read_csv(source_dir / "cow-states" / "states2016.csv")
    expected = set(st[(st.styear <= 1992) & (st.endyear >= 1992)].ccode)
    assert got == expected
    assert 705 in got and 265 not in got  # Kazakhstan in, the GDR gone
    assert body["total"] == len(expected) and body["next"] is None


@pytest.mark.parametrize("ident", ["705", "KZK", "KZ", "KAZ", "Kazakhstan", "kazakhstan"])
def test_state_detail_by_any_identifier(client, ident):
    r = client.get(f"/api/states/{ident}")
    assert r.status_code == 200
    d = r.json()
    assert (d["ccode"], d["stateabb"], d["iso3"], d["first_year"]) == (705, "KZK", "KAZ", 1991)
    assert d["label"] == "Kazakhstan (KZK, 705)"
    assert d["links"]["page"] == "/state/705"


def test_memberships_of_kazakhstan_2014(client):
    body = client.get("/api/states/KZK/memberships", params={"year": 2014}).json()
    names = {row["ioname"] for row in body["data"]}
    assert body["total"] == 55  # counted by hand from state_year_formatv3.csv
    assert "sco" in names and "cis" in names and "nato" not in names
    assert {row["status_label"] for row in body["data"]} == {"full"}


def test_portfolio_values_and_missing_stays_null(client, source_dir):
    body = client.get("/api/states/Kazakhstan/portfolio", params={"from": 1991, "to": 2014}).json()
    rows = {r["year"]: r for r in body["data"]}
    sy = pd.read_csv(source_dir / "cow-igo-v3" / "state_year_formatv3.csv.gz")
    orgs = [c for c in sy.columns if c not in ("ccode", "year", "state")]
    kz = sy[sy.ccode == 705].set_index("year")[orgs]
    for year in (1991, 2000, 2013, 2014):
        assert rows[year]["full"] == int((kz.loc[year] == 1).sum())
    assert (rows[2013]["full"], rows[2014]["full"]) == (57, 55)
    # Kazakhstan's first year has no previous year: joins is missing (null), never 0
    assert rows[1991]["joins"] is None and rows[1991]["initial"] == 5


# ---------------------------------------------------------------- organizations

def test_organization_search_detail_and_members(client):
    found = client.get("/api/organizations", params={"search": "shanghai"}).json()
    assert [r["ioname"] for r in found["data"]] == ["sco"]
    d = client.get("/api/organizations/SCO").json()
    assert (d["ioname"], d["sdate"], d["deaddate"], d["political"]) == ("sco", 1996, None, 1)
    members = client.get("/api/organizations/sco/members", params={"year": 2014}).json()
    assert sorted(r["stateabb"] for r in members["data"]) == ["CHN", "KYR", "KZK", "RUS", "TAJ", "UZB"]


def test_organizations_alive_in_a_year_with_type(client):
    body = client.get("/api/organizations", params={"year": 2014, "kind": "political", "limit": 5000}).json()
    by = {r["ioname"]: r for r in body["data"]}
    assert by["sco"]["n_full"] == 6
    assert all(r["political"] == 1 for r in body["data"])


def test_unknown_organization_suggests(client):
    e = _error(client.get("/api/organizations/shangai"), 404)
    assert e["type"] == "UnknownOrganizationError"
    assert e["suggestions"][0].startswith("SCO ")


# ---------------------------------------------------------------- pagination and caps

def test_pagination_walks_the_whole_table_once(client):
    seen, url, pages = [], "/api/states?limit=50", 0
    while url:
        body = client.get(url).json()
        seen += [r["ccode"] for r in body["data"]]
        assert body["limit"] == 50
        url = body["next"]
        pages += 1
    assert pages == 5 and len(seen) == len(set(seen)) == 217


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 5001}, {"offset": -1}, {"limit": "x"}])
def test_bad_pagination(client, params):
    _error(client.get("/api/states", params=params), 422)


@pytest.mark.parametrize("params", [
    {"from": 2020}, {"from": 2010, "to": 2000}, {"year": 2014, "from": 2000}, {"year": 1700}, {"to": 99999},
])
def test_bad_years(client, params):
    e = _error(client.get("/api/states/705/portfolio", params=params), 422)
    assert e["message"]


def test_work_cap_says_the_cap(client):
    e = _error(client.get("/api/dyads", params={"from": 1900, "to": 2014}), 422)
    assert e["type"] == "TooMuchWorkError"
    assert "200000" in e["message"] and "dyads" in e["message"]
    e = _error(client.get("/api/dyads/members", params={"a": "KZK", "b": "RUS,CHN,USA,UKG,FRN,GMY,ITA,JPN,IND,BRA,CAN"}), 422)
    assert "2000" in e["message"]


# ---------------------------------------------------------------- dyads

def test_dyad_kazakhstan_russia_2014(client, source_dir):
    body = client.get("/api/dyads", params={"states": "Kazakhstan,Russia", "year": 2014}).json()
    (row,) = body["data"]
    sy = pd.read_csv(source_dir / "cow-igo-v3" / "state_year_formatv3.csv.gz")
    orgs = [c for c in sy.columns if c not in ("ccode", "year", "state")]
    y = sy[sy.year == 2014].set_index("ccode")[orgs]
    kz, ru = y.loc[705], y.loc[365]
    assert (row["ccode1"], row["ccode2"]) == (365, 705)
    assert row["joint"] == int((kz.isin([1, 2]) & ru.isin([1, 2])).sum()) == 47
    assert row["n11"] == int(((kz == 1) & (ru == 1)).sum())


def test_dyad_members_and_pages(client):
    body = client.get("/api/dyads/members", params={"a": "KZK", "b": "RUS", "year": 2014, "orgs": "sco,nato"}).json()
    assert [(r["ioname"], r["dyad_status"]) for r in body["data"]] == [("nato", "not_joint"), ("sco", "joint")]
    _error(client.get("/api/dyads/members", params={"a": "KZK", "b": "KZK", "year": 2014}), 422)
    _error(client.get("/api/dyads", params={"year": 2014, "measures": "bogus"}), 422)


# ---------------------------------------------------------------- search, cite, data

def test_search_tolerates_typos(client):
    body = client.get("/api/search", params={"q": "Kazakstan"}).json()
    assert body["states"][0] == {"kind": "state", "id": "705", "label": "Kazakhstan (KZK, 705)", "url": "/state/705"}
    body = client.get("/api/search", params={"q": "shangai"}).json()
    assert body["organizations"][0]["id"] == "sco"
    _error(client.get("/api/search", params={"q": ""}), 422)


def test_cite_and_data(client):
    c = client.get("/api/cite", params={"sources": "cow_igo"}).json()
    assert c["sources"] == ["cow_igo"] and "Pevehouse" in c["citation"]
    assert client.get("/api/cite", params={"format": "bibtex"}).json()["citation"].startswith("@")
    assert _error(client.get("/api/cite", params={"sources": "wikipedia"}), 422)["argument"] == "sources"
    _error(client.get("/api/cite", params={"format": "ris"}), 422)
    info = client.get("/api/data").json()
    assert info["coverage"]["igo_years"] == [1816, 2014]
    assert "data_dir" not in info  # no server paths in answers


# ---------------------------------------------------------------- HTTP behaviour

def test_caching_headers_and_revalidation(client):
    from multivector.data._store import get_store

    r = client.get("/api/states/705")
    etag = r.headers["etag"]
    assert etag.startswith('W/"') and r.headers["cache-control"] == "public, max-age=3600"
    assert client.get("/api/organizations/sco").headers["etag"] == etag  # one data release, one tag
    r2 = client.get("/api/states/705", headers={"If-None-Match": etag})
    assert r2.status_code == 304 and r2.content == b""
    # the tag follows the data: another checksum in the manifest gives another tag
    from multivector.web import _http

    store = get_store()
    saved = store.manifest["tables"]["states"]["sha256"]
    try:
        store.manifest["tables"]["states"]["sha256"] = "0" * 64
        _http._etags.clear()
        assert _http.data_etag() != etag
    finally:
        store.manifest["tables"]["states"]["sha256"] = saved
        _http._etags.clear()
    assert "etag" not in client.get("/api/states/Kazakstan").headers  # errors are not cached


def test_head_and_gzip(client):
    r = client.head("/api/states")
    assert r.status_code == 200 and r.content == b""
    # served from the in-memory cache, with and without compression, in any order
    for enc in ("gzip", "gzip", "identity", "gzip"):
        r = client.get("/api/states", headers={"Accept-Encoding": enc})
        assert (r.headers.get("content-encoding") == "gzip") == (enc == "gzip")
        assert r.json()["total"] == 217


def test_cors_off_by_default_and_on_when_asked():
    origin = {"Origin": "https://example.org"}
    off = TestClient(create_app(warm_up=False)).get("/api/states/705", headers=origin)
    assert "access-control-allow-origin" not in off.headers
    on = TestClient(create_app(warm_up=False, cors_origins=["https://example.org"])).get("/api/states/705", headers=origin)
    assert on.headers["access-control-allow-origin"] == "https://example.org"


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_read_only(client, method):
    e = _error(getattr(client, method)("/api/states/705"), 405)
    assert "read-only" in e["message"]


def test_openapi_documents_every_parameter(client):
    from multivector.web import _api

    spec = client.get("/api/openapi.json").json()
    routes = {r.path: r for r in _api.router.routes}
    assert set(spec["paths"]) == set(routes)
    for path, ops in spec["paths"].items():
        (op,) = ops.values()
        assert set(ops) == {"get"}
        names = {p["name"] for p in op.get("parameters", [])}
        hints = typing.get_type_hints(routes[path].endpoint, include_extras=True)
        expected = set()
        for name in inspect.signature(routes[path].endpoint).parameters:
            if name == "request":
                continue
            alias = next((m.alias for m in getattr(hints[name], "__metadata__", ()) if getattr(m, "alias", None)), None)
            expected.add(alias or name)
        assert names == expected, path
        for p in op.get("parameters", []):
            assert p.get("description"), f"{path}: parameter {p['name']} has no description"
        assert op.get("summary") and op.get("description"), path
        for status in ("404", "422"):
            ref = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ErrorResponse")
        content = op["responses"]["200"]["content"]
        assert content.get("application/json", {}).get("schema") or content.get("text/html"), path


# ---------------------------------------------------------------- pages

def test_pages_render(client):
    home = client.get("/")
    assert home.status_code == 200 and 'action="/search"' in home.text
    r = client.get("/state/705", params={"from": 2000, "to": 2014})
    assert r.status_code == 200
    assert "<h1>Kazakhstan</h1>" in r.text and 'id="chart-memberships"' in r.text
    assert "Organizations in 2014" in r.text and "/organization/sco" in r.text
    r = client.get("/organization/sco")
    assert r.status_code == 200 and "Member states in 2014" in r.text and "/state/705" in r.text
    assert "category <strong>russia+china</strong>" in r.text and 'id="chart-category"' in r.text
    r = client.get("/compare", params={"states": "KZK,UZB", "from": 1991, "to": 2014})
    assert r.status_code == 200 and "Kazakhstan (KZK, 705)" in r.text and 'id="chart-compare"' in r.text
    r = client.get("/dyad", params={"a": "KZK", "b": "RUS"})
    assert r.status_code == 200 and "Shared organizations in 2014" in r.text and 'id="chart-un"' in r.text
    assert client.get("/api").status_code == 200


def test_search_page_redirects_on_one_hit_and_lists_otherwise(client):
    r = client.get("/search", params={"q": "Kazakstan"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/state/705?searched=Kazakstan"  # the page says what it shows
    r = client.get("/search", params={"q": "germny"})
    assert r.status_code == 200 and "/state/255" in r.text


def test_page_errors_are_pages_without_traces(client):
    r = client.get("/state/Kazakstan")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert 'href="/state/705"' in r.text and "Traceback" not in r.text
    r = client.get("/state/705", params={"from": 2030})
    assert r.status_code == 422 and "2030 is outside the data" in r.text
    r = client.get("/state/705", params={"pillars": "/etc/passwd.toml"})
    assert r.status_code == 422 and "not a pillar key" in r.text
    r = client.get("/compare", params={"states": "KZK", "measure": "gdp"})
    assert r.status_code == 422 and "valid: full" in r.text
    assert client.get("/state/705", params={"from": "abc"}).status_code == 422


KZ_1850 = "Kazakhstan (KZK, 705) was not in the state system in 1900-1950 (it was in 1991-2016)."
GDR_2000 = ("German Democratic Republic (GDR, 265) was not in the state system in 2000-2010 (it was in 1954-1990). "
            "Did you mean: Germany (GMY, 255)?")


@pytest.mark.parametrize("url, notice", [
    ("/state/Kazakhstan?from=1900&to=1950", KZ_1850),
    ("/state/Kazakhstan?year=1950", "Kazakhstan (KZK, 705) was not in the state system in 1950 (it was in 1991-2016)."),
    ("/organization/SCO?from=1980&to=1990", "SCO (Shanghai Cooperation Organisation) did not exist in 1980-1990 (it did in 1996-2014)."),
    ("/organization/SCO?year=1990", "SCO (Shanghai Cooperation Organisation) did not exist in 1990 (it did in 1996-2014)."),
    ("/compare?states=Kazakhstan,GDR&from=2000&to=2010", GDR_2000),
    ("/dyad?a=Kazakhstan&b=Taiwan&from=2000&to=2010", "Taiwan (TAW, 713) cast no UN General Assembly vote in 2000-2010 (it voted in 1946-1971)."),
])
def test_pages_say_why_outside_a_life(client, url, notice):
    """The library refuses a question outside a life (issue 11); a page shows its sentence as a notice and still
    renders the form (it relied on empty frames before). The API answers the same question with a 422."""
    import html

    r = client.get(url)
    assert r.status_code == 200, r.text[:300]
    assert f'<p class="notice">{html.escape(notice, quote=False)}</p>' in r.text.replace("&#39;", "'")


def test_api_refuses_questions_outside_a_life(client):
    e = _error(client.get("/api/states/Kazakhstan/portfolio", params={"from": 1900, "to": 1950}), 422)
    assert e["message"] == KZ_1850.rstrip(".").replace("Kazakhstan", "years: Kazakhstan", 1) and e["argument"] == "years"
    e = _error(client.get("/api/organizations/SCO/members", params={"year": 1990}), 422)
    assert e["message"].startswith("years: SCO (Shanghai Cooperation Organisation) did not exist in 1990")
    e = _error(client.get("/api/dyads/members", params={"a": "Kazakhstan", "b": "GDR", "year": 2014}), 422)
    assert "German Democratic Republic (GDR, 265) was not in the state system in 2014" in e["message"]


def test_no_cdn_everything_served_locally(client):
    for url in ("/", "/state/705", "/organization/sco", "/compare?states=KZK,UZB", "/dyad?a=KZK&b=RUS"):
        html = client.get(url).text
        assert "<script src=\"http" not in html and "<link rel=\"stylesheet\" href=\"http" not in html
    from multivector.web import _bundle

    r = client.get(_bundle.url(), headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/javascript")
    assert "immutable" in r.headers["cache-control"]
    assert b"vegaEmbed" in r.content
    assert client.get(_bundle.url(), headers={"If-None-Match": r.headers["etag"]}).status_code == 304
    assert client.get("/static/app.js").status_code == 200


# ---------------------------------------------------------------- extra and CLI

def test_missing_extra_gives_the_install_line(monkeypatch):
    import importlib.util

    from multivector import MissingExtraError
    from multivector.web import require_web_extra

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a))
    with pytest.raises(MissingExtraError, match=r"pip install 'multivector\[web\]'"):
        require_web_extra()


def test_serve_command(runner, cli, monkeypatch):
    import importlib.util

    r = runner.invoke(cli, ["serve", "--help"])
    assert r.exit_code == 0 and "--workers" in r.output and "--reload" in r.output
    r = runner.invoke(cli, ["serve", "--reload", "--workers", "2"])
    assert r.exit_code == 1 and "cannot be combined" in r.output
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "fastapi" else real(name, *a))
    r = runner.invoke(cli, ["serve"])
    assert r.exit_code == 1 and "pip install 'multivector[web]'" in r.output


# ---------------------------------------------------------------- UN agreement

def test_un_agreement_russia_china_2019(client, source_dir):
    body = client.get("/api/un-agreement", params={"states": "Russia,China", "year": 2019}).json()
    (row,) = body["data"]
    # independently: session 74, roll calls where not every voting state voted alike, both voted
    votes = pd.read_csv(source_dir / "unga" / "un_votes.csv.gz")
    rc = pd.read_csv(source_dir / "unga" / "un_roll_calls.csv.gz")
    v = votes[votes.rcid.isin(rc[rc.session == 74].rcid)]
    split = v.groupby("rcid").vote.nunique()
    v = v[v.rcid.isin(split[split > 1].index)]
    ru = v[v.country_code == "RU"].set_index("rcid").vote
    cn = v[v.country_code == "CN"].set_index("rcid").vote
    both = ru.index.intersection(cn.index)
    score = {"yes": 1.0, "abstain": 0.5, "no": 0.0}
    agree = 1 - (ru[both].map(score) - cn[both].map(score)).abs()
    assert (row["session"], row["ccode1"], row["ccode2"]) == (74, 365, 710)
    assert row["n_votes"] == len(both) == 87
    assert row["agree"] == pytest.approx(agree.mean(), abs=1e-9)


def test_un_agreement_bad_input(client):
    assert _error(client.get("/api/un-agreement"), 422)["type"] == "TooMuchWorkError"
    assert _error(client.get("/api/un-agreement", params={"year": 1900}), 422)["type"] == "InvalidYearError"
    assert _error(client.get("/api/un-agreement", params={"year": 2019, "issues": "xx"}), 422)["argument"] == "issues"
    assert _error(client.get("/api/un-agreement", params={"year": 2019, "pairs": "some"}), 422)["argument"] == "pairs"
    assert _error(client.get("/api/un-agreement", params={"states": "Atlantis", "year": 2019}), 404)["argument"]


# ---------------------------------------------------------------- balance, alignment, signatures

def test_evenness_of_kazakhstan_2014(client):
    body = client.get("/api/states/Kazakhstan/evenness", params={"year": 2014, "bootstrap": 0}).json()
    (row,) = body["data"]
    assert (row["year"], row["n"], row["dominant"], row["channel"]) == (2014, 24, "russia", "institutional")
    assert row["versus_chance"] == "less even than chance" and row["chance_lo"] < row["chance_hi"]
    shares = {k[6:]: v for k, v in row.items() if k.startswith("share_")}
    assert sum(shares.values()) == pytest.approx(1)
    # evenness is the normalised entropy of the shares (docs/methodology.md, "Pillar evenness")
    p = [v for v in shares.values() if v]
    import math

    assert row["evenness"] == pytest.approx(-sum(x * math.log(x) for x in p) / math.log(row["n_pillars"]))
    assert row["evenness_lo"] is None  # no bootstrap asked: no interval, not 0


def test_evenness_intervals_are_reproducible_and_capped(client):
    q = {"from": 2000, "to": 2014, "bootstrap": 100}
    a = client.get("/api/states/KZK/evenness", params=q).json()["data"]
    b = TestClient(create_app(warm_up=False, cache_entries=0)).get("/api/states/KZK/evenness", params=q).json()["data"]
    assert a == b  # a URL always gives the same answer (fixed default seed), as its ETag promises
    assert all(r["evenness_lo"] <= r["evenness"] <= r["evenness_hi"] for r in a)
    e = _error(client.get("/api/states/USA/evenness", params={"bootstrap": 2000}), 422)
    assert e["type"] == "TooMuchWorkError" and "at most 250000" in e["message"]
    assert "x 2000 bootstrap replicates =" in e["message"]  # replicates, not "measures" (issue 11)


@pytest.mark.parametrize("params,status,argument", [
    ({"pillars": "/etc/passwd.toml"}, 422, "pillars"),  # a web request must never name a file
    ({"pillars": "russia\nchina"}, 422, "pillars"),
    ({"pillars": "atlantis"}, 404, "pillars"),
    ({"channel": "military"}, 422, "channel"),
    ({"method": "agree", "year": 2014}, 422, "method"),
    ({"bootstrap": -1}, 422, "bootstrap"),
    ({"level": 1.5}, 422, "level"),
])
def test_evenness_bad_input(client, params, status, argument):
    assert _error(client.get("/api/states/KZK/evenness", params=params), status)["argument"] == argument


def test_alignment_both_channels(client):
    inst = client.get("/api/states/KZK/alignment", params={"year": 2014}).json()["data"]
    by = {r["pillar"]: r for r in inst}
    assert by["russia"]["n_orgs"] == 24 and by["russia"]["share"] == pytest.approx(0.4930555, abs=1e-6)
    dip = client.get("/api/states/KZK/alignment", params={"year": 2014, "channel": "diplomatic"}).json()["data"]
    assert {r["pillar"] for r in dip} == {"russia", "china", "usa", "eu", "turkey"}
    assert all(r["n_votes"] > 0 and 0 <= r["agree"] <= 1 for r in dip)


def test_signature_of_sco_and_pillars(client):
    rows = client.get("/api/organizations/sco/signature", params={"from": 2013, "to": 2014}).json()["data"]
    assert [(r["year"], r["signature"], r["category"]) for r in rows] == [(2013, "russia+china", "russia+china"),
                                                                          (2014, "russia+china", "russia+china")]
    nato = client.get("/api/signatures", params={"year": 2014, "limit": 5000}).json()["data"]
    assert {r["ioname"]: r["category"] for r in nato}["nato"] == "western"
    eu = {r["pillar"]: r for r in client.get("/api/pillars", params={"year": 1995}).json()["data"]}["eu"]
    assert eu["n_members"] == 15  # the EU of 1995: twelve plus Austria, Finland, Sweden
    assert _error(client.get("/api/signatures"), 422)["type"] == "TooMuchWorkError"


def test_state_page_channels_and_pillars(client):
    r = client.get("/state/705", params={"channel": "diplomatic", "from": 1992, "to": 2019, "pillars": ["russia", "china"]})
    assert r.status_code == 200
    for chart in ("chart-evenness", "chart-alignment", "chart-un"):
        assert f'id="{chart}"' in r.text
    assert 'value="russia" checked' in r.text and 'value="usa" checked' not in r.text
    r = client.get("/state/705", params={"from": 2015, "to": 2019})
    assert r.status_code == 200 and "choose the diplomatic channel" in r.text


# ---------------------------------------------------------------- compare and rank

def test_compare_agrees_with_the_portfolio_endpoint(client):
    rows = {r["stateabb"]: r for r in client.get("/api/compare", params={"states": "Kazakhstan,Uzbekistan", "from": 1992, "to": 2014}).json()["data"]}
    assert set(rows) == {"KZK", "UZB"}
    for abb in ("KZK", "UZB"):
        pf = client.get(f"/api/states/{abb}/portfolio", params={"from": 1992, "to": 2014}).json()["data"]
        assert rows[abb]["full_last"] == pf[-1]["full"]
        assert rows[abb]["joins_total"] == sum(r["joins"] for r in pf)
        assert rows[abb]["full_mean"] == pytest.approx(sum(r["full"] for r in pf) / len(pf))
    assert rows["KZK"]["full_last"] == 55


def test_rank_central_asia_by_joins(client):
    body = client.get("/api/rank", params={"group": "central-asia", "measure": "joins", "from": 1992, "to": 2014}).json()
    ranked = [(r["rank"], r["stateabb"]) for r in body["data"]]
    assert ranked[0] == (1, "KZK") and len(ranked) == 5
    values = [r["value"] for r in body["data"]]
    assert values == sorted(values, reverse=True)
    assert all(r["value"] == pytest.approx(r["joins_per_year"]) for r in body["data"])
    groups = {g["group"]: g for g in client.get("/api/peer-groups").json()["data"]}
    assert groups["central-asia"]["n_states"] == 5


def test_compare_and_rank_bad_input(client):
    assert _error(client.get("/api/compare"), 422)["argument"] == "states"
    assert _error(client.get("/api/compare", params={"states": "all"}), 422)["type"] == "TooMuchWorkError"
    assert _error(client.get("/api/rank", params={"measure": "gdp"}), 422)["argument"] == "measure"
    assert _error(client.get("/api/rank", params={"group": "Atlantis"}), 404)["suggestions"] is not None
    assert _error(client.get("/api/rank", params={"group": "all"}), 422)["type"] == "TooMuchWorkError"


def test_compare_page_groups_and_balance(client):
    r = client.get("/compare", params={"states": "central-asia", "from": 1992, "to": 2014, "measure": "evenness"})
    assert r.status_code == 200 and 'id="chart-compare"' in r.text and "Turkmenistan" in r.text
    assert "Summary, 1992–2014" in r.text
    # any group size: all states on one chart, the focus highlighted and the others grey (issue 12)
    r = client.get("/compare", params={"states": "all", "from": 2013, "to": 2014})
    assert r.status_code == 200 and "draws the others in grey" in r.text


# ---------------------------------------------------------------- country brief

def test_country_brief_as_html(client):
    r = client.get("/api/states/Kazakhstan/brief", params={"from": 1991, "to": 2014})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.text.startswith("<!DOCTYPE html>") and "Kazakhstan" in r.text
    assert "<script src=\"http" not in r.text  # self-contained, offline
    r = client.get("/api/states/705/brief", params={"from": 1991, "to": 2014, "download": True})
    assert r.headers["content-disposition"] == 'attachment; filename="multivector-brief-KZK-1991-2014.html"'
    assert _error(client.get("/api/states/Atlantis/brief"), 404)["type"] == "UnknownStateError"
    assert _error(client.get("/api/states/705/brief", params={"from": 2010, "to": 2000}), 422)["type"] == "InvalidYearError"
    assert 'id="brief-link"' in client.get("/state/705").text


# ---------------------------------------------------------------- beyond 2014: records, activism, what-if

def test_engagements_and_activism_from_the_records(client, source_dir):
    rec = pd.read_csv(source_dir / "records" / "post-soviet-events-2015-2025.csv")
    engagement = ["chair", "host", "unsc_seat", "candidate_status", "partner", "suspended", "bid"]  # docs/records.md
    kz = rec[(rec.state == "Kazakhstan") & rec.event.isin(engagement)]
    rows = client.get("/api/states/Kazakhstan/engagements").json()["data"]
    assert {(r["org"], r["event"]) for r in rows} == set(zip(kz.org, kz.event))
    unsc = [r for r in rows if r["event"] == "unsc_seat"]
    assert [(r["year_from"], r["year_to"], r["provenance"]) for r in unsc] == [(2017, 2018, "record")]
    act = {r["year"]: r for r in client.get("/api/states/KZK/activism", params={"from": 2015, "to": 2018}).json()["data"]}
    assert act[2017]["unsc_seats"] == 1 and act[2018]["unsc_seats"] == 1 and act[2016]["unsc_seats"] == 0


def test_scenario_what_if(client):
    body = client.get("/api/states/KZK/scenario", params={"year": 2014, "join": "OECD", "leave": "CSTO"}).json()
    by = {r["pillar"]: r for r in body["data"]}
    assert by["russia"]["share_change"] < 0 < by["usa"]["share_change"]
    assert sum(r["share_after"] for r in body["data"] if r["share_after"] is not None) == pytest.approx(1)
    assert body["meta"]["summary"].startswith("Pillar evenness 0.829 -> 0.865")
    assert _error(client.get("/api/states/KZK/scenario", params={"year": 2014, "join": "SCO"}), 422)["argument"] == "join"
    assert _error(client.get("/api/states/KZK/scenario", params={"year": 2014, "join": "nonsense"}), 404)["argument"] == "join"
    assert _error(client.get("/api/states/KZK/scenario"), 422)["argument"] == "year"
    many = ",".join(["OECD"] * 21)
    assert "at most 20" in _error(client.get("/api/states/KZK/scenario", params={"year": 2014, "join": many}), 422)["message"]


def test_tables_as_csv(client):
    import io

    r = client.get("/api/states/705/portfolio", params={"from": 1991, "to": 1993, "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    df = pd.read_csv(io.StringIO(r.text))
    assert df.full.tolist() == [5, 20, 26]
    assert df.joins.isna().tolist() == [True, False, False]  # missing is an empty cell, never 0
    r = client.get("/api/states", params={"format": "csv", "limit": 2})
    assert r.headers["x-total-count"] == "217"
    assert r.headers["link"] == '</api/states?format=csv&limit=2&offset=2>; rel="next"'
    assert _error(client.get("/api/states", params={"format": "xml"}), 422)["argument"] == "format"


def test_serve_starts_a_server_on_loopback(tmp_path):
    """`multivector serve` for real: a child process on a free loopback port answers, then stops."""
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(tmp_path / "serve.log", "w+")
    proc = subprocess.Popen([sys.executable, "-c", "from multivector.cli import main; main()", "serve", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/states/705", timeout=5)
                break
            except httpx.HTTPError:
                assert proc.poll() is None and time.time() < deadline, "server did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["stateabb"] == "KZK"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    log.seek(0)
    out = log.read()
    assert f"multivector explorer on http://localhost:{port}/" in out
    assert '"GET /api/states/705 HTTP/1.1" 200' in out  # access log


def test_server_side_failures_keep_paths_out_of_answers(monkeypatch, tmp_path):
    """A data problem is a 500 in the one error shape, without the server's file paths; bugs likewise."""
    from multivector import DataError
    from multivector.web import _api

    def broken(*a, **k):
        raise DataError(f"Data file missing: {tmp_path}/states.parquet; rebuild with 'multivector data build'")

    monkeypatch.setattr(_api._http, "states_table", broken)
    monkeypatch.setattr(_api._http, "state_record", broken)  # the state detail reads its prepared rows
    c = TestClient(create_app(warm_up=False, cache_entries=0), raise_server_exceptions=False)
    e = _error(c.get("/api/states/705"), 500)
    assert e["type"] == "DataError" and str(tmp_path) not in e["message"]
    r = c.get("/state/705")
    assert r.status_code == 500 and str(tmp_path) not in r.text and "Traceback" not in r.text

    monkeypatch.setattr(_api._http, "state_record", lambda c: 1 / 0)
    e = _error(c.get("/api/states/705"), 500)
    assert e["type"] == "InternalError" and "ZeroDivision" not in e["message"]


def test_security_headers(client):
    page = client.get("/state/705")
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp  # pages may not call other sites
    assert page.headers["x-content-type-options"] == "nosniff"
    api = client.get("/api/states/705")
    assert api.headers["x-content-type-options"] == "nosniff" and "content-security-policy" not in api.headers


def test_whatif_page(client):
    r = client.get("/whatif", params={"state": "Kazakhstan", "year": 2014, "join": "OECD", "leave": "CSTO"})
    assert r.status_code == 200 and "Pillar evenness 0.829 -&gt; 0.865" in r.text and "Russia" in r.text
    r = client.get("/whatif", params={"state": "KZK", "year": 2014, "join": "SCO"})
    assert r.status_code == 422 and "already a full member of SCO" in r.text
    assert client.get("/whatif").status_code == 200


# ---------------------------------------------------------------- the provisional extended panel (extended=true)

MEMBERSHIP_EVENTS = ["founded_as_member", "joined_full"]  # docs/records.md: events that make a full member


def test_extended_portfolio_and_memberships_of_kazakhstan(client, source_dir):
    """Checked against the shipped records CSV: Kazakhstan's full-membership events dated 2015 are the AIIB, the
    C5+1, the EAEU (as a founder, 2015-01-01, succeeding the COW EAEC) and the WTO (2015-11-30)."""
    rec = pd.read_csv(source_dir / "records" / "post-soviet-events-2015-2025.csv", dtype={"date": str})
    kz15 = rec[(rec.state == "Kazakhstan") & rec.event.isin(MEMBERSHIP_EVENTS) & rec.date.str.startswith("2015")]
    assert set(kz15.org) == {"AIIB", "C5+1", "EAEU", "WTO"}

    body = client.get("/api/states/Kazakhstan/portfolio", params={"from": 2014, "to": 2016, "extended": "true"}).json()
    rows = {r["year"]: r for r in body["data"]}
    assert sorted(rows) == [2014, 2015, 2016]
    assert rows[2015]["joins"] == len(kz15) and rows[2015]["exits"] == 0
    assert rows[2015]["dissolved"] == 1  # the EAEC, which the EAEU succeeds
    assert rows[2015]["full"] == rows[2014]["full"] + len(kz15) - 1
    assert rows[2015]["provenance"] in {"carried", "record", "confirmed", "mixed"}  # never "cow" after 2014
    assert rows[2016]["provenance"] != "cow"
    meta = body["meta"]
    assert meta["provisional"] is True and meta["extended"] is True
    assert meta["note"].startswith("Provisional") and "records" in meta["sources"]

    m = client.get("/api/states/KZK/memberships", params={"year": 2015, "extended": "true"}).json()
    prov = {r["ioname"]: r["provenance"] for r in m["data"]}
    assert prov["eaeu"] == "record" and prov["wto"] == "record" and prov["sco"] == "confirmed"  # SCO records complete (coverage)
    assert prov["un"] == "carried"  # no coverage statement: the 2014 status carried
    assert "eaec" not in prov and m["meta"]["provisional"] is True

    # the published data stay the default and are not provisional
    cow = client.get("/api/states/KZK/portfolio", params={"year": 2014}).json()
    assert cow["meta"]["provisional"] is False and "provenance" not in cow["data"][0]
    # CSV has no meta: a header and the provenance column say it instead
    r = client.get("/api/states/KZK/portfolio", params={"year": 2015, "extended": "true", "format": "csv"})
    assert r.headers["x-provisional"] == "true" and "provenance" in r.text.splitlines()[0]


@pytest.mark.parametrize("url,params", [
    ("/api/states/KZK/portfolio", {"from": 2010, "to": 2015}),
    ("/api/states/KZK/memberships", {"year": 2020}),
    ("/api/states/KZK/evenness", {"year": 2016, "bootstrap": 0}),
    ("/api/states/KZK/alignment", {"from": 2015}),
    ("/api/compare", {"states": "KZK,UZB", "from": 2014, "to": 2020}),
    ("/api/rank", {"group": "central-asia", "year": 2016}),
    ("/api/organizations/sco/signature", {"year": 2016}),
    ("/api/signatures", {"year": 2016}),
])
def test_years_after_2014_need_extended(client, url, params):
    e = _error(client.get(url, params=params), 422)
    assert e["type"] == "InvalidYearError" and e["argument"] in params
    assert "after the COW IGO data (1816-2014)" in e["message"] and "add extended=true" in e["message"]
    r = client.get(url, params={**params, "extended": "true"})
    assert r.status_code == 200, r.text[:300]
    assert r.json()["meta"]["provisional"] is True


def test_extended_balance_compare_rank_and_signatures(client, source_dir):
    rec = pd.read_csv(source_dir / "records" / "post-soviet-events-2015-2025.csv", dtype={"date": str})
    eaeu15 = rec[(rec.org == "EAEU") & rec.event.isin(MEMBERSHIP_EVENTS) & rec.date.str.startswith("2015")]
    assert set(eaeu15.state) == {"Russia", "Belarus", "Kazakhstan", "Armenia", "Kyrgyzstan"}
    sig = client.get("/api/organizations/EAEU/signature", params={"from": 2015, "to": 2016, "extended": "true"}).json()
    first = sig["data"][0]
    assert (first["year"], first["n_full"], first["signature"], first["category"]) == (2015, len(eaeu15), "russia", "russia-centred")
    assert sig["meta"]["provisional"] is True
    assert _error(client.get("/api/organizations/EAEU/signature", params={"year": 2014}), 404)["type"] == "UnknownOrganizationError"  # records only

    bal = client.get("/api/states/KZK/evenness", params={"from": 2014, "to": 2025, "extended": "true", "bootstrap": 20}).json()
    assert [r["year"] for r in bal["data"]] == list(range(2014, 2026)) and bal["meta"]["provisional"] is True
    assert all(0 < r["evenness"] <= 1 for r in bal["data"])
    # the extended panel has no UN votes; beyond its last year is an error too
    e = _error(client.get("/api/states/KZK/evenness", params={"year": 2016, "channel": "diplomatic", "extended": "true"}), 422)
    assert e["argument"] == "extended" and "institutional" in e["message"]
    assert "extended panel (1816-2025)" in _error(client.get("/api/states/KZK/portfolio", params={"to": 2030, "extended": "true"}), 422)["message"]

    cmp = client.get("/api/compare", params={"states": "KZK,UZB", "from": 2015, "to": 2020, "extended": "true"}).json()
    kz = next(r for r in cmp["data"] if r["ccode"] == 705)
    assert kz["full_first"] == 60 and cmp["meta"]["provisional"] is True  # 2015, as the extended portfolio above
    rk = client.get("/api/rank", params={"group": "central-asia", "measure": "joins_total", "from": 2015, "to": 2025, "extended": "true"}).json()
    assert rk["meta"]["provisional"] is True and {r["ccode"] for r in rk["data"]} == {701, 702, 703, 704, 705}  # the five Central Asian states

    # a what-if after 2014 uses the extended panel and says so
    sc = client.get("/api/states/KZK/scenario", params={"year": 2020, "join": "OECD"}).json()
    assert sc["meta"]["provisional"] is True and all(r["extended"] for r in sc["data"])


def test_state_page_extended_toggle_and_whatif_form(client):
    r = client.get("/state/705", params={"extended": 1})
    assert r.status_code == 200
    assert 'id="provisional-note"' in r.text and "Provisional: after 2014 these figures come from sourced records" in r.text
    assert 'name="extended" id="extended" value="1" checked' in r.text
    assert "Organizations in 2025" in r.text and "<th scope=\"col\">Provenance</th>" in r.text
    assert "memberships in IGOs (provisional after 2014)" in r.text and 'id="chart-engagements"' in r.text
    assert "/api/states/705/portfolio?from=1991&amp;to=2025&amp;extended=true" in r.text
    # the what-if form submits to /whatif with the state filled in
    assert 'action="/whatif"' in r.text and '<input type="hidden" name="state" value="705">' in r.text
    plain = client.get("/state/705")
    assert 'id="provisional-note"' not in plain.text and "Organizations in 2014" in plain.text
    assert 'id="extended" value="1" data' in plain.text.replace("\n    ", " ")  # unchecked
    e = client.get("/state/705", params={"to": 2020})
    assert e.status_code == 422 and "Extended panel" in e.text
    # the what-if page after 2014: provisional and linked back to the extended country page
    w = client.get("/whatif", params={"state": "705", "year": 2020, "join": "OECD"})
    assert w.status_code == 200 and 'id="provisional-note"' in w.text and 'href="/state/705?extended=1"' in w.text
    for params, status, text in [({"state": "705", "year": 2014, "join": "OECDD"}, 404, "Did you mean: OECD"),
                                 ({"state": "Kazakstan", "year": 2014, "join": "OECD"}, 404, "Did you mean: Kazakhstan"),
                                 ({"state": "705", "year": 2030, "join": "OECD"}, 422, "outside the extended panel"),
                                 ({"state": "705", "year": 2014, "join": "EAEU"}, 422, "defined in the records")]:
        r = client.get("/whatif", params=params)
        assert r.status_code == status and text in r.text and "Traceback" not in r.text, params


# ---------------------------------------------------------------- an HTTP layer that never lies (issue 11)

@pytest.mark.parametrize("url, status", [
    ("/api/states/Kazakstan/portfolio", 404),  # with the deployment's ETag these answered 304
    ("/api/states/705/portfolio?from=1700", 422),
    ("/api/states/705/evenness?bootstrap=-1", 422),
    ("/state/Kazakstan", 404),
    ("/api/no/such/path", 404),
])
def test_a_matching_etag_never_turns_an_error_into_304(url, status):
    c = TestClient(create_app(warm_up=False))
    etag = c.get("/api/states/705").headers["etag"]  # the deployment's ETag: one per data release
    r = c.get(url, headers={"If-None-Match": etag})
    assert r.status_code == status, (url, r.status_code)
    assert c.get(url, headers={"If-None-Match": "*"}).status_code == status


def test_304_only_for_an_answer_that_is_a_success():
    c = TestClient(create_app(warm_up=False, cache_entries=0))  # no cache: the request is validated by running it
    etag = c.get("/api/states/705").headers["etag"]
    r = c.get("/api/states/705/portfolio?from=1991&to=2014", headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.content == b"" and r.headers["etag"] == etag
    assert c.get("/api/states/705/portfolio?from=1991&to=2014", headers={"If-None-Match": 'W/"other"'}).status_code == 200


def test_every_html_answer_has_the_pages_security_headers(client):
    pages = ["/state/705", "/state/Kazakstan", "/no/such/page", "/api"]
    for url in pages:
        r = client.get(url)
        assert r.headers["content-type"].startswith("text/html"), url
        assert r.headers["content-security-policy"] == _http.CSP, url
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"] == "same-origin", url
    brief = client.get("/api/states/705/brief", params={"from": 2013, "to": 2014})
    csp = brief.headers["content-security-policy"]
    # the pages' policy, with the brief's own inline scripts allowed by hash (and nothing else inline)
    hashes = re.findall(r"'sha256-[A-Za-z0-9+/=]+'", csp)
    import base64
    import hashlib

    scripts = re.findall(r"<script>(.*?)</script>", brief.text, flags=re.S)
    assert len(scripts) == 2 and sorted(hashes) == sorted(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts)
    assert csp.replace(" " + " ".join(hashes), "") == _http.CSP
    assert brief.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("url", ["/state/{x}", "/organization/{x}", "/dyad?a={x}&b=RUS", "/whatif?state={x}&year=2014&join=OECD",
                                 "/api/states/{x}", "/api/organizations/{x}"])
def test_one_cap_on_name_length_everywhere(client, url):
    """A 100 KB name was echoed into a 101 KB 404 page while the API capped the same name at 100 characters."""
    r = client.get(url.format(x="x" * 101))
    assert r.status_code == 422 and len(r.content) < 5000, (url, r.status_code, len(r.content))
    assert f"at most {_http.MAX_NAME_LENGTH} characters" in r.text
    assert client.get(url.format(x="Kazakhstan" if "organization" not in url else "sco")).status_code == 200


def test_answer_cache_has_a_byte_budget():
    """The cache held up to 512 answers of up to 2 MB each (a brief is about 1 MB): a gigabyte of memory."""
    mw = _http.CacheMiddleware(None, entries=512, max_bytes=3_000)
    for i in range(10):
        mw._remember(("/p", str(i).encode()), [], b"x" * 1_000)
    assert mw._bytes <= 3_000 and len(mw._cache) == 3
    assert list(mw._cache) == [("/p", b"7"), ("/p", b"8"), ("/p", b"9")]  # least recently used went first
    mw._remember(("/big",), [], b"x" * 5_000)  # larger than the whole budget: not kept, still known to succeed
    assert ("/big",) not in mw._cache and ("/big",) in mw._ok


def test_heavy_requests_do_not_hold_light_ones_back():
    """45 bootstraps at once, more than the 40 worker threads: before, each held a thread (briefs even waited for
    their slot in one), so a light request queued behind them. Now heavy requests wait for their single slot in the
    event loop, and a light request is answered while most of the heavy ones are still waiting."""
    import asyncio

    import httpx

    app = create_app(warm_up=False, cache_entries=0)
    states = [2, 20, 200, 205, 210, 211, 220, 230, 235, 255, 290, 310, 325, 350, 355, 360, 365, 366, 367, 368, 369, 370,
              371, 372, 373, 375, 380, 385, 390, 640, 645, 651, 663, 666, 700, 701, 702, 703, 704, 705, 710, 740, 750, 770, 900]

    async def run():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t", timeout=900) as c:
            await c.get("/api/states/705/evenness?from=2013&to=2014&bootstrap=10")  # load the data first
            t0 = time.perf_counter()
            assert (await c.get("/api/states/2/evenness?from=1990&to=2014&bootstrap=600")).status_code == 200
            one_heavy = time.perf_counter() - t0  # the baseline, in the same run
            heavy = [asyncio.create_task(c.get(f"/api/states/{s}/evenness?from=1990&to=2014&bootstrap=600"))
                     for s in states]
            await asyncio.sleep(0.3)
            t0 = time.perf_counter()
            r = await c.get("/api/states/705")
            light = time.perf_counter() - t0
            done = sum(t.done() for t in heavy)
            results = await asyncio.gather(*heavy)
            assert r.status_code == 200 and all(x.status_code == 200 for x in results)
            return one_heavy, light, done

    import time

    assert len(states) == 45
    one_heavy, light, done = asyncio.run(run())
    # before: the light request waited for a thread while 40 bootstraps shared the CPU (about 40 x one_heavy)
    assert light < 3 * one_heavy, (light, one_heavy, done)


def test_alignment_routes_open_ranges_end_with_the_data_they_need(client):
    """?from=2015 asks hedging for 2015-2018 (ATOP's last year) and the library's figures; a year the
    security data do not cover is a 422 naming the data and the extended panel, as in the library."""
    body = client.get("/api/states/Kazakhstan/hedging", params={"from": 2015, "bootstrap": 0}).json()
    assert [r["year"] for r in body["data"]] == [2015, 2016, 2017, 2018]
    import multivector as mv

    lib = mv.hedging("Kazakhstan", (2015, 2018), bootstrap=0)
    assert [r["hedging"] for r in body["data"]] == lib.hedging.tolist()
    e = _error(client.get("/api/states/Kazakhstan/hedging", params={"year": 2019, "bootstrap": 0}), 422)
    assert e["message"].startswith("years: 2019 is outside the security data (ATOP 5.1) (1816-2018); extended=True")
    rows = client.get("/api/states/Kazakhstan/tilt", params={"from": 2013, "channel": "institutional",
                                                               "bootstrap": 0}).json()["data"]
    assert [r["year"] for r in rows] == [2013, 2014]  # the IGO data end in 2014
    assert client.get("/api/states/Kazakhstan/alliances", params={"from": 2017}).json()["data"][-1]["year"] == 2018
    # no years: the state's life within the data (not 1816 on, which a bootstrap would refuse as too much work)
    assert client.get("/api/states/Kazakhstan/hedging", params={"bootstrap": 0}).json()["meta"]["years"] == [1991, 2018]
    assert client.get("/api/states/GDR/tilt", params={"bootstrap": 0}).json()["meta"]["years"] == [1954, 1990]
