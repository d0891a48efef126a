"""Vega-Lite chart specifications built from the library's DataFrames.

Each function takes a DataFrame as the library returns it (or a tidy
long-form frame, for the analyses whose columns vary) and returns a
Vega-Lite v6 specification as a plain ``dict``, with the data inlined, so
the same spec renders in a browser (vega-embed) and offline to SVG/PNG
(``vl_convert.vegalite_to_svg``). The country brief and the web explorer use
the same functions; they differ only in the size they give a chart
(:func:`sized`).

Conventions, stable for every function here:

- ``year`` on a quantitative x axis formatted without thousands separator;
- missing values stay missing: a <NA> becomes JSON ``null`` and a line is
  broken there, never drawn through 0;
- every mark has a tooltip with the exact values;
- ``title`` and ``description`` (for screen readers) are set; no fonts,
  colours of the page or sizes beyond a default ``width``/``height``;
- an empty frame gives a valid spec that says "No data" (see
  :func:`no_data`) rather than an empty plot.

Public functions: :func:`memberships_by_status`, :func:`memberships_by_type`,
:func:`joins_exits`, :func:`engagements_by_category`,
:func:`alignment_shares`, :func:`balance_index`, :func:`un_agreement`,
:func:`peer_comparison`, plus :func:`no_data`, :func:`sized` and
:func:`has_data`.

Example:
    >>> import multivector as mv
    >>> from multivector.charts import _specs as _charts
    >>> spec = _charts.memberships_by_status(mv.portfolio("Kazakhstan", (2013, 2014)))
    >>> spec["mark"]["type"], [r["value"] for r in spec["data"]["values"] if r["status"] == "Full"]
    ('line', [57, 55])
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from multivector.charts import _palette

__all__ = [
    "SCHEMA",
    "alignment_shares",
    "balance_index",
    "engagements_by_category",
    "has_data",
    "joins_exits",
    "mark_gaps",
    "memberships_by_status",
    "memberships_by_type",
    "no_data",
    "peer_comparison",
    "reading",
    "sized",
    "table_of",
    "un_agreement",
    "wrap_title",
]

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

#: Default size of a chart; faces override it with :func:`sized`.
WIDTH, HEIGHT = 560, 220

STATUS_SERIES = {"full": "Full", "associate": "Associate", "observer": "Observer"}
TYPE_SERIES = {"political": "Political", "social": "Social", "economic": "Economic"}

_YEAR_AXIS = {"format": "d", "labelOverlap": True, "tickMinStep": 1}


# --------------------------------------------------------------------------- helpers


def _clean(v):
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    return v


def _values(df: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts; <NA>/NaN become None (JSON null)."""
    cols = list(df.columns)
    return [{c: _clean(v) for c, v in zip(cols, row)} for row in df.itertuples(index=False, name=None)]


def _base(title: str, description: str) -> dict:
    return {"$schema": SCHEMA, "title": title, "description": description, "width": WIDTH, "height": HEIGHT}


def _year_x(field: str = "year", title: str = "Year") -> dict:
    return {"field": field, "type": "quantitative", "title": title, "axis": _YEAR_AXIS, "scale": {"zero": False}}


def _year_band(years, field: str = "year", title: str = "Year") -> dict:
    """Years as a band scale over every year from first to last (years without bars keep their place)."""
    ys = [int(y) for y in pd.Series(years).dropna()]
    domain = list(range(min(ys), max(ys) + 1)) if ys else []
    return {"field": field, "type": "ordinal", "title": title, "scale": {"domain": domain},
            "axis": {"labelOverlap": "greedy", "labelAngle": 0, "labelSeparation": 4}}


def _year_tip(field: str = "year") -> dict:
    return {"field": field, "type": "quantitative", "title": "Year", "format": "d"}


def has_data(df: pd.DataFrame | None, columns: Sequence[str] = ()) -> bool:
    """True when ``df`` has at least one row with a non-missing value in one of ``columns``.

    Example:
        >>> has_data(pd.DataFrame({"year": [1], "full": [pd.NA]}), ["full"])
        False
    """
    if df is None or len(df) == 0:
        return False
    cols = [c for c in columns if c in df.columns]
    if not cols:
        return len(df) > 0
    return bool(df[cols].notna().any().any())


