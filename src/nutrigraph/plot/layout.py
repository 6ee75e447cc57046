"""The layered layout of the mechanism diagram: nodes in columns, relations between them.

A Sugiyama-style layout: a relation that skips columns gets a waypoint in each column
it crosses; the order within each column comes from barycentre sweeps and swaps of
neighbours, keeping the order with the fewest crossings; heights come from moving every
item towards the mean height of its neighbours, kept in order and apart (isotonic
regression, :func:`spread`). Lines leave a box on its right and enter on its left, at
ports spread in the order of where they go, and labels go where nothing is drawn yet.
Everything starts from sorted input, so the same graph always gives the same picture.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..prefixes import compact
from .canvas import EDGE_FONT, HEADER_FONT
from .style import EDGE_STYLES, MUTED

if TYPE_CHECKING:
    from .canvas import Canvas, Node

__all__ = ["Link", "layered", "spread"]

_PORT = 6.5  # points between links attached to one side of a box


@dataclass
class Link:
    """A stated triple to draw from ``a`` (left) to ``b`` (right), with the label as read
    and the kind of its evidence (a key of :data:`~nutrigraph.plot.style.EDGE_STYLES`)."""

    u: str
    v: str
    key: str
    data: dict[str, Any]
    a: str
    b: str
    label: str | None
    kind: str
    dummies: list[Hashable] = field(default_factory=list)

    @property
    def gid(self) -> str:
        return f"edge:{compact(self.u)} {self.key} {compact(self.v)}"


def layered(canvas: Canvas, nodes: dict[Hashable, Node], links: list[Link],
             headers: list[str]) -> None:
    """Place the nodes in their columns and draw them, with the links between them and a
    heading over each column (see the module)."""
    columns = max((n.column for n in nodes.values()), default=-1) + 1
    layers: list[list[Hashable]] = [[] for _ in range(columns)]
    for key in sorted(nodes, key=lambda k: (nodes[k].style.label, nodes[k].text.lower())):
        layers[nodes[key].column].append(key)
    neighbours: dict[Hashable, list[Hashable]] = defaultdict(list)  # across adjacent columns
    same_column: list[Link] = []
    size: dict[Hashable, float] = {k: n.h for k, n in nodes.items()}
    for i, link in enumerate(links):
        ca, cb = nodes[link.a].column, nodes[link.b].column
        if ca == cb:
            same_column.append(link)
            continue
        chain = [link.a]
        for c in range(ca + 1, cb):
            dummy = ("dummy", i, c)
            link.dummies.append(dummy)
            layers[c].append(dummy)
            size[dummy] = 0.0
            chain.append(dummy)
        chain.append(link.b)
        for p, q in itertools.pairwise(chain):
            neighbours[p].append(q)
            neighbours[q].append(p)
    within = {id(lk) for lk in same_column}
    ends: dict[Hashable, list[int]] = defaultdict(lambda: [0, 0])
    for link in links:
        if id(link) not in within:
            ends[link.a][0] += 1
            ends[link.b][1] += 1
    for key, (outgoing, incoming) in ends.items():  # room for every link's own port
        nodes[key].h = max(nodes[key].h, (max(outgoing, incoming) - 1) * _PORT + 10)
        size[key] = nodes[key].h
    column_of = {k: c for c, layer in enumerate(layers) for k in layer}
    # a relation within a column joins adjacent boxes
    layers = _order(layers, neighbours, column_of, [(lk.a, lk.b) for lk in same_column])

    # columns as wide as their widest box; gaps as wide as the labels that start in them
    col_w = [max((nodes[k].w for k in layer if k in nodes), default=0.0) for layer in layers]
    gap_w = [64.0] * max(columns - 1, 0)
    for link in links:
        ca = nodes[link.a].column
        if link.label and ca < nodes[link.b].column:
            gap_w[ca] = max(gap_w[ca], canvas.measure(link.label, EDGE_FONT)[0] + 30)
    left = [0.0]
    for c in range(columns - 1):
        left.append(left[-1] + col_w[c] + gap_w[c])

    joined = {frozenset((lk.a, lk.b)) for lk in same_column}
    label_h = canvas.measure("Ag", EDGE_FONT)[1]

    def gap(p: Hashable, q: Hashable) -> float:
        if frozenset((p, q)) in joined:
            return label_h + 12  # room for the relation's label between the two boxes
        real = (p in nodes) + (q in nodes)
        return (8.0, 10.0, 12.0)[real]

    y = _heights(layers, size, neighbours, gap)
    for key, node in nodes.items():
        c = node.column
        node.w = col_w[c]
        node.x = left[c] + col_w[c] / 2
        node.y = -y[key]
        canvas.draw_node(node)
    top = max((n.top for n in nodes.values()), default=0.0)
    for c, heading in enumerate(headers):
        canvas.text(left[c] + col_w[c] / 2, top + 16, heading, size=HEADER_FONT,
                    weight="bold", color=MUTED, ha="center", va="baseline",
                    gid=f"column:{heading}", obstacle=True)

    # ports: links leave a box on its right and enter on its left, spread in the
    # order of the heights they come from or go to, so that they do not cross there
    first_hop = {id(lk): (lk.dummies[0] if lk.dummies else lk.b) for lk in links}
    last_hop = {id(lk): (lk.dummies[-1] if lk.dummies else lk.a) for lk in links}
    out_port: dict[int, float] = {}
    in_port: dict[int, float] = {}
    by_node_out: dict[Hashable, list[Link]] = defaultdict(list)
    by_node_in: dict[Hashable, list[Link]] = defaultdict(list)
    for lk in links:
        if id(lk) not in within:
            by_node_out[lk.a].append(lk)
            by_node_in[lk.b].append(lk)
    for key, outgoing in by_node_out.items():
        outgoing.sort(key=lambda lk: (y[first_hop[id(lk)]], lk.gid))
        for lk, dy in zip(outgoing, _ports(len(outgoing), nodes[key].h), strict=True):
            out_port[id(lk)] = nodes[key].y - dy
    for key, incoming in by_node_in.items():
        incoming.sort(key=lambda lk: (y[last_hop[id(lk)]], lk.gid))
        for lk, dy in zip(incoming, _ports(len(incoming), nodes[key].h), strict=True):
            in_port[id(lk)] = nodes[key].y - dy

    pending_labels = []
    for lk in links:
        line = EDGE_STYLES[lk.kind]
        if id(lk) in within:
            a, b = nodes[lk.u], nodes[lk.v]  # drawn as stated, from subject to object
            down = a.y > b.y
            start = (a.x, a.bottom if down else a.top)
            end = (b.x, b.top if down else b.bottom)
            canvas.edge([start, end], line, gid=lk.gid)
            if lk.label:
                mid = (a.x + 4, (start[1] + end[1]) / 2)
                canvas.text(*mid, lk.label, size=EDGE_FONT, color=line["color"], ha="left",
                            va="center", gid=f"relation:{lk.gid[5:]}", obstacle=True)
            continue
        a, b = nodes[lk.a], nodes[lk.b]
        points = [(a.right, out_port[id(lk)])]
        for dummy in lk.dummies:
            c = column_of[dummy]
            points += [(left[c], -y[dummy]), (left[c] + col_w[c], -y[dummy])]
        points.append((b.left, in_port[id(lk)]))
        canvas.edge(points, line, gid=lk.gid, curved=True)
        if lk.label:
            pending_labels.append((lk, points, line))
    # labels last, so that each is placed where no box or earlier label is
    for lk, points, line in sorted(pending_labels, key=lambda e: (-len(e[1]), e[0].gid)):
        canvas.edge_label(lk.label, _label_spots(points), color=line["color"],
                          gid=f"relation:{lk.gid[5:]}")


def _order(layers: list[list[Hashable]], neighbours: dict[Hashable, list[Hashable]],
           column_of: dict[Hashable, int], pairs: Sequence[tuple[Hashable, Hashable]] = (),
           sweeps: int = 16) -> list[list[Hashable]]:
    """Order within columns: barycentre sweeps, each followed by swaps of adjacent items
    that remove crossings; the order with the fewest crossings is kept.

    The two items of each of ``pairs`` (in the same column) are kept next to each
    other: the one with fewer links moves next to the other.
    """
    position: dict[Hashable, int] = {}
    paired = {k for pair in pairs for k in pair}

    def renumber(order: list[list[Hashable]]) -> None:
        for layer in order:
            for i, k in enumerate(layer):
                position[k] = i

    def join(order: list[list[Hashable]]) -> None:
        for p, q in pairs:
            layer = order[column_of[p]]
            if abs(layer.index(p) - layer.index(q)) > 1:
                mover, stay = (p, q) if len(neighbours[p]) < len(neighbours[q]) else (q, p)
                below = layer.index(mover) > layer.index(stay)
                layer.remove(mover)
                layer.insert(layer.index(stay) + below, mover)
        renumber(order)

    def crossing(u: Hashable, v: Hashable) -> int:
        # links of u and v to the same column cross when u is above v and u's end below v's
        return sum(1 for m in neighbours[u] for n in neighbours[v]
                   if column_of[m] == column_of[n] and position[m] > position[n])

    def crossings(order: list[list[Hashable]]) -> int:
        renumber(order)
        return sum(crossing(u, v) for layer in order for i, u in enumerate(layer)
                   for v in layer[i + 1:])

    def transpose(order: list[list[Hashable]]) -> None:
        improved = True
        while improved:
            improved = False
            for layer in order:
                for i in range(len(layer) - 1):
                    u, v = layer[i], layer[i + 1]
                    if ((u in paired or v in paired) and (u, v) not in pairs
                            and (v, u) not in pairs):
                        continue  # the swap would part a pair
                    if crossing(u, v) > crossing(v, u):
                        layer[i], layer[i + 1] = v, u
                        position[u], position[v] = i + 1, i
                        improved = True

    order = [list(layer) for layer in layers]
    join(order)
    best, best_crossings = [list(layer) for layer in order], crossings(order)
    for sweep in range(sweeps):
        forward = sweep % 2 == 0
        for c in (range(1, len(order)) if forward else range(len(order) - 2, -1, -1)):
            side = c - 1 if forward else c + 1
            size = max(len(order[side]), 1)

            def centre(k: Hashable, side=side, c=c, size=size) -> float:
                near = [position[m] for m in neighbours[k] if column_of[m] == side]
                if near:
                    return sum(near) / len(near)
                return position[k] * size / max(len(order[c]), 1)

            order[c].sort(key=lambda k: (centre(k), position[k]))
            renumber(order)
        join(order)
        transpose(order)
        found = crossings(order)
        if found < best_crossings:
            best, best_crossings = [list(layer) for layer in order], found
    return best


def _heights(layers: list[list[Hashable]], size: dict[Hashable, float],
             neighbours: dict[Hashable, list[Hashable]], gap, rounds: int = 60
             ) -> dict[Hashable, float]:
    """Heights (downwards) of every item: near its neighbours' mean, in order, apart."""
    y: dict[Hashable, float] = {}
    for layer in layers:
        position = 0.0
        for i, k in enumerate(layer):
            if i:
                position += size[layer[i - 1]] / 2 + gap(layer[i - 1], k) + size[k] / 2
            y[k] = position
        for k in layer:  # each column centred on the same line
            y[k] -= position / 2
    for sweep in range(rounds):
        columns = range(len(layers)) if sweep % 2 == 0 else range(len(layers) - 1, -1, -1)
        for c in columns:
            layer = layers[c]
            if not layer:
                continue
            wanted = []
            for k in layer:
                near = [y[m] for m in neighbours[k]]
                wanted.append(sum(near) / len(near) if near else y[k])
            placed = spread(wanted, [size[k] for k in layer],
                             gaps=[gap(p, q) for p, q in itertools.pairwise(layer)])
            for k, value in zip(layer, placed, strict=True):
                y[k] = value
    low = min(y.values(), default=0.0)
    return {k: v - low for k, v in y.items()}


