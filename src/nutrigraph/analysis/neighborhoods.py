"""What an entity is directly (or within a few steps) related to, with the sources that say so.

:func:`neighbors` cuts the ego graph of an entity out of the projection
(:func:`nutrigraph.to_networkx`): every entity within ``depth`` relations of
it, whichever way the relations point. :func:`neighbor_table` lists the same
neighbourhood as rows, one per relation: the neighbour, the relation, its
direction, its evidence and sources, and the distance from the centre.

Examples
--------
>>> import nutrigraph
>>> kg = nutrigraph.load()
>>> G = nutrigraph.to_networkx(kg)
>>> rows = neighbor_table(G, kg.resolve("methylcobalamin").iri, categories=["ng:Nutrient"])
>>> sorted({(row.relation, row.direction, row.neighbor_label) for row in rows})
[('converted into', 'in', 'vitamin B12'), ('has active form', 'in', 'vitamin B12'), \
('supplement form of', 'out', 'vitamin B12')]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from ..prefixes import compact
from .metagraph import category_of
from .projection import schema_of

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["NeighborRow", "neighbor_table", "neighbors"]


class NeighborRow(NamedTuple):
    """One relation between a neighbour and the node one step nearer the centre.

    ``direction`` is ``"out"`` when ``via`` is the relation's subject
    (``via —relation→ neighbor``) and ``"in"`` when the neighbour is
    (``neighbor —relation→ via``). ``relation`` is the relation's label as
    stated (``"cofactor of"``), whichever way it points. ``sources`` are the
    sources' labels, strongest evidence first. At depth 1, ``via`` is the centre.
    """

    neighbor: str
    neighbor_label: str
    category: str
    relation: str
    predicate: str
    direction: str
    evidence: str | None
    evidence_rank: int | None
    disputed: bool
    sources: tuple[str, ...]
    distance: int
    via: str
    via_label: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, with IRIs shortened to CURIEs."""
        from ..render import document

        return document(self)


