"""Similarity of two foreign-policy profiles, vectorised over arrays of counts.

Pure numpy kernels, no data access. Every function takes arrays of counts
(any shape, broadcast together) and returns a dict of float64 arrays of the
broadcast shape, with NaN wherever a measure is undefined (e.g. over zero
organizations, or a chance-corrected measure when chance agreement is
already perfect). Missing is never turned into 0.

Public API (stable; imported by the dyad engine and by the pillar/balance
analysis):

``similarity_2x2(n11, n10, n01, n00)``
    Binary profiles (full member / not full member of each organization):
    keys ``"s"`` (Signorino-Ritter S), ``"kappa"`` (Cohen), ``"pi"``
    (Scott), ``"jaccard"``, ``"n"`` (organizations compared).

``similarity_votes(table)``
    UN votes in three ordered categories (yes, abstain, no): ``table`` has
    shape ``(..., 3, 3)``, ``table[..., i, j]`` = number of roll calls on
    which A voted category ``i`` and B voted ``j`` (0 yes, 1 abstain, 2 no).
    Keys ``"agree"`` (Bailey-Strezhnev-Voeten), ``"s"``, ``"kappa"``,
    ``"pi"``, ``"n"`` (roll calls compared).

``similarity_table(table, distance)``
    The general k-category form both are built on.

All chance-corrected measures follow Häge (2011): with a distance ``d``
between categories scaled to [0, 1], observed disagreement
``D_o = sum_ij p_ij d_ij`` and expected disagreement ``D_e = sum_ij
m_i m'_j d_ij`` (Cohen's kappa: each state's own marginals ``m = p_A.``,
``m' = p_B.``; Scott's pi: both replaced by the pooled marginal ``(p_A. +
p_B.) / 2``), measure ``= 1 - D_o / D_e`` (NaN when ``D_e = 0``).
Signorino and Ritter's S ``= 1 - 2 D_o`` (range [-1, 1]). For two
categories these are exactly the textbook kappa and pi; for the three vote
categories with linear distance (yes-abstain 0.5, yes-no 1) they are the
linearly weighted versions, and ``agree = 1 - D_o`` so ``S = 2 agree - 1``.
Formulas and worked examples: docs/methodology.md, "Similarity measures".

References: Signorino, C. S. and J. M. Ritter (1999), International
Studies Quarterly 43(1): 115-144; Häge, F. M. (2011), Political Analysis
19(3): 287-305; Bailey, M. A., A. Strezhnev and E. Voeten (2017), Journal
of Conflict Resolution 61(2): 430-456.

Example:
    >>> from multivector.engine._similarity import similarity_2x2
    >>> r = similarity_2x2(3, 1, 1, 5)
    >>> {k: round(float(v), 4) for k, v in r.items()}
    {'n': 10.0, 's': 0.6, 'kappa': 0.5833, 'pi': 0.5833, 'jaccard': 0.6}
"""

from __future__ import annotations

import numpy as np

__all__ = ["VOTE_DISTANCE", "similarity_2x2", "similarity_table", "similarity_votes"]

#: Distance between the three UN vote categories (yes, abstain, no), scaled
#: so that yes against no is 1: agreement is 1 - distance.
VOTE_DISTANCE = np.array([[0.0, 0.5, 1.0], [0.5, 0.0, 0.5], [1.0, 0.5, 0.0]])


