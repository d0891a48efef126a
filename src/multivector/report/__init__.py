"""Country briefs: a self-contained HTML, PDF or Markdown brief on one state, generated from the data.

:func:`report` is the public entry point (also ``multivector.report`` and
the ``multivector report`` command). :func:`build_brief` returns the
structured :class:`~multivector.report._model.Brief` (sections of
generated sentences, chart specifications, tables, notes, and the key
figures in ``numbers``) that the renderers lay out.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

from multivector._errors import InvalidArgumentError, InvalidYearError
from multivector.report._model import Brief, Chart, Figure, Section, Table

__all__ = ["Brief", "Chart", "Figure", "Section", "Table", "build_brief", "report"]

FORMATS = ("html", "pdf", "md")


def _extended_last() -> int:
    """Last year of the provisional extended panel (the last record year)."""
    from multivector.engine._extended import extended_cube

    return int(extended_cube().years[-1])


def _life(row: dict, info: dict, extended: bool = False) -> tuple[int, int]:
    """First and last year of a state; a state still in the system when the COW list ends (2016) is
    taken to go on to the end of the data (the UN votes run to 2019; the extended panel to its last
    record year)."""
    hi = max(info["coverage"]["igo_years"][1], info["coverage"]["un_years"][1])
    if extended:
        hi = max(hi, _extended_last())
    first, last = int(row["first_year"]), int(row["last_year"])
    states_end = str(info["sources"]["cow_states"].get("version", ""))
    if states_end.isdigit() and last >= int(states_end):
        last = max(last, hi)
    return first, last


def _period(years, row: dict, info: dict, extended: bool = False) -> tuple[int, int]:
    from multivector._years import parse_years

    lo = min(info["coverage"]["igo_years"][0], info["coverage"]["un_years"][0])
    hi = max(info["coverage"]["igo_years"][1], info["coverage"]["un_years"][1])
    if extended:
        hi = max(hi, _extended_last())
    first, last = _life(row, info, extended)
    if years is None:
        return max(first, lo), min(last, hi)
    what = "the shipped data and the extended panel" if extended else "the shipped data"
    try:
        ys = parse_years(years, (lo, hi), what=what, argument="years")
    except InvalidYearError as exc:
        if extended:
            raise
        ext = _extended_last()
        try:
            parse_years(years, (lo, ext), what=what, argument="years")
        except InvalidYearError:
            raise exc from None
        raise InvalidYearError(f"{exc}; the provisional extended panel runs to {ext}: extended=True "
                               "(CLI: --extended)", "years") from None
    return ys[0], ys[-1]


def build_brief(state, years=None, peers=None, *, command: str | None = None, extended: bool = False) -> Brief:
    """Compute every section of a country brief (no rendering).

    Parameters:
        state: name, COW code/abbreviation or ISO code.
        years: a year range (``(1991, 2014)``, ``"1991-2014"``); default:
            the state's years in the system, within the data's coverage.
        peers: states to compare with (names or codes, or a comma-separated
            string); default: regional neighbours, see
            :func:`multivector.report._sections.similar_peers`.
        command: the command line shown in the footer (default: the
            equivalent ``multivector report`` command).
        extended: use the provisional extended panel (COW data carried past
            2014 and updated by sourced records) for the membership,
            category, pole, evenness and peer sections; the years may then run to
            the panel's last year. The brief carries a "Provisional" banner,
            marked chart titles and a timeline of non-membership engagements
            (chairs, hosting, UN Security Council seats) with their sources.
            The UN section stays on the published votes.

    Returns:
        A :class:`Brief`; ``brief.numbers`` holds the key figures.

    Example:
        >>> b = build_brief("Kazakhstan", (1991, 2014))
        >>> b.numbers["full_last"], b.numbers["last_year"]
        (55, 2014)
    """
    import multivector
    from multivector.data._cite import cite, data_info
    from multivector.engine._resolve import resolve_state, resolve_states
    from multivector.report import _analysis, _ideal_section, _sections

    ccode = resolve_state(state)
    info = data_info()
    from multivector.engine._membership import states

    st = states()
    row = st[st.ccode == ccode].iloc[0].to_dict()
    start, end = _period(years, row, info, extended)
    life = _life(row, info, extended)
    _sections.validate_period(row["statenme"], start, end, life)
    clamp_notes = []
    if start < life[0] or end > life[1]:
        a, b = max(start, life[0]), min(end, life[1])
        clamp_notes.append(f"Years asked for: {start}-{end}; the brief covers {a}-{b}, the years "
                           f"{row['statenme']} was in the state system.")
        start, end = a, b
    if peers is not None:
        peer_codes = [c for c in resolve_states(peers) if c != ccode]
        given, how = True, "chosen by the user"
    else:
        peer_codes, how = _analysis.default_peers(ccode, start, end)
        given = False
    ctx = _sections.Context(ccode=ccode, start=start, end=end, peers=peer_codes, peers_given=given,
                            peers_how=how, state_input=str(state), info=info, extended=bool(extended))
    ctx.notes.extend(clamp_notes + _sections.coverage_notes(ctx))
    sections = [
        _sections.memberships(ctx),
        _sections.joins_exits(ctx),
        _analysis.engagements(ctx),
        _analysis.poles(ctx),
        _analysis.alignment(ctx),
        _analysis.un_votes(ctx),
        _ideal_section.ideal_point(ctx),
        *([_sections.engagement_timeline(ctx)] if extended else []),
        _analysis.peers(ctx),
        _sections.organizations_table(ctx),
        _analysis.reading_guide(ctx),
    ]
    sources = info["sources"]
    versions = [f"{s['name']}: version {s['version']} ({s['coverage']})" for s in sources.values()]
    versions.append(f"Data built {info.get('built', 'unknown')} (data format {info.get('format', '?')}); "
                    "checksums: multivector data info.")
    cites = [c.strip() for c in cite(list(sources)).split("\n\n") if c.strip()]
    banner = ""
    if extended:
        records_cite = cite("records").strip()
        cites.append(records_cite)
        versions.append("Provisional extended panel: COW IGO statuses of the last COW year carried forward and updated "
                        "by the sourced engagement records (multivector records list).")
        cow_end = info["coverage"]["igo_years"][1]
        banner = (f"Provisional. This brief uses the extended panel. Figures after {cow_end} are not published "
                  f"COW data: they carry the {cow_end} statuses forward and apply sourced records "
                  f"({records_cite.rstrip('.')}). "
                  "Each record names its own source; the UN section uses published votes only.")
        _sections.mark_provisional(sections, cow_end)
    if command is None:
        command = f"multivector report {ctx.abb} --from {start} --to {end}"
        if extended:
            command += " --extended"
        if given:
            command += " --peers " + ",".join(_abb(c) for c in peer_codes)
    return Brief(
        ccode=ccode, label=ctx.label, name=ctx.name, start=start, end=end,
        summary=_sections.summary(ctx), headline=_sections.headline(ctx), sections=sections, notes=ctx.notes,
        data_versions=versions, citations=cites, tool_version=multivector.__version__, command=command,
        numbers=ctx.numbers, extended=bool(extended), banner=banner,
    )


def _abb(ccode: int) -> str:
    from multivector.data._store import get_store

    st = get_store().table("states")
    return str(st.loc[st.ccode == ccode, "stateabb"].iloc[0])


def report(state, years=None, format: str = "html", peers=None, output=None, *, chart_format: str = "svg",
           command: str | None = None, extended: bool = False):
    """Write a country brief: HTML (self-contained), PDF or Markdown with charts.

    Parameters:
        state: name, COW code/abbreviation or ISO code.
        years: year range, e.g. ``(1991, 2014)`` or ``"1991-2014"``
            (default: the state's years in the system within the data).
        format: ``"html"`` (one file; scripts, styles and charts inlined;
            opens offline), ``"pdf"`` (printed by headless Chromium) or
            ``"md"`` (Markdown; charts as SVG or PNG files in a folder
            ``<name>_charts`` beside it).
        peers: states to compare with (default: regional neighbours).
        output: file to write, in a folder that exists (an existing
            folder or a missing one is an error, as for every file
            multivector writes; the file is written whole or not at all).
            Without it the document is returned
            (``str`` for HTML and Markdown, with Markdown charts inlined as
            data URIs; ``bytes`` for PDF).
        chart_format: ``"svg"`` or ``"png"``: chart files of a Markdown brief.
        command: the command line printed in the footer (the CLI passes the
            exact command; default: the equivalent ``multivector report``).
        extended: use the provisional extended panel past 2014 (see
            :func:`build_brief`); the brief says so in a banner.

    Returns:
        The path written (``pathlib.Path``), or the document when
        ``output`` is None.

    Raises:
        UnknownStateError: the state is not known.
        InvalidYearError: years outside the data, or outside the state's life.
        InvalidArgumentError: ``output`` is a folder, or its folder does not exist.
        MissingExtraError: jinja2 / vl-convert-python / playwright missing
            (``pip install 'multivector[report]'``), or Chromium missing (PDF).

    Example:
        >>> import multivector as mv
        >>> page = mv.report("Kazakhstan", (1991, 2014))
        >>> page.startswith("<!DOCTYPE html>") and "Kazakhstan" in page
        True
    """
    from multivector.report import _render

    fmt = str(format).lower()
    if fmt == "markdown":
        fmt = "md"
    if fmt not in FORMATS:
        raise InvalidArgumentError(f"format: unknown brief format {format!r}; valid: {', '.join(FORMATS)}", "format")
    if chart_format not in ("svg", "png"):
        raise InvalidArgumentError(f"chart_format: unknown {chart_format!r}; valid: svg, png", "chart_format")
    from multivector._files import check_output

    out = check_output(output) if output is not None else None  # the one rule for output paths, before any work
    printer = None
    if fmt == "pdf":
        from multivector.engine._resolve import resolve_state

        resolve_state(state)  # fail on an unknown state before starting a browser
        printer = _render.Printer()  # starts Chromium while the brief is computed
    try:
        brief = build_brief(state, years, peers, command=command, extended=extended)
    except BaseException:
        if printer is not None:
            printer.close()
        raise
    if command is None:
        brief.command += ("" if fmt == "html" else f" --format {fmt}")
        brief.command += " --chart-format png" if fmt == "md" and chart_format == "png" else ""
        brief.command += f" -o {out.name}" if out is not None else ""
    charts_dir = out.parent / f"{out.stem}_charts" if (out is not None and fmt == "md") else None
    made_charts_dir = charts_dir is not None and not charts_dir.exists()
    try:
        if fmt == "html":
            doc = _render.html(brief)
        elif fmt == "pdf":
            doc = _render.pdf(brief, printer=printer)
        elif charts_dir is None:
            doc = _render.markdown(brief, None, chart_format=chart_format)
        else:
            doc = _render.markdown(brief, charts_dir, link_prefix=f"{charts_dir.name}/", chart_format=chart_format)
        if out is None:
            return doc
        from multivector._files import atomic_path

        with atomic_path(out) as tmp:  # whole or nothing: an interrupt leaves no half-written brief
            if isinstance(doc, bytes):
                tmp.write_bytes(doc)
            else:
                tmp.write_text(doc, encoding="utf-8")
    except BaseException:
        if made_charts_dir:
            import shutil

            shutil.rmtree(charts_dir, ignore_errors=True)
        raise
    return out


class _CallableModule(types.ModuleType):
    """``multivector.report`` is both this package and the :func:`report` function.

    Python binds a subpackage to its parent's attribute on import, which
    would hide the lazily exported function; calling the package calls it.
    """

    def __call__(self, *args, **kwargs):
        return report(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
