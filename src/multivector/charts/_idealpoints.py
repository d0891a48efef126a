"""Chart of a state's UN ideal point over time beside the poles' ideal points."""

from __future__ import annotations

import pandas as pd

from multivector.charts._palette import MISSING, POLES
from multivector.charts._specs import _base, _gaps, _js, _values, _year_tip, _year_x, has_data, no_data

__all__ = ["ideal_point_chart"]

#: The state is drawn near-black (the palette's West and East colours are the poles').
STATE_COLOUR = "#222222"


def ideal_point_chart(df: pd.DataFrame, title: str = "UN ideal point and the poles") -> dict:
    """A state's UN ideal point per year (thick line, shaded interval) with the West and East poles (thin lines).

    Parameters:
        df: the frame :func:`multivector.ideal_points_with_poles` returns
            (``series, role, year, ideal_point, ideal_point_lo,
            ideal_point_hi``; one ``role == "state"`` series).
        title: chart title.

    Returns:
        Vega-Lite layered spec (lines, interval band); data rows ``series,
        role, year, ideal_point`` and the interval bounds. Years a series
        lacks break its line; an empty frame gives a "No data" text spec.

    Example:
        >>> d = pd.DataFrame({"series": ["Kazakhstan", "West", "East"], "role": ["state", "pole", "pole"],
        ...                   "year": [2019] * 3, "ideal_point": [-0.5, 2.0, -0.8],
        ...                   "ideal_point_lo": [-0.6, None, None], "ideal_point_hi": [-0.4, None, None]})
        >>> [layer["mark"]["type"] for layer in ideal_point_chart(d)["layer"]]
        ['line', 'area']
    """
    if not has_data(df, ["ideal_point"]):
        return no_data(title, "No UN ideal point for these years.")
    cols = ["series", "role", "year", "ideal_point", "ideal_point_lo", "ideal_point_hi"]
    d = df[cols].copy()
    d["year"] = d["year"].astype("int64")
    d["series"] = d["series"].astype(str)
    focus = str(d.loc[d.role == "state", "series"].iloc[0]) if (d.role == "state").any() else None
    roles = dict(zip(d.series, d.role))
    d = _gaps(d.drop(columns="role"), by="series")
    d["role"] = d["series"].map(roles)
    order = ([focus] if focus else []) + [s for s in dict.fromkeys(d.series) if s != focus]
    colours = [STATE_COLOUR if s == focus else POLES.get(s, MISSING) for s in order]
    y = {"field": "ideal_point", "type": "quantitative", "title": "Ideal point (higher: closer to the US)"}
    tip = [_year_tip(), {"field": "series", "type": "nominal", "title": "Series"},
           {"field": "ideal_point", "type": "quantitative", "title": "Ideal point", "format": ".2f"},
           {"field": "ideal_point_lo", "type": "quantitative", "title": "Interval low", "format": ".2f"},
           {"field": "ideal_point_hi", "type": "quantitative", "title": "Interval high", "format": ".2f"}]
    band = d[(d.role == "state")] if focus else d.iloc[0:0]
    has_band = bool(band[["ideal_point_lo", "ideal_point_hi"]].notna().any().any())
    spec = _base(title, f"UN General Assembly ideal point of {focus or 'the state'} per year (thick line"
                        + (", shaded interval" if has_band else "") + ") and of the West and East poles (thin lines).")
    # the lines first (a chart's reading and data table follow its first layer), the interval band over them
    layers = [{
        "mark": {"type": "line", "point": {"filled": True, "size": 14}},
        "encoding": {
            "x": _year_x(), "y": y,
            "color": {"field": "series", "type": "nominal", "title": None, "sort": order,
                      "scale": {"domain": order, "range": colours}},
            "strokeWidth": {"condition": {"test": f"datum.series === {_js(focus)}", "value": 3}, "value": 1.5},
            "tooltip": tip,
        },
    }]
    if has_band:
        layers.append({
            "transform": [{"filter": f"datum.series === {_js(focus)}"}],
            "mark": {"type": "area", "opacity": 0.2, "color": STATE_COLOUR},
            "encoding": {"x": _year_x(), "y": {**y, "field": "ideal_point_lo"}, "y2": {"field": "ideal_point_hi"},
                         "tooltip": tip},
        })
    spec.update({"data": {"values": _values(d[cols])}, "layer": layers})
    return spec
