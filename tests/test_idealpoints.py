"""UN ideal points (docs/methodology.md, "UN ideal points").

The published series is compared, value by value, with the publisher's CSV
read directly with pandas (../shared/data/unga-idealpoints/).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import multivector as mv
from multivector._errors import InvalidArgumentError, InvalidYearError, UnknownStateError

KZ, RU, CN, US = 705, 365, 710, 2


@pytest.fixture(scope="module")
def published_csv(source_dir) -> pd.DataFrame:
    return pd.read_csv(source_dir / "unga-idealpoints" / "idealpoints_2025-07.csv.gz")


def test_published_equals_the_publishers_file(published_csv):
    got = mv.ideal_points(source="published")
    assert list(got.columns) == list(published_csv.columns)  # the publisher's names, incl. 'qofp' and 'nvotesLegacy'
    assert len(got) == len(published_csv) == 11440
    ref = published_csv.sort_values(["ccode", "year"], kind="stable").reset_index(drop=True)
    for c in ref.columns:
        if c in ("iso3c", "countryname"):
            assert (got[c].fillna("").astype(str) == ref[c].fillna("").astype(str)).all(), c
        else:
            a, b = got[c].to_numpy(dtype=float), ref[c].to_numpy(dtype=float)
            assert np.array_equal(np.isnan(a), np.isnan(b)), c  # missing stays missing, never 0
            assert np.allclose(a[~np.isnan(a)], b[~np.isnan(b)], rtol=0, atol=1e-12), c


def test_published_subset_by_state_and_year():
    # values checked in the CSV with zcat | awk: Russia 2022 idealpointall -1.413724, Kazakhstan -0.9888276
    got = mv.ideal_points("Kazakhstan, Russia", 2022)
    assert got[["ccode", "year"]].values.tolist() == [[RU, 2022], [KZ, 2022]]
    assert got.idealpointall.round(6).tolist() == [-1.413724, -0.988828]
    assert got.idealpointlegacy.round(6).tolist() == [-0.505747, -0.778407]
    # names, COW codes and ISO codes; year ranges and lists
    assert mv.ideal_points(["KZ", 365], "2021-2022").shape[0] == 4
    assert mv.ideal_points(2, [1946, 2024]).year.tolist() == [1946, 2024]
    assert set(mv.ideal_points(years=2024).year) == {2024} and len(mv.ideal_points(years=2024)) == 191
    # 2024 has no idealpointall in this release: NaN, never 0
    assert mv.ideal_points(US, 2024).idealpointall.isna().all()
    assert "Bailey" in mv.cite(got)


def test_published_errors_are_one_line():
    with pytest.raises(UnknownStateError) as e:
        mv.ideal_points("Kazakstan")
    assert "Kazakhstan (KZK, 705)" in str(e.value)
    with pytest.raises(InvalidYearError, match=r"years: 2030 is outside the published UN ideal points \(1946-2024\)"):
        mv.ideal_points(years=2030)
    # Taiwan held China's seat until 1971; no session 19 (1964) estimate in the file
    with pytest.raises(InvalidYearError, match=r"Taiwan \(TAW, 713\) has no published UN ideal point in 2000 "
                                               r"\(it has estimates for 1946-1963, 1965-1971\)"):
        mv.ideal_points("Taiwan", 2000)
    with pytest.raises(InvalidYearError, match="Kosovo .* no estimate in any year"):
        mv.ideal_points("Kosovo")
    with pytest.raises(InvalidArgumentError, match="source: unknown source 'mcmc'; valid: published"):
        mv.ideal_points(source="mcmc")
    for err in (UnknownStateError, InvalidYearError, InvalidArgumentError):
        assert issubclass(err, mv.MultivectorError)


def test_docstring_examples_run():
    import doctest

    from multivector.engine import _idealpoints

    res = doctest.testmod(_idealpoints, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert res.failed == 0 and res.attempted > 0
