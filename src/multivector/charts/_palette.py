"""The one palette of multivector: every chart, page and brief takes its colours from here.

A pillar, a pole, an organization category, a status, a channel or a kind
of change has the same colour wherever it is drawn. The colours were
chosen to stay apart for the commonest colour-vision deficiencies: within
each set (the pillars, the categories, ...) every pair differs by at least
:data:`MIN_DELTA_E` (CIE76 distance in CIELAB) for normal vision and after
simulating deuteranopia, protanopia and tritanopia with the matrices of
Machado, Oliveira and Fernandes (2009), "A Physiologically-based Model for
Simulation of Color Vision Deficiency", IEEE TVCG 15(6): 1291-1298
(severity 1.0, applied in linear RGB). ``tests/test_palette.py`` checks
this for every set, so a new colour that merges with another fails.

Meaning carries across sets: the West pole and its pillars are blues, the
East pole and its pillars warm (vermilion, orange), Turkey green, hedging
purple (neither side). Pillars and categories never use the same colour,
so a category chart beside a pillar chart on one page cannot be misread.

Sets (label -> colour, in legend order):

- :data:`PILLARS` (by key and by display name) and :data:`EXTRA` for
  user-defined pillars, in order; :func:`pillar_colors`.
- :data:`POLES`: West, East; :data:`TILT` a diverging scale East ..
  neutral .. West for a signed tilt in [-1, 1]; :data:`HEDGING` a
  sequential scale for 0..1.
- :data:`CATEGORIES` of organizations; :data:`STATUSES`; :data:`CHANNELS`;
  :data:`CHANGES` (joined, left, dissolved); :data:`TYPES` (political,
  social, economic); :data:`STATE_SERIES` for
  comparisons of many states (:func:`state_colors`).

Example:
    >>> pillar_colors(["Russia", "United States"])
    {'Russia': '#c0392b', 'United States': '#1f5fa8'}
    >>> scale("category", ["Western", "Universal"])["range"]
    ['#0b3d6e', '#8c8c8c']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

__all__ = [
    "CATEGORIES", "CHANGES", "CHANNELS", "EXTRA", "HEDGING", "MIN_DELTA_E", "MISSING", "NEUTRAL", "PILLARS",
    "POLES", "STATE_SERIES", "STATUSES", "TILT", "TYPES", "color", "delta_e", "label", "pillar_colors", "scale",
    "simulate", "state_colors", "vega_config",
]

#: Smallest CIE76 distance between two colours of one set, for normal vision and each simulated deficiency.
MIN_DELTA_E = 12.0

#: The default pillars, by key (the display names map to the same colours in :data:`PILLAR_NAMES`).
PILLARS = {
    "russia": "#c0392b",   # vermilion red: East
    "china": "#e69f00",    # orange: East
    "usa": "#1f5fa8",      # blue: West
    "eu": "#7cc3f0",       # sky blue: West
    "turkey": "#009e73",   # bluish green: neither pole
}
PILLAR_NAMES = {"Russia": PILLARS["russia"], "China": PILLARS["china"], "United States": PILLARS["usa"],
                "European Union": PILLARS["eu"], "Turkey": PILLARS["turkey"]}
#: User-defined pillars take these, in the order they are defined (after the default ones); a fifth repeats the first.
EXTRA = ["#cc79a7", "#5a3e2b", "#b2df8a", "#555555"]

#: The two poles; a merged West pillar (United States + European Union) takes the West colour.
POLES = {"West": "#1f5fa8", "East": "#c0392b"}
NEUTRAL = "#eeeeee"
#: Diverging scale of tilt: -1 wholly East .. 0 neutral .. +1 wholly West (for a linear Vega scale, domain [-1, 0, 1]).
TILT = ["#b2361f", "#f0a58a", NEUTRAL, "#8fb8e0", "#1f5fa8"]
#: Sequential scale of hedging, 0 (aligned with one pole) .. 1 (engaged with both, committed to neither).
HEDGING = ["#f3eff8", "#c6b8de", "#8f74bf", "#5e3c99", "#36175e"]
#: A cell or series with no data.
MISSING = "#d9d9d9"

#: Organization categories (display names as the faces show them).
CATEGORIES = {
    "Western": "#0b3d6e",
    "Russia-centred": "#7f1d12",
    "China-centred": "#f2c14e",
    "Russia + China": "#a8642a",
    "Bridging": "#9e5fa6",
    "Universal": "#8c8c8c",
    "Pillar-free": "#d6d6d6",
    "Other pillars only": "#2ca25f",
    "Unknown": "#ffffff",
}
#: Membership statuses (COW codes 1, 2, 3, 0, -9, -1): greys, so they never read as a pillar or a pole.
STATUSES = {"Full": "#1b1b1b", "Associate": "#6b6b6b", "Observer": "#a0a0a0", "None": "#eeeeee",
            "Missing": MISSING, "Not alive": "#ffffff"}
#: Functional types of organizations (COW's political, social, economic mandates).
TYPES = {"Political": "#6a51a3", "Social": "#5aae61", "Economic": "#8c510a"}
#: Channels of alignment.
CHANNELS = {"Security": "#7f1d12", "Diplomatic": "#1b7f79", "Institutional": "#6a51a3", "Combined": "#222222"}
#: Year-to-year changes of a portfolio (no red: red is Russia's).
CHANGES = {"Joined": "#1b7837", "Left": "#5e5e5e", "Dissolved": "#b0b0b0"}
#: Many states on one chart (comparisons): distinct for the first eight, then repeated with dashes by the faces.
STATE_SERIES = ["#1f5fa8", "#e69f00", "#009e73", "#c0392b", "#7cc3f0", "#cc79a7", "#5a3e2b", "#222222"]

_SETS = {"pillar": PILLAR_NAMES, "pole": POLES, "category": CATEGORIES, "status": STATUSES, "channel": CHANNELS,
         "change": CHANGES, "type": TYPES}
#: Lower-case codes of the library (category keys, status labels, channel keys) -> display labels.
_ALIASES = {
    "western": "Western", "russia-centred": "Russia-centred", "china-centred": "China-centred",
    "russia+china": "Russia + China", "bridging": "Bridging", "universal": "Universal", "pillar-free": "Pillar-free",
    "other": "Other pillars only", "unknown": "Unknown",
    "full": "Full", "associate": "Associate", "observer": "Observer", "none": "None", "missing": "Missing",
    "not_alive": "Not alive", "security": "Security", "diplomatic": "Diplomatic", "institutional": "Institutional",
    "combined": "Combined", "joined": "Joined", "left": "Left", "dissolved": "Dissolved",
    "political": "Political", "social": "Social", "economic": "Economic",
    "russia_centred": "Russia-centred", "china_centred": "China-centred", "russia_china": "Russia + China",
    "pillar_free": "Pillar-free",
    "russia": "Russia", "china": "China", "usa": "United States", "eu": "European Union", "turkey": "Turkey",
    "west": "West", "east": "East",
}


def label(code: str) -> str:
    """The display label of a library code (``"russia-centred"`` -> ``"Russia-centred"``); other text unchanged.

    Example:
        >>> label("pillar-free"), label("not_alive"), label("Kazakhstan")
        ('Pillar-free', 'Not alive', 'Kazakhstan')
    """
    code = str(code)
    return _ALIASES.get(code) or _ALIASES.get(code.lower().replace(" ", "")) or code


def color(kind: str, name: str) -> str:
    """The colour of one label of a set (``kind``: pillar, pole, category, status, channel, change).

    Example:
        >>> color("category", "russia-centred") == CATEGORIES["Russia-centred"]
        True
    """
    if kind == "pillar":
        return pillar_colors([name])[name]
    table = _SETS[kind]
    key = label(name)
    if key not in table:
        raise KeyError(f"no {kind} colour for {name!r}; known: {', '.join(table)}")
    return table[key]


def pillar_colors(names: Iterable[str]) -> dict[str, str]:
    """Colours of pillars given by display name or key, in order.

    The default pillars keep their colours; a pillar merging the United
    States and the European Union is the West pole; any other pillar takes
    the next colour of :data:`EXTRA` (so the same list gives the same
    colours on every face).

    Example:
        >>> pillar_colors(["China", "Central Asia"])["Central Asia"] == EXTRA[0]
        True
    """
    out, extra = {}, 0
    for n in names:
        n = str(n)
        key = label(n)
        if key in PILLAR_NAMES:
            out[n] = PILLAR_NAMES[key]
        elif n in ("United States + European Union", "usa_eu", "West"):
            out[n] = POLES["West"]
        elif n in ("Russia + China", "russia_china", "East"):
            out[n] = POLES["East"]
        else:
            out[n] = EXTRA[extra % len(EXTRA)]
            extra += 1
    return out


def state_colors(names: Sequence[str]) -> dict[str, str]:
    """Colours of states on a comparison chart, in the order given (cycling after eight).

    Example:
        >>> list(state_colors(["A", "B"]).values()) == STATE_SERIES[:2]
        True
    """
    return {str(n): STATE_SERIES[i % len(STATE_SERIES)] for i, n in enumerate(names)}


def scale(kind: str, names: Sequence[str]) -> dict:
    """A Vega-Lite ``scale`` with an explicit domain and range for these labels of a set.

    ``kind`` is one of pillar, pole, category, status, channel, change or
    state. Labels are kept as given (the chart's data use them).

    Example:
        >>> scale("change", ["Joined", "Left"])
        {'domain': ['Joined', 'Left'], 'range': ['#1b7837', '#5e5e5e']}
    """
    names = [str(n) for n in names]
    if kind == "pillar":
        colors = pillar_colors(names)
    elif kind == "state":
        colors = state_colors(names)
    else:  # a label outside the set (a caller's own wording) still gets a colour, never an error
        spare = iter(EXTRA * (1 + len(names) // len(EXTRA)))
        table = _SETS[kind]
        colors = {n: table.get(label(n)) or next(spare) for n in names}
    return {"domain": names, "range": [colors[n] for n in names]}


def vega_config() -> dict:
    """Vega-Lite ``config`` entries shared by every chart: the diverging tilt and sequential hedging schemes.

    Example:
        >>> vega_config()["range"]["diverging"][2] == NEUTRAL
        True
    """
    return {"range": {"diverging": TILT, "heatmap": HEDGING, "ramp": HEDGING, "category": STATE_SERIES}}


# --------------------------------------------------------------------------- colour-vision checks

#: Machado et al. (2009), severity 1.0, linear RGB -> linear RGB.
_CVD = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
VISIONS = ("normal", *_CVD)


def _linear(hex_color: str) -> np.ndarray:
    h = hex_color.lstrip("#")
    c = np.array([int(h[i:i + 2], 16) for i in (0, 2, 4)]) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(lin: np.ndarray) -> np.ndarray:
    """Linear sRGB -> CIELAB (D65)."""
    m = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750],
                  [0.0193339, 0.1191920, 0.9503041]])
    xyz = m @ np.clip(lin, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def simulate(hex_color: str, vision: str = "deuteranopia") -> np.ndarray:
    """CIELAB coordinates of a colour as seen with a colour-vision deficiency (or ``"normal"``).

    Example:
        >>> [round(float(x)) for x in simulate("#ffffff", "normal")]
        [100, 0, 0]
    """
    lin = _linear(hex_color)
    if vision != "normal":
        lin = _CVD[vision] @ lin
    return _lab(lin)


def delta_e(a: str, b: str, vision: str = "normal") -> float:
    """CIE76 distance between two colours as seen with ``vision``.

    Example:
        >>> round(delta_e("#000000", "#ffffff"))
        100
    """
    return float(np.linalg.norm(simulate(a, vision) - simulate(b, vision)))
