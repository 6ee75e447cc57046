"""The projection as GraphML, for Gephi, Cytoscape and yEd.

GraphML attributes are scalars, and the projection's are not all: categories, graphs
and disputes are tuples of strings, and an edge's sources are records. So a copy is
written with tuples of strings joined by ``"; "`` and the sources as JSON text, which
keeps every statement, section and evidence level of each edge.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["write_graphml"]


def _scalar(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (tuple, list)) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def write_graphml(G: nx.MultiDiGraph, output: BinaryIO) -> tuple[int, int]:
    """Write a projection (:func:`~nutrigraph.analysis.to_networkx`) as GraphML; return
    its numbers of nodes and edges.

    Examples
    --------
    >>> import io
    >>> from nutrigraph import load, to_networkx
    >>> out = io.BytesIO()
    >>> nodes, edges = write_graphml(to_networkx(load()), out)
    >>> b'attr.name="evidence"' in out.getvalue() and nodes > 100
    True
    """
    import networkx as nx

    copy = nx.MultiDiGraph()
    copy.add_nodes_from((n, {k: _scalar(v) for k, v in data.items()})
                        for n, data in G.nodes(data=True))
    copy.add_edges_from((u, v, key, {k: _scalar(x) for k, x in data.items()})
                        for u, v, key, data in G.edges(keys=True, data=True))
    nx.write_graphml(copy, output, encoding="utf-8")
    return copy.number_of_nodes(), copy.number_of_edges()