def no_data(title: str, message: str = "No data for this selection.") -> dict:
    """A spec that shows ``message`` in place of a chart (never an empty plot).

    Example:
        >>> no_data("Memberships", "No IGO data before 1816.")["mark"]["type"]
        'text'
    """
    spec = _base(title, f"{title}: {message}")
    spec["height"] = 60
    spec.update({
        "data": {"values": [{"message": message}]},
        "mark": {"type": "text", "fontSize": 13, "color": "#555"},
        "encoding": {"text": {"field": "message", "type": "nominal"}},
        "config": {"view": {"stroke": None}},
    })
    return spec


def sized(spec: dict, width: int | str | None = None, height: int | None = None) -> dict:
    """A copy of ``spec`` with another size (``width="container"`` fills the page's element).

    Works for single, layered and faceted specs (a faceted spec sizes each
    panel).

    Example:
        >>> sized(no_data("t"), width="container")["width"]
        'container'
    """
    out = copy.deepcopy(spec)
    target = out["spec"] if "spec" in out and "facet" in out else out
    if width is not None:
        target["width"] = width
        if width == "container":
            out["autosize"] = {"type": "fit-x", "contains": "padding"}
    if height is not None and (target.get("mark") or {}).get("type") != "text":
        target["height"] = height
    return out


def wrap_title(spec: dict, chars: int = 44) -> dict:
    """A copy of ``spec`` whose title is broken into lines of at most ``chars`` characters and set at the left edge,
    so a long title is never cut on a narrow screen (Vega does not wrap titles itself).

    Example:
        >>> wrap_title({"title": "Kazakhstan: agreement with Russia in UN General Assembly votes"}, 40)["title"]["text"]
        ['Kazakhstan: agreement with Russia in UN', 'General Assembly votes']
    """
    import textwrap

    out = copy.deepcopy(spec)
    title = out.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    if isinstance(text, str):
        # a parenthesis ("(provisional after 2014)") stays on one line
        guarded = re.sub(r"\([^()]*\)", lambda m: m.group(0).replace(" ", "\x00"), text)
        lines = [ln.replace("\x00", " ") for ln in textwrap.wrap(guarded, chars)] or [text]
        out["title"] = {**(title if isinstance(title, dict) else {}), "text": lines if len(lines) > 1 else text,
                        "anchor": "start", "frame": "bounds"}
    return out


def _gaps(df: pd.DataFrame, by: str | None = None, x: str = "year") -> pd.DataFrame:
    """Add rows with missing values for the years a series lacks between the first and last year.

    A line is then broken across the gap (e.g. a state out of the system, or
    absent from the UN for years) instead of drawn straight through it.

    Example:
        >>> d = pd.DataFrame({"year": [2000, 2003], "value": [1.0, 2.0]})
        >>> _gaps(d)["value"].isna().tolist()
        [False, True, True, False]
    """
    if df.empty:
        return df
    years = range(int(df[x].min()), int(df[x].max()) + 1)
    if by is None:
        full = pd.DataFrame({x: list(years)})
        return full.merge(df, on=x, how="left")
    keys = list(dict.fromkeys(df[by]))
    full = pd.MultiIndex.from_product([keys, list(years)], names=[by, x]).to_frame(index=False)
    out = full.merge(df, on=[by, x], how="left")
    return out[list(df.columns)]


def _fold(df: pd.DataFrame, columns: Mapping[str, str], key: str, x: str = "year") -> pd.DataFrame:
    """Wide columns to long rows ``x, key, value`` with display labels."""
    long = df[[x, *columns]].melt(id_vars=[x], var_name=key, value_name="value")
    long[key] = long[key].map(columns)
    long[x] = long[x].astype("int64")
    return long


# --------------------------------------------------------------------------- memberships


