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
>>> ex.to_csv().splitlines()[0]
'event_date,time_precision,event_type,actor,location,latitude,longitude,geo_precision,source,notes,site_id,role,document'
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
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
    "EVENT_TYPES",
]

# ACLED-style event types for each role.
EVENT_TYPES = {
    "incident": "Explosions/Remote violence",
    "guard": "Strategic developments: security deployment (guard)",
    "cordon": "Strategic developments: security deployment (cordon)",
    "patrol": "Strategic developments: security deployment (patrol)",
    "deployment": "Strategic developments: security deployment",
    "standby": "Strategic developments: forces on standby",
    "closure": "Strategic developments: closure",
    "protest": "Protests",
    "context": "Context",
}
# ACLED geo_precision: 1 the place itself, 2 near it / a district, 3 a wider region.
_GEO_PRECISION = {
    "site": 1,
    "district": 2,
    "city": 1,
    "region": 3,
    "country": 3,
    "continent": 3,
    "water": 3,
}


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
        """One row per (site, role) in ACLED-style columns."""
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(
            [
                "event_date",
                "time_precision",
                "event_type",
                "actor",
                "location",
                "latitude",
                "longitude",
                "geo_precision",
                "source",
                "notes",
                "site_id",
                "role",
                "document",
            ]
        )
        for s in self.sites:
            for role in s.roles:
                evs = [e for e in s.events if e.role == role]
                dates = [e.date for e in evs if e.date]
                precs = [e.time_precision for e in evs if e.time_precision]
                actors = sorted({e.actor for e in evs if e.actor})
                docs = sorted({d for e in evs for d in e.documents})
                quotes = [q.quote for e in evs for q in e.evidence][:3]
                w.writerow(
                    [
                        min(dates).isoformat() if dates else "",
                        min(precs) if precs else "",
                        EVENT_TYPES[role],
                        ";".join(actors),
                        s.name,
                        f"{s.lat:.5f}",
                        f"{s.lon:.5f}",
                        _GEO_PRECISION.get(s.kind, 3),
                        ";".join(docs),
                        " | ".join(_flat(q) for q in quotes),
                        s.id,
                        role,
                        ";".join(docs),
                    ]
                )
        return out.getvalue()

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


def _flat(text: str) -> str:
    return " ".join(text.split())


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


def extract(paths: Iterable[str | os.PathLike[str]], **kwargs: Any) -> Extraction:
    """Extract from files and folders (``-`` for standard input)."""
    sources, problems = read_inputs([str(p) for p in paths], encoding=kwargs.pop("encoding", None))
    docs = extract_sources(sources, **kwargs)
    return Extraction(documents=docs, sites=merge_documents(docs), problems=problems)


def extract_texts(texts: Mapping[str, str] | Sequence[str], **kwargs: Any) -> Extraction:
    """Extract from in-memory texts: a mapping of id to text, or a list (ids 0, 1, …)."""
    items = (
        texts.items() if isinstance(texts, Mapping) else ((str(i), t) for i, t in enumerate(texts))
    )
    docs = extract_sources([Source(k, None, v) for k, v in items], **kwargs)
    return Extraction(documents=docs, sites=merge_documents(docs))