def _f(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def similarity_2x2(n11, n10, n01, n00) -> dict[str, np.ndarray]:
    """S, kappa, pi and Jaccard from 2x2 tables of counts.

    Parameters:
        n11: organizations where both A and B are full members.
        n10: A full member, B not.
        n01: B full member, A not.
        n00: neither is a full member (but both could be: the caller
            leaves out organizations where either is missing or the
            organization does not exist).
        Any array shapes that broadcast together; counts may be int or float.

    Returns:
        dict of float64 arrays: ``n`` = n11+n10+n01+n00; ``s`` = 1 - 2
        (n10+n01)/n (NaN if n = 0); ``kappa`` = (p_o - p_e)/(1 - p_e) with
        p_e from each state's own share of memberships (NaN if p_e = 1, i.e.
        both states are members of all or of none of the n organizations,
        or n = 0); ``pi`` = the same with the pooled share (NaN when the
        pooled share is 0 or 1); ``jaccard`` = n11/(n11+n10+n01) (NaN if
        neither state is a full member of any).

    Example:
        >>> r = similarity_2x2([3, 0], [1, 0], [1, 0], [5, 0])
        >>> r["s"].tolist(), r["jaccard"].tolist()
        ([0.6, nan], [0.6, nan])
    """
    arrs = np.broadcast_arrays(*(np.asarray(x) for x in (n11, n10, n01, n00)))
    # Numerators and denominators are integer-valued (for integer counts) and at
    # most 4 n^2: exact in float32 while every count is <= 512 (n <= 2048), which halves the memory
    # traffic; each ratio is then taken in float64.
    small = all(np.issubdtype(x.dtype, np.integer) and x.max(initial=0) <= 512 and x.min(initial=0) >= 0 for x in arrs)
    work = np.float32 if small else np.float64
    a, b, c, d = (x.astype(work) for x in arrs)
    n = a + b + c + d
    x = b + c  # disagreements

    def ratio(num, den):
        out = np.divide(num, den, out=np.empty(np.shape(den)), dtype=np.float64)
        out[np.asarray(den == 0)] = np.nan
        return out

    with np.errstate(divide="ignore", invalid="ignore"):
        # closed forms of 1 - D_o/D_e on the 2x2 table (see the module docstring):
        # kappa = 2(ad - bc) / ((a+b)(b+d) + (a+c)(c+d)), pi = (4ad - (b+c)^2) / ((2a+b+c)(2d+b+c))
        kappa = ratio(2 * (a * d - b * c), (a + b) * (b + d) + (a + c) * (c + d))
        pi = ratio(4 * a * d - x * x, (2 * a + x) * (2 * d + x))
        jaccard = ratio(a, a + x)
        s = 1.0 - 2.0 * ratio(x, n)
    return {"n": n.astype(np.float64), "s": s, "kappa": kappa, "pi": pi, "jaccard": jaccard}


def similarity_table(table, distance) -> dict[str, np.ndarray]:
    """Agreement, S, kappa and pi from k x k contingency tables and a distance.

    Parameters:
        table: counts, shape ``(..., k, k)``; ``table[..., i, j]`` = number
            of items where A is in category ``i`` and B in ``j``.
        distance: ``(k, k)`` symmetric, zero diagonal, values in [0, 1]
            (1 = the largest possible disagreement).

    Returns:
        dict of float64 arrays of shape ``table.shape[:-2]``: ``n``,
        ``agree`` = 1 - D_o, ``s`` = 1 - 2 D_o, ``kappa`` = 1 - D_o/D_e
        (own marginals), ``pi`` = 1 - D_o/D_e (pooled marginals); NaN
        where n = 0 or D_e = 0.

    Example:
        >>> import numpy as np
        >>> r = similarity_table(np.array([[4, 1], [1, 4]]), np.array([[0, 1], [1, 0]]))
        >>> round(float(r["kappa"]), 2)
        0.6
    """
    t = np.asarray(table)
    d = _f(distance)
    k = d.shape[0]
    if t.shape[-2:] != (k, k) or d.shape != (k, k):
        raise ValueError(f"table must have shape (..., {k}, {k}) to match distance {d.shape}")
    shape = t.shape[:-2]
    # cells as k*k contiguous 1-D columns: whole-array arithmetic on each, no small-axis reductions
    cells = np.ascontiguousarray(np.moveaxis(t.reshape(*shape, k * k), -1, 0), dtype=np.float64).reshape(k, k, -1)
    return {key: v.reshape(shape) for key, v in _from_cells(cells, d).items()}


def _from_cells(cells: np.ndarray, d: np.ndarray) -> dict[str, np.ndarray]:
    """:func:`similarity_table` on cell-major counts ``cells[i, j, item]`` (1-D results)."""
    k = d.shape[0]
    n = cells.sum(axis=(0, 1), dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = 1.0 / n
        rows = [cells[i].sum(axis=0, dtype=np.float64) * inv for i in range(k)]  # A's marginal shares
        cols = [cells[:, j].sum(axis=0, dtype=np.float64) * inv for j in range(k)]  # B's marginal shares
        do = np.zeros(n.shape)
        de_k = np.zeros(n.shape)
        de_p = np.zeros(n.shape)
        for i in range(k):
            for j in range(k):
                if d[i, j] == 0:
                    continue
                do += d[i, j] * cells[i, j]
                de_k += d[i, j] * rows[i] * cols[j]
                de_p += d[i, j] * (rows[i] + cols[i]) * (rows[j] + cols[j]) * 0.25
        do *= inv
        # tiny rounding noise must not turn "undefined" into a huge number
        kappa = np.where(de_k > 1e-12, 1.0 - do / de_k, np.nan)
        pi = np.where(de_p > 1e-12, 1.0 - do / de_p, np.nan)
    ok = n > 0
    agree = np.where(ok, 1.0 - do, np.nan)
    s = np.where(ok, 1.0 - 2.0 * do, np.nan)
    return {"n": n, "agree": agree, "s": s, "kappa": kappa, "pi": pi}


def similarity_votes(table) -> dict[str, np.ndarray]:
    """Vote agreement, S, kappa and pi from 3 x 3 tables of UN votes.

    Parameters:
        table: counts, shape ``(..., 3, 3)``; categories in the order yes,
            abstain, no (``table[..., 0, 2]`` = roll calls where A voted yes
            and B no). Only roll calls where both states voted belong in it.

    Returns:
        dict of float64 arrays of shape ``table.shape[:-2]``: ``n`` (roll
        calls), ``agree`` (1 same vote, 0.5 exactly one abstained, 0 yes
        against no; mean over roll calls), ``s`` = 2 agree - 1, and the
        linearly weighted ``kappa`` and ``pi``; NaN where undefined.

    Example:
        >>> import numpy as np
        >>> t = np.array([[6, 1, 1], [0, 1, 0], [0, 0, 1]])  # 10 roll calls
        >>> round(float(similarity_votes(t)["agree"]), 2)
        0.85
    """
    return similarity_table(table, VOTE_DISTANCE)
