"""Shared fixtures. Source files live in ../shared/data beside the project."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("MULTIVECTOR_SOURCE_DIR", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def source_dir() -> Path:
    """The published source files (skip tests that need them when absent)."""
    if not (SHARED_DATA / "cow-igo-v3" / "state_year_formatv3.csv.gz").exists():
        pytest.skip("published source files not found beside the project (../shared/data)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def runner():
    from typer.testing import CliRunner

    return CliRunner()


@pytest.fixture(scope="session")
def cli():
    from multivector.cli import app

    return app
