"""What every store does the same way, in terms of what each kind does its own way.

A store is Oxigraph in memory or in a folder (:class:`~nutrigraph.store.Store`), or
a SPARQL 1.1 server somewhere else (:class:`~nutrigraph.store.RemoteStore`). Both
hold named graphs of quads, answer SPARQL, and replace graphs all or nothing; the
rest (files, the bundled knowledge's state) is written once, here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ..errors import DataFileError, StoreError
from .files import parse_file
from .staging import Writer, state_quad
from .terms import Quad, Term

if TYPE_CHECKING:
    import rdflib

    from .sparql import Answer

__all__ = ["GraphStore", "is_url"]


def is_url(location: object) -> bool:
    """Whether a store's location (``--store``) names a server (``http://``,
    ``https://``), not a folder."""
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


class GraphStore:
    """Named graphs of quads, with the SPARQL door every query goes through.

    Subclasses give the reading (:meth:`graphs`, :meth:`quads`, :meth:`query`...)
    and the writing (:meth:`add`, :meth:`replace_graphs`, :meth:`load_graph`,
    :meth:`remove_graph`); what is built on those is here.
    """

    read_only: bool = False
    path: Path | None = None

    # -- what each kind of store does its own way ---------------------------------------

    def graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        raise NotImplementedError

    def has_graph(self, graph: str) -> bool:
        """Whether a named graph of that IRI holds anything."""
        raise NotImplementedError

    def quads(self, subject: str | Term | None = None, predicate: str | Term | None = None,
              obj: str | Term | None = None, graph: str | Term | None = None) -> Iterator[Quad]:
        """The quads that match a pattern; IRIs may be given as strings, ``None`` is any."""
        raise NotImplementedError

    def query(self, text: str, **options: Any) -> Answer:
        """Run SPARQL (see :func:`~nutrigraph.store.sparql.run_query`)."""
        raise NotImplementedError

    def export(self, output: BinaryIO, fmt: str, *, graphs: Sequence[str] | None = None) -> int:
        """Write named graphs to a binary file in an export format; return the quads."""
        raise NotImplementedError

    def rdflib_dataset(self) -> rdflib.Dataset:
        """An rdflib :class:`~rdflib.Dataset` over this very store."""
        raise NotImplementedError

    def add(self, quads: Iterable[Quad]) -> None:
        """Add quads, all or nothing."""
        raise NotImplementedError

    def replace_graphs(self, graphs: Sequence[str], write: Callable[[Writer], None]) -> None:
        """Replace named graphs with what ``write`` writes, all or nothing."""
        raise NotImplementedError

    def load_graph(self, graph: str, chunks: Iterable[str], *, where: str) -> None:
        """Replace a graph with N-Triples text given in chunks of whole lines."""
        raise NotImplementedError

    def remove_graph(self, graph: str) -> None:
        """Empty and drop a named graph."""
        raise NotImplementedError

    def close(self) -> None:
        """Let go of what the store holds open."""

    # -- the same for every store ---------------------------------------------------------

    @property
    def state(self) -> str | None:
        """What identifies the contents, if they never change while it is the same (a
        store folder's generation); None if nothing does."""
        return None

    @property
    def location(self) -> str:
        """Where the store is, for messages: its folder or URL, or ``memory``."""
        return "memory" if self.path is None else str(self.path)

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def values(self, subject: str | Term, predicate: str | Term) -> list[str]:
        """The distinct values (IRIs, lexical forms) of one property of one node, sorted."""
        return sorted({q.object.value for q in self.quads(subject, predicate)})

    def graph_size(self, graph: str) -> int:
        """Quads in one named graph."""
        return sum(1 for _ in self.quads(graph=graph))

    def add_files(self, paths: Iterable[str | PathLike[str]]) -> None:
        """Add RDF files; all are parsed first, so a bad file adds nothing.

        Triples of a file go into a named graph called by the file's ``file:``
        IRI; quads keep their own graphs.

        Raises
        ------
        DataFileError
            See :func:`~nutrigraph.store.files.parse_file`.
        """
        self._check_writable()
        quads: list[Quad] = []
        for path in paths:
            quads.extend(parse_file(path))
        self.add(quads)

    def put_files(self, paths: Iterable[str | PathLike[str]]) -> dict[str, int]:
        """Make the graphs of some RDF files hold what the files hold, all or nothing:
        the graphs a file fills are replaced (adding a file again updates it). Returns
        each graph with the number of quads it now holds.

        Raises
        ------
        DataFileError
            See :func:`~nutrigraph.store.files.parse_file`; nothing is written.
        """
        self._check_writable()
        quads: list[Quad] = []
        for path in paths:
            quads.extend(parse_file(path))
        sizes: dict[str, int] = {}
        for q in quads:
            sizes[q.graph_name.value] = sizes.get(q.graph_name.value, 0) + 1
        self.replace_graphs(sorted(sizes), lambda writer: writer.add(quads))
        return {graph: self.graph_size(graph) for graph in sorted(sizes)}

    def drop_graphs(self, graphs: Sequence[str]) -> None:
        """Remove named graphs, all or nothing."""
        self.replace_graphs(graphs, lambda writer: None)

    def refresh(self, files: Mapping[Path, str | None], *, state_graph: str) -> bool:
        """Make the graphs of some files hold what the files hold now, if they changed.

        ``files`` maps each file to the graph its triples go into (``None``: the
        file names its graphs). A hash of the files, kept in ``state_graph``,
        says whether they changed since the last refresh; if not, nothing is
        read or written and this returns False. Opening a store is then a
        read, not a rewrite.
        """
        state = state_quad(files, state_graph)
        if state in self:
            return False
        quads = [q for path, graph in files.items() for q in parse_file(path, graph=graph)]
        graphs = sorted({q.graph_name.value for q in quads} | {state_graph})
        self.replace_graphs(graphs, lambda writer: writer.add([*quads, state]))
        return True

    def holds(self, files: Mapping[Path, str | None], *, state_graph: str) -> bool:
        """Whether the store holds what the files hold now (see :meth:`refresh`)."""
        return state_quad(files, state_graph) in self

    def flush(self) -> None:
        """Kept for callers of 0.1: every change is written when it returns."""

    def _check_writable(self) -> None:
        if self.read_only:
            raise DataFileError("the store is open read-only", self.location)

    def _check_graphs(self, graphs: Iterable[str]) -> None:
        """Raise :class:`StoreError` for the first graph given that the store does not hold."""
        missing = next((g for g in graphs if not self.has_graph(g)), None)
        if missing is not None:
            raise StoreError(f"no graph {missing} in the store (`nutrigraph graphs` lists them)")