def _portfolio_lines(portfolio: pd.DataFrame, columns: Mapping[str, str], key: str, title: str,
                     y_title: str, description: str, kind: str) -> dict:
    if not has_data(portfolio, list(columns)):
        return no_data(title, "No membership data for these years.")
    long = _gaps(_fold(portfolio, columns, key), by=key)
    labels = list(columns.values())
    spec = _base(title, description)
    spec.update({
        "data": {"values": _values(long)},
        "mark": {"type": "line", "point": {"filled": True, "size": 20}},
        "encoding": {
            "x": _year_x(),
            "y": {"field": "value", "type": "quantitative", "title": y_title},
            "color": {"field": key, "type": "nominal", "title": None, "sort": labels, "scale": _palette.scale(kind, labels)},
            "tooltip": [_year_tip(), {"field": key, "type": "nominal", "title": key.capitalize()},
                        {"field": "value", "type": "quantitative", "title": y_title}],
        },
    })
    return spec


def mark_gaps(spec: dict, gaps: Mapping[int, str] | None) -> dict:
    """Add a dashed rule at each year where the source codes organizations missing for every state (a coding gap),
    with a tooltip saying what it is, so a fall there is never read as exits.

    Parameters:
        spec: a single-view line spec with ``year`` on x.
        gaps: year -> text (e.g. from :func:`multivector.coding_gaps`: "ICAO, TURKSOY"); empty: spec unchanged.

    Example:
        >>> import multivector as mv
        >>> s = mark_gaps(memberships_by_status(mv.portfolio(705, (2013, 2014))), {2014: "ICAO, TURKSOY"})
        >>> [layer["mark"]["type"] for layer in s["layer"]], s["layer"][1]["data"]["values"][0]["year"]
        (['line', 'rule'], 2014)
    """
    if not gaps or "layer" in spec or spec.get("mark", {}).get("type") == "text":
        return spec
    out = copy.deepcopy(spec)
    main = {k: out.pop(k) for k in ("mark", "encoding", "transform") if k in out}
    rows = [{"year": int(y), "note": f"{y}: organizations coded missing for every state by the source ({text}); "
                                     "a gap in the data, not exits"} for y, text in sorted(gaps.items())]
    rule = {"data": {"values": rows},
            "mark": {"type": "rule", "strokeDash": [4, 3], "color": _palette.MISSING, "strokeWidth": 2},
            "encoding": {"x": _year_x(), "tooltip": [{"field": "note", "type": "nominal", "title": "Coding gap"}]}}
    out["layer"] = [main, rule]
    out["description"] = (out.get("description", "") + " Dashed lines mark years in which the source codes "
                          "organizations missing for every state (a gap in the data, not exits).").strip()
    return out


def memberships_by_status(portfolio: pd.DataFrame, title: str = "Memberships by status") -> dict:
    """Full, associate and observer memberships per year, one line each.

    Parameters:
        portfolio: a frame from :func:`multivector.portfolio` (columns
            ``year, full, associate, observer``).
        title: chart title.

    Returns:
        Vega-Lite spec; data rows ``year, status, value`` (status
        ``"Full"``, ``"Associate"``, ``"Observer"``; value null when missing).

    Example:
        >>> import multivector as mv
        >>> s = memberships_by_status(mv.portfolio(705, 2014))
        >>> sorted((r["status"], r["value"]) for r in s["data"]["values"])
        [('Associate', 0), ('Full', 55), ('Observer', 1)]
    """
    return _portfolio_lines(
        portfolio, STATUS_SERIES, "status", title, "Organizations",
        "Number of international organizations in which the state is a full member, associate member or observer, per year.",
        "status",
    )


def memberships_by_type(portfolio: pd.DataFrame, title: str = "Full memberships by functional type") -> dict:
    """Full memberships per year in political, social and economic organizations.

    An organization may have several functional types, so the three lines
    need not add up to the number of full memberships.

    Parameters:
        portfolio: a frame from :func:`multivector.portfolio` (columns
            ``year, political, social, economic``).

    Returns:
        Vega-Lite spec; data rows ``year, type, value``.

    Example:
        >>> import multivector as mv
        >>> s = memberships_by_type(mv.portfolio(705, 2014))
        >>> sorted((r["type"], r["value"]) for r in s["data"]["values"])
        [('Economic', 25), ('Political', 12), ('Social', 18)]
    """
    return _portfolio_lines(
        portfolio, TYPE_SERIES, "type", title, "Full memberships",
        "Full memberships per year in organizations with a political, social or economic mandate; "
        "an organization may have several.",
        "type",
    )


