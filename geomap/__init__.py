"""geomap: turn news reports about security incidents into layered, offline maps.

>>> import geomap
>>> ex = geomap.extract_texts(["Soldiers are guarding Downing Street."])
>>> ex.sites[0].name, ex.sites[0].roles
('Downing Street', ['guard'])
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geomap.api import Extraction, extract, extract_sources, extract_texts
    from geomap.errors import GeomapError
    from geomap.models import Document, Event, Mention, Place, Site

__all__ = [
    "extract",
    "extract_texts",
    "extract_sources",
    "Extraction",
    "Document",
    "Mention",
    "Place",
    "Event",
    "Site",
    "GeomapError",
    "__version__",
]
__version__ = "0.1.0"

# Imported on first use, so that "import geomap.gazetteer.index" (every command) stays quick.
_HOME = {
    "extract": "api",
    "extract_texts": "api",
    "extract_sources": "api",
    "Extraction": "api",
    "GeomapError": "errors",
    "Document": "models",
    "Mention": "models",
    "Place": "models",
    "Event": "models",
    "Site": "models",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        value = getattr(import_module(f".{_HOME[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'geomap' has no attribute {name!r}")
