"""Places: the gazetteer reading each recognised name most likely means."""

__all__: list[str] = []
