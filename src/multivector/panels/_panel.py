"""One call for a whole panel: the frame and the measures to add (the CLI's ``panel`` command)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from multivector._errors import InvalidArgumentError
from multivector._years import YearsArg

UNITS = ("state-year", "dyad-year")


def _steps() -> dict[str, tuple]:
    """Measure name -> (add function, units it takes). Names as in the CLI (kebab-case)."""
    from multivector.panels import _add, _measures

    return {
        "igos": (_add.add_igos, UNITS),
        "igo-similarity": (_add.add_igo_similarity, ("dyad-year",)),
        "un-agreement": (_add.add_un_agreement, ("dyad-year",)),
        "alliances": (_add.add_alliances, ("dyad-year",)),
        "ideal-points": (_add.add_ideal_points, UNITS),
        "tilt": (_measures.add_tilt, UNITS),
        "hedging": (_measures.add_hedging, UNITS),
        "evenness": (_measures.add_evenness, UNITS),
        "pillar-alignment": (_measures.add_pillar_alignment, UNITS),
    }


#: Options of ``panel`` and the steps that take them.
_STEP_OPTIONS = {
    "joint": ("igos",),
    "bootstrap": ("tilt", "hedging", "evenness"),
    "seed": ("tilt", "hedging", "evenness"),
    "poles": ("tilt", "hedging"),
    "pillars": ("evenness", "pillar-alignment"),
    "chance": ("evenness",),
    "components": ("hedging",),
}


def parse_unit(unit: str) -> str:
    key = str(unit).strip().lower().replace("_", "-").replace(" ", "-")
    key = {"state": "state-year", "stateyear": "state-year", "dyad": "dyad-year", "dyadyear": "dyad-year",
           "state-years": "state-year", "dyad-years": "dyad-year"}.get(key, key)
    if key not in UNITS:
        raise InvalidArgumentError(f"unit: unknown unit {unit!r}; valid: {', '.join(UNITS)}", "unit")
    return key


def parse_add(add: str | Iterable[str] | None, unit: str) -> list[str]:
    """Measure names (kebab- or snake-case, with or without ``add_``) checked against the unit."""
    steps = _steps()
    if add is None:
        return []
    items = add.split(",") if isinstance(add, str) else list(add)
    out: list[str] = []
    for it in items:
        key = str(it).strip().lower().replace("_", "-")
        key = key[4:] if key.startswith("add-") else key
        if not key:
            continue
        if key not in steps:
            raise InvalidArgumentError(f"add: unknown measure {it!r}; valid: {', '.join(steps)}", "add")
        if unit not in steps[key][1]:
            takes = [k for k, (_, units) in steps.items() if unit in units]
            raise InvalidArgumentError(f"add: {key} needs a {' or '.join(steps[key][1])} panel, not {unit}; on "
                                       f"{unit}s: {', '.join(takes)}", "add")
        if key not in out:
            out.append(key)
    return out


def panel(unit: str = "state-year", years: YearsArg = None, add: str | Iterable[str] | None = None, *,
          directed: bool = False, joint: str = "published", lag: int = 0, frame: pd.DataFrame | None = None,
          keys=None, on_unmatched: str = "warn", tilt_channel="combined", pillar_channel: str = "institutional",
          poles=None, pillars=None, bootstrap: int = 0, seed: int | None = None, chance: int = 0,
          components: bool = False) -> pd.DataFrame:
    """A state-year or dyad-year panel with measures added, in one call.

    The same as ``mv.state_years(years)`` (or ``mv.dyad_years(years,
    directed)``) piped through the ``add_*`` functions named in ``add``, in
    that order; or, with ``frame``, your own frame piped through them.

    Parameters:
        unit: ``"state-year"`` or ``"dyad-year"``.
        years: a year, ``(start, end)``, ``"1950-2014"`` or a list (default
            1816-2024); with ``frame``, None (the frame's own rows).
        add: measures, a list or comma-separated: ``igos``,
            ``igo-similarity``, ``un-agreement``, ``alliances``,
            ``ideal-points``, ``tilt``, ``hedging``, ``evenness``,
            ``pillar-alignment`` (the ``add_*`` names without ``add_``).
        directed: dyad-years in both orders.
        joint: joint-membership rule of ``igos`` on dyad-years
            (``published``, ``full``, ``both``).
        lag: lag of every added measure (0: none; 1: the year before).
        frame: your own frame to add to instead of a new one.
        keys, on_unmatched: as in :func:`multivector.add_igos`.
        tilt_channel: ``channel`` of ``tilt`` (``combined``, a channel or ``all``).
        pillar_channel: ``channel`` of ``evenness`` and ``pillar-alignment``
            (``institutional`` or ``diplomatic``).
        poles: the poles of ``tilt`` and ``hedging``.
        pillars: the pillars of ``evenness`` and ``pillar-alignment``.
        bootstrap, seed: intervals of ``tilt``, ``hedging`` and ``evenness``
            (default 0: point estimates).
        chance: chance draws of ``evenness`` (default 0: no band).
        components: ``hedging``'s factors too.

    Returns:
        The panel (see :func:`codebook` for its columns).

    Example:
        >>> import multivector as mv
        >>> p = mv.panel("dyad-year", 2014, add="igos,un-agreement")
        >>> len(p), list(p.columns)[:5]
        (18915, ['ccode1', 'ccode2', 'year', 'dyadigos', 'dyadigos_missing'])
    """
    from multivector.panels._frames import dyad_years, state_years

    if frame is None:
        unit = parse_unit(unit)
        df = dyad_years(years, directed) if unit == "dyad-year" else state_years(years)
    else:
        if not isinstance(frame, pd.DataFrame):
            raise InvalidArgumentError(f"frame: expected a pandas DataFrame, got {type(frame).__name__}", "frame")
        if years is not None:
            raise InvalidArgumentError("years: give either years (to build a panel) or frame (your own rows), not both",
                                       "years")
        from multivector.panels._keys import frame_keys

        unit = frame_keys(frame, "panel", keys, allow_sessions=True).unit
        df = frame.copy(deep=False)
        df.attrs = dict(frame.attrs)
        df.attrs["panel_unit"] = unit
    names = parse_add(add, unit)
    if "tilt" in names:
        from multivector.measures._tilt import check_channels

        try:
            check_channels(tilt_channel)
        except InvalidArgumentError as exc:
            raise InvalidArgumentError(f"tilt_channel: {str(exc).removeprefix('channel: ')}", "tilt_channel") from None
    defaults = {"joint": "published", "bootstrap": 0, "seed": None, "poles": None, "pillars": None, "chance": 0,
                "components": False, "tilt_channel": "combined", "pillar_channel": "institutional"}
    given = {"joint": joint, "bootstrap": bootstrap, "seed": seed, "poles": poles, "pillars": pillars, "chance": chance,
             "components": components, "tilt_channel": tilt_channel, "pillar_channel": pillar_channel}
    takes = {**_STEP_OPTIONS, "tilt_channel": ("tilt",), "pillar_channel": ("evenness", "pillar-alignment")}
    for opt, value in given.items():
        if not (value is defaults[opt] or (isinstance(value, str) and value == defaults[opt])) \
                and not set(takes[opt]) & set(names):
            raise InvalidArgumentError(f"{opt}: applies to {', '.join(takes[opt])}, and add names none of them "
                                       f"(add: {', '.join(names) or 'none'})", opt)
    for name in names:
        fn = _steps()[name][0]
        opts = {"lag": lag, "keys": keys, "on_unmatched": on_unmatched}
        given = {"joint": joint, "bootstrap": bootstrap, "seed": seed, "poles": poles, "pillars": pillars,
                 "chance": chance, "components": components}
        for opt, steps in _STEP_OPTIONS.items():
            if name in steps:
                opts[opt] = given[opt]
        if name == "tilt":
            opts["channel"] = tilt_channel
        elif name in ("evenness", "pillar-alignment"):
            opts["channel"] = pillar_channel
        before = set(df.columns)
        df = fn(df, **opts)
        codes = ["ccode"] if unit == "state-year" else ["ccode1", "ccode2"]
        if keys is not None and not set(codes) & before and set(codes) <= set(df.columns):
            # the first step resolved names or ISO codes into ccode columns: the next steps use those
            time_col = (keys.split(",") if isinstance(keys, str) else list(keys))[-1].strip()
            keys = (*codes, time_col)
    return df
