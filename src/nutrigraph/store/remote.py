"""A store that is a SPARQL 1.1 server somewhere else: Virtuoso, GraphDB, Fuseki, QLever,
Oxigraph server, Neptune... spoken to in standard SPARQL 1.1 Query, Update and the Graph
Store HTTP Protocol only.

How it keeps the meaning of a local store:

* **The default graph is the union of the named graphs**, as in a local store: a query
  that names no dataset is sent with every named graph as a ``default-graph-uri`` (and
  a ``named-graph-uri``), a dataset any SPARQL 1.1 server takes, whatever its own
  default graph is. The list of graphs is read once and kept until this store writes.
* **Bound terms** go into the query as ``VALUES`` (:mod:`.inline`).
* **Writing is all or nothing**: new content goes into staging graphs first, in
  bounded chunks (Graph Store Protocol POSTs, or ``INSERT DATA`` where no graph store
  endpoint is given), each sent again if the failure may pass; then one update
  moves them over the targets (``MOVE``). A failure before that update drops the
  staging graphs and leaves the targets as they were; the update is one request,
  which the server runs as one transaction if it follows SPARQL 1.1 Update's advice.

Round trips are what a remote store costs (about a millisecond each on one machine,
tens across a network), so the rooms above read what they need in few queries and
keep it (:meth:`nutrigraph.KnowledgeGraph.derived`).
"""

from __future__ import annotations

import contextlib
import itertools
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

import pyoxigraph as ox

from ..errors import StoreError
from ..prefixes import NG_GRAPH, PREFIXES
from ..queries import internal_query
from .base import GraphStore
from .files import serialize, write_quads
from .inline import inline
from .sparql import Answer, run_query
from .staging import Writer
from .terms import Quad, Term, pattern_term

if TYPE_CHECKING:
    import rdflib

__all__ = ["STAGING", "RemoteStore"]

STAGING = NG_GRAPH + "staging/"
"""Where the staging graphs of a write are named (each write its own)."""

CHUNK_BYTES = 4_000_000
"""N-Triples sent in one request when a graph is written: about 30,000 triples."""


