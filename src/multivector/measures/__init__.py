"""Measures: pillars, signatures, evenness, trajectories, peers and
scenarios. They build on the engine and the data layer."""
