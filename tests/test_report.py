"""Country briefs (multivector.report): the numbers equal the library's, edge cases get notes, and the
HTML, PDF and Markdown outputs open, draw every chart and carry the footer.

Methodology: docs/methodology.md, "Country briefs".
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pandas as pd
import pytest

import multivector as mv
from multivector.report import build_brief

CHROMIUM = "/usr/bin/chromium"
needs_browser = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"),
    reason="Chromium not installed (CI installs it: .ci/run -> scripts/system-deps.sh)",
)


@pytest.fixture(scope="module")
def kz():
    """Kazakhstan's brief over the IGO years, with the default peers (Central Asia)."""
    return build_brief("Kazakhstan", (1991, 2014))


@pytest.fixture(scope="module")
def kz_html(kz):
    from multivector.report import _render

    return _render.html(kz)


def _independent_changes(ccode: int, years: tuple[int, int]) -> pd.DataFrame:
    """Joins and exits recomputed from the published status codes with a plain pandas shift."""
    m = mv.state_memberships(ccode, (years[0] - 1, years[1]), status="all")
    w = m.pivot(index="ioname", columns="year", values="status")
    rows = []
    for y in range(years[0], years[1] + 1):
        if y - 1 not in w.columns or y not in w.columns:
            continue
        prev, now = w[y - 1], w[y]
        for io in w.index[(now == 1) & prev.isin([0, 2, 3, -1])]:
            rows.append((y, io, "join"))
        for io in w.index[(prev == 1) & now.isin([0, 2, 3])]:
            rows.append((y, io, "exit"))
        for io in w.index[(prev == 1) & (now == -1)]:
            rows.append((y, io, "dissolved"))
    return pd.DataFrame(rows, columns=["year", "ioname", "change"])


# ----------------------------------------------------------------------------- numbers


def test_membership_numbers_equal_the_library(kz):
    n = kz.numbers
    m14 = mv.state_memberships(705, 2014)
    assert n["full_last"] == len(m14) == 55  # hand-checked in the foundation's tests
    assert n["last_year"] == 2014 and n["first_year"] == 1991
    p = mv.portfolio(705, (1991, 2014))
    assert n["full_first"] == int(p.full.iloc[0]) == 5
    assert (n["full_peak"], n["full_peak_year"]) == (57, 2013)
    assert n["political_last"] == int(p.political.iloc[-1])
    # the first headline figure is the same number, with its year and source
    f = kz.headline[0]
    assert (f.label, f.value, f.source) == ("Full memberships, 2014", "55", "COW IGO v3.0")


def test_joins_and_exits_equal_an_independent_count(kz):
    ind = _independent_changes(705, (1992, 2014))
    n = kz.numbers
    assert n["joins"] == int((ind.change == "join").sum())
    assert n["exits"] == int((ind.change == "exit").sum())
    assert n["dissolved"] == int((ind.change == "dissolved").sum())
    sec = next(s for s in kz.sections if s.key == "joins_exits")
    assert f"joined {n['joins']} organizations" in sec.paragraphs[0]


def test_membership_changes_add_up_to_portfolio():
    for ccode in (705, 265, 2, 221):
        c = mv.membership_changes(ccode)
        p = mv.portfolio(ccode).set_index("year")
        counts = c.groupby(["year", "change"], observed=False).size().unstack(fill_value=0)
        for change, col in (("join", "joins"), ("exit", "exits"), ("dissolved", "dissolved"),
                            ("unknown", "changes_unknown"), ("initial", "initial")):
            want = p[col].dropna().astype(int)
            got = counts[change].reindex(want.index, fill_value=0)
            assert (got == want).all(), (ccode, change)


def test_organization_table_lists_every_join_and_exit(kz):
    sec = next(s for s in kz.sections if s.key == "organizations")
    table = sec.tables[0]
    by_io = {row[1].lower(): row for row in table.rows}
    assert all(row[1] == row[1].upper() for row in table.rows)  # abbreviations as written (SCO), not codes
    ind = _independent_changes(705, (1991, 2014))
    for r in ind.itertuples():
        row = by_io[r.ioname]
        cell = row[2] if r.change == "join" else row[3]
        assert str(r.year) in cell, (r, row)
    # Shanghai Cooperation Organisation: COW dates it (as the Shanghai Five) from 1996, a founding membership
    assert by_io["sco"][2] == "1996" and by_io["sco"][4] == "full member"


