"""The explorer's faces (issue 12): search relevance, typo redirects, compare of any size with a chosen focus,
the what-if link, error pages that keep the form. In-process client; the browser tests are in test_browser.py."""

from __future__ import annotations

import json
import re

import pytest

pytest.importorskip("fastapi")


@pytest.fixture(scope="module")
def client():
    from fastapi.testclient import TestClient

    from multivector.web import create_app

    return TestClient(create_app())


def _spec(html: str, chart_id: str) -> dict:
    return json.loads(re.search(rf'id="{chart_id}-spec">(.*?)</script>', html, re.S).group(1))


def test_search_ranks_by_relevance_with_a_more_link(client):
    hits = client.get("/api/search", params={"q": "union"}).json()
    first = [h["id"] for h in hits["organizations"]]
    assert {"eu", "upu", "itu"} <= set(first), first  # the unions a reader means, among the first eight
    assert hits["more"]["organizations"] > 0
    page = client.get("/search", params={"q": "union"}).text
    assert 'id="more-orgs" href="/search?q=union&amp;all=true"' in page
    everything = client.get("/search", params={"q": "union", "all": "true"}).text
    assert everything.count("/organization/") >= len(first) + hits["more"]["organizations"]
    # full names, not COW's 80-character cut
    assert any(h["label"] == "EU (European Union)" for h in hits["organizations"])


@pytest.mark.parametrize("q", ["!!!", "   ", "--", "%%%"])
def test_search_without_letters_finds_nothing(client, q):
    r = client.get("/api/search", params={"q": q})
    if r.status_code == 200:
        assert r.json()["states"] == [] and r.json()["organizations"] == []
    else:
        assert r.status_code == 422  # an empty query after trimming


def test_typo_redirect_says_what_it_shows(client):
    r = client.get("/search", params={"q": "Kazakstan"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/state/705?searched=Kazakstan"
    page = client.get(r.headers["location"]).text
    assert "Showing results for Kazakhstan (you searched for “Kazakstan”)." in page
    # the exact name redirects without a note
    assert client.get("/search", params={"q": "kazakhstan"}, follow_redirects=False).headers["location"] == "/state/705"


def test_compare_any_group_size_with_a_chosen_focus(client):
    r = client.get("/compare", params={"states": "post-soviet", "from": 1992, "to": 2014, "focus": "Kazakhstan"})
    assert r.status_code == 200
    spec = _spec(r.text, "chart-compare")
    states = {v["state"] for v in spec["data"]["values"]}
    assert len(states) == 15  # the README's post-soviet group, once refused ("at most 12 states")
    assert spec["encoding"]["color"]["condition"]["test"] == 'datum.state === "Kazakhstan (KZK, 705)"'
    assert '<option value="705" selected>' in r.text
    # without a focus the first state named is highlighted, not the lowest COW code
    r = client.get("/compare", params={"states": "UZB,KZK,RUS"})
    assert _spec(r.text, "chart-compare")["encoding"]["color"]["scale"]["domain"][0] == "Uzbekistan (UZB, 704)"
    r = client.get("/compare", params={"states": "UZB,KZK", "focus": "Russia"})
    assert r.status_code == 422 and "focus: Russia (RUS, 365) is not among the compared states" in r.text


def test_country_pages_what_if_link_opens_the_form_not_a_422(client):
    page = client.get("/state/705").text
    link = re.search(r'id="whatif-link" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    r = client.get(link)
    assert r.status_code == 200 and 'id="whatif-prompt"' in r.text and 'value="705"' in r.text


def test_error_pages_keep_the_form(client):
    r = client.get("/compare", params={"states": "Kazakstan,UZB", "from": 1992, "to": 2014})
    assert r.status_code == 404
    assert 'id="retry-form"' in r.text and 'name="states" value="Kazakstan,UZB"' in r.text
    assert 'name="from" value="1992"' in r.text
    r = client.get("/dyad", params={"a": "KZK", "b": "KZK"})
    assert r.status_code in (400, 422) and 'name="b" value="KZK" maxlength="500" aria-invalid="true"' in r.text


def test_state_page_marks_the_gap_and_names_extended_changes(client):
    r = client.get("/state/705", params={"from": 2010, "to": 2014})
    spec = _spec(r.text, "chart-memberships")
    rule = spec["layer"][1]
    assert rule["mark"]["type"] == "rule" and rule["data"]["values"][0]["year"] == 2014
    assert "ICAO, TURKSOY" in rule["data"]["values"][0]["note"] and "not exits" in rule["data"]["values"][0]["note"]
    # under the chart: a reading, the source, and the data as a table with the library's figures
    assert "Full: 55 in 2010, 55 in 2014 (highest 57 in 2013)" in r.text
    assert "Source: Correlates of War IGO data v3" in r.text
    assert '<caption>Kazakhstan: memberships in IGOs</caption>' in r.text
    ext = client.get("/state/705", params={"from": 2008, "to": 2025, "extended": 1}).text
    assert "The extended panel also changes years before 2015" in ext and "EDB (full member from" in ext


def test_long_titles_wrap_and_keep_parentheses():
    from multivector.charts._specs import wrap_title

    t = wrap_title({"title": "Kazakhstan: memberships in IGOs (provisional after 2014)"}, 38)["title"]
    assert t["text"] == ["Kazakhstan: memberships in IGOs", "(provisional after 2014)"] and t["anchor"] == "start"
    assert wrap_title({"title": "Short"}, 38)["title"]["text"] == "Short"


def test_glossary_and_state_system_wording(client):
    g = client.get("/glossary")
    assert g.status_code == 200 and 'id="tilt"' in g.text and 'id="hedging"' in g.text and 'id="kappa"' in g.text
    assert 'href="/glossary"' in client.get("/").text  # linked from every page's navigation
    page = client.get("/state/705").text
    assert "since 26 Dec 1991 (the COW list runs to 31 Dec 2016)" in page and "to 31 Dec 2016." not in page
