"""Vega-Lite specs for the explorer's charts.

Only the shape of a picture lives here (marks, encodings, tooltips); the
numbers come from library functions unchanged. Data are inlined in the spec
so a chart needs no further request.
"""

from __future__ import annotations

import json

import pandas as pd

from multivector.charts import _palette
from multivector.web._http import records_json

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def _values(df: pd.DataFrame) -> list[dict]:
    return json.loads(records_json(df))


def _base(title: str, description: str) -> dict:
    return {
        "$schema": SCHEMA, "title": title, "description": description,
        "width": "container", "height": 240, "autosize": {"type": "fit", "contains": "padding"},
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 11, "titleFontSize": 12},
                   "legend": {"orient": "bottom"}, **_palette.vega_config()},
    }


def lines(df: pd.DataFrame, columns: dict[str, str], *, title: str, y_title: str, x: str = "year",
          description: str | None = None) -> dict:
    """Several columns of one table as lines over years, with hover values.

    Parameters:
        df: a table with an ``x`` column and the ``columns`` to draw.
        columns: column -> legend label.

    Example:
        >>> import multivector as mv
        >>> spec = lines(mv.portfolio(705, (2013, 2014)), {"full": "Full"}, title="t", y_title="n")
        >>> spec["data"]["values"][0]["Full"]
        57
    """
    data = df[[x, *columns]].rename(columns=columns)
    labels = list(columns.values())
    spec = _base(title, description or f"{title}: {', '.join(labels)} by {x}.")
    spec.update({
        "data": {"values": _values(data)},
        "transform": [{"fold": labels, "as": ["series", "value"]}],
        "mark": {"type": "line", "point": {"filled": True, "size": 25}, "interpolate": "linear"},
        "encoding": {
            "x": {"field": x, "type": "quantitative", "title": x.capitalize(), "axis": {"format": "d"},
                  "scale": {"zero": False}},
            "y": {"field": "value", "type": "quantitative", "title": y_title},
            "color": {"field": "series", "type": "nominal", "title": None, "sort": labels,
                      "scale": _palette.scale("state", labels)},
            "tooltip": [{"field": x, "type": "quantitative", "title": x.capitalize(), "format": "d"},
                        {"field": "series", "type": "nominal", "title": "Series"},
                        {"field": "value", "type": "quantitative", "title": y_title}],
        },
    })
    return spec


def series(df: pd.DataFrame, *, by: str, value: str, title: str, y_title: str, x: str = "year",
           description: str | None = None) -> dict:
    """One value over years, one line per group (e.g. per state on the compare page).

    Example:
        >>> df = pd.DataFrame({"year": [2013, 2014], "state": ["A", "A"], "full": [1, 2]})
        >>> series(df, by="state", value="full", title="t", y_title="n")["encoding"]["color"]["field"]
        'state'
    """
    spec = _base(title, description or f"{title} by {x}, one line per {by}.")
    spec.update({
        "data": {"values": _values(df[[x, by, value]])},
        "mark": {"type": "line", "point": {"filled": True, "size": 25}},
        "encoding": {
            "x": {"field": x, "type": "quantitative", "title": x.capitalize(), "axis": {"format": "d"},
                  "scale": {"zero": False}},
            "y": {"field": value, "type": "quantitative", "title": y_title},
            "color": {"field": by, "type": "nominal", "title": None},
            "tooltip": [{"field": x, "type": "quantitative", "title": x.capitalize(), "format": "d"},
                        {"field": by, "type": "nominal", "title": by.capitalize()},
                        {"field": value, "type": "quantitative", "title": y_title}],
        },
    })
    return spec


def stacked_bars(df: pd.DataFrame, *, category: str, value: str, title: str, y_title: str, x: str = "year",
                 sort: list[str] | None = None, description: str | None = None, kind: str = "status") -> dict:
    """Counts per year stacked by category (e.g. members by status), coloured from the palette set ``kind``.

    Library codes (``full``, ``russia-centred``) are shown as display labels.

    Example:
        >>> d = pd.DataFrame({"year": [2014], "status_label": ["full"], "states": [6]})
        >>> stacked_bars(d, category="status_label", value="states", title="t", y_title="n")["data"]["values"][0]["status_label"]
        'Full'
    """
    spec = _base(title, description or f"{title}: {y_title} by {x} and {category.replace('_', ' ')}.")
    d = df[[x, category, value]].assign(**{category: lambda t: t[category].astype(str).map(_palette.label)})
    sort = [_palette.label(c) for c in sort] if sort else list(dict.fromkeys(d[category]))
    spec.update({
        "data": {"values": _values(d)},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": x, "type": "ordinal", "title": x.capitalize(),
                  "axis": {"labelOverlap": "greedy", "labelAngle": 0}},
            "y": {"field": value, "type": "quantitative", "title": y_title, "stack": "zero"},
            "color": {"field": category, "type": "nominal", "title": None, "sort": sort,
                      "scale": _palette.scale(kind, sort)},
            "tooltip": [{"field": x, "type": "ordinal", "title": x.capitalize()},
                        {"field": category, "type": "nominal", "title": category.replace("_", " ").capitalize()},
                        {"field": value, "type": "quantitative", "title": y_title}],
        },
    })
    return spec


