"""End-to-end: the explorer in real headless Chromium (Debian's package), driven by Playwright.

A newcomer's path: search a state with a typo, open its page, see the charts
drawn, change the year range, compare two states, open an organization page.
The server runs in a background thread on a free loopback port; every request
the browser makes must stay on that server (no CDN).
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
if not os.path.exists(CHROMIUM) and not os.environ.get("CI"):
    pytest.skip(f"{CHROMIUM} not installed (CI installs it; locally: apt-get install chromium)", allow_module_level=True)

playwright_sync = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def base_url():
    from multivector.web import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 60
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        ])
        yield b
        b.close()


@pytest.fixture()
def page(browser, base_url):
    ctx = browser.new_context(base_url=base_url, viewport={"width": 1200, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    pg.foreign, pg.errors = [], []
    pg.on("request", lambda r: None if r.url.startswith((base_url, "data:", "blob:")) else pg.foreign.append(r.url))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    assert pg.foreign == [], f"requests left the server: {pg.foreign}"
    assert pg.errors == [], f"JavaScript errors: {pg.errors}"
    ctx.close()


def _drawn(page, chart_id: str):
    """Wait until vega-embed has drawn the chart as SVG with at least one mark."""
    page.wait_for_selector(f"#{chart_id}[data-rendered=true] svg", state="attached")
    marks = page.locator(f"#{chart_id} svg g.mark-line path, #{chart_id} svg g.mark-rect path, #{chart_id} svg g.mark-symbol path")
    assert marks.count() > 0, f"{chart_id} has no marks"


def _years_in_spec(page, chart_id: str) -> tuple[int, int]:
    years = page.evaluate(f"JSON.parse(document.getElementById('{chart_id}-spec').textContent).data.values.map(r => r.year)")
    return min(years), max(years)


def test_search_with_a_typo_then_state_page_charts_and_year_range(page):
    page.goto("/")
    page.fill("#home-q", "Kazakstan")
    suggestion = page.locator("#home-q-suggest a", has_text="Kazakhstan (KZK, 705)")
    suggestion.wait_for()
    suggestion.click()
    page.wait_for_url("**/state/705")
    assert page.locator("h1").inner_text() == "Kazakhstan"

    for chart in ("chart-memberships", "chart-types", "chart-changes"):
        _drawn(page, chart)
    assert _years_in_spec(page, "chart-memberships") == (1991, 2014)

    # hover a point: the tooltip shows the exact values
    page.locator("#chart-memberships svg g.mark-symbol path").first.hover(force=True)
    tip = page.locator("#vg-tooltip-element")
    tip.wait_for(state="visible")
    assert "Year" in tip.inner_text()

    # change the year range: the URL (shareable) and the charts follow
    page.fill("#from", "2000")
    page.fill("#to", "2010")
    page.click("#apply")
    page.wait_for_url(re.compile(r".*/state/705\?from=2000&to=2010&channel=institutional.*"))
    _drawn(page, "chart-memberships")
    assert _years_in_spec(page, "chart-memberships") == (2000, 2010)
    assert page.locator("#h-members").inner_text() == "Organizations in 2010"


def test_state_page_channel_and_pillar_set(page):
    page.goto("/state/705?from=1992&to=2014")
    _drawn(page, "chart-balance")
    page.select_option("#channel", "diplomatic")
    page.fill("#to", "2019")
    page.uncheck("input[name=pillars][value=turkey]")
    page.click("#apply")
    page.wait_for_url(re.compile(r".*channel=diplomatic.*"))
    assert "turkey" not in page.url and "pillars=russia" in page.url
    for chart in ("chart-balance", "chart-alignment", "chart-un"):
        _drawn(page, chart)
    pillars = page.evaluate("[...new Set(JSON.parse(document.getElementById('chart-un-spec').textContent).data.values.map(r => r.pillar))]")
    assert sorted(pillars) == ["China", "European Union", "Russia", "United States"]
    assert _years_in_spec(page, "chart-un")[1] == 2019


def test_form_search_without_javascript_suggestions(page):
    page.goto("/search?q=germny")
    links = page.locator("#state-results a")
    assert "Germany (GMY, 255)" in links.all_inner_texts()


def test_compare_two_states(page):
    page.goto("/compare")
    page.fill("#states", "Kazakhstan, Uzbekistan")
    page.fill("#from", "1992")
    page.fill("#to", "2014")
    page.select_option("#measure", "full")
    page.click("#apply")
    page.wait_for_url("**/compare?states=Kazakhstan%2C+Uzbekistan&from=1992&to=2014&measure=full&channel=institutional")
    _drawn(page, "chart-compare")
    legend = page.locator("#chart-compare svg .role-legend").text_content()
    assert "Kazakhstan (KZK, 705)" in legend and "Uzbekistan (UZB, 704)" in legend
    # the shared URL reproduces the view
    page.goto(page.url)
    _drawn(page, "chart-compare")


def test_open_an_organization_page_from_a_state(page):
    page.goto("/state/705")
    page.locator("table a[href='/organization/sco']").click()
    page.wait_for_url("**/organization/sco")
    assert "Shanghai Cooperation Organisation" in page.locator("h1").inner_text()
    _drawn(page, "chart-members")
    members = page.locator("table tbody").inner_text()
    for name in ("China", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan", "Uzbekistan"):
        assert name in members


def test_dyad_page_and_unknown_state(page):
    page.goto("/dyad?a=KZK&b=RUS")
    for chart in ("chart-joint", "chart-similarity", "chart-un"):
        _drawn(page, chart)
    resp = page.goto("/state/Kazakstan")
    assert resp.status == 404
    assert "Did you mean" in page.content()
    page.locator("a[href='/state/705']").first.click()
    page.wait_for_url("**/state/705")


def test_small_screen_has_no_horizontal_scroll(browser, base_url):
    ctx = browser.new_context(base_url=base_url, viewport={"width": 375, "height": 800})
    pg = ctx.new_page()
    overflow = {}
    for url in ("/", "/state/705", "/organization/sco", "/compare?states=KZK,UZB", "/dyad?a=KZK&b=RUS", "/whatif", "/api"):
        pg.goto(url)
        if url == "/state/705":
            _drawn(pg, "chart-memberships")
        overflow[url] = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    ctx.close()
    assert all(v <= 0 for v in overflow.values()), overflow  # wide tables scroll inside their own box


def test_keyboard_only_search_and_labelled_controls(page):
    page.goto("/")
    page.focus("#home-q")
    page.keyboard.type("Shangai")
    page.locator("#home-q-suggest a").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent").startswith("SCO (Shanghai Cooperation Organisation)")
    page.keyboard.press("Enter")
    page.wait_for_url("**/organization/sco")
    # every form control has a label, every chart a text alternative, the page a language
    page.goto("/state/705")
    _drawn(page, "chart-memberships")
    unlabelled = page.evaluate("""[...document.querySelectorAll('input:not([type=hidden]), select')]
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.outerHTML)""")
    assert unlabelled == []
    charts = page.evaluate("[...document.querySelectorAll('.vega-chart')].map(e => [e.getAttribute('role'), e.getAttribute('aria-label')])")
    assert charts and all(role == "img" and label for role, label in charts)
    assert page.evaluate("document.documentElement.lang") == "en"


def test_country_brief_opens_with_its_charts(page):
    page.goto("/state/705")
    with page.expect_navigation():
        page.click("#brief-link")
    assert "/api/states/705/brief" in page.url
    page.wait_for_function("document.querySelectorAll('svg').length >= 3", timeout=60_000)
    assert "Kazakhstan" in page.title()


def test_extended_panel_toggle_and_whatif_form(page):
    page.goto("/state/705")
    _drawn(page, "chart-memberships")
    assert page.locator("#provisional-note").count() == 0
    # ticking the box moves the range into the provisional years; the URL keeps the setting
    page.check("#extended")
    assert page.input_value("#to") == "2025"
    page.click("#apply")
    page.wait_for_url(re.compile(r".*/state/705\?.*extended=1.*"))
    assert "to=2025" in page.url
    note = page.locator("#provisional-note")
    assert note.is_visible() and "Provisional: after 2014 these figures come from sourced records" in note.inner_text()
    assert page.is_checked("#extended")
    for chart in ("chart-memberships", "chart-balance", "chart-engagements"):
        page.wait_for_selector(f"#{chart}[data-rendered=true] svg", state="attached")
    assert _years_in_spec(page, "chart-memberships") == (1991, 2025)
    assert page.locator("#h-members").inner_text() == "Organizations in 2025"
    assert page.locator("#chart-engagements svg g.mark-rect path").count() >= 3  # OSCE chair, UNSC seat, EXPO host, ...

    # the what-if form shows its shareable link, then opens the result with before and after
    page.fill("#whatif-year", "2014")
    page.fill("#whatif-join", "OECD")
    page.fill("#whatif-leave", "CSTO")
    link = page.locator("#whatif-link")
    assert link.inner_text() == "/whatif?state=705&year=2014&join=OECD&leave=CSTO"
    page.click("#whatif-apply")
    page.wait_for_url("**/whatif?state=705&year=2014&join=OECD&leave=CSTO")
    assert "Balance 0.890 -> 0.912" in page.locator("#whatif-summary").inner_text()
    head = page.locator("table thead").inner_text()
    assert "Share before" in head and "Share after" in head
    assert "Russia" in page.locator("table tbody").inner_text()
