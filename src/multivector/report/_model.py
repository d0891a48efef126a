"""The structure of a brief: sections of generated sentences, charts, tables and notes.

A :class:`Brief` holds everything a renderer needs and nothing it has to
compute: the HTML, PDF and Markdown renderers only lay it out. ``numbers``
holds the key figures as plain values, so tests and other faces can check
that the brief says what the library says.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Figure:
    """A headline figure: ``label`` (e.g. "Full memberships, 2014"), display ``value``, ``detail`` and ``source``."""

    label: str
    value: str
    detail: str = ""
    source: str = ""


@dataclass
class Chart:
    """A chart of a section: a stable ``key`` (file and element names), its Vega-Lite ``spec`` and a caption."""

    key: str
    title: str
    spec: dict
    caption: str = ""


@dataclass
class Table:
    """A table of display strings."""

    columns: list[str]
    rows: list[list[str]]
    caption: str = ""


@dataclass
class Section:
    """One part of the brief.

    ``paragraphs`` are sentences generated from numbers; ``notes`` explain
    coverage gaps and missing inputs; ``sources`` name the data; ``reproduce``
    gives the commands that print the same figures.
    """

    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    reproduce: list[str] = field(default_factory=list)


@dataclass
class Brief:
    """A country brief, ready to render."""

    ccode: int
    label: str
    name: str
    start: int
    end: int
    summary: str
    headline: list[Figure]
    sections: list[Section]
    notes: list[str]
    data_versions: list[str]
    citations: list[str]
    tool_version: str
    command: str
    numbers: dict = field(default_factory=dict)
    #: Built on the provisional extended panel; ``banner`` says so at the top of the brief.
    extended: bool = False
    banner: str = ""

    @property
    def charts(self) -> list[Chart]:
        """Every chart of the brief, in order."""
        return [c for s in self.sections for c in s.charts]
