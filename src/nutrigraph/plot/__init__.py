"""Figures of the knowledge graph, drawn with matplotlib.

Every function takes the graph (or a result) first, accepts ``ax=`` to draw into
an existing axes, and returns a :class:`matplotlib.figure.Figure`. Save one with
:func:`nutrigraph.plot.style.save` (PNG, SVG or PDF by the file's suffix).
matplotlib is imported only when a function draws.
"""

from .charts import foods, foods_rich_in_both, intakes, symptom_overlap
from .diagrams import MECHANISM_LAYERS, MECHANISM_RELATIONS, mechanism, neighborhood, paths
from .style import save

__all__ = [
    "MECHANISM_LAYERS",
    "MECHANISM_RELATIONS",
    "foods",
    "foods_rich_in_both",
    "intakes",
    "mechanism",
    "neighborhood",
    "paths",
    "save",
    "symptom_overlap",
]
