"""The mechanism diagram: how nutrients act, in columns from left to right: nutrient,
cofactor or substrate, enzyme, active form, reaction or process, deficiency, symptom.

Every node is a box in its category's colour, with the category's marker
(:mod:`nutrigraph.plot.style`); every edge is drawn in the style of its evidence tier
(:func:`~nutrigraph.plot.style.edge_style`): solid for primary and curated sources,
dotted for article claims, dashed and orange-red when another source disputes it.
Artists carry ids (:meth:`matplotlib.artist.Artist.get_gid`) so that programs and
tests can find them: ``"label:ngk:magnesium"`` for a node's label,
``"edge:ngk:magnesium ng:cofactorOf ngk:methionine-synthase"`` for the line of a
stated triple.

Examples
--------
>>> import nutrigraph
>>> fig = mechanism(nutrigraph.load())
>>> edge = "edge:ngk:magnesium ng:cofactorOf ngk:methionine-synthase"
>>> [artist.get_linestyle() for artist in fig.findobj(lambda a: a.get_gid() == edge)]
[(0, (5, 3))]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING

from .. import errors
from ..analysis import to_networkx
from ..analysis.projection import scale_of
from ..prefixes import compact
from ..queries import internal_query
from .canvas import Canvas, Node
from .captions import and_list, capital, inverse_labels, inverses, sources_text
from .layout import Link, layered
from .style import (
    CATEGORY_STYLES,
    EDGE_STYLES,
    categories_of,
    category_rank,
    edge_style,
    figure_and_axes,
    style_for,
)

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..graph import KnowledgeGraph
    from ..knowledge import EvidenceScale

__all__ = ["MECHANISM_LAYERS", "MECHANISM_RELATIONS", "NotANutrient", "mechanism"]

MECHANISM_LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nutrient", ("ng:Nutrient",)),
    ("cofactor or substrate", ("ng:Metabolite", "ng:ChemicalSubstance")),
    ("enzyme", ("ng:Enzyme",)),
    ("active form", ("ng:ActiveForm",)),
    ("reaction or process", ("ng:Reaction", "ng:BiologicalProcess")),
    ("deficiency", ("ng:DeficiencyCondition",)),
    ("symptom", ("ng:Symptom",)),
)
"""The columns of :func:`mechanism`, left to right: a heading and its categories."""

MECHANISM_RELATIONS: tuple[str, ...] = (
    "ng:partOf", "ng:cofactorOf", "ng:hasActiveForm", "ng:inputOf", "ng:hasInput",
    "ng:hasOutput", "ng:catalyzes", "ng:reactivates", "ng:requiredFor", "ng:impairs",
    "ng:hasSymptom",
)
"""The relations :func:`mechanism` draws (their inverses too, where the data uses them).

