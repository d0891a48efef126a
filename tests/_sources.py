"""The published source CSVs (../shared/data) that tests check the library against, each read once
per test session however many modules use it. Callers must not change the frames in place."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd


@lru_cache(maxsize=1)
def igo_state_year(source_dir: Path) -> pd.DataFrame:
    """COW IGO v3, state-year format."""
    return pd.read_csv(source_dir / "cow-igo-v3" / "state_year_formatv3.csv.gz")


@lru_cache(maxsize=1)
def atop_dyad_year(source_dir: Path) -> pd.DataFrame:
    """ATOP 5.1 alliance dyad-years."""
    return pd.read_csv(source_dir / "atop-5.1" / "atop_alliance_dyad_year.csv.gz")


@lru_cache(maxsize=1)
def ideal_points(source_dir: Path) -> pd.DataFrame:
    """Bailey-Strezhnev-Voeten UN ideal points, July 2025 release."""
    return pd.read_csv(source_dir / "unga-idealpoints" / "idealpoints_2025-07.csv.gz")
