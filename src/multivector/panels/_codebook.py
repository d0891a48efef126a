"""The codebook of panel columns, and writing panels to CSV, Parquet and Stata.

Every column an ``add_*`` function can add is registered here once, with a
short label (Stata's variable label, at most 80 characters), a definition,
the sources it comes from (keys of ``multivector.data._sources_meta``) and
the function that adds it. ``codebook(df)`` reads the registry by column
name (a lagged copy ``x_lag1`` is ``x`` one year earlier), so it works on a
frame read back from a file too; the parameters of the call that added a
column (the joint rule, issues, ...) come from ``df.attrs`` when present.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from multivector._errors import InvalidArgumentError, MissingExtraError
from multivector._files import atomic_path, check_output

# name -> (label, definition, sources, function)
_KEYS = {
    "ccode": ("COW state code", "Correlates of War state number.", ("cow_states",), "state_years"),
    "ccode1": ("COW state code, state 1", "Correlates of War state number of the dyad's first state.",
               ("cow_states",), "dyad_years"),
    "ccode2": ("COW state code, state 2", "Correlates of War state number of the dyad's second state.",
               ("cow_states",), "dyad_years"),
    "year": ("Year", "Calendar year.", (), "state_years"),
    "session": ("UN General Assembly session", "UN General Assembly session (year = session + 1945).",
                ("unga",), "add_un_agreement"),
    "stateabb": ("COW state abbreviation", "Three-letter Correlates of War abbreviation (not ISO).",
                 ("cow_states",), "state_years"),
    "statenme": ("COW state name", "State name in the COW state list.", ("cow_states",), "state_years"),
    "stateabb1": ("COW abbreviation, state 1", "COW abbreviation of state 1.", ("cow_states",), "dyad_years"),
    "stateabb2": ("COW abbreviation, state 2", "COW abbreviation of state 2.", ("cow_states",), "dyad_years"),
}

_IGO = ("cow_igo", "cow_states")
_COLUMNS = {
    # add_igos, state-years: peacesciencer's cow_igo_sy
    "sum_igo_full": ("IGOs: full member", "Number of IGOs in which the state is a full member (code 1) that year. "
                     "Codes -9 (missing) and -1 (IGO not alive) are not counted (peacesciencer's cow_igo_sy).",
                     _IGO, "add_igos"),
    "sum_igo_associate": ("IGOs: associate member", "Number of IGOs in which the state is an associate member "
                          "(code 2).", _IGO, "add_igos"),
    "sum_igo_observer": ("IGOs: observer", "Number of IGOs in which the state is an observer (code 3).",
                         _IGO, "add_igos"),
    "sum_igo_anytype": ("IGOs: any membership", "Number of IGOs in which the state is a full or associate "
                        "member or an observer (codes 1, 2, 3): the sum of the three columns above.",
                        _IGO, "add_igos"),
    "sum_igo_missing": ("IGOs: membership missing (-9)", "Number of IGOs alive that year whose code for the "
                        "state is -9 (missing data): the counts above are over the other IGOs, so they are "
                        "lower bounds where this is above 0. Not in peacesciencer.", _IGO, "add_igos"),
    # add_igos, dyad-years: peacesciencer's cow_igo_ndy
    "dyadigos": ("Joint IGO memberships (full or associate)", "Number of IGOs in which both states are full or "
                 "associate members (codes 1 or 2) that year: the rule of COW's distributed dyad-year file and of "
                 "peacesciencer's cow_igo_ndy. Observers never count; -9 and -1 are not joint.", _IGO, "add_igos"),
    "dyadigos_full": ("Joint IGO memberships (both full members)", "Number of IGOs in which both states are full "
                      "members (code 1): the rule as the COW dyad-year codebook words it. Not in peacesciencer.",
                      _IGO, "add_igos"),
    "dyadigos_missing": ("IGOs with a -9 for either state", "Number of IGOs alive for both states that year in "
                         "which either state is coded -9 (missing): joint counts are lower bounds where this is "
                         "above 0. Not in peacesciencer.", _IGO, "add_igos"),
    # add_igo_similarity
    "igo_s": ("IGO portfolio similarity: S", "Signorino-Ritter S of the two states' full memberships over the "
              "IGOs where neither is coded -9 or -1 (1 - 2 x share of IGOs where exactly one is a full member).",
              _IGO, "add_igo_similarity"),
    "igo_kappa": ("IGO portfolio similarity: Cohen's kappa", "Cohen's kappa of full / not full membership over "
                  "the same IGOs (chance-corrected with each state's own rate).", _IGO, "add_igo_similarity"),
    "igo_pi": ("IGO portfolio similarity: Scott's pi", "Scott's pi of full / not full membership over the same "
               "IGOs (chance-corrected with the pooled rate).", _IGO, "add_igo_similarity"),
    "igo_jaccard": ("IGO portfolio similarity: Jaccard", "Jaccard index: IGOs where both are full members over "
                    "IGOs where at least one is.", _IGO, "add_igo_similarity"),
    "igo_n": ("IGOs compared", "Number of IGOs behind the similarity figures: alive that year, neither state coded "
              "-9 or -1.", _IGO, "add_igo_similarity"),
    # add_un_agreement
    "un_agree": ("UN General Assembly agreement", "Mean agreement over the roll calls of the session on which both "
                 "states voted: 1 same vote, 0.5 one abstained, 0 yes against no (Bailey, Strezhnev and Voeten's "
                 "agree); unanimous roll calls left out by default.", ("unga", "cow_states"), "add_un_agreement"),
    "un_s": ("UN votes: S", "Signorino-Ritter S over the three ordered vote categories (= 2 x agree - 1).",
             ("unga", "cow_states"), "add_un_agreement"),
    "un_kappa": ("UN votes: Cohen's kappa", "Cohen's kappa of the two states' votes, linearly weighted.",
                 ("unga", "cow_states"), "add_un_agreement"),
    "un_pi": ("UN votes: Scott's pi", "Scott's pi of the two states' votes, linearly weighted.",
              ("unga", "cow_states"), "add_un_agreement"),
    "un_votes": ("UN roll calls both voted on", "Number of roll calls behind the UN figures (both states voted "
                 "yes, abstain or no); 0 when either cast no vote that session, missing outside 1946-2019.",
                 ("unga", "cow_states"), "add_un_agreement"),
}

_ATOP = ("atop", "cow_states")
for _name, _what in (("defense", "defense"), ("offense", "offense"), ("neutral", "neutrality"),
                     ("nonagg", "non-aggression"), ("consul", "consultation")):
    _COLUMNS[f"atop_{_name}"] = (
        f"ATOP: {_what} obligation", f"1 if the two states share at least one alliance in force that year with a "
        f"{_what} obligation (ATOP 5.1 dyad-year flag as published; on non-directed dyads the larger of the two "
        f"directions, as peacesciencer); 0 if not; missing outside 1815-2018 or the state system.",
        _ATOP, "add_alliances")
_COLUMNS["atop_alliance"] = (
    "ATOP: any alliance in force", "1 if the pair has a row in the ATOP 5.1 dyad-year data that year (an alliance "
    "in force, whatever its obligations; peacesciencer's atop_alliance); 0 if not.", _ATOP, "add_alliances")

_IP = ("unga_idealpoints", "cow_states")
_IP_WHAT = {"all": ("all votes", "all recorded votes, amendments and paragraph votes included; 1946-2023, missing for 2024 "
                    "in the July 2025 release"),
            "fp": ("final-passage votes", "final-passage votes only; 1946-2024"),
            "legacy": ("legacy, by session", "the older session-based estimates (year = session + 1945)")}
for _k, (_short, _long) in _IP_WHAT.items():
    _base = f"idealpoint{_k}"
    _def = (f"UN General Assembly ideal point ({_long}), Bailey, Strezhnev and Voeten (2017), July 2025 release, as "
            "published; higher = closer to the United States-led liberal order.")
    _COLUMNS[_base] = (f"UN ideal point ({_short})", _def, _IP, "add_ideal_points")
    _COLUMNS[_base + "1"] = (f"UN ideal point ({_short}), state 1", _def, _IP, "add_ideal_points")
    _COLUMNS[_base + "2"] = (f"UN ideal point ({_short}), state 2", _def, _IP, "add_ideal_points")
    _COLUMNS[_base + "_dist"] = (f"UN ideal point distance ({_short})", "Absolute difference of the two states' "
                                 f"ideal points: |{_base}1 - {_base}2|. " + _def, _IP, "add_ideal_points")
    if _k != "legacy":
        for _q in ("5", "95"):
            _COLUMNS[f"q{_q}{_k}"] = (f"UN ideal point ({_short}): {_q}% posterior quantile",
                                      f"The {_q} % posterior quantile of {_base}, as published.", _IP,
                                      "add_ideal_points")

_LAG = re.compile(r"^(?P<base>.+)_lag(?P<lag>[1-9][0-9]*)$")


def register(name: str, label: str, definition: str, sources: tuple[str, ...], function: str) -> None:
    """Register a column that an ``add_*`` function adds (labels are cut to Stata's 80 characters)."""
    _COLUMNS[name] = (label[:80], definition, tuple(sources), function)


def _register_state_measure(name: str, label: str, definition: str, sources: tuple[str, ...], function: str,
                            dist: bool = False) -> None:
    """A state-year measure and its dyad-year forms: ``name1``/``name2`` (each state's value) and, for a
    position, ``name_dist`` (their absolute difference)."""
    register(name, label, definition, sources, function)
    for i in ("1", "2"):
        register(name + i, f"{label}, state {i}", f"{definition} Of the dyad's state {i}.", sources, function)
    if dist:
        register(name + "_dist", f"{label}: distance", f"|{name}1 - {name}2|: how far apart the two states are. "
                 + definition, sources, function)


# add_tilt, add_hedging: the alignment kernel (docs/methodology.md, "Poles" to "Hedging")
_ALL = ("atop", "cow_igo", "unga_idealpoints", "cow_states")
_CHANNEL_SOURCES = {"security": ("atop", "cow_igo", "cow_states"), "diplomatic": ("unga_idealpoints", "cow_igo", "cow_states"),
                    "institutional": ("cow_igo", "cow_states"), "combined": _ALL}
_CHANNEL_DEF = {
    "security": "security channel: commitment to the first pole minus commitment to the second (ATOP defence or "
                "offence obligations that are bilateral or set in an alliance organization such as NATO or the CSTO; "
                "1 for a member of a pole), 1816-2018",
    "diplomatic": "diplomatic channel: the state's UN ideal point (final-passage series by default) against the median "
                  "state, in units of the median's distance to the farther pole, 1946-2024",
    "institutional": "institutional channel: the balance of the state's full memberships in organizations that "
                     "discriminate between the poles, against the balance a random portfolio of those organizations "
                     "would show (at least 3 such memberships), 1816-2014",
    "combined": "the mean of the security, diplomatic and institutional channels with a figure that year "
                "(tilt_channels names them)",
}
_TILT_INTRO = ("Tilt between the poles (default West = United States + EU, East = Russia + China): -1 wholly with the "
               "second pole, +1 wholly with the first, 0 where the average state stands (docs/methodology.md, "
               "'Tilt'); ")
for _ch, _col in (("combined", "tilt"), ("security", "tilt_security"), ("diplomatic", "tilt_diplomatic"),
                  ("institutional", "tilt_institutional")):
    _lab = "Tilt: -1 second pole (East) to +1 first (West)" + ("" if _ch == "combined" else f", {_ch}")
    _register_state_measure(_col, _lab, _TILT_INTRO + _CHANNEL_DEF[_ch] + ". Figures after 2014 are provisional.",
                            _CHANNEL_SOURCES[_ch], "add_tilt", dist=True)
    for _end, _what in (("lo", "lower"), ("hi", "upper")):
        _register_state_measure(f"{_col}_{_end}", f"{_lab}: {_what} bound", f"The {_what} bound of the bootstrap "
                                f"interval of {_col} (bootstrap > 0; the library's interval with the same seed).",
                                _CHANNEL_SOURCES[_ch], "add_tilt")
_register_state_measure("tilt_channels", "Channels in the combined tilt", "The channels averaged in tilt that year "
                        "(security, diplomatic, institutional: the ones with a figure).", _ALL, "add_tilt")

_register_state_measure("hedging", "Hedging (0 aligned - 1 hedging)", "Hedging: (1 - commitment) x (1 - |diplomatic "
                        "tilt|) x engagement balance; 0 for a state committed to a pole or clearly on one side, 1 for "
                        "one engaging both poles evenly, voting like the average state, committed to neither. A factor "
                        "without data that year is left out of the product; missing without security data (after "
                        "2018) or without both other factors (docs/methodology.md, 'Hedging').", _ALL, "add_hedging")
for _end, _what in (("lo", "lower"), ("hi", "upper")):
    _register_state_measure(f"hedging_{_end}", f"Hedging: {_what} bound", f"The {_what} bound of the bootstrap "
                            "interval of hedging (bootstrap > 0).", _ALL, "add_hedging")
_register_state_measure("commitment", "Security commitment to either pole", "The larger of the state's security "
                        "commitments to the two poles (hedging's first factor): the share of a pole's pillar members "
                        "with which the state has a counted ATOP defence or offence obligation, 1 for a member of the "
                        "pole (docs/methodology.md, 'Security commitment').", _CHANNEL_SOURCES["security"],
                        "add_hedging")
_register_state_measure("committed_to", "Pole the state is committed to", "The pole of the larger commitment, when "
                        "it is above 0 (text).", _CHANNEL_SOURCES["security"], "add_hedging")
_register_state_measure("commitment_via", "What the commitment rests on", "The alliance organizations (NATO, CSTO, "
                        "...), 'bilateral treaty' or 'member of the pole' behind the commitment (text).",
                        _CHANNEL_SOURCES["security"], "add_hedging")
_register_state_measure("diplomatic_tilt", "Hedging factor: diplomatic tilt", "The diplomatic tilt in hedging's "
                        "second factor, 1 - |diplomatic_tilt| (the same figure as tilt_diplomatic); missing when the "
                        "factor is left out.", _CHANNEL_SOURCES["diplomatic"], "add_hedging")
_register_state_measure("engagement_balance", "Hedging factor: engagement balance", "min / max of the state's full "
                        "memberships in organizations where each pole takes part, among those both poles could have "
                        "joined (world bodies left out): hedging's third factor; missing when left out.",
                        _CHANNEL_SOURCES["institutional"], "add_hedging")
for _b in ("diplomatic_tilt", "engagement_balance"):
    for _end, _what in (("lo", "lower"), ("hi", "upper")):
        _register_state_measure(f"{_b}_{_end}", f"{_COLUMNS[_b][0]}: {_what} bound", f"The {_what} bound of the "
                                f"bootstrap interval of {_b} (bootstrap > 0).", _COLUMNS[_b][2], "add_hedging")


def register_pole_columns(key: str, name: str) -> None:
    """Codebook entries of the columns named after a pole (``commitment_<key>``, ``engagement_<key>``)."""
    _register_state_measure(f"commitment_{key}", f"Security commitment to {name}", f"Security commitment to the pole "
                            f"{name}: the largest share of its pillars' member states with which the state has a "
                            "counted ATOP defence or offence obligation (bilateral, or both in an alliance "
                            "organization); 1 for a member of the pole.", _CHANNEL_SOURCES["security"], "add_hedging")
    _register_state_measure(f"engagement_{key}", f"Engagement with {name}", f"The state's full memberships in "
                            f"organizations where {name} takes part, among those both poles could have joined (world "
                            "bodies left out).", _CHANNEL_SOURCES["institutional"], "add_hedging")


# add_evenness, add_pillar_alignment (docs/methodology.md, "Alignment with the pillars", "Pillar evenness")
_PILLAR_CHANNELS = {"": ("IGO memberships", "institutional channel: full memberships in organizations that are not "
                         "world bodies, each organization giving 1/|signature| to each pillar of its signature "
                         "(signature method), 1816-2014", ("cow_igo", "cow_states")),
                    "un_": ("UN votes", "diplomatic channel: agreement with each pillar's UN General Assembly votes "
                            "(agree method), 1946-2019", ("unga", "cow_igo", "cow_states"))}
for _pre, (_short, _how, _src) in _PILLAR_CHANNELS.items():
    _register_state_measure(f"{_pre}evenness", f"Pillar evenness ({_short})", "Normalised Shannon entropy of the "
                            "state's pillar shares, -sum s ln s / ln K over the K pillars considered: 1 even, 0 one "
                            f"pillar; {_how}. Describes a spread, not hedging; read it against its chance band.",
                            _src, "add_evenness")
    for _end, _what in (("lo", "lower"), ("hi", "upper")):
        _register_state_measure(f"{_pre}evenness_{_end}", f"Pillar evenness ({_short}): {_what} bound",
                                f"The {_what} bound of the bootstrap interval of {_pre}evenness (bootstrap > 0).",
                                _src, "add_evenness")
        _register_state_measure(f"{_pre}evenness_chance_{_end}", f"Pillar evenness ({_short}): chance band, {_what}",
                                f"The {_what} bound of the evenness of random portfolios of the same size "
                                "(institutional) or of the state's own votes shuffled (diplomatic) (chance > 0).",
                                _src, "add_evenness")
    _register_state_measure(f"{_pre}evenness_chance", f"Pillar evenness ({_short}): chance mean", "The mean evenness "
                            "of the chance draws (chance > 0).", _src, "add_evenness")
    _register_state_measure(f"{_pre}evenness_hhi", f"Pillar concentration, Herfindahl ({_short})", "Herfindahl "
                            "index of the pillar shares, sum s^2 (from 1/K to 1).", _src, "add_evenness")
    _register_state_measure(f"{_pre}evenness_pillars", f"Pillars considered ({_short})", "K: the pillars that exist "
                            "that year, less the state's own single-state pillar.", _src, "add_evenness")
    _register_state_measure(f"{_pre}evenness_n", f"Units behind the pillar shares ({_short})", "Organizations "
                            "(institutional) or roll calls (diplomatic) behind the shares.", _src, "add_evenness")
    _register_state_measure(f"{_pre}dominant_pillar", f"Dominant pillar ({_short})", "The pillar with the largest "
                            "share (ties joined by '=') (text).", _src, "add_pillar_alignment")


def register_pillar_columns(key: str, prefix: str = "") -> None:
    """Codebook entries of a pillar's share column (``share_<key>``, ``un_share_<key>``)."""
    short, how, src = _PILLAR_CHANNELS[prefix]
    _register_state_measure(f"{prefix}share_{key}", f"Share of pillar {key} ({short})", f"The state's share of "
                            f"engagement with the pillar {key}, over the pillars considered (the shares sum to 1); "
                            f"{how}. Missing when the pillar is not considered (not existing that year, or the state's "
                            "own single-state pillar).", src, "add_pillar_alignment")


for _key, _name in (("west", "West"), ("east", "East")):
    register_pole_columns(_key, _name)
for _pre in _PILLAR_CHANNELS:
    for _key in ("russia", "china", "usa", "eu", "turkey"):
        register_pillar_columns(_key, _pre)


def column_info(name: str) -> dict | None:
    """Registry entry of a column (lagged copies resolved), or None for a column multivector did not add.

    Example:
        >>> column_info("dyadigos_lag1")["lag"], column_info("dyadigos_lag1")["function"]
        (1, 'add_igos')
        >>> column_info("gdp") is None
        True
    """
    lag = 0
    entry = _COLUMNS.get(name) or _KEYS.get(name)
    if entry is None:
        m = _LAG.match(str(name))
        base = m.group("base") if m else str(name)
        if base not in _COLUMNS:
            _named_after(base)
        if m and base in _COLUMNS:
            entry, lag = _COLUMNS[base], int(m.group("lag"))
        elif base in _COLUMNS:
            entry = _COLUMNS[base]
    if entry is None:
        return None
    label, definition, sources, function = entry
    if lag:
        label = f"{label} (lag {lag})"[:80]
        definition = f"{definition} Lagged: the value of {lag} year{'s' if lag > 1 else ''} before the row's year."
    return {"label": label[:80], "definition": definition, "sources": sources, "function": function, "lag": lag}


_NAMED = re.compile(r"^(?:(?P<pre>un_)?share|(?P<what>commitment|engagement))_(?P<key>[a-z][a-z0-9_]*?)(?P<side>[12])?$")


def _named_after(name: str) -> None:
    """Register the columns named after a user's own pole or pillar (``commitment_usa``,
    ``share_asean``) when a frame read back from a file has them."""
    m = _NAMED.match(name)
    if not m:
        return
    if m.group("what"):
        register_pole_columns(m.group("key"), m.group("key"))
    else:
        register_pillar_columns(m.group("key"), m.group("pre") or "")


def codebook(df: pd.DataFrame) -> pd.DataFrame:
    """Each column of a panel with its label, definition, source and citation.

    Parameters:
        df: a frame built with :func:`state_years` / :func:`dyad_years`
            and the ``add_*`` functions (or any frame: columns multivector
            did not add are listed with ``source`` "user").

    Returns:
        DataFrame with one row per column of ``df``, in order: ``column``,
        ``label`` (at most 80 characters: the Stata variable label),
        ``definition``, ``function`` (the step that adds it), ``lag``,
        ``options`` (the step's options, e.g. the joint rule), ``source``
        (source keys, comma-separated) and ``citation``.

    Example:
        >>> import multivector as mv
        >>> cb = mv.codebook(mv.dyad_years(2014).pipe(mv.add_igos))
        >>> cb[["column", "function", "source"]].values.tolist()[-2:]
        [['dyadigos', 'add_igos', 'cow_igo, cow_states'], ['dyadigos_missing', 'add_igos', 'cow_igo, cow_states']]
    """
    from multivector.data._sources_meta import SOURCES

    if not isinstance(df, pd.DataFrame):
        raise InvalidArgumentError(f"codebook: expected a pandas DataFrame, got {type(df).__name__}", "df")
    params = df.attrs.get("panel_columns", {})
    rows = []
    for col in df.columns:
        info = column_info(str(col))
        if info is None:
            rows.append({"column": str(col), "label": "", "definition": "Not added by multivector.", "function": "",
                         "lag": pd.NA, "options": "", "source": "user", "citation": ""})
            continue
        opts = {k: v for k, v in params.get(str(col), {}).items() if k != "function"}
        cites = [SOURCES[k]["citation"] for k in info["sources"] if k in SOURCES]
        rows.append({"column": str(col), "label": info["label"], "definition": info["definition"],
                     "function": info["function"], "lag": info["lag"],
                     "options": ", ".join(f"{k}={v}" for k, v in opts.items() if k != "lag"),
                     "source": ", ".join(info["sources"]), "citation": " ".join(cites)})
    out = pd.DataFrame(rows, columns=["column", "label", "definition", "function", "lag", "options", "source", "citation"])
    out["lag"] = out["lag"].astype("Int64")
    return out


PANEL_FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".dta": "dta"}


