"""Many documents at once: the batch year, one source's extraction, the process pool.

The API, the CLI's JSON Lines stream, dask and ``geomap evaluate`` all go through this
module, so a batch is dated and extracted the same way whichever way it is run.

Examples
--------
>>> batch_year([dt.date(2017, 5, 24), None, dt.date(2017, 1, 2), dt.date(2016, 3, 1)])
2017
>>> batch_year([None]) is None
True
>>> texts_year(["LONDON, 24 May 2017 -"], published=dt.date(2020, 1, 1))  # a given date wins
2020
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from geomap.models import Document, Place
from geomap.sources.inputs import Source

if TYPE_CHECKING:
    from geomap.gazetteer.index import Index

__all__ = [
    "Geocode",
    "Job",
    "batch_year",
    "common_year",
    "extract_source",
    "files_year",
    "iter_documents",
    "iter_json_lines",
    "source_date",
    "texts_year",
    "year_counts",
]

Geocode = Callable[[str], Place | None]
PathLike = str | os.PathLike[str]
HEAD_BYTES = 2048  # datelines sit in an article's first lines


def year_counts(texts: Iterable[str]) -> Counter[int]:
    """How many of ``texts`` carry a publication date in each year (a dask reduction step)."""
    from geomap.sources.dates import publication_date

    return Counter(d.year for d in (publication_date(t) for t in texts) if d)


def common_year(counts: Iterable[Counter[int]]) -> int | None:
    """The commonest year over several :func:`year_counts`, merged in order."""
    total: Counter[int] = Counter()
    for c in counts:
        total.update(c)
    return total.most_common(1)[0][0] if total else None


def batch_year(dates: Iterable[dt.date | None]) -> int | None:
    """The commonest year of the dated documents: it dates "May 22" in undated ones."""
    return common_year([Counter(d.year for d in dates if d)])


def texts_year(texts: Iterable[str], *, published: dt.date | None = None) -> int | None:
    """The batch year of ``texts``: the year of ``published`` when it is given."""
    return published.year if published else common_year([year_counts(texts)])


def files_year(paths: Iterable[Path], *, published: dt.date | None = None) -> int | None:
    """The batch year of files read lazily: only each file's first lines are looked at."""
    return texts_year((_head(p) for p in paths), published=published)


def _head(path: Path, size: int = HEAD_BYTES) -> str:
    try:
        with path.open("rb") as fh:
            return fh.read(size).decode("utf-8", errors="replace")
    except OSError:
        return ""


def source_date(src: Source, published: dt.date | None = None) -> dt.date | None:
    """A document's date: given, else its front matter, else a sidecar JSON file."""
    from geomap.sources.dates import front_matter_date, sidecar_date

    if published:
        return published
    fm = front_matter_date(src.text)
    if fm:
        return fm
    return sidecar_date(Path(src.path)) if src.path else None


def extract_source(
    src: Source,
    *,
    published: dt.date | None = None,
    year: int | None = None,
    index: Index | None = None,
    geocode: Geocode | None = None,
    countries: Sequence[str] = (),
) -> Document:
    """Extract one source of a batch: :func:`geomap.pipeline.extract_document` on its text.

    Parameters
    ----------
    src : Source
        The document's id, path (or None) and text.
    published : date, optional
        The date of every document of the batch; else the source's front matter or
        sidecar file (:func:`source_date`), else a dateline in its text.
    year : int, optional
        The batch year (:func:`texts_year`) that dates "May 22" in an undated document.
    index, geocode, countries
        As for :func:`~geomap.pipeline.extract_document`.

    Examples
    --------
    >>> src = Source("d1", None, "Troops guard Buckingham Palace on May 22.")
    >>> doc = extract_source(src, year=2017)
    >>> [(m.text, m.role, str(m.date)) for m in doc.mentions]
    [('Buckingham Palace', 'guard', '2017-05-22')]
    >>> extract_source(Source("empty", None, "")).mentions  # no text, no mentions
    []
    """
    from geomap.pipeline import extract_document

    return extract_document(
        src.text,
        src.id,
        path=src.path,
        published=source_date(src, published),
        year=year,
        index=index,
        geocode=geocode,
        countries=countries,
    )


class Job(NamedTuple):
    """One document's work, as sent to a worker process."""

    source: Source
    published: dt.date | None
    year: int | None
    gazetteer: str | None
    countries: tuple[str, ...] = ()


def _work(job: Job) -> Document:
    from geomap.gazetteer.index import load_index

    return extract_source(
        job.source,
        published=job.published,
        year=job.year,
        index=load_index(job.gazetteer),
        countries=job.countries,
    )


def _work_json(job: Job) -> str:
    # Text crosses the process boundary far faster than pickled models.
    return _work(job).model_dump_json()


def iter_documents(
    sources: Iterable[Source],
    *,
    published: dt.date | None = None,
    year: int | None = None,
    gazetteer: PathLike | None = None,
    geocode: Geocode | None = None,
    jobs: int = 1,
    countries: Sequence[str] = (),
) -> Iterator[Document]:
    """Extract sources as they come, in input order, holding only a few in memory.

    With ``jobs`` > 1 the work goes to a process pool; each worker loads the index once.
    ``countries`` (ISO codes) are where the corpus is from: "London" in a Canadian local
    paper is London, Ontario.
    """
    yield from _iter(  # type: ignore[misc]  # Document | str, by as_json
        sources,
        published=published,
        year=year,
        gazetteer=gazetteer,
        geocode=geocode,
        jobs=jobs,
        as_json=False,
        countries=tuple(countries),
    )


def iter_json_lines(
    sources: Iterable[Source],
    *,
    published: dt.date | None = None,
    year: int | None = None,
    gazetteer: PathLike | None = None,
    geocode: Geocode | None = None,
    jobs: int = 1,
    countries: Sequence[str] = (),
) -> Iterator[str]:
    """As :func:`iter_documents`, each document as one line of JSON (JSON Lines)."""
    yield from _iter(  # type: ignore[misc]  # Document | str, by as_json
        sources,
        published=published,
        year=year,
        gazetteer=gazetteer,
        geocode=geocode,
        jobs=jobs,
        as_json=True,
        countries=tuple(countries),
    )


def _iter(
    sources: Iterable[Source],
    *,
    published: dt.date | None,
    year: int | None,
    gazetteer: PathLike | None,
    geocode: Geocode | None,
    jobs: int,
    as_json: bool,
    countries: tuple[str, ...] = (),
) -> Iterator[Document | str]:
    from geomap.gazetteer.index import load_index

    gaz = None if gazetteer is None else str(gazetteer)
    # A geocoder holds a connection and a rate limit: it stays in this process.
    if jobs > 1 and geocode is None:
        load_index(gazetteer)  # built and cached once, before the workers read it
        args = (Job(s, published, year, gaz, countries) for s in sources)
        work: Callable[[Job], Document | str] = _work_json if as_json else _work
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from pool.map(work, args, chunksize=16)
        return
    idx = load_index(gazetteer)
    for s in sources:
        doc = extract_source(
            s, published=published, year=year, index=idx, geocode=geocode, countries=countries
        )
        yield doc.model_dump_json() if as_json else doc
