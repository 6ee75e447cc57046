"""The front door: the bundled knowledge, your files, a store on disk, checks and inference."""

from __future__ import annotations

from collections.abc import Iterable
from os import PathLike
from typing import TYPE_CHECKING

from .errors import QueryError
from .graph import INFERRED_GRAPH, KnowledgeGraph, open_graph

if TYPE_CHECKING:
    from .store import GraphStore

__all__ = ["load"]


def load(data: str | PathLike[str] | Iterable[str | PathLike[str]] = (), *, bundled: bool = True,
         store: str | PathLike[str] | GraphStore | None = None, read_only: bool = False,
         validate: bool = False,
         infer: str | None = None) -> KnowledgeGraph:
    """Load the bundled knowledge graph, plus the user's own RDF files.

    Parameters
    ----------
    data : path or iterable of paths
        Extra RDF files to load alongside (see :meth:`KnowledgeGraph.add_data`):
        one path (a ``str`` or :class:`os.PathLike`), or several. With ``store``,
        they are added to the store for good.
    bundled : bool
        Load the schema and the curated knowledge that ship with nutrigraph.
    store : path, URL or store, optional
        A folder holding a persistent Oxigraph store (made if missing), such as
        one filled by ``nutrigraph import usda --store DIR``; or the URL of a
        SPARQL 1.1 query endpoint, read as it is (to write there, give a
        :class:`~nutrigraph.store.RemoteStore` with its update endpoint); or an
        open store. Without it the graph lives in memory. The bundled knowledge
        in a store is refreshed when this version of nutrigraph ships different
        files. One process at a
        time opens a store for writing (:class:`~nutrigraph.errors.StoreBusy`).
    read_only : bool
        Open ``store`` for reading only: it must exist
        (:class:`~nutrigraph.errors.StoreNotFound`), any number of processes
        read it at once, also while another imports into it, and each sees it as
        it was when opened. It takes no ``data`` and no ``infer``.
    validate : bool
        Check the ``data`` files against nutrigraph's SHACL shapes first (with the
        bundled graph as their context; see :func:`nutrigraph.validate.validate`)
        and raise :class:`~nutrigraph.errors.DataValidationError`, loading
        nothing, if they break one.
    infer : {None, "rdfs", "owl-rl"}
        Add what the schema entails, in a graph of its own (see
        :func:`nutrigraph.inference.infer`). Off by default, also for a store
        that an earlier load inferred into.

    Raises
    ------
    TypeError
        If ``data`` is neither a path nor an iterable of paths.

    Examples
    --------
    >>> kg = load()
    >>> "https://w3id.org/nutrigraph/graph/article-magnesium-b12" in kg.graphs()
    True
    """
    data = _paths(data)
    if infer is not None:
        from .inference import check_profile  # owlrl's room: only when asked

        check_profile(infer)  # before anything is loaded, or written to a store
    if validate and data:
        from .validate import validate as check  # pySHACL's room: only when asked

        check(data).raise_for_violations()
    if read_only and infer is not None:
        raise QueryError("inference writes its triples into the graph: it needs a store "
                         "opened for writing, or none")
    kg = open_graph(data, bundled=bundled, store=store, read_only=read_only)
    if infer is not None:
        from .inference import infer as entail

        entail(kg, infer)
    elif not kg.store.read_only and kg.store.has_graph(INFERRED_GRAPH):
        # left in a persistent store by an earlier load(infer=...): inference is per load
        kg.store.remove_graph(INFERRED_GRAPH)
    kg.changed()
    return kg


def _paths(data: object) -> list[str | PathLike[str]]:
    """``data`` of :func:`load` as a list of paths.

    One string is one path, not a sequence of one-letter paths.

    Examples
    --------
    >>> _paths("mine.ttl"), _paths(["a.ttl", "b.ttl"])
    (['mine.ttl'], ['a.ttl', 'b.ttl'])
    >>> _paths(5)
    Traceback (most recent call last):
    ...
    TypeError: data must be a path (str or os.PathLike) or an iterable of paths, not int
    """
    if isinstance(data, str | PathLike):
        return [data]
    if isinstance(data, bytes | bytearray) or not isinstance(data, Iterable):
        raise TypeError("data must be a path (str or os.PathLike) or an iterable of paths, "
                        f"not {type(data).__name__}")
    return list(data)