def test_analysis_numbers_equal_the_library(kz):
    n = kz.numbers
    b = mv.evenness(705, 2014, bootstrap=0)
    assert n["evenness_last"] == pytest.approx(float(b.evenness.iloc[0]))
    assert n["dominant"] == "Russia" and b.dominant.iloc[0] == "russia"
    own = mv.own_initiatives(705)
    assert n["own_initiatives"] == int(((own.founded >= 1991) & (own.founded <= 2014)).sum())
    e = mv.engagements_by_category(705, 2014).iloc[0]
    assert n["engagements_last"]["russia_centred"] == int(e.russia_centred)


def test_un_agreement_equals_the_dyad_engine():
    b = build_brief("Kazakhstan", (2019, 2019), peers="Uzbekistan")
    u = mv.un_agreement(years=2019, states=[705, 710, 2])
    china = float(u[(u.ccode1 == 705) & (u.ccode2 == 710)].agree.iloc[0])
    usa = float(u[(u.ccode1 == 2) & (u.ccode2 == 705)].agree.iloc[0])
    assert b.numbers["un_agree_last"]["China"] == pytest.approx(china)
    assert b.numbers["un_agree_last"]["United States"] == pytest.approx(usa)
    assert b.numbers["un_top_pillar"] == "China"
    # 2019 lies beyond the IGO data: membership sections say so, no chart is drawn for them
    assert any("IGO data cover 1816-2014" in x for x in b.notes)
    assert not [c for c in b.charts if c.key.startswith("memberships")]


def test_peers_default_and_given(kz):
    assert kz.numbers["peers"] == [701, 702, 703, 704]  # the 'central-asia' peer group
    sec = next(s for s in kz.sections if s.key == "peers")
    assert "central-asia" in sec.paragraphs[0]
    c = mv.compare([705, 701, 702, 703, 704], (1991, 2014)).set_index("ccode")
    rank = int((c.full_last > c.loc[705, "full_last"]).sum()) + 1
    assert kz.numbers["peer_rank_full"] == rank
    b = build_brief("Kazakhstan", (2010, 2014), peers="Russia, China")
    assert b.numbers["peers"] == [365, 710]
    assert "--peers RUS,CHN" in b.command


def test_every_sentence_is_generated_not_written():
    """Two states get the same sentence templates with their own numbers."""
    a = build_brief("Uzbekistan", (1991, 2014), peers="Kazakhstan")
    p = mv.portfolio(704, 2014)
    first = next(s for s in a.sections if s.key == "memberships").paragraphs[0]
    assert "Uzbekistan" in first and f"of {int(p.full.iloc[0])} (" in first
    assert "Kazakhstan" not in first


# ----------------------------------------------------------------------------- edges


@pytest.mark.parametrize("state, years, expect", [
    (265, None, "1954-03-25 to 1990-10-02"),         # historical state (German Democratic Republic)
    ("South Sudan", None, "Only 4 years"),            # short history
    ("Kosovo", None, "no recorded vote"),             # few memberships, never a UN member
    ("Nauru", (1999, 2014), "first recorded UN vote"),  # microstate, UN member from 2000
    ("Kazakhstan", (2015, 2019), "IGO data cover"),  # years outside the IGO data
])
def test_edge_cases_get_notes_and_no_empty_charts(state, years, expect):
    b = build_brief(state, years)
    text = " ".join(b.notes + [n for s in b.sections for n in s.notes + s.paragraphs])
    assert expect in text
    for c in b.charts:  # a section without data has a note instead of a chart
        assert c.spec.get("mark", {}).get("type") != "text", c.key
        assert c.spec["data"]["values"] if "data" in c.spec else True


def test_gdr_brief_stops_with_the_state():
    b = build_brief(265)
    assert (b.start, b.end) == (1954, 1990)
    assert b.numbers["last_year"] == 1989  # the IGO data list it until 1989
    assert b.numbers["un_year"] == 1989 and b.numbers["un_top_pillar"] == "Russia"


