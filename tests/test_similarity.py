"""Similarity kernels (docs/methodology.md, "Portfolio similarity" and "UN General Assembly agreement").

Hand computations on small tables, a brute-force per-item reference, and
property tests (symmetry, range, identical, disjoint, self).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector.engine._similarity import VOTE_DISTANCE, similarity_2x2, similarity_table, similarity_votes


def approx(x):
    return pytest.approx(x, abs=1e-12)


# --- hand computations ---------------------------------------------------------------------------

def test_2x2_hand_example():
    # methodology worked example: n11=2, n10=3, n01=1, n00=4 (10 organizations)
    r = similarity_2x2(2, 3, 1, 4)
    assert float(r["n"]) == 10
    assert float(r["s"]) == approx(1 - 2 * 4 / 10)  # 0.2
    # p_o = 0.6, p_A = 0.5, p_B = 0.3, p_e = 0.5*0.3 + 0.5*0.7 = 0.5
    assert float(r["kappa"]) == approx((0.6 - 0.5) / (1 - 0.5))  # 0.2
    # pooled share 0.4, p_e = 0.4^2 + 0.6^2 = 0.52
    assert float(r["pi"]) == approx((0.6 - 0.52) / (1 - 0.52))  # 1/6
    assert float(r["jaccard"]) == approx(2 / 6)


def test_2x2_undefined_is_nan_not_zero():
    r = similarity_2x2([0, 5, 0, 3], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 7, 0])
    # no organizations: everything undefined
    assert all(math.isnan(r[k][0]) for k in ("s", "kappa", "pi", "jaccard"))
    # both members of all 5: S = 1, Jaccard = 1, kappa/pi undefined (no variation)
    assert r["s"][1] == 1 and r["jaccard"][1] == 1
    assert math.isnan(r["kappa"][1]) and math.isnan(r["pi"][1])
    # both members of none of 7: S = 1, Jaccard undefined
    assert r["s"][2] == 1 and math.isnan(r["jaccard"][2]) and math.isnan(r["kappa"][2])


def test_votes_hand_example():
    # methodology worked example: 10 roll calls, rows A (yes, abstain, no), columns B
    t = np.array([[6, 1, 1], [0, 1, 0], [0, 0, 1]])
    r = similarity_votes(t)
    assert float(r["n"]) == 10
    # disagreements: one yes/abstain (0.5) + one yes/no (1) -> D_o = 0.15
    assert float(r["agree"]) == approx(0.85)
    assert float(r["s"]) == approx(0.7)
    # A's shares (.8, .1, .1), B's (.6, .2, .2): D_e = 0.35 -> kappa = 1 - .15/.35 = 4/7
    assert float(r["kappa"]) == approx(4 / 7)
    # pooled (.7, .15, .15): D_e = 0.3375 -> pi = 1 - .15/.3375 = 5/9
    assert float(r["pi"]) == approx(5 / 9)


def test_votes_shapes_broadcast():
    t = np.zeros((4, 2, 3, 3))
    t[..., 0, 0] = 3
    r = similarity_votes(t)
    assert r["agree"].shape == (4, 2)
    assert np.all(r["agree"] == 1) and np.all(np.isnan(r["kappa"]))


def test_table_shape_mismatch_raises():
    with pytest.raises(ValueError):
        similarity_table(np.zeros((2, 2)), VOTE_DISTANCE)


# --- brute force reference: one item at a time ----------------------------------------------------

def brute(a, b, d):
    """Per-item definitions: mean distance, and expected distance from marginals."""
    n = len(a)
    if n == 0:
        return dict(agree=math.nan, s=math.nan, kappa=math.nan, pi=math.nan)
    do = sum(d[x][y] for x, y in zip(a, b)) / n
    k = len(d)
    pa = [sum(1 for x in a if x == i) / n for i in range(k)]
    pb = [sum(1 for y in b if y == i) / n for i in range(k)]
    pm = [(pa[i] + pb[i]) / 2 for i in range(k)]
    dek = sum(d[i][j] * pa[i] * pb[j] for i in range(k) for j in range(k))
    dep = sum(d[i][j] * pm[i] * pm[j] for i in range(k) for j in range(k))
    return dict(agree=1 - do, s=1 - 2 * do, kappa=1 - do / dek if dek > 1e-12 else math.nan,
                pi=1 - do / dep if dep > 1e-12 else math.nan)


def table_of(a, b, k):
    t = np.zeros((k, k))
    for x, y in zip(a, b):
        t[x, y] += 1
    return t


def same(x, y):
    return (math.isnan(x) and math.isnan(y)) or x == pytest.approx(y, abs=1e-9)


binary = st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1)), min_size=0, max_size=40)
ternary = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=0, max_size=40)


@settings(max_examples=200, deadline=None)
@given(binary)
def test_2x2_equals_brute_force(pairs):
    a = [p[0] for p in pairs]
    b = [p[1] for p in pairs]
    # category 1 = full member; the binary distance is |a - b|
    ref = brute(a, b, [[0, 1], [1, 0]])
    n11 = sum(1 for x, y in pairs if x and y)
    n10 = sum(1 for x, y in pairs if x and not y)
    n01 = sum(1 for x, y in pairs if y and not x)
    n00 = len(pairs) - n11 - n10 - n01
    r = similarity_2x2(n11, n10, n01, n00)
    for key in ("s", "kappa", "pi"):
        assert same(float(r[key]), ref[key]), key
    union = n11 + n10 + n01
    assert same(float(r["jaccard"]), n11 / union if union else math.nan)


@settings(max_examples=200, deadline=None)
@given(ternary)
def test_votes_equal_brute_force(pairs):
    a = [p[0] for p in pairs]
    b = [p[1] for p in pairs]
    ref = brute(a, b, VOTE_DISTANCE.tolist())
    r = similarity_votes(table_of(a, b, 3))
    for key in ("agree", "s", "kappa", "pi"):
        assert same(float(r[key]), ref[key]), key


# --- properties ---------------------------------------------------------------------------------

counts = st.integers(0, 60)


@settings(max_examples=300, deadline=None)
@given(counts, counts, counts, counts)
def test_2x2_symmetry_and_range(n11, n10, n01, n00):
    r = similarity_2x2(n11, n10, n01, n00)
    swapped = similarity_2x2(n11, n01, n10, n00)
    for key in ("s", "kappa", "pi", "jaccard"):
        assert same(float(r[key]), float(swapped[key]))
        v = float(r[key])
        if not math.isnan(v):
            lo = 0.0 if key == "jaccard" else -1.0
            assert lo - 1e-12 <= v <= 1 + 1e-12, (key, v)
    if n11 + n10 + n01 + n00 > 0:
        assert not math.isnan(float(r["s"]))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 60), st.integers(0, 60))
def test_2x2_identical_portfolios_and_self(members, non_members):
    # identical portfolios (a state compared with itself): n10 = n01 = 0
    r = similarity_2x2(members, 0, 0, non_members)
    n = members + non_members
    if n == 0:
        assert math.isnan(float(r["s"]))
        return
    assert float(r["s"]) == 1
    assert math.isnan(float(r["jaccard"])) if members == 0 else float(r["jaccard"]) == 1
    if members and non_members:
        assert float(r["kappa"]) == approx(1) and float(r["pi"]) == approx(1)
    else:  # no variation: chance agreement is already perfect
        assert math.isnan(float(r["kappa"])) and math.isnan(float(r["pi"]))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 60), st.integers(1, 60), st.integers(0, 60))
def test_2x2_disjoint_portfolios(only_a, only_b, neither):
    r = similarity_2x2(0, only_a, only_b, neither)
    assert float(r["jaccard"]) == 0
    assert float(r["s"]) < 1 and float(r["kappa"]) <= 0 and float(r["pi"]) < 0
    if neither == 0:  # perfectly complementary: the most dissimilar pair possible
        assert float(r["s"]) == -1 and float(r["pi"]) == approx(-1)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=9, max_size=9))
def test_votes_symmetry_range_and_s(cells):
    t = np.array(cells, dtype=float).reshape(3, 3)
    r = similarity_votes(t)
    rt = similarity_votes(t.T)
    for key in ("agree", "s", "kappa", "pi"):
        assert same(float(r[key]), float(rt[key]))
    if t.sum():
        assert 0 <= float(r["agree"]) <= 1
        assert float(r["s"]) == approx(2 * float(r["agree"]) - 1)
        for key in ("kappa", "pi"):
            v = float(r[key])
            assert math.isnan(v) or -1 - 1e-9 <= v <= 1 + 1e-9
    else:
        assert all(math.isnan(float(r[k])) for k in ("agree", "s", "kappa", "pi"))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 2), min_size=1, max_size=40))
def test_votes_self(votes):
    r = similarity_votes(table_of(votes, votes, 3))
    assert float(r["agree"]) == 1 and float(r["s"]) == 1
    if len(set(votes)) > 1:
        assert float(r["kappa"]) == approx(1) and float(r["pi"]) == approx(1)
    else:
        assert math.isnan(float(r["kappa"]))


def test_votes_yes_against_no_is_zero():
    t = np.array([[0, 0, 4], [0, 0, 0], [4, 0, 0]])
    r = similarity_votes(t)
    assert float(r["agree"]) == 0 and float(r["s"]) == -1


@settings(max_examples=100, deadline=None)
@given(counts, counts, counts, counts, st.integers(2, 5000))
def test_2x2_scale_invariance(n11, n10, n01, n00, m):
    # large counts take the float64 path, small ones the exact float32 path: same values
    r = similarity_2x2(n11, n10, n01, n00)
    big = similarity_2x2(n11 * m, n10 * m, n01 * m, n00 * m)
    for key in ("s", "kappa", "pi", "jaccard"):
        assert same(float(r[key]), float(big[key])), key
