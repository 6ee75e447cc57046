"""The symptom matrix: the deficiency symptoms of nutrients, against their deficiencies and
the rare inherited disorders of the same pathways.

Rows are the symptoms the deficiency conditions of the nutrients list (``ng:hasSymptom``);
columns are those deficiencies, then the inherited disorders that the named query
``inherited-disorders-sharing-symptoms`` finds for the nutrients. A cell says whether the
condition has the symptom: a deficiency when it lists it, an inherited disorder when one
of its annotated phenotypes is the symptom's HPO term (``skos:exactMatch``). The cell's
colour is the best evidence level stating it; its text the frequency, where HPO gives
one; a cross marks a phenotype that HPO annotates as absent (a NOT annotation).
:func:`symptom_matrix_data` gives the matrix as data; :func:`symptom_matrix` draws it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..analysis.symptoms import InheritedTable, SymptomTable
from ..queries import get_query, internal_query
from ..resolve import Entity
from .chart_parts import NoChartData, finish_chart, joined, short
from .style import MUTED, TEXT, figure_and_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..graph import KnowledgeGraph

__all__ = ["MatrixCell", "SymptomMatrix", "symptom_matrix", "symptom_matrix_data"]

# fill colours by evidence rank (1 strongest), dark to light, and for a rank not listed
_RANK_COLOURS = {1: "#1B5E20", 2: "#43A047", 3: "#A5D6A7", 4: "#FFB74D", 5: "#D7CCC8"}
_OTHER_COLOUR = "#BDBDBD"


@dataclass(frozen=True)
class MatrixCell:
    """Whether a condition has a symptom, and how well that is supported.

    ``present`` is true when the condition lists (or is annotated with) the
    symptom; ``negated`` when it is annotated as *not* having it (and nothing
    says it has). ``level`` and ``rank`` are those of the best statement, ``code``
    its evidence code (HPO: PCS, TAS, IEA), ``frequency`` how often the
    phenotype was seen (``"2/5"``, ``"40%"``, or a frequency term's label).
    """

    present: bool
    negated: bool = False
    level: str | None = None
    rank: int | None = None
    code: str | None = None
    frequency: str | None = None

    @property
    def text(self) -> str:
        """What the cell shows: ``"2/5"``, ``"✓"`` (no frequency), ``"NOT"``, or ``""``."""
        if self.negated:
            return "NOT"
        if not self.present:
            return ""
        return self.frequency or "✓"


@dataclass(frozen=True)
class SymptomMatrix:
    """Rows (symptoms) by columns (conditions), as :func:`symptom_matrix_data` builds it.

    ``phenotypes`` are the HPO terms of each row (``skos:exactMatch``);
    ``inherited`` the columns that are inherited disorders (the others are the
    deficiencies); ``cells`` maps (symptom IRI, condition IRI) to a cell, only for
    cells that say something; ``sources`` are the labels of the sources cited.
    """

    nutrients: tuple[Entity, ...]
    symptoms: tuple[Entity, ...]
    phenotypes: tuple[tuple[str, ...], ...]
    conditions: tuple[Entity, ...]
    inherited: frozenset[str]
    cells: dict[tuple[str, str], MatrixCell]
    sources: tuple[str, ...]

    def cell(self, symptom: str, condition: str) -> MatrixCell:
        """The cell of a row and a column, by IRI (an empty one when nothing is said)."""
        return self.cells.get((symptom, condition), MatrixCell(False))


def symptom_matrix_data(kg: KnowledgeGraph,
                        nutrients: Sequence[str] = ("magnesium", "vitamin B12")
                        ) -> SymptomMatrix:
    """The symptom-by-condition matrix of the nutrients' deficiencies, as data.

    Rows: every symptom the deficiency conditions of the nutrients list, those
    of more conditions first, then by label. Columns: the deficiency conditions
    that list a symptom (in the order of the nutrients), then the inherited disorders that the
    named query ``inherited-disorders-sharing-symptoms`` finds for any of the
    nutrients (the disorders of the same pathways that share a symptom), by
    label. A deficiency's cell is present when it lists the symptom, with the
    best level of the statements saying so (negated statements do not count);
    an inherited disorder's when one of its phenotypes is the symptom or the HPO
    term the symptom maps to with ``skos:exactMatch``, with the best annotation's
    level, code and frequency, and negated when only NOT annotations name it.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph, such as :func:`nutrigraph.load`'s.
    nutrients : sequence of str
        Nutrients (or deficiency conditions) by name, synonym or CURIE.

    Returns
    -------
    SymptomMatrix

    Raises
    ------
    EntityNotFound, AmbiguousName, NotANutrient
        If a name is not a nutrient with a deficiency condition.
    NoChartData
        If the deficiencies list no symptom.

    Examples
    --------
    >>> import nutrigraph
    >>> matrix = symptom_matrix_data(nutrigraph.load())
    >>> [c.label for c in matrix.conditions][:5]  # doctest: +NORMALIZE_WHITESPACE
    ['magnesium deficiency', 'vitamin B12 deficiency',
     'Homocystinuria-megaloblastic anemia, cbl E type',
     'Homocystinuria-megaloblastic anemia, cblG complementation type',
     'Hypomagnesemia 1, intestinal']
    >>> seizures = next(s for s in matrix.symptoms if s.label == "seizures")
    >>> disorder = "http://purl.obolibrary.org/obo/OMIM_602014"
    >>> matrix.cell(seizures.iri, disorder)  # doctest: +NORMALIZE_WHITESPACE
    MatrixCell(present=True, negated=False, level='experimental', rank=1, code='PCS',
               frequency='2/5')
    """
    table = SymptomTable(kg)
    entities = [kg.resolve(name) for name in nutrients]
    # (a deficiency that lists no symptom, such as functional B12 deficiency, has no column)
    deficiencies = list(dict.fromkeys(
        d for name, entity in zip(nutrients, entities, strict=True)
        for d in table.deficiencies_of(name, entity) if table.symptoms.get(d.iri)))
    listed = {d.iri: table.symptoms.get(d.iri, {}) for d in deficiencies}
    symptom_iris = list(dict.fromkeys(s for symptoms in listed.values() for s in symptoms))
    if not symptom_iris:
        raise NoChartData("the deficiencies of " + ", ".join(e.label for e in entities)
                          + " list no symptom in the graph")

    cells: dict[tuple[str, str], MatrixCell] = {}
    sources: dict[str, None] = {}
    for deficiency in deficiencies:
        for symptom, evidence in listed[deficiency.iri].items():
            best = evidence[0] if evidence else None  # sorted strongest first
            cells[symptom, deficiency.iri] = MatrixCell(
                True, level=best.level_label if best else None,
                rank=table.scale.rank(best.rank if best else None))
            sources.update((s.label, None) for e in evidence for s in e.sources)

    # the inherited disorders of the same pathways, as the named query finds them
    query = get_query("inherited-disorders-sharing-symptoms")
    found: dict[str, None] = {}
    for nutrient in {n.iri: n for d in deficiencies for n in table.nutrients_of(d.iri)}.values():
        for row in kg.query(query.text, where="the symptom matrix's disorders",
                            nutrient=nutrient).rows():
            found[row["disorder"]] = None
    disorders: list[Entity] = []
    phenotypes = {s: _phenotypes(kg, table.entity(s)) for s in symptom_iris}
    if found:
        inherited = InheritedTable(kg)
        disorders = sorted((inherited.disorders[d] for d in found if d in inherited.disorders),
                           key=lambda e: (e.label.casefold(), e.iri))
        for disorder in disorders:
            had = inherited.phenotypes.get(disorder.iri, {})
            absent = inherited.absent.get(disorder.iri, {})
            for symptom in symptom_iris:
                terms = [symptom, *phenotypes[symptom]]
                annotations = [a for t in terms if t in had for a in had[t]]
                if any(t in had for t in terms):
                    best = min(annotations, key=inherited.rank, default=None)
                    frequency = next((a.frequency for a in sorted(annotations,
                                                                  key=inherited.rank)
                                      if a.frequency), None)
                    cells[symptom, disorder.iri] = MatrixCell(
                        True, level=best.level_label if best else None,
                        rank=inherited.scale.rank(best.rank if best else None),
                        code=best.code if best else None, frequency=frequency)
                elif any(t in absent for t in terms):
                    negated = [a for t in terms for a in absent.get(t, ())]
                    cells[symptom, disorder.iri] = MatrixCell(
                        False, negated=True, code=negated[0].code if negated else None)
                    annotations = negated
                sources.update((s.label, None) for a in annotations for s in a.sources)

    columns = [*deficiencies, *disorders]

    def order(symptom: str) -> tuple:
        count = sum((symptom, c.iri) in cells and cells[symptom, c.iri].present
                    for c in columns)
        return (-count, table.entity(symptom).label.casefold(), symptom)

    rows = sorted(symptom_iris, key=order)
    return SymptomMatrix(
        nutrients=tuple(entities), symptoms=tuple(table.entity(s) for s in rows),
        phenotypes=tuple(phenotypes[s] for s in rows), conditions=tuple(columns),
        inherited=frozenset(d.iri for d in disorders), cells=cells, sources=tuple(sources))


def symptom_matrix(kg: KnowledgeGraph, nutrients: Sequence[str] = ("magnesium", "vitamin B12"),
                   *, ax: Axes | None = None) -> Figure:
    """Draw the symptom-by-condition matrix of :func:`symptom_matrix_data`.

    One row per symptom (with its HPO term), one column per condition: the
    deficiencies, then, past a vertical rule, the rare inherited disorders of the
    same pathways. A filled cell: the condition has the symptom, coloured by the
    best evidence level (darker is stronger) and showing the frequency where HPO
    gives one (``✓`` where none is given); ``NOT``: HPO annotates it as absent;
    empty: not listed. The legend names the levels drawn; the caption says where
    the data come from and that this is not medical advice.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph, such as :func:`nutrigraph.load`'s.
    nutrients : sequence of str
        Nutrients (or deficiency conditions) by name, synonym or CURIE.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; the title then goes on the axes.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    EntityNotFound, AmbiguousName, NotANutrient, NoChartData
        As :func:`symptom_matrix_data`.

    Examples
    --------
    >>> import nutrigraph
    >>> fig = symptom_matrix(nutrigraph.load())
    >>> ax = fig.axes[0]
    >>> [t.get_text() for t in ax.get_xticklabels()][:2]  # then any inherited disorders
    ['magnesium deficiency', 'vitamin B12 deficiency']
    >>> "paresthesia (HP:0003401)" in [t.get_text() for t in ax.get_yticklabels()]
    True
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    from ..prefixes import compact

    matrix = symptom_matrix_data(kg, nutrients)
    rows, columns = matrix.symptoms, matrix.conditions
    # the slanted column names reach past the last column: room on the right for them
    fig, ax_ = figure_and_axes(ax, (max(9.0, 6.0 + 0.75 * len(columns)),
                                    2.6 + 0.3 * len(rows)))
    ax_.set_xlim(-0.5, len(columns) - 0.5)
    ax_.set_ylim(len(rows) - 0.5, -0.5)
    levels: dict[int, dict[str, None]] = {}  # rank -> the labels of the levels drawn
    negated = False
    for y, symptom in enumerate(rows):
        if y % 2 == 0:
            ax_.axhspan(y - 0.5, y + 0.5, color="#F5F5F5", zorder=0, linewidth=0)
        for x, condition in enumerate(columns):
            cell = matrix.cell(symptom.iri, condition.iri)
            if cell.present:
                colour = _RANK_COLOURS.get(cell.rank, _OTHER_COLOUR)
                levels.setdefault(cell.rank or 0, {})[cell.level or "no evidence level"] = None
                ax_.add_patch(Rectangle((x - 0.42, y - 0.4), 0.84, 0.8, facecolor=colour,
                                        edgecolor="white", zorder=1))
                dark = cell.rank in (1, 2)
                # a frequency term ("Very frequent") is longer than a count: smaller, to fit
                ax_.text(x, y, cell.text, ha="center", va="center", zorder=2,
                         fontsize=8 if len(cell.text) <= 8 else 6.5,
                         color="white" if dark else TEXT)
            elif cell.negated:
                negated = True
                ax_.text(x, y, "NOT", ha="center", va="center", fontsize=7, zorder=2,
                         color="#B71C1C", fontweight="bold")
    if matrix.inherited:
        ax_.axvline(len(columns) - len(matrix.inherited) - 0.5, color="#616161",
                    linewidth=1.2)
    ax_.set_yticks(range(len(rows)), [
        f"{s.label} ({', '.join(compact(p) for p in terms)})" if terms else s.label
        for s, terms in zip(rows, matrix.phenotypes, strict=True)], fontsize=9)
    ax_.xaxis.tick_top()
    ax_.set_xticks(range(len(columns)), [short(c.label, 28, 2) for c in columns],
                   rotation=40, ha="left", rotation_mode="anchor", fontsize=9)
    for label, condition in zip(ax_.get_xticklabels(), columns, strict=True):
        label.set_color("#4A148C" if condition.iri in matrix.inherited else TEXT)
        label.set_fontweight("normal" if condition.iri in matrix.inherited else "bold")
    ax_.tick_params(axis="both", length=0)
    for spine in ax_.spines.values():
        spine.set_visible(False)

    handles = [Patch(facecolor=_RANK_COLOURS.get(rank, _OTHER_COLOUR), label=" / ".join(labels))
               for rank, labels in sorted(levels.items())]
    if negated:
        handles.append(Line2D([], [], linestyle="none", marker="$NOT$", markersize=14,
                              color="#B71C1C", label="annotated as absent (HPO NOT)"))
    ax_.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02),
               frameon=False, fontsize=8, ncols=min(len(handles), 3) or 1,
               title="best evidence level (text: frequency; ✓ none given)", title_fontsize=8)
    names = [n.label for n in matrix.nutrients]
    note = ("Bold columns: dietary deficiencies. "
            + ("Purple columns, right of the rule: rare inherited disorders of the same "
               "pathways (HPO disease annotations), not dietary deficiencies. "
               if matrix.inherited else "No inherited disorder of these pathways is in "
                                        "the graph. ")
            + "A disorder has a symptom when a phenotype it is annotated with is the "
              "symptom's HPO term (skos:exactMatch). This is not medical advice.")
    ax_.set_xlabel(note, fontsize=7.5, color=MUTED, loc="left", wrap=True, labelpad=60)
    return finish_chart(fig, ax, [ax_], title=f"Symptoms of {' and '.join(names)} deficiency "
                                             "and of inherited disorders",
                        source=_sources(matrix.sources))