def test_bad_input():
    with pytest.raises(mv.UnknownStateError):
        build_brief("Atlantis")
    with pytest.raises(mv.InvalidYearError, match="1991-2019"):
        build_brief("Kazakhstan", (1950, 1960))
    with pytest.raises(mv.InvalidArgumentError, match="format"):
        mv.report("Kazakhstan", format="docx")


def test_report_is_callable_from_the_package():
    import multivector.report  # binds the subpackage to multivector.report

    assert callable(mv.report)
    assert "report" in mv.__all__


# ----------------------------------------------------------------------------- outputs


def test_html_is_self_contained(kz, kz_html):
    assert kz_html.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]+src=", kz_html) and "<link" not in kz_html
    assert not re.search(r"(src|href)=\"https?://", kz_html)
    assert "window.vegaEmbed" in kz_html
    for c in kz.charts:
        assert f'id="chart-{c.key}"' in kz_html
    # footer: data versions, citations, tool version, command
    assert "Pevehouse" in kz_html and "Voeten" in kz_html
    assert f"multivector {mv.__version__}" in kz_html
    assert "multivector report KZK --from 1991 --to 2014" in kz_html


@pytest.mark.browser
@needs_browser
@pytest.mark.parametrize("which", ["kz", "kz_ext"])
def test_html_draws_every_chart_in_chromium(which, request, tmp_path):
    from playwright.sync_api import sync_playwright

    from multivector.report import _render
    from multivector.report._render import CHROMIUM_ARGS, chromium_path

    kz = request.getfixturevalue(which)
    kz_html = _render.html(kz)

    path = tmp_path / "kz.html"
    path.write_text(kz_html, encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            errors = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:") else route.continue_())
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-charts=done]", timeout=30000)
            n = len(kz.charts)
            assert page.locator(".vega[data-drawn=true]").count() == n
            assert page.locator(".vega svg.marks").count() == n
            # every chart drew marks (lines, bars or areas), not only axes
            for c in kz.charts:
                marks = page.locator(f"#chart-{c.key} svg .mark-line path, #chart-{c.key} svg .mark-rect path, "
                                     f"#chart-{c.key} svg .mark-area path").count()
                assert marks > 0, c.key
            assert errors == []
            if kz.extended:  # the marked title is drawn above each chart
                assert page.locator("#chart-memberships_by_status svg text", has_text="provisional after 2014").count() == 1
                page.screenshot(path=str(tmp_path / "kz_ext.png"), full_page=False)
        finally:
            browser.close()


