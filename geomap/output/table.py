"""Events as a table: one row per event in ACLED's columns, safe to open in a spreadsheet.

Every cell that comes from an article, a file name or a gazetteer could start a formula
(``=HYPERLINK(…)``); such cells are prefixed with an apostrophe, as OWASP advises, so a
spreadsheet shows the text instead of running it.

Examples
--------
>>> safe_cell("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> safe_cell("-12.5"), safe_cell("-- a dash"), safe_cell("Leeds")
('-12.5', "'-- a dash", 'Leeds')
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator

from geomap.models import Event, Site

__all__ = ["COLUMNS", "GEO_PRECISION", "event_rows", "safe_cell", "to_csv"]

COLUMNS = (
    "event_id",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "injured",
    "personnel",
    "site_id",
    "role",
    "document",
)
# ACLED geo_precision: 1 the place itself, 2 near it / a district, 3 a wider region.
GEO_PRECISION = {"site": 1, "district": 2, "city": 1, "region": 3, "country": 3,
                 "continent": 3, "water": 3}  # fmt: skip
_FORMULA = re.compile(r"^[=+\-@\t\r]")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def safe_cell(value: object) -> str:
    """The cell as text, with an apostrophe before anything a spreadsheet would run."""
    text = "" if value is None else str(value)
    if _FORMULA.match(text) and not _NUMBER.match(text):
        return "'" + text
    return text


def event_rows(sites: Iterable[Site]) -> Iterator[dict[str, object]]:
    """One row per event of every site, most mentioned sites first; context is no event."""
    for s in sites:
        for e in s.events:
            if e.role != "context":
                yield _row(s, e)


def _row(s: Site, e: Event) -> dict[str, object]:
    quotes = [" ".join(q.quote.split()) for q in e.evidence][:3]
    docs = ";".join(e.documents)
    return {
        "event_id": e.id,
        "event_date": e.date.isoformat() if e.date else "",
        "year": e.date.year if e.date else "",
        "time_precision": e.time_precision or "",
        "event_type": e.event_type or "",
        "sub_event_type": e.sub_event_type or "",
        "actor": e.actor or "",
        "location": s.name,
        "latitude": f"{s.lat:.5f}",
        "longitude": f"{s.lon:.5f}",
        "geo_precision": GEO_PRECISION.get(s.kind, 3),
        "source": docs,
        "notes": " | ".join(quotes),
        "fatalities": "" if e.killed is None else e.killed,
        "injured": "" if e.injured is None else e.injured,
        "personnel": "" if e.personnel is None else e.personnel,
        "site_id": s.id,
        "role": e.role,
        "document": docs,
    }


def to_csv(sites: Iterable[Site]) -> str:
    """The events of ``sites`` as CSV text, every cell spreadsheet-safe."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for row in event_rows(sites):
        w.writerow([safe_cell(row[c]) for c in COLUMNS])
    return out.getvalue()
