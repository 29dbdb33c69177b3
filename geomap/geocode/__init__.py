"""Optional online geocoding, through geopy, for names the gazetteer lacks."""
