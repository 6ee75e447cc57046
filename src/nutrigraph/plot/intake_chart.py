"""The intakes chart: recommended intakes (RDA) of a nutrient by population group, with
the upper limits (UL) and the Daily Value.

The statement behind each amount (its evidence level, source and section) is read with
:class:`~nutrigraph.knowledge.Provenance`; an amount whose statement is unverified
(:func:`~nutrigraph.plot.chart_parts.unverified`) is marked with ``*``.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..knowledge import Provenance
from ..prefixes import compact
from ..queries import internal_query
from ..vocab import ng
from .chart_parts import (
    NoChartData,
    amount_text,
    entity_categories,
    finish_chart,
    joined,
    shown_statement,
    unit_text,
    unverified,
)
from .style import CATEGORY_STYLES, MUTED, TEXT, figure_and_axes, style_for

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..graph import KnowledgeGraph
    from ..resolve import Entity

__all__ = ["intakes"]

_UL_COLOR = CATEGORY_STYLES["ng:Enzyme"].color  # Okabe-Ito vermillion: stands out from bars

# the DRI tables list pregnancy before lactation
_LIFE_STAGES = (ng.Pregnancy, ng.Lactation)


@dataclass(frozen=True)
class _Group:
    iri: str
    label: str
    min_age: float | None
    max_age: float | None
    sex: str | None
    life_stage: str | None

    def key(self) -> tuple:
        stage = (0 if self.life_stage is None else
                 1 + (_LIFE_STAGES.index(self.life_stage) if self.life_stage in _LIFE_STAGES
                      else len(_LIFE_STAGES)))
        return stage, self.sex or "", self.min_age or 0, self.label

    def covers(self, other: _Group) -> bool:
        """Whether every member of ``other`` is in this group (by sex, life stage and ages)."""
        if self.sex is not None and self.sex != other.sex:
            return False
        if self.life_stage is not None and self.life_stage != other.life_stage:
            return False
        low, high = other.min_age, other.max_age
        if self.min_age is not None and (low is None or low < self.min_age):
            return False
        return self.max_age is None or (high is not None and high <= self.max_age)


@dataclass(frozen=True)
class _Reference:
    kind: str
    group: _Group | None
    amount: float
    unit: str
    unverified: bool
    source: str
    section: str
    section_comment: str


def _references(kg: KnowledgeGraph, nutrient: Entity) -> list[_Reference]:
    provenance = Provenance(kg)
    scale = provenance.scale
    found: dict[tuple, _Reference] = {}
    for row in kg.query(internal_query("nutrient-intake-references").text,
                        where="a nutrient's intake references", nutrient=nutrient).rows():
        key = (row["reference"], row["amount"])
        if key in found:  # one reference per node (OPTIONALs can repeat it)
            continue
        group = None if row["group"] is None else _Group(
            row["group"], row["groupLabel"] or compact(row["group"]),
            None if row["minAge"] is None else float(row["minAge"]),
            None if row["maxAge"] is None else float(row["maxAge"]),
            row["sex"], row["lifeStage"])
        statement = shown_statement(scale, provenance.statements_of(
            row["reference"], ng.amount, row["amount"]))
        section = statement.sections[0] if statement and statement.sections else None
        found[key] = _Reference(
            row["type"], group, float(row["amount"]), row["unit"],
            unverified(scale, statement),
            (section.source.label if section and section.source else None) or "",
            (section.label if section else None) or "",
            (section.comment if section else None) or "")
    return list(found.values())


def intakes(kg: KnowledgeGraph, nutrient: str = "magnesium", *, ax: Axes | None = None
            ) -> Figure:
    """Recommended intakes of a nutrient by population group, with upper limits.

    One bar per population group with a Recommended Dietary Allowance (RDA),
    ordered as the DRI tables order them (children, then by sex and age, then
    pregnancy and lactation). Each tolerable upper intake level (UL) is a
    dashed vertical mark on every row whose group it covers (by sex, life
    stage and age band), and a group with only a UL gets a row of its own. The
    section note of the ULs (for magnesium: supplements and medicines only) is
    shown under the chart. The Daily Value, when the graph has one, is a dotted
    line. Unverified values are marked with ``*``.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph, such as :func:`nutrigraph.load`'s.
    nutrient : str
        The nutrient, by name, synonym or CURIE.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; the title then goes on the axes.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    EntityNotFound, AmbiguousName
        If the name does not resolve to one entity.
    NoChartData
        If the graph has no RDA or UL by population group for the nutrient.

    Examples
    --------
    >>> import nutrigraph
    >>> fig = intakes(nutrigraph.load(), "vitamin B12")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['people 14 years and older', 'pregnant women', 'breastfeeding women']
    >>> [float(p.get_width()) for p in fig.axes[0].patches]
    [2.4, 2.6, 2.8]
    """
    entity = kg.resolve(nutrient)
    references = _references(kg, entity)
    rda = {r.group.iri: r for r in references if r.kind == ng.RecommendedDietaryAllowance
           and r.group is not None}
    uls = [r for r in references if r.kind == ng.TolerableUpperIntakeLevel
           and r.group is not None]
    dvs = [r for r in references if r.kind == ng.DailyValue]
    if not rda and not uls:
        raise NoChartData(f"the graph has no RDA or upper limit by population group for "
                          f"{entity.label} ({entity.curie})")

    groups = {r.group.iri: r.group for r in rda.values()}
    covered: dict[str, list[_Reference]] = {}
    for ul in uls:
        rows = [g for g in groups.values() if ul.group.covers(g)]
        if not rows:  # a UL for a group without an RDA: a row of its own
            groups[ul.group.iri] = ul.group
            rows = [ul.group]
        for g in rows:
            covered.setdefault(g.iri, []).append(ul)
    order = sorted(groups.values(), key=_Group.key)
    index = {g.iri: i for i, g in enumerate(order)}

    units = {r.unit for r in references}
    unit = unit_text(next(iter(units))) if len(units) == 1 else ""
    colour = style_for(entity_categories(kg, entity)).color
    fig, ax_ = figure_and_axes(ax, (10, 0.42 * len(order) + 2.6))
    largest = max([r.amount for r in references] or [1])
    for group in order:
        i = index[group.iri]
        reference = rda.get(group.iri)
        if reference is not None:
            ax_.barh(i, reference.amount, color=colour, height=0.6, zorder=2)
            ax_.text(reference.amount + largest * 0.01, i,
                     amount_text(reference.amount) + ("*" if reference.unverified else ""),
                     va="center", ha="left", fontsize=9, color=TEXT, zorder=4,
                     bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
        else:  # a group with only a UL: say so to the right of its UL marks
            right = max(ul.amount for ul in covered[group.iri])
            ax_.text(right + largest * 0.02, i, "no RDA in the graph", va="center",
                     ha="left", fontsize=8, color=MUTED, style="italic")
    # each UL as one dashed line over the contiguous rows it covers, labelled once
    labelled_ul = False
    for ul in uls:
        rows = sorted(index[g] for g, refs in covered.items() if ul in refs)
        for start, stop in _runs(rows):
            ax_.plot([ul.amount, ul.amount], [start - 0.45, stop + 0.45], color=_UL_COLOR,
                     linestyle=(0, (4, 2)), linewidth=2, zorder=3,
                     label=None if labelled_ul else "tolerable upper\nintake level (UL)")
            labelled_ul = True
            ax_.text(ul.amount, start - 0.45, f"UL {amount_text(ul.amount)}"
                     + ("*" if ul.unverified else ""), ha="center", va="bottom", fontsize=8,
                     color=_UL_COLOR, zorder=4,
                     bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3})
    for dv in dvs:
        ax_.axvline(dv.amount, color=MUTED, linestyle=(0, (1, 2)), linewidth=1.3, zorder=1,
                    label=f"Daily Value (food labels),\n{amount_text(dv.amount)} "
                          f"{unit_text(dv.unit)}" + (", unverified*" if dv.unverified else ""))
    ax_.set_yticks(range(len(order)), [g.label for g in order], fontsize=10)
    # room above the first row for the labels of the ULs
    ax_.set_ylim(len(order) - 0.4, -1.0 if uls else -0.6)
    ax_.set_xlim(0, largest * 1.12)
    # thin lines between blocks: children / one sex / another / pregnancy / lactation
    for i in range(1, len(order)):
        if order[i].key()[:2] != order[i - 1].key()[:2]:
            ax_.axhline(i - 0.5, color="#CCCCCC", linewidth=0.8, zorder=1)
    ax_.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        ax_.spines[side].set_visible(False)

    notes = [f"{unit} (bars: Recommended Dietary Allowance, RDA)" if unit else "amount per day"]
    notes += dict.fromkeys(f"UL ({ul.section}): {ul.section_comment}"
                           for ul in uls if ul.section_comment)
    if not uls:
        notes.append(f"The graph has no upper limit (UL) for {entity.label}.")
    if any(r.unverified for r in references):
        notes.append("* unverified: nutrigraph could not check this value against its source.")
    # the notes run under the axes: wrapped to about its width (9-point text)
    width = max(40, int(ax_.get_position().width * fig.get_figwidth() * 13))
    ax_.set_xlabel("\n".join(textwrap.fill(n, width) for n in notes if n), fontsize=9,
                   loc="left")
    handles, _ = ax_.get_legend_handles_labels()
    if handles:  # beside the axes, where it covers no bar
        ax_.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    sections: dict[str, list[str]] = {}  # source → its sections, RDAs first
    kinds = [ng.RecommendedDietaryAllowance, ng.TolerableUpperIntakeLevel]
    for r in sorted(references, key=lambda r: kinds.index(r.kind) if r.kind in kinds else 2):
        sections.setdefault(r.source, [])
        if r.section and r.section not in sections[r.source]:
            sections[r.source].append(r.section)
    sources = joined(f"{source} ({'; '.join(parts)})" if parts else source
                     for source, parts in sections.items())
    return finish_chart(fig, ax, [ax_], source=sources,
                        title=f"Recommended intakes of {entity.label} by population group")


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted integers as (first, last) pairs.

    Examples
    --------
    >>> _runs([0, 1, 2, 5, 7, 8])
    [(0, 2), (5, 5), (7, 8)]
    """
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs
