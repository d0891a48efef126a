"""Citations and data information, read from the sources table and manifest."""

from __future__ import annotations

from collections.abc import Iterable

from multivector._errors import DataError, InvalidArgumentError
from multivector.data._sources_meta import SOURCES
from multivector.data._store import get_store

ALIASES = {"igo": "cow_igo", "cow": "cow_igo", "states": "cow_states", "un": "unga", "votes": "unga",
           "alliances": "atop", "idealpoints": "unga_idealpoints", "ideal_points": "unga_idealpoints",
           "informal": ("iigo", "migo"), "informal_igo": ("iigo", "migo")}


def _keys(sources) -> list[str]:
    if hasattr(sources, "attrs") and hasattr(sources, "columns"):
        sources = sources.attrs.get("sources") or None
    if sources is None:
        return [k for k in SOURCES if k != "records"]
    if isinstance(sources, str):
        sources = [s.strip() for s in sources.split(",") if s.strip()]
    out = []
    for s in sources:
        if not isinstance(s, str):
            raise InvalidArgumentError(f"sources: expected source names, got {s!r}; valid: {', '.join(SOURCES)}", "sources")
        ks = ALIASES.get(s.lower(), s.lower())
        for k in (ks,) if isinstance(ks, str) else ks:
            if k not in SOURCES:
                raise InvalidArgumentError(f"sources: unknown source {s!r}; valid: {', '.join(SOURCES)}", "sources")
            if k not in out:
                out.append(k)
    if not out:
        raise InvalidArgumentError(f"sources: none given; valid: {', '.join(SOURCES)} (or leave out for all shipped sources)",
                                   "sources")
    return out


def cite(sources: str | Iterable[str] | None = None, format: str = "text") -> str:
    """Citations for the sources behind a result, as plain text or BibTeX.

    Parameters:
        sources: source keys (``"cow_igo"``, ``"cow_states"``, ``"unga"``,
            ``"atop"``, ``"unga_idealpoints"``, ``"iigo"``, ``"migo"``,
            ``"records"``; ``"informal"`` names both IIGO and MIGO), a
            comma-separated string, a DataFrame returned
            by multivector (its ``attrs["sources"]`` name the sources behind
            it), or ``None`` for all shipped sources.
        format: ``"text"`` or ``"bibtex"``.

    Example:
        >>> import multivector as mv
        >>> "Pevehouse" in mv.cite("cow_igo")
        True
        >>> mv.cite("unga", format="bibtex").startswith("@misc{voeten2009unga")
        True
        >>> "Voeten" in mv.cite(mv.organization_members("SCO", 2014))
        False
        >>> mv.cite("alliances").startswith("Leeds, Brett Ashley")
        True
    """
    keys = _keys(sources)
    if format == "bibtex":
        return "\n\n".join(SOURCES[k]["bibtex"] for k in keys) + "\n"
    if format != "text":
        raise InvalidArgumentError(f"format: unknown citation format {format!r}; valid: text, bibtex", "format")
    lines = []
    for k in keys:
        s = SOURCES[k]
        line = s["citation"]
        if s.get("doi"):
            line += f" doi:{s['doi']}" if not s["doi"].startswith("hdl:") else f" {s['doi']}"
        lines.append(f"{line} Licence: {s['licence']}")
    return "\n\n".join(lines) + "\n"


def with_sources(df, *keys: str):
    """Record on a result DataFrame which sources it was computed from (for ``cite``)."""
    have = list(df.attrs.get("sources", []))
    df.attrs["sources"] = have + [k for k in keys if k not in have]
    return df


def data_info() -> dict:
    """Versions, coverage, row counts, checksums and data-quality summary of the data in use.

    Every table file is checked against the manifest (size and sha256):
    ``files`` maps each table to ``{"status", "detail"}`` (status ``ok``,
    ``missing``, ``truncated``, ``resized``, ``checksum`` or
    ``unreadable``), and ``damaged`` lists the tables that are not ``ok``.

    Example:
        >>> import multivector as mv
        >>> info = mv.data_info()
        >>> info["coverage"]["igo_years"], info["quality"]["differing_cells"], info["damaged"]
        ([1816, 2014], 4615, [])
    """
    store = get_store()
    m = dict(store.manifest)
    m["data_dir"] = str(store.data_dir)
    m["files"] = {}
    for name in m["tables"]:
        status, detail = store.check_file(name)
        m["files"][name] = {"status": status, "detail": detail}
    m["damaged"] = [n for n, f in m["files"].items() if f["status"] != "ok"]
    m["rebuild"] = store.build_command
    return m


def verify_data() -> None:
    """Check every file of the data in use against its manifest (size and sha256).

    Raises:
        DataError: one line naming every missing, truncated or altered file
            and the command that rebuilds the folder.

    Example:
        >>> import multivector as mv
        >>> mv.verify_data()  # the shipped data: nothing to report
    """
    info = data_info()
    if info["damaged"]:
        details = "; ".join(info["files"][n]["detail"] for n in info["damaged"])
        raise DataError(f"{len(info['damaged'])} of {len(info['files'])} data files in {info['data_dir']} are damaged or "
                        f"missing ({details}); rebuild with '{info['rebuild']}'")


def source_check_lines(info: dict) -> list[str]:
    """One line per newer source of a manifest: coverage, rows and what its checks found.

    Manifests built before a source was added simply give no line for it.

    Example:
        >>> import multivector as mv
        >>> from multivector.data._cite import source_check_lines
        >>> source_check_lines(mv.data_info())[0][:61]
        'Alliances (ATOP 5.1): 273,296 directed dyad-years, 1815-2018;'
    """
    checks = info.get("checks", {})
    lines = []
    a = checks.get("atop")
    if a:
        lines.append(
            f"Alliances (ATOP 5.1): {a['rows']:,d} directed dyad-years, {a['years'][0]}-{a['years'][1]}; "
            f"{a['rows_with_asymmetric_flags']:,d} rows whose flags differ from their mirror row (ATOP codes each direction's "
            f"obligations); {a['rows_with_a_state_outside_system']:,d} rows with a state outside the COW system that year "
            f"({a['rows_before_state_list']:,d} of them in 1815), kept and listed in source_issues."
        )
    p = checks.get("unga_idealpoints")
    if p:
        empty_2024 = p["empty_idealpointall_by_year"].get(str(p["years"][1]), 0)
        lines.append(
            f"UN ideal points (July 2025): {p['rows']:,d} state-years of {p['states']} states, {p['years'][0]}-{p['years'][1]}; "
            f"idealpointall empty in {p['empty']['idealpointall']:,d} rows ({empty_2024} of them in {p['years'][1]}: "
            f"not estimated, never 0); {p['rows_outside_system']} rows outside the COW system, kept and listed in source_issues."
        )
    i, g = checks.get("iigo"), checks.get("migo")
    if i and g:
        lines.append(
            f"Informal IGOs: IIGO 2.0, {i['organizations']} organizations, {i['member_rows']:,d} member rows expanded over "
            f"each organization's years to {i['state_years']:,d} state-years, {i['years'][0]}-{i['years'][1]} "
            f"({i['state_years_outside_system']:,d} years outside a member's statehood left out; member lists are of 2017, "
            f"so earlier years are approximate); MIGO, {g['organizations']} organizations, {g['rows']:,d} state-years "
            f"as published, {g['years'][0]}-{g['years'][1]}."
        )
    return lines