def joins_exits(portfolio: pd.DataFrame, title: str = "Joins and exits") -> dict:
    """Organizations joined (up) and left or dissolved (down) per year, as bars.

    Parameters:
        portfolio: a frame from :func:`multivector.portfolio` (columns
            ``year, joins, exits, dissolved``). Years where a count is
            missing (the state's first year, or all cells missing) have no bar.

    Returns:
        Vega-Lite spec; data rows ``year, change, count, value`` where
        ``change`` is ``"Joined"``, ``"Left"`` or ``"Dissolved"``,
        ``count`` the number and ``value`` its signed height (negative for
        left and dissolved).

    Example:
        >>> import multivector as mv
        >>> s = joins_exits(mv.portfolio(705, (1992, 1993)))
        >>> [(r["year"], r["count"]) for r in s["data"]["values"] if r["change"] == "Joined"]
        [(1992, 15), (1993, 6)]
    """
    cols = {"joins": "Joined", "exits": "Left", "dissolved": "Dissolved"}
    if not has_data(portfolio, list(cols)):
        return no_data(title, "No year-to-year changes in these years.")
    years = portfolio.loc[portfolio["joins"].notna(), "year"]
    long = _fold(portfolio, cols, "change").rename(columns={"value": "count"})
    long = long[long["count"].notna()].copy()
    long["count"] = long["count"].astype("int64")
    long = long[long["count"] > 0]
    if long.empty:
        return no_data(title, "No organizations joined or left in these years.")
    long["value"] = np.where(long["change"] == "Joined", long["count"], -long["count"])
    spec = _base(title, "Per year, organizations the state joined as a full member (above zero) and full memberships "
                        "that ended by leaving or by the organization's dissolution (below zero).")
    spec.update({
        "data": {"values": _values(long)},
        "mark": {"type": "bar"},
        "encoding": {
            "x": _year_band(years),
            "y": {"field": "value", "type": "quantitative", "title": "Organizations", "stack": "zero"},
            "color": {"field": "change", "type": "nominal", "title": None,
                      "scale": _palette.scale("change", ["Joined", "Left", "Dissolved"]), "sort": ["Joined", "Left", "Dissolved"]},
            "tooltip": [_year_tip(), {"field": "change", "type": "nominal", "title": "Change"},
                        {"field": "count", "type": "quantitative", "title": "Organizations"}],
        },
    })
    return spec


# --------------------------------------------------------------------------- analyses


def engagements_by_category(df: pd.DataFrame, *, year: str = "year", category: str = "category", value: str = "n",
                            order: Sequence[str] | None = None, title: str = "Engagements by category") -> dict:
    """Full memberships per year stacked by organization category (Western, Russia-centred, ...).

    Parameters:
        df: long frame with one row per year and category (e.g. from the
            organization signatures of :mod:`multivector.measures._signatures`).
        year, category, value: column names.
        order: categories in legend and stacking order (default: as found).
            Library codes (``russia_centred``, ``pillar-free``) are shown
            as their display labels (``Russia-centred``, ``Pillar-free``).

    Returns:
        Vega-Lite spec of stacked bars; data rows ``year, category, value``.

    Example:
        >>> d = pd.DataFrame({"year": [2000, 2000], "category": ["Western", "Universal"], "n": [3, 5]})
        >>> engagements_by_category(d)["encoding"]["y"]["stack"]
        'zero'
    """
    if not has_data(df, [value]):
        return no_data(title, "No categorised memberships for these years.")
    d = df[[year, category, value]].rename(columns={year: "year", category: "category", value: "value"})
    d["year"] = d["year"].astype("int64")
    d["category"] = d["category"].astype(str).map(_palette.label)  # plain words, never the library's codes
    present = set(d.loc[d["value"].fillna(0) > 0, "category"])
    cats = [c for c in (_palette.label(o) for o in (order or dict.fromkeys(d["category"]))) if c in present]
    spec = _base(title, "Full memberships per year, by the category of the organization "
                        "(which great-power pillars are full members of it).")
    spec.update({
        "data": {"values": _values(d)},
        "mark": {"type": "bar"},
        "encoding": {
            "x": _year_band(d["year"]),
            "y": {"field": "value", "type": "quantitative", "title": "Full memberships", "stack": "zero"},
            "color": {"field": "category", "type": "nominal", "title": None, "sort": cats,
                      "scale": _palette.scale("category", cats)},
            "order": {"field": "_order", "type": "quantitative"},
            "tooltip": [_year_tip(), {"field": "category", "type": "nominal", "title": "Category"},
                        {"field": "value", "type": "quantitative", "title": "Full memberships"}],
        },
        "transform": [{"calculate": f"indexof({json.dumps(cats)}, datum.category)", "as": "_order"}],
    })
    return spec