@pytest.mark.browser
@needs_browser
def test_pdf_has_pages_and_text(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    out = mv.report(265, format="pdf", output=tmp_path / "gdr.pdf")
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert 5 <= len(reader.pages) <= 20
    assert "German Democratic Republic" in text and "Joins and exits" in text
    assert "Regenerate this brief" in text and "--format pdf -o gdr.pdf" in text
    assert "page 1 of" in reader.pages[0].extract_text()
    full = mv.portfolio(265, 1989).full.iloc[0]
    assert f"full member of {full} organizations" in text.replace("\n", " ")


def test_markdown_writes_charts_beside_it(tmp_path):
    out = mv.report("Kosovo", (2008, 2014), format="md", output=tmp_path / "kosovo.md", peers="Albania")
    md = out.read_text()
    charts = sorted(p.name for p in (tmp_path / "kosovo_charts").iterdir())
    assert charts and all(name.endswith(".svg") for name in charts)
    for name in charts:
        assert f"(kosovo_charts/{name})" in md
    assert md.startswith("# Kosovo") and "## Joins and exits" in md
    assert "| Organization | Abbrev. |" in md
    assert "multivector report KOS --from 2008 --to 2014 --peers ALB --format md -o kosovo.md" in md


# ----------------------------------------------------------------------------- CLI


def test_cli_writes_a_brief(runner, cli, tmp_path):
    out = tmp_path / "kz.md"
    res = runner.invoke(cli, ["report", "KZK", "--from", "2012", "--to", "2014", "-o", str(out), "--peers", "UZB",
                              "--chart-format", "png"])
    assert res.exit_code == 0, res.output
    assert out.exists() and (tmp_path / "kz_charts" / "memberships_by_status.png").read_bytes()[:4] == b"\x89PNG"


def test_cli_bad_input_is_one_line(runner, cli, tmp_path):
    res = runner.invoke(cli, ["report", "Atlantis", "-o", str(tmp_path / "x.html")])
    assert res.exit_code == 1
    assert res.output.strip().startswith("Error: Unknown state 'Atlantis'") and len(res.output.strip().splitlines()) == 1
    res = runner.invoke(cli, ["report", "Kazakhstan", "--pdf", "--format", "md"])
    assert res.exit_code == 1 and "--pdf conflicts" in res.output


@pytest.mark.parametrize("which", ["kz", "kz_ext"])
def test_every_reproduce_line_runs(which, request, runner, cli):
    """The commands and calls printed under each section exist and run (with --extended on an extended brief)."""
    import shlex

    brief = request.getfixturevalue(which)
    lines = [r for s in brief.sections for r in s.reproduce]
    assert any(r.startswith("mv.") for r in lines) and any(r.startswith("multivector ") for r in lines)
    for line in lines:
        if line.startswith("mv."):
            out = eval(line, {"mv": mv})  # noqa: S307 - our own generated expressions
            assert len(out) > 0, line
        else:
            res = runner.invoke(cli, shlex.split(line)[1:] + ["-f", "csv"])
            assert res.exit_code == 0, (line, res.output[-300:])
            assert res.output.count("\n") > 1, line


def test_missing_analysis_modules_give_notes_not_crashes(monkeypatch):
    from multivector.report import _analysis, _sections

    monkeypatch.setattr(_analysis, "optional", lambda *a, **k: None)
    monkeypatch.setattr(_sections, "optional", lambda *a, **k: None)
    b = build_brief("Kazakhstan", (2010, 2014), peers="Uzbekistan")
    by_key = {s.key: s for s in b.sections}
    for key in ("engagements", "alignment", "un"):
        assert not by_key[key].charts and "does not provide" in by_key[key].notes[0]
    assert by_key["memberships"].charts and by_key["peers"].charts  # the foundation's sections stay


def test_doctests():
    import doctest

    from multivector.engine import _changes
    from multivector.report import _analysis, _sections, _text

    for mod in (_changes, _text, _sections, _analysis):
        res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        assert res.failed == 0, mod.__name__


@pytest.mark.browser
@needs_browser
def test_pdf_with_static_charts_has_no_script():
    pypdf = pytest.importorskip("pypdf")
    from multivector.report import _render

    b = build_brief("Kosovo", (2012, 2014), peers="Albania")
    page = _render.html(b, static=True)
    assert "<script" not in page and page.count("<svg") >= len(b.charts)
    reader = pypdf.PdfReader(io.BytesIO(_render.pdf(b, charts="static")))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Kosovo" in text and "Memberships by status" in text


def test_cli_default_file_name(runner, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(cli, ["report", "Kosovo", "--from", "2012", "--to", "2014", "--peers", "ALB"])
    assert res.exit_code == 0, res.output
    assert res.output.strip() == "Wrote kosovo.html"
    page = (tmp_path / "kosovo.html").read_text(encoding="utf-8")
    assert "multivector report KOS --from 2012 --to 2014 --peers ALB -o kosovo.html" in page


def test_years_beyond_the_states_life_are_trimmed_with_a_note():
    b = build_brief(265, (1950, 2000))
    assert (b.start, b.end) == (1954, 1990)
    assert b.notes[0] == ("Years asked for: 1950-2000; the brief covers 1954-1990, "
                          "the years German Democratic Republic was in the state system.")


def test_missing_extra_names_the_install_line(monkeypatch, kz):
    import sys

    from multivector.report import _render

    monkeypatch.setitem(sys.modules, "jinja2", None)  # import jinja2 now raises ImportError
    with pytest.raises(mv.MissingExtraError, match=r"pip install 'multivector\[report\]'"):
        _render.html(kz)
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    with pytest.raises(mv.MissingExtraError, match="playwright"):
        _render.Printer()


def test_un_section_without_the_balance_module_uses_the_dyad_engine(monkeypatch):
    from multivector.report import _analysis, _sections

    real = _sections.optional
    monkeypatch.setattr(_analysis, "optional", lambda module, *names: None if module == "measures._evenness" else real(module, *names))
    b = build_brief("Kazakhstan", (2018, 2019), peers="Uzbekistan")
    un = next(s for s in b.sections if s.key == "un")
    u = mv.un_agreement(years=2019, states=[705, 365])
    assert b.numbers["un_agree_last"]["Russia"] == pytest.approx(float(u.agree.iloc[0]))
    assert "European Union" not in b.numbers["un_agree_last"]
    assert any("Group pillars (European Union) are not shown" in n for n in un.notes)
    assert un.charts and un.reproduce[0].startswith("multivector un-agreement --from 2018 --to 2019 --states KZK,")


def test_summary_repeats_the_key_figures(kz):
    n = kz.numbers
    assert f"full member of {n['full_last']} organizations ({n['full_first']} in {n['first_year']})" in kz.summary
    assert f"pillar evenness was {n['evenness_last']:.2f} in {n['evenness_year']}" in kz.summary
    assert f"UN General Assembly it voted most often with {n['un_top_pillar']}" in kz.summary


# ----------------------------------------------------------------------------- extended (provisional) briefs


@pytest.fixture(scope="module")
def kz_ext():
    """Kazakhstan 1991-2020 on the provisional extended panel (issue 7)."""
    return build_brief("Kazakhstan", (1991, 2020), extended=True)


def test_extended_brief_numbers_equal_the_extended_library(kz_ext):
    """The 2015 and 2020 figures are portfolio(..., extended=True)'s; the EAEU (a record, not COW) is counted in 2015.

    Checked independently: ../shared/data/records/ lists Kazakhstan joining the EAEU (2015-01-01) and the WTO
    (2015-11-30); portfolio(extended=True) gives 57 full memberships in 2014 and 60 in 2015 (4 record joins, one
    COW organization dissolved)."""
    n = kz_ext.numbers
    p = mv.portfolio("Kazakhstan", (1991, 2020), extended=True).set_index("year")
    assert (n["last_year"], n["full_last"]) == (2020, int(p.loc[2020, "full"]))
    assert n["provisional_year"] == 2015 and n["provisional_full"] == int(p.loc[2015, "full"]) == 60
    assert "eaeu" in n["provisional_record_orgs"] and "wto" in n["provisional_record_orgs"]
    m = mv.extended_memberships("Kazakhstan", 2015)
    assert "eaeu" in set(m.ioname) and "eaeu" not in set(mv.state_memberships("Kazakhstan", 2014).ioname)
    text = " ".join(kz_ext.sections[0].paragraphs)
    assert "in 2015" in text and "Eurasian Economic Union (eaeu)" in text
    b = mv.evenness("Kazakhstan", (1991, 2020), bootstrap=0, extended=True).set_index("year")
    assert n["evenness_year"] == 2020 and n["evenness_last"] == pytest.approx(float(b.loc[2020, "evenness"]))
    # the UN section stays on the published votes (they end in 2019) and says so
    un = next(s for s in kz_ext.sections if s.key == "un")
    assert n["un_year"] == 2019 and any("published UN voting data only" in x for x in un.notes)


def test_extended_brief_is_marked_provisional_and_lists_engagements(kz_ext):
    from multivector.report import _render

    page = _render.html(kz_ext)
    assert 'id="provisional-banner"' in page and "Provisional." in page
    assert mv.cite("records").strip()[:60] in page  # the records are cited in the banner
    assert page.index('id="provisional-banner"') < page.index('class="headline"')  # near the top
    # chart titles (except the UN chart) are marked
    for s in kz_ext.sections:
        for c in s.charts:
            assert ("provisional" in c.spec["title"]) == (s.key != "un"), (s.key, c.title)
    # the engagements timeline has the 2017-2018 Security Council seat with its source
    t = next(s for s in kz_ext.sections if s.key == "engagement_timeline").tables[0]
    seat = [r for r in t.rows if r[1] == "UN Security Council seat"]
    assert len(seat) == 1 and seat[0][0] == "2017-2018" and "http" in seat[0][-1]
    ev = mv.engagements("Kazakhstan")
    src = ev[ev.event == "unsc_seat"].source_url.iloc[0]
    assert src in page
    assert kz_ext.command == "multivector report KZK --from 1991 --to 2020 --extended"
    assert "multivector report KZK --from 1991 --to 2020 --extended" in page


def test_non_extended_brief_has_no_banner(kz, kz_html):
    assert kz.banner == "" and not kz.extended
    assert "provisional-banner" not in kz_html and "--extended" not in kz.command
    assert all("engagement_timeline" != s.key for s in kz.sections)


def test_extended_brief_of_a_state_without_records_has_a_note():
    """activism() refuses a state the records do not cover: the timeline says so instead of failing."""
    with pytest.raises(mv.InvalidArgumentError):
        mv.activism("Canada", (2010, 2016))  # no record of Canada (Cuba and Jamaica have some since the BRICS and CELAC rows)
    b = build_brief("Canada", (2010, 2016), extended=True, peers="USA")
    sec = next(s for s in b.sections if s.key == "engagement_timeline")
    assert not sec.tables and b.banner
    assert any(n.startswith("No activism measure: No records for Canada") for n in sec.notes), sec.notes


def test_cli_extended(runner, cli, tmp_path):
    res = runner.invoke(cli, ["report", "Kazakhstan", "--to", "2020", "-o", str(tmp_path / "x.html")])
    assert res.exit_code == 1
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: years: 2020 is outside") and "--extended" in lines[0]
    out = tmp_path / "kz.md"
    res = runner.invoke(cli, ["report", "Kazakhstan", "--from", "2013", "--to", "2016", "--extended", "--peers", "UZB",
                              "-o", str(out)])
    assert res.exit_code == 0, res.output
    md = out.read_text()
    assert "> **Provisional" in md and "--extended" in md and "UN Security Council seat" not in md.split("Provisional")[0]


def test_api_brief_passes_extended_through():
    """/api/states/{state}/brief?extended=true is the extended brief; without it a year after the data is refused."""
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    client = TestClient(mv.create_app(warm_up=False))
    r = client.get("/api/states/705/brief", params={"from": 2013, "to": 2018, "extended": True, "peers": "UZB"})
    assert r.status_code == 200, r.text[:300]
    assert 'id="provisional-banner"' in r.text and "--extended" in r.text
    r = client.get("/api/states/705/brief", params={"from": 2013, "to": 2021})
    assert r.status_code == 422 and r.json()["error"]["type"] == "InvalidYearError"


def test_country_page_links_the_extended_brief():
    """The country page with the extended panel ticked links the extended brief, and the link works."""
    pytest.importorskip("fastapi")
    import html as htmllib

    from fastapi.testclient import TestClient

    client = TestClient(mv.create_app(warm_up=False))
    page = client.get("/state/705", params={"from": 2010, "to": 2018, "extended": True}).text
    m = re.search(r'href="(/api/states/705/brief\?[^"]*)"', page)
    assert m, "no brief link"
    link = htmllib.unescape(m.group(1))
    assert "extended=true" in link and "to=2018" in link
    plain = client.get("/state/705", params={"from": 2010, "to": 2014}).text
    assert "extended=true" not in re.search(r'href="(/api/states/705/brief\?[^"]*)"', plain).group(1)


def test_a_peer_outside_its_life_is_refused_by_name():
    """The library's policy on questions outside a life (docs/methodology.md) reaches the briefs: a peer that
    was not in the state system in the brief's years is an error naming it, not a silently empty comparison."""
    with pytest.raises(mv.InvalidYearError, match=r"German Democratic Republic \(GDR, 265\) was not in the state system in 1992-2014"):
        build_brief("Kazakhstan", (1992, 2014), peers="GDR")


def test_default_peers_outside_named_groups_are_the_most_similar_states():
    """South Sudan: not Sudan, Iran, Libya and Tunisia (nearest COW codes) but the states whose memberships in 2014
    agree most with its own (Cohen's kappa), recomputed here from the dyad panel by a plain sort."""
    import multivector as mv
    from multivector.report._analysis import default_peers

    peers, how = default_peers(626, 2011, 2014)
    d = mv.dyads(2014, [626], measures=("kappa",), pairs="any")
    d = d.assign(other=d.ccode2.where(d.ccode1 == 626, d.ccode1)).sort_values("kappa", ascending=False)
    assert peers == [int(c) for c in d.other.head(4)] == [530, 531, 520, 591]
    assert "most alike" in how and "kappa" in how
