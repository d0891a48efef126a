"""The data layer: source readers, the build, the store over the shipped
Parquet files, provenance and citations. It imports nothing from the engine,
measures or faces."""
