"""What both kinds of store share when they replace graphs: the new content staged in
memory first (so a failure while writing it leaves the store as it was), and the quad that
says which bundled files a store holds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..prefixes import PREFIXES
from .terms import Quad

if TYPE_CHECKING:
    from .oxigraph import Store

__all__ = ["Writer", "state_quad"]


class Writer:
    """What :meth:`Store.replace_graphs` hands its ``write`` function: it adds quads to
    the new content of the graphs being replaced (quads of other graphs are refused)."""

    def __init__(self, staged: Store, graphs: Sequence[str]):
        self._staged, self._graphs = staged, set(graphs)

    def add(self, quads: Iterable[Quad]) -> None:
        quads = list(quads)
        stray = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)
                 and q.graph_name.value not in self._graphs}
        if stray or any(isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
            raise ValueError(f"a quad outside the graphs being replaced: {sorted(stray)}")
        self._staged.oxigraph.bulk_extend(quads)


def state_quad(files: Mapping[Path, str | None], state_graph: str) -> ox.Quad:
    """The quad that says a store holds these files as they are now: a hash of them."""
    import hashlib

    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return ox.Quad(ox.NamedNode(state_graph), ox.NamedNode(PREFIXES["dcterms"] + "identifier"),
                   ox.Literal(digest.hexdigest()), ox.NamedNode(state_graph))
