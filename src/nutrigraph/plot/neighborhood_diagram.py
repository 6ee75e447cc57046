"""The neighbourhood diagram: what an entity is related to, in rings around it.

Lines are drawn in the style of their evidence tier
(:func:`~nutrigraph.plot.style.edge_style`); the outer ring's labels stand in two
columns with leader lines, placed apart with :func:`~nutrigraph.plot.layout.spread`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..analysis import neighbor_table, neighbors, to_networkx
from ..analysis.projection import scale_of
from ..prefixes import compact
from .canvas import EDGE_FONT, LEADER, NODE_FONT, Canvas
from .captions import inverse_labels, sources_text
from .layout import spread
from .style import (
    EDGE_STYLES,
    MUTED,
    categories_of,
    category_rank,
    edge_style,
    figure_and_axes,
    style_for,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..graph import KnowledgeGraph

__all__ = ["neighborhood"]


def neighborhood(kg: KnowledgeGraph, entity: str, *, radius: int = 1,
                 categories: Iterable[str] | None = None, ax: Axes | None = None,
                 title: str | None = None) -> Figure:
    """What an entity is related to, in rings around it.

    The entity sits in the middle; the entities ``d`` relations away sit on ring
    ``d`` (:func:`nutrigraph.neighbors`, either direction). Around a
    ring, neighbours are grouped by category, then sorted by name, starting at
    the top and going clockwise. The outer ring's labels stand in two columns,
    left and right, each with a leader line to its node and, in grey, its
    relation read from the neighbour (``spinach`` *provides nutrient*
    magnesium; ``methionine synthase`` *has cofactor* magnesium). Lines are
    drawn in the style of their evidence; relations between two entities on the
    same ring are left out, so that the rings stay readable.

    Parameters
    ----------
    kg : KnowledgeGraph
    entity : str
        A name, synonym, CURIE or IRI.
    radius : int
        How many relations away a neighbour may be; 1 or 2 read best.
    categories : iterable of str, optional
        Only neighbours of these classes or their subclasses (``"enzyme"``,
        ``"ng:Food"``...).
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; by default a new figure, sized to fit.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    EntityNotFound, AmbiguousName, UnknownTerm
        For a name or category that does not resolve.

    Examples
    --------
    >>> import nutrigraph
    >>> fig = neighborhood(nutrigraph.load(), "adenosylcobalamin")
    >>> texts = {t.get_gid(): t.get_text() for t in fig.axes[0].texts}
    >>> texts["label:ngk:vitamin-b12"], texts["relation:ngk:vitamin-b12"]
    ('vitamin B12', 'converted into, has active form')
    >>> texts["relation:ngk:methylmalonyl-coa-mutase"]
    'has cofactor'
    """
    if radius < 1:
        raise ValueError(f"radius must be 1 or more, not {radius}")
    centre = kg.resolve(entity)
    G = to_networkx(kg)
    wanted = list(categories) if categories else None
    if centre.iri in G:
        H = neighbors(G, centre.iri, depth=radius, categories=wanted)
    else:  # an entity in no relation: only itself to draw
        import networkx as nx

        H = nx.MultiDiGraph()
        H.add_node(centre.iri, label=centre.label, curie=centre.curie, categories=(),
                   distance=0)
    read_backwards = inverse_labels(kg)
    scale = scale_of(G)
    own = ax is None
    fig, ax = figure_and_axes(ax, size=(10, 8))
    canvas = Canvas(fig, ax, own=own)
    distance = {n: H.nodes[n]["distance"] for n in H}
    deepest = max(distance.values())

    # each neighbour's relations to the entities one ring nearer, read from the neighbour;
    # with a category filter, that entity may not be drawn: it is then named in the label
    parents: dict[str, list[tuple[str, str, str, dict[str, Any]]]] = defaultdict(list)
    rows = (neighbor_table(G, centre.iri, depth=radius, categories=wanted)
            if centre.iri in G else [])
    for row in rows:
        key = compact(row.predicate)
        subject, obj = ((row.neighbor, row.via) if row.direction == "in"
                        else (row.via, row.neighbor))
        read = row.relation if row.direction == "in" else read_backwards.get(key, row.relation)
        if row.via not in H:
            read = f"{read} {row.via_label}"
        parents[row.neighbor].append((row.via, key, read, G.edges[subject, obj, key]))

    def label(n: str) -> str:
        return H.nodes[n].get("label") or compact(n)

    def category(n: str) -> int:  # where its category stands in legends
        return category_rank(categories_of(H, n))

    def relations(n: str) -> str:
        return ", ".join(dict.fromkeys(read for _, _, read, _ in parents[n]))

    angle: dict[str, float] = {centre.iri: 0.0}
    radius_of = {0: 0.0}
    rings = [sorted((n for n in H if distance[n] == d),
                    key=lambda n: (category(n), label(n).lower(), n))
             for d in range(1, deepest + 1)]
    for d, ring in enumerate(rings, 1):
        radius_of[d] = max(70.0 + 110.0 * (d - 1), len(ring) * 13.0 / (2 * math.pi),
                           radius_of[d - 1] + 110.0)
        if not ring:
            continue
        even = [(i + 0.5) / len(ring) * 2 * math.pi for i in range(len(ring))]

        def near(n: str) -> float:  # the angle of the nearest drawn entity it hangs from
            return min((angle[p] for p, *_ in parents[n] if p in angle), default=2 * math.pi)

        if d > 1:  # near the parents' angle, so that lines from ring to ring stay short
            ring.sort(key=lambda n: (near(n), category(n), label(n).lower(), n))
            step = min(2 * math.pi / len(ring), 18.0 / radius_of[d])
            near_parents = spread([near(n) for n in ring], [0.0] * len(ring), gap=step)
            if near_parents[0] >= 0 and near_parents[-1] < 2 * math.pi - step:
                even = near_parents
        for n, theta in zip(ring, even, strict=True):
            angle[n] = theta  # clockwise from the top

    def position(n: str) -> tuple[float, float]:
        r = radius_of[distance[n]]
        return r * math.sin(angle[n]), r * math.cos(angle[n])

    edges_drawn = []
    for n in sorted(parents):
        for p, k, _, d in parents[n]:
            if p not in H:
                continue
            kind, line = edge_style(d, scale)
            subject, obj = (p, n) if G.has_edge(p, n, k) else (n, p)
            canvas.edge([position(p), position(n)], {**line, "linewidth": line["linewidth"] * 0.8},
                        gid=f"edge:{compact(subject)} {k} {compact(obj)}", arrow=False, zorder=1)
            edges_drawn.append((kind, d))

    for n in H:
        style = style_for(categories_of(H, n))
        x, y = position(n)
        size = 16.0 if n == centre.iri else 9.0
        canvas.marker(x, y, style, size=size, gid=f"node:{compact(n)}")
    canvas.text(0, -14, label(centre.iri), size=11, weight="bold", ha="center", va="top",
                gid=f"label:{compact(centre.iri)}", obstacle=True,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.9})

    outer = rings[-1] if rings else []
    for ring in rings[:-1]:  # inner rings: labels beside their nodes
        for n in ring:
            x, y = position(n)
            canvas.text(x + (6 if x >= 0 else -6), y + 6, f"{label(n)}\n({relations(n)})",
                        size=EDGE_FONT, ha="left" if x >= 0 else "right", va="bottom",
                        gid=f"label:{compact(n)}", obstacle=True,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                              "alpha": 0.85})
    _callouts(canvas, outer, position, radius_of[deepest] if rings else 0.0, label,
              {n: relations(n) for n in outer})

    kinds = [kind for kind in EDGE_STYLES if any(k == kind for k, _ in edges_drawn)]
    styles = [style_for(categories_of(H, n))
              for n in sorted(H, key=lambda n: (distance[n], category(n)))]
    heading = title or (f"The neighbourhood of {centre.label}"
                        + (f", {radius} relations deep" if radius > 1 else ""))
    canvas.note = (f"Each neighbour is labelled with its relation to "
                   f"{'the entity one ring nearer' if radius > 1 else centre.label}, "
                   f"read from the neighbour")
    # the relations named in labels count as shown, whether or not their line is drawn
    shown = (d for rows_of in parents.values() for *_, d in rows_of)
    canvas.finish(heading, sources_text(shown), styles, kinds)
    return fig


def _callouts(canvas: Canvas, ring: list[str], position, radius: float, label,
              relation: dict[str, str]) -> None:
    """Labels of the outer ring in two columns, each with a leader line to its node."""
    sides: dict[int, list[str]] = {1: [], -1: []}
    for n in ring:
        sides[1 if position(n)[0] >= -1e-9 else -1].append(n)
    for side, members in sides.items():
        if not members:
            continue
        members.sort(key=lambda n: -position(n)[1])  # top to bottom
        sizes = [max(canvas.measure(label(n), NODE_FONT)[1],
                     canvas.measure(relation[n], EDGE_FONT)[1]) for n in members]
        wanted = [-position(n)[1] for n in members]  # y downwards
        ys = spread(wanted, sizes, gap=3.0)
        x_text = side * (radius + 34)
        for n, y_down in zip(members, ys, strict=True):
            x, y = position(n)
            y_text = -y_down
            elbow = side * (radius + 16)
            canvas.line([(x, y), (elbow, y_text), (x_text - side * 3, y_text)],
                        color=LEADER, linewidth=0.5, zorder=0.5)
            # read left to right on either side: the neighbour, then its relation
            name_w, _ = canvas.measure(label(n), NODE_FONT)
            relation_w, _ = canvas.measure(relation[n], EDGE_FONT, style="italic")
            x_name = x_text if side > 0 else x_text - relation_w - 5 - name_w
            canvas.text(x_name, y_text, label(n), size=NODE_FONT, ha="left", va="center",
                        gid=f"label:{compact(n)}", obstacle=True)
            canvas.text(x_name + name_w + 5, y_text, relation[n], size=EDGE_FONT,
                        ha="left", va="center", color=MUTED, style="italic",
                        gid=f"relation:{compact(n)}", obstacle=True)