Left out on purpose: ``ng:convertedInto`` (the article's wording of
``ng:hasActiveForm``, which it would draw twice), ``ng:deficiencyOf`` (the
deficiency's name says whose it is, and the line would cross the whole figure)
and relations between two nutrients or two deficiencies.
"""


class NotANutrient(errors.NotANutrient):
    """:func:`mechanism` was asked to start from something that is no nutrient."""

    kind = "a nutrient"


def mechanism(kg: KnowledgeGraph, *, nutrients: Sequence[str] = ("magnesium", "vitamin B12"),
              ax: Axes | None = None, max_symptoms: int = 6,
              relations: Iterable[str] = MECHANISM_RELATIONS, wrap: int = 22,
              title: str | None = None) -> Figure:
    """The mechanism diagram: from nutrients to enzymes, active forms, reactions and symptoms.

    Nodes are chosen by following relations from the nutrients:

    1. **cofactor or substrate**: what a nutrient is part of (Mg-ATP) and that
       complex's other parts (ATP);
    2. **active form**: the nutrients' active forms (``ng:hasActiveForm``);
    3. **enzyme**: enzymes that a nutrient, an active form or a substrate is a
       cofactor of; enzymes that catalyze a reaction taking a substrate or a
       nutrient as input, or giving an active form as output; enzymes that
       reactivate one of those, or catalyze the same reaction as one of them;
    4. **reaction or process**: what those enzymes catalyze, what takes a
       substrate or a nutrient as input or gives an active form as output, and
       the processes such a reaction is part of;
    5. **deficiency**: the nutrients' deficiency conditions that have a symptom
       shown or impair a process shown;
    6. **symptom**: with two or more nutrients, the symptoms their deficiencies
       share; with one, all of its deficiency's symptoms. The best supported
       ``max_symptoms`` are shown: ranked by the weaker of the deficiencies'
       evidence levels for it, then the mean, then by name. The default, 6, shows
       the shared symptoms that authoritative reviews give for both deficiencies.

    Edges are the relations of ``relations`` between the nodes shown, drawn left
    to right: a relation that points right to left is drawn with its inverse's
    name (``has cofactor`` for ``cofactor of``). Disputed relations are dashed,
    article claims dotted. Edges into the symptom column are not labelled: they
    are all ``has symptom``. Enzymes are named with their gene symbol when the
    graph has one as an alternative label (``methionine synthase (MTR)``).

    Parameters
    ----------
    kg : KnowledgeGraph
    nutrients : sequence of str
        Names, synonyms, CURIEs or IRIs of the nutrients to start from.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes (fonts shrink if it is too small for the diagram);
        by default a new figure, sized to fit.
    max_symptoms : int
        How many symptoms to show (0 for none).
    relations : iterable of str
        The relations to draw, as CURIEs; :data:`MECHANISM_RELATIONS` by default.
    wrap : int
        Node labels are wrapped at this many characters.
    title : str, optional
        The figure's title; by default it names the nutrients.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    EntityNotFound, AmbiguousName
        If a nutrient's name does not resolve.
    NotANutrient
        If it resolves to something other than a nutrient.

    Examples
    --------
    >>> import nutrigraph
    >>> fig = mechanism(nutrigraph.load())
    >>> labels = {t.get_gid()[6:]: " ".join(t.get_text().split()) for t in fig.texts
    ...           + fig.axes[0].texts if (t.get_gid() or "").startswith("label:")}
    >>> labels["ngk:corrinoid-adenosyltransferase"]
    'corrinoid adenosyltransferase (MMAB)'
    >>> sorted(labels)[:3]
    ['ngk:adenosylcobalamin', 'ngk:atp', 'ngk:b12-activation']
    """
    G = to_networkx(kg)
    starts = []
    for name in nutrients:
        entity = kg.resolve(name)
        if _layer(G, entity.iri) != _LAYER_INDEX["nutrient"]:
            kinds = [style_for([c]).label for c in categories_of(G, entity.iri)]
            raise NotANutrient(name, f"a {kinds[0]}" if kinds else "in no relation")
        starts.append(entity.iri)
    inverse_of = inverses(kg)
    relations = list(relations)
    drawn = set(relations) | {inverse_of[r] for r in relations if r in inverse_of}
    scale = scale_of(G)
    chosen, symptom_mode = _mechanism_nodes(G, starts, inverse_of, max_symptoms, scale)
    symbols = _gene_symbols(kg, [n for n in chosen if "ng:Enzyme" in categories_of(G, n)])

    layer_of = {n: _layer(G, n) for n in chosen}
    used = sorted({layer for layer in layer_of.values()})
    column = {layer: i for i, layer in enumerate(used)}
    edges = [(u, v, k, d) for u, v, k, d in sorted(G.edges(keys=True, data=True),
                                                     key=lambda e: (e[0], e[1], e[2]))
             if u in chosen and v in chosen and k in drawn and not d.get("inverse")]
    unlabelled = {"ng:hasSymptom", "ng:symptomOf"}
    read_backwards = inverse_labels(kg)

    own = ax is None
    fig, ax = figure_and_axes(ax, size=(12, 7))
    canvas = Canvas(fig, ax, own=own)
    nodes: dict[Hashable, Node] = {}
    for n in sorted(chosen):
        text = G.nodes[n].get("label") or compact(n)
        if n in symbols:
            text = f"{text} ({symbols[n]})"
        nodes[n] = canvas.node_box(n, text, style_for(categories_of(G, n)), wrap=wrap,
                                   column=column[layer_of[n]])
    links = []
    for u, v, k, d in edges:
        flipped = column[layer_of[u]] > column[layer_of[v]]
        label = read_backwards.get(k, d.get("label") or k) if flipped else (d.get("label") or k)
        links.append(Link(u, v, k, d, a=v if flipped else u, b=u if flipped else v,
                          label=None if k in unlabelled else label,
                          kind=edge_style(d, scale)[0]))
    headers = [MECHANISM_LAYERS[layer][0] for layer in used]
    if symptom_mode == "shared":
        headers[-1] = "shared symptom"
    layered(canvas, nodes, links, headers)

    kinds = [kind for kind in EDGE_STYLES if any(link.kind == kind for link in links)]
    categories = [nodes[n].style for n in sorted(
        nodes, key=lambda n: (nodes[n].column, category_rank(categories_of(G, n))))]
    names = [G.nodes[n].get("label") or compact(n) for n in starts]
    heading = title or (f"{capital(and_list(names))}: from nutrient to enzyme, active form, "
                        "reaction and deficiency symptom")
    canvas.finish(heading, sources_text(d for _, _, _, d in edges), categories, kinds)
    return fig


def _mechanism_nodes(G: nx.MultiDiGraph, starts: list[str], inverse_of: dict[str, str],
                     max_symptoms: int, scale: EvidenceScale) -> tuple[set[str], str]:
    """The nodes of the mechanism diagram (see :func:`mechanism`), and how symptoms were chosen."""
    def related(n: str, key: str) -> set[str]:
        # objects of (n key ?o), and subjects of (?s inverse-of-key n)
        found = {v for _, v, k in G.out_edges(n, keys=True) if k == key}
        back = inverse_of.get(key)
        if back:
            found |= {u for u, _, k in G.in_edges(n, keys=True) if k == back}
        return found

    def layer_is(n: str, name: str) -> bool:
        return _layer(G, n) == _LAYER_INDEX[name]

    def gather(sources: Iterable[str], key: str, layer: str) -> set[str]:
        return {m for s in sources for m in related(s, key) if layer_is(m, layer)}

    nutrients = {n for n in starts if n in G}
    forms = gather(nutrients, "ng:hasActiveForm", "active form")
    complexes = gather(nutrients, "ng:partOf", "cofactor or substrate")
    substrates = complexes | {p for c in complexes for p in related(c, "ng:hasPart")
                              if layer_is(p, "cofactor or substrate")}
    enzymes = gather(nutrients | forms | substrates, "ng:cofactorOf", "enzyme")
    reactions = (gather(substrates | nutrients, "ng:inputOf", "reaction or process")
                 | gather(forms, "ng:outputOf", "reaction or process"))
    enzymes |= gather(reactions, "ng:catalyzedBy", "enzyme")
    enzymes |= gather(enzymes, "ng:reactivatedBy", "enzyme")
    enzymes |= gather(gather(enzymes, "ng:catalyzes", "reaction or process"),
                      "ng:catalyzedBy", "enzyme")
    reactions |= gather(enzymes, "ng:catalyzes", "reaction or process")
    reactions |= {p for r in reactions if "ng:Reaction" in categories_of(G, r)
                  for p in related(r, "ng:partOf") if layer_is(p, "reaction or process")}

    deficiencies = {d: n for n in sorted(nutrients)
                    for d in related(n, "ng:hasDeficiencyCondition")
                    if layer_is(d, "deficiency")}
    ranks: dict[str, dict[str, int]] = defaultdict(dict)  # symptom -> nutrient -> best rank
    for d, n in deficiencies.items():
        for _, s, k, data in G.out_edges(d, keys=True, data=True):
            if k == "ng:hasSymptom" and layer_is(s, "symptom"):
                rank = scale.rank(data.get("evidence_rank"))  # unrated: as the scale counts it
                ranks[s][n] = min(rank, ranks[s].get(n, rank))
    shared = {s: r for s, r in ranks.items() if len(r) >= min(2, len(nutrients))}
    mode = "shared" if len(nutrients) >= 2 and shared else "all"
    pool = shared if mode == "shared" else ranks
    ranked = sorted(pool, key=lambda s: (max(pool[s].values()),
                                         sum(pool[s].values()) / len(pool[s]),
                                         G.nodes[s].get("label", s).lower()))
    symptoms = set(ranked[:max(max_symptoms, 0)])
    shown = nutrients | forms | substrates | enzymes | reactions | symptoms
    kept = {d for d in deficiencies
            if related(d, "ng:hasSymptom") & symptoms or related(d, "ng:impairs") & shown}
    return shown | kept, mode


def _gene_symbols(kg: KnowledgeGraph, enzymes: list[str]) -> dict[str, str]:
    """Each enzyme's gene symbol: an alternative label in capitals and digits (MTR, MAT1A)."""
    if not enzymes:
        return {}
    rows = kg.query(internal_query("enzyme-alt-labels").text, where="enzymes' alternative labels")
    symbols: dict[str, str] = {}
    for e, alt in sorted(zip(rows.values("enzyme"), rows.values("alt"), strict=True)):
        if e in enzymes and alt and re.fullmatch(r"[A-Z][A-Z0-9]{1,9}", alt):
            symbols.setdefault(e, alt)
    return symbols


_LAYER_INDEX = {name: i for i, (name, _) in enumerate(MECHANISM_LAYERS)}
_LAYER_OF_CATEGORY = {c: i for i, (_, cs) in enumerate(MECHANISM_LAYERS) for c in cs}


def _layer(G: nx.MultiDiGraph, n: str) -> int | None:
    """The mechanism column of a node: that of its most specific category."""
    categories = set(categories_of(G, n))
    for curie in CATEGORY_STYLES:  # most specific first
        if curie in categories and curie in _LAYER_OF_CATEGORY:
            return _LAYER_OF_CATEGORY[curie]
    return None