def alignment_shares(df: pd.DataFrame, *, year: str = "year", pillar: str = "pillar", share: str = "share",
                     order: Sequence[str] | None = None, title: str | None = None,
                     channel: str = "institutional") -> dict:
    """Shares of a state's alignment by pillar per year, as a stacked area summing to 1.

    Parameters:
        df: long frame, one row per year and pillar, ``share`` in [0, 1]
            (shares of a year sum to 1; missing years stay missing).
        year, pillar, share: column names.
        order: pillars in stacking and legend order.
        title: chart title (default: "<Channel> alignment by pillar").
        channel: ``"institutional"`` (IGO memberships) or ``"diplomatic"``
            (UN votes): named in the default title and the description.

    Returns:
        Vega-Lite spec; data rows ``year, pillar, share``.

    Example:
        >>> d = pd.DataFrame({"year": [2000, 2000], "pillar": ["Russia", "China"], "share": [0.75, 0.25]})
        >>> alignment_shares(d)["encoding"]["y"]["axis"]["format"]
        '.0%'
    """
    title = title or f"{channel.capitalize()} alignment by pillar"
    if not has_data(df, [share]):
        return no_data(title, "No alignment shares for these years.")
    d = df[[year, pillar, share]].rename(columns={year: "year", pillar: "pillar", share: "share"})
    d["year"] = d["year"].astype("int64")
    pillars = list(order) if order else list(dict.fromkeys(d["pillar"].astype(str)))
    source = "its memberships in international organizations" if channel == "institutional" else "its UN General Assembly votes"
    spec = _base(title, f"Per year, the share of the state's {channel} alignment ({source}) going to each great-power "
                        "pillar; shares of a year add up to 100%.")
    spec.update({
        "data": {"values": _values(d)},
        "mark": {"type": "area", "line": True},
        "encoding": {
            "x": _year_x(),
            "y": {"field": "share", "type": "quantitative", "title": "Share", "stack": "zero",
                  "axis": {"format": ".0%"}, "scale": {"domain": [0, 1]}},
            "color": {"field": "pillar", "type": "nominal", "title": None, "sort": pillars,
                      "scale": _palette.scale("pillar", pillars)},
            "order": {"field": "_order", "type": "quantitative"},
            "tooltip": [_year_tip(), {"field": "pillar", "type": "nominal", "title": "Pillar"},
                        {"field": "share", "type": "quantitative", "title": "Share", "format": ".1%"}],
        },
        "transform": [{"calculate": f"indexof({json.dumps(pillars)}, datum.pillar)", "as": "_order"}],
    })
    return spec


