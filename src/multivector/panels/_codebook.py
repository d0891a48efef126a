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
        if m and m.group("base") in _COLUMNS:
            entry, lag = _COLUMNS[m.group("base")], int(m.group("lag"))
    if entry is None:
        return None
    label, definition, sources, function = entry
    if lag:
        label = f"{label} (lag {lag})"[:80]
        definition = f"{definition} Lagged: the value of {lag} year{'s' if lag > 1 else ''} before the row's year."
    return {"label": label[:80], "definition": definition, "sources": sources, "function": function, "lag": lag}


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
    path = Path(path)
    fmt = format or PANEL_FORMATS.get(path.suffix.lower())
    if fmt not in ("csv", "parquet", "dta"):
        valid = ", ".join(sorted(set(PANEL_FORMATS)))
        raise InvalidArgumentError(f"format: cannot tell the format of {str(path)!r}; use a suffix {valid} or "
                                   "format='csv'|'parquet'|'dta'", "format")
    if not path.parent.is_dir():
        raise InvalidArgumentError(f"path: folder {str(path.parent)!r} does not exist", "path")
    if fmt == "csv":
        df.to_csv(path, index=False, lineterminator="\n")
    elif fmt == "parquet":
        _write_parquet(df, path)
    else:
        _write_dta(df, path)
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
