"""Optional online geocoding, through geopy, for names the gazetteer lacks."""

__all__: list[str] = []