def write_panel(df: pd.DataFrame, path: str | Path, format: str | None = None) -> Path:
    """Write a panel to CSV, Parquet (for R's arrow) or Stata .dta with variable labels.

    Stata files carry each column's codebook label as its variable label
    and the sources in the file label; missing values stay missing (Stata
    ``.``, empty in CSV, null in Parquet), never 0. Parquet files carry the
    codebook as JSON in the schema metadata (key ``multivector.codebook``).

    Parameters:
        df: the panel.
        path: the file to write.
        format: ``"csv"``, ``"parquet"`` or ``"dta"`` (default: from the suffix).

    Returns:
        The path written.

    Example:
        >>> import tempfile, pathlib, multivector as mv
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "panel.dta"
        >>> _ = mv.write_panel(mv.state_years(2014).pipe(mv.add_igos), p)
        >>> import pyreadstat
        >>> _, meta = pyreadstat.read_dta(str(p), metadataonly=True)
        >>> meta.column_names_to_labels["sum_igo_full"]
        'IGOs: full member'
    """
    if not isinstance(df, pd.DataFrame):
        raise InvalidArgumentError(f"write_panel: expected a pandas DataFrame, got {type(df).__name__}", "df")
    path = check_output(path, "path")  # a file name, in a folder that exists (the rule of every face)
    fmt = format or PANEL_FORMATS.get(path.suffix.lower())
    if fmt not in ("csv", "parquet", "dta"):
        valid = ", ".join(sorted(set(PANEL_FORMATS)))
        raise InvalidArgumentError(f"format: cannot tell the format of {str(path)!r}; use a suffix {valid} or "
                                   "format='csv'|'parquet'|'dta'", "format")
    with atomic_path(path) as tmp:  # whole or not at all; an interrupt leaves an earlier file as it was
        if fmt == "csv":
            df.to_csv(tmp, index=False, lineterminator="\n")
        elif fmt == "parquet":
            _write_parquet(df, tmp)
        else:
            _write_dta(df, tmp)
    return path


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    cb = codebook(df)
    meta = dict(table.schema.metadata or {})
    meta[b"multivector.codebook"] = cb.to_json(orient="records").encode()
    pq.write_table(table.replace_schema_metadata(meta), path)


