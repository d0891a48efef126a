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
    "DEFAULT_SEED": "_random",
    "DataError": "_errors",
    "InvalidArgumentError": "_errors",
    "InvalidYearError": "_errors",
    "MissingExtraError": "_errors",
    "MultivectorError": "_errors",
    "Pillar": "measures._pillars",
    "PillarSet": "measures._pillars",
    "Pole": "measures._poles",
    "PoleSet": "measures._poles",
    "RecordsError": "_errors",
    "TooMuchWorkError": "_errors",
    "UnknownNameError": "_errors",
    "UnknownOrganizationError": "_errors",
    "UnknownPillarError": "_errors",
    "UnknownStateError": "_errors",
    "VotesFileError": "_errors",
    "activism": "engine._extended",
    "add_alliances": "panels._add",
    "add_evenness": "panels._measures",
    "add_hedging": "panels._measures",
    "add_ideal_points": "panels._add",
    "add_igo_similarity": "panels._add",
    "add_igos": "panels._add",
    "add_pillar_alignment": "panels._measures",
    "add_tilt": "panels._measures",
    "add_un_agreement": "panels._add",
    "alignment": "measures._evenness",
    "alliances": "measures._commitment",
    "build_data": "data._build",
    "change_points": "measures._trajectory",
    "cite": "data._cite",
    "codebook": "panels._codebook",
    "coding_gaps": "engine._gaps",
    "compare": "measures._peers",
    "create_app": "web",
    "data_info": "data._cite",
    "default_pillars": "measures._pillars",
    "default_poles": "measures._poles",
    "dyad_members": "engine._dyads",
    "dyad_years": "panels._frames",
    "dyads": "engine._dyads",
    "engagements": "engine._extended",
    "evenness": "measures._evenness",
    "engagements_by_category": "measures._signatures",
    "extended_cube": "engine._extended",
    "extended_memberships": "engine._extended",
    "hedging": "measures._hedging",
    "ideal_points": "engine._idealpoints",
    "ideal_points_with_poles": "measures._ideal_poles",
    "in_system": "data._system",
    "load_pillars": "measures._pillars",
    "load_records": "engine._records",
    "merge_votes": "engine._idealpoints",
    "mean_reversion": "measures._trajectory",
    "membership_changes": "engine._changes",
    "merge_report": "panels._keys",
    "organization_members": "engine._membership",
    "organization_signatures": "measures._signatures",
    "organization_summary": "engine._membership",
    "organizations": "engine._membership",
    "own_initiatives": "measures._signatures",
    "panel": "panels._panel",
    "peer_group": "measures._peers",
    "peer_groups": "measures._peers",
    "period_summary": "measures._trajectory",
    "pillar_members": "measures._pillars",
    "pillar_table": "measures._pillars",
    "portfolio": "engine._membership",
    "rank": "measures._peers",
    "read_undl_votes": "data.sources.undl",
    "record_organizations": "engine._records",
    "records_coverage": "engine._extended",
    "register_peer_group": "measures._peers",
    "report": "report",
    "resolve_organization": "engine._resolve",
    "resolve_state": "engine._resolve",
    "resolve_states": "engine._resolve",
    "scenario": "measures._scenario",
    "state_memberships": "engine._membership",
    "state_years": "panels._frames",
    "states": "engine._membership",
    "system_years": "data._system",
    "tilt": "measures._tilt",
    "un_agreement": "engine._unvotes",
    "use_data": "data._store",
    "validate": "measures._validation",
    "validate_records": "engine._records",
    "verify_data": "data._cite",
    "write_panel": "panels._codebook",
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
    from multivector.data._build import build_data
    from multivector.engine._changes import membership_changes
    from multivector.data._cite import cite, data_info
    from multivector.engine._dyads import dyad_members, dyads
    from multivector._errors import *  # noqa: F403
    from multivector.engine._extended import (
        activism, engagements, extended_cube, extended_memberships, records_coverage,
    )
    from multivector.engine._membership import (
        organization_members, organizations, portfolio, state_memberships, states,
    )
    from multivector.engine._records import load_records, record_organizations, validate_records
    from multivector.engine._resolve import resolve_organization, resolve_state, resolve_states
    from multivector.measures._scenario import scenario
    from multivector.data._store import use_data
    from multivector.engine._unvotes import un_agreement
