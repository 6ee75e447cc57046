"""One look for every nutrigraph figure: a colour and marker per category, edge styles
by evidence, a title and a source line, and saving as PNG, SVG or PDF.

Colours are the Okabe-Ito palette, which stays distinct for colour-blind readers, and
each category also has its own marker so that a figure printed in grey still tells
them apart. Which kind of edge a relation is comes from the graph's evidence scale
(:class:`~nutrigraph.knowledge.EvidenceScale`); this module only says how each kind
looks. Nothing here imports matplotlib; the functions that draw do, when called.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CannotWrite, NutrigraphError, OverLimit

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..knowledge import EvidenceScale

__all__ = [
    "CATEGORY_STYLES",
    "EDGE_KIND_LABELS",
    "EDGE_STYLES",
    "FORMATS",
    "MAX_FIGURE_PIXELS",
    "MAX_FIGURE_SIDE",
    "MUTED",
    "TEXT",
    "TIER_KINDS",
    "CategoryStyle",
    "UnknownFigureFormat",
    "categories_of",
    "category_rank",
    "check_size",
    "check_target",
    "edge_kind",
    "edge_style",
    "figure_and_axes",
    "figure_format",
    "finish",
    "legend",
    "marker_edge",
    "save",
    "style_for",
]


@dataclass(frozen=True)
class CategoryStyle:
    """How nodes of one category are drawn, and the name the legend gives them."""

    label: str
    color: str
    marker: str


CATEGORY_STYLES: dict[str, CategoryStyle] = {
    # most specific first: a node takes the style of the first category it has
    "ng:ActiveForm": CategoryStyle("active form", "#009E73", "D"),
    "ng:Nutrient": CategoryStyle("nutrient", "#0072B2", "o"),
    "ng:Enzyme": CategoryStyle("enzyme", "#D55E00", "s"),
    "ng:Reaction": CategoryStyle("reaction", "#CC79A7", "h"),
    "ng:BiologicalProcess": CategoryStyle("process", "#CC79A7", "p"),
    "ng:Metabolite": CategoryStyle("metabolite", "#56B4E9", "v"),
    "ng:SupplementForm": CategoryStyle("supplement form", "#56B4E9", "P"),
    "ng:ChemicalSubstance": CategoryStyle("substance", "#56B4E9", "^"),
    "ng:DeficiencyCondition": CategoryStyle("deficiency", "#E69F00", "X"),
    "ng:Condition": CategoryStyle("condition", "#E69F00", "x"),
    "ng:Symptom": CategoryStyle("symptom", "#F0E442", "*"),
    "ng:FoodGroup": CategoryStyle("food group", "#999999", "8"),
    "ng:Food": CategoryStyle("food", "#999999", "o"),
    "ng:Supplement": CategoryStyle("supplement", "#000000", "P"),
    "ng:Medication": CategoryStyle("medication", "#000000", "d"),
    "ng:PopulationGroup": CategoryStyle("population group", "#666666", "H"),
    "ng:DiagnosticTest": CategoryStyle("diagnostic test", "#666666", "<"),
}
"""Category CURIE → style, most specific category first."""

OTHER = CategoryStyle("other", "#BBBBBB", ".")

TEXT = "#222222"
"""The colour of labels and values: near black, softer than pure black on white."""

MUTED = "#555555"
"""The grey of what is said about a figure: headings, notes, portions, the source line."""

EDGE_STYLES: dict[str, dict[str, Any]] = {
    "curated": {"color": "#333333", "linestyle": "solid", "linewidth": 1.6},
    "article claim": {"color": "#777777", "linestyle": (0, (1, 1.5)), "linewidth": 1.2},
    "unverified": {"color": "#AAAAAA", "linestyle": (0, (1, 3)), "linewidth": 1.0},
    "disputed": {"color": "#D55E00", "linestyle": (0, (5, 3)), "linewidth": 1.8},
}
"""Edge kind → matplotlib line properties; disputed edges are dashed and orange-red."""

EDGE_KIND_LABELS: dict[str, str] = {
    "curated": "primary or curated source",
    "article claim": "article claim",
    "unverified": "unverified or unrated",
    "disputed": "disputed by another source",
}
"""Edge kind → its entry in a legend."""

TIER_KINDS: tuple[str, ...] = ("curated", "article claim", "unverified")
"""The edge kind of each evidence tier (:attr:`~nutrigraph.knowledge.EvidenceGroup.tier`),
0 first; a weaker tier than the last is drawn as the last. Disputed edges, whatever
their tier, are of the kind ``"disputed"``."""

FORMATS = ("png", "svg", "pdf")
"""The file formats :func:`save` writes, chosen by the file's suffix."""

MAX_FIGURE_PIXELS = 40_000_000
"""The largest figure :func:`save` writes, in pixels at the dpi it is saved with
(inches x dpi, both ways; 1,000 square inches at the default 200 dpi), whatever the
format: a larger one takes minutes to draw and hundreds of megabytes to hold."""

