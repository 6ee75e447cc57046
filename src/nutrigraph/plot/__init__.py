"""Figures of the knowledge graph, drawn with matplotlib.

Every function takes the graph (or a result) first, accepts ``ax=`` to draw into
an existing axes, and returns a :class:`matplotlib.figure.Figure`. Save one with
:func:`nutrigraph.plot.style.save` (PNG, SVG or PDF by the file's suffix).
matplotlib is imported only when a function draws.

One module per figure, and the rooms they share:

* diagrams of the graph: :mod:`~nutrigraph.plot.mechanism_diagram`,
  :mod:`~nutrigraph.plot.route_diagram` (:func:`paths`),
  :mod:`~nutrigraph.plot.neighborhood_diagram`;
  drawn in points on a :mod:`~nutrigraph.plot.canvas`, laid out in columns by
  :mod:`~nutrigraph.plot.layout`, captioned by :mod:`~nutrigraph.plot.captions`;
* charts of its data: :mod:`~nutrigraph.plot.symptom_chart`, :mod:`~nutrigraph.plot.food_charts`,
  :mod:`~nutrigraph.plot.intake_chart`, :mod:`~nutrigraph.plot.matrix_chart`, built from
  :mod:`~nutrigraph.plot.chart_parts`;
* :mod:`~nutrigraph.plot.style`: one look for all of them (colours and markers by
  category, line styles by evidence tier), and saving (:func:`check_target` first, then
  :func:`save`, which writes no figure larger than :data:`MAX_FIGURE_PIXELS`).
"""

from .food_charts import foods, foods_rich_in_both
from .intake_chart import intakes
from .matrix_chart import symptom_matrix, symptom_matrix_data
from .mechanism_diagram import MECHANISM_LAYERS, MECHANISM_RELATIONS, mechanism
from .neighborhood_diagram import neighborhood
from .route_diagram import paths
from .style import MAX_FIGURE_PIXELS, MAX_FIGURE_SIDE, check_target, figure_format, save, to_bytes
from .symptom_chart import symptom_overlap

__all__ = [
    "MAX_FIGURE_PIXELS",
    "MAX_FIGURE_SIDE",
    "MECHANISM_LAYERS",
    "MECHANISM_RELATIONS",
    "check_target",
    "figure_format",
    "foods",
    "foods_rich_in_both",
    "intakes",
    "mechanism",
    "neighborhood",
    "paths",
    "save",
    "symptom_matrix",
    "symptom_matrix_data",
    "symptom_overlap",
    "to_bytes",
]
