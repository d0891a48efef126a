"""The engine: name resolution, memberships (published and extended panel),
dyads, similarity and UN votes. It builds on the data layer only."""
