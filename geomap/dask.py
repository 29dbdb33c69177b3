"""Extract with dask: a Bag of documents, on this machine or on a cluster.

Install the extra first: ``pip install 'geomap[dask]'`` (``dask[bag]`` and ``distributed``).
Results are the same, in the same order, as :func:`geomap.api.extract_sources` in one
process: the batch year that dates "May 22" is computed over the whole bag before any
document is extracted. Each worker process loads the place index once and keeps it
(:func:`geomap.gazetteer.index.load_index` caches it per process), so a worker pays the load only
on its first document.

Examples
--------
>>> import pytest; _ = pytest.importorskip("dask.bag")
>>> docs = extract_with_dask(["seeds/"], scheduler="sync")
>>> [d.id for d in docs][:2]
['000_9d5c6bd36721f7e0', '001_7555127c1e6556b3']
>>> extract_with_dask([], scheduler="sync")
[]
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from geomap.batch import Geocode, common_year, extract_source, year_counts
from geomap.errors import GeomapError
from geomap.models import Document
from geomap.sources.inputs import Source, read_inputs

if TYPE_CHECKING:
    import dask.bag

__all__ = ["extract_bag", "extract_with_dask", "sources_bag", "DaskUnavailable"]

PathLike = str | os.PathLike[str]


class DaskUnavailable(GeomapError, ImportError):
    """dask is not installed."""


def _bag_module() -> Any:
    try:
        import dask.bag as db
    except ImportError:
        raise DaskUnavailable(
            "dask is not installed; install it with: pip install 'geomap[dask]'"
        ) from None
    return db


def sources_bag(
    paths: Sequence[PathLike], *, npartitions: int | None = None, encoding: str | None = None
) -> dask.bag.Bag:
    """Read files and folders into a Bag of :class:`~geomap.sources.inputs.Source`, in input order.

    Files are read here, in the calling process (as ``geomap extract`` reads them), so
    unreadable inputs raise one :class:`~geomap.errors.InputError`-style message each
    through :func:`geomap.sources.inputs.read_inputs`; use :func:`extract_with_dask` to get them
    as a list instead.
    """
    db = _bag_module()
    sources, problems = read_inputs([str(p) for p in paths], encoding=encoding)
    if problems:
        raise GeomapError("; ".join(problems))
    return db.from_sequence(sources, npartitions=npartitions or _partitions(len(sources)))


def _partitions(n: int) -> int:
    # About 100 documents a task: the per-task overhead stays under 1 %.
    return max(1, min(n, (n + 99) // 100))


def _year_counts(sources: Iterable[Source]) -> Counter[int]:
    return year_counts(s.text for s in sources)


def _extract_one(
    src: Source,
    published: dt.date | None,
    year: int | None,
    gazetteer: str | None,
    geocode: Geocode | None = None,
    countries: tuple[str, ...] = (),
) -> dict[str, Any]:
    from geomap.gazetteer.index import load_index

    doc = extract_source(
        src,
        published=published,
        year=year,
        index=load_index(gazetteer),
        geocode=geocode,
        countries=countries,
    )
    return doc.model_dump()


def extract_bag(
    paths_or_bag: Sequence[PathLike] | dask.bag.Bag,
    *,
    gazetteer: PathLike | None = None,
    published: dt.date | None = None,
    npartitions: int | None = None,
    geocode: Geocode | None = None,
    countries: Sequence[str] = (),
) -> dask.bag.Bag:
    """A lazy Bag of Document dicts (``Document.model_dump()``), one per input, in order.

    Parameters
    ----------
    paths_or_bag : list of paths, or dask.bag.Bag of Source
        Files and folders (walked for ``*.txt`` and ``*.md``), or a Bag of
        :class:`~geomap.sources.inputs.Source` built by :func:`sources_bag` or your own loader.
    gazetteer : path, optional
        A user gazetteer folder, as ``--gazetteer``. Workers must be able to read it.
    published : date, optional
        Publication date of every document, as ``--published``.
    npartitions : int, optional
        Partitions when reading paths (default: about 100 documents each).
    geocode : callable, optional
        Looks up names the gazetteer lacks, as in :func:`geomap.api.extract_sources`; it
        is sent to every worker, so it must pickle (dask uses cloudpickle).
    countries : list of str, optional
        ISO codes of where the corpus is from, as ``--country``.

    Examples
    --------
    >>> import pytest; db = pytest.importorskip("dask.bag")
    >>> bag = extract_bag(["seeds/"])
    >>> first = bag.compute(scheduler="sync")[0]
    >>> first["id"], Document.model_validate(first).id == first["id"]
    ('000_9d5c6bd36721f7e0', True)
    """
    db = _bag_module()
    if isinstance(paths_or_bag, db.Bag):
        bag = paths_or_bag
    else:
        bag = sources_bag(list(paths_or_bag), npartitions=npartitions)  # type: ignore[arg-type]
    gaz = None if gazetteer is None else str(gazetteer)
    if published is not None:
        year: Any = published.year
    else:
        year = bag.reduction(_year_counts, common_year)  # one pass before extraction
    return bag.map(
        _extract_one,
        published=published,
        year=year,
        gazetteer=gaz,
        geocode=geocode,
        countries=tuple(countries),
    )


def extract_with_dask(
    paths: Sequence[PathLike],
    scheduler_address: str | None = None,
    *,
    gazetteer: PathLike | None = None,
    published: dt.date | None = None,
    n_workers: int | None = None,
    scheduler: str | None = None,
    npartitions: int | None = None,
    geocode: Geocode | None = None,
    countries: Sequence[str] = (),
) -> list[Document]:
    """Extract files and folders with dask; the same list as ``extract_sources``.

    Parameters
    ----------
    paths : list of paths
        Files and folders, read in this process.
    scheduler_address : str, optional
        A running ``distributed`` scheduler, e.g. ``"tcp://10.0.0.5:8786"``.
    gazetteer, published, geocode, countries
        As for :func:`extract_bag`.
    n_workers : int, optional
        Worker processes of the LocalCluster started when there is no address.
    scheduler : str, optional
        A local dask scheduler instead of a cluster: ``"processes"``, ``"threads"`` or
        ``"sync"``. Without an address or this, a ``distributed.LocalCluster`` runs (or
        the ``"processes"`` scheduler when ``distributed`` is not installed).

    Examples
    --------
    >>> import pytest; _ = pytest.importorskip("dask.bag")
    >>> docs = extract_with_dask(["seeds/000_9d5c6bd36721f7e0.txt"], scheduler="sync")
    >>> docs[0].mentions[0].text
    'London'
    """
    sources, problems = read_inputs([str(p) for p in paths])
    if problems:
        raise GeomapError("; ".join(problems))
    if not sources:
        return []
    db = _bag_module()
    src = db.from_sequence(sources, npartitions=npartitions or _partitions(len(sources)))
    bag = extract_bag(
        src, gazetteer=gazetteer, published=published, geocode=geocode, countries=countries
    )
    if scheduler_address is None and scheduler is None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            scheduler = "processes"
        else:
            with (
                LocalCluster(
                    n_workers=n_workers, processes=True, dashboard_address=None
                ) as cluster,
                Client(cluster) as client,
            ):
                return [Document.model_validate(d) for d in client.compute(bag).result()]
    if scheduler_address is not None:
        from distributed import Client

        with Client(scheduler_address) as client:
            return [Document.model_validate(d) for d in client.compute(bag).result()]
    return [Document.model_validate(d) for d in bag.compute(scheduler=scheduler)]
