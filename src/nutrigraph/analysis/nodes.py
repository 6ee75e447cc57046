"""The error for an IRI that is no node of a projection: nutrigraph's, and networkx's too."""

from __future__ import annotations

import networkx as nx

from ..errors import EntityNotFound

__all__ = ["NotANode"]


class NotANode(EntityNotFound, nx.NodeNotFound):
    """A node IRI given to a graph algorithm is not a node of the projection.

    The projection (:func:`nutrigraph.to_networkx`) holds the entities that are
    in a relation, so an entity that is in none is not a node. The error is a
    :class:`~nutrigraph.NutrigraphError` (the command line shows it as one line)
    and a :class:`networkx.NodeNotFound`, so that ``except nx.NodeNotFound`` still
    catches it; also an :class:`~nutrigraph.errors.EntityNotFound`, which
    :func:`~nutrigraph.neighbors` raised before. ``name`` is the IRI.

    Examples
    --------
    >>> error = NotANode("https://example.org/lonely")
    >>> print(error)
    https://example.org/lonely is not a node of the graph (an entity in no relation is not one)
    >>> isinstance(error, nx.NodeNotFound)
    True
    """

    def __init__(self, node: str):
        super().__init__(node, [])

    def __str__(self) -> str:
        return f"{self.name} is not a node of the graph (an entity in no relation is not one)"
