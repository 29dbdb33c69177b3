"""Places to look names up in: world records, curated and user entries, the name index."""
