"""What the whole pipeline makes of one place in a sentence, for the news tables."""

from __future__ import annotations

from geomap.models import layer_of
from geomap.pipeline import extract_document

__all__ = ["layer", "placed"]


def placed(text: str, name: str) -> tuple[str, str | None]:
    """The role and actor of the first mention of ``name`` in ``text``."""
    doc = extract_document(text, "t")
    for m in doc.mentions:
        if m.text == name:
            return m.role, m.actor
    raise AssertionError(f"{name!r} not found in {[m.text for m in doc.mentions]}")


def layer(text: str, name: str) -> str:
    """The map layer of the first mention of ``name`` in ``text``."""
    return layer_of(placed(text, name)[0])
