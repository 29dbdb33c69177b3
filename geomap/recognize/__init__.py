"""Mentions: the names in a text that may be places, judged by the words around them."""

__all__: list[str] = []