class RemoteStore(GraphStore):
    """The named graphs of a SPARQL 1.1 server, read and written by standard requests.

    ``url`` is the query endpoint; ``update_endpoint`` and ``graph_store`` (Graph Store
    HTTP Protocol) are needed only to write. Credentials come from the environment or
    ``~/.netrc`` (:mod:`.endpoint`). ``timeout`` bounds each request, in seconds.

    Examples
    --------
    >>> store = RemoteStore("http://127.0.0.1:7878/query")
    >>> store.location, store.read_only
    ('http://127.0.0.1:7878/query', True)
    """

    def __init__(self, url: str, *, update_endpoint: str | None = None,
                 graph_store: str | None = None, read_only: bool = False,
                 timeout: float = 60.0, waits: Sequence[float] | None = None):
        from .endpoint import Endpoints, SparqlClient  # httpx: only for a remote store

        self.url = url
        self.read_only = read_only or update_endpoint is None
        endpoints = Endpoints(url, update_endpoint, graph_store)
        self._client = SparqlClient(endpoints, timeout=timeout, waits=waits)
        self._graphs: list[str] | None = None

    @property
    def location(self) -> str:
        return self.url

    def close(self) -> None:
        self._client.close()

    def __repr__(self) -> str:
        return f"<RemoteStore {self.url}>"

    # -- reading ------------------------------------------------------------------------

    def graphs(self) -> list[str]:
        if self._graphs is None:
            # an empty GRAPH pattern lists the graphs without reading them (Oxigraph); an
            # engine that answers it with nothing (Virtuoso) is asked the long way
            found = self._named(self._select("store-graphs")) or self._named(
                self._select("store-graphs-by-quads"))
            self._graphs = sorted(g for g in found if not g.startswith(STAGING))
        return list(self._graphs)

    @staticmethod
    def _named(rows: list) -> list[str]:
        return [g.value for (g,) in rows if isinstance(g, ox.NamedNode)]

    def __len__(self) -> int:
        return int(self._select("store-size")[0][0].value)

    def __contains__(self, item: Quad) -> bool:
        if isinstance(item.graph_name, ox.DefaultGraph):
            return self._ask("store-holds-triple", s=item.subject, p=item.predicate,
                             o=item.object)
        return self._ask("store-holds-quad", s=item.subject, p=item.predicate, o=item.object,
                         g=item.graph_name)

    def __iter__(self) -> Iterator[Quad]:
        return self.quads()

    def has_graph(self, graph: str) -> bool:
        return self._ask("store-holds-quad", g=ox.NamedNode(graph))

    def graph_size(self, graph: str) -> int:
        return int(self._select("store-size", g=ox.NamedNode(graph))[0][0].value)

    def quads(self, subject: str | Term | None = None, predicate: str | Term | None = None,
              obj: str | Term | None = None, graph: str | Term | None = None) -> Iterator[Quad]:
        """The quads that match a pattern: one query."""
        given = {name: pattern_term(value) for name, value in
                 (("s", subject), ("p", predicate), ("o", obj), ("g", graph))
                 if value is not None}
        rows = self._select("store-quads", **given)
        return iter([ox.Quad(s, p, o, g) for s, p, o, g in rows])

    def query(self, text: str, *, where: str = "<inline query>", allow_service: bool = False,
              max_length: int | None = None, max_depth: int | None = None,
              max_operators: int | None = None, default_graphs: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None, max_rows: int | None = None,
              **bindings: Any) -> Answer:
        """As :meth:`nutrigraph.store.Store.query`: the same guards and answers, the query
        sent to the server."""
        return run_query(_Engine(self), text, prefixes=PREFIXES, bindings=bindings,
                         where=where, allow_service=allow_service, max_length=max_length,
                         max_depth=max_depth, max_operators=max_operators,
                         default_graphs=default_graphs, named_graphs=named_graphs,
                         max_rows=max_rows)

    def export(self, output: BinaryIO, fmt: str, *, graphs: Sequence[str] | None = None) -> int:
        """As :meth:`nutrigraph.store.Store.export`; each graph is streamed from the
        Graph Store Protocol if there is one, else read by one ``CONSTRUCT``."""
        self._check_graphs(graphs or ())
        names = list(graphs) if graphs else self.graphs()
        return write_quads(itertools.chain.from_iterable(map(self._graph_quads, names)), fmt,
                           output, prefixes=PREFIXES)

    def rdflib_dataset(self) -> rdflib.Dataset:
        """An rdflib :class:`~rdflib.Dataset` over the server (rdflib's SPARQLUpdateStore):
        every read and write is a request."""
        from rdflib import Dataset
        from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

        from .endpoint import authorization

        header = authorization(self.url)
        store = SPARQLUpdateStore(self.url, self._client.endpoints.update, method="POST_FORM",
                                  **({"headers": {"Authorization": header}} if header else {}))
        dataset = Dataset(store=store, default_union=True)
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace, override=True)
        return dataset

    # -- writing ------------------------------------------------------------------------

    def add(self, quads: Iterable[Quad]) -> None:
        """Add quads: staged, then added to their graphs by one update."""
        self._check_writable()
        staged = _by_graph(quads)
        self._apply(staged, "store-add-graph")

    def replace_graphs(self, graphs: Sequence[str], write: Callable[[Writer], None]) -> None:
        """As :meth:`nutrigraph.store.Store.replace_graphs`: ``write`` fills a store in
        memory, which is staged on the server, then moved over the graphs in one update."""
        self._check_writable()
        from .oxigraph import Store

        memory = Store()
        write(Writer(memory, graphs))  # a failure here sends nothing
        staged = {graph: list(memory.quads(graph=graph)) for graph in graphs}
        self._apply(staged, "store-move-graph")

    def load_graph(self, graph: str, chunks: Iterable[str], *, where: str) -> None:
        """Replace a graph with N-Triples text (without blank nodes: each request has its
        own), streamed to a staging graph in chunks of :data:`CHUNK_BYTES`, then moved."""
        self._check_writable()
        stage = self._stage_name()
        try:
            self._upload(stage, _rebatch(chunks))
            self._client.update(_update("store-move-graph", STAGE=stage, GRAPH=graph))
        except BaseException:
            self._drop_quietly([stage])
            raise
        finally:
            self._graphs = None

    def remove_graph(self, graph: str) -> None:
        self._check_writable()
        self._client.update(_update("store-drop-graph", GRAPH=graph))
        self._graphs = None

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.url} is read here only: writing needs "
                             "--update-endpoint URL (and --graph-store URL for the Graph "
                             "Store Protocol)")

    # -- how graphs are written -----------------------------------------------------------

    def _apply(self, staged: dict[str, list[Quad]], step: str) -> None:
        """Stage each graph's new quads, then one update of a ``step`` per graph (the
        ``store-move-graph`` or ``store-add-graph`` update; a target with nothing staged
        is dropped); on any failure before that update, the staging graphs go."""
        stages = {graph: self._stage_name() for graph, quads in staged.items() if quads}
        steps = []
        for graph in staged:
            steps.append(_update(step, STAGE=stages[graph], GRAPH=graph)
                         if graph in stages else _update("store-drop-graph", GRAPH=graph))
        if not steps:
            return
        try:
            for graph, stage in stages.items():
                self._upload(stage, _ntriples(staged[graph]))
            self._client.update(" ;\n".join(steps))
        except BaseException:
            self._drop_quietly(list(stages.values()))
            raise
        finally:
            self._graphs = None

    def _upload(self, stage: str, chunks: Iterable[str]) -> None:
        for chunk in chunks:
            if not chunk.strip():
                continue
            if self._client.endpoints.graph_store is not None:
                self._client.post_graph(stage, chunk.encode())
            else:
                self._client.update(_update("store-insert-data", GRAPH=stage, TRIPLES=chunk))

    def _drop_quietly(self, stages: Sequence[str]) -> None:
        if stages:
            with contextlib.suppress(StoreError):  # the failure that brought us here is
                # the one to report
                self._client.update(" ;\n".join(_update("store-drop-graph", GRAPH=s)
                                                 for s in stages))

    @staticmethod
    def _stage_name() -> str:
        return f"{STAGING}{uuid.uuid4().hex}"

    def _graph_quads(self, graph: str) -> Iterator[Quad]:
        name = ox.NamedNode(graph)
        if self._client.endpoints.graph_store is not None:
            with self._client.read_graph(graph) as triples:
                for q in triples:
                    yield ox.Quad(q.subject, q.predicate, q.object, name)
            return
        answer = self.query(internal_query("store-graph").text, where="a graph", g=name)
        for t in answer.triples:
            yield ox.Quad(t.subject, t.predicate, t.object, name)

    # -- small queries of the store's own ---------------------------------------------

    def _select(self, name: str, **bindings: Term) -> list:
        """The rows of one of this room's own queries, over the server's own dataset."""
        return [tuple(row) for row in self._run(name, bindings)]

    def _ask(self, name: str, **bindings: Term) -> bool:
        return bool(self._run(name, bindings))

    def _run(self, name: str, bindings: dict[str, Term]) -> Any:
        text = inline(internal_query(name).text, {},
                      {ox.Variable(k): v for k, v in bindings.items()})
        return self._client.query(text, where=f"the {name} query")


