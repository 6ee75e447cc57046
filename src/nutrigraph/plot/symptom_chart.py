"""The symptoms chart: the deficiency symptoms two nutrients share, and those of only one,
by body system.

Symptoms that only weak statements support are set in italics: a statement is weak when
its evidence level is not in the best tier of the graph's evidence scale (primary or
curated sources), so article claims and unverified or unrated statements are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..analysis import symptom_overlap as overlap_of
from ..knowledge import evidence_scale
from .chart_parts import NoChartData, entity_categories, finish_chart, joined
from .style import CATEGORY_STYLES, MUTED, TEXT, figure_and_axes, style_for

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..graph import KnowledgeGraph

__all__ = ["symptom_overlap"]

_NO_SYSTEM = "no body system given"


def symptom_overlap(kg: KnowledgeGraph, first: str = "magnesium", second: str = "vitamin B12",
                    *, ax: Axes | None = None) -> Figure:
    """The deficiency symptoms two nutrients share, and those of only one, by body system.

    Three columns (only ``first``, shared, only ``second``) and one row per body
    system that the sources file the symptoms under (``ng:bodySystem``), plus a
    row for symptoms filed under none. Each symptom is one line of its cell, so
    no label overlaps another; a symptom filed under two systems appears in both
    rows. The dot before a symptom has the colour of its side (half and half
    when shared): the colour of the nutrient's category style, and for the
    second side, when both have the same category, the deficiency colour.
    Symptoms that only article claims or unverified statements support are set
    in italics. The data are those of :func:`nutrigraph.symptom_overlap`.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph, such as :func:`nutrigraph.load`'s.
    first, second : str
        Nutrients (or deficiency conditions) by name, synonym or CURIE.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; the title then goes on the axes.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    EntityNotFound, AmbiguousName, NotANutrient
        As :func:`nutrigraph.symptom_overlap`.
    NoChartData
        If neither side lists a symptom.

    Examples
    --------
    >>> import nutrigraph
    >>> fig = symptom_overlap(nutrigraph.load())
    >>> ax = fig.axes[0]
    >>> [t.get_text().split("\\n")[0] for t in ax.get_xticklabels()]
    ['Only magnesium', 'Shared', 'Only vitamin B12']
    >>> "paresthesia" in [t.get_text() for t in ax.texts]
    True
    """
    overlap = overlap_of(kg, first, second)
    groups = (overlap.only_first, overlap.shared, overlap.only_second)
    if not any(groups):
        raise NoChartData(f"no deficiency symptoms of {overlap.first.label} or of "
                          f"{overlap.second.label} in the graph")
    colours = _side_colours(entity_categories(kg, overlap.first),
                           entity_categories(kg, overlap.second))

    scale = evidence_scale(kg)
    # cells[system][column] = the symptoms of that body system in that column
    cells: dict[str, list[list]] = {}
    for column, group in enumerate(groups):
        for item in group:
            for system in item.body_systems or (_NO_SYSTEM,):
                cells.setdefault(system, [[], [], []])[column].append(item)
    # the fullest systems first, the unfiled symptoms last
    systems = sorted(cells, key=lambda s: (s == _NO_SYSTEM, -sum(map(len, cells[s])), s))
    heights = [max(map(len, cells[s])) for s in systems]
    pad = 0.7
    lines = sum(heights) + pad * len(systems)

    fig, ax_ = figure_and_axes(ax, (11, 1.9 + 0.24 * lines))
    ax_.set_xlim(0, 3)
    ax_.set_ylim(lines, 0)
    top = 0.0
    ticks = []
    for row, (system, height) in enumerate(zip(systems, heights, strict=True)):
        if row % 2 == 0:
            ax_.axhspan(top, top + height + pad, color="#F2F2F2", zorder=0, linewidth=0)
        ticks.append(top + (height + pad) / 2)
        for column, items in enumerate(cells[system]):
            for line, item in enumerate(items):
                y = top + pad / 2 + line + 0.5
                _symptom_dot(ax_, column + 0.06, y, column, colours)
                weak = all(scale.level(e.level).group.tier > 0
                           for e in item.first + item.second)
                ax_.text(column + 0.11, y, item.symptom.label, va="center", ha="left",
                         fontsize=10, color=TEXT, style="italic" if weak else "normal")
        top += height + pad
    for x in (1, 2):
        ax_.axvline(x, color="#BBBBBB", linewidth=0.8)

    ax_.set_yticks(ticks, systems, fontsize=10)
    ax_.tick_params(axis="both", length=0)
    ax_.xaxis.tick_top()
    names = (overlap.first.label, overlap.second.label)
    headers = [f"Only {names[0]}", "Shared", f"Only {names[1]}"]
    ax_.set_xticks([0.5, 1.5, 2.5], [f"{h}\n{len(g)} symptom{'s' * (len(g) != 1)}"
                                     for h, g in zip(headers, groups, strict=True)],
                   fontsize=11, fontweight="bold")
    for label, colour in zip(ax_.get_xticklabels(), (colours[0], TEXT, colours[1]),
                             strict=True):
        label.set_color(colour)
    for spine in ax_.spines.values():
        spine.set_visible(False)

    # which deficiency conditions stand for a nutrient (none to name for a deficiency itself)
    sides = "; ".join(f"{entity.label}: {', '.join(d.label for d in deficiencies)}"
                      for entity, deficiencies in ((overlap.first, overlap.first_deficiencies),
                                                   (overlap.second, overlap.second_deficiencies))
                      if [d.iri for d in deficiencies] != [entity.iri])
    ax_.set_xlabel((f"Deficiency conditions: {sides}.\n" if sides else "")
                   + "Rows: the body system the sources file each symptom under. Italics: "
                   "stated only by article claims or unverified sources.", fontsize=8,
                   color=MUTED, loc="left")
    ax_.xaxis.set_label_position("bottom")
    sources = joined(s.label for group in groups for item in group for s in item.sources)
    return finish_chart(fig, ax, [ax_], title=f"Deficiency symptoms: {names[0]} and {names[1]}",
                        source=sources)


def _side_colours(first: Sequence[str], second: Sequence[str]) -> tuple[str, str]:
    """The colour of each side: its category style's, made distinct if both are the same."""
    one, other = style_for(first).color, style_for(second).color
    if other == one:
        # two nutrients: the second side takes the deficiency colour (or the nutrient's)
        other = next(s.color for key in ("ng:DeficiencyCondition", "ng:Nutrient")
                     if (s := CATEGORY_STYLES[key]).color != one)
    return one, other


def _symptom_dot(ax: Axes, x: float, y: float, column: int, colours: tuple[str, str]) -> None:
    if column == 1:  # shared: half the colour of each side
        ax.plot([x], [y], marker="o", markersize=8, fillstyle="left", color=colours[0],
                markerfacecoloralt=colours[1], markeredgecolor="white", linestyle="none")
    else:
        ax.plot([x], [y], marker="o", markersize=8, color=colours[column // 2],
                markeredgecolor="white", linestyle="none")

