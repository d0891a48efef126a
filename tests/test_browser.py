"""End-to-end: the explorer in real headless Chromium (Debian's package), driven by Playwright.

A newcomer's path: search a state with a typo, open its page, see the charts
drawn, change the year range, compare two states, open an organization page.
The server runs in a background thread on a free loopback port; every request
the browser makes must stay on that server (no CDN).
"""

from __future__ import annotations

import json
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
    _drawn(page, "chart-evenness")
    page.select_option("#channel", "diplomatic")
    page.fill("#to", "2019")
    page.uncheck("input[name=pillars][value=turkey]")
    page.click("#apply")
    page.wait_for_url(re.compile(r".*channel=diplomatic.*"))
    assert "turkey" not in page.url and "pillars=russia" in page.url
    for chart in ("chart-evenness", "chart-alignment", "chart-un"):
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
    members = page.locator("section[aria-labelledby=h-members] table tbody").inner_text()
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
    # every chart reaches a screen reader as a data table with a caption (the drawing itself is hidden from it)
    charts = page.evaluate("""[...document.querySelectorAll('.vega-chart')].map(e => [e.getAttribute('aria-hidden'),
        document.querySelector('#' + e.id + '-table caption').textContent, document.querySelectorAll('#' + e.id + '-table tbody tr').length])""")
    assert charts and all(hidden == "true" and caption and rows > 0 for hidden, caption, rows in charts)
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
    for chart in ("chart-memberships", "chart-evenness", "chart-engagements"):
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
    assert "Pillar evenness 0.829 -> 0.865" in page.locator("#whatif-summary").inner_text()
    head = page.locator("table thead").inner_text()
    assert "Share before" in head and "Share after" in head
    assert "Russia" in page.locator("table tbody").inner_text()


# ---------------------------------------------------------------- accessibility, clipping, palette (issue 12)

AXE = os.path.join(os.path.dirname(__file__), "..", "node_modules", "axe-core", "axe.min.js")
#: Every kind of page of the explorer (and the brief it serves), as a reader reaches them.
PAGES = ["/", "/state/705", "/state/705?channel=diplomatic&from=1992&to=2019", "/organization/sco",
         "/compare?states=post-soviet&from=1992&to=2014", "/compare", "/dyad?a=KZK&b=RUS", "/dyad",
         "/whatif", "/whatif?state=705&year=2014&join=OECD&leave=CSTO", "/search?q=union", "/api",
         "/state/Kazakstan", "/api/states/705/brief?from=1991&to=2014", "/map", "/map?measure=dominant&year=2014",
         "/glossary"]
WIDTHS = (1366, 390)


def _axe_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page (WCAG 2.1 A/AA and best practices)."""
    if not os.path.exists(AXE):
        if os.environ.get("CI"):
            raise AssertionError("axe-core is missing: `make install` installs it with npm (package.json)")
        pytest.skip("axe-core not installed (run `make install`, which runs npm ci)")
    page.add_script_tag(path=AXE)
    res = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in res if v["impact"] in ("serious", "critical")]


def _wait_for_charts(page):
    page.wait_for_load_state("load")
    n = page.locator(".vega-chart[data-spec], .chart-view").count()
    if n:
        page.wait_for_function("[...document.querySelectorAll('.vega-chart[data-spec]')].every(e => e.dataset.rendered)",
                               timeout=60_000)


def _clipped(page) -> list[str]:
    """Chart titles and legend labels whose box leaves their chart's box (cut off on screen)."""
    return page.evaluate("""() => {
        const out = [];
        for (const chart of document.querySelectorAll('.vega-chart svg, figure svg.marks')) {
            const box = chart.getBoundingClientRect();
            for (const t of chart.querySelectorAll('.role-title-text text, .role-legend-label text, .role-legend-title text, .role-axis-title text')) {
                const r = t.getBoundingClientRect();
                if (!t.textContent.trim() || r.width === 0) continue;
                if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
                    out.push(`${chart.closest('[id]') ? chart.closest('[id]').id : '?'}: "${t.textContent}" ${Math.round(r.left)}-${Math.round(r.right)} outside ${Math.round(box.left)}-${Math.round(box.right)}`);
            }
        }
        return out;
    }""")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_accessible_and_nothing_clipped(browser, base_url, width):
    # bypass_csp: the pages' Content-Security-Policy (rightly) refuses inline scripts, and axe is injected as one
    ctx = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900}, bypass_csp=True)
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
    problems, clipped = {}, {}
    try:
        for url in PAGES:
            pg.goto(url)
            _wait_for_charts(pg)
            v = _axe_violations(pg)
            if v:
                problems[url] = v
            c = _clipped(pg)
            if c:
                clipped[url] = c
    finally:
        ctx.close()
    assert problems == {}, json.dumps(problems, indent=1)
    assert clipped == {}, json.dumps(clipped, indent=1)