class _Engine:
    """What :func:`~nutrigraph.store.sparql.run_query` asks of Oxigraph, done by the
    server: the same arguments, the same kinds of answer."""

    def __init__(self, store: RemoteStore):
        self._store = store

    def query(self, text: str, *, prefixes: dict[str, str], substitutions: dict,
              default_graph: list[ox.NamedNode] | None = None,
              named_graphs: list[ox.NamedNode] | None = None,
              use_default_graph_as_union: bool = False) -> Any:
        dataset: dict[str, list[str]] = {}
        if use_default_graph_as_union:  # the union: every named graph, named
            graphs = self._store.graphs()
            if graphs:
                dataset = {"default-graph-uri": graphs, "named-graph-uri": graphs}
        if default_graph is not None:
            dataset["default-graph-uri"] = [g.value for g in default_graph]
        if named_graphs is not None:
            dataset["named-graph-uri"] = [g.value for g in named_graphs]
        sent = inline(text, prefixes, substitutions)
        return self._store._client.query(sent, dataset=dataset)


def _update(name: str, **values: str) -> str:
    """One of the store's updates, its graphs written as IRIs by Oxigraph (which refuses
    what is not one) and its triples as given (N-Triples, written by Oxigraph)."""
    text = internal_query(name).body
    for key, value in values.items():
        text = text.replace(f"${key}", value if key == "TRIPLES" else str(ox.NamedNode(value)))
    return text


def _by_graph(quads: Iterable[Quad]) -> dict[str, list[Quad]]:
    staged: dict[str, list[Quad]] = {}
    for q in quads:
        if not isinstance(q.graph_name, ox.NamedNode):
            raise StoreError("a quad in the default graph: a remote store takes named "
                             "graphs only")
        staged.setdefault(q.graph_name.value, []).append(q)
    return staged


def _ntriples(quads: list[Quad]) -> Iterator[str]:
    """A graph's triples as N-Triples in chunks of about :data:`CHUNK_BYTES`, the triples
    with blank nodes all in the last one (each request names its own blank nodes)."""
    plain, blank = [], []
    for q in quads:
        (blank if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
         else plain).append(ox.Triple(q.subject, q.predicate, q.object))
    batch = max(1, CHUNK_BYTES // 150)  # N-Triples of SR28 and HPO: ~150 bytes a triple
    for start in range(0, len(plain), batch):
        yield serialize(plain[start:start + batch], "ntriples")
    if blank:
        yield serialize(blank, "ntriples")


def _rebatch(chunks: Iterable[str]) -> Iterator[str]:
    """Chunks of whole lines, joined or cut at line ends, of about :data:`CHUNK_BYTES`."""
    buffer = ""
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= CHUNK_BYTES:
            cut = (buffer.rfind("\n", 0, CHUNK_BYTES) + 1 or buffer.find("\n", CHUNK_BYTES) + 1
                   or len(buffer))
            yield buffer[:cut]
            buffer = buffer[cut:]
    if buffer:
        yield buffer