def _sources(labels: Sequence[str], limit: int = 10) -> str:
    """The source line: the sources, with the articles and database entries that HPO's
    annotations cite counted rather than listed (a matrix cites dozens of them)."""
    cited = [label for label in labels if label.startswith(_CITED_BY_HPO)]
    named = [label for label in labels if not label.startswith(_CITED_BY_HPO)]
    shown = joined(named[:limit]) or "the nutrigraph knowledge graph"
    more = len(named) - limit
    return (shown + (f"; {more} more" if more > 0 else "")
            + (f"; {len(cited)} articles and OMIM/Orphanet entries cited by HPO's annotations"
               if cited else ""))


# how the importer labels the references of HPO's annotations
_CITED_BY_HPO = ("PMID:", "OMIM entry", "Orphanet entry")


def _phenotypes(kg: KnowledgeGraph, symptom: Entity) -> tuple[str, ...]:
    """The HPO terms a symptom maps to with ``skos:exactMatch`` (either way round), sorted."""
    from ..prefixes import PREFIXES

    result = kg.query(internal_query("exact-matches").text,
                      where="the symptom matrix's HPO terms", asked=symptom)
    return tuple(sorted(row["match"] for row in result.rows()
                        if row["match"] and row["match"].startswith(PREFIXES["HP"])))
