"""The ranked-routes diagram: routes (:func:`nutrigraph.find_paths`) as parallel lanes,
best first, each step drawn in the style of its evidence tier
(:attr:`nutrigraph.analysis.Step.tier`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..analysis import to_networkx
from ..prefixes import compact
from .canvas import EDGE_FONT, Canvas, Node
from .captions import sources_text
from .style import EDGE_STYLES, MUTED, categories_of, edge_kind, figure_and_axes, style_for

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..analysis import Path
    from ..graph import KnowledgeGraph

__all__ = ["paths"]


def paths(G_or_kg: nx.MultiDiGraph | KnowledgeGraph, paths: Sequence[Path], *,
          ax: Axes | None = None, wrap: int = 20, title: str | None = None) -> Figure:
    """Ranked routes as parallel lanes, the best at the top.

    Each lane is one :class:`~nutrigraph.analysis.Path`, read left to right: its rank,
    its entities (boxes in their category's colour and marker), each step's
    relation as walked (``has cofactor`` when ``cofactor of`` is walked
    backwards) and, at the right, its length and weakest evidence. All lanes start
    in the same column and end in the same column. Steps are drawn in the style of
    their evidence; a disputed step is dashed.

    Parameters
    ----------
    G_or_kg : networkx.MultiDiGraph or KnowledgeGraph
        The projection the paths were found in, or the graph (for categories).
    paths : sequence of Path
        The routes, best first (as :func:`nutrigraph.find_paths` gives them).
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; by default a new figure, sized to fit.
    wrap : int
        Entity labels are wrapped at this many characters.
    title : str, optional
        The figure's title; by default it names the source and target.

    Returns
    -------
    matplotlib.figure.Figure

    Artists' ids: ``"rank:1"``, ``"path:1:label:ngk:magnesium"``,
    ``"path:1:edge:ngk:magnesium ng:partOf ngk:mg-atp"`` (the stated triple,
    whichever way the step walks it) and ``"path:1:relation:..."`` for its label.

    Raises
    ------
    ValueError
        If ``paths`` is empty.

    Examples
    --------
    >>> import nutrigraph
    >>> from nutrigraph import find_paths
    >>> kg = nutrigraph.load()
    >>> G = nutrigraph.to_networkx(kg, inverse=True)
    >>> found = find_paths(G, kg.resolve("magnesium").iri, kg.resolve("adenosylcobalamin").iri,
    ...                    k=2)
    >>> fig = paths(G, found)
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "path:1:label:ngk:mg-atp"]
    ['Mg-ATP']
    """
    if not paths:
        raise ValueError("no paths to draw")
    G = to_networkx(G_or_kg) if hasattr(G_or_kg, "store") else G_or_kg
    own = ax is None
    fig, ax = figure_and_axes(ax, size=(12, 2 + 1.2 * len(paths)))
    canvas = Canvas(fig, ax, own=own)
    width = max(p.length for p in paths)

    lanes: list[list[Node]] = []
    for rank, path in enumerate(paths, 1):
        lane = []
        for i, n in enumerate(path.nodes):
            col = width if i == len(path.nodes) - 1 else i
            text = path.labels.get(n) or (G.nodes[n].get("label") if n in G else None) or n
            node = canvas.node_box((rank, i), text, style_for(categories_of(G, n)), wrap=wrap,
                                   column=col, gid=f"path:{rank}:label:{compact(n)}")
            lane.append(node)
        lanes.append(lane)

    # columns as wide as their widest box; gaps as wide as their widest step label
    col_w = [0.0] * (width + 1)
    gap_w = [56.0] * width
    for lane, path in zip(lanes, paths, strict=True):
        for node in lane:
            col_w[node.column] = max(col_w[node.column], node.w)
        for i, step in enumerate(path.steps):
            w, _ = canvas.measure(step.label, EDGE_FONT)
            gap_w[i] = max(gap_w[i], w + 24)
    left = [0.0]
    for c in range(width):
        left.append(left[-1] + col_w[c] + gap_w[c])
    y = 0.0
    steps_drawn = []
    for rank, (lane, path) in enumerate(zip(lanes, paths, strict=True), 1):
        height = max(node.h for node in lane)
        y -= height / 2
        for node in lane:
            node.x = left[node.column] + col_w[node.column] / 2
            node.w = col_w[node.column]
            node.y = y
            canvas.draw_node(node)
        canvas.text(-14, y, str(rank), size=11, weight="bold", ha="right", va="center",
                    gid=f"rank:{rank}", obstacle=True)
        for i, step in enumerate(path.steps):
            a, b = lane[i], lane[i + 1]
            kind = edge_kind(step.tier, disputed=step.disputed)
            line = EDGE_STYLES[kind]
            triple = f"{compact(step.subject)} {compact(step.predicate)} {compact(step.object)}"
            start, end = (a.right, y), (b.left, y)
            canvas.edge([start, end], line, gid=f"path:{rank}:edge:{triple}")
            steps_drawn.append((kind, step.data))
            gap_mid = left[a.column] + col_w[a.column] + gap_w[a.column] / 2
            canvas.edge_label(step.label, [(gap_mid, y)], color=line["color"],
                              gid=f"path:{rank}:relation:{triple}")
        weakest = path.evidence or "not rated"
        summary = (f"{path.length} step{'s' * (path.length != 1)}\nweakest: {weakest}"
                   + ("\ndisputed step" if path.disputed else ""))
        canvas.text(lane[-1].right + 10, y, summary, size=EDGE_FONT, color=MUTED,
                    ha="left", va="center", gid=f"summary:{rank}", obstacle=True)
        y -= height / 2 + 20

    kinds = [kind for kind in EDGE_STYLES if any(k == kind for k, _ in steps_drawn)]
    categories = [node.style for c in range(width + 1) for lane in lanes for node in lane
                  if node.column == c]
    first = paths[0]
    heading = title or (f"Routes from {first.labels.get(first.source, first.source)} to "
                        f"{first.labels.get(first.target, first.target)}, best supported first")
    canvas.finish(heading, sources_text(d for _, d in steps_drawn), categories, kinds)
    return fig