def test_palette_is_the_same_on_every_page(page):
    """A pillar has one colour on the state page, the UN chart and the brief; the palette module is the source."""
    from multivector.charts import _palette

    seen = {}
    for url in ("/state/705?channel=diplomatic&from=1992&to=2019", "/api/states/705/brief?from=1991&to=2014"):
        page.goto(url)
        _wait_for_charts(page)
        page.wait_for_function("document.querySelectorAll('svg .role-legend').length > 0", timeout=60_000)
        pairs = page.evaluate("""() => [...document.querySelectorAll('svg .role-legend-entry g')].map(g => {
            const t = g.querySelector('.role-legend-label text'), s = g.querySelector('.role-legend-symbol path');
            return t && s ? [t.textContent, s.getAttribute('fill') || s.getAttribute('stroke')] : null; }).filter(Boolean)""")
        for label, colour in pairs:
            seen.setdefault(label, set()).add(colour.lower())
    for name in ("Russia", "China", "United States", "European Union", "Turkey"):
        assert seen.get(name) == {_palette.PILLAR_NAMES[name]}, (name, seen.get(name))


def test_chart_tools_table_switch_csv_png_and_link(page):
    import multivector as mv

    page.goto("/state/705?from=2010&to=2014")
    _drawn(page, "chart-memberships")
    # Table: the chart's own data in plain sight, the same figures as the library
    page.click("[data-view-table=chart-memberships]")
    table = page.locator("#chart-memberships-table")
    assert table.is_visible() and not page.locator("#chart-memberships").is_visible()
    row = table.locator("tbody tr", has_text="2014").filter(has_text="Full").inner_text().split("\t")
    assert row == ["2014", "Full", str(int(mv.portfolio(705, 2014).full.iloc[0]))]
    page.click("[data-view-table=chart-memberships]")
    assert page.locator("#chart-memberships").is_visible()
    # CSV and PNG downloads
    with page.expect_download() as d:
        page.click("[data-download=chart-memberships][data-kind=csv]")
    text = open(d.value.path()).read().splitlines()
    assert text[0] == "year,status,value" and "2014,Full,55" in text
    with page.expect_download() as d:
        page.click("[data-download=chart-memberships][data-kind=png]")
    assert open(d.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    # a shareable link to the chart
    page.click("[data-share=chart-memberships]")
    assert page.url.endswith("#chart-memberships-figure")


def test_brief_draws_its_charts_under_its_content_security_policy(page, base_url):
    """Every HTML answer carries a CSP (issue 11): the brief's own inline scripts are allowed by their hashes, so
    Chromium, enforcing the header, still draws every chart; a script the brief does not contain would not run."""
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    resp = page.goto("/api/states/705/brief?from=2010&to=2014", timeout=180_000)  # a brief takes seconds to build
    csp = resp.headers["content-security-policy"]
    assert "'sha256-" in csp and "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    page.wait_for_selector("body[data-charts=done]", state="attached", timeout=60_000)
    assert page.locator(".vega[data-drawn=true]").count() > 0
    assert page.locator(".vega[data-drawn=false]").count() == 0
    assert csp_errors == []
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';
                             document.body.appendChild(s); }""")
    assert page.evaluate("() => window.injected") is None  # not in the header's hashes: blocked
