"""The knowledge graph: a store of sourced named graphs, its named queries, and its names."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from os import PathLike
from typing import TYPE_CHECKING, Any, TypeVar

from .bundled import bundled_graphs
from .errors import EntityNotFound, QueryError
from .prefixes import NG_GRAPH, PREFIXES
from .queries import get_query
from .resolve import Entity, Resolver
from .results import QueryResult
from .store import GraphStore, Store, is_iri, is_literal, is_url
from .store.cache import MISSING, DiskCache

if TYPE_CHECKING:  # heavy, imported only where used
    import rdflib

__all__ = ["BUNDLED_STATE_GRAPH", "INFERRED_GRAPH", "KnowledgeGraph", "StaleStoreWarning",
           "open_graph"]

BUNDLED_STATE_GRAPH = NG_GRAPH + "bundled"
"""Where a store on disk keeps the hash of the bundled files it holds."""

INFERRED_GRAPH = NG_GRAPH + "inferred"
"""The named graph of entailed triples (:mod:`nutrigraph.inference`), and nothing a source
states."""

T = TypeVar("T")


class KnowledgeGraph:
    """A nutrient knowledge graph: named graphs of sourced statements in one store.

    It is three things: the :class:`~nutrigraph.store.Store` (:attr:`store`),
    SPARQL over it (:meth:`query`, :meth:`named_query`), and the names of its
    entities (:meth:`resolve`). Everything else (the NetworkX projection, paths,
    the differential, validation, inference, figures) is a function that takes
    a KnowledgeGraph, as networkx's algorithms take a graph.

    :attr:`dataset` is an rdflib :class:`~rdflib.Dataset` over the very same
    store, for everything rdflib users expect; nothing is copied between the two.

    Use :func:`nutrigraph.load` to get one with the bundled knowledge.
    """

    def __init__(self, store: GraphStore | None = None):
        self._store = store if store is not None else Store()
        self._dataset: rdflib.Dataset | None = None
        self._derived: dict[Hashable, Any] = {}

    # -- contents -----------------------------------------------------------------

    @property
    def store(self) -> GraphStore:
        """The store that holds the graphs: a :class:`nutrigraph.store.Store` (Oxigraph),
        or a :class:`nutrigraph.store.RemoteStore` (a SPARQL 1.1 server)."""
        return self._store

    @property
    def dataset(self) -> rdflib.Dataset:
        """An rdflib :class:`~rdflib.Dataset` over the same store (union default graph)."""
        if self._dataset is None:
            self._dataset = self._store.rdflib_dataset()
        return self._dataset

    def __len__(self) -> int:
        """Number of quads (a statement repeated in two graphs counts twice)."""
        return len(self._store)

    def graphs(self) -> list[str]:
        """IRIs of the named graphs, one per source or loaded file, sorted."""
        return self._store.graphs()

    def graph_sources(self) -> dict[str, list[tuple[str, str | None]]]:
        """Each named graph with the sources it says it is derived from: (IRI, label)."""
        derived, label = PREFIXES["prov"] + "wasDerivedFrom", PREFIXES["rdfs"] + "label"
        found = {}
        for graph in self.graphs():  # index lookups: a graph's own description is small
            iris = sorted({q.object.value for q in self._store.quads(graph, derived)
                           if is_iri(q.object)})
            found[graph] = [(iri, next((q.object.value for q in self._store.quads(iri, label)
                                        if is_literal(q.object)), None)) for iri in iris]
        return found

    def __repr__(self) -> str:
        return f"<KnowledgeGraph: {len(self)} quads in {len(self.graphs())} named graphs>"

    def _repr_html_(self) -> str:
        """The graph in Jupyter: its size, its named graphs with their sources, how to ask.

        Examples
        --------
        >>> from nutrigraph import load
        >>> html = load()._repr_html_()
        >>> "article on magnesium and vitamin B12</a>" in html
        True
        """
        from .render import html

        return html(self)

    def add_data(self, *paths: str | PathLike[str]) -> None:
        """Add RDF files (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD).

        All files are parsed before anything is added, so a bad file leaves the
        graph as it was. Triples of a file go into a named graph called by the
        file's ``file:`` IRI; quads keep their own graphs.

        Raises
        ------
        DataFileError
            If a file is missing, of unknown format or malformed (with line and
            column where the parser gives them).
        """
        self._store.add_files(paths)
        self.changed()

    def changed(self) -> None:
        """Forget what was derived from the contents (names, schema, evidence, projections).

        Called by every method that adds data; call it after writing to
        :attr:`store` or :attr:`dataset` directly.
        """
        self._derived.clear()

    def derived(self, key: Hashable, build: Callable[[KnowledgeGraph], T], *,
                keep: bool = False) -> T:
        """What ``build(self)`` returns, built once and kept until the graph :meth:`changed`.

        The rooms above the graph keep what they read from it here (its schema,
        its evidence levels, NetworkX projections), so that each is read once per
        state of the graph. With ``keep``, a value derived from a store folder is
        also kept on disk for the next process that opens the store in the same
        state (:mod:`nutrigraph.store.cache`); ``build`` must then return something
        picklable, and ``key`` must say everything the value depends on.
        """
        if key not in self._derived:
            cache = self._disk_cache() if keep else None
            value = MISSING if cache is None else cache.get(key)
            if value is MISSING:
                value = build(self)
                if cache is not None:
                    cache.put(key, value)
            self._derived[key] = value
        return self._derived[key]

    def _disk_cache(self) -> DiskCache | None:
        # only a graph that is its store folder as it is: memory and 0.1 folders have no
        # state to key on
        state = self._store.state
        return None if state is None else DiskCache(str(self._store.path), state)

    # -- questions ------------------------------------------------------------------

    def query(self, sparql: str, *, where: str = "<inline query>", allow_service: bool = False,
              max_length: int | None = None, max_depth: int | None = None,
              max_operators: int | None = None, default_graphs: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None, max_rows: int | None = None,
              **bindings: Any) -> QueryResult:
        """Run a SPARQL 1.1 query; keyword arguments bind variables to RDF terms.

        Values are bound as terms, never pasted into the query text: an
        :class:`~nutrigraph.resolve.Entity`, an rdflib or store term, or a
        Python ``str``/``int``/``float``/``bool`` (which becomes a literal).
        A bound variable must appear in the ``SELECT`` clause (Oxigraph
        substitutes it there as well, following SPARQL SEP-0007).
        The default graph is the union of all named graphs (unless the query
        names its own with ``FROM`` or ``FROM NAMED``), and the prefixes of
        :data:`nutrigraph.prefixes.PREFIXES` are predeclared. ``where`` names the
        query in error messages (a file name, say). ``default_graphs`` and
        ``named_graphs`` (graph IRIs) give the dataset instead, as the SPARQL 1.1
        Protocol's ``default-graph-uri`` and ``named-graph-uri`` do. ``max_rows`` reads
        at most that many rows; ``result.truncated`` tells whether there were more.

        Guards (:mod:`nutrigraph.store.guards`): a query with ``SERVICE`` is
        refused (:class:`~nutrigraph.errors.ServiceNotAllowed`) unless
        ``allow_service=True``; one over a bound on its length, nesting or chained
        operators (:class:`~nutrigraph.errors.QueryTooComplex`) unless
        ``max_length``, ``max_depth`` or ``max_operators`` lifts it.

        Examples
        --------
        >>> from nutrigraph import load
        >>> kg = load()
        >>> b12 = kg.resolve("B12")
        >>> rows = kg.query("SELECT DISTINCT ?form ?vitamin "
        ...                 "WHERE { ?vitamin ng:hasActiveForm ?form }", vitamin=b12)
        >>> sorted(str(row.form) for row in rows)  # doctest: +NORMALIZE_WHITESPACE
        ['https://w3id.org/nutrigraph/kb/adenosylcobalamin',
         'https://w3id.org/nutrigraph/kb/methylcobalamin']
        """
        return QueryResult(self._store.query(
            sparql, where=where, allow_service=allow_service, max_length=max_length,
            max_depth=max_depth, max_operators=max_operators, default_graphs=default_graphs,
            named_graphs=named_graphs, max_rows=max_rows, **bindings))

    def named_query(self, name: str, *, allow_service: bool = False,
                    max_rows: int | None = None, **bindings: Any) -> QueryResult:
        """Run one of the named competency queries (see :func:`nutrigraph.list_queries`).

        Parameters the caller leaves out take the query's defaults; a string
        value is taken as an entity name and resolved with :meth:`resolve`.
        ``allow_service`` and ``max_rows`` as for :meth:`query`.

        Examples
        --------
        >>> from nutrigraph import load
        >>> rows = load().named_query("foods", nutrient="magnesium")
        >>> "almonds" in rows.values("foodLabel")
        True
        """
        query = get_query(name)
        unknown = sorted(set(bindings) - set(query.parameters))
        if unknown:
            known = ", ".join(query.parameters) or "none"
            raise QueryError(f"named query {name!r} has no parameter {unknown[0]!r} "
                             f"(parameters: {known})")
        values: dict[str, Any] = {}
        for parameter in query.parameters.values():
            value = bindings.get(parameter.name, parameter.default)
            if value is not None:
                values[parameter.name] = self.resolve(value) if isinstance(value, str) else value
        return self.query(query.text, where=f"named query {name!r}",
                          allow_service=allow_service, max_rows=max_rows, **values)

    def resolve(self, name: str) -> Entity:
        """Find an entity by label, synonym, CURIE or IRI, ignoring case.

        Raises
        ------
        EntityNotFound
            With the nearest names as suggestions.
        AmbiguousName
            If the name is a synonym of several entities.

        Examples
        --------
        >>> from nutrigraph import load
        >>> load().resolve("pins and needles").curie
        'ngk:paresthesia'
        """
        # The name index is kept: counting a store of millions of quads to see whether it
        # changed costs seconds. A miss rebuilds it once, so names added through kg.store
        # or kg.dataset are found too.
        fresh = "names" not in self._derived
        resolver = self.derived("names", Resolver, keep=True)
        try:
            return resolver.resolve(name)
        except EntityNotFound:
            if fresh:
                raise
            self._derived["names"] = Resolver(self)
            return self._derived["names"].resolve(name)


def open_graph(data: Iterable[str | PathLike[str]] = (), *, bundled: bool = True,
               store: str | PathLike[str] | GraphStore | None = None,
               read_only: bool = False) -> KnowledgeGraph:
    """The graph of the bundled knowledge (unless ``bundled=False``) and the ``data`` files,
    in memory, in the store folder ``store``, on the SPARQL 1.1 server whose query
    endpoint is the URL ``store`` (read-only: a :class:`~nutrigraph.store.RemoteStore`
    with an update endpoint writes), or in an open store: :func:`load` without checks
    or inference.

    In a store folder opened for writing, the bundled graphs are replaced, all or
    nothing, when this version of nutrigraph ships different files, and the ``data``
    files are added for good. A store opened ``read_only`` is shared with other
    readers and written by nobody: it takes no files, and a store whose bundled
    graphs differ from this version's is read as it is, with a
    :class:`StaleStoreWarning`.
    """
    data = list(data)
    if read_only and data:
        raise QueryError("a store opened read-only takes no files; add them to the store "
                         "for good with `nutrigraph add --store DIR FILE...`")
    if is_url(store):
        from .store import RemoteStore

        store = RemoteStore(str(store), read_only=True)
    elif store is not None and not isinstance(store, GraphStore):
        store = Store(store, read_only=read_only)
    kg = KnowledgeGraph(store)
    if bundled:
        files = bundled_graphs()
        if not read_only and not kg.store.read_only:
            kg.store.refresh(files, state_graph=BUNDLED_STATE_GRAPH)
            kg.store.flush()
        elif not kg.store.holds(files, state_graph=BUNDLED_STATE_GRAPH):
            import warnings

            fix = ("`nutrigraph push --store URL --update-endpoint URL` writes it there"
                   if is_url(kg.store.location) else "any command that writes to it (such "
                   "as `nutrigraph add --store DIR`) brings it up to date")
            warnings.warn(StaleStoreWarning(
                f"the store at {kg.store.location} does not hold this version's bundled "
                f"knowledge; {fix}"), stacklevel=2)
    if data:
        kg.add_data(*data)
    return kg


class StaleStoreWarning(UserWarning):
    """A store read as it is, although its bundled graphs are not this version's."""
