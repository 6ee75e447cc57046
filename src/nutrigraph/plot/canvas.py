"""Drawing in points: boxes, markers, texts and relation lines on an axes whose data
units are points, with text measured as matplotlib's Agg renderer draws it.

The diagrams (:mod:`~nutrigraph.plot.mechanism_diagram`, :mod:`~nutrigraph.plot.route_diagram`,
:mod:`~nutrigraph.plot.neighborhood_diagram`) lay their drawing out in points from the sizes
measured here, so that no label overlaps another; :meth:`Canvas.finish` then sizes a new
figure to fit the drawing (or, in an ``ax`` that is too small for it, shrinks fonts and
markers instead). matplotlib is imported only when something is measured or drawn.

Examples
--------
>>> from matplotlib.figure import Figure
>>> from nutrigraph.plot.style import style_for
>>> fig = Figure()
>>> canvas = Canvas(fig, fig.add_subplot(), own=True)
>>> node = canvas.node_box("https://w3id.org/nutrigraph/kb/magnesium", "magnesium",
...                        style_for(["ng:Nutrient"]), wrap=22, column=0)
>>> node.gid, bool(node.w > canvas.measure("magnesium", NODE_FONT)[0])
('label:ngk:magnesium', True)
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..prefixes import compact
from .style import MUTED, TEXT, CategoryStyle, finish, legend, marker_edge

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["EDGE_FONT", "HEADER_FONT", "LEADER", "NODE_FONT", "Canvas", "Node"]

NODE_FONT = 9.0
"""Points: the labels of nodes."""
EDGE_FONT = 8.0
"""Points: the labels of relations, and notes beside the drawing."""
HEADER_FONT = 10.0
"""Points: the headings of columns."""
_MARKER = 7.0  # node marker size, points
_PAD = 4.0  # inside a node's box, points
_ARROW = 5.5  # arrow head size, points
LEADER = "#999999"
"""The thin lines from a label to its node."""


@dataclass
class Node:
    """A node drawn as a box: its label (wrapped), category style and place, in points."""

    key: Hashable
    text: str
    style: CategoryStyle
    gid: str
    column: int
    w: float
    h: float
    x: float = 0.0  # centre
    y: float = 0.0

    @property
    def left(self) -> float:
        return self.x - self.w / 2

    @property
    def right(self) -> float:
        return self.x + self.w / 2

    @property
    def top(self) -> float:
        return self.y + self.h / 2

    @property
    def bottom(self) -> float:
        return self.y - self.h / 2


class Canvas:
    """Draws on an axes whose data units are points, measures text, and sizes the figure.

    Every artist drawn is remembered, so that :meth:`finish` can size a new figure
    to fit the drawing, or shrink fonts and markers to fit a given axes.
    """

    def __init__(self, fig: Figure, ax: Axes, *, own: bool):
        self.fig, self.ax = fig, ax
        self.own = own  # a new figure, to be sized to the drawing
        self.renderer = _renderer(fig)
        self.obstacles: list[tuple[float, float, float, float]] = []
        self.extent = [math.inf, math.inf, -math.inf, -math.inf]
        self.texts: list[Any] = []
        self.markers: list[Any] = []
        self.note: str | None = None
        self._sizes: dict[tuple, tuple[float, float]] = {}

    # measuring

    def measure(self, text: str, size: float, **props: Any) -> tuple[float, float]:
        """Width and height of a text, in points, as Agg draws it."""
        key = (text, size, tuple(sorted(props.items())))
        if key not in self._sizes:
            from matplotlib.text import Text

            artist = Text(0, 0, text, fontsize=size, linespacing=1.15, **props)
            artist.set_figure(self.fig)
            box = artist.get_window_extent(self.renderer)
            scale = 72.0 / self.fig.dpi
            self._sizes[key] = (box.width * scale, box.height * scale)
        return self._sizes[key]

    def _grow(self, x0: float, y0: float, x1: float, y1: float) -> None:
        e = self.extent
        self.extent = [min(e[0], x0), min(e[1], y0), max(e[2], x1), max(e[3], y1)]

    def free(self, box: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = box
        return all(x1 <= a0 or x0 >= a1 or y1 <= b0 or y0 >= b1
                   for a0, b0, a1, b1 in self.obstacles)

    # nodes

    def node_box(self, key: Hashable, text: str, style: CategoryStyle, *, wrap: int,
                 column: int, gid: str | None = None) -> Node:
        """A node sized for its wrapped label, not drawn yet."""
        wrapped = "\n".join(textwrap.wrap(text, wrap, break_on_hyphens=False)) or text
        w, h = self.measure(wrapped, NODE_FONT)
        return Node(key, wrapped, style, gid or f"label:{compact(str(key))}", column,
                     w=w + 3 * _PAD + _MARKER, h=h + 2 * _PAD)

    def draw_node(self, node: Node) -> None:
        from matplotlib.colors import to_rgb
        from matplotlib.patches import FancyBboxPatch

        tint = tuple(0.84 + 0.16 * c for c in to_rgb(node.style.color))
        box = FancyBboxPatch((node.left, node.bottom), node.w, node.h,
                             boxstyle="round,pad=0,rounding_size=4", facecolor=tint,
                             edgecolor=node.style.color, linewidth=1.1, zorder=3, in_layout=False,
                             gid=f"box:{node.gid.split('label:', 1)[-1]}")
        self.ax.add_patch(box)
        self.marker(node.left + _PAD + _MARKER / 2, node.y, node.style, size=_MARKER,
                    gid=f"marker:{node.gid.split('label:', 1)[-1]}", zorder=4)
        self.text(node.left + 2 * _PAD + _MARKER, node.y, node.text, size=NODE_FONT,
                  ha="left", va="center", gid=node.gid, zorder=5)
        self.obstacles.append((node.left - 2, node.bottom - 2, node.right + 2, node.top + 2))
        self._grow(node.left, node.bottom, node.right, node.top)

    def marker(self, x: float, y: float, style: CategoryStyle, *, size: float, gid: str,
               zorder: float = 4) -> None:
        from matplotlib.lines import Line2D

        artist = Line2D([x], [y], linestyle="none", marker=style.marker, markersize=size,
                        color=style.color, markeredgecolor=marker_edge(style),
                        markeredgewidth=0.6, gid=gid, zorder=zorder, in_layout=False)
        self.ax.add_line(artist)
        self.markers.append(artist)
        self._grow(x - size / 2, y - size / 2, x + size / 2, y + size / 2)

    # text

    def text(self, x: float, y: float, text: str, *, size: float, gid: str,
             obstacle: bool = False, **props: Any):
        props.setdefault("color", TEXT)
        # everything drawn lies within the axes' limits: the layout need not measure it
        artist = self.ax.text(x, y, text, fontsize=size, linespacing=1.15, gid=gid,
                              in_layout=False, **props)
        self.texts.append(artist)
        w, h = self.measure(text, size, **{k: v for k, v in props.items()
                                           if k in ("weight", "style")})
        ha, va = props.get("ha", "left"), props.get("va", "baseline")
        x0 = x - (w / 2 if ha == "center" else w if ha == "right" else 0)
        y0 = y - (h / 2 if va == "center" else h if va == "top" else 0)
        if obstacle:
            self.obstacles.append((x0 - 1, y0 - 1, x0 + w + 1, y0 + h + 1))
        self._grow(x0, y0, x0 + w, y0 + h)
        return artist

    def edge_label(self, text: str, spots: list[tuple[float, float]], *, color: str,
                   gid: str):
        """A relation's label at the first free spot, on a white patch; None if none is free."""
        w, h = self.measure(text, EDGE_FONT)
        for x, y in spots:
            box = (x - w / 2 - 1.5, y - h / 2 - 1, x + w / 2 + 1.5, y + h / 2 + 1)
            if self.free(box):
                return self.text(x, y, text, size=EDGE_FONT, color=color, ha="center",
                                 va="center", gid=gid, obstacle=True,
                                 zorder=6, bbox={"boxstyle": "round,pad=0.12", "fc": "white",
                                                 "ec": "none", "alpha": 0.92})
        return None

    # lines

    def line(self, points: list[tuple[float, float]], **props: Any) -> None:
        from matplotlib.lines import Line2D

        xs, ys = zip(*points, strict=True)
        self.ax.add_line(Line2D(xs, ys, in_layout=False, **props))

    def edge(self, points: list[tuple[float, float]], line: dict[str, Any], *, gid: str,
             curved: bool = False, arrow: bool = True, zorder: float = 2) -> None:
        """A relation's line through ``points``, in its evidence style, with a solid head.

        With ``curved``, the points alternate: gaps (crossed by a curve that leaves
        and arrives horizontally) and straight runs through columns.
        """
        from matplotlib.lines import Line2D
        from matplotlib.patches import PathPatch
        from matplotlib.path import Path as MplPath

        (x_end, y_end), (x_before, y_before) = points[-1], points[-2]
        direction = math.atan2(y_end - y_before, x_end - x_before)
        if arrow:  # the line stops where the head begins
            points = [*points[:-1], (x_end - _ARROW * math.cos(direction),
                                     y_end - _ARROW * math.sin(direction))]
        vertices, codes = [points[0]], [MplPath.MOVETO]
        for i in range(1, len(points)):
            p, q = points[i - 1], points[i]
            if curved and i % 2 == 1:
                vertices += [((p[0] + q[0]) / 2, p[1]), ((p[0] + q[0]) / 2, q[1]), q]
                codes += [MplPath.CURVE4] * 3
            else:
                vertices.append(q)
                codes.append(MplPath.LINETO)
        patch = PathPatch(MplPath(vertices, codes), fill=False, capstyle="butt",
                          edgecolor=line["color"], linestyle=line["linestyle"],
                          linewidth=line["linewidth"], gid=gid, zorder=zorder, in_layout=False)
        self.ax.add_patch(patch)
        if arrow:
            degrees = math.degrees(direction)
            head = Line2D([x_end - _ARROW / 2 * math.cos(direction)],
                          [y_end - _ARROW / 2 * math.sin(direction)], linestyle="none",
                          marker=(3, 0, degrees - 90), markersize=_ARROW,
                          color=line["color"], gid=f"arrow:{gid[5:]}", zorder=zorder,
                          in_layout=False)
            self.ax.add_line(head)
            self.markers.append(head)
        xs = [v[0] for v in vertices]
        ys = [v[1] for v in vertices]
        self._grow(min(xs), min(ys), max(xs), max(ys))

    # the figure

    def finish(self, title: str, source: str, categories: Iterable[CategoryStyle],
               kinds: Iterable[str]) -> None:
        """Legend, title and source line; then fit the figure to the drawing (or the
        drawing to the axes)."""
        ax, fig = self.ax, self.fig
        ax.set_axis_off()
        x0, y0, x1, y1 = self.extent
        margin = 6.0
        ax.set_xlim(x0 - margin, x1 + margin)
        ax.set_ylim(y0 - margin, y1 + margin)
        # one point of drawing is one point of figure both ways: the box, not the
        # limits, gives way (changed limits would cut the drawing or stretch it)
        ax.set_aspect("equal", adjustable="box")
        categories, kinds = list(dict.fromkeys(categories)), list(dict.fromkeys(kinds))
        entries = len(categories) + len(kinds)
        width, height = (x1 - x0 + 2 * margin) / 72, (y1 - y0 + 2 * margin) / 72
        if self.own:
            legend(ax, categories=categories, edge_kinds=kinds,
                   ncols=_legend_columns(entries, width))
            if self.note:
                ax.set_title(self.note, fontsize=9, color=MUTED)
            # the source line is wrapped to the drawing's width (finish() sets it at 7 pt)
            chars = max(60, int(max(width, 6.0) * 72 / (7 * 0.56)))
            finish(fig, title=title, source="\n".join(textwrap.wrap(source, chars - 10)))
            self._fit(width, height)
            return
        # a given axes: legend and title shrink with the drawing, which must fit the axes
        scale = self._scale(width, height)
        ax.set_title(f"{title}\n{self.note}" if self.note else title,
                     fontsize=max(11 * scale, 6.0))
        fw = fig.get_size_inches()[0]
        legend(ax, categories=categories, edge_kinds=kinds, fontsize=max(9 * scale, 5.0),
               ncols=_legend_columns(entries, ax.get_position(original=True).width * fw
                                     / max(scale, 0.5)))
        self._shrink_to_axes(width, height)

    def _fit(self, width: float, height: float) -> None:
        """Size a new figure so that its axes hold the drawing at one point per point,
        with room below for the source line."""
        fig, ax = self.fig, self.ax
        source = fig.texts[-1]  # finish()'s source line
        for _ in range(6):
            fw, fh = fig.get_size_inches()
            below = (source.get_window_extent(self.renderer).height / fig.dpi + 0.08) / fh
            fig.get_layout_engine().set(rect=(0, below, 1, 1 - below))
            fig.draw_without_rendering()
            box = ax.get_position(original=True)
            aw, ah = box.width * fw, box.height * fh
            legend_w = ax.get_legend().get_window_extent(self.renderer).width / fig.dpi
            title_w = self.measure(fig.get_suptitle(), 13, weight="bold")[0] / 72
            new_w = max(fw + width - aw, legend_w + 0.4, title_w + 0.4)
            new_h = fh + height - ah
            if abs(new_w - fw) < 0.01 and abs(new_h - fh) < 0.01:
                break
            fig.set_size_inches(new_w, new_h)

    def _scale(self, width: float, height: float) -> float:
        """How much the drawing must shrink to fit the axes as laid out now (1: not at all)."""
        fig, ax = self.fig, self.ax
        fig.draw_without_rendering()
        box = ax.get_position(original=True)
        fw, fh = fig.get_size_inches()
        return min(1.0, box.width * fw / width, box.height * fh / height)

    def _shrink_to_axes(self, width: float, height: float) -> None:
        """In an axes too small for the drawing, shrink fonts and markers to fit."""
        scale = self._scale(width, height)
        if scale < 1.0:
            for artist in self.texts:
                artist.set_fontsize(artist.get_fontsize() * scale)
            for artist in self.markers:
                artist.set_markersize(artist.get_markersize() * scale)


def _legend_columns(entries: int, width_in: float) -> int:
    """As many legend columns as fit the drawing's width, about 1.9 inches each."""
    return max(1, min(entries, int(max(width_in, 6.0) / 1.9)))


def _renderer(fig: Figure):
    """A renderer to measure text with: the figure's canvas's, Agg's if it has none."""
    from matplotlib.backend_bases import FigureCanvasBase

    if type(fig.canvas) is FigureCanvasBase:
        # a figure made without pyplot has no canvas that draws; Agg's draws anywhere
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    get = getattr(fig.canvas, "get_renderer", None)
    if get is not None:
        return get()
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, fig.dpi)
