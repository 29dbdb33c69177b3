"""Output: the map, the report and their assets, drawn from merged sites."""
