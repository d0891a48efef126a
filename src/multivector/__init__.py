"""multivector: how states engage with international organizations and
balance their foreign policy among great-power pillars.

Public names are loaded lazily, so ``import multivector`` stays fast and
loads no data.

Example:
    >>> import multivector as mv
    >>> mv.resolve_state("Kazakhstan")
    705
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# public name -> private module that defines it
_EXPORTS = {
    "AmbiguousNameError": "_errors",
    "BuildError": "_errors",
    "DataError": "_errors",
    "InvalidArgumentError": "_errors",
    "InvalidYearError": "_errors",
    "MissingExtraError": "_errors",
    "MultivectorError": "_errors",
    "Pillar": "_pillars",
    "PillarSet": "_pillars",
    "RecordsError": "_errors",
    "TooMuchWorkError": "_errors",
    "UnknownNameError": "_errors",
    "UnknownOrganizationError": "_errors",
    "UnknownPillarError": "_errors",
    "UnknownStateError": "_errors",
    "activism": "_extended",
    "alignment": "_balance",
    "balance": "_balance",
    "balance_panel": "_balance",
    "build_data": "_build",
    "change_points": "_trajectory",
    "cite": "_cite",
    "compare": "_peers",
    "create_app": "web",
    "data_info": "_cite",
    "default_pillars": "_pillars",
    "dyad_members": "_dyads",
    "dyads": "_dyads",
    "engagements": "_extended",
    "engagements_by_category": "_signatures",
    "extended_cube": "_extended",
    "extended_memberships": "_extended",
    "load_pillars": "_pillars",
    "load_records": "_records",
    "mean_reversion": "_trajectory",
    "membership_changes": "_changes",
    "organization_members": "_membership",
    "organization_summary": "_membership",
    "organization_signatures": "_signatures",
    "organizations": "_membership",
    "own_initiatives": "_signatures",
    "peer_group": "_peers",
    "peer_groups": "_peers",
    "period_summary": "_trajectory",
    "pillar_members": "_pillars",
    "pillar_table": "_pillars",
    "portfolio": "_membership",
    "rank": "_peers",
    "record_organizations": "_records",
    "register_peer_group": "_peers",
    "report": "report",
    "resolve_organization": "_resolve",
    "resolve_state": "_resolve",
    "resolve_states": "_resolve",
    "scenario": "_scenario",
    "state_memberships": "_membership",
    "states": "_membership",
    "un_agreement": "_unvotes",
    "use_data": "_store",
    "validate_records": "_records",
}

__all__ = sorted(["__version__", *_EXPORTS])


def __getattr__(name: str):
    mod = _EXPORTS.get(name)
    if mod is None:
        raise AttributeError(f"module 'multivector' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"multivector.{mod}"), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__


if TYPE_CHECKING:  # pragma: no cover
    from multivector._build import build_data
    from multivector._changes import membership_changes
    from multivector._cite import cite, data_info
    from multivector._dyads import dyad_members, dyads
    from multivector._errors import *  # noqa: F403
    from multivector._extended import activism, engagements, extended_cube, extended_memberships
    from multivector._membership import (
        organization_members, organizations, portfolio, state_memberships, states,
    )
    from multivector._records import load_records, record_organizations, validate_records
    from multivector._resolve import resolve_organization, resolve_state, resolve_states
    from multivector._scenario import scenario
    from multivector._store import use_data
    from multivector._unvotes import un_agreement
