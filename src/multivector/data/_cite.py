"""Citations and data information, read from the sources table and manifest."""

from __future__ import annotations

from collections.abc import Iterable

from multivector._errors import InvalidArgumentError
from multivector.data._sources_meta import SOURCES
from multivector.data._store import get_store

ALIASES = {"igo": "cow_igo", "cow": "cow_igo", "states": "cow_states", "un": "unga", "votes": "unga"}


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
        k = ALIASES.get(s.lower(), s.lower())
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
            ``"records"``), a comma-separated string, a DataFrame returned
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

    Example:
        >>> import multivector as mv
        >>> info = mv.data_info()
        >>> info["coverage"]["igo_years"], info["quality"]["differing_cells"]
        ([1816, 2014], 4615)
    """
    store = get_store()
    m = dict(store.manifest)
    m["data_dir"] = str(store.data_dir)
    return m