def balance_index(df: pd.DataFrame, *, year: str = "year", value: str = "balance", lower: str | None = "lower",
                  upper: str | None = "upper", label: str = "Pillar evenness", title: str = "Pillar evenness",
                  domain: tuple = (0, 1), reading: str = "0: a single pillar; 1: perfectly even",
                  chance: tuple[str, str] | None = None) -> dict:
    """A measure per year (pillar evenness, tilt, hedging) as a line, with its interval as a band.

    Parameters:
        df: one row per year with the index (0 = one pillar only, 1 =
            perfectly even) and, optionally, the interval bounds.
        year, value, lower, upper: column names (``lower``/``upper`` None
            or absent: no band).
        label: name of the index in tooltips and axis title.
        domain: the y-axis range (evenness and hedging 0-1, tilt -1 to 1).
        reading: how to read the scale, in the chart's description.
        chance: columns of the chance band (lowest and highest of random
            portfolios of the same size), drawn as two dashed grey lines.

    Returns:
        Vega-Lite layered spec (band, line, and the chance lines); data rows
        ``year, value``, ``lower, upper`` and ``chance_lo, chance_hi`` when present.

    Example:
        >>> d = pd.DataFrame({"year": [2000, 2001], "balance": [0.8, 0.7], "lower": [0.7, 0.6], "upper": [0.9, 0.8]})
        >>> [layer["mark"]["type"] for layer in balance_index(d)["layer"]]
        ['area', 'line']
    """
    if not has_data(df, [value]):
        return no_data(title, f"No {label.lower()} for these years.")
    band = lower is not None and upper is not None and lower in df.columns and upper in df.columns
    luck = chance is not None and all(c in df.columns for c in chance) and df[list(chance)].notna().any().any()
    cols = {year: "year", value: "value", **({lower: "lower", upper: "upper"} if band else {}),
            **({chance[0]: "chance_lo", chance[1]: "chance_hi"} if luck else {})}
    d = df[list(cols)].rename(columns=cols)
    d["year"] = d["year"].astype("int64")
    d = _gaps(d)
    tip = [_year_tip(), {"field": "value", "type": "quantitative", "title": label, "format": ".3f"}]
    if band:
        tip += [{"field": "lower", "type": "quantitative", "title": "Interval low", "format": ".3f"},
                {"field": "upper", "type": "quantitative", "title": "Interval high", "format": ".3f"}]
    if luck:
        tip += [{"field": "chance_lo", "type": "quantitative", "title": "Random portfolios, low", "format": ".3f"},
                {"field": "chance_hi", "type": "quantitative", "title": "Random portfolios, high", "format": ".3f"}]
    spec = _base(title, f"{label} per year ({reading})"
                        + (", with the shaded interval of its uncertainty" if band else "")
                        + ("; the dashed lines bound what random portfolios of the same size score." if luck else "."))
    y = {"field": "value", "type": "quantitative", "title": label, "scale": {"domain": list(domain)}}
    layers = []
    if band:
        layers.append({"mark": {"type": "area", "opacity": 0.25},
                       "encoding": {"x": _year_x(), "y": {**y, "field": "lower"}, "y2": {"field": "upper"}, "tooltip": tip}})
    for edge in ("chance_lo", "chance_hi") if luck else ():
        layers.append({"mark": {"type": "line", "strokeDash": [4, 3], "color": "#7a7a7a", "strokeWidth": 1.2},
                       "encoding": {"x": _year_x(), "y": {**y, "field": edge}, "tooltip": tip}})
    layers.append({"mark": {"type": "line", "point": {"filled": True, "size": 20}},
                   "encoding": {"x": _year_x(), "y": y, "tooltip": tip}})
    spec.update({"data": {"values": _values(d)}, "layer": layers})
    return spec


def un_agreement(df: pd.DataFrame, *, year: str = "year", pillar: str = "pillar", value: str = "agree",
                 n: str | None = "n_votes", order: Sequence[str] | None = None,
                 title: str = "UN General Assembly agreement with each pillar", pillar_kind: str = "pillar") -> dict:
    """UN voting agreement of a state with each pillar per year, one line per pillar.

    Parameters:
        df: long frame, one row per year (or session) and pillar, agreement
            in [0, 1]; optional ``n`` = roll calls behind each figure.
        year, pillar, value, n: column names.
        order: pillars in legend order.
        pillar_kind: ``"pillar"`` (palette colours of the pillars) or
            ``"state"`` when the lines are states (the dyad page).

    Returns:
        Vega-Lite spec; data rows ``year, pillar, agree`` (+ ``n_votes``).

    Example:
        >>> d = pd.DataFrame({"year": [2000, 2000], "pillar": ["Russia", "China"], "agree": [0.9, 0.8], "n_votes": [60, 60]})
        >>> un_agreement(d)["encoding"]["y"]["scale"]["domain"]
        [0, 1]
    """
    if not has_data(df, [value]):
        return no_data(title, "No UN votes for these years.")
    cols = {year: "year", pillar: "pillar", value: "agree", **({n: "n_votes"} if n and n in df.columns else {})}
    d = df[list(cols)].rename(columns=cols)
    d["year"] = d["year"].astype("int64")
    d["pillar"] = d["pillar"].astype(str)
    d = _gaps(d, by="pillar")
    pillars = list(order) if order else list(dict.fromkeys(d["pillar"]))
    tip = [_year_tip(), {"field": "pillar", "type": "nominal", "title": "Pillar"},
           {"field": "agree", "type": "quantitative", "title": "Agreement", "format": ".3f"}]
    if "n_votes" in d.columns:
        tip.append({"field": "n_votes", "type": "quantitative", "title": "Roll calls"})
    spec = _base(title, "Share of UN General Assembly roll calls on which the state voted with each pillar "
                        "(1 same vote, 0.5 when exactly one abstained, 0 yes against no), per year.")
    spec.update({
        "data": {"values": _values(d)},
        "mark": {"type": "line", "point": {"filled": True, "size": 20}},
        "encoding": {
            "x": _year_x(),
            "y": {"field": "agree", "type": "quantitative", "title": "Agreement", "scale": {"domain": [0, 1]}},
            "color": {"field": "pillar", "type": "nominal", "title": None, "sort": pillars,
                      "scale": _palette.scale(pillar_kind, pillars)},
            "tooltip": tip,
        },
    })
    return spec


