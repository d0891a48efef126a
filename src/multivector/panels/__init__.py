"""Research panels in one pipeline, the way peacesciencer users work.

``state_years`` and ``dyad_years`` make the frames of the state system;
the ``add_*`` functions take any DataFrame with ``ccode, year`` (or
``ccode1, ccode2, year``; or ISO codes or names, resolved) and return it
with columns added, never dropping or duplicating rows, so they chain with
``DataFrame.pipe``; ``codebook`` documents every added column and
``write_panel`` writes CSV, Parquet or Stata (.dta with variable labels).

Layer: above the engine and the measures, below the faces (CONTRIBUTING.md).

Example:
    >>> import multivector as mv
    >>> p = mv.dyad_years(2014).pipe(mv.add_igos)
    >>> int(p.loc[(p.ccode1 == 365) & (p.ccode2 == 705), "dyadigos"].iloc[0])
    47
"""
