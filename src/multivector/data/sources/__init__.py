"""Readers for the published source formats.

Each reader takes a path to a file as its publisher distributes it (CSV,
optionally gzip-compressed), checks its shape and code domains, and returns a
tidy :class:`pandas.DataFrame`. Any problem raises :class:`BuildError` with a
one-line message naming the file.
"""

from multivector.data.sources._csv import read_csv_checked
from multivector.data.sources.atop import read_atop
from multivector.data.sources.cow_igo import read_igo_year, read_state_year
from multivector.data.sources.cow_states import read_states
from multivector.data.sources.informal_igo import read_iigo_memberships, read_iigo_organizations, read_migo_memberships
from multivector.data.sources.unga_idealpoints import read_idealpoints
from multivector.data.sources.unga import read_roll_call_issues, read_roll_calls, read_votes

__all__ = [
    "read_atop",
    "read_csv_checked",
    "read_idealpoints",
    "read_igo_year",
    "read_iigo_memberships",
    "read_iigo_organizations",
    "read_migo_memberships",
    "read_roll_call_issues",
    "read_roll_calls",
    "read_state_year",
    "read_states",
    "read_votes",
]