def peer_comparison(df: pd.DataFrame, *, focus: str, year: str = "year", state: str = "state", value: str = "value",
                    y_title: str = "Full memberships", title: str = "Compared with peers",
                    highlight: bool | None = None) -> dict:
    """One measure over years for a state and its peers, the state drawn thicker.

    Parameters:
        df: long frame, one row per year and state (``state`` holds display
            labels).
        focus: the label of the state the chart is about.
        year, state, value: column names.
        y_title: what ``value`` measures.
        highlight: draw the focus state in colour and every other state as
            a thin grey line, without a legend: readable for any number of
            states. Default: when there are more states than distinct
            comparison colours (:data:`multivector.charts._palette.STATE_SERIES`).

    Returns:
        Vega-Lite spec; data rows ``year, state, value``.

    Example:
        >>> d = pd.DataFrame({"year": [2000, 2000], "state": ["A", "B"], "value": [3, 5]})
        >>> peer_comparison(d, focus="A")["encoding"]["strokeWidth"]["condition"]["value"]
        3.5
    """
    if not has_data(df, [value]):
        return no_data(title, "No data for these states and years.")
    d = df[[year, state, value]].rename(columns={year: "year", state: "state", value: "value"})
    d["year"] = d["year"].astype("int64")
    d["state"] = d["state"].astype(str)
    d = _gaps(d, by="state")
    states = [focus] + [s for s in dict.fromkeys(d["state"].astype(str)) if s != focus]
    if highlight is None:
        highlight = len(states) > len(_palette.STATE_SERIES)
    if highlight:
        return _highlighted(d, focus, states, y_title, title)
    spec = _base(title, f"{y_title} per year for {focus} (thick line) and its peers.")
    spec.update({
        "data": {"values": _values(d)},
        "mark": {"type": "line", "point": {"filled": True, "size": 14}},
        "encoding": {
            "x": _year_x(),
            "y": {"field": "value", "type": "quantitative", "title": y_title},
            "color": {"field": "state", "type": "nominal", "title": None, "sort": states,
                      "scale": _palette.scale("state", states)},
            "strokeWidth": {"condition": {"test": f"datum.state === {_js(focus)}", "value": 3.5}, "value": 1.5},
            "tooltip": [_year_tip(), {"field": "state", "type": "nominal", "title": "State"},
                        {"field": "value", "type": "quantitative", "title": y_title}],
        },
    })
    return spec


