"""geomap: turn news reports about security incidents into layered, offline maps.

>>> import geomap
>>> ex = geomap.extract_texts(["Soldiers are guarding Downing Street."])
>>> ex.sites[0].name, ex.sites[0].roles
('Downing Street', ['guard'])
"""

from .api import Extraction, extract, extract_sources, extract_texts
from .errors import GeomapError
from .models import Document, Event, Mention, Place, Site

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
