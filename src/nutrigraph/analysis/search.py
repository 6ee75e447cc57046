"""How :mod:`nutrigraph.analysis.paths` searches: constraints as graph views, Yen's algorithm
on a simple graph per component, and the nearest partial paths when there is no path."""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import SameEntity
from ..knowledge.evidence import EvidenceScale
from ..prefixes import compact
from .projection import scale_of
from .routes import NoPath, Path, Step

if TYPE_CHECKING:
    import networkx as nx

SCAN = 500  # at most this many paths are drawn from Yen's generator per search
MISSES = 50  # and it stops after this many in a row that are too long


def candidates(G: nx.MultiDiGraph, source: str, target: str, wanted: int,
               max_length: int | None, weight: Any, bound: float | None,
               constraints: dict[str, Any]) -> list[Path]:
    """Up to ``wanted`` paths from each of two searches, unranked; NoPath if none.

    ``bound`` is the heaviest a path of ``max_length`` steps can weigh by ``weight``
    (None if it cannot be said).
    """
    options = view_options(constraints)
    found: dict[tuple, Path] = {}
    # Two searches: by the weight, so that well-supported longer routes are found, and by
    # steps, so that short routes through article claims or disputed steps are found too
    # (they are ranked after, but a user asking "how" should see them).
    for by in (weight, None) if weight is not None else (None,):
        limit = None if max_length is None else max_length if by is None else bound
        taken = misses = 0
        for scanned, path in enumerate(simple_paths(G, source, target, by, **options)):
            # Yen yields paths lightest first: past the heaviest a path of max_length steps
            # can weigh, no later path is short enough. Each path costs a few shortest-path
            # searches, so a weighted search that keeps finding long paths is cut short.
            if (scanned >= SCAN or misses >= MISSES
                    or (limit is not None and weight_of(path, by) > limit)):
                break
            if max_length is None or path.length <= max_length:
                found.setdefault(tuple((s.source, s.target, s.key) for s in path.steps), path)
                taken, misses = taken + 1, 0
                if taken >= wanted:
                    break
            else:
                misses += 1
    if not found:
        view = constrained(G, source, target, **options)
        raise no_path(G, view, source, target, max_length,
                      constrained=any(v is not None for v in options.values()))
    return list(found.values())