def neighbors(G: nx.MultiDiGraph, node: str, *, depth: int = 1,
              categories: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """The ego graph of ``node``: every entity within ``depth`` relations, either way.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection from :func:`nutrigraph.to_networkx`.
    node : str
        The IRI of the centre.
    depth : int
        How many relations away a neighbour may be (1 or more).
    categories : iterable of str, optional
        Keep only neighbours of these nutrigraph classes (CURIEs such as
        ``"ng:Enzyme"``, or IRIs) or of their subclasses (``ng:Food`` keeps food
        groups too), plus the centre. The walk itself goes through nodes of any
        class, so that at depth 2 an enzyme reached through a reaction is kept.

    Returns
    -------
    networkx.MultiDiGraph
        A copy of the part of ``G`` induced by the kept nodes, with each node's
        ``distance`` from the centre as an extra attribute.

    Raises
    ------
    NotANode
        If ``node`` is not in ``G`` (an entity without any relation is not); it is
        also an :class:`~nutrigraph.errors.EntityNotFound` and a
        :class:`networkx.NodeNotFound`.
    UnknownTerm
        If a category is not a class of nutrigraph's schema.
    ValueError
        If ``depth`` is less than 1.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> G = nutrigraph.to_networkx(kg)
    >>> H = neighbors(G, kg.resolve("magnesium").iri, categories=["ng:Enzyme"])
    >>> sorted(H.nodes[n]["label"] for n in H)
    ['magnesium', 'methionine adenosyltransferase 1A', 'methionine synthase']
    >>> sorted((H.nodes[u]["label"], k, H.nodes[v]["label"]) for u, v, k in H.edges(keys=True))
    ... # doctest: +NORMALIZE_WHITESPACE
    [('magnesium', 'ng:cofactorOf', 'methionine adenosyltransferase 1A'),
     ('magnesium', 'ng:cofactorOf', 'methionine synthase')]
    """
    distances, _ = _walk(G, node, depth)
    kept = _keep(G, node, distances, categories)
    H = G.subgraph(kept).copy()
    for n in H:
        H.nodes[n]["distance"] = distances[n]
    return H


def neighbor_table(G: nx.MultiDiGraph, node: str, *, depth: int = 1,
                   categories: Iterable[str] | None = None) -> list[NeighborRow]:
    """The neighbourhood of :func:`neighbors` as rows, one per relation and neighbour.

    Each neighbour at distance *d* gets a row for every relation that joins it
    to a node at distance *d* - 1 (so a neighbour linked to the centre by two
    relations has two rows). Rows are sorted by distance, direction (``out``
    first), relation and neighbour. Parameters are those of :func:`neighbors`.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> G = nutrigraph.to_networkx(kg)
    >>> for row in neighbor_table(G, kg.resolve("magnesium").iri, categories=["enzyme"]):
    ...     print(row.relation, row.neighbor_label, row.evidence, row.disputed, sep=" | ")
    cofactor of | methionine adenosyltransferase 1A | experimental | False
    cofactor of | methionine synthase | article claim | True
    """
    distances, parents = _walk(G, node, depth)
    kept = _keep(G, node, distances, categories)
    rows = []
    for neighbor in kept:
        if neighbor == node:
            continue
        for via, key, direction in parents[neighbor]:
            subject, obj = (via, neighbor) if direction == "out" else (neighbor, via)
            data = G.edges[subject, obj, key]
            rows.append(NeighborRow(
                neighbor=neighbor,
                neighbor_label=_label(G, neighbor),
                category=_category(G, neighbor),
                relation=data.get("label") or key,
                predicate=data.get("predicate", key),
                direction=direction,
                evidence=data.get("evidence"),
                evidence_rank=data.get("evidence_rank"),
                disputed=bool(data.get("disputed")),
                sources=tuple(dict.fromkeys(s["source"] for s in data.get("sources", ())
                                            if s.get("source"))),
                distance=distances[neighbor],
                via=via,
                via_label=_label(G, via),
            ))
    rows.sort(key=lambda r: (r.distance, r.direction != "out", r.relation,
                             r.neighbor_label.lower(), r.via_label.lower()))
    return rows


# -- helpers --------------------------------------------------------------------------


def _walk(G: nx.MultiDiGraph, node: str, depth: int
          ) -> tuple[dict[str, int], dict[str, list[tuple[str, str, str]]]]:
    """Breadth-first over the stated relations, both ways.

    Returns each reached node's distance and, for each, the (nearer node, edge
    key, direction) of every relation that reaches it from one step nearer.
    Reversed edges (``inverse=True``, present in a projection made with
    ``inverse=True``) are the same triples read backwards, so they are skipped.
    """
    if node not in G:
        from .nodes import NotANode  # an EntityNotFound, as before, and a networkx.NodeNotFound

        raise NotANode(node)
    if depth < 1:
        raise ValueError(f"depth must be 1 or more, not {depth}")
    distances = {node: 0}
    parents: dict[str, list[tuple[str, str, str]]] = {}
    frontier = [node]
    for distance in range(1, depth + 1):
        reached: list[str] = []
        for current in frontier:
            links = [(v, k, "out", d) for _, v, k, d in G.out_edges(current, keys=True, data=True)]
            links += [(u, k, "in", d) for u, _, k, d in G.in_edges(current, keys=True, data=True)]
            for other, key, direction, data in links:
                if data.get("inverse") or distances.get(other, distance) < distance:
                    continue
                if other not in distances:
                    distances[other] = distance
                    reached.append(other)
                parents.setdefault(other, []).append((current, key, direction))
        frontier = reached
    return distances, parents


def _keep(G: nx.MultiDiGraph, node: str, distances: dict[str, int],
          categories: Iterable[str] | None) -> list[str]:
    if categories is None:
        return list(distances)
    schema = schema_of(G)
    wanted = schema.with_subclasses(categories)
    return [n for n in distances if n == node
            or any(schema.find_class(c) in wanted for c in G.nodes[n].get("categories", ()))]


def _label(G: nx.MultiDiGraph, node: str) -> str:
    return G.nodes[node].get("label") or compact(node)


def _category(G: nx.MultiDiGraph, node: str) -> str:
    return category_of(G, node)