def spread(wanted: list[float], sizes: list[float], gap: float = 0.0,
            gaps: list[float] | None = None) -> list[float]:
    """Positions nearest ``wanted`` (least squares) that keep the given order and spacing.

    Item ``i + 1`` must be at least ``sizes[i] / 2 + gap + sizes[i + 1] / 2`` below
    item ``i``. Subtracting those offsets turns this into isotonic regression,
    solved by pooling adjacent violators.

    Examples
    --------
    >>> spread([0, 0, 0], [10, 10, 10], gap=2)
    [-12.0, 0.0, 12.0]
    >>> spread([0, 50], [10, 10], gap=2)
    [0.0, 50.0]
    """
    gaps = gaps if gaps is not None else [gap] * max(len(wanted) - 1, 0)
    offsets = [0.0]
    for i in range(1, len(wanted)):
        offsets.append(offsets[-1] + sizes[i - 1] / 2 + gaps[i - 1] + sizes[i] / 2)
    blocks: list[list[float]] = []  # [mean, count]
    for value, offset in zip(wanted, offsets, strict=True):
        blocks.append([value - offset, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, count = blocks.pop()
            blocks[-1] = [(blocks[-1][0] * blocks[-1][1] + mean * count) / (blocks[-1][1] + count),
                          blocks[-1][1] + count]
    flat = [mean for mean, count in blocks for _ in range(int(count))]
    return [z + offset for z, offset in zip(flat, offsets, strict=True)]


def _ports(count: int, height: float) -> list[float]:
    """Offsets from a box's middle (downwards) where ``count`` links attach to one side."""
    if count <= 1:
        return [0.0] * count
    span = min(height - 6.0, (count - 1) * _PORT)
    return [-span / 2 + span * i / (count - 1) for i in range(count)]


def _label_spots(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Where a link's label may go, best first: on the first straight run through a
    column it crosses (away from where links fan out), else along the curve in its
    first gap, then anywhere else along it."""
    spots: list[tuple[float, float]] = []
    gaps = [(points[i], points[i + 1]) for i in range(0, len(points) - 1, 2)]
    runs = [(points[i], points[i + 1]) for i in range(1, len(points) - 1, 2)]
    for p, q in runs[:1]:
        spots.append(((p[0] + q[0]) / 2, p[1]))
    for t in (0.5, 0.4, 0.6, 0.3, 0.7):
        spots.append(_bezier(*gaps[0], t))
    for p, q in runs[1:]:
        spots.append(((p[0] + q[0]) / 2, p[1]))
    for p, q in gaps[1:]:
        for t in (0.5, 0.35, 0.65):
            spots.append(_bezier(p, q, t))
    for t in (0.22, 0.78):
        spots.append(_bezier(*gaps[0], t))
    return spots


def _bezier(p: tuple[float, float], q: tuple[float, float], t: float) -> tuple[float, float]:
    """A point of the cubic curve from p to q that leaves and arrives horizontally."""
    (x0, y0), (x3, y3) = p, q
    x1, x2 = x0 + (x3 - x0) / 2, x3 - (x3 - x0) / 2
    s = 1 - t
    x = s ** 3 * x0 + 3 * s * s * t * x1 + 3 * s * t * t * x2 + t ** 3 * x3
    y = s ** 3 * y0 + 3 * s * s * t * y0 + 3 * s * t * t * y3 + t ** 3 * y3
    return x, y