MAX_FIGURE_SIDE = 32_768
"""The longest side of a figure :func:`save` writes, in pixels at the dpi it is saved with
(matplotlib's Agg draws no side of 65,536 pixels or more)."""


class UnknownFigureFormat(NutrigraphError, ValueError):
    """A figure file's suffix is not one of :data:`FORMATS`."""


def style_for(categories: Iterable[str]) -> CategoryStyle:
    """The style of a node with these category CURIEs: that of its most specific one.

    Examples
    --------
    >>> style_for(["ng:ChemicalSubstance", "ng:ActiveForm"]).label
    'active form'
    >>> style_for([]).label
    'other'
    """
    categories = set(categories)
    for curie, style in CATEGORY_STYLES.items():
        if curie in categories:
            return style
    return OTHER


def edge_kind(tier: int, *, disputed: bool = False) -> str:
    """The kind of an edge of this evidence tier (see :data:`TIER_KINDS`).

    Examples
    --------
    >>> edge_kind(0), edge_kind(1), edge_kind(2), edge_kind(0, disputed=True)
    ('curated', 'article claim', 'unverified', 'disputed')
    """
    if disputed:
        return "disputed"
    return TIER_KINDS[min(max(tier, 0), len(TIER_KINDS) - 1)]


def edge_style(data: dict[str, Any], scale: EvidenceScale) -> tuple[str, dict[str, Any]]:
    """The kind of an edge (by its projection attributes) and its line properties.

    The kind follows the tier of the edge's evidence rank in ``scale`` (an
    unrated edge counts as the scale's unrated level), or is ``"disputed"``.

    Examples
    --------
    >>> from nutrigraph.knowledge.evidence import shipped_scale
    >>> edge_style({"disputed": True, "evidence_rank": 4}, shipped_scale())[0]
    'disputed'
    >>> [edge_style({"evidence_rank": r}, shipped_scale())[0] for r in (2, 4, 5, None)]
    ['curated', 'article claim', 'unverified', 'unverified']
    """
    kind = edge_kind(scale.tier(data.get("evidence_rank")), disputed=bool(data.get("disputed")))
    return kind, EDGE_STYLES[kind]


def categories_of(G: Any, node: Any) -> tuple[str, ...]:
    """The category CURIEs of a node of a projection (none for a node not in it)."""
    return tuple(G.nodes[node].get("categories", ())) if node in G else ()


def category_rank(categories: Iterable[str]) -> int:
    """Where the most specific of these categories stands in :data:`CATEGORY_STYLES`
    (after all of them when it has no style): legends and rings list nodes in this order.

    Examples
    --------
    >>> category_rank(["ng:Symptom", "ng:Nutrient"]), category_rank(["owl:Thing"])
    (1, 17)
    """
    order = list(CATEGORY_STYLES)
    return min((order.index(c) for c in categories if c in order), default=len(order))


def figure_and_axes(ax: Axes | None = None, size: tuple[float, float] = (10, 6)
                    ) -> tuple[Figure, Axes]:
    """The axes to draw on: ``ax`` when given, else a new figure's.

    New figures are :class:`matplotlib.figure.Figure` objects, not pyplot's:
    they need no display and no global state, and work the same in scripts,
    servers and notebooks (where a Figure shows itself).
    """
    if ax is not None:
        return ax.figure, ax
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


def finish(fig: Figure, *, title: str, source: str) -> Figure:
    """Add the title and, at the bottom, the source line with the not-advice notice."""
    fig.suptitle(title, fontsize=13, fontweight="bold")
    fig.text(0.01, 0.005, f"Source: {source}. nutrigraph informs; not medical advice.",
             fontsize=7, color=MUTED, ha="left", va="bottom")
    return fig


def save(fig: Figure, path: str | PathLike[str], *, dpi: int = 200) -> Path:
    """Write the figure as PNG, SVG or PDF, chosen by the file's suffix.

    Raises
    ------
    UnknownFigureFormat
        For any other suffix (nothing is written).
    CannotWrite
        If the file cannot be written there (see :func:`check_target`).
    OverLimit
        If the figure is larger than :data:`MAX_FIGURE_PIXELS` or a side longer than
        :data:`MAX_FIGURE_SIDE` at ``dpi`` (nothing is written).
    """
    fmt = check_target(path)
    path = Path(path)
    check_size(fig, dpi)
    # a fixed date and creator keep SVG and PDF files the same from run to run
    metadata = {"Date": None} if fmt in ("svg", "pdf") else {}
    try:
        fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata or None)
    except OSError as error:  # checked above, but a disk can fill or a folder go meanwhile
        raise CannotWrite(f"cannot write the figure ({error.strerror or error})",
                          str(path)) from None
    return path