def category_strip(df: pd.DataFrame, *, title: str, x: str = "year", category: str = "category",
                   detail: str = "signature", order: list[str] | None = None, description: str | None = None) -> dict:
    """One coloured cell per year showing a category (e.g. an organization's category), with hover details.

    Example:
        >>> d = pd.DataFrame({"year": [2013, 2014], "category": ["western", "western"], "signature": ["usa+eu"] * 2})
        >>> category_strip(d, title="t")["mark"]["type"]
        'rect'
    """
    spec = _base(title, description or f"{title}: {category.replace('_', ' ')} by {x}.")
    spec["height"] = 60
    d = df[[x, category, detail]].assign(**{category: lambda t: t[category].astype(str).map(_palette.label)})
    order = [_palette.label(c) for c in order] if order else list(dict.fromkeys(d[category]))
    spec.update({
        "data": {"values": _values(d)},
        "mark": {"type": "rect"},
        "encoding": {
            "x": {"field": x, "type": "ordinal", "title": x.capitalize(), "axis": {"labelOverlap": "greedy", "labelAngle": 0}},
            "color": {"field": category, "type": "nominal", "title": None, "sort": order,
                      "scale": _palette.scale("category", order)},
            "tooltip": [{"field": x, "type": "ordinal", "title": x.capitalize()},
                        {"field": category, "type": "nominal", "title": category.replace("_", " ").capitalize()},
                        {"field": detail, "type": "nominal", "title": detail.replace("_", " ").capitalize()}],
        },
    })
    return spec


def engagement_timeline(df: pd.DataFrame, *, title: str, description: str | None = None) -> dict:
    """Engagements (chairs, hosting, Security Council seats, ...) as bars from their first to their last year, one row per organization.

    Parameters:
        df: :func:`multivector.engagements` (``org``, ``org_name``, ``event``,
            ``year_from``, ``year_to``, ``source_title``); a missing
            ``year_to`` draws the engagement in its first year only.

    Example:
        >>> import multivector as mv
        >>> spec = engagement_timeline(mv.engagements("Kazakhstan"), title="t")
        >>> [r for r in spec["data"]["values"] if r["event"] == "unsc seat"][0]["end"]
        2018
    """
    data = pd.DataFrame({
        "org": df.org.astype(str), "organization": df.org_name.fillna(df.org).astype(str),
        "event": df.event.astype(str).str.replace("_", " "),
        "start": df.year_from.astype("Int64"), "end": df.year_to.fillna(df.year_from).astype("Int64"),
        "source": df.source_title.fillna("").astype(str),
    })
    data["end_bar"] = data["end"] + 1  # a bar covers whole years: [start, end + 1)
    spec = _base(title, description or f"{title}: one bar per engagement from its first to its last year, by organization.")
    spec["height"] = max(60, 22 * data.org.nunique())
    spec.update({
        "data": {"values": _values(data)},
        "mark": {"type": "bar", "cornerRadius": 2, "height": {"band": 0.7}},
        "encoding": {
            "x": {"field": "start", "type": "quantitative", "title": "Year", "axis": {"format": "d"}, "scale": {"zero": False}},
            "x2": {"field": "end_bar"},
            "y": {"field": "org", "type": "nominal", "title": None, "sort": {"field": "start", "op": "min"}},
            "color": {"field": "event", "type": "nominal", "title": None,
                      "scale": _palette.scale("state", sorted(set(data.event)))},
            "tooltip": [{"field": "organization", "type": "nominal", "title": "Organization"},
                        {"field": "event", "type": "nominal", "title": "Engagement"},
                        {"field": "start", "type": "quantitative", "title": "From", "format": "d"},
                        {"field": "end", "type": "quantitative", "title": "To", "format": "d"},
                        {"field": "source", "type": "nominal", "title": "Source"}],
        },
    })
    return spec