def view_options(constraints: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(constraints) - {"through", "avoid", "predicates", "avoid_predicates"}
    if unknown:
        raise TypeError(f"unknown constraint {sorted(unknown)[0]!r}")
    return {name: _curies(constraints.get(name)) if name in ("through", "avoid")
            else (None if constraints.get(name) is None else set(constraints[name]))
            for name in ("through", "avoid", "predicates", "avoid_predicates")}


def _curies(categories: Iterable[str] | None) -> set[str] | None:
    return None if categories is None else {compact(c) for c in categories}


def path_of(G: Any, edges: Iterable[tuple[str, str, str]]) -> Path:
    """The Path of some edges of ``G``, with the labels of its own nodes only."""
    scale = scale_of(G)
    steps = tuple(Step(u, v, key, G.edges[u, v, key], scale) for u, v, key in edges)
    nodes = {steps[0].source, *(s.target for s in steps)} if steps else set()
    return Path(steps, {n: label(G, n) for n in nodes})


def label(G: Any, node: str) -> str:
    """A node's label, looked up when asked (a dict of all would cost seconds on a
    projection of a full SR28 import)."""
    data = G.nodes.get(node) if node in G else None
    return data.get("label", node) if data is not None else node


def constrained(G: nx.MultiDiGraph, source: str, target: str, *, through=None, avoid=None,
                predicates=None, avoid_predicates=None) -> nx.MultiDiGraph:
    """A read-only view of ``G`` without the nodes and edges the constraints forbid."""
    import networkx as nx

    for node in (source, target):
        if node not in G:
            from .nodes import NotANode  # a networkx.NodeNotFound that nutrigraph's CLI shows

            raise NotANode(node)

    def node_ok(n: str) -> bool:
        return n in (source, target) or not avoid or not set(G.nodes[n]["categories"]) & avoid

    def edge_ok(u: str, v: str, key: str) -> bool:
        plain = key.lstrip("^")
        if predicates is not None and key not in predicates and plain not in predicates:
            return False
        return not avoid_predicates or (key not in avoid_predicates
                                        and plain not in avoid_predicates)

    if avoid is None and predicates is None and avoid_predicates is None:
        return G
    return nx.subgraph_view(G, filter_node=node_ok, filter_edge=edge_ok)


def passes_through(G: nx.MultiDiGraph, path: Path, through: set[str] | None) -> bool:
    return not through or any(set(G.nodes[n]["categories"]) & through for n in path.nodes[1:-1])


def _best_edges(G: Any, nodes: Iterable[str], scale: EvidenceScale) -> Any:
    """A DiGraph over ``nodes`` with, between two of them, the one best-rated edge of
    ``G`` (Yen's algorithm takes no parallel edges): best by disputes, then evidence."""
    import networkx as nx

    simple = nx.DiGraph()
    # in sorted order: Yen's algorithm breaks ties between equally light paths by the order
    # of the edges, which must not depend on the order of a set (that is, on the process)
    simple.add_nodes_from(sorted(nodes))
    unrated = scale.rank(None)
    for u, v, key, data in G.edges(simple.nodes, keys=True, data=True):
        better = simple.get_edge_data(u, v)
        rank = data.get("evidence_rank")
        score = (bool(data.get("disputed")), unrated if rank is None else rank, key)
        if better is None or score < better["score"]:
            simple.add_edge(u, v, key=key, score=score, **data)
    return simple


# Simple graphs of the components of projections searched before, by projection: a
# projection is read-only and cached, and a full SR28 import has ~700,000 measurement
# nodes in components of their own that a search from magnesium never needs.
_SIMPLE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _simple_graph(G: Any, view: Any, source: str) -> Any:
    """The simple graph of the component of ``view`` (walked either way) holding ``source``."""
    import networkx as nx

    if view is G:
        for nodes, simple in _SIMPLE.get(G, ()):
            if source in nodes:
                return simple
    component = nx.node_connected_component(view.to_undirected(as_view=True), source)
    simple = _best_edges(view, component, scale_of(G))
    if view is G:
        _SIMPLE.setdefault(G, []).append((frozenset(component), simple))
    return simple


def simple_paths(G: nx.MultiDiGraph, source: str, target: str, weight, **constraints
                 ) -> Iterator[Path]:
    """Paths from ``source`` to ``target`` that meet the constraints, lightest first.

    Raises :class:`~nutrigraph.errors.SameEntity` when they are one node: Yen's
    algorithm would yield a path of no steps, which ranks as nothing.
    """
    import networkx as nx

    if source == target:
        raise SameEntity(label(G, source))
    options = view_options(constraints)
    view = constrained(G, source, target, **options)
    simple = _simple_graph(G, view, source)
    if target not in simple:
        return
    try:
        for nodes in nx.shortest_simple_paths(simple, source, target, weight=weight):
            path = path_of(G, [(u, v, simple.edges[u, v]["key"])
                               for u, v in itertools.pairwise(nodes)])
            if passes_through(G, path, options["through"]):
                yield path
    except nx.NetworkXNoPath:
        return


def weight_of(path: Path, weight) -> float:
    if weight is None:
        return float(path.length)
    if isinstance(weight, str):
        return float(sum(s.data.get(weight, 1) for s in path.steps))
    return float(sum(weight(s.source, s.target, s.data) for s in path.steps))


def no_path(G: nx.MultiDiGraph, view: Any, source: str, target: str,
            max_length: int | None = None, constrained: bool = False) -> NoPath:
    """A :class:`NoPath` carrying the nearest partial paths from each side.

    From the source: the shortest paths (within the constraints) to the nodes it
    reaches that lie closest to the target in the whole graph, walking any
    direction; from the target likewise, walking back.
    """
    import networkx as nx

    undirected = G.to_undirected(as_view=True)

    def nearest(start: str, goal: str, walk: Any, backwards: bool) -> list[Path]:
        reach = nx.single_source_shortest_path(walk, start, cutoff=max_length)
        distance = nx.single_source_shortest_path_length(undirected, goal)
        scored = [(distance[n], len(p), label(G, n), n) for n, p in reach.items()
                  if n != start and n in distance]
        if not scored:
            return []
        best = min(s[0] for s in scored)
        paths = []
        for *_, n in sorted(s for s in scored if s[0] == best)[:3]:
            nodes = list(reversed(reach[n])) if backwards else reach[n]
            # in walking order, as edges of the view
            paths.append(path_of(G, [(u, v, min(view.get_edge_data(u, v)))
                                     for u, v in itertools.pairwise(nodes)]))
        return paths

    partial = nearest(source, target, view, False)
    for path in nearest(target, source, view.reverse(copy=False), True):
        if all(path.steps != p.steps for p in partial):  # one path may be nearest both ways
            partial.append(path)
    where = (f" within {max_length} step{'s' if max_length != 1 else ''}"
             if max_length is not None else "")
    why = where + (" under the constraints given" if constrained else "")
    return NoPath(label(G, source), label(G, target), partial, why)
