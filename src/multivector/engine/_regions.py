"""World regions of the Correlates of War codebook, by state code.

COW assigns state codes by region: the Americas 2-199, Europe 200-399,
Africa 400-599, the Middle East and North Africa 600-699, Asia 700-899 and
Oceania 900-999 (COW State System Membership codebook). Russia (365) is in
Europe, Turkey (640) in the Middle East, the Central Asian states (700-705)
in Asia, the Caucasus (371-373) in Europe.

Example:
    >>> region_of(705), region_of(265)
    ('Asia', 'Europe')
"""

from __future__ import annotations

import numpy as np

#: COW code ranges of the world regions: (name, first code, last code).
REGIONS = [
    ("the Americas", 2, 199),
    ("Europe", 200, 399),
    ("Africa", 400, 599),
    ("the Middle East and North Africa", 600, 699),
    ("Asia", 700, 899),
    ("Oceania", 900, 999),
]

#: Upper bounds of the ranges, for vectorised lookup.
_BOUNDS = np.array([hi for _, _, hi in REGIONS])


def region_of(ccode: int) -> str:
    """The COW region name of a state code.

    Example:
        >>> region_of(2), region_of(365), region_of(710)
        ('the Americas', 'Europe', 'Asia')
    """
    return REGIONS[int(region_index(np.array([ccode]))[0])][0]


def region_index(ccodes) -> np.ndarray:
    """Index into :data:`REGIONS` of each state code (vectorised).

    Example:
        >>> region_index([2, 200, 710, 950]).tolist()
        [0, 1, 4, 5]
    """
    c = np.asarray(ccodes, dtype=np.int64)
    return np.minimum(np.searchsorted(_BOUNDS, c, side="left"), len(REGIONS) - 1)