def to_bytes(fig: Figure, fmt: str, *, dpi: int = 200) -> bytes:
    """The figure as PNG, SVG or PDF bytes (for a web page, say), as :func:`save` writes it.

    Raises
    ------
    OverLimit
        If the figure is larger than :data:`MAX_FIGURE_PIXELS` or a side longer than
        :data:`MAX_FIGURE_SIDE` at ``dpi``.
    """
    import io

    if fmt not in FORMATS:
        raise ValueError(f"no figure format {fmt!r}; choose one of {', '.join(FORMATS)}")
    check_size(fig, dpi)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=dpi,
                metadata={"Date": None} if fmt in ("svg", "pdf") else None)
    return buffer.getvalue()


def check_target(path: str | PathLike[str]) -> str:
    """The format :func:`save` writes to ``path``, once it is known that it can: call it
    before drawing, so that a bad ``path`` fails before any work is done.

    Raises
    ------
    UnknownFigureFormat
        For a suffix other than those of :data:`FORMATS`.
    CannotWrite
        If the folder is missing or not writable, or a folder is in the file's place.

    Examples
    --------
    >>> check_target("no/such/folder/mechanism.svg")
    Traceback (most recent call last):
    ...
    nutrigraph.errors.CannotWrite: no/such/folder/mechanism.svg: cannot write the figure \
(no such folder: no/such/folder)
    """
    fmt = figure_format(path)
    CannotWrite.check(path, "the figure")
    return fmt


def check_size(fig: Figure, dpi: float) -> None:
    """Raise :class:`~nutrigraph.errors.OverLimit` if ``fig`` at ``dpi`` is larger than
    :data:`MAX_FIGURE_PIXELS` or has a side longer than :data:`MAX_FIGURE_SIDE`.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> check_size(Figure(figsize=(12, 600)), 200)
    Traceback (most recent call last):
    ...
    nutrigraph.errors.OverLimit: the figure would be 2400 x 120000 pixels at 200 dpi; \
the limits are 40 megapixels (MAX_FIGURE_PIXELS) and 32768 pixels a side (MAX_FIGURE_SIDE)
    """
    width, height = (round(inches * dpi) for inches in fig.get_size_inches())
    if width * height > MAX_FIGURE_PIXELS or max(width, height) > MAX_FIGURE_SIDE:
        raise OverLimit(f"the figure would be {width} x {height} pixels at {dpi:g} dpi; "
                        f"the limits are {MAX_FIGURE_PIXELS // 1_000_000} megapixels "
                        f"(MAX_FIGURE_PIXELS) and {MAX_FIGURE_SIDE} pixels a side "
                        "(MAX_FIGURE_SIDE)")


def figure_format(path: str | PathLike[str]) -> str:
    """The format :func:`save` writes to ``path``, by its suffix; check it before drawing.

    Raises
    ------
    UnknownFigureFormat
        For a suffix other than those of :data:`FORMATS`.

    Examples
    --------
    >>> figure_format("docs/mechanism.PNG")
    'png'
    >>> figure_format("mechanism.jpg")
    Traceback (most recent call last):
    ...
    nutrigraph.plot.style.UnknownFigureFormat: mechanism.jpg: cannot write a figure as 'jpg'; \
use .png, .svg, .pdf
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UnknownFigureFormat(
            f"{path}: cannot write a figure as {fmt or 'a file without a suffix'!r}; "
            f"use {', '.join('.' + f for f in FORMATS)}")
    return fmt


def legend(ax: Axes, *, categories: Iterable[CategoryStyle] = (),
           edge_kinds: Iterable[str] = (), fontsize: float = 9, **kwargs: Any):
    """A legend below the axes: one entry per category (colour and marker), then one
    per edge kind (line style), each once, in the order given.

    ``kwargs`` go to :meth:`matplotlib.axes.Axes.legend` (``ncols``, ``title``...).
    Below the axes, the legend covers nothing that is drawn; with a constrained
    layout the figure makes room for it.

    Examples
    --------
    >>> fig, ax = figure_and_axes()
    >>> box = legend(ax, categories=[style_for(["ng:Enzyme"])], edge_kinds=["disputed"])
    >>> [t.get_text() for t in box.get_texts()]
    ['enzyme', 'disputed by another source']
    """
    from matplotlib.lines import Line2D

    handles = []
    for style in dict.fromkeys(categories):
        handles.append(Line2D([], [], linestyle="none", marker=style.marker, markersize=8,
                              color=style.color, markeredgecolor=marker_edge(style),
                              markeredgewidth=0.6, label=style.label))
    for kind in dict.fromkeys(edge_kinds):
        handles.append(Line2D([], [], label=EDGE_KIND_LABELS[kind], **EDGE_STYLES[kind]))
    options = {"loc": "upper center", "bbox_to_anchor": (0.5, 0.0), "frameon": False,
               "ncols": min(len(handles), 5) or 1, "handlelength": 2.6,
               "columnspacing": 1.6, **kwargs}
    return ax.legend(handles=handles, fontsize=fontsize, **options)


def marker_edge(style: CategoryStyle) -> str:
    """A thin dark outline keeps light markers (yellow, grey) visible on white."""
    return "#333333" if style.marker not in ("x", "+", "1", "2", "3", "4") else style.color
