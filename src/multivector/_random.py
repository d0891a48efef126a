"""One seed policy for every face: bootstrap replicates that depend only on
the seed and on the unit, never on what else was asked for.

Every bootstrap in multivector resamples *units* (organizations, roll calls,
treaty partners, ...) with a Poisson(1) weight per unit and replicate, the
large-sample equivalent of drawing units with replacement. The weights of a
unit come from a random stream named after the universe the unit belongs to
(``"organizations"``, ``"roll_calls"``, ...) and from the unit's position in
that universe's fixed order (the order of the shipped table), so:

- the same question gives the same interval in the library, the CLI, the
  web API and the briefs (they all default to :data:`DEFAULT_SEED`);
- a year's interval does not change with the range of years asked for, nor
  a state's with the other states asked for;
- units appended to a universe (organizations of the records after the COW
  ones) leave the weights of the earlier units unchanged.

Example:
    >>> from multivector._random import DEFAULT_SEED, poisson_weights
    >>> w = poisson_weights(DEFAULT_SEED, "organizations", 5, 3)
    >>> w.shape, bool((poisson_weights(DEFAULT_SEED, "organizations", 7, 3)[:, :5] == w).all())
    ((3, 5), True)
"""

from __future__ import annotations

import zlib

import numpy as np

from multivector._errors import InvalidArgumentError

#: The default seed of every bootstrap (the date of the policy paper the
#: tool was first built to test, Engvall and Cornell, 15 December 2015).
DEFAULT_SEED = 20151215

#: Default number of bootstrap replicates.
DEFAULT_REPLICATES = 1000


def check_seed(seed) -> int:
    """A seed as an int, or :data:`DEFAULT_SEED` for None; errors name the argument.

    Example:
        >>> check_seed(None), check_seed(7)
        (20151215, 7)
    """
    if seed is None:
        return DEFAULT_SEED
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        try:
            as_float = float(seed)
        except (TypeError, ValueError):
            raise InvalidArgumentError(f"seed must be a whole number >= 0, not {seed!r}.", argument="seed") from None
        if not as_float.is_integer():
            raise InvalidArgumentError(f"seed must be a whole number >= 0, not {seed!r}.", argument="seed")
        seed = int(as_float)
    if seed < 0:
        raise InvalidArgumentError(f"seed must be a whole number >= 0, not {seed}.", argument="seed")
    return int(seed)


def check_replicates(bootstrap, *, maximum: int = 100_000) -> int:
    """A number of bootstrap replicates as an int in [0, maximum].

    Example:
        >>> check_replicates(200)
        200
    """
    if isinstance(bootstrap, bool) or not isinstance(bootstrap, (int, np.integer)):
        raise InvalidArgumentError(
            f"bootstrap must be a whole number of replicates (0 for none), not {bootstrap!r}.",
            argument="bootstrap",
        )
    if bootstrap < 0 or bootstrap > maximum:
        raise InvalidArgumentError(
            f"bootstrap must be between 0 and {maximum:,} replicates, not {bootstrap}.", argument="bootstrap"
        )
    return int(bootstrap)


def stream(seed: int, name: str) -> np.random.Generator:
    """The random generator of one named stream under a seed.

    Example:
        >>> float(stream(1, "x").random()) == float(stream(1, "x").random())
        True
    """
    return np.random.default_rng(np.random.SeedSequence([int(seed), zlib.crc32(name.encode())]))


def poisson_weights(seed: int, name: str, n_units: int, n_rep: int) -> np.ndarray:
    """Poisson(1) bootstrap weights, shape ``(n_rep, n_units)``, float64.

    Unit ``i``'s replicates are the ``i``-th block of the stream ``name``, so
    they do not depend on ``n_units`` (appending units keeps earlier weights).

    Example:
        >>> poisson_weights(1, "roll_calls", 4, 2).shape
        (2, 4)
    """
    if n_rep <= 0 or n_units <= 0:
        return np.zeros((max(n_rep, 0), max(n_units, 0)))
    draws = stream(seed, name).poisson(1.0, size=(n_units, n_rep))
    return np.ascontiguousarray(draws.T, dtype=np.float64)


def normal_draws(seed: int, name: str, n_units: int, n_rep: int) -> np.ndarray:
    """Standard normal draws, shape ``(n_rep, n_units)``, prefix-stable like
    :func:`poisson_weights` (for parametric bootstraps from published
    posterior intervals).

    Example:
        >>> normal_draws(1, "ideal_points", 3, 2).shape
        (2, 3)
    """
    if n_rep <= 0 or n_units <= 0:
        return np.zeros((max(n_rep, 0), max(n_units, 0)))
    return np.ascontiguousarray(stream(seed, name).standard_normal(size=(n_units, n_rep)).T)
