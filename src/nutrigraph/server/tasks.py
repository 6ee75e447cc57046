"""What a worker process does: open the graph once, then answer questions by name.

Each function here runs in a worker of :mod:`.workers` and returns plain values
(bytes, strings, JSON documents) that cross the process boundary cheaply; what the
graph refuses comes back as :class:`Refused`, with the HTTP status it means.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import EntityNotFound, NutrigraphError, UnknownFood, UnknownQueryName
from . import page_tasks

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph
    from ..results import QueryResult

__all__ = ["Refused", "open_graph", "run"]


@dataclass(frozen=True)
class Refused:
    """A question the graph refused: the HTTP status and one line saying why."""

    status: int
    message: str


_graph: KnowledgeGraph | None = None


def open_graph(store: str | None) -> None:
    """The worker's initializer: the store read-only, or the embedded default graph."""
    global _graph
    import signal

    from ..loading import load

    # pebble ends a worker with SIGTERM, and waits 3 s before SIGKILL if the worker's
    # Python handler has not run; it cannot run while Oxigraph's Rust code holds the
    # thread, so the signal's default action (end at once) is what a time limit needs
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    _graph = load(store=store, read_only=store is not None)
    _warm(_graph)


def _warm(kg: KnowledgeGraph) -> None:
    """Read (or build) the name index and the projections before the first question.

    A worker's start has no time limit, a question has: on a full SR28 store, building
    the projection takes seconds, and a question that paid for it could be stopped
    before the disk cache (:mod:`nutrigraph.store.cache`) kept it, again and again.
    With the cache filled, a new worker reads both in well under a second.
    """
    from contextlib import suppress

    from ..analysis import to_networkx
    from ..errors import NutrigraphError

    with suppress(NutrigraphError):  # a store without that name: the index is built all the same
        kg.resolve("magnesium")
    to_networkx(kg, inverse=True)  # path, explain, metapaths
    to_networkx(kg)  # neighbors


def run(task: str, *args: Any, **kwargs: Any) -> Any:
    """Answer ``task`` (a function of this module) and turn refusals into values: 404
    for an entity, a query or a route that is not there, 400 for any other bad input."""
    from ..analysis import NoPath

    try:
        return _TASKS[task](_graph, *args, **kwargs)
    except (EntityNotFound, UnknownQueryName, UnknownFood, NoPath) as missing:
        return Refused(404, str(missing))
    except NutrigraphError as error:
        return Refused(400, str(error))


def sparql(kg: KnowledgeGraph, text: str, *, accept: str, default_graphs: list[str] | None,
           named_graphs: list[str] | None, max_rows: int) -> tuple[bytes, str, bool, int] | Refused:
    """A SPARQL query answered in the format the client accepts best.

    Returns the body, its media type, whether rows were left out, and how many
    rows (or triples) it holds.
    """
    return _written(kg.query(text, where="query", default_graphs=default_graphs,
                             named_graphs=named_graphs, max_rows=max_rows), accept)


def named_query(kg: KnowledgeGraph, name: str, bindings: dict[str, str], *, accept: str,
                max_rows: int) -> tuple[bytes, str, bool, int] | Refused:
    """A named query with its parameters (entity names), answered as :func:`sparql` is."""
    return _written(kg.named_query(name, max_rows=max_rows, **bindings), accept)


def _written(result: QueryResult, accept: str) -> tuple[bytes, str, bool, int] | Refused:
    from .negotiation import choose

    media_type = choose(accept, graph=result.type == "CONSTRUCT")
    if media_type is None:
        return Refused(406, f"a {result.type} answer cannot be written in any type the "
                            f"request accepts ({accept})")
    size = len(result) if result.type != "ASK" else 1
    return result.answer.write(media_type), media_type, result.truncated, size


_QUESTIONS = {"resolve": "resolution", "explain": "explanation", "path": "paths",
              "neighbors": "neighbors", "metapaths": "metapaths",
              "differential": "differential", "overlap": "overlap"}


def question(kg: KnowledgeGraph, which: str, **options: Any) -> dict[str, Any]:
    """One of :mod:`nutrigraph.questions`' documents: the CLI's ``--format json``."""
    from .. import questions

    return getattr(questions, _QUESTIONS[which])(kg, **options)


def figure(kg: KnowledgeGraph, kind: str, fmt: str, **options: Any) -> bytes:
    """One of ``nutrigraph plot``'s figures as SVG or PNG bytes."""
    import matplotlib.pyplot as plt

    from .. import questions
    from ..plot import to_bytes

    fig = questions.figure(kg, kind, **options)
    try:
        return to_bytes(fig, fmt, dpi=100 if fmt == "png" else 200)
    finally:
        plt.close(fig)


def graph_names(kg: KnowledgeGraph) -> list[str]:
    """The named graphs of the store, for the service description."""
    return sorted(kg.graph_sources())


_TASKS = {"sparql": sparql, "named_query": named_query, "question": question,
          "figure": figure, "graph_names": graph_names, **page_tasks.TASKS}