def _write_dta(df: pd.DataFrame, path: Path) -> None:
    try:
        import pyreadstat
    except ImportError as exc:
        raise MissingExtraError("pyreadstat", "stata") from exc
    long = [c for c in df.columns if len(str(c)) > 32]
    if long:
        raise InvalidArgumentError(f"write_panel: Stata names have at most 32 characters; rename {long[0]!r}", "df")
    cb = codebook(df)
    out = pd.DataFrame(index=range(len(df)))
    for c in df.columns:
        s = df[c].reset_index(drop=True)
        if isinstance(s.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(s.dtype) or s.dtype == object:
            out[c] = s.astype(object).where(s.notna(), "").astype(str)
        elif pd.api.types.is_bool_dtype(s.dtype):
            out[c] = s.astype("Float64").astype("float64")
        elif pd.api.types.is_integer_dtype(s.dtype):
            # Stata integers with missing: pyreadstat writes float64 NaN as Stata's '.'; whole numbers stay exact
            out[c] = s.astype("float64") if s.isna().any() else s.astype("int32" if s.abs().max() < 2**31 else "float64")
        else:
            out[c] = s.astype("float64")
    labels = [lab or None for lab in cb["label"]]
    sources = sorted({k for src in cb["source"] for k in src.split(", ") if k and k != "user"})
    file_label = ("multivector panel; sources: " + ", ".join(sources))[:80]
    pyreadstat.write_dta(out, str(path), column_labels=labels, file_label=file_label)