def _highlighted(d: pd.DataFrame, focus: str, states: list[str], y_title: str, title: str) -> dict:
    """Many states: the focus in colour and thick, drawn last; the others thin grey lines; no legend."""
    d = d.assign(_focus=(d["state"] == focus).astype(int))
    spec = _base(title, f"{y_title} per year for {len(states)} states: {focus} highlighted (coloured line), "
                        f"the other {len(states) - 1} as grey lines.")
    tip = [_year_tip(), {"field": "state", "type": "nominal", "title": "State"},
           {"field": "value", "type": "quantitative", "title": y_title}]
    spec.update({
        "data": {"values": _values(d)},
        "mark": {"type": "line", "point": False},
        "encoding": {
            "x": _year_x(),
            "y": {"field": "value", "type": "quantitative", "title": y_title},
            "detail": {"field": "state", "type": "nominal"},
            "color": {"condition": {"test": f"datum.state === {_js(focus)}", "value": _palette.STATE_SERIES[0]},
                      "value": _palette.MISSING},
            "strokeWidth": {"condition": {"test": f"datum.state === {_js(focus)}", "value": 3.5}, "value": 1.2},
            "order": {"field": "_focus", "type": "quantitative"},
            "tooltip": tip,
        },
    })
    return spec


def _js(s: str) -> str:
    return json.dumps(s)


# --------------------------------------------------------------------------- text alternatives


def _titles(spec: dict) -> dict[str, str]:
    """Field -> human title, from the tooltips and axes of a (layered) spec."""
    out: dict[str, str] = {}
    for part in [spec, *spec.get("layer", [])]:
        enc = part.get("encoding") or {}
        for t in enc.get("tooltip") or []:
            if isinstance(t, dict) and t.get("field"):
                out.setdefault(t["field"], t.get("title") or t["field"])
    return out


def table_of(spec: dict, max_rows: int = 400) -> dict:
    """A chart's own data as a table for people and screen readers: titled columns, rows, and whether it was cut.

    Columns are the fields the chart's tooltips name (in their order);
    missing values are None.

    Example:
        >>> import multivector as mv
        >>> t = table_of(memberships_by_status(mv.portfolio(705, 2014)))
        >>> t["columns"], t["rows"][0]
        (['Year', 'Status', 'Organizations'], [2014, 'Full', 55])
    """
    titles = _titles(spec)
    values = (spec.get("data") or {}).get("values") or []
    fields = [f for f in titles if any(f in v for v in values[:50])]
    rows = [[v.get(f) for f in fields] for v in values[:max_rows]]
    return {"columns": [titles[f] for f in fields], "fields": fields, "rows": rows, "total": len(values),
            "cut": len(values) > max_rows}


def reading(spec: dict) -> str:
    """One sentence reading a line chart: each series' first and last value and its highest point.

    Example:
        >>> import multivector as mv
        >>> reading(memberships_by_status(mv.portfolio(705, (1992, 2014))))
        'Full: 20 in 1992, 55 in 2014 (highest 57 in 2013); Associate: 0 in 1992, 0 in 2014; Observer: 0 in 1992, 1 in 2014 (highest 2 in 2010).'
    """
    view = spec["layer"][0] if "layer" in spec and "encoding" not in spec else spec  # a marked chart: its lines
    enc = view.get("encoding") or {}
    values = (spec.get("data") or {}).get("values") or []
    color = (enc.get("color") or {}).get("field") or (enc.get("detail") or {}).get("field")
    y = (enc.get("y") or {}).get("field")
    if not values or not y or "year" not in values[0] or view.get("mark", {}).get("type") not in ("line", "area"):
        return ""
    if any(v.get("_focus") for v in values):  # a highlighted comparison: read the highlighted state only
        values = [v for v in values if v.get("_focus")]
    groups: dict = {}
    for v in values:
        if v.get(y) is not None:
            groups.setdefault(v.get(color) if color else "", []).append((v["year"], v[y]))
    fmt = (lambda x: f"{x:.0%}") if (enc.get("y") or {}).get("axis", {}).get("format") == ".0%" else (
        lambda x: f"{x:,.0f}" if float(x).is_integer() else f"{x:.3f}")
    parts = []
    for name, pts in list(groups.items())[:6]:
        pts.sort()
        (y0, a), (y1, b) = pts[0], pts[-1]
        peak = max(pts, key=lambda p: (p[1], -p[0]))
        text = f"{name + ': ' if name else ''}{fmt(a)} in {y0}, {fmt(b)} in {y1}"
        if peak[1] > max(a, b):
            text += f" (highest {fmt(peak[1])} in {peak[0]})"
        parts.append(text)
    return "; ".join(parts) + "." if parts else ""
