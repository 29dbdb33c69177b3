"""The Python API: extract from paths or texts, get an :class:`Extraction`, export or map it.

Examples
--------
>>> ex = extract_texts({"a": "Troops were stationed at Buckingham Palace on May 24, 2017."})
>>> [(s.name, s.roles) for s in ex.sites]
[('Buckingham Palace', ['guard'])]
>>> ex.to_geojson()["features"][0]["geometry"]["type"]
'Point'
>>> ex.to_embed().startswith("<iframe")
True
>>> print(ex.to_csv().splitlines()[1])
buckingham-palace:guard:military,2017-05-24,2017,1,Strategic developments,Other,military,...
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import Field

from geomap.batch import (
    Geocode,
    batch_year,
    iter_documents,
    iter_json_lines,
    source_date,
    texts_year,
)
from geomap.merge import merge_documents
from geomap.models import Document, Site, Strict
from geomap.sources.inputs import Source, read_inputs

__all__ = [
    "Extraction",
    "extract",
    "extract_texts",
    "extract_sources",
    "iter_documents",
    "iter_json_lines",
    "batch_year",
    "source_date",
]


class Extraction(Strict):
    """Everything extracted from a batch of documents."""

    documents: list[Document] = []
    sites: list[Site] = []
    problems: list[str] = Field(default_factory=list)

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON output contract: documents with mentions, and merged sites."""
        return self.model_dump_json(indent=indent, exclude={"problems"})

    def to_geojson(self, *, include_context: bool = True) -> dict[str, Any]:
        """An RFC 7946 FeatureCollection, one Feature per merged site."""
        feats = []
        for s in self.sites:
            if not include_context and s.roles == ["context"]:
                continue
            props = s.model_dump(mode="json", exclude={"lat", "lon"})
            props["lat"], props["lon"] = s.lat, s.lon
            feats.append(
                {
                    "type": "Feature",
                    "id": s.id,
                    "geometry": {"type": "Point", "coordinates": [s.lon, s.lat]},
                    "properties": props,
                }
            )
        return {"type": "FeatureCollection", "features": feats}

    def to_csv(self) -> str:
        """One row per event in ACLED's columns (see :mod:`geomap.output.table`)."""
        from geomap.output.table import to_csv

        return to_csv(self.sites)

    def summary(self) -> dict[str, Any]:
        """Counts by role and actor, for reports and the CLI."""
        roles: Counter[str] = Counter()
        actors: Counter[str] = Counter()
        # One incident told at several places is one event.
        for e in {e.id: e for s in self.sites for e in s.events}.values():
            roles[e.role] += 1
            if e.actor:
                actors[e.actor] += 1
        return {
            "documents": len(self.documents),
            "sites": len(self.sites),
            "mentions": sum(len(d.mentions) for d in self.documents),
            "roles": dict(roles),
            "actors": dict(actors),
        }

    def to_map(self, **kwargs: Any) -> Any:
        """A folium Map of the sites (displays inline in Jupyter)."""
        from geomap.output.render import build_map

        return build_map(self.sites, documents=self.documents, **kwargs)

    def to_embed(self, *, height: str = "600px", **kwargs: Any) -> str:
        """The map as an HTML fragment (an escaped ``<iframe srcdoc>``) for other reports."""
        from geomap.output.render import embed_html

        return embed_html(self.to_map(**kwargs), height=height)

    def to_report(self, *, title: str = "geomap report") -> str:
        """One self-contained HTML report: map, summary, timeline and evidence table."""
        from geomap.output.report import build_report

        return build_report(self.sites, self.documents, title=title)


def extract_sources(
    sources: Sequence[Source],
    *,
    published: dt.date | None = None,
    gazetteer: str | os.PathLike[str] | None = None,
    geocode: Geocode | None = None,
    jobs: int = 1,
    countries: Sequence[str] = (),
) -> list[Document]:
    """Extract every source, in parallel processes when ``jobs`` > 1, in input order."""
    year = texts_year((s.text for s in sources), published=published)
    return list(
        iter_documents(
            sources,
            published=published,
            year=year,
            gazetteer=gazetteer,
            geocode=geocode,
            jobs=jobs if len(sources) > 1 else 1,
            countries=countries,
        )
    )


def extract(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], **kwargs: Any
) -> Extraction:
    """Extract from files and folders (``-`` for standard input).

    One path may be given alone. What cannot be read is in ``problems`` and is warned of,
    as the command line reports it.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as said:
    ...     warnings.simplefilter("always")
    ...     extract("no/such/folder").problems
    ['no/such/folder: no such file or directory']
    >>> str(said[0].message)
    'no/such/folder: no such file or directory'
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    sources, problems = read_inputs(
        [os.fspath(p) for p in paths], encoding=kwargs.pop("encoding", None)
    )
    for problem in problems:
        warnings.warn(problem, stacklevel=2)
    docs = extract_sources(sources, **kwargs)
    return Extraction(documents=docs, sites=merge_documents(docs), problems=problems)


def extract_texts(texts: Mapping[str, str] | Iterable[str], **kwargs: Any) -> Extraction:
    """Extract from in-memory texts: a mapping of id to text, or texts (ids 0, 1, …).

    >>> extract_texts("Troops guard Downing Street.")
    Traceback (most recent call last):
    ...
    TypeError: extract_texts takes a mapping of id to text or a list of texts, not one str
    """
    if isinstance(texts, str):
        raise TypeError(
            "extract_texts takes a mapping of id to text or a list of texts, not one str"
        )
    items = (
        texts.items() if isinstance(texts, Mapping) else ((str(i), t) for i, t in enumerate(texts))
    )
    docs = extract_sources([Source(k, None, v) for k, v in items], **kwargs)
    return Extraction(documents=docs, sites=merge_documents(docs))
